// IRET/IRETD in protected and V86 mode: nested-task returns, returns to the same and to outer
// privilege levels, returns to V86 mode, and IRET inside V86 mode.
// SDM Vol. 2A, IRET/IRETD pseudo-code; Vol. 3A, 6.12.1, 7.4 and 20.2.7.
#include "cpu/interp/flag_rules.h"
#include "cpu/interp/operands.h"
#include "cpu/pm/pm_internal.h"
#include "cpu/protected_mode.h"
#include "cpu/segments.h"

namespace m86 {

using namespace pm;

namespace {



// NT = 1: back to the task in the current TSS's previous-task link, which must be a busy TSS
// in the GDT (SDM Vol. 2A, IRET, TASK-RETURN).
void TaskReturn(Cpu& c) {
  const uint16_t link = c.ReadLinear<uint16_t>(c.s.tr.base, true);
  const uint32_t err = SelectorError(link, 0);
  Descriptor d;
  if ((link & 4) || ReadDescriptor(c, link, &d) != DescriptorLookup::kOk) c.Fault(kVecTs, err);
  const uint8_t type = d.type();
  if (!d.is_system() || !SystemTypeExists(c, type) ||
      (type != sys_type::kTss16Busy && type != sys_type::kTss32Busy))
    c.Fault(kVecTs, err);
  if (!d.present()) c.Fault(kVecNp, err);
  TaskSwitch(c, link, d, TaskSource::kIret, 0, nullptr);
}

// IRETD at CPL 0 with VM set in the image: EIP CS EFLAGS ESP SS ES DS FS GS, then V86 mode at
// CPL 3 (SDM Vol. 2A, IRET, RETURN-TO-VIRTUAL-8086-MODE).
void ReturnToV86(Cpu& c, uint32_t eip, uint16_t cs, uint32_t flags) {
  uint32_t v[6];
  for (int i = 0; i < 6; ++i) v[i] = PeekStack<uint32_t>(c, 12 + 4 * i);
  // The V86 CS limit is 64 KiB.
  if (eip > 0xFFFF) c.Fault(kVecGp, 0);
  c.SetFlags(flags, ModelFlagsMask(c));
  c.s.gpr[kEsp] = v[0];
  static constexpr SegReg kOrder[] = {kSs, kEs, kDs, kFs, kGs};
  for (int i = 0; i < 5; ++i) LoadSegmentRealMode(c, kOrder[i], static_cast<uint16_t>(v[i + 1]));
  LoadSegmentRealMode(c, kCs, cs);
  c.s.rip = eip;
  SetCpl(c, 3);
}

}  // namespace

void InterruptReturnProtected(Cpu& c, bool o32) {
  if (c.s.eflags & flag::kNt) {
    TaskReturn(c);
    return;
  }
  const uint32_t size = o32 ? 4 : 2;
  const uint32_t offset = PeekSized(c, o32, 0);
  const uint16_t cs_sel = static_cast<uint16_t>(PeekSized(c, o32, size));
  const uint32_t flags = PeekSized(c, o32, 2 * size);
  if (o32 && (flags & flag::kVm) && c.s.cpl == 0) {
    ReturnToV86(c, offset, cs_sel, flags);
    return;
  }
  Descriptor cs = CheckReturnCs(c, cs_sel);
  const uint32_t eip = o32 ? offset : (offset & 0xFFFF);
  const uint8_t rpl = Rpl(cs_sel);
  // The flags follow POPF's rules at the current (old) CPL: IOPL only at CPL 0, IF only when
  // CPL <= IOPL; IRETD also restores RF, and at CPL 0 VIF and VIP.
  uint32_t mask = PopfWritableMask(c);
  if (o32) {
    mask |= flag::kRf;
    if (c.s.cpl == 0) mask |= flag::kVif | flag::kVip;
    mask &= ModelFlagsMask(c);
  } else {
    mask &= 0xFFFF;
  }
  if (rpl == c.s.cpl) {
    if (eip > cs.limit()) c.Fault(kVecGp, 0);
    ReleaseStack(c, 3 * size);
    c.SetFlags(flags, mask);
    LoadCs(c, cs_sel, cs, rpl);
    c.s.rip = eip;
    return;
  }
  // Outer level: SS:ESP follow the flags image.
  const uint32_t new_esp = PeekSized(c, o32, 3 * size);
  const uint16_t ss_sel = static_cast<uint16_t>(PeekSized(c, o32, 4 * size));
  const Descriptor ss = CheckOuterSs(c, ss_sel, rpl);
  if (eip > cs.limit()) c.Fault(kVecGp, 0);
  c.SetFlags(flags, mask);
  LoadCs(c, cs_sel, cs, rpl);
  c.s.rip = eip;
  LoadSs(c, ss_sel, ss);
  SetStackPointer(c, new_esp);
  NullInaccessibleDataSegments(c);
}

void InterruptReturnV86(Cpu& c, bool o32) {
  const uint32_t iopl = (c.s.eflags & flag::kIopl) >> 12;
  const bool vme = (c.s.cr4 & cr4::kVme) && !o32;
  if (iopl < 3 && !vme) c.Fault(kVecGp, 0);  // to the V86 monitor (SDM Vol. 3A, 20.2.7)
  const uint32_t size = o32 ? 4 : 2;
  const uint32_t offset = PeekSized(c, o32, 0);
  const uint16_t cs_sel = static_cast<uint16_t>(PeekSized(c, o32, size));
  const uint32_t flags = PeekSized(c, o32, 2 * size);
  const uint32_t eip = o32 ? offset : (offset & 0xFFFF);
  // POPF's V86 rules: IOPL, VM, VIF and VIP stay; IRETD also restores RF.
  uint32_t mask = PopfWritableMask(c) & ~(flag::kIopl | flag::kVm | flag::kVif | flag::kVip);
  if (o32) mask |= flag::kRf; else mask &= 0xFFFF;
  uint32_t value = flags;
  if (iopl < 3) {
    // CR4.VME with IOPL < 3: the popped IF goes to VIF; a set TF, or IF with VIP pending,
    // goes to the monitor instead (SDM Vol. 2A, IRET, RETURN-FROM-VIRTUAL-8086-MODE).
    if ((flags & flag::kTf) || ((flags & flag::kIf) && (c.s.eflags & flag::kVip))) c.Fault(kVecGp, 0);
    mask = (mask & ~flag::kIf) | flag::kVif;
    value = (flags & ~flag::kVif) | ((flags & flag::kIf) ? flag::kVif : 0);
  }
  if (eip > c.s.seg[kCs].limit) c.Fault(kVecGp, 0);
  ReleaseStack(c, 3 * size);
  c.SetFlags(value, mask);
  LoadSegmentRealMode(c, kCs, cs_sel);
  c.s.rip = eip;
}

}  // namespace m86
