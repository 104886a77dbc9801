// IRET, IRETD and IRETQ in IA-32e mode (SDM Vol. 2A, IRET, "IA-32e-MODE"; Vol. 3A, 6.14.3):
// no task returns and no virtual-8086 mode; back to 64-bit or compatibility-mode code at the
// same or an outer level. In 64-bit mode SS:RSP are always popped, so the frame an interrupt
// pushed is always consumed whole.
#include "cpu/canonical.h"
#include "cpu/interp/flag_rules.h"
#include "cpu/interp/operands.h"
#include "cpu/pm/pm_internal.h"
#include "cpu/protected_mode.h"

namespace m86 {

using namespace pm;

namespace {

// The stack slot `index` (of `size` bytes) above the top.
uint64_t PeekSlot(Cpu& c, uint32_t size, uint32_t index) {
  return PeekStackSlot(c, size, size * index);
}

}  // namespace

void InterruptReturnLong(Cpu& c, uint32_t size) {
  if (c.s.eflags & flag::kNt) c.Fault(kVecGp, 0);  // no task switches in IA-32e mode
  const uint64_t offset = PeekSlot(c, size, 0);
  const auto cs_sel = static_cast<uint16_t>(PeekSlot(c, size, 1));
  const auto flags = static_cast<uint32_t>(PeekSlot(c, size, 2));
  const Descriptor cs = CheckReturnCs(c, cs_sel);
  const bool to64 = Is64BitCode(c, cs_sel, cs);
  const uint8_t rpl = Rpl(cs_sel);
  const bool pop_stack = Code64(c.s) || rpl != c.s.cpl;
  uint64_t new_rsp = 0;
  uint16_t ss_sel = 0;
  Descriptor ss;
  if (pop_stack) {
    new_rsp = PeekSlot(c, size, 3);
    ss_sel = static_cast<uint16_t>(PeekSlot(c, size, 4));
    // A null SS is allowed only for a return to 64-bit mode below CPL 3, with RPL = CPL.
    if (IsNullSelector(ss_sel)) {
      if (!to64 || rpl == 3 || Rpl(ss_sel) != rpl) c.Fault(kVecGp, 0);
    } else {
      ss = CheckOuterSs(c, ss_sel, rpl);
    }
  }
  // The target RIP: canonical for 64-bit code, inside the limit for compatibility mode.
  const uint64_t rip = to64 ? offset : (size == 2 ? offset & 0xFFFF : offset & 0xFFFFFFFFu);
  if (to64 ? !IsCanonical(rip) : rip > cs.limit()) c.Fault(kVecGp, 0);
  // The flags follow POPF's rules at the current (old) CPL, as in protected mode; VM stays
  // clear in IA-32e mode.
  uint32_t mask = PopfWritableMask(c);
  if (size >= 4) {
    mask |= flag::kRf;
    if (c.s.cpl == 0) mask |= flag::kVif | flag::kVip;
    mask &= ModelFlagsMask(c) & ~flag::kVm;
  } else {
    mask &= 0xFFFF;
  }

  // Commit.
  const bool outer = rpl != c.s.cpl;
  if (!pop_stack) ReleaseStack(c, 3 * size);
  c.SetFlags(flags, mask);
  LoadCs(c, cs_sel, cs, rpl);
  c.s.rip = rip;
  if (pop_stack) {
    if (IsNullSelector(ss_sel))
      LoadNullStack64(c, ss_sel);
    else
      LoadSs(c, ss_sel, ss);
    // A 16-bit or 32-bit pop gives the low bits; the rest are cleared (SDM Vol. 2A, IRET).
    c.s.gpr[kEsp] = size == 2 ? (c.s.gpr[kEsp] & ~uint64_t{0xFFFF}) | (new_rsp & 0xFFFF)
                              : new_rsp;
  }
  if (outer) NullInaccessibleDataSegments(c);
}

}  // namespace m86
