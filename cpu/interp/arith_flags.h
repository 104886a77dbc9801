// Eager flag helpers shared by the arithmetic families (muldiv, shift, bcd, bit): results whose
// flags are not those of one of the lazily recorded ALU operations.
#pragma once
#include <cstdint>
#include <type_traits>

#include "cpu/interp/operands.h"

namespace m86 {

// Twice the width of T, for products, dividends and double shifts: 64 bits for operands up to
// 32 bits, 128 for 64-bit ones.
template <typename T>
using DoubleWidth = std::conditional_t<sizeof(T) == 8, unsigned __int128, uint64_t>;
template <typename T>
using SignedDoubleWidth = std::conditional_t<sizeof(T) == 8, __int128, int64_t>;

// PF: set when the low byte holds an even number of ones (SDM Vol. 1, 3.4.3.1).
inline uint32_t ParityFlag(uint64_t wide) {
  uint32_t v = static_cast<uint32_t>(wide & 0xFF);
  v ^= v >> 4;
  v ^= v >> 2;
  v ^= v >> 1;
  return (v & 1) ? 0 : flag::kPf;
}

// SF, ZF and PF of a result of width T.
template <typename T>
inline uint32_t SignZeroParity(T v) {
  return ((v & kSignBit<T>) ? flag::kSf : 0) | (v == 0 ? flag::kZf : 0) | ParityFlag(v);
}

// All six status flags of `a + b` or `a - b` at width T, as the ALU computes them.
template <typename T>
inline uint32_t AddFlags(T a, T b) {
  LazyFlags l{a, b, static_cast<T>(a + b), LazyOp::kAdd, static_cast<uint8_t>(kBits<T>)};
  return ComputeArithFlags(l, 0);
}
template <typename T>
inline uint32_t SubFlags(T a, T b) {
  LazyFlags l{a, b, static_cast<T>(a - b), LazyOp::kSub, static_cast<uint8_t>(kBits<T>)};
  return ComputeArithFlags(l, 0);
}

// Writes the status flags under `mask` (a subset of flag::kArith). Unlike Cpu::SetFlags it skips
// the attention recomputation (the status flags never change what the dispatcher watches), and
// when all six are written it drops the pending lazy operation without evaluating it.
inline void SetArithFlags(Cpu& c, uint32_t value, uint32_t mask = flag::kArith) {
  if (mask != flag::kArith) c.GetFlags();
  c.s.lazy.op = LazyOp::kNone;
  c.s.eflags = (c.s.eflags & ~mask) | (value & mask);
}

// True when the REP/REPNE prefix is present (the 8086 microcode reads it as its F1 flag).
inline bool HasRepPrefix(const DecodedInsn& d) {
  return (d.flags & (insn_flag::kRep | insn_flag::kRepne)) != 0;
}

}  // namespace m86
