// Selector checks that report in ZF instead of faulting: LAR, LSL, VERR, VERW, and ARPL
// (SDM Vol. 2A-2B, the instructions of the same names). All are #UD in real and V86 mode.
#include "cpu/descriptors.h"
#include "cpu/interp/operands.h"
#include "cpu/interp/system.h"

namespace m86 {
namespace {

// System descriptor types LAR and LSL accept (SDM Vol. 2A, the type tables of LAR and LSL):
// TSSs and LDTs for both, call and task gates for LAR only. The 32-bit types exist from the
// 80386 on; the 80286 treats them as reserved.
bool SystemTypeAccepted(const Cpu& c, uint8_t type, bool lar) {
  const bool has32 = c.model().gen >= kGen386;
  switch (type) {
    case sys_type::kTss16:
    case sys_type::kLdt:
    case sys_type::kTss16Busy: return true;
    case sys_type::kCallGate16:
    case sys_type::kTaskGate: return lar;
    case sys_type::kTss32:
    case sys_type::kTss32Busy: return has32;
    case sys_type::kCallGate32: return lar && has32;
    default: return false;
  }
}

// Reads the selector's descriptor and checks that it is visible at CPL and RPL: DPL >= CPL and
// DPL >= RPL, except for conforming code segments. A null selector or one beyond the table's
// limit is not visible. Faults only if reading the table faults.
bool ReadVisibleDescriptor(Cpu& c, uint16_t sel, Descriptor* desc) {
  if (ReadDescriptor(c, sel, desc) != DescriptorLookup::kOk) return false;
  const bool conforming = desc->is_code() && (desc->type() & 4);
  if (conforming) return true;
  return c.s.cpl <= desc->dpl() && (sel & 3u) <= desc->dpl();
}

// LAR: the access rights (second descriptor dword masked with 00F0FF00h; bits 16-19 are
// undefined in the SDM and read as 0 here), 16 bits of them with a 16-bit operand size.
template <typename T> void Lar(Cpu& c, const DecodedInsn& d) {
  RequireProtectedMode(c);
  const uint16_t sel = ReadRm<uint16_t>(c, d);
  Descriptor desc;
  const bool ok = ReadVisibleDescriptor(c, sel, &desc) &&
                  (!desc.is_system() || SystemTypeAccepted(c, desc.type(), true));
  if (ok) SetReg<T>(c, d.reg(), static_cast<T>(desc.hi & 0x00F0FF00u));
  SetZf(c, ok);
}

// LSL: the byte-granular segment limit (G applied), truncated to the operand size.
template <typename T> void Lsl(Cpu& c, const DecodedInsn& d) {
  RequireProtectedMode(c);
  const uint16_t sel = ReadRm<uint16_t>(c, d);
  Descriptor desc;
  const bool ok = ReadVisibleDescriptor(c, sel, &desc) &&
                  (!desc.is_system() || SystemTypeAccepted(c, desc.type(), false));
  if (ok) SetReg<T>(c, d.reg(), static_cast<T>(desc.limit()));
  SetZf(c, ok);
}

// VERR/VERW: ZF=1 when a code or data segment is visible and readable (code needs R) or
// writable (data with W). The present bit is not checked.
void Verr(Cpu& c, const DecodedInsn& d) {
  RequireProtectedMode(c);
  const uint16_t sel = ReadRm<uint16_t>(c, d);
  Descriptor desc;
  const bool ok = ReadVisibleDescriptor(c, sel, &desc) && !desc.is_system() &&
                  (!desc.is_code() || (desc.type() & 2));
  SetZf(c, ok);
}
void Verw(Cpu& c, const DecodedInsn& d) {
  RequireProtectedMode(c);
  const uint16_t sel = ReadRm<uint16_t>(c, d);
  Descriptor desc;
  const bool ok = ReadVisibleDescriptor(c, sel, &desc) && !desc.is_system() && !desc.is_code() &&
                  (desc.type() & 2);
  SetZf(c, ok);
}

// ARPL: raises the destination selector's RPL to the source's; ZF tells whether it changed.
// The destination is written only when its RPL is raised, as the operation in the 80386
// Programmer's Reference Manual and the SDM pseudo-code have it: a memory destination whose RPL
// already suffices is only read, so a read-only segment or page raises nothing (measured on 386
// hardware by test386.asm). The SDM's exception list names #GP for a non-writable destination
// without saying when; the write that would need it does not happen.
void Arpl(Cpu& c, const DecodedInsn& d) {
  RequireProtectedMode(c);
  const uint16_t dest = ReadRm<uint16_t>(c, d);
  const uint16_t src = GetReg<uint16_t>(c, d.reg());
  const bool raise = (dest & 3u) < (src & 3u);
  if (raise) WriteRm<uint16_t>(c, d, static_cast<uint16_t>((dest & ~3u) | (src & 3u)));
  SetZf(c, raise);
}

}  // namespace

void RegisterSelectorCheckHandlers(HandlerTable& t) {
  M86_SET_SIZED(t, LAR, Lar);
  M86_SET_SIZED(t, LSL, Lsl);
  t.Set(Op::VERR, &Verr);
  t.Set(Op::VERW, &Verw);
  t.Set(Op::ARPL, &Arpl);
}

}  // namespace m86
