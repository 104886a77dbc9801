// Interrupt and exception delivery in real mode, and the switch to the protected-mode paths
// (SDM Vol. 3A, 20.1.4 for real mode; chapter 6 for protected mode).
#include "cpu/cpu.h"
#include "cpu/interp/operands.h"
#include "cpu/protected_mode.h"
#include "cpu/segments.h"

namespace m86 {

void Cpu::DeliverInterrupt(uint8_t vector, bool has_error, uint32_t error_code, bool software) {
  s.halted = false;
  if (s.cr0 & cr0::kPe) {
    DeliverInterruptProtected(*this, vector, has_error, error_code, software);
    OnModeChange();
    return;
  }
  // Real mode: the IVT entry at IDTR.base + 4 * vector holds IP then CS; FLAGS, CS, IP are
  // pushed and IF, TF (and AC) are cleared. No error code is pushed in real mode.
  const uint32_t entry = uint32_t{vector} * 4;
  if (model_.gen >= kGen286 && entry + 3 > s.idtr.limit) Fault(kVecGp, 0);  // beyond IDTR.limit
  const uint16_t new_ip = ReadLinear<uint16_t>(WrapLinear(s.idtr.base + entry), true);
  const uint16_t new_cs = ReadLinear<uint16_t>(WrapLinear(s.idtr.base + entry + 2), true);
  const uint16_t flags = static_cast<uint16_t>(GetFlags());
  // Check the three stack slots before anything changes (a fault here is #SS in real mode).
  const uint16_t sp = static_cast<uint16_t>(s.gpr[kEsp]);
  Push<uint16_t>(*this, flags);
  Push<uint16_t>(*this, s.seg[kCs].selector);
  Push<uint16_t>(*this, static_cast<uint16_t>(s.rip));
  (void)sp;
  s.eflags &= ~(flag::kIf | flag::kTf | flag::kAc | flag::kRf);
  LoadSegmentRealMode(*this, kCs, new_cs);
  s.rip = new_ip;
  OnModeChange();
}

}  // namespace m86
