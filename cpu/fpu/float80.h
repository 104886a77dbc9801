// Portable 80-bit extended-precision arithmetic with the x87's exact behaviour: precision and
// rounding control, denormals, unnormals, pseudo-denormals, infinities, QNaN/SNaN and the x87's
// NaN propagation, and every exception with its masked and unmasked response (SDM Vol. 1,
// chapter 8 and 4.8-4.9). No host floating point is used, so every host computes the same bits.
#pragma once
#include <cstdint>

namespace m86::fpu {

// The x87 register format: sign and 15-bit biased exponent, 64-bit significand with an explicit
// integer bit (SDM Vol. 1, 4.2.2, Figure 4-3).
struct Float80 {
  uint64_t mant = 0;
  uint16_t sign_exp = 0;  // bit 15: sign; bits 0-14: biased exponent (bias 16383)

  bool sign() const { return sign_exp >> 15; }
  uint16_t exp() const { return sign_exp & 0x7FFF; }
  bool operator==(const Float80&) const = default;
};

// Exception flags, laid out as in the FPU status word (bits 0-5) and control-word masks.
enum FpException : uint8_t {
  kInvalid = 1u << 0,       // IE (with SF for stack faults, which the x87 layer sets)
  kDenormal = 1u << 1,      // DE: an operand was denormal
  kZeroDivide = 1u << 2,    // ZE
  kOverflow = 1u << 3,      // OE
  kUnderflow = 1u << 4,     // UE
  kPrecision = 1u << 5,     // PE: the result was rounded
};

enum class Rounding : uint8_t { kNearest = 0, kDown = 1, kUp = 2, kTowardZero = 3 };  // CW.RC
enum class Precision : uint8_t { kSingle = 0, kDouble = 2, kExtended = 3 };          // CW.PC
// CW.PC = 01 is reserved: pass it through as static_cast<Precision>(1); it rounds to 64 bits,
// which is what the reference x87 does.

// What an operation runs under and what it reports. `masks` are control-word bits 0-5: a
// masked exception gets the default response; an unmasked one gets the response the SDM gives
// the exception handler (no result for IE/ZE/DE, a result with the exponent wrapped by 24576 for
// OE/UE on register destinations), and in both cases the flag is raised.
struct FpEnv {
  Rounding rounding = Rounding::kNearest;
  Precision precision = Precision::kExtended;
  uint8_t masks = 0x3F;
  uint8_t raised = 0;       // FpException bits raised by the operations since it was cleared
  bool rounded_up = false;  // C1 after a rounding: the significand was incremented (SDM 8.1.3.1)
  // True when an unmasked IE, ZE or DE means the destination must not be written.
  bool suppress_result = false;

  void Begin() { rounded_up = false; suppress_result = false; }
};

// Classification (SDM Vol. 1, 8.3.9 FXAM and 4.8.3).
enum class FpClass : uint8_t {
  kZero, kDenormal, kPseudoDenormal, kNormal, kInfinity, kQNaN, kSNaN, kUnsupported
};
FpClass Classify(const Float80& x);

// Constants (SDM Vol. 1, 8.3.8): rounded per the rounding control like the hardware does.
Float80 ConstOne();
Float80 ConstZero(bool negative);
Float80 ConstPi(Rounding rc);
Float80 ConstLog2e(Rounding rc);
Float80 ConstLog2_10(Rounding rc);
Float80 ConstLog10_2(Rounding rc);
Float80 ConstLn2(Rounding rc);
Float80 DefaultNaN();  // the "real indefinite" QNaN: sign 1, exponent all ones, C000...0

// Basic arithmetic, correctly rounded to `env.precision` with `env.rounding`.
Float80 Add(const Float80& a, const Float80& b, FpEnv& env);
Float80 Sub(const Float80& a, const Float80& b, FpEnv& env);
Float80 Mul(const Float80& a, const Float80& b, FpEnv& env);
Float80 Div(const Float80& a, const Float80& b, FpEnv& env);

// A source operand of FADD/FSUB/FSUBR/FMUL/FDIV/FDIVR/FCOM. A register operand converts
// implicitly. A float32/float64 memory operand (FADD m32, FCOM m64, ...) must come from
// MemoryOperand32/64, which widen it exactly *without* signalling: an SNaN stays signalling and
// a denormal keeps its mark, so the operation applies the NaN rules (a QNaN in ST(0) beats an
// SNaN in memory; of two SNaNs the larger widened significand wins) and the exception
// priorities (no DE beside a NaN operand or with ZE) as the hardware does. Converting with
// FromFloat32 first would quiet the SNaN and lose both. Integer operands (FIADD) go through
// FromInt64, which is exact and special-free.
struct FpOperand {
  Float80 value;
  bool denormal;  // counts as a denormal operand (DE) when the operation gets that far
  FpOperand(const Float80& x) : value(x), denormal(x.exp() == 0 && x.mant != 0) {}
  FpOperand(const Float80& x, bool is_denormal) : value(x), denormal(is_denormal) {}
};
FpOperand MemoryOperand32(uint32_t bits);
FpOperand MemoryOperand64(uint64_t bits);
Float80 Add(const FpOperand& a, const FpOperand& b, FpEnv& env);
Float80 Sub(const FpOperand& a, const FpOperand& b, FpEnv& env);
Float80 Mul(const FpOperand& a, const FpOperand& b, FpEnv& env);
Float80 Div(const FpOperand& a, const FpOperand& b, FpEnv& env);
Float80 Sqrt(const Float80& a, FpEnv& env);
Float80 RoundToInteger(const Float80& a, FpEnv& env);  // FRNDINT
Float80 Scale(const Float80& a, const Float80& b, FpEnv& env);  // FSCALE: a * 2^trunc(b)
// FXTRACT: *exponent = unbiased exponent as a Float80, returns the significand in [1, 2).
// A zero raises ZE and gives *exponent = -inf with the zero as the significand; an infinity
// gives +inf as the exponent; a NaN (or the indefinite, for IE) goes to both.
Float80 Extract(const Float80& a, Float80* exponent, FpEnv& env);
// FPREM (x87 truncating) and FPREM1 (IEEE): partial remainder; `quotient_bits` gets Q2 Q1 Q0
// and `complete` is false when the reduction needs another iteration (C2 = 1). The x87 maps
// Q2 -> C0, Q1 -> C3, Q0 -> C1; an incomplete reduction reports 0 there (C0 = C1 = C3 = 0, as
// measured on hardware), and leaves an exponent difference that is a multiple of 32.
Float80 PartialRemainder(const Float80& a, const Float80& b, bool ieee, FpEnv& env,
                         uint8_t* quotient_bits, bool* complete);
Float80 Abs(const Float80& a);
Float80 Negate(const Float80& a);

// Comparison: FCOM/FUCOM semantics. `quiet` (FUCOM) raises IE only for SNaN operands. The
// reference x87 writes the condition codes even when IE or DE is unmasked (the order returned
// here: unordered for NaNs and unsupported encodings), so suppress_result means nothing here.
enum class FpOrder : uint8_t { kLess, kEqual, kGreater, kUnordered };
FpOrder Compare(const Float80& a, const Float80& b, bool quiet, FpEnv& env);
FpOrder Compare(const FpOperand& a, const FpOperand& b, bool quiet, FpEnv& env);

// Conversions (FLD/FST/FIST/FBLD/FBSTP). Loads of float32/float64 are exact (an SNaN raises IE
// and becomes a QNaN; denormals raise DE); stores round to the format with its overflow and
// underflow rules; integer stores round per `env.rounding` (or truncate with `truncate`, FISTTP
// is not on these models) and give the integer indefinite on overflow/NaN with IE.
// An unmasked DE on FLD m32/m64 sets suppress_result (SDM Vol. 1, 8.5.2: TOP unchanged); the
// AMD reference host loads the value anyway.
Float80 FromFloat32(uint32_t bits, FpEnv& env);
Float80 FromFloat64(uint64_t bits, FpEnv& env);
Float80 FromInt64(int64_t value);  // exact; 16- and 32-bit integers go through this
uint32_t ToFloat32(const Float80& a, FpEnv& env);
uint64_t ToFloat64(const Float80& a, FpEnv& env);
// Integer stores: `bits` is 16, 32 or 64; returns the two's-complement pattern.
uint64_t ToInt(const Float80& a, int bits, FpEnv& env);
// Packed BCD: 18 digits plus sign byte (SDM Vol. 1, 4.7).
Float80 FromBcd(const uint8_t bytes[10], FpEnv& env);
void ToBcd(const Float80& a, uint8_t bytes[10], FpEnv& env);
// Rounds a value to `env.precision` as a register destination does (used by loads that must
// not round, and by the transcendentals' final rounding). The value is
//   (-1)^sign * significand * 2^(exponent - 16383 - 127),
// i.e. `exponent` is the biased exponent that bit 127 of `significand` carries; the significand
// need not be normalized (zero gives a signed zero), and any nonzero bits below the rounding
// position count as inexact, so fold a sticky bit into bit 0 for a truncated value. Overflow,
// underflow (tininess after rounding, SDM Vol. 1, 4.9.1.5), PE and env.rounded_up (C1) are
// handled as for FADD. Exponents far outside the range are fine (int32_t).
Float80 RoundToPrecision(bool sign, int32_t exponent, unsigned __int128 significand,
                         FpEnv& env);

// Transcendentals (fpu/transcendental_*.cpp): results within one unit in the last place of the
// 64-bit significand of a real x87; the reduction of FSIN/FCOS/FPTAN/FSINCOS uses the x87's own
// 66-bit value of pi, as the hardware does, and |x| >= 2^63 leaves the operand with C2 = 1.
// `out_of_range` reports that case.
Float80 Sin(const Float80& x, FpEnv& env, bool* out_of_range);
Float80 Cos(const Float80& x, FpEnv& env, bool* out_of_range);
// FSINCOS: returns sin(x) and stores cos(x) in *cos_out (the instruction replaces ST(0) with the
// sine and pushes the cosine); C1 (env.rounded_up) reports the sine's rounding, as hardware does.
Float80 SinCos(const Float80& x, FpEnv& env, bool* out_of_range, Float80* cos_out);
// FPTAN: returns tan(x); the instruction then pushes 1.0, or the result again when it is a NaN
// (what the host x87 does for NaN, infinite and unsupported operands).
Float80 Tan(const Float80& x, FpEnv& env, bool* out_of_range);
Float80 Atan2(const Float80& y, const Float80& x, FpEnv& env);  // FPATAN: atan(y / x)
Float80 Exp2Minus1(const Float80& x, FpEnv& env);               // F2XM1, |x| <= 1
Float80 YLog2X(const Float80& y, const Float80& x, FpEnv& env);      // FYL2X
Float80 YLog2XPlus1(const Float80& y, const Float80& x, FpEnv& env); // FYL2XP1

}  // namespace m86::fpu
