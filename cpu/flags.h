// Lazy arithmetic flags (DESIGN.md, "Flags"): semantics record the operation; EFLAGS' arithmetic
// bits are computed only when something reads them.
#pragma once
#include <cstdint>

#include "cpu/state.h"

namespace m86 {

// Computes CF PF AF ZF SF OF for the recorded operation (SDM Vol. 1, Appendix A).
uint32_t ComputeArithFlags(const LazyFlags& lazy, uint32_t eflags);

inline void SetLazy(CpuState& s, LazyOp op, int bits, uint64_t dst, uint64_t src, uint64_t res) {
  s.lazy.op = op;
  s.lazy.bits = static_cast<uint8_t>(bits);
  s.lazy.dst = dst;
  s.lazy.src = src;
  s.lazy.res = res;
}

// Single flags straight from the lazy state, without materializing the other five: the hot
// paths (Jcc, carry-in of ADC/SBB, INC/DEC keeping CF) need one or two flags at a time.
inline uint64_t LazyMask(const LazyFlags& l) { return ~uint64_t{0} >> (64 - l.bits); }
inline bool FlagZ(const CpuState& s) {
  return s.lazy.op == LazyOp::kNone ? (s.eflags & flag::kZf) != 0
                                    : (s.lazy.res & LazyMask(s.lazy)) == 0;
}
inline bool FlagS(const CpuState& s) {
  return s.lazy.op == LazyOp::kNone ? (s.eflags & flag::kSf) != 0
                                    : ((s.lazy.res >> (s.lazy.bits - 1)) & 1) != 0;
}
inline bool FlagC(const CpuState& s) {
  const LazyFlags& l = s.lazy;
  const bool cin = (s.eflags & flag::kCf) != 0;  // carry-in of ADC/SBB, kept CF of INC/DEC
  if (l.op == LazyOp::kNone) return cin;
  const uint64_t m = LazyMask(l);
  switch (l.op) {
    case LazyOp::kNone:
    case LazyOp::kInc:
    case LazyOp::kDec: return cin;
    case LazyOp::kLogic: return false;
    case LazyOp::kAdd: return (l.res & m) < (l.dst & m);
    case LazyOp::kAdc: return cin ? (l.res & m) <= (l.dst & m) : (l.res & m) < (l.dst & m);
    case LazyOp::kSub: return (l.dst & m) < (l.src & m);
    case LazyOp::kSbb: return cin ? (l.dst & m) <= (l.src & m) : (l.dst & m) < (l.src & m);
  }
  return cin;
}
bool FlagO(const CpuState& s);
// EFLAGS as the guest reads it, without materializing into the state (digests, --jit check).
inline uint32_t GuestEflags(const CpuState& s) {
  return (s.eflags & ~flag::kArith) | ComputeArithFlags(s.lazy, s.eflags);
}
// Stores the current CF into EFLAGS (the carry-in of ADC/SBB, the CF that INC/DEC keep).
inline uint32_t MaterializeCarry(CpuState& s) {
  const uint32_t cf = FlagC(s) ? flag::kCf : 0;
  s.eflags = (s.eflags & ~flag::kCf) | cf;
  return cf;
}

// Evaluates condition code `cc` (the low nibble of Jcc/SETcc/CMOVcc; SDM Vol. 1, Table B-1).
inline bool EvaluateCondition(const CpuState& s, uint8_t cc) {
  bool r;
  switch ((cc >> 1) & 7) {
    case 0: r = FlagO(s); break;                    // O
    case 1: r = FlagC(s); break;                    // B/C
    case 2: r = FlagZ(s); break;                    // Z/E
    case 3: r = FlagC(s) || FlagZ(s); break;        // BE
    case 4: r = FlagS(s); break;                    // S
    case 5:                                         // P
      r = (ComputeArithFlags(s.lazy, s.eflags) & flag::kPf) != 0;
      break;
    case 6: r = FlagS(s) != FlagO(s); break;        // L
    default: r = FlagZ(s) || (FlagS(s) != FlagO(s)); break;  // LE
  }
  return (cc & 1) ? !r : r;
}

}  // namespace m86
