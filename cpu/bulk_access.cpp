#include "cpu/bulk_access.h"

#include "cpu/cpu.h"
#include "cpu/debug.h"

namespace m86 {
namespace {

// Data breakpoints are matched on the slow path of each access only (debug.cpp); a page they
// watch (for this kind of access) gets no host pointer. Decoded from DR7 here because the
// CPU's own decoded copy is private; DR7 enables nothing in all but debugging sessions.
bool WatchedByBreakpoint(const Cpu& c, uint64_t lin, bool write) {
  if (!(c.s.dr[7] & 0xFF)) return false;
  Breakpoints bp;
  bp.Decode(c.s.dr, (c.s.cr4 & cr4::kDe) != 0);
  return (bp.TlbRestrictions(PageBase(lin)) & (write ? 2 : 1)) != 0;
}

}  // namespace

const uint8_t* HostPointerForRead(Cpu& c, uint64_t lin) {
  const PhysAddr phys = c.Translate(lin, Access::kRead, c.s.cpl == 3);
  if (WatchedByBreakpoint(c, lin, false)) return nullptr;
  const uint8_t* page = c.memory().PageForRead(phys >> kPageShift);
  return page ? page + (phys & (kPageSize - 1)) : nullptr;
}

uint8_t* HostPointerForWrite(Cpu& c, uint64_t lin) {
  const PhysAddr phys = c.Translate(lin, Access::kWrite, c.s.cpl == 3);
  if (WatchedByBreakpoint(c, lin, true)) return nullptr;
  uint8_t* page = c.memory().PageForWrite(phys >> kPageShift);
  return page ? page + (phys & (kPageSize - 1)) : nullptr;
}

}  // namespace m86
