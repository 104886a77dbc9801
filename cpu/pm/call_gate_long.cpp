// JMP and CALL through a call gate in IA-32e mode (SDM Vol. 3A, 5.8.3.1 and 5.8.5; Vol. 2A, CALL
// and JMP, "IA-32e mode" pseudo-code): 16-byte gates whose target is 64-bit code; a CALL to an
// inner level takes RSPn from the 64-bit TSS with a null SS and copies no parameters; the
// return address and the caller's SS:RSP are quadwords.
#include "cpu/canonical.h"
#include "cpu/pm/pm_internal.h"

namespace m86::pm {

void ThroughCallGate64(Cpu& c, bool call, uint16_t gate_sel, const Descriptor& gate) {
  const uint32_t gate_err = SelectorError(gate_sel, 0);
  if (gate.dpl() < c.s.cpl || Rpl(gate_sel) > gate.dpl()) c.Fault(kVecGp, gate_err);
  if (!gate.present()) c.Fault(kVecNp, gate_err);
  uint32_t offset_high = 0, last = 0;
  if (ReadDescriptorUpper(c, gate_sel, &offset_high, &last) != DescriptorLookup::kOk ||
      ((last >> 8) & 0x1F) != 0)
    c.Fault(kVecGp, gate_err);

  // The target: present 64-bit code (L = 1, D = 0) at DPL <= CPL.
  const uint16_t cs_sel = gate.gate_selector();
  if (IsNullSelector(cs_sel)) c.Fault(kVecGp, 0);
  Descriptor cs = FetchDescriptor(c, cs_sel, kVecGp, 0);
  const uint32_t err = SelectorError(cs_sel, 0);
  const uint16_t attr = cs.attr();
  const bool code64 = (attr & seg_attr::kLong) && !(attr & seg_attr::kBig);
  if (!IsCode(cs) || cs.dpl() > c.s.cpl || !code64) c.Fault(kVecGp, err);
  // JMP through a gate never changes privilege: a non-conforming target must be at CPL.
  if (!call && !IsConforming(cs) && cs.dpl() != c.s.cpl) c.Fault(kVecGp, err);
  if (!cs.present()) c.Fault(kVecNp, err);
  const uint64_t rip = gate.gate_offset() | (uint64_t{offset_high} << 32);
  if (!IsCanonical(rip)) c.Fault(kVecGp, 0);

  if (!call) {
    MarkDescriptorAccessed(c, cs_sel, cs);
    LoadCs(c, cs_sel, cs, c.s.cpl);
    c.s.rip = rip;
    return;
  }
  const bool inner = !IsConforming(cs) && cs.dpl() < c.s.cpl;
  const uint8_t new_cpl = inner ? cs.dpl() : c.s.cpl;
  const uint64_t old_rsp = c.s.gpr[kEsp];
  uint64_t rsp = inner ? TssStackPointer(c, 4 + 8u * new_cpl, 0) : old_rsp;
  // 64-bit code uses RSP whatever SS holds; a compatibility-mode caller's stack has 32 bits.
  if (!c.InCode64() && !inner) rsp = static_cast<uint32_t>(rsp);
  const bool user = new_cpl == 3;
  int count = 0;
  const auto push = [&](uint64_t v) { WriteQword(c, rsp - 8u * ++count, v, user, 0); };
  if (inner) {
    push(c.s.seg[kSs].selector);
    push(old_rsp);
  }
  push(c.s.seg[kCs].selector);
  push(c.s.rip);
  MarkDescriptorAccessed(c, cs_sel, cs);
  // Commit: an inner call loads SS with a null selector whose RPL is the new CPL.
  if (inner) LoadNullStack64(c, new_cpl);
  LoadCs(c, cs_sel, cs, new_cpl);
  c.s.gpr[kEsp] = rsp - 8u * count;
  c.s.rip = rip;
}

}  // namespace m86::pm
