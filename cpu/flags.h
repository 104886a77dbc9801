// Lazy arithmetic flags (DESIGN.md, "Flags"): semantics record the operation; EFLAGS' arithmetic
// bits are computed only when something reads them.
#pragma once
#include <cstdint>

#include "cpu/state.h"

namespace m86 {

// Computes CF PF AF ZF SF OF for the recorded operation (SDM Vol. 1, Appendix A).
uint32_t ComputeArithFlags(const LazyFlags& lazy, uint32_t eflags);

inline void SetLazy(CpuState& s, LazyOp op, int bits, uint32_t dst, uint32_t src, uint32_t res) {
  s.lazy.op = op;
  s.lazy.bits = static_cast<uint8_t>(bits);
  s.lazy.dst = dst;
  s.lazy.src = src;
  s.lazy.res = res;
}

// Evaluates condition code `cc` (the low nibble of Jcc/SETcc/CMOVcc; SDM Vol. 1, Table B-1).
bool EvaluateCondition(CpuState& s, uint8_t cc);

}  // namespace m86
