// The memory formats of x87 operands (SDM Vol. 1, 4.2 and 8.2, Table 8-1): reading and writing
// them, converting them to and from the register format, and their indefinite values.
#pragma once
#include <cstdint>

#include "cpu/interp/x87_core.h"

namespace m86::x87 {

enum class Fmt : uint8_t { kF32, kF64, kF80, kI16, kI32, kI64, kBcd };

// An operand's bytes: up to eight in `lo`, bytes 8-9 (80-bit formats) in `hi`.
struct RawValue {
  uint64_t lo = 0;
  uint16_t hi = 0;
};

template <Fmt F>
inline RawValue ReadRaw(Cpu& c, const DecodedInsn& d) {
  if constexpr (F == Fmt::kF32 || F == Fmt::kI32) {
    return {c.Read<uint32_t>(d.seg, EffectiveAddress(c, d)), 0};
  } else if constexpr (F == Fmt::kI16) {
    return {c.Read<uint16_t>(d.seg, EffectiveAddress(c, d)), 0};
  } else if constexpr (F == Fmt::kF64 || F == Fmt::kI64) {
    return {ReadMem64(c, d), 0};
  } else {
    const Float80 v = ReadMem80(c, d);
    return {v.mant, v.sign_exp};
  }
}

template <Fmt F>
inline void WriteRaw(Cpu& c, const DecodedInsn& d, const RawValue& v) {
  if constexpr (F == Fmt::kF32 || F == Fmt::kI32) {
    c.Write<uint32_t>(d.seg, EffectiveAddress(c, d), static_cast<uint32_t>(v.lo));
  } else if constexpr (F == Fmt::kI16) {
    c.Write<uint16_t>(d.seg, EffectiveAddress(c, d), static_cast<uint16_t>(v.lo));
  } else if constexpr (F == Fmt::kF64 || F == Fmt::kI64) {
    WriteMem64(c, d, v.lo);
  } else {
    WriteMem80(c, d, Float80{v.lo, v.hi});
  }
}

inline void UnpackBcd(const RawValue& v, uint8_t bytes[10]) {
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<uint8_t>(v.lo >> (8 * i));
  bytes[8] = static_cast<uint8_t>(v.hi);
  bytes[9] = static_cast<uint8_t>(v.hi >> 8);
}

// Memory to register. Integer and 80-bit loads are exact; 32/64-bit reals raise IE for an SNaN
// and DE for a denormal (SDM Vol. 2A, FLD); an 80-bit load raises nothing.
template <Fmt F>
inline Float80 ToRegister(const RawValue& v, FpEnv& env) {
  if constexpr (F == Fmt::kF32) {
    return fpu::FromFloat32(static_cast<uint32_t>(v.lo), env);
  } else if constexpr (F == Fmt::kF64) {
    return fpu::FromFloat64(v.lo, env);
  } else if constexpr (F == Fmt::kF80) {
    return Float80{v.lo, v.hi};
  } else if constexpr (F == Fmt::kI16) {
    return fpu::FromInt64(static_cast<int16_t>(v.lo));
  } else if constexpr (F == Fmt::kI32) {
    return fpu::FromInt64(static_cast<int32_t>(v.lo));
  } else if constexpr (F == Fmt::kI64) {
    return fpu::FromInt64(static_cast<int64_t>(v.lo));
  } else {
    uint8_t bytes[10];
    UnpackBcd(v, bytes);
    return fpu::FromBcd(bytes, env);
  }
}

// A source operand of FADD..FDIVR and FCOM from memory. Reals are widened without signalling,
// so the operation itself applies the NaN rules and exception priorities (float80.h,
// FpOperand); integers are exact.
template <Fmt F>
inline fpu::FpOperand SourceOperand(const RawValue& v) {
  if constexpr (F == Fmt::kF32) {
    return fpu::MemoryOperand32(static_cast<uint32_t>(v.lo));
  } else if constexpr (F == Fmt::kF64) {
    return fpu::MemoryOperand64(v.lo);
  } else if constexpr (F == Fmt::kI16) {
    return fpu::FromInt64(static_cast<int16_t>(v.lo));
  } else {
    static_assert(F == Fmt::kI32, "arithmetic memory operands are m32/m64 reals, m16/m32 ints");
    return fpu::FromInt64(static_cast<int32_t>(v.lo));
  }
}

// Register to memory, rounded per the control word (SDM Vol. 2A, FST/FIST/FBSTP).
template <Fmt F>
inline RawValue FromRegister(const Float80& x, FpEnv& env) {
  if constexpr (F == Fmt::kF32) {
    return {fpu::ToFloat32(x, env), 0};
  } else if constexpr (F == Fmt::kF64) {
    return {fpu::ToFloat64(x, env), 0};
  } else if constexpr (F == Fmt::kF80) {
    return {x.mant, x.sign_exp};
  } else if constexpr (F == Fmt::kI16) {
    return {fpu::ToInt(x, 16, env) & 0xFFFF, 0};
  } else if constexpr (F == Fmt::kI32) {
    return {fpu::ToInt(x, 32, env) & 0xFFFFFFFFu, 0};
  } else if constexpr (F == Fmt::kI64) {
    return {fpu::ToInt(x, 64, env), 0};
  } else {
    uint8_t bytes[10];
    fpu::ToBcd(x, bytes, env);
    RawValue v;
    for (int i = 0; i < 8; ++i) v.lo |= uint64_t{bytes[i]} << (8 * i);
    v.hi = static_cast<uint16_t>(bytes[8] | (bytes[9] << 8));
    return v;
  }
}

// The masked response of a store whose source is empty: the format's indefinite (SDM Vol. 1,
// 4.8.3.7 Table 4-3, 4.2.2 and 4.7 for the integer and packed BCD indefinites).
template <Fmt F>
inline RawValue Indefinite() {
  if constexpr (F == Fmt::kF32) {
    return {0xFFC00000u, 0};
  } else if constexpr (F == Fmt::kF64) {
    return {0xFFF8000000000000ull, 0};
  } else if constexpr (F == Fmt::kF80) {
    return {Indef().mant, Indef().sign_exp};
  } else if constexpr (F == Fmt::kI16) {
    return {0x8000u, 0};
  } else if constexpr (F == Fmt::kI32) {
    return {0x80000000u, 0};
  } else if constexpr (F == Fmt::kI64) {
    return {0x8000000000000000ull, 0};
  } else {
    return {0xC000000000000000ull, 0xFFFF};
  }
}

}  // namespace m86::x87
