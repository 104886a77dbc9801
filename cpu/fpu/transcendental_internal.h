// Private to the x87 transcendentals (cpu/fpu/transcendental_*.cpp): a 128-bit software real
// used to evaluate the functions well beyond the 64-bit significand of the result, the series
// kernels, and the operand screening and final rounding the instructions share. Integer
// arithmetic only, so every host computes the same bits.
#pragma once
#include <cstdint>

#include "cpu/fpu/float80.h"

namespace m86::fpu::transc {

using U128 = unsigned __int128;

// Q1.127 fixed point: the value is v / 2^127, so [0, 2) is representable.
inline constexpr U128 kQOne = U128{1} << 127;

// The full 256-bit product of two 128-bit integers.
struct Wide {
  U128 hi, lo;
};
inline Wide MulWide(U128 a, U128 b) {
  uint64_t a0 = static_cast<uint64_t>(a), a1 = static_cast<uint64_t>(a >> 64);
  uint64_t b0 = static_cast<uint64_t>(b), b1 = static_cast<uint64_t>(b >> 64);
  U128 p00 = U128{a0} * b0, p01 = U128{a0} * b1, p10 = U128{a1} * b0, p11 = U128{a1} * b1;
  U128 mid = (p00 >> 64) + static_cast<uint64_t>(p01) + static_cast<uint64_t>(p10);
  Wide w;
  w.lo = (mid << 64) | static_cast<uint64_t>(p00);
  w.hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
  return w;
}
// Q1.127 product, truncated; the caller guarantees a * b < 2.
inline U128 MulQ(U128 a, U128 b) {
  Wide p = MulWide(a, b);
  return (p.hi << 1) | (p.lo >> 127);
}

// An unpacked real: value = (-1)^neg * (mant / 2^127) * 2^exp, with mant in [2^127, 2^128)
// (bit 127 set) or zero. `exact` is false once the value is an approximation. The operations
// truncate (the true magnitude lies above the result by less than a unit of its last bit, which
// is what the final rounding's sticky bit says); the kernels keep that only to within their few
// units of error, which matters only in the rare cases within 2^-120 of a rounding boundary.
struct Big {
  U128 mant = 0;
  int32_t exp = 0;
  bool neg = false;
  bool exact = true;
  bool IsZero() const { return mant == 0; }
};

// Builds a Big from an unnormalized magnitude `m` * 2^(exp - 127), normalizing it.
Big MakeBig(U128 m, int32_t exp, bool neg, bool exact);
Big BigFromInt(int64_t v);
// A finite Float80 (zero, denormal, pseudo-denormal or normal), exactly.
Big BigFromFloat80(const Float80& x);
// A Q1.127 magnitude with a sign.
inline Big BigFromQ(U128 q, bool neg, bool exact) { return MakeBig(q, 0, neg, exact); }
// |a| as Q1.127, truncated; the caller guarantees |a| < 2.
U128 BigToQ(const Big& a);
// |a|^2 as Q1.127, truncated; the caller guarantees |a| < sqrt(2).
U128 SquareToQ(const Big& a);

inline Big Neg(Big a) {
  a.neg = !a.neg;
  return a;
}
Big Mul(const Big& a, const Big& b);
Big Add(const Big& a, const Big& b);
inline Big Sub(const Big& a, const Big& b) { return Add(a, Neg(b)); }
// The truncated quotient, exact when there is no remainder.
Big Div(const Big& a, const Big& b);

// Constants, rounded to 128 bits.
Big ConstPiBig();          // pi
Big ConstHalfPiBig();      // pi / 2
Big ConstQuarterPiBig();   // pi / 4
Big ConstThreeQuarterPiBig();
Big ConstLn2Big();
Big ConstLog2eBig();

// Series kernels (transcendental_series.cpp). Results are approximations (exact = false) unless
// the argument is zero.
// sin(r) and cos(r) for |r| <= pi/4 + a little; either output may be null.
void SinCosKernel(const Big& r, Big* sin_out, Big* cos_out);
// tan(r) and cot(r) for 0 < |r| <= pi/4 + a little.
Big TanKernel(const Big& r);
Big CotKernel(const Big& r);
// atan(q) for 0 <= q <= 1.
Big AtanKernel(const Big& q);
// log2(w) for w > 0; exact when w is a power of two.
Big Log2Kernel(const Big& w);
// log2(1 + x) for |x| <= 1 - sqrt(2)/2 (the FYL2XP1 domain); other x > -1 go through Log2Kernel.
Big Log2p1Kernel(const Big& x);
// 2^x - 1 for |x| <= 1.
Big Exp2m1Kernel(const Big& x);

// Operand classes as the instructions screen them (SDM Vol. 1, 4.8.3 and 8.2.2).
enum class Kind : uint8_t { kZero, kDenormal, kNormal, kInfinity, kQNaN, kSNaN, kUnsupported };
Kind KindOf(const Float80& x);
inline bool IsNaNKind(Kind k) { return k == Kind::kQNaN || k == Kind::kSNaN; }

Float80 MakeZero(bool neg);
Float80 MakeInfinity(bool neg);
Float80 IndefiniteNaN();
Float80 Quiet(const Float80& nan);

// Raises `flag` (IE, ZE or DE) and reports whether execution continues: an unmasked one means
// the destination is not written (SDM Vol. 1, 8.5).
bool Signal(FpEnv& env, uint8_t flag);
// The masked response to an invalid operation: the real indefinite.
Float80 InvalidResult(FpEnv& env);

// Screening shared by the instructions: a one-operand NaN or unsupported operand, and the NaN
// rules for two operands (SDM Vol. 1, 4.8.3.5 and Table 4-7). They return true when `*result`
// is final.
bool ScreenNaN1(const Float80& x, Kind k, FpEnv& env, Float80* result);
bool ScreenNaN2(const Float80& a, Kind ka, const Float80& b, Kind kb, FpEnv& env,
                Float80* result);

// Rounds a computed result to the 64-bit significand under `env.rounding` (the transcendentals
// ignore the precision control, SDM Vol. 1, 8.1.5.2), with the x87's overflow and underflow
// responses. The x87 reports PE for every computed transcendental result, even one that happens
// to be exact (F2XM1(-1), FYL2X(y, 2^k)), so PE is raised unconditionally and UE whenever the
// result is tiny; `v.exact` only decides whether the significand may be incremented.
Float80 RoundBig(const Big& v, FpEnv& env);
// The last value RoundBig rounded on this thread, for the differential test: a C1 that differs
// from the host's only means something when the true value is not within the host's own error
// of the result.
Big& LastUnrounded();
// A value that is already a Float80 returned as a computed result (PE, C1 = 0), as the
// out-of-domain F2XM1 and FYL2XP1 do.
Float80 ReturnInexact(const Float80& x, FpEnv& env);

}  // namespace m86::fpu::transc
