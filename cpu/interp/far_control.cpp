// Far control transfers and software interrupts: JMP/CALL far, RET far, INT n, INT3, INTO,
// INT1, IRET. Real mode here; protected mode in protected_mode.h (SDM Vol. 2, same names).
#include "cpu/interp/flag_rules.h"
#include "cpu/interp/handlers.h"
#include "cpu/interp/operands.h"
#include "cpu/protected_mode.h"
#include "cpu/segments.h"

namespace m86 {
namespace {

template <typename T> void FarJump(Cpu& c, uint16_t sel, uint64_t off) {
  if (InProtectedMode(c)) {
    FarJumpProtected(c, sel, off, sizeof(T));
  } else {
    if (off > c.s.seg[kCs].limit && !c.model().segment_offset_wraps) c.Fault(kVecGp, 0);
    LoadSegmentRealMode(c, kCs, sel);
    c.s.rip = off;
  }
  c.OnModeChange();
}

template <typename T> void FarCall(Cpu& c, uint16_t sel, uint64_t off) {
  if (InProtectedMode(c)) {
    FarCallProtected(c, sel, off, sizeof(T));
  } else {
    if (off > c.s.seg[kCs].limit && !c.model().segment_offset_wraps) c.Fault(kVecGp, 0);
    const uint32_t esp = c.s.gpr[kEsp];
    Push<T>(c, c.s.seg[kCs].selector);
    Push<T>(c, static_cast<T>(c.s.rip));
    (void)esp;
    LoadSegmentRealMode(c, kCs, sel);
    c.s.rip = off;
  }
  c.OnModeChange();
}

template <typename T> void JmpfAp(Cpu& c, const DecodedInsn& d) { FarJump<T>(c, d.imm2, d.imm); }
template <typename T> void CallfAp(Cpu& c, const DecodedInsn& d) { FarCall<T>(c, d.imm2, d.imm); }

// JMP/CALL m16:16, m16:32 or m16:64 (REX.W): offset first, then the selector.
template <typename T> void JmpfMp(Cpu& c, const DecodedInsn& d) {
  const uint64_t ea = EffectiveAddress(c, d);
  const T off = c.Read<T>(d.seg, ea);
  const uint16_t sel = c.Read<uint16_t>(d.seg, OperandOffset(d, ea, sizeof(T)));
  FarJump<T>(c, sel, off);
}
template <typename T> void CallfMp(Cpu& c, const DecodedInsn& d) {
  const uint64_t ea = EffectiveAddress(c, d);
  const T off = c.Read<T>(d.seg, ea);
  const uint16_t sel = c.Read<uint16_t>(d.seg, OperandOffset(d, ea, sizeof(T)));
  FarCall<T>(c, sel, off);
}

template <typename T> void FarReturn(Cpu& c, uint16_t pop_bytes) {
  if (InProtectedMode(c)) {
    FarReturnProtected(c, sizeof(T), pop_bytes);
  } else {
    const T off = PeekStack<T>(c, 0);
    const uint16_t sel = static_cast<uint16_t>(PeekStack<T>(c, sizeof(T)));
    if (off > c.s.seg[kCs].limit && !c.model().segment_offset_wraps) c.Fault(kVecGp, 0);
    Pop<T>(c);
    Pop<T>(c);
    LoadSegmentRealMode(c, kCs, sel);
    c.s.rip = off;
    ReleaseStack(c, pop_bytes);
  }
  c.OnModeChange();
}
template <typename T> void Retf(Cpu& c, const DecodedInsn&) { FarReturn<T>(c, 0); }
template <typename T> void RetfIw(Cpu& c, const DecodedInsn& d) {
  FarReturn<T>(c, static_cast<uint16_t>(d.imm));
}

// INT n in V86 mode with IOPL < 3 faults to the monitor (SDM Vol. 3A, 20.2.7).
void IntN(Cpu& c, const DecodedInsn& d) {
  if ((c.s.eflags & flag::kVm) && ((c.s.eflags & flag::kIopl) >> 12) < 3) c.Fault(kVecGp, 0);
  c.SoftwareInterrupt(static_cast<uint8_t>(d.imm));
}
void Int3(Cpu& c, const DecodedInsn&) {
  if ((c.s.eflags & flag::kVm) && ((c.s.eflags & flag::kIopl) >> 12) < 3) c.Fault(kVecGp, 0);
  c.SoftwareInterrupt(kVecBp);
}
void Into(Cpu& c, const DecodedInsn&) {
  if (!(c.GetFlags() & flag::kOf)) return;
  if ((c.s.eflags & flag::kVm) && ((c.s.eflags & flag::kIopl) >> 12) < 3) c.Fault(kVecGp, 0);
  c.SoftwareInterrupt(kVecOf);
}
// INT1 (ICEBP) raises #DB like a hardware breakpoint: no gate DPL check.
void Int1(Cpu& c, const DecodedInsn&) {
  c.DeliverEvent(kVecDb, false, 0, false);
  c.EndBlock();
}

template <typename T> void Iret(Cpu& c, const DecodedInsn&) {
  if (LongModeActive(c.s)) {
    InterruptReturnLong(c, sizeof(T));
  } else if (c.s.eflags & flag::kVm) {
    InterruptReturnV86(c, sizeof(T) == 4);
  } else if (c.s.cr0 & cr0::kPe) {
    InterruptReturnProtected(c, sizeof(T) == 4);
  } else {
    // Real mode: pop IP, CS, FLAGS (SDM Vol. 2A, IRET, real-address mode).
    const T off = PeekStack<T>(c, 0);
    const uint16_t sel = static_cast<uint16_t>(PeekStack<T>(c, sizeof(T)));
    const T flags = PeekStack<T>(c, 2 * sizeof(T));
    if (off > c.s.seg[kCs].limit && !c.model().segment_offset_wraps) c.Fault(kVecGp, 0);
    for (int i = 0; i < 3; ++i) Pop<T>(c);
    LoadSegmentRealMode(c, kCs, sel);
    c.s.rip = off;
    uint32_t mask = PopfWritableMask(c);
    if constexpr (sizeof(T) == 2) mask &= 0xFFFF;
    else mask |= flag::kRf;
    c.SetFlags(flags, mask);
  }
  c.EndNmiBlocking();
  c.OnModeChange();
}

}  // namespace

void RegisterFarControlHandlers(HandlerTable& t) {
  M86_SET_SIZED(t, JMPF_Ap, JmpfAp);
  M86_SET_SIZED64(t, JMPF_Mp, JmpfMp);  // REX.W: m16:64
  M86_SET_SIZED(t, CALLF_Ap, CallfAp);
  M86_SET_SIZED64(t, CALLF_Mp, CallfMp);
  M86_SET_SIZED64(t, RETF, Retf);  // RETFQ: REX.W in 64-bit mode
  M86_SET_SIZED64(t, RETF_Iw, RetfIw);
  t.Set(Op::INT_Ib, &IntN);
  t.Set(Op::INT3, &Int3);
  t.Set(Op::INTO, &Into);
  t.Set(Op::INT1, &Int1);
  M86_SET_SIZED64(t, IRET, Iret);  // IRETQ: REX.W in 64-bit mode
}

}  // namespace m86
