// F2XM1, FYL2X and FYL2XP1 (SDM Vol. 2A, instruction pages; Vol. 1, 8.3.9).
#include "cpu/fpu/float80.h"
#include "cpu/fpu/transcendental_internal.h"

namespace m86::fpu {
namespace {

using transc::Big;
using transc::Kind;

constexpr uint64_t kIntegerBit = uint64_t{1} << 63;
constexpr uint16_t kExpOne = 16383;  // biased exponent of [1, 2)

Float80 SignedOne(bool neg) {
  Float80 r;
  r.mant = kIntegerBit;
  r.sign_exp = static_cast<uint16_t>((neg ? 0x8000 : 0) | kExpOne);
  return r;
}

bool IsOne(const Float80& x) { return x.sign_exp == kExpOne && x.mant == kIntegerBit; }

// |x| < 1 for a finite, supported x (zero and denormals included).
bool BelowOne(const Float80& x) { return x.exp() < kExpOne; }

// The DE check of a two-operand instruction once the NaN and invalid cases are out of the way.
bool DenormalCheck(Kind a, Kind b, FpEnv& env) {
  if (a != Kind::kDenormal && b != Kind::kDenormal) return true;
  return transc::Signal(env, kDenormal);
}

}  // namespace

Float80 Exp2Minus1(const Float80& x, FpEnv& env) {
  Kind k = transc::KindOf(x);
  Float80 result;
  if (transc::ScreenNaN1(x, k, env, &result)) return result;
  if (k == Kind::kZero) return x;  // 2^(+-0) - 1 = +-0 exactly
  // Infinities are outside the documented domain; the host x87 gives the limits, exactly.
  if (k == Kind::kInfinity) return x.sign() ? SignedOne(true) : x;
  if (k == Kind::kDenormal && !transc::Signal(env, kDenormal)) return x;
  // |x| > 1 is outside the domain, where the SDM leaves the result undefined; the host x87
  // returns the operand unchanged with PE, and so does this.
  if (!BelowOne(x) && !(x.exp() == kExpOne && x.mant == kIntegerBit)) {
    return transc::ReturnInexact(x, env);
  }
  // 2^-1 - 1 = -1/2 exactly (PE is still raised, as on the host x87).
  if (x.sign() && x.exp() == kExpOne) {
    return transc::RoundBig(transc::MakeBig(1, 126, true, true), env);
  }
  return transc::RoundBig(transc::Exp2m1Kernel(transc::BigFromFloat80(x)), env);
}

Float80 YLog2X(const Float80& y, const Float80& x, FpEnv& env) {
  Kind ky = transc::KindOf(y), kx = transc::KindOf(x);
  Float80 result;
  if (transc::ScreenNaN2(y, ky, x, kx, env, &result)) return result;
  // The FYL2X table (SDM Vol. 2A, FYL2X): negative x, 0 * log2(0), 0 * log2(+inf) and
  // inf * log2(1) are invalid; a finite nonzero y with x = +-0 divides by zero.
  if (x.sign() && kx != Kind::kZero) return transc::InvalidResult(env);
  if (kx == Kind::kZero) {
    if (ky == Kind::kZero) return transc::InvalidResult(env);
    if (ky == Kind::kInfinity) return transc::MakeInfinity(!y.sign());
    if (!transc::Signal(env, kZeroDivide)) return x;
    return transc::MakeInfinity(!y.sign());
  }
  if (kx == Kind::kInfinity && ky == Kind::kZero) return transc::InvalidResult(env);
  if (IsOne(x) && ky == Kind::kInfinity) return transc::InvalidResult(env);
  if (!DenormalCheck(ky, kx, env)) return x;
  // Now x > 0. log2(x) is +inf, +0 (x = 1), negative (x < 1) or positive.
  bool log_neg = BelowOne(x);
  if (kx == Kind::kInfinity) return transc::MakeInfinity(y.sign());
  if (IsOne(x)) return transc::MakeZero(y.sign());
  if (ky == Kind::kInfinity) return transc::MakeInfinity(y.sign() != log_neg);
  if (ky == Kind::kZero) return transc::MakeZero(y.sign() != log_neg);
  Big log2x = transc::Log2Kernel(transc::BigFromFloat80(x));
  return transc::RoundBig(transc::Mul(transc::BigFromFloat80(y), log2x), env);
}

Float80 YLog2XPlus1(const Float80& y, const Float80& x, FpEnv& env) {
  Kind ky = transc::KindOf(y), kx = transc::KindOf(x);
  Float80 result;
  if (transc::ScreenNaN2(y, ky, x, kx, env, &result)) return result;
  // The FYL2XP1 table (SDM Vol. 2A, FYL2XP1): inf * log2(1 +- 0) is invalid; so is x = -inf,
  // where 1 + x is negative.
  if (ky == Kind::kInfinity && kx == Kind::kZero) return transc::InvalidResult(env);
  if (kx == Kind::kInfinity && (x.sign() || ky == Kind::kZero)) return transc::InvalidResult(env);
  if (!DenormalCheck(ky, kx, env)) return x;
  // log2(1 + x) has the sign of x (and is +inf for x = +inf).
  bool log_neg = x.sign();
  if (kx == Kind::kInfinity) return transc::MakeInfinity(y.sign());
  if (ky == Kind::kInfinity) return transc::MakeInfinity(y.sign() != log_neg);
  if (ky == Kind::kZero || kx == Kind::kZero) return transc::MakeZero(y.sign() != log_neg);
  // x <= -1 is far outside the domain |x| < 1 - sqrt(2)/2 and log2(1 + x) does not exist; with
  // a finite nonzero y the host x87 returns x unchanged with PE, and so does this (an infinite or
  // zero y above follows the signs as if log2(1 + x) were finite and negative, as there).
  if (x.sign() && !BelowOne(x)) return transc::ReturnInexact(x, env);
  Big bx = transc::BigFromFloat80(x);
  // Inside |x| < 1/4 the series in x/(2 + x) keeps full relative accuracy for tiny x. Beyond
  // it 1 + x is exact while |x| < 2^63 and rounded far below the result's last place beyond;
  // the region outside the domain, where the result is undefined, still gets the true value.
  Big log2 = bx.exp < -2 ? transc::Log2p1Kernel(bx)
                         : transc::Log2Kernel(transc::Add(transc::BigFromInt(1), bx));
  return transc::RoundBig(transc::Mul(transc::BigFromFloat80(y), log2), env);
}

}  // namespace m86::fpu
