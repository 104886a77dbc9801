// Shared pieces of the float80_*.cpp files: unpacking, the rounding core, operand screening and
// the x87's NaN rules. Integer arithmetic only (see float80.h).
#pragma once
#include <cstdint>

#include "cpu/fpu/float80.h"

namespace m86::fpu::detail {

using U128 = unsigned __int128;

constexpr int32_t kBias = 16383;
constexpr uint16_t kMaxExp = 0x7FFF;
constexpr uint64_t kIntBit = 1ull << 63;
constexpr uint64_t kQuietBit = 1ull << 62;
// Exponent wrap for unmasked overflow and underflow on register destinations (SDM Vol. 1,
// 8.5.4 and 8.5.5).
constexpr int32_t kWrapBias = 24576;

inline int Clz64(uint64_t x) { return __builtin_clzll(x); }
inline int Clz128(U128 x) {
  uint64_t hi = static_cast<uint64_t>(x >> 64);
  return hi ? Clz64(hi) : 64 + Clz64(static_cast<uint64_t>(x));
}
// Shift right, folding every bit shifted out into bit 0 ("sticky").
inline U128 ShiftRightJam(U128 x, int32_t n) {
  if (n <= 0) return x;
  if (n >= 128) return x != 0;
  return (x >> n) | ((x & ((U128{1} << n) - 1)) != 0);
}

// floor(sqrt(n)) for n in [2^126, 2^128): a 64-bit root (float80_sqrt.cpp; the SSE formats
// use it too).
uint64_t Isqrt128(U128 n);

// --- Classification helpers (SDM Vol. 1, 8.2.2 and 8.2.3). ---
inline bool IsZero(const Float80& x) { return x.exp() == 0 && x.mant == 0; }
inline bool IsInf(const Float80& x) { return x.exp() == kMaxExp && x.mant == kIntBit; }
inline bool IsNaN(const Float80& x) { return x.exp() == kMaxExp && (x.mant & kIntBit) && (x.mant << 1); }
inline bool IsSNaN(const Float80& x) { return IsNaN(x) && !(x.mant & kQuietBit); }
// Exponent 0 with a nonzero significand: denormals and pseudo-denormals.
inline bool IsDenormal(const Float80& x) { return x.exp() == 0 && x.mant != 0; }
// Unnormals, pseudo-zeros, pseudo-infinities and pseudo-NaNs: invalid operands on the 387 and
// later (SDM Vol. 1, 8.2.2 "Unsupported Double Extended-Precision Floating-Point Encodings").
inline bool IsUnsupported(const Float80& x) { return x.exp() != 0 && !(x.mant & kIntBit); }

// A finite value as sign, biased exponent and significand: value = sig * 2^(exp - kBias - 63),
// with sig normalized (bit 63 set) unless the value is zero. Denormals get exponents below 1.
struct Unpacked {
  bool sign;
  int32_t exp;
  uint64_t sig;
};
inline Unpacked Unpack(const Float80& x) {
  if (x.exp() != 0) return {x.sign(), x.exp(), x.mant};
  if (x.mant == 0) return {x.sign(), 0, 0};
  int lz = Clz64(x.mant);
  return {x.sign(), 1 - lz, x.mant << lz};
}
inline Float80 Make(bool sign, uint16_t exp, uint64_t mant) {
  return Float80{mant, static_cast<uint16_t>((sign ? 0x8000 : 0) | exp)};
}
inline Float80 Infinity(bool sign) { return Make(sign, kMaxExp, kIntBit); }

// --- Exceptions. ---
// Raises a pre-computation exception (IE, ZE, DE): an unmasked one suppresses the result.
// Returns true when the exception is masked, i.e. the operation goes on.
inline bool Signal(FpEnv& env, uint8_t flag) {
  env.raised |= flag;
  if (env.masks & flag) return true;
  env.suppress_result = true;
  return false;
}
// IE with the default result, the real indefinite.
inline Float80 Invalid(FpEnv& env) {
  Signal(env, kInvalid);
  return DefaultNaN();
}

// --- NaN rules (SDM Vol. 1, 4.8.3.5 and Table 4-7). ---
inline Float80 Quiet(const Float80& x) { return Float80{x.mant | kQuietBit, x.sign_exp}; }
// The result of an operation with a NaN among its operands (neither unsupported): raises IE for
// an SNaN and picks the NaN the x87 delivers.
Float80 PropagateNaN(const Float80& a, const Float80& b, FpEnv& env);
Float80 PropagateNaN(const Float80& a, FpEnv& env);
// Screens the operands of a two-operand arithmetic instruction: unsupported encodings give IE
// and the real indefinite, NaNs propagate. Returns true with *out set when that decided.
bool ScreenOperands(const Float80& a, const Float80& b, FpEnv& env, Float80* out);
bool ScreenOperand(const Float80& a, FpEnv& env, Float80* out);

// --- Rounding. ---
// Whether rounding away the bits below `lsb` (`rest`) increments the kept part `kept`, per SDM
// Vol. 1, Table 4-8 (shared with the SSE formats, cpu/fpu/sse_*).
bool RoundsUp(Rounding rc, bool sign, U128 kept, U128 rest, U128 lsb);

// A destination format: significand bits and the biased (bias 16383) exponents of its normal
// numbers.
struct Format {
  int bits;
  int32_t emin;
  int32_t emax;
};
constexpr Format kExtendedFormat{64, 1, 0x7FFE};
constexpr Format kDoubleFormat{53, kBias - 1022, kBias + 1023};
constexpr Format kSingleFormat{24, kBias - 126, kBias + 127};
inline Format RegisterFormat(Precision p) {
  int bits = p == Precision::kSingle ? 24 : p == Precision::kDouble ? 53 : 64;
  return Format{bits, 1, 0x7FFE};
}
// A rounded result: exp in [emin, emax] for normal numbers, emin - 1 for denormals and zeros,
// emax + 1 for infinity; mant holds the significand left-aligned (bit 63 = integer bit).
struct Packed {
  bool sign;
  int32_t exp;
  uint64_t mant;
};
// Rounds sign * sig * 2^(exp - kBias - 127) to the format with env's rounding control, raising
// PE/UE/OE and setting env.rounded_up. `register_dest`: unmasked OE/UE wrap the exponent and
// deliver the result (SDM Vol. 1, 8.5.4-8.5.5); otherwise they suppress the store.
Packed RoundCore(bool sign, int32_t exp, U128 sig, const Format& fmt, bool register_dest,
                 FpEnv& env);
inline Float80 PackExtended(const Packed& p) {
  return Make(p.sign, static_cast<uint16_t>(p.exp), p.mant);
}
// Rounds to an extended register with `bits` of precision (64 for the instructions precision
// control does not affect).
Float80 RoundRegister(bool sign, int32_t exp, U128 sig, int bits, FpEnv& env);

// The integer FIST/FBSTP store: |a| rounded per `rc` (a finite, supported). Returns false when it
// exceeds `limit`; otherwise raises PE when inexact and sets env.rounded_up.
bool IntegerMagnitude(const Float80& a, Rounding rc, uint64_t limit, uint64_t* magnitude,
                      FpEnv& env);

}  // namespace m86::fpu::detail
