// Shared pieces of the sse_*.cpp files: the binary32/binary64 formats, unpacking with DAZ, the
// one-step rounding to a format with FTZ, the SSE NaN rules and the per-lane exception record.
#pragma once
#include <cstdint>

#include "cpu/fpu/float80_internal.h"
#include "cpu/fpu/sse_float.h"

namespace m86::fpu::sse {

using detail::U128;

// An IEEE interchange format (SDM Vol. 1, 4.2.2, Table 4-3): its fields as bit counts.
struct Format {
  int frac_bits;  // stored fraction (the significand has one more, implicit, bit)
  int exp_bits;

  constexpr int32_t Bias() const { return (1 << (exp_bits - 1)) - 1; }
  constexpr uint64_t FracMask() const { return (uint64_t{1} << frac_bits) - 1; }
  constexpr uint64_t ExpField() const { return (uint64_t{1} << exp_bits) - 1; }
  constexpr uint64_t SignBit() const { return uint64_t{1} << (frac_bits + exp_bits); }
  constexpr uint64_t QuietBit() const { return uint64_t{1} << (frac_bits - 1); }
  constexpr uint64_t Infinity(bool sign) const {
    return (sign ? SignBit() : 0) | ExpField() << frac_bits;
  }
  constexpr uint64_t Zero(bool sign) const { return sign ? SignBit() : 0; }
  // The QNaN floating-point indefinite (SDM Vol. 1, 4.8.3.7, Table 4-3).
  constexpr uint64_t Indefinite() const { return Infinity(true) | QuietBit(); }
};
constexpr Format kSingle{23, 8};
constexpr Format kDouble{52, 11};

enum class Kind : uint8_t { kZero, kFinite, kInfinity, kQNaN, kSNaN };

// One operand: for kFinite, value = sig * 2^(exp - 63) with bit 63 of sig set (denormals are
// normalized here, with their flag kept for DE).
struct Operand {
  uint64_t bits;
  Kind kind;
  bool sign;
  bool denormal;  // a denormal source that DAZ did not turn into a zero
  int32_t exp;
  uint64_t sig;

  bool IsNaN() const { return kind == Kind::kQNaN || kind == Kind::kSNaN; }
};

// The MXCSR an operation runs under and the flags one lane raises, split into pre-computation
// (IE, DE, ZE) and post-computation (OE, UE, PE) exceptions, which packed instructions combine
// across lanes (SDM Vol. 1, 11.5.2).
struct LaneEnv {
  uint32_t mxcsr;
  uint8_t pre = 0;
  uint8_t post = 0;

  explicit LaneEnv(uint32_t m) : mxcsr(m) {}
  Rounding rounding() const { return static_cast<Rounding>((mxcsr >> kMxcsrRoundShift) & 3); }
  uint8_t masks() const { return (mxcsr >> kMxcsrMaskShift) & 0x3F; }
  bool Masked(uint8_t flag) const { return masks() & flag; }
};

Operand Unpack(uint64_t bits, const Format& f, const LaneEnv& env);
uint64_t Quiet(uint64_t bits, const Format& f);

// Rounds sign * sig * 2^(exp - 127) (sig nonzero; bits below the precision count as inexact,
// so fold a sticky bit into bit 0 of a truncated value) to the format with `rc`: overflow and
// underflow (tininess after rounding; UE for an unmasked exception even when exact, for a
// masked one only when inexact; FTZ flushes tiny results to zero with UE and PE when UE is
// masked) go to env.post (SDM Vol. 1, 4.9.1.4-4.9.1.5, 10.2.3.3).
uint64_t RoundPack(bool sign, int32_t exp, U128 sig, const Format& f, Rounding rc, LaneEnv& env);
inline uint64_t RoundPack(bool sign, int32_t exp, U128 sig, const Format& f, LaneEnv& env) {
  return RoundPack(sign, exp, sig, f, env.rounding(), env);
}

// The NaN result of an operation with a NaN operand (SDM Vol. 1, Table 4-7 for SSE): the first
// source's NaN if it is one, else the second's, quieted; IE for any SNaN. `b` may be null for
// one-operand operations.
uint64_t PropagateNaN(const Operand& a, const Operand* b, const Format& f, LaneEnv& env);

// IE with the QNaN indefinite as the masked response.
inline uint64_t Invalid(const Format& f, LaneEnv& env) {
  env.pre |= kInvalid;
  return f.Indefinite();
}

// Raises DE when either operand is a denormal (after DAZ).
inline void CheckDenormal(const Operand& a, const Operand* b, LaneEnv& env) {
  if (a.denormal || (b && b->denormal)) env.pre |= kDenormal;
}

// --- Lane operations (sse_arith.cpp). ---
uint64_t AddLane(uint64_t a, uint64_t b, bool subtract, const Format& f, LaneEnv& env);
uint64_t MulLane(uint64_t a, uint64_t b, const Format& f, LaneEnv& env);
uint64_t DivLane(uint64_t a, uint64_t b, const Format& f, LaneEnv& env);
uint64_t SqrtLane(uint64_t a, const Format& f, LaneEnv& env);
uint64_t MinMaxLane(uint64_t a, uint64_t b, bool max, const Format& f, LaneEnv& env);
uint64_t ArithLane(SseArith op, uint64_t a, uint64_t b, const Format& f, LaneEnv& env);

enum class Order : uint8_t { kLess, kEqual, kGreater, kUnordered };
// The order of two operands; raises IE for SNaNs, or for any NaN when `signal_qnan`, and DE.
Order CompareLane(uint64_t a, uint64_t b, bool signal_qnan, const Format& f, LaneEnv& env);

// --- Conversions (sse_convert.cpp). ---
uint64_t ConvertLane(uint64_t bits, const Format& from, const Format& to, LaneEnv& env);
uint64_t IntToFloat(int64_t value, const Format& f, LaneEnv& env);
// Returns the two's-complement pattern in `bits` (32 or 64) bits.
uint64_t FloatToInt(uint64_t a, const Format& f, int bits, bool truncate, LaneEnv& env);

// --- Packing lanes into a result (Finish: sse_core.cpp). ---
inline const Format& FormatOf(bool wide) { return wide ? kDouble : kSingle; }
inline uint64_t GetLane(const Xmm& x, bool wide, int i) { return wide ? x.F64(i) : x.F32(i); }
inline void SetLane(Xmm& x, bool wide, int i, uint64_t v) {
  if (wide) {
    x.SetF64(i, v);
  } else {
    x.SetF32(i, static_cast<uint32_t>(v));
  }
}
inline bool IsWide(SseShape s) { return s == SseShape::kPd || s == SseShape::kSd; }
inline int LaneCount(SseShape s) { return s == SseShape::kPs ? 4 : s == SseShape::kPd ? 2 : 1; }
// The flags and fault of a finished instruction from its lanes' record (SDM Vol. 1, 11.5.2).
void Finish(const LaneEnv& env, uint8_t* flags, bool* fault);
inline SseResult Finished(const Xmm& value, const LaneEnv& env) {
  SseResult r;
  r.value = value;
  Finish(env, &r.flags, &r.fault);
  return r;
}

// Sets lanes 0..count-1 (64-bit lanes when `wide`) of a copy of `base` to `lane(i, env)`; the
// other lanes keep base's bits.
template <class LaneFn>
SseResult ForLanes(bool wide, int count, const Xmm& base, uint32_t mxcsr, LaneFn lane) {
  LaneEnv env(mxcsr);
  Xmm out = base;
  for (int i = 0; i < count; ++i) SetLane(out, wide, i, lane(i, env));
  return Finished(out, env);
}
// The lanes of a shape; scalar forms keep dst's other lanes.
template <class LaneFn>
SseResult ForLanes(SseShape shape, const Xmm& dst, uint32_t mxcsr, LaneFn lane) {
  return ForLanes(IsWide(shape), LaneCount(shape), dst, mxcsr, lane);
}

}  // namespace m86::fpu::sse
