// Far RET in protected mode, to the same or an outer privilege level (SDM Vol. 2B, RET,
// "Protected Mode" pseudo-code; Vol. 3A, 5.8.6).
#include "cpu/interp/operands.h"
#include "cpu/pm/pm_internal.h"
#include "cpu/protected_mode.h"

namespace m86 {

using namespace pm;

namespace {



}  // namespace

void FarReturnProtected(Cpu& c, bool o32, uint16_t pop_bytes) {
  const uint32_t size = o32 ? 4 : 2;
  // The return address must be on the stack (#SS(0) otherwise) before anything is checked.
  const uint32_t offset = PeekSized(c, o32, 0);
  const uint16_t cs_sel = static_cast<uint16_t>(PeekSized(c, o32, size));
  Descriptor cs = CheckReturnCs(c, cs_sel);
  const bool to64 = Is64BitCode(c, cs_sel, cs);
  const uint32_t eip = o32 ? offset : (offset & 0xFFFF);
  const uint8_t rpl = Rpl(cs_sel);
  if (rpl == c.s.cpl) {
    if (!to64 && eip > cs.limit()) c.Fault(kVecGp, 0);
    ReleaseStack(c, 2 * size + pop_bytes);
    LoadCs(c, cs_sel, cs, rpl);
    c.s.rip = eip;
    return;
  }
  // Outer level: the caller's SS:ESP sits above the parameters the immediate releases.
  const uint32_t esp_at = 2 * size + pop_bytes;
  const uint32_t new_esp = PeekSized(c, o32, esp_at);
  const uint16_t ss_sel = static_cast<uint16_t>(PeekSized(c, o32, esp_at + size));
  const Descriptor ss = CheckOuterSs(c, ss_sel, rpl);
  if (!to64 && eip > cs.limit()) c.Fault(kVecGp, 0);
  LoadCs(c, cs_sel, cs, rpl);
  c.s.rip = eip;
  LoadSs(c, ss_sel, ss);
  SetStackPointer(c, new_esp);
  // The immediate also releases the parameters on the caller's stack.
  ReleaseStack(c, pop_bytes);
  NullInaccessibleDataSegments(c);
}

}  // namespace m86
