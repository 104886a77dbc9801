// FRNDINT, FSCALE, FXTRACT, FPREM/FPREM1 and the compares (SDM Vol. 2 instruction pages).
#include "fpu_test_util.h"

using namespace m86::fpu;
using namespace m86::fpu::test;

TEST_CASE("FRNDINT rounds per the rounding control", "[fpu]") {
  FpEnv env = Env();
  CHECK(RoundToInteger(Q(5, -1), env) == Q(2));  // 2.5 -> 2
  CHECK(!env.rounded_up);
  CHECK(RoundToInteger(Q(3, -1), env) == Q(2));  // 1.5 -> 2
  CHECK(env.rounded_up);
  CHECK(env.raised == kPrecision);
  env = Env(0x3F, Rounding::kDown);
  CHECK(RoundToInteger(Q(-5, -1), env) == Q(-3));
  CHECK(env.rounded_up);
  env = Env(0x3F, Rounding::kUp);
  CHECK(RoundToInteger(Q(3, -3), env) == Q(1));
  env = Env();
  CHECK(RoundToInteger(Q(-3, -3), env) == kNegZero);
  CHECK(RoundToInteger(Q(1, 70), env) == Q(1, 70));
  env = Env();
  CHECK(RoundToInteger(kMinDenormal, env) == kPosZero);
  CHECK(env.raised == (kDenormal | kPrecision));
  // Precision control does not apply.
  env = Env(0x3F, Rounding::kNearest, Precision::kSingle);
  CHECK(RoundToInteger(Q((1ll << 40) + 1), env) == Q((1ll << 40) + 1));
}

TEST_CASE("FSCALE scales by the truncated exponent", "[fpu]") {
  FpEnv env = Env();
  CHECK(Scale(Q(1), Q(3), env) == Q(8));
  CHECK(Scale(Q(1), Q(-7, -1), env) == Q(1, -3));  // trunc(-3.5) = -3
  CHECK(Scale(Q(5), Q(1, -1), env) == Q(5));       // trunc(0.5) = 0
  CHECK(env.raised == 0);
  // Table 3-45 of the FSCALE page.
  CHECK(Scale(Q(3), kNegInf, env) == kPosZero);
  CHECK(Scale(Q(-3), kPosInf, env) == kNegInf);
  CHECK(Scale(kNegZero, kNegInf, env) == kNegZero);
  CHECK(Scale(kPosInf, Q(-5), env) == kPosInf);
  CHECK(env.raised == 0);
  CHECK(Scale(kPosZero, kPosInf, env) == kIndefinite);
  CHECK(Scale(kNegInf, kNegInf, env) == kIndefinite);
  CHECK(env.raised == kInvalid);
  env = Env();
  CHECK(Scale(kMaxNormal, Q(1), env) == kPosInf);
  CHECK(env.raised == (kOverflow | kPrecision));
  // Unmasked, beyond even the wrapped range: a signed infinity or zero, inexact.
  env = Env(0x37, Rounding::kTowardZero);
  CHECK(Scale(Q(-1), Q(1 << 20), env) == kNegInf);
  CHECK(env.raised == (kOverflow | kPrecision));
  CHECK(env.rounded_up);
  env = Env(0x2F);
  CHECK(Scale(Q(1), Q(-(1 << 20)), env) == kPosZero);
  CHECK(env.raised == (kUnderflow | kPrecision));
  // Within the wrapped range: the wrapped result.
  env = Env(0x37);
  CHECK(Scale(Q(1), Q(20000), env) == F(16383 + 20000 - 24576, 0x8000000000000000));
  CHECK(env.raised == kOverflow);
}

TEST_CASE("FXTRACT splits exponent and significand", "[fpu]") {
  FpEnv env = Env();
  Float80 e;
  CHECK(Extract(Q(-10), &e, env) == F(0xBFFF, 0xA000000000000000));
  CHECK(e == Q(3));
  CHECK(Extract(kMinDenormal, &e, env) == Q(1));
  CHECK(e == Q(-16445));
  CHECK(env.raised == kDenormal);
  env = Env();
  CHECK(Extract(kNegZero, &e, env) == kNegZero);
  CHECK(e == kNegInf);
  CHECK(env.raised == kZeroDivide);
  env = Env(0x3B);
  Extract(kPosZero, &e, env);
  CHECK(env.suppress_result);
  env = Env();
  CHECK(Extract(kNegInf, &e, env) == kNegInf);
  CHECK(e == kPosInf);
  CHECK(Extract(F(0x7FFF, 0x8000000000000001), &e, env) == F(0x7FFF, 0xC000000000000001));
  CHECK(e == F(0x7FFF, 0xC000000000000001));
  CHECK(env.raised == kInvalid);
}

TEST_CASE("FPREM and FPREM1", "[fpu]") {
  FpEnv env = Env();
  uint8_t q = 0;
  bool complete = false;
  CHECK(PartialRemainder(Q(7), Q(2), false, env, &q, &complete) == Q(1));
  CHECK((complete && q == 3));
  CHECK(PartialRemainder(Q(7), Q(2), true, env, &q, &complete) == Q(-1));  // 3.5 -> 4
  CHECK((complete && q == 4));
  CHECK(PartialRemainder(Q(5), Q(2), true, env, &q, &complete) == Q(1));  // 2.5 -> 2
  CHECK(q == 2);
  CHECK(PartialRemainder(Q(-7), Q(2), false, env, &q, &complete) == Q(-1));
  CHECK(PartialRemainder(Q(3, -2), Q(1), true, env, &q, &complete) == Q(-1, -2));  // d = -1
  CHECK(q == 1);
  CHECK(PartialRemainder(Q(4), Q(2), false, env, &q, &complete) == kPosZero);
  CHECK(PartialRemainder(Q(-4), Q(2), true, env, &q, &complete) == kNegZero);
  CHECK(env.raised == 0);
  // A large exponent difference leaves a multiple of 32 of it and reports C2 = 1, Q = 0.
  Float80 big = F(0x3FFF + 100, 0xC90FDAA22168C234);
  Float80 r = PartialRemainder(big, Q(1), false, env, &q, &complete);
  CHECK(!complete);
  CHECK(q == 0);
  CHECK(r.exp() <= 0x3FFF + 64);
  CHECK(r.exp() > 0x3FFF + 56);
  CHECK(env.raised == 0);
  // Invalid: infinite dividend or zero modulus; an infinite modulus leaves the dividend.
  CHECK(PartialRemainder(kPosInf, Q(1), false, env, &q, &complete) == kIndefinite);
  CHECK(PartialRemainder(Q(1), kNegZero, true, env, &q, &complete) == kIndefinite);
  CHECK(env.raised == kInvalid);
  env = Env();
  CHECK(PartialRemainder(Q(-3), kPosInf, false, env, &q, &complete) == Q(-3));
  CHECK(PartialRemainder(kNegZero, Q(5), false, env, &q, &complete) == kNegZero);
  CHECK(env.raised == 0);
}

TEST_CASE("FCOM and FUCOM", "[fpu]") {
  FpEnv env = Env();
  CHECK(Compare(Q(1), Q(2), false, env) == FpOrder::kLess);
  CHECK(Compare(Q(2), Q(1), false, env) == FpOrder::kGreater);
  CHECK(Compare(kPosZero, kNegZero, false, env) == FpOrder::kEqual);
  CHECK(Compare(kNegInf, Q(-5), false, env) == FpOrder::kLess);
  CHECK(Compare(Q(-2), Q(-3), false, env) == FpOrder::kGreater);
  CHECK(env.raised == 0);
  CHECK(Compare(F(0x0000, 0x8000000000000000), kMinNormal, false, env) == FpOrder::kEqual);
  CHECK(env.raised == kDenormal);
  env = Env();
  CHECK(Compare(kIndefinite, Q(1), true, env) == FpOrder::kUnordered);
  CHECK(env.raised == 0);  // FUCOM: a QNaN is not invalid
  CHECK(Compare(kIndefinite, Q(1), false, env) == FpOrder::kUnordered);
  CHECK(env.raised == kInvalid);
  env = Env();
  CHECK(Compare(Q(1), F(0x7FFF, 0x8000000000000001), true, env) == FpOrder::kUnordered);
  CHECK(env.raised == kInvalid);
  env = Env();
  CHECK(Compare(Q(1), F(0x4000, 0x4000000000000000), true, env) == FpOrder::kUnordered);
  CHECK(env.raised == kInvalid);
}
