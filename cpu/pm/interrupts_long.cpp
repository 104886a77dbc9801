// Interrupt and exception delivery in IA-32e mode (SDM Vol. 3A, 6.14; Vol. 2A, INT n,
// "IA-32e-MODE"): 16-byte IDT gates, 64-bit interrupt and trap gates only, 64-bit handlers, the
// stack aligned to 16 bytes, a frame of SS:RSP:RFLAGS:CS:RIP always, stacks from the 64-bit TSS
// (RSP0-RSP2, IST1-IST7; Vol. 3A, 7.7).
#include "cpu/canonical.h"
#include "cpu/pm/pm_internal.h"

namespace m86::pm {

void DeliverInterruptLong(Cpu& c, uint8_t vector, bool has_error, uint32_t error_code,
                          bool software) {
  // EXT and the IDT error code as in protected mode (SDM Vol. 3A, 6.13).
  const uint32_t ext = software ? 0 : 1;
  const uint32_t idt_err = uint32_t{vector} * 8 + 2 + ext;
  if (uint32_t{vector} * 16 + 15 > c.s.idtr.limit) c.Fault(kVecGp, idt_err);
  const uint64_t at = c.s.idtr.base + uint64_t{vector} * 16;
  Descriptor gate;
  gate.lo = c.ReadLinear<uint32_t>(at, true);
  gate.hi = c.ReadLinear<uint32_t>(at + 4, true);
  const uint32_t offset_high = c.ReadLinear<uint32_t>(at + 8, true);
  const uint8_t type = gate.type();
  if (!gate.is_system() || (type != kIntGate64 && type != kTrapGate64)) c.Fault(kVecGp, idt_err);
  if (software && gate.dpl() < c.s.cpl) c.Fault(kVecGp, uint32_t{vector} * 8 + 2);
  if (!gate.present()) c.Fault(kVecNp, idt_err);

  // The handler's code segment: present 64-bit code (L = 1, D = 0) at DPL <= CPL.
  const uint16_t cs_sel = gate.gate_selector();
  if (IsNullSelector(cs_sel)) c.Fault(kVecGp, ext);
  Descriptor cs = FetchDescriptor(c, cs_sel, kVecGp, ext);
  const uint32_t err = SelectorError(cs_sel, ext);
  const uint16_t cs_attr = cs.attr();
  const bool code64 = (cs_attr & seg_attr::kLong) && !(cs_attr & seg_attr::kBig);
  if (!IsCode(cs) || cs.dpl() > c.s.cpl || !code64) c.Fault(kVecGp, err);
  if (!cs.present()) c.Fault(kVecNp, err);
  const bool inner = !IsConforming(cs) && cs.dpl() < c.s.cpl;
  const uint8_t new_cpl = inner ? cs.dpl() : c.s.cpl;
  const uint64_t rip = gate.gate_offset() | (uint64_t{offset_high} << 32);
  if (!IsCanonical(rip)) c.Fault(kVecGp, ext);

  // The new RSP: an IST stack whenever the gate names one, RSPn on a privilege change, else
  // the current one; aligned down to 16 bytes (SDM Vol. 3A, 6.14.2 and 6.14.5).
  const uint8_t ist = gate.hi & 7;
  uint64_t rsp = c.s.gpr[kEsp];
  if (ist != 0)
    rsp = TssStackPointer(c, 36 + 8u * (ist - 1), ext);
  else if (inner)
    rsp = TssStackPointer(c, 4 + 8u * new_cpl, ext);
  rsp &= ~uint64_t{0xF};
  const uint32_t eflags = c.GetFlags();
  const uint64_t frame[6] = {c.s.seg[kSs].selector, c.s.gpr[kEsp], eflags,
                             c.s.seg[kCs].selector, c.s.rip, error_code};
  const int count = has_error ? 6 : 5;
  const bool user = new_cpl == 3;
  // Supervisor stacks are written at CPL 0-2 whatever the old CPL was; the privilege of the
  // write is the new CPL's (the TLB bank follows CPL, which has not changed yet).
  for (int i = 0; i < count; ++i) WriteQword(c, rsp - 8u * (i + 1), frame[i], user, ext);
  MarkDescriptorAccessed(c, cs_sel, cs);

  // Commit.
  uint32_t clear = flag::kTf | flag::kNt | flag::kRf | flag::kVm;
  if (type == kIntGate64) clear |= flag::kIf;
  c.s.eflags = eflags & ~clear;
  // A privilege change loads SS with a null selector whose RPL is the new CPL.
  if (inner) LoadNullStack64(c, new_cpl);
  LoadCs(c, cs_sel, cs, new_cpl);
  c.s.gpr[kEsp] = rsp - 8u * count;
  c.s.rip = rip;
}

}  // namespace m86::pm
