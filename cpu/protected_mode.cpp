// Placeholder definitions until the protected-mode transfers land: each is a logged error.
#include "cpu/protected_mode.h"

#include "cpu/cpu.h"
#include "cpu/segments.h"

namespace m86 {

void DeliverInterruptProtected(Cpu& c, uint8_t, bool, uint32_t, bool) {
  c.LogUnimplemented("protected-mode interrupt delivery");
  c.RequestStop();
}
void FarJumpProtected(Cpu& c, uint16_t, uint32_t, bool) { c.LogUnimplemented("far jmp (pm)"); c.Fault(kVecUd); }
void FarCallProtected(Cpu& c, uint16_t, uint32_t, bool) { c.LogUnimplemented("far call (pm)"); c.Fault(kVecUd); }
void FarReturnProtected(Cpu& c, bool, uint16_t) { c.LogUnimplemented("far ret (pm)"); c.Fault(kVecUd); }
void InterruptReturnProtected(Cpu& c, bool) { c.LogUnimplemented("iret (pm)"); c.Fault(kVecUd); }
void InterruptReturnV86(Cpu& c, bool) { c.LogUnimplemented("iret (v86)"); c.Fault(kVecUd); }
void LoadSegmentProtected(Cpu& c, SegReg, uint16_t) { c.LogUnimplemented("segment load (pm)"); c.Fault(kVecUd); }

}  // namespace m86
