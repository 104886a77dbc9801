// Quadword stack accesses and the null SS of IA-32e mode (SDM Vol. 3A, 6.14.2-6.14.4).
#include "cpu/canonical.h"
#include "cpu/pm/pm_internal.h"
#include "cpu/segments.h"

namespace m86::pm {

uint64_t ReadQword(Cpu& c, uint64_t lin, bool user, uint32_t error) {
  if (!IsCanonical(lin) || !IsCanonical(lin + 7)) c.Fault(kVecSs, error);
  const uint64_t lo = c.ReadLinear<uint32_t>(lin, !user);
  return lo | (uint64_t{c.ReadLinear<uint32_t>(lin + 4, !user)} << 32);
}

void WriteQword(Cpu& c, uint64_t lin, uint64_t value, bool user, uint32_t error) {
  if (!IsCanonical(lin) || !IsCanonical(lin + 7)) c.Fault(kVecSs, error);
  // Both halves' pages are checked for writing first, so a fault leaves memory unchanged.
  c.Translate(lin, Access::kWrite, user);
  c.Translate(lin + 4, Access::kWrite, user);
  c.WriteLinear<uint32_t>(lin, static_cast<uint32_t>(value), !user);
  c.WriteLinear<uint32_t>(lin + 4, static_cast<uint32_t>(value >> 32), !user);
}

uint64_t TssStackPointer(Cpu& c, uint32_t offset, uint32_t ext) {
  const Segment& tr = c.s.tr;
  if (offset + 7 > tr.limit) c.Fault(kVecTs, SelectorError(tr.selector, ext));
  const uint64_t lo = c.ReadLinear<uint32_t>(tr.base + offset, true);
  return lo | (uint64_t{c.ReadLinear<uint32_t>(tr.base + offset + 4, true)} << 32);
}

void WriteFarReturn64(Cpu& c, uint64_t rsp, uint32_t size, uint16_t cs, uint64_t rip) {
  const auto write = [&](uint64_t at, uint64_t v) {
    if (size == 8) c.Write<uint64_t>(kSs, at, v);
    else if (size == 4) c.Write<uint32_t>(kSs, at, static_cast<uint32_t>(v));
    else c.Write<uint16_t>(kSs, at, static_cast<uint16_t>(v));
  };
  write(rsp - size, cs);
  write(rsp - 2 * size, rip);
}

void LoadNullStack64(Cpu& c, uint16_t sel) {
  Segment& ss = c.s.seg[kSs];
  ss.selector = sel;
  ss.base = 0;
  ss.limit = 0xFFFFFFFFu;
  ss.attr = static_cast<uint16_t>(seg_attr::kPresent | seg_attr::kNonSystem | seg_attr::kWritable |
                                  seg_attr::kAccessed | ((sel & 3) << seg_attr::kDplShift) |
                                  seg_attr::kBig | seg_attr::kGranular);
  RefreshSegmentChecks(c, ss);
}

}  // namespace m86::pm
