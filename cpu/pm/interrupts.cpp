// Interrupt and exception delivery through the IDT in protected and V86 mode: interrupt, trap
// and task gates, inner-level stack switches, exits from V86 mode.
// SDM Vol. 2A, INT n/INTO/INT3/INT1 ("Protected Mode" pseudo-code); Vol. 3A, 6.10-6.14, 20.3.1.
#include "cpu/pm/pm_internal.h"
#include "cpu/protected_mode.h"

namespace m86 {

using namespace pm;

namespace {

// Interrupt through a task gate: the TSS must be in the GDT, available and present
// (SDM Vol. 3A, 6.12.2).
void ThroughTaskGate(Cpu& c, const Descriptor& gate, uint32_t ext, bool has_error, uint32_t error_code) {
  const uint16_t tss_sel = gate.gate_selector();
  const uint32_t err = SelectorError(tss_sel, ext);
  Descriptor tss;
  if ((tss_sel & 4) || ReadDescriptor(c, tss_sel, &tss) != DescriptorLookup::kOk) c.Fault(kVecGp, err);
  const uint8_t type = tss.type();
  if (!tss.is_system() || !SystemTypeExists(c, type) ||
      (type != sys_type::kTss16 && type != sys_type::kTss32))
    c.Fault(kVecGp, err);
  if (!tss.present()) c.Fault(kVecNp, err);
  TaskSwitch(c, tss_sel, tss, TaskSource::kInterrupt, ext, has_error ? &error_code : nullptr);
}

// The frame of an interrupt or trap gate. Every push goes to `st` first; registers change only
// after the whole frame is written and the handler's EIP is known to be inside CS.
void ThroughTrapOrInterruptGate(Cpu& c, const Descriptor& gate, uint32_t ext, bool has_error,
                                uint32_t error_code) {
  const uint16_t cs_sel = gate.gate_selector();
  if (IsNullSelector(cs_sel)) c.Fault(kVecGp, ext);
  Descriptor cs = FetchDescriptor(c, cs_sel, kVecGp, ext);
  const uint32_t err = SelectorError(cs_sel, ext);
  if (!IsCode(cs) || cs.dpl() > c.s.cpl) c.Fault(kVecGp, err);
  if (!cs.present()) c.Fault(kVecNp, err);
  const bool v86 = c.s.eflags & flag::kVm;
  const bool inner = !IsConforming(cs) && cs.dpl() < c.s.cpl;
  if (v86) {
    // From V86 mode only a non-conforming ring-0 handler will do (SDM Vol. 3A, 20.3.1.1).
    if (!inner || cs.dpl() != 0) c.Fault(kVecGp, err);
  } else if (!inner && !IsConforming(cs) && cs.dpl() != c.s.cpl) {
    c.Fault(kVecGp, err);
  }
  const bool gate32 = gate.type() == sys_type::kIntGate32 || gate.type() == sys_type::kTrapGate32;
  const uint8_t new_cpl = inner ? cs.dpl() : c.s.cpl;
  const uint32_t eflags = c.GetFlags();
  StackBuilder st = inner ? InnerStackFromTss(c, new_cpl, ext) : CurrentStack(c, ext);
  if (v86) {
    st.PushSized(c, gate32, c.s.seg[kGs].selector);
    st.PushSized(c, gate32, c.s.seg[kFs].selector);
    st.PushSized(c, gate32, c.s.seg[kDs].selector);
    st.PushSized(c, gate32, c.s.seg[kEs].selector);
  }
  if (inner) {
    st.PushSized(c, gate32, c.s.seg[kSs].selector);
    st.PushSized(c, gate32, c.s.gpr[kEsp]);
  }
  st.PushSized(c, gate32, eflags);
  st.PushSized(c, gate32, c.s.seg[kCs].selector);
  st.PushSized(c, gate32, c.s.rip);
  if (has_error) st.PushSized(c, gate32, error_code);
  const uint32_t eip = gate32 ? gate.gate_offset() : (gate.gate_offset() & 0xFFFF);
  if (eip > cs.limit()) c.Fault(kVecGp, ext);
  MarkDescriptorAccessed(c, cs_sel, cs);

  // Commit. VM goes first so the segment caches below get protected-mode access checks.
  uint32_t clear = flag::kTf | flag::kNt | flag::kRf | flag::kVm;
  const uint8_t type = gate.type();
  if (type == sys_type::kIntGate16 || type == sys_type::kIntGate32) clear |= flag::kIf;
  c.s.eflags = eflags & ~clear;
  if (v86) {
    for (SegReg r : {kEs, kDs, kFs, kGs}) LoadNullSegment(c, r, 0);
  }
  st.Commit(c);
  LoadCs(c, cs_sel, cs, new_cpl);
  c.s.rip = eip;
}

}  // namespace

void DeliverInterruptProtected(Cpu& c, uint8_t vector, bool has_error, uint32_t error_code,
                               bool software) {
  if (LongModeActive(c.s)) {
    DeliverInterruptLong(c, vector, has_error, error_code, software);
    return;
  }
  // EXT: the event did not come from INT n, INT3 or INTO (SDM Vol. 3A, 6.13).
  const uint32_t ext = software ? 0 : 1;
  const uint32_t idt_err = uint32_t{vector} * 8 + 2 + ext;
  if (uint32_t{vector} * 8 + 7 > c.s.idtr.limit) c.Fault(kVecGp, idt_err);
  Descriptor gate;
  const uint32_t at = c.s.idtr.base + uint32_t{vector} * 8;
  gate.lo = c.ReadLinear<uint32_t>(at, true);
  gate.hi = c.ReadLinear<uint32_t>(at + 4, true);
  if (c.model().gen == kGen286) gate.hi &= 0xFFFF;  // the 80286 ignores the last word
  const uint8_t type = gate.type();
  const bool gate_type = type == sys_type::kTaskGate || type == sys_type::kIntGate16 ||
                         type == sys_type::kTrapGate16 || type == sys_type::kIntGate32 ||
                         type == sys_type::kTrapGate32;
  if (!gate.is_system() || !gate_type || !SystemTypeExists(c, type)) c.Fault(kVecGp, idt_err);
  // Software interrupts may only use gates whose DPL allows the caller (SDM Vol. 3A, 6.12.1.1).
  if (software && gate.dpl() < c.s.cpl) c.Fault(kVecGp, uint32_t{vector} * 8 + 2);
  if (!gate.present()) c.Fault(kVecNp, idt_err);
  if (type == sys_type::kTaskGate)
    ThroughTaskGate(c, gate, ext, has_error, error_code);
  else
    ThroughTrapOrInterruptGate(c, gate, ext, has_error, error_code);
}

}  // namespace m86
