// Special values and exceptions of the basic arithmetic (SDM Vol. 1, 4.8-4.9 and 8.5; Vol. 2
// FADD/FMUL/FDIV/FSQRT result tables). Expected values were checked against a real x87.
#include "fpu_test_util.h"

using namespace m86::fpu;
using namespace m86::fpu::test;

TEST_CASE("Classify covers every encoding", "[fpu]") {
  CHECK(Classify(kPosZero) == FpClass::kZero);
  CHECK(Classify(kMinDenormal) == FpClass::kDenormal);
  CHECK(Classify(F(0x0000, 0x8000000000000001)) == FpClass::kPseudoDenormal);
  CHECK(Classify(Q(1)) == FpClass::kNormal);
  CHECK(Classify(kNegInf) == FpClass::kInfinity);
  CHECK(Classify(kIndefinite) == FpClass::kQNaN);
  CHECK(Classify(F(0x7FFF, 0x8000000000000001)) == FpClass::kSNaN);
  CHECK(Classify(F(0x3FFF, 0x4000000000000000)) == FpClass::kUnsupported);  // unnormal
  CHECK(Classify(F(0x1234, 0)) == FpClass::kUnsupported);                   // pseudo-zero
  CHECK(Classify(F(0x7FFF, 0)) == FpClass::kUnsupported);                   // pseudo-infinity
  CHECK(Classify(F(0x7FFF, 0x4000000000000000)) == FpClass::kUnsupported);  // pseudo-NaN
}

TEST_CASE("Constants round per the rounding control", "[fpu]") {
  CHECK(ConstPi(Rounding::kNearest) == F(0x4000, 0xC90FDAA22168C235));
  CHECK(ConstPi(Rounding::kDown) == F(0x4000, 0xC90FDAA22168C234));
  CHECK(ConstPi(Rounding::kUp) == F(0x4000, 0xC90FDAA22168C235));
  CHECK(ConstLog2e(Rounding::kNearest) == F(0x3FFF, 0xB8AA3B295C17F0BC));
  CHECK(ConstLog2e(Rounding::kTowardZero) == F(0x3FFF, 0xB8AA3B295C17F0BB));
  CHECK(ConstLog2_10(Rounding::kNearest) == F(0x4000, 0xD49A784BCD1B8AFE));
  CHECK(ConstLog2_10(Rounding::kUp) == F(0x4000, 0xD49A784BCD1B8AFF));
  CHECK(ConstLog10_2(Rounding::kNearest) == F(0x3FFD, 0x9A209A84FBCFF799));
  CHECK(ConstLn2(Rounding::kNearest) == F(0x3FFE, 0xB17217F7D1CF79AC));
  CHECK(ConstLn2(Rounding::kDown) == F(0x3FFE, 0xB17217F7D1CF79AB));
  CHECK(ConstOne() == Q(1));
  CHECK(ConstZero(true) == kNegZero);
  CHECK(DefaultNaN() == kIndefinite);
}

TEST_CASE("NaN operands follow the x87 propagation rules", "[fpu]") {
  const Float80 qnan_small = F(0x7FFF, 0xC000000000000010);
  const Float80 qnan_big_neg = F(0xFFFF, 0xC000000000000020);
  const Float80 snan = F(0xFFFF, 0x8000000000000005);
  FpEnv env = Env();
  CHECK(Add(qnan_small, qnan_big_neg, env) == qnan_big_neg);  // larger significand
  CHECK(env.raised == 0);
  CHECK(Add(qnan_small, snan, env) == qnan_small);  // a QNaN beats an SNaN
  CHECK(env.raised == kInvalid);
  env = Env();
  CHECK(Mul(Q(2), snan, env) == F(0xFFFF, 0xC000000000000005));  // quieted
  CHECK(env.raised == kInvalid);
  env = Env();
  CHECK(Sub(F(0x7FFF, 0x8000000000000010), F(0x7FFF, 0x8000000000000100), env) ==
        F(0x7FFF, 0xC000000000000100));
  // Equal significands: the positive one, in either order; Sub does not flip a NaN's sign.
  CHECK(Div(F(0xFFFF, 0xC000000000000001), F(0x7FFF, 0xC000000000000001), env) ==
        F(0x7FFF, 0xC000000000000001));
  CHECK(Sub(Q(1), F(0xFFFF, 0xC000000000000001), env) == F(0xFFFF, 0xC000000000000001));
  // Unsupported encodings outrank NaNs: IE and the real indefinite.
  env = Env();
  CHECK(Add(F(0x3FFF, 0x4000000000000000), qnan_small, env) == kIndefinite);
  CHECK(env.raised == kInvalid);
  env = Env();
  CHECK(Add(F(0x7FFF, 0), Q(1), env) == kIndefinite);
  CHECK(env.raised == kInvalid);
  // Unmasked IE: no result.
  env = Env(0x3E);
  Add(Q(1), snan, env);
  CHECK(env.suppress_result);
}

TEST_CASE("Invalid operations give the real indefinite", "[fpu]") {
  FpEnv env = Env();
  CHECK(Add(kPosInf, kNegInf, env) == kIndefinite);
  CHECK(Sub(kPosInf, kPosInf, env) == kIndefinite);
  CHECK(Mul(kPosZero, kNegInf, env) == kIndefinite);
  CHECK(Div(kPosZero, kNegZero, env) == kIndefinite);
  CHECK(Div(kNegInf, kPosInf, env) == kIndefinite);
  CHECK(Sqrt(Q(-1), env) == kIndefinite);
  CHECK(Sqrt(kNegInf, env) == kIndefinite);
  CHECK(Sqrt(F(0x8000, 1), env) == kIndefinite);  // a negative denormal: IE, not DE
  CHECK(env.raised == kInvalid);
  CHECK(!env.suppress_result);
  env = Env(0x3E);
  Mul(kPosZero, kPosInf, env);
  CHECK(env.suppress_result);
}

TEST_CASE("Zero divide, and what outranks it", "[fpu]") {
  FpEnv env = Env();
  CHECK(Div(Q(1), kPosZero, env) == kPosInf);
  CHECK(Div(Q(-1), kPosZero, env) == kNegInf);
  CHECK(Div(Q(1), kNegZero, env) == kNegInf);
  CHECK(env.raised == kZeroDivide);
  env = Env();
  CHECK(Div(kMinDenormal, kPosZero, env) == kPosInf);  // ZE only, no DE
  CHECK(env.raised == kZeroDivide);
  env = Env();
  CHECK(Div(kNegInf, kPosZero, env) == kNegInf);  // exact: no ZE
  CHECK(env.raised == 0);
  env = Env(0x3B);
  Div(Q(3), kPosZero, env);
  CHECK(env.suppress_result);
  CHECK(env.raised == kZeroDivide);
}

TEST_CASE("Denormal operands raise DE", "[fpu]") {
  FpEnv env = Env();
  CHECK(Add(kMinDenormal, kMinDenormal, env) == F(0x0000, 2));
  CHECK(env.raised == kDenormal);
  env = Env();
  CHECK(Add(kPosInf, kMinDenormal, env) == kPosInf);
  CHECK(env.raised == kDenormal);
  env = Env();
  CHECK(Mul(kMinDenormal, kNegZero, env) == kNegZero);
  CHECK(env.raised == kDenormal);
  // A pseudo-denormal is the normal number of the same value; results come back normalized.
  env = Env();
  CHECK(Add(F(0x0000, 0x8000000000000001), kPosZero, env) == F(0x0001, 0x8000000000000001));
  CHECK(env.raised == kDenormal);
  // Unmasked: no result, nothing else raised.
  env = Env(0x3D);
  Mul(kMinDenormal, Q(3), env);
  CHECK(env.suppress_result);
  CHECK(env.raised == kDenormal);
  // A NaN outranks DE.
  env = Env();
  Add(kMinDenormal, kIndefinite, env);
  CHECK(env.raised == 0);
}

TEST_CASE("Exact zero results take the sign the rounding mode gives", "[fpu]") {
  FpEnv env = Env();
  CHECK(Sub(Q(3), Q(3), env) == kPosZero);
  CHECK(Add(kNegZero, kPosZero, env) == kPosZero);
  CHECK(Add(kNegZero, kNegZero, env) == kNegZero);
  CHECK(Sub(kNegZero, kPosZero, env) == kNegZero);
  env = Env(0x3F, Rounding::kDown);
  CHECK(Sub(Q(3), Q(3), env) == kNegZero);
  CHECK(Add(kNegZero, kPosZero, env) == kNegZero);
}

TEST_CASE("Precision control rounds the significand only", "[fpu]") {
  FpEnv env = Env(0x3F, Rounding::kNearest, Precision::kSingle);
  CHECK(Div(Q(1), Q(3), env) == F(0x3FFD, 0xAAAAAB0000000000));
  CHECK(env.rounded_up);
  CHECK(env.raised == kPrecision);
  env = Env(0x3F, Rounding::kNearest, Precision::kDouble);
  CHECK(Div(Q(1), Q(3), env) == F(0x3FFD, 0xAAAAAAAAAAAAA800));
  CHECK(!env.rounded_up);
  env = Env(0x3F, Rounding::kNearest, Precision::kExtended);
  CHECK(Div(Q(1), Q(3), env) == F(0x3FFD, 0xAAAAAAAAAAAAAAAB));
  CHECK(env.rounded_up);
  // The exponent range stays extended: 2^-16000 is a normal number under PC = single.
  env = Env(0x3F, Rounding::kNearest, Precision::kSingle);
  CHECK(Mul(Q(1, -8000), Q(1, -8000), env) == Q(1, -16000));
  CHECK(env.raised == 0);
  // Halfway cases round to even at the precision's last bit.
  env = Env(0x3F, Rounding::kNearest, Precision::kSingle);
  CHECK(Add(Q(1), Q(1, -24), env) == Q(1));
  CHECK(Add(F(0x4000, 0xC000010000000000), Q(1, -23), env) == F(0x4000, 0xC000020000000000));
}

TEST_CASE("Overflow: masked per rounding mode, unmasked wraps the exponent", "[fpu]") {
  struct {
    Rounding rc;
    bool negative;
    bool to_inf;
  } const kCases[] = {
      {Rounding::kNearest, false, true}, {Rounding::kNearest, true, true},
      {Rounding::kTowardZero, false, false}, {Rounding::kTowardZero, true, false},
      {Rounding::kUp, false, true}, {Rounding::kUp, true, false},
      {Rounding::kDown, false, false}, {Rounding::kDown, true, true},
  };
  for (const auto& c : kCases) {
    FpEnv env = Env(0x3F, c.rc);
    Float80 big = c.negative ? Negate(kMaxNormal) : kMaxNormal;
    Float80 r = Add(big, big, env);
    CHECK(r == (c.to_inf ? (c.negative ? kNegInf : kPosInf) : big));
    CHECK(env.raised == (kOverflow | kPrecision));
    CHECK(env.rounded_up == c.to_inf);
  }
  FpEnv env = Env(0x3F, Rounding::kTowardZero, Precision::kSingle);
  CHECK(Mul(kMaxNormal, Q(2), env) == F(0x7FFE, 0xFFFFFF0000000000));
  env = Env(0x37);
  CHECK(Add(kMaxNormal, kMaxNormal, env) == F(0x7FFF - 24576, 0xFFFFFFFFFFFFFFFF));
  CHECK(env.raised == kOverflow);
  CHECK(!env.suppress_result);
}

TEST_CASE("Underflow: denormalize when masked, wrap when unmasked", "[fpu]") {
  FpEnv env = Env();
  CHECK(Mul(kMinNormal, Q(1, -1), env) == F(0x0000, 0x4000000000000000));
  CHECK(env.raised == 0);  // tiny but exact: no UE when masked
  CHECK(Mul(kMinDenormal, Q(1, -1), env) == kPosZero);  // a tie to even
  CHECK(env.raised == (kDenormal | kUnderflow | kPrecision));
  env = Env(0x3F, Rounding::kUp);
  CHECK(Mul(kMinDenormal, Q(1, -1), env) == kMinDenormal);
  CHECK(env.rounded_up);
  // Unmasked: UE even when exact, the exponent wrapped by +24576.
  env = Env(0x2F);
  CHECK(Mul(kMinNormal, Q(1, -1), env) == F(24576, 0x8000000000000000));
  CHECK(env.raised == kUnderflow);
  // Tininess is decided after rounding: a product that rounds up to 2^-16382 is not tiny.
  env = Env(0x2F, Rounding::kNearest, Precision::kSingle);
  CHECK(Mul(F(0x0001, 0xFFFFFF0000000000), F(0x3FFE, 0x8000008000000000), env) == kMinNormal);
  CHECK(env.raised == kPrecision);
  // Denormal results keep the precision's bit positions.
  env = Env(0x3F, Rounding::kNearest, Precision::kSingle);
  CHECK(Sub(F(0x0001, 0xC000018000000000), kMinNormal, env) == F(0x0000, 0x4000020000000000));
  CHECK(env.raised == (kUnderflow | kPrecision));
}

TEST_CASE("FSQRT is correctly rounded", "[fpu]") {
  FpEnv env = Env();
  CHECK(Sqrt(Q(2), env) == F(0x3FFF, 0xB504F333F9DE6484));
  CHECK(env.raised == kPrecision);
  CHECK(!env.rounded_up);
  env = Env(0x3F, Rounding::kUp);
  CHECK(Sqrt(Q(2), env) == F(0x3FFF, 0xB504F333F9DE6485));
  CHECK(env.rounded_up);
  env = Env();
  CHECK(Sqrt(Q(9, -2), env) == Q(3, -1));
  CHECK(Sqrt(kNegZero, env) == kNegZero);
  CHECK(Sqrt(kPosInf, env) == kPosInf);
  CHECK(env.raised == 0);
  CHECK(Sqrt(F(0x0000, 2), env) == F(16383 - 8222, 0x8000000000000000));  // sqrt(2^-16444)
  CHECK(env.raised == kDenormal);
}
