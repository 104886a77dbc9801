// Far JMP and CALL in protected mode: code segments, call gates (with the stack switch and
// parameter copy of an inner-level CALL), task gates and TSS descriptors.
// SDM Vol. 2A, JMP and CALL ("Protected Mode" and "IA-32e mode" pseudo-code); Vol. 3A, 5.8
// and 7.3. 64-bit call gates are in call_gate_long.cpp.
#include "cpu/canonical.h"
#include "cpu/pm/pm_internal.h"
#include "cpu/protected_mode.h"

namespace m86 {

using namespace pm;

namespace {

enum class Kind { kJmp, kCall };

// A direct transfer to a code segment: CPL does not change and CS.RPL becomes CPL. The offset
// has the operand size (`size` bytes); a 64-bit target needs a canonical one, any other target
// one inside the limit. A CALL from 64-bit code pushes through RSP with `size`-byte slots.
void ToCodeSegment(Cpu& c, Kind kind, uint16_t sel, Descriptor d, uint64_t offset, uint32_t size) {
  const uint32_t err = SelectorError(sel, 0);
  if (IsConforming(d)) {
    if (d.dpl() > c.s.cpl) c.Fault(kVecGp, err);
  } else if (Rpl(sel) > c.s.cpl || d.dpl() != c.s.cpl) {
    c.Fault(kVecGp, err);
  }
  if (!d.present()) c.Fault(kVecNp, err);
  const bool to64 = Is64BitCode(c, sel, d);
  const uint64_t rip = size == 2 ? (offset & 0xFFFF) : offset;
  if (c.InCode64()) {
    const uint64_t rsp = c.s.gpr[kEsp];
    if (kind == Kind::kCall) WriteFarReturn64(c, rsp, size, c.s.seg[kCs].selector, c.s.rip);
    if (to64 ? !IsCanonical(rip) : rip > d.limit()) c.Fault(kVecGp, 0);
    MarkDescriptorAccessed(c, sel, d);
    if (kind == Kind::kCall) c.s.gpr[kEsp] = rsp - 2 * size;
    LoadCs(c, sel, d, c.s.cpl);
    c.s.rip = rip;
    return;
  }
  const bool o32 = size == 4;
  StackBuilder st = CurrentStack(c, 0);
  if (kind == Kind::kCall) {
    st.PushSized(c, o32, c.s.seg[kCs].selector);
    st.PushSized(c, o32, static_cast<uint32_t>(c.s.rip));
  }
  if (!to64 && rip > d.limit()) c.Fault(kVecGp, 0);
  MarkDescriptorAccessed(c, sel, d);
  c.s.gpr[kEsp] = st.esp;
  LoadCs(c, sel, d, c.s.cpl);
  c.s.rip = rip;
}

// CALL through a call gate to a more privileged non-conforming segment: the new stack comes
// from the TSS and receives the old SS:ESP, the gate's parameter count of words or dwords from
// the old stack, and the return address (SDM Vol. 3A, 5.8.5, Figure 5-13).
void CallInner(Cpu& c, const Descriptor& gate, uint16_t cs_sel, Descriptor cs) {
  const bool gate32 = gate.type() == sys_type::kCallGate32;
  const uint8_t new_cpl = cs.dpl();
  StackBuilder st = InnerStackFromTss(c, new_cpl, 0);
  const uint32_t old_esp = c.s.gpr[kEsp];
  const bool old_big = c.s.seg[kSs].attr & seg_attr::kBig;
  st.PushSized(c, gate32, c.s.seg[kSs].selector);
  st.PushSized(c, gate32, old_esp);
  const uint32_t size = gate32 ? 4 : 2;
  for (int i = gate.gate_param_count() - 1; i >= 0; --i) {
    const uint32_t at = old_esp + static_cast<uint32_t>(i) * size;
    const uint32_t off = old_big ? at : (at & 0xFFFF);
    const uint32_t v = gate32 ? c.Read<uint32_t>(kSs, off) : c.Read<uint16_t>(kSs, off);
    st.PushSized(c, gate32, v);
  }
  st.PushSized(c, gate32, c.s.seg[kCs].selector);
  st.PushSized(c, gate32, c.s.rip);
  const uint32_t eip = gate32 ? gate.gate_offset() : (gate.gate_offset() & 0xFFFF);
  if (eip > cs.limit()) c.Fault(kVecGp, 0);
  MarkDescriptorAccessed(c, cs_sel, cs);
  st.Commit(c);
  LoadCs(c, cs_sel, cs, new_cpl);
  c.s.rip = eip;
}

void ThroughCallGate(Cpu& c, Kind kind, uint16_t gate_sel, const Descriptor& gate) {
  if (gate.dpl() < c.s.cpl || Rpl(gate_sel) > gate.dpl())
    c.Fault(kVecGp, SelectorError(gate_sel, 0));
  if (!gate.present()) c.Fault(kVecNp, SelectorError(gate_sel, 0));
  const uint16_t cs_sel = gate.gate_selector();
  if (IsNullSelector(cs_sel)) c.Fault(kVecGp, 0);
  Descriptor cs = FetchDescriptor(c, cs_sel, kVecGp, 0);
  const uint32_t err = SelectorError(cs_sel, 0);
  if (!IsCode(cs) || cs.dpl() > c.s.cpl) c.Fault(kVecGp, err);
  // JMP through a gate never changes privilege: a non-conforming target must be at CPL.
  if (kind == Kind::kJmp && !IsConforming(cs) && cs.dpl() != c.s.cpl) c.Fault(kVecGp, err);
  if (!cs.present()) c.Fault(kVecNp, err);
  const bool gate32 = gate.type() == sys_type::kCallGate32;
  if (kind == Kind::kCall && !IsConforming(cs) && cs.dpl() < c.s.cpl) {
    CallInner(c, gate, cs_sel, cs);
    return;
  }
  const uint32_t eip = gate32 ? gate.gate_offset() : (gate.gate_offset() & 0xFFFF);
  StackBuilder st = CurrentStack(c, 0);
  if (kind == Kind::kCall) {
    st.PushSized(c, gate32, c.s.seg[kCs].selector);
    st.PushSized(c, gate32, c.s.rip);
  }
  if (eip > cs.limit()) c.Fault(kVecGp, 0);
  MarkDescriptorAccessed(c, cs_sel, cs);
  c.s.gpr[kEsp] = st.esp;
  LoadCs(c, cs_sel, cs, c.s.cpl);
  c.s.rip = eip;
}

// The TSS a task gate or a JMP/CALL names: in the GDT, a TSS type, not busy, present.
void SwitchToTss(Cpu& c, Kind kind, uint16_t tss_sel, const Descriptor& tss) {
  const uint32_t err = SelectorError(tss_sel, 0);
  const uint8_t type = tss.type();
  if (!tss.is_system() || !SystemTypeExists(c, type) ||
      (type != sys_type::kTss16 && type != sys_type::kTss32))
    c.Fault(kVecGp, err);
  if (!tss.present()) c.Fault(kVecNp, err);
  TaskSwitch(c, tss_sel, tss, kind == Kind::kCall ? TaskSource::kCall : TaskSource::kJmp, 0,
             nullptr);
}

void ThroughTaskGate(Cpu& c, Kind kind, uint16_t gate_sel, const Descriptor& gate) {
  if (gate.dpl() < c.s.cpl || gate.dpl() < Rpl(gate_sel))
    c.Fault(kVecGp, SelectorError(gate_sel, 0));
  if (!gate.present()) c.Fault(kVecNp, SelectorError(gate_sel, 0));
  const uint16_t tss_sel = gate.gate_selector();
  Descriptor tss;
  if ((tss_sel & 4) || ReadDescriptor(c, tss_sel, &tss) != DescriptorLookup::kOk)
    c.Fault(kVecGp, SelectorError(tss_sel, 0));
  SwitchToTss(c, kind, tss_sel, tss);
}

void FarTransfer(Cpu& c, Kind kind, uint16_t sel, uint64_t offset, uint32_t size) {
  if (IsNullSelector(sel)) c.Fault(kVecGp, 0);
  const Descriptor d = FetchDescriptor(c, sel, kVecGp, 0);
  const uint32_t err = SelectorError(sel, 0);
  if (IsCode(d)) {
    ToCodeSegment(c, kind, sel, d, offset, size);
    return;
  }
  if (!d.is_system() || !SystemTypeExists(c, d.type())) c.Fault(kVecGp, err);
  if (LongModeActive(c.s)) {
    // IA-32e mode has no task switches (SDM Vol. 3A, 7.7) and only 16-byte 64-bit call gates
    // (5.8.3.1), whatever the operand size.
    if (d.type() != kCallGate64) c.Fault(kVecGp, err);
    ThroughCallGate64(c, kind == Kind::kCall, sel, d);
    return;
  }
  switch (d.type()) {
    case sys_type::kCallGate16:
    case sys_type::kCallGate32:
      ThroughCallGate(c, kind, sel, d);
      return;
    case sys_type::kTaskGate:
      ThroughTaskGate(c, kind, sel, d);
      return;
    case sys_type::kTss16:
    case sys_type::kTss32:
      // A TSS named directly: it lives in the GDT and its DPL must allow the caller
      // (SDM Vol. 3A, 7.2.2).
      if ((sel & 4) || d.dpl() < c.s.cpl || d.dpl() < Rpl(sel)) c.Fault(kVecGp, err);
      SwitchToTss(c, kind, sel, d);
      return;
    default:
      c.Fault(kVecGp, err);  // busy TSS, LDT, interrupt and trap gates
  }
}

}  // namespace

void FarJumpProtected(Cpu& c, uint16_t selector, uint64_t offset, uint32_t size) {
  FarTransfer(c, Kind::kJmp, selector, offset, size);
}

void FarCallProtected(Cpu& c, uint16_t selector, uint64_t offset, uint32_t size) {
  FarTransfer(c, Kind::kCall, selector, offset, size);
}

}  // namespace m86
