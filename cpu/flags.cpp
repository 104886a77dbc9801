#include "cpu/flags.h"

namespace m86 {
namespace {

constexpr uint32_t Parity(uint64_t wide) {
  uint32_t v = static_cast<uint32_t>(wide & 0xFF);
  v ^= v >> 4;
  v ^= v >> 2;
  v ^= v >> 1;
  return (~v & 1) ? flag::kPf : 0;
}

}  // namespace

uint32_t ComputeArithFlags(const LazyFlags& l, uint32_t eflags) {
  if (l.op == LazyOp::kNone) return eflags & flag::kArith;
  const uint64_t mask = LazyMask(l);
  const uint64_t sign = uint64_t{1} << (l.bits - 1);
  const uint64_t res = l.res & mask, dst = l.dst & mask, src = l.src & mask;
  uint32_t f = Parity(res) | (res == 0 ? flag::kZf : 0) | ((res & sign) ? flag::kSf : 0);
  switch (l.op) {
    case LazyOp::kNone: return eflags & flag::kArith;
    case LazyOp::kAdd:
    case LazyOp::kAdc: {
      // For ADC and SBB, EFLAGS.CF still holds the carry-in (the handler materialized it).
      const bool cin = l.op == LazyOp::kAdc && (eflags & flag::kCf);
      const bool carry = cin ? res <= dst : res < dst;
      f |= carry ? flag::kCf : 0;
      f |= ((dst ^ src ^ res) & 0x10) ? flag::kAf : 0;
      f |= ((~(dst ^ src) & (dst ^ res)) & sign) ? flag::kOf : 0;
      return f;
    }
    case LazyOp::kSub:
    case LazyOp::kSbb: {
      const bool cin = l.op == LazyOp::kSbb && (eflags & flag::kCf);
      const bool borrow = cin ? dst <= src : dst < src;
      f |= borrow ? flag::kCf : 0;
      f |= ((dst ^ src ^ res) & 0x10) ? flag::kAf : 0;
      f |= (((dst ^ src) & (dst ^ res)) & sign) ? flag::kOf : 0;
      return f;
    }
    case LazyOp::kLogic: return f;
    case LazyOp::kInc:
      f |= eflags & flag::kCf;
      f |= ((res & 0xF) == 0) ? flag::kAf : 0;
      f |= (res == sign) ? flag::kOf : 0;
      return f;
    case LazyOp::kDec:
      f |= eflags & flag::kCf;
      f |= ((res & 0xF) == 0xF) ? flag::kAf : 0;
      f |= (res == sign - 1) ? flag::kOf : 0;
      return f;
  }
  return f;
}

bool FlagO(const CpuState& s) {
  const LazyFlags& l = s.lazy;
  if (l.op == LazyOp::kNone) return (s.eflags & flag::kOf) != 0;
  const uint64_t sign = uint64_t{1} << (l.bits - 1);
  switch (l.op) {
    case LazyOp::kNone: return (s.eflags & flag::kOf) != 0;
    case LazyOp::kLogic: return false;
    case LazyOp::kAdd:
    case LazyOp::kAdc: return ((~(l.dst ^ l.src) & (l.dst ^ l.res)) & sign) != 0;
    case LazyOp::kSub:
    case LazyOp::kSbb: return (((l.dst ^ l.src) & (l.dst ^ l.res)) & sign) != 0;
    default: return (ComputeArithFlags(l, s.eflags) & flag::kOf) != 0;
  }
}

}  // namespace m86
