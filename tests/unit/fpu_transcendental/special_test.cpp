// The special operands of FSIN, FCOS, FSINCOS, FPTAN, FPATAN, F2XM1, FYL2X and FYL2XP1: the
// result tables of SDM Vol. 2A, the exception cases, the documented exact results, the
// out-of-range operand (C2) and the x87's own pi. Bit patterns that the SDM leaves open (the
// rounded constants, the undefined regions) are the ones a real x87 returns.
#include <catch2/catch.hpp>

#include "cpu/fpu/float80.h"

namespace m86::fpu {
namespace {

constexpr uint64_t kInt = uint64_t{1} << 63;

Float80 F(uint16_t sign_exp, uint64_t mant) { return Float80{mant, sign_exp}; }

const Float80 kPZero = F(0x0000, 0), kNZero = F(0x8000, 0);
const Float80 kPInf = F(0x7FFF, kInt), kNInf = F(0xFFFF, kInt);
const Float80 kOne = F(0x3FFF, kInt), kNOne = F(0xBFFF, kInt);
const Float80 kTwo = F(0x4000, kInt), kNTwo = F(0xC000, kInt);
const Float80 kHalf = F(0x3FFE, kInt), kQuarter = F(0x3FFD, kInt), kNQuarter = F(0xBFFD, kInt);
const Float80 kDenormalValue = F(0x0000, 0x4000000000000000), kNDenormal = F(0x8000, 1);
const Float80 kPseudoDenormal = F(0x0000, 0xC000000000000000);
const Float80 kUnnormal = F(0x4000, 0x4000000000000000);
const Float80 kPseudoInf = F(0x7FFF, 0);
const Float80 kQNaN = F(0x7FFF, 0xC000000000000001), kSNaN = F(0xFFFF, 0x8000000000000002);
const Float80 kIndefinite = F(0xFFFF, 0xC000000000000000);
// The correctly rounded constants (to nearest; the truncated ones end one lower).
const Float80 kPi = F(0x4000, 0xC90FDAA22168C235), kHalfPi = F(0x3FFF, 0xC90FDAA22168C235);
const Float80 kQuarterPi = F(0x3FFE, 0xC90FDAA22168C235);
const Float80 kThreeQuarterPi = F(0x4000, 0x96CBE3F9990E91A8);

Float80 Neg(Float80 x) {
  x.sign_exp ^= 0x8000;
  return x;
}

FpEnv Env(Rounding rc = Rounding::kNearest, uint8_t masks = 0x3F) {
  FpEnv env;
  env.rounding = rc;
  env.masks = masks;
  env.Begin();
  return env;
}

// Runs a one-operand instruction and checks its result, flags and C1.
template <typename Fn>
void Check1(Fn fn, const Float80& x, const Float80& want, uint8_t flags, bool c1 = false) {
  FpEnv env = Env();
  Float80 r = fn(x, env);
  INFO("operand " << std::hex << x.sign_exp << ":" << x.mant);
  CHECK(r.sign_exp == want.sign_exp);
  CHECK(r.mant == want.mant);
  CHECK(static_cast<int>(env.raised) == flags);
  CHECK(env.rounded_up == c1);
}

// The same for FPATAN/FYL2X/FYL2XP1 with y = ST(1) and x = ST(0).
template <typename Fn>
void Check2(Fn fn, const Float80& y, const Float80& x, const Float80& want, uint8_t flags) {
  FpEnv env = Env();
  Float80 r = fn(y, x, env);
  INFO("y " << std::hex << y.sign_exp << ":" << y.mant << " x " << x.sign_exp << ":" << x.mant);
  CHECK(r.sign_exp == want.sign_exp);
  CHECK(r.mant == want.mant);
  CHECK(static_cast<int>(env.raised) == flags);
}

auto SinFn = [](const Float80& x, FpEnv& env) {
  bool oor;
  return Sin(x, env, &oor);
};
auto CosFn = [](const Float80& x, FpEnv& env) {
  bool oor;
  return Cos(x, env, &oor);
};
auto TanFn = [](const Float80& x, FpEnv& env) {
  bool oor;
  return Tan(x, env, &oor);
};
auto F2xm1Fn = [](const Float80& x, FpEnv& env) { return Exp2Minus1(x, env); };

}  // namespace

TEST_CASE("FSIN, FCOS, FPTAN: special operands", "[fpu][transcendental]") {
  // SDM Vol. 2A FSIN/FCOS/FPTAN tables: +-0 stay exact, infinities are invalid.
  Check1(SinFn, kPZero, kPZero, 0);
  Check1(SinFn, kNZero, kNZero, 0);
  Check1(TanFn, kNZero, kNZero, 0);
  Check1(CosFn, kNZero, kOne, 0);
  Check1(CosFn, kPZero, kOne, 0);
  for (const Float80& inf : {kPInf, kNInf}) {
    Check1(SinFn, inf, kIndefinite, kInvalid);
    Check1(CosFn, inf, kIndefinite, kInvalid);
    Check1(TanFn, inf, kIndefinite, kInvalid);
  }
  // NaNs: a QNaN passes through, an SNaN is quieted with IE, unsupported encodings are invalid.
  Check1(SinFn, kQNaN, kQNaN, 0);
  Check1(CosFn, kSNaN, F(0xFFFF, 0xC000000000000002), kInvalid);
  Check1(TanFn, kUnnormal, kIndefinite, kInvalid);
  Check1(SinFn, kPseudoInf, kIndefinite, kInvalid);
  // Denormals raise DE; sin(d) rounds up to d (sin d < d) and is tiny: UE and PE.
  Check1(SinFn, kDenormalValue, kDenormalValue, kDenormal | kUnderflow | kPrecision, true);
  // A pseudo-denormal is read with the smallest normal exponent and gives a normal result.
  Check1(SinFn, kPseudoDenormal, F(0x0001, 0xC000000000000000), kDenormal | kPrecision, true);
  Check1(CosFn, kNDenormal, kOne, kDenormal | kPrecision, true);
}

TEST_CASE("FSIN, FCOS, FSINCOS, FPTAN: out of range and unmasked exceptions",
          "[fpu][transcendental]") {
  // |x| >= 2^63: the operand stays, C2 = 1, nothing is raised (SDM Vol. 2A, FSIN).
  for (const Float80& x : {F(0x403E, kInt), F(0xC050, 0xABCDEF0123456789), F(0x7FFE, ~0ull)}) {
    FpEnv env = Env();
    bool oor = false;
    Float80 cos_out;
    CHECK(Sin(x, env, &oor) == x);
    CHECK(oor);
    CHECK(Cos(x, env, &oor) == x);
    CHECK(oor);
    CHECK(Tan(x, env, &oor) == x);
    CHECK(oor);
    CHECK(SinCos(x, env, &oor, &cos_out) == x);
    CHECK(oor);
    CHECK(env.raised == 0);
  }
  // 2^63 - 1 ulp is still reduced.
  FpEnv env = Env();
  bool oor = true;
  Sin(F(0x403D, ~0ull), env, &oor);
  CHECK_FALSE(oor);
  // Unmasked IE and DE: the flag is raised and the destination is not written.
  env = Env(Rounding::kNearest, 0x3F & ~kInvalid);
  Sin(kPInf, env, &oor);
  CHECK(env.suppress_result);
  CHECK(env.raised == kInvalid);
  env = Env(Rounding::kNearest, 0x3F & ~kDenormal);
  Cos(kDenormalValue, env, &oor);
  CHECK(env.suppress_result);
  CHECK(env.raised == kDenormal);
  // Unmasked UE on a register destination delivers the result with the exponent wrapped by
  // 24576 (SDM Vol. 1, 8.5.5).
  env = Env(Rounding::kNearest, 0x3F & ~kUnderflow);
  Float80 r = Sin(kDenormalValue, env, &oor);
  CHECK_FALSE(env.suppress_result);
  CHECK(r == F(0x6000, kInt));
  CHECK(env.raised == (kDenormal | kUnderflow | kPrecision));
}

TEST_CASE("FSIN, FCOS, FPTAN reduce with the x87's 66-bit pi", "[fpu][transcendental]") {
  // p = 0.C90FDAA2 2168C234 C * 2^2 (SDM Vol. 1, 8.3.8). For x just below p, sin(x) is p - x
  // (3 * 2^-64 here), not pi - x: the hardware's well-known large-argument behaviour.
  Check1(SinFn, F(0x4000, 0xC90FDAA22168C234), F(0x3FC0, 0xC000000000000000), kPrecision, true);
  Check1(SinFn, F(0x4000, 0xC90FDAA22168C235), F(0xBFBF, kInt), kPrecision, true);
  // Just above p/2: cos is -sin(x - p/2) = -sin(2^-65), which rounds to -2^-65.
  Check1(CosFn, F(0x3FFF, 0xC90FDAA22168C235), F(0xBFBE, kInt), kPrecision, true);
  // Near p/2, FPTAN is -cot of the tiny reduced argument: here 2^65 minus a hair, so rounding
  // toward zero gives the value below 2^65 (the AMD host returns 2^65, 1 ulp off).
  FpEnv env = Env(Rounding::kTowardZero);
  bool oor;
  Float80 t = Tan(F(0xBFFF, 0xC90FDAA22168C235), env, &oor);
  CHECK(t == F(0x403F, ~0ull));
  // FSINCOS: both results, C1 from the sine (cos rounds up here, the sine does not).
  env = Env();
  Float80 c;
  Float80 s = SinCos(F(0x3FFE, 0x9000000000000000), env, &oor, &c);
  CHECK(s == F(0x3FFE, 0x88868625B4E1DBB2));
  CHECK(c == F(0x3FFE, 0xD88E820B1526311E));
  CHECK_FALSE(env.rounded_up);
  // The precision control does not apply to the transcendentals (SDM Vol. 1, 8.1.5.2).
  env = Env();
  env.precision = Precision::kSingle;
  CHECK(Sin(kOne, env, &oor) == F(0x3FFE, 0xD76AA47848677021));
}

TEST_CASE("FPATAN: the table of signed zeros and infinities", "[fpu][transcendental]") {
  auto atan = [](const Float80& y, const Float80& x, FpEnv& env) { return Atan2(y, x, env); };
  // SDM Vol. 2A, FPATAN: rows y = ST(1), columns x = ST(0). The angle of (x, y).
  for (bool neg : {false, true}) {
    auto s = [neg](const Float80& v) { return neg ? Neg(v) : v; };
    const Float80 inf = s(kPInf), zero = s(kPZero), fin = s(kOne);
    Check2(atan, inf, kNInf, s(kThreeQuarterPi), kPrecision);
    Check2(atan, inf, kNOne, s(kHalfPi), kPrecision);
    Check2(atan, inf, kNZero, s(kHalfPi), kPrecision);
    Check2(atan, inf, kPZero, s(kHalfPi), kPrecision);
    Check2(atan, inf, kOne, s(kHalfPi), kPrecision);
    Check2(atan, inf, kPInf, s(kQuarterPi), kPrecision);
    Check2(atan, fin, kNInf, s(kPi), kPrecision);
    Check2(atan, fin, kNZero, s(kHalfPi), kPrecision);
    Check2(atan, fin, kPZero, s(kHalfPi), kPrecision);
    Check2(atan, fin, kPInf, zero, 0);
    Check2(atan, fin, kOne, s(kQuarterPi), kPrecision);
    Check2(atan, fin, kNOne, s(kThreeQuarterPi), kPrecision);
    Check2(atan, zero, kNInf, s(kPi), kPrecision);
    Check2(atan, zero, kNOne, s(kPi), kPrecision);
    Check2(atan, zero, kNZero, s(kPi), kPrecision);
    Check2(atan, zero, kPZero, zero, 0);
    Check2(atan, zero, kOne, zero, 0);
    Check2(atan, zero, kPInf, zero, 0);
  }
  // The constants follow the rounding control.
  FpEnv env = Env(Rounding::kTowardZero);
  CHECK(Atan2(kPZero, kNZero, env) == F(0x4000, 0xC90FDAA22168C234));
  env = Env(Rounding::kDown);
  CHECK(Atan2(kNOne, kNInf, env) == Neg(kPi));
  // NaNs: the larger significand wins, a QNaN beats an SNaN, a tie goes to the positive one;
  // an unsupported operand beats any NaN.
  Check2(atan, F(0x7FFF, 0xC000000000000001), F(0xFFFF, 0xC000000000000002),
         F(0xFFFF, 0xC000000000000002), 0);
  Check2(atan, F(0x7FFF, 0x8000000000000005), F(0xFFFF, 0xC000000000000001),
         F(0xFFFF, 0xC000000000000001), kInvalid);
  Check2(atan, F(0xFFFF, 0xC000000000000005), F(0x7FFF, 0xC000000000000005),
         F(0x7FFF, 0xC000000000000005), 0);
  Check2(atan, kQNaN, kUnnormal, kIndefinite, kInvalid);
  Check2(atan, kQNaN, kDenormalValue, kQNaN, 0);  // no DE with a NaN
  // Denormals raise DE; a tiny quotient underflows.
  Check2(atan, kDenormalValue, kOne, kDenormalValue, kDenormal | kUnderflow | kPrecision);
  Check2(atan, F(0x0100, kInt), F(0x7E00, kInt), kPZero, kUnderflow | kPrecision);
}

TEST_CASE("F2XM1: special operands and exact results", "[fpu][transcendental]") {
  Check1(F2xm1Fn, kPZero, kPZero, 0);
  Check1(F2xm1Fn, kNZero, kNZero, 0);
  Check1(F2xm1Fn, kSNaN, F(0xFFFF, 0xC000000000000002), kInvalid);
  Check1(F2xm1Fn, kUnnormal, kIndefinite, kInvalid);
  // 2^-1 - 1 = -1/2 exactly; the x87 still reports PE.
  Check1(F2xm1Fn, kNOne, F(0xBFFE, kInt), kPrecision);
  // 2^(1/2) - 1, correctly rounded.
  Check1(F2xm1Fn, kHalf, F(0x3FFD, 0xD413CCCFE7799211), kPrecision);
  // Outside [-1, 1] the result is undefined; the x87 returns the limits for infinities and the
  // operand itself (with PE) for finite values.
  Check1(F2xm1Fn, kPInf, kPInf, 0);
  Check1(F2xm1Fn, kNInf, kNOne, 0);
  Check1(F2xm1Fn, kTwo, kTwo, kPrecision);
  Check1(F2xm1Fn, F(0xBFFF, kInt | 1), F(0xBFFF, kInt | 1), kPrecision);
  // A denormal: DE, and the tiny result 2^x - 1 = x ln 2 underflows.
  Check1(F2xm1Fn, F(0x8000, 0x4000000000000000), F(0x8000, 0x2C5C85FDF473DE6B),
         kDenormal | kUnderflow | kPrecision, true);
}

TEST_CASE("FYL2X: the SDM table", "[fpu][transcendental]") {
  auto yl2x = [](const Float80& y, const Float80& x, FpEnv& env) { return YLog2X(y, x, env); };
  // Negative x (but not -0) is invalid, whatever y is.
  for (const Float80& y : {kNInf, kNTwo, kNZero, kPZero, kTwo, kPInf}) {
    Check2(yl2x, y, kNInf, kIndefinite, kInvalid);
    Check2(yl2x, y, kNOne, kIndefinite, kInvalid);
  }
  // x = +-0: -inf/+inf for +-inf y, divide-by-zero for finite y, invalid for zero y.
  for (const Float80& x : {kNZero, kPZero}) {
    Check2(yl2x, kNInf, x, kPInf, 0);
    Check2(yl2x, kPInf, x, kNInf, 0);
    Check2(yl2x, kNTwo, x, kPInf, kZeroDivide);
    Check2(yl2x, kTwo, x, kNInf, kZeroDivide);
    Check2(yl2x, F(0x0000, 1), x, kNInf, kZeroDivide);  // no DE: ZE takes priority
    Check2(yl2x, kNZero, x, kIndefinite, kInvalid);
    Check2(yl2x, kPZero, x, kIndefinite, kInvalid);
  }
  // 0 < x < 1: log2 x is negative.
  Check2(yl2x, kNInf, kHalf, kPInf, 0);
  Check2(yl2x, kNZero, kHalf, kPZero, 0);
  Check2(yl2x, kPZero, kHalf, kNZero, 0);
  Check2(yl2x, kPInf, kHalf, kNInf, 0);
  // x = 1: log2 x = +0 exactly, no PE; inf * 0 is invalid.
  Check2(yl2x, kNTwo, kOne, kNZero, 0);
  Check2(yl2x, kTwo, kOne, kPZero, 0);
  Check2(yl2x, kNInf, kOne, kIndefinite, kInvalid);
  Check2(yl2x, kPInf, kOne, kIndefinite, kInvalid);
  // x > 1 and x = +inf.
  Check2(yl2x, kNInf, kTwo, kNInf, 0);
  Check2(yl2x, kNZero, kTwo, kNZero, 0);
  Check2(yl2x, kNTwo, kPInf, kNInf, 0);
  Check2(yl2x, kTwo, kPInf, kPInf, 0);
  Check2(yl2x, kPZero, kPInf, kIndefinite, kInvalid);
  Check2(yl2x, kNZero, kPInf, kIndefinite, kInvalid);
  // Powers of two give exact results, which the x87 still flags with PE.
  Check2(yl2x, F(0x4000, 0xC000000000000000), F(0x4001, kInt), F(0x4001, 0xC000000000000000),
         kPrecision);
  Check2(yl2x, kNTwo, kHalf, kTwo, kPrecision);
  Check2(yl2x, F(0x0000, 1), kTwo, F(0x0000, 1), kDenormal | kUnderflow | kPrecision);
  // y log2(3), correctly rounded.
  Check2(yl2x, kOne, F(0x4000, 0xC000000000000000), F(0x3FFF, 0xCAE00D1CFDEB43D0), kPrecision);
  // Overflow: masked gives infinity, unmasked the exponent wrapped by 24576.
  Check2(yl2x, F(0x7FFE, ~0ull), F(0x4001, kInt), kPInf, kOverflow | kPrecision);
  FpEnv env = Env(Rounding::kNearest, 0x3F & ~kOverflow);
  Float80 r = YLog2X(F(0x7FFE, kInt), F(0x4001, kInt), env);
  CHECK(r == F(0x7FFF - 24576, kInt));
  CHECK(env.raised == (kOverflow | kPrecision));
  // Unmasked ZE: no result.
  env = Env(Rounding::kNearest, 0x3F & ~kZeroDivide);
  YLog2X(kTwo, kPZero, env);
  CHECK(env.suppress_result);
}

TEST_CASE("FYL2XP1: the SDM table", "[fpu][transcendental]") {
  auto yl2xp1 = [](const Float80& y, const Float80& x, FpEnv& env) {
    return YLog2XPlus1(y, x, env);
  };
  // Columns x = -(1 - sqrt(2)/2)..-0, -0, +0, +0..+(1 - sqrt(2)/2); log2(1 + x) has x's sign.
  Check2(yl2xp1, kNInf, kNQuarter, kPInf, 0);
  Check2(yl2xp1, kNInf, kNZero, kIndefinite, kInvalid);
  Check2(yl2xp1, kNInf, kPZero, kIndefinite, kInvalid);
  Check2(yl2xp1, kNInf, kQuarter, kNInf, 0);
  Check2(yl2xp1, kNTwo, kNZero, kPZero, 0);
  Check2(yl2xp1, kNTwo, kPZero, kNZero, 0);
  Check2(yl2xp1, kNZero, kNQuarter, kPZero, 0);
  Check2(yl2xp1, kNZero, kQuarter, kNZero, 0);
  Check2(yl2xp1, kPZero, kNQuarter, kNZero, 0);
  Check2(yl2xp1, kPZero, kPZero, kPZero, 0);
  Check2(yl2xp1, kTwo, kNZero, kNZero, 0);
  Check2(yl2xp1, kPInf, kNQuarter, kNInf, 0);
  Check2(yl2xp1, kPInf, kQuarter, kPInf, 0);
  // 2 log2(1 -+ 1/4), correctly rounded.
  Check2(yl2xp1, kTwo, kNQuarter, F(0xBFFE, 0xD47FCB8C0852F0C1), kPrecision);
  Check2(yl2xp1, kTwo, kQuarter, F(0x3FFE, 0xA4D3C25E68DC57F2), kPrecision);
  // Outside the domain: the true value while 1 + x > 0, the operand itself for x <= -1 (as the
  // x87 does), and x = -inf is invalid.
  Check2(yl2xp1, kOne, kOne, kOne, kPrecision);
  Check2(yl2xp1, kOne, kNOne, kNOne, kPrecision);
  Check2(yl2xp1, kOne, kNTwo, kNTwo, kPrecision);
  Check2(yl2xp1, kOne, kNInf, kIndefinite, kInvalid);
  Check2(yl2xp1, kOne, kPInf, kPInf, 0);
  // Denormals: DE, and a tiny product underflows.
  Check2(yl2xp1, kNTwo, F(0x0000, 1), F(0x8000, 3), kDenormal | kUnderflow | kPrecision);
}

}  // namespace m86::fpu
