// Loads and stores of the memory formats: float32/float64, integers, packed BCD, and the
// RoundToPrecision entry point (SDM Vol. 2 FLD/FST/FILD/FIST/FBLD/FBSTP).
#include <cstring>

#include "fpu_test_util.h"

using namespace m86::fpu;
using namespace m86::fpu::test;

TEST_CASE("float32 and float64 loads are exact", "[fpu]") {
  FpEnv env = Env();
  CHECK(FromFloat32(0x3F800000, env) == Q(1));
  CHECK(FromFloat32(0x80000000, env) == kNegZero);
  CHECK(FromFloat32(0xFF800000, env) == kNegInf);
  CHECK(FromFloat32(0xFFC00000, env) == kIndefinite);
  CHECK(FromFloat64(0x7FF8000000000000, env) == F(0x7FFF, 0xC000000000000000));
  CHECK(FromFloat64(0xC00C000000000000, env) == Q(-7, -1));
  CHECK(env.raised == 0);
  CHECK(FromFloat32(0x7F800001, env) == F(0x7FFF, 0xC000010000000000));  // SNaN: quieted
  CHECK(env.raised == kInvalid);
  env = Env();
  CHECK(FromFloat32(0x00000001, env) == Q(1, -149));
  CHECK(FromFloat64(0x8000000000000001, env) == Q(-1, -1074));
  CHECK(env.raised == kDenormal);
  env = Env(0x3D);
  FromFloat64(0x0000000000000001, env);
  CHECK(env.suppress_result);  // SDM Vol. 1, 8.5.2: TOP unchanged
}

TEST_CASE("float32 and float64 stores round to the format", "[fpu]") {
  FpEnv env = Env();
  CHECK(ToFloat32(Q(1), env) == 0x3F800000u);
  CHECK(ToFloat64(Q(-1), env) == 0xBFF0000000000000u);
  CHECK(ToFloat32(kNegZero, env) == 0x80000000u);
  CHECK(ToFloat64(kPosInf, env) == 0x7FF0000000000000u);
  CHECK(env.raised == 0);
  CHECK(ToFloat32(F(0x3FFD, 0xAAAAAAAAAAAAAAAB), env) == 0x3EAAAAABu);
  CHECK(env.raised == kPrecision);
  CHECK(env.rounded_up);
  // NaNs keep the top of their payload; unsupported encodings store the indefinite.
  env = Env();
  CHECK(ToFloat32(F(0xFFFF, 0xC000020000000000), env) == 0xFFC00002u);
  CHECK(env.raised == 0);
  CHECK(ToFloat32(F(0x7FFF, 0x8000000000000001), env) == 0x7FC00000u);
  CHECK(ToFloat64(F(0x3FFF, 0x4000000000000000), env) == 0xFFF8000000000000u);
  CHECK(env.raised == kInvalid);
  // Overflow: masked per rounding mode; unmasked stores nothing.
  env = Env();
  CHECK(ToFloat32(kMaxNormal, env) == 0x7F800000u);
  CHECK(env.raised == (kOverflow | kPrecision));
  env = Env(0x3F, Rounding::kTowardZero);
  CHECK(ToFloat32(Negate(kMaxNormal), env) == 0xFF7FFFFFu);
  env = Env(0x37);
  ToFloat64(kMaxNormal, env);
  CHECK(env.suppress_result);
  CHECK(env.raised == kOverflow);
  // Underflow: denormals with ties to even; unmasked stores nothing.
  env = Env();
  CHECK(ToFloat32(Q(1, -150), env) == 0u);
  CHECK(env.raised == (kUnderflow | kPrecision));
  CHECK(ToFloat32(Q(3, -150), env) == 2u);
  CHECK(ToFloat64(Q(1, -1074), env) == 1u);
  env = Env(0x3F, Rounding::kUp);
  CHECK(ToFloat32(Q(1, -150), env) == 1u);
  CHECK(env.rounded_up);
  env = Env(0x2F);
  ToFloat32(Q(1, -149), env);  // exact, but tiny
  CHECK(env.suppress_result);
  CHECK(env.raised == kUnderflow);
  // Rounding up to the smallest normal is not an underflow.
  env = Env();
  CHECK(ToFloat32(F(0x3F80, 0xFFFFFF8000000000), env) == 0x00800000u);
  CHECK(env.raised == kPrecision);
}

TEST_CASE("Integer loads and stores", "[fpu]") {
  CHECK(FromInt64(0) == kPosZero);
  CHECK(FromInt64(-1) == Q(-1));
  CHECK(FromInt64(INT64_MIN) == F(0xC03E, 0x8000000000000000));
  FpEnv env = Env();
  CHECK(ToInt(Q(5, -1), 16, env) == 2u);
  CHECK(env.raised == kPrecision);
  CHECK(ToInt(Q(-32768), 16, env) == 0x8000u);
  CHECK(ToInt(Q(-1), 64, env) == ~0ull);
  CHECK(ToInt(F(0xC03E, 0x8000000000000000), 64, env) == 0x8000000000000000u);
  CHECK(ToInt(Q(-3, -1), 32, env) == 0xFFFFFFFEu);  // -1.5 -> -2
  CHECK(env.raised == kPrecision);
  // Out of range after rounding, NaN, infinity: the integer indefinite with IE.
  env = Env();
  CHECK(ToInt(Q(65535, -1), 16, env) == 0x8000u);  // 32767.5 rounds to 32768
  CHECK(env.raised == kInvalid);
  env = Env(0x3F, Rounding::kTowardZero);
  CHECK(ToInt(Q(65535, -1), 16, env) == 0x7FFFu);
  CHECK(env.raised == kPrecision);
  env = Env();
  CHECK(ToInt(F(0x403E, 0x8000000000000000), 64, env) == 0x8000000000000000u);
  CHECK(ToInt(kIndefinite, 32, env) == 0x80000000u);
  CHECK(ToInt(kNegInf, 16, env) == 0x8000u);
  CHECK(env.raised == kInvalid);
  env = Env(0x3E);
  ToInt(Q(1, 40), 32, env);
  CHECK(env.suppress_result);
}

TEST_CASE("Packed BCD loads and stores", "[fpu]") {
  const uint8_t digits[10] = {0x78, 0x56, 0x34, 0x12, 0x90, 0x78, 0x56, 0x34, 0x12, 0x80};
  FpEnv env = Env();
  Float80 v = FromBcd(digits, env);
  CHECK(v == FromInt64(-123456789012345678));
  uint8_t out[10];
  ToBcd(v, out, env);
  CHECK(std::memcmp(out, digits, 10) == 0);
  CHECK(env.raised == 0);
  const uint8_t neg_zero[10] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80};
  CHECK(FromBcd(neg_zero, env) == kNegZero);
  // Digits above 9 weigh their binary value (what the reference x87 does).
  const uint8_t bad[10] = {0xFA, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  CHECK(FromBcd(bad, env) == Q(160));
  ToBcd(Q(-25, -1), out, env);  // -12.5 -> -12
  CHECK((out[0] == 0x12 && out[1] == 0 && out[9] == 0x80));
  CHECK(env.raised == kPrecision);
  const uint8_t indefinite[10] = {0, 0, 0, 0, 0, 0, 0, 0xC0, 0xFF, 0xFF};
  env = Env();
  ToBcd(FromInt64(1000000000000000000), out, env);
  CHECK(std::memcmp(out, indefinite, 10) == 0);
  CHECK(env.raised == kInvalid);
  ToBcd(kIndefinite, out, env);
  CHECK(std::memcmp(out, indefinite, 10) == 0);
}

TEST_CASE("RoundToPrecision takes the exponent of significand bit 127", "[fpu]") {
  using U128 = unsigned __int128;
  FpEnv env = Env();
  CHECK(RoundToPrecision(false, 16383, U128{1} << 127, env) == Q(1));
  CHECK(RoundToPrecision(true, 16384, U128{3} << 126, env) == Q(-3));
  CHECK(RoundToPrecision(false, 16383 + 5, U128{1} << 120, env) == Q(1, -2));  // unnormalized
  CHECK(env.raised == 0);
  env = Env(0x3F, Rounding::kNearest, Precision::kSingle);
  CHECK(RoundToPrecision(false, 16383, ~U128{0}, env) == Q(2));
  CHECK(env.rounded_up);
  CHECK(env.raised == kPrecision);
}

TEST_CASE("float32/float64 memory operands keep SNaNs and denormal marks", "[fpu]") {
  const Float80 qnan_small = F(0x7FFF, 0xC000000000000001);
  FpEnv env = Env();
  // A QNaN in ST(0) beats an SNaN in memory even though the widened SNaN is larger.
  CHECK(Add(qnan_small, MemoryOperand32(0x7F800001), env) == qnan_small);
  CHECK(env.raised == kInvalid);
  env = Env();
  CHECK(Add(F(0x7FFF, 0x8000000000000001), MemoryOperand32(0x7F800001), env) ==
        F(0x7FFF, 0xC000010000000000));
  CHECK(env.raised == kInvalid);
  // A denormal source raises DE, but not beside a NaN nor with ZE.
  env = Env();
  CHECK(Add(Q(1), MemoryOperand32(1), env) == Q(1));
  CHECK(env.raised == (kDenormal | kPrecision));
  env = Env();
  CHECK(Add(qnan_small, MemoryOperand64(1), env) == qnan_small);
  CHECK(env.raised == 0);
  CHECK(Div(MemoryOperand32(1), kPosZero, env) == kPosInf);
  CHECK(env.raised == kZeroDivide);
  env = Env();
  CHECK(Compare(Q(1), MemoryOperand64(1), false, env) == FpOrder::kGreater);
  CHECK(env.raised == kDenormal);
  env = Env(0x3D);
  Sub(MemoryOperand32(0x80000001), Q(2), env);
  CHECK(env.suppress_result);
  // The widened value is exact.
  CHECK(MemoryOperand64(0x3FF8000000000000).value == Q(3, -1));
  CHECK(!MemoryOperand64(0x3FF8000000000000).denormal);
  CHECK(MemoryOperand32(0x00400000).value == Q(1, -127));
  CHECK(MemoryOperand32(0x00400000).denormal);
}
