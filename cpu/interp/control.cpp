// Near control transfers: Jcc, JMP, CALL, RET, LOOP/JCXZ, SETcc, HLT.
// SDM Vol. 2, the instructions of the same names.
#include <utility>

#include "cpu/canonical.h"
#include "cpu/interp/handlers.h"
#include "cpu/interp/operands.h"
#include "cpu/segments.h"

namespace m86 {
namespace {

// The target of a relative branch: the next instruction's RIP plus the sign-extended
// displacement. Outside 64-bit mode JumpNear keeps the low 16 or 32 bits, which the sign
// extension does not change.
inline uint64_t RelativeTarget(const Cpu& c, const DecodedInsn& d) {
  return c.s.rip + static_cast<uint64_t>(int64_t{static_cast<int32_t>(d.imm)});
}

template <typename T> void Jcc(Cpu& c, const DecodedInsn& d) {
  if (EvaluateCondition(c.s, d.opcode & 0xF)) JumpNear<T>(c, RelativeTarget(c, d));
}
template <typename T> void JmpRel(Cpu& c, const DecodedInsn& d) {
  JumpNear<T>(c, RelativeTarget(c, d));
}
template <typename T> void JmpE(Cpu& c, const DecodedInsn& d) { JumpNear<T>(c, ReadRm<T>(c, d)); }

// CALL checks the target before it pushes, so a bad target leaves the stack alone: beyond the
// CS limit, or not canonical in 64-bit mode (SDM Vol. 2A, CALL: #GP(0)).
template <typename T> void CallTo(Cpu& c, uint64_t wide_target) {
  if constexpr (sizeof(T) == 8) {
    if (!IsCanonical(wide_target)) c.Fault(kVecGp, 0);
    Push<T>(c, c.s.rip);
    c.s.rip = wide_target;
  } else {
    const uint32_t target = static_cast<uint32_t>(wide_target) & (sizeof(T) == 2 ? 0xFFFFu : ~0u);
    const Segment& cs = c.s.seg[kCs];
    if ((target < cs.lo || target > cs.hi) && !c.model().segment_offset_wraps) c.Fault(kVecGp, 0);
    Push<T>(c, static_cast<T>(c.s.rip));
    c.s.rip = target;
  }
}
template <typename T> void CallRel(Cpu& c, const DecodedInsn& d) {
  CallTo<T>(c, RelativeTarget(c, d));
}
template <typename T> void CallE(Cpu& c, const DecodedInsn& d) { CallTo<T>(c, ReadRm<T>(c, d)); }

template <typename T> void Ret(Cpu& c, const DecodedInsn&) {
  const T target = PeekStack<T>(c, 0);
  JumpNear<T>(c, target);
  Pop<T>(c);
}
template <typename T> void RetImm(Cpu& c, const DecodedInsn& d) {
  const T target = PeekStack<T>(c, 0);
  JumpNear<T>(c, target);
  Pop<T>(c);
  ReleaseStack(c, d.imm & 0xFFFF);
}

// LOOP/LOOPE/LOOPNE/JCXZ count in CX, ECX or RCX by the address size (SDM Vol. 2A, LOOP/
// LOOPcc and Jcc: JRCXZ); a 32-bit count write zero-extends into RCX like any 32-bit write.
inline uint64_t DecrementCount(Cpu& c, const DecodedInsn& d) {
  if (d.a64()) return --c.s.gpr[kEcx];
  if (d.a32()) {
    const uint32_t ecx = static_cast<uint32_t>(c.s.gpr[kEcx] - 1);
    SetReg<uint32_t>(c, kEcx, ecx);
    return ecx;
  }
  const uint16_t cx = static_cast<uint16_t>(c.s.gpr[kEcx] - 1);
  SetReg<uint16_t>(c, kEcx, cx);
  return cx;
}
template <typename T> void Loop(Cpu& c, const DecodedInsn& d) {
  if (DecrementCount(c, d) != 0) JumpNear<T>(c, RelativeTarget(c, d));
}
template <typename T> void Loope(Cpu& c, const DecodedInsn& d) {
  const bool zf = c.GetFlags() & flag::kZf;
  if (DecrementCount(c, d) != 0 && zf) JumpNear<T>(c, RelativeTarget(c, d));
}
template <typename T> void Loopne(Cpu& c, const DecodedInsn& d) {
  const bool zf = c.GetFlags() & flag::kZf;
  if (DecrementCount(c, d) != 0 && !zf) JumpNear<T>(c, RelativeTarget(c, d));
}
template <typename T> void Jcxz(Cpu& c, const DecodedInsn& d) {
  const uint64_t count = d.a64()   ? c.s.gpr[kEcx]
                         : d.a32() ? Reg32(c.s, kEcx)
                                   : (c.s.gpr[kEcx] & 0xFFFF);
  if (count == 0) JumpNear<T>(c, RelativeTarget(c, d));
}

void Setcc(Cpu& c, const DecodedInsn& d) {
  WriteRm<uint8_t>(c, d, EvaluateCondition(c.s, d.opcode & 0xF) ? 1 : 0);
}

// HLT is privileged in protected mode (SDM Vol. 2A, HLT: #GP(0) if CPL != 0).
void Hlt(Cpu& c, const DecodedInsn&) {
  if ((c.s.cr0 & cr0::kPe) && c.s.cpl != 0) c.Fault(kVecGp, 0);
  c.s.halted = true;
  c.OnModeChange();
}

// Jcc with the condition fixed at compile time (the hottest branch form).
template <typename T, int kCc> void JccFixed(Cpu& c, const DecodedInsn& d) {
  if (EvaluateCondition(c.s, kCc)) JumpNear<T>(c, RelativeTarget(c, d));
}
template <typename T, int... kCcs>
constexpr Handler PickJcc(int cc, std::integer_sequence<int, kCcs...>) {
  constexpr Handler table[] = {&JccFixed<T, kCcs>...};
  return table[cc];
}
Handler RefineJcc(const DecodedInsn& d) {
  constexpr auto ccs = std::make_integer_sequence<int, 16>{};
  return d.o32() ? PickJcc<uint32_t>(d.opcode & 0xF, ccs) : PickJcc<uint16_t>(d.opcode & 0xF, ccs);
}

}  // namespace

void RegisterControlHandlers(HandlerTable& t) {
  t.SetRefiner(Op::JCC_Jb, &RefineJcc);
  t.SetRefiner(Op::JCC_Jz, &RefineJcc);
  M86_SET_SIZED64(t, JCC_Jb, Jcc);
  M86_SET_SIZED64(t, JCC_Jz, Jcc);
  M86_SET_SIZED64(t, JMP_Jb, JmpRel);
  M86_SET_SIZED64(t, JMP_Jz, JmpRel);
  M86_SET_SIZED64(t, JMP_Ev, JmpE);
  M86_SET_SIZED64(t, CALL_Jz, CallRel);
  M86_SET_SIZED64(t, CALL_Ev, CallE);
  M86_SET_SIZED64(t, RET, Ret);
  M86_SET_SIZED64(t, RET_Iw, RetImm);
  M86_SET_SIZED64(t, LOOP, Loop);
  M86_SET_SIZED64(t, LOOPE, Loope);
  M86_SET_SIZED64(t, LOOPNE, Loopne);
  M86_SET_SIZED64(t, JCXZ, Jcxz);
  t.Set(Op::SETCC, &Setcc);
  t.Set(Op::HLT, &Hlt);
}

}  // namespace m86
