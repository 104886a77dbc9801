// Far RET in protected mode, to the same or an outer privilege level (SDM Vol. 2B, RET,
// "Protected Mode" and "IA-32e Mode" pseudo-code; Vol. 3A, 5.8.6). In 64-bit mode the operand
// size may be 64 bits (REX.W), the slots are popped through RSP, and a return to 64-bit code
// below CPL 3 may load a null SS.
#include "cpu/canonical.h"
#include "cpu/interp/operands.h"
#include "cpu/pm/pm_internal.h"
#include "cpu/protected_mode.h"

namespace m86 {

using namespace pm;

void FarReturnProtected(Cpu& c, uint32_t size, uint16_t pop_bytes) {
  // The return address must be on the stack (#SS(0) otherwise) before anything is checked.
  const uint64_t offset = PeekStackSlot(c, size, 0);
  const auto cs_sel = static_cast<uint16_t>(PeekStackSlot(c, size, size));
  Descriptor cs = CheckReturnCs(c, cs_sel);
  const bool to64 = Is64BitCode(c, cs_sel, cs);
  const uint64_t rip = size == 2 ? (offset & 0xFFFF) : offset;
  const uint8_t rpl = Rpl(cs_sel);
  const auto check_target = [&] {
    if (to64 ? !IsCanonical(rip) : rip > cs.limit()) c.Fault(kVecGp, 0);
  };
  if (rpl == c.s.cpl) {
    check_target();
    ReleaseStack(c, 2 * size + pop_bytes);
    LoadCs(c, cs_sel, cs, rpl);
    c.s.rip = rip;
    return;
  }
  // Outer level: the caller's SS:ESP sits above the parameters the immediate releases.
  const uint32_t sp_at = 2 * size + pop_bytes;
  const uint64_t new_sp = PeekStackSlot(c, size, sp_at);
  const auto ss_sel = static_cast<uint16_t>(PeekStackSlot(c, size, sp_at + size));
  const bool null_ss = IsNullSelector(ss_sel);
  Descriptor ss;
  if (null_ss) {
    // Only a return to 64-bit code below CPL 3 may take a null SS (SDM Vol. 2B, RET).
    if (!to64 || rpl == 3 || Rpl(ss_sel) != rpl) c.Fault(kVecGp, 0);
  } else {
    ss = CheckOuterSs(c, ss_sel, rpl);
  }
  check_target();
  LoadCs(c, cs_sel, cs, rpl);
  c.s.rip = rip;
  if (null_ss)
    LoadNullStack64(c, ss_sel);
  else
    LoadSs(c, ss_sel, ss);
  if (to64)
    c.s.gpr[kEsp] = size == 2 ? (c.s.gpr[kEsp] & ~uint64_t{0xFFFF}) | (new_sp & 0xFFFF) : new_sp;
  else
    SetStackPointer(c, static_cast<uint32_t>(new_sp));
  // The immediate also releases the parameters on the caller's stack.
  ReleaseStack(c, pop_bytes);
  NullInaccessibleDataSegments(c);
}

}  // namespace m86
