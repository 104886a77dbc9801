// FRNDINT, FSCALE and FXTRACT (SDM Vol. 2 instruction pages and their result tables). None of
// them is affected by precision control (SDM Vol. 1, 8.1.5.2).
#include "cpu/fpu/float80_internal.h"

namespace m86::fpu {

using namespace detail;

namespace {

bool RoundsAway(Rounding rc, bool sign, bool odd, bool half, bool above_half) {
  switch (rc) {
    case Rounding::kNearest: return above_half || (half && odd);
    case Rounding::kDown: return sign;
    case Rounding::kUp: return !sign;
    case Rounding::kTowardZero: return false;
  }
  return false;
}

}  // namespace

Float80 RoundToInteger(const Float80& a, FpEnv& env) {
  Float80 out;
  if (ScreenOperand(a, env, &out)) return out;
  if (IsInf(a) || IsZero(a)) return a;
  if (IsDenormal(a) && !Signal(env, kDenormal)) return a;
  Unpacked x = Unpack(a);
  int32_t e = x.exp - kBias;  // weight of the integer bit
  if (e >= 63) return a;
  if (e < 0) {
    // |a| < 1: the result is 0 or 1 with a's sign.
    bool half = e == -1 && x.sig == kIntBit;
    bool above = e == -1 && x.sig > kIntBit;
    bool up = RoundsAway(env.rounding, x.sign, false, half, above);
    env.raised |= kPrecision;
    env.rounded_up = up;
    return up ? Make(x.sign, kBias, kIntBit) : Make(x.sign, 0, 0);
  }
  const uint64_t lsb = 1ull << (63 - e);
  uint64_t rest = x.sig & (lsb - 1);
  if (rest == 0) return Make(x.sign, static_cast<uint16_t>(x.exp), x.sig);
  uint64_t kept = x.sig - rest;
  bool up = RoundsAway(env.rounding, x.sign, kept & lsb, rest == (lsb >> 1), rest > (lsb >> 1));
  env.raised |= kPrecision;
  env.rounded_up = up;
  int32_t exp = x.exp;
  if (up) {
    kept += lsb;
    if (kept == 0) {  // carried out: a power of two
      kept = kIntBit;
      ++exp;
    }
  }
  return Make(x.sign, static_cast<uint16_t>(exp), kept);
}

Float80 Scale(const Float80& a, const Float80& b, FpEnv& env) {
  Float80 out;
  if (ScreenOperands(a, b, env, &out)) return out;
  const bool denormal = IsDenormal(a) || IsDenormal(b);
  if (IsInf(b)) {
    // SDM Vol. 2, FSCALE results table: 0 * 2^+inf and inf * 2^-inf are invalid.
    if (!b.sign() && IsZero(a)) return Invalid(env);
    if (b.sign() && IsInf(a)) return Invalid(env);
    if (denormal && !Signal(env, kDenormal)) return a;
    if (IsInf(a) || IsZero(a)) return a;
    return b.sign() ? Make(a.sign(), 0, 0) : Infinity(a.sign());
  }
  if (denormal && !Signal(env, kDenormal)) return a;
  if (IsInf(a) || IsZero(a)) return a;
  // trunc(b), clamped: anything beyond 2^20 overflows or underflows even after the wrap.
  Unpacked y = Unpack(b);
  int32_t n = 0;
  int32_t e = y.exp - kBias;
  if (y.sig != 0 && e >= 0) {
    n = e > 20 ? (1 << 21) : static_cast<int32_t>(y.sig >> (63 - e));
    if (y.sign) n = -n;
  }
  Unpacked x = Unpack(a);
  return RoundRegister(x.sign, x.exp + n, U128{x.sig} << 64, 64, env);
}

Float80 Extract(const Float80& a, Float80* exponent, FpEnv& env) {
  Float80 out;
  if (ScreenOperand(a, env, &out)) {
    *exponent = out;
    return out;
  }
  if (IsInf(a)) {
    *exponent = Infinity(false);
    return a;
  }
  if (IsZero(a)) {
    // SDM Vol. 2, FXTRACT: a zero raises ZE; masked, ST(1) = -inf and ST(0) = the zero.
    Signal(env, kZeroDivide);
    *exponent = Infinity(true);
    return a;
  }
  if (IsDenormal(a) && !Signal(env, kDenormal)) {
    *exponent = a;
    return a;
  }
  Unpacked x = Unpack(a);
  *exponent = FromInt64(x.exp - kBias);
  return Make(x.sign, kBias, x.sig);
}

}  // namespace m86::fpu
