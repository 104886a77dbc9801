// SYSENTER and SYSEXIT: fast transfers to CPL 0 and back with flat segments derived from
// IA32_SYSENTER_CS (SDM Vol. 2B, SYSENTER and SYSEXIT; Vol. 3A, 5.8.7).
//
// The first Pentium Pro steppings report CPUID.SEP without implementing the instructions
// (SDM Vol. 2B, SYSENTER, "IA-32 Architecture Compatibility"); operating systems check the
// signature and avoid them, so the pentiumpro model implements them as later P6 parts do.
#include "cpu/interp/operands.h"
#include "cpu/interp/system.h"

namespace m86 {

void LoadFlatSegment(Cpu& c, SegReg reg, uint16_t selector, uint8_t access, uint16_t size_bits) {
  Segment& sg = c.s.seg[reg];
  sg.selector = selector;
  sg.base = 0;
  sg.limit = 0xFFFFFFFFu;
  sg.attr = static_cast<uint16_t>(access | size_bits | seg_attr::kGranular);
  RefreshSegmentChecks(c, sg);
}

namespace {

void Sysenter(Cpu& c, const DecodedInsn&) {
  const uint16_t cs = static_cast<uint16_t>(c.s.sysenter_cs);
  if (!(c.s.cr0 & cr0::kPe) || (cs & 0xFFFC) == 0) c.Fault(kVecGp, 0);
  // VM first: segment checks depend on the mode.
  c.SetFlags(0, flag::kVm | flag::kIf | flag::kRf);
  c.s.cpl = 0;
  const uint16_t code = cs & 0xFFFC;
  // In IA-32e mode the handler's code is 64-bit (SDM Vol. 2B, SYSENTER: CS.L = 1, CS.D = 0).
  LoadFlatSegment(c, kCs, code, kCodeDpl0,
                  LongModeActive(c.s) ? seg_attr::kLong : seg_attr::kBig);
  LoadFlatSegment(c, kSs, static_cast<uint16_t>(code + 8), kDataDpl0);
  c.s.gpr[kEsp] = c.s.sysenter_esp;
  c.s.rip = c.s.sysenter_eip;
  c.OnModeChange();
}

void Sysexit(Cpu& c, const DecodedInsn&) {
  const uint16_t cs = static_cast<uint16_t>(c.s.sysenter_cs);
  if (!(c.s.cr0 & cr0::kPe) || (cs & 0xFFFC) == 0) c.Fault(kVecGp, 0);
  RequireCpl0(c);
  c.s.cpl = 3;
  LoadFlatSegment(c, kCs, static_cast<uint16_t>((cs + 16) | 3), kCodeDpl3);
  LoadFlatSegment(c, kSs, static_cast<uint16_t>((cs + 24) | 3), kDataDpl3);
  c.s.gpr[kEsp] = c.s.gpr[kEcx];
  c.s.rip = c.s.gpr[kEdx];
  c.OnModeChange();
}

}  // namespace

void RegisterSysenterHandlers(HandlerTable& t) {
  t.Set(Op::SYSENTER, &Sysenter);
  t.Set(Op::SYSEXIT, &Sysexit);
}

}  // namespace m86
