// PUSH, POP, PUSHA, POPA, ENTER, LEAVE (SDM Vol. 2, the instructions of the same names).
#include "cpu/interp/handlers.h"
#include "cpu/interp/operands.h"
#include "cpu/segments.h"

namespace m86 {
namespace {

template <typename T> void PushZ(Cpu& c, const DecodedInsn& d) {
  const int r = d.rm();
  T v = GetReg<T>(c, r);
  // The 8086 pushes SP as it is after the decrement (NOTES: the vectors pin this down).
  if (r == kEsp && c.model().push_sp_decremented) v = static_cast<T>(v - sizeof(T));
  Push<T>(c, v);
}
template <typename T> void PopZ(Cpu& c, const DecodedInsn& d) {
  const T v = Pop<T>(c);
  SetReg<T>(c, d.rm(), v);
}
// The immediate is sign-extended to the operand size (64 bits from an imm32; SDM Vol. 2B, PUSH).
template <typename T> void PushIz(Cpu& c, const DecodedInsn& d) {
  Push<T>(c, static_cast<T>(int64_t{static_cast<int32_t>(d.imm)}));
}
template <typename T> void PushIb(Cpu& c, const DecodedInsn& d) {
  Push<T>(c, static_cast<T>(static_cast<int8_t>(d.imm)));
}
template <typename T> void PushE(Cpu& c, const DecodedInsn& d) {
  T v = ReadRm<T>(c, d);
  // FF /6 with SP as the register operand behaves like 54 on the 8086: the decremented SP.
  if (!d.mem() && d.rm() == kEsp && c.model().push_sp_decremented) v = static_cast<T>(v - sizeof(T));
  Push<T>(c, v);
}

// POP r/m: an ESP-based destination address is computed after ESP was incremented
// (SDM Vol. 2B, POP). ESP is restored if the write faults, except on the 80286 (model.h).
template <typename T> void PopE(Cpu& c, const DecodedInsn& d) {
  const uint64_t old_esp = c.s.gpr[kEsp];
  const T v = Pop<T>(c);
  if (!d.mem()) {
    SetReg<T>(c, d.rm(), v);
    return;
  }
  const uint64_t ea = EffectiveAddress(c, d);
  if (c.model().pop_rm_fault_keeps_sp) {
    c.Write<T>(d.seg, ea, v);
    return;
  }
  c.s.gpr[kEsp] = old_esp;
  c.ReadForWrite<T>(d.seg, ea);  // check the destination before committing ESP
  Pop<T>(c);
  c.Write<T>(d.seg, ea, v);
}

// Segment register number for PUSH/POP sreg: 06/07 ES, 0E CS, 16/17 SS, 1E/1F DS (bits 3-4),
// 0F A0/A1 FS, 0F A8/A9 GS.
inline SegReg SegOf(const DecodedInsn& d) {
  if (d.opcode >= 0xA0) return d.opcode >= 0xA8 ? kGs : kFs;
  return static_cast<SegReg>((d.opcode >> 3) & 3);
}

// A 32- or 64-bit push of a segment register writes only the low 16 bits of the slot, as
// P6-family and later processors do (SDM Vol. 2B, PUSH).
template <typename T> void PushSeg(Cpu& c, const DecodedInsn& d) {
  const uint16_t sel = c.s.seg[SegOf(d)].selector;
  if constexpr (sizeof(T) == 2) {
    Push<uint16_t>(c, sel);
  } else if (c.InCode64()) {
    const uint64_t rsp = c.s.gpr[kEsp] - sizeof(T);
    c.Write<uint16_t>(kSs, rsp, sel);
    c.s.gpr[kEsp] = rsp;
  } else {
    const uint32_t esp = StackIs32(c) ? c.s.gpr[kEsp] - 4 : ((c.s.gpr[kEsp] - 4) & 0xFFFF);
    c.Write<uint16_t>(kSs, esp, sel);
    if (StackIs32(c)) c.s.gpr[kEsp] = esp; else SetReg<uint16_t>(c, kEsp, static_cast<uint16_t>(esp));
  }
}
// The pop advances (E)SP with the stack size in force before the load: POP SS that loads a
// selector with another B bit still wraps SP within 16 bits on a 16-bit stack (SDM Vol. 2B, POP:
// the stack-address size is that of the current SS when the instruction starts).
template <typename T> void PopSeg(Cpu& c, const DecodedInsn& d) {
  const uint16_t sel = static_cast<uint16_t>(PeekStack<T>(c, 0));
  const uint64_t esp = RspAfterRelease(c, sizeof(T));
  LoadSegment(c, SegOf(d), sel);
  c.s.gpr[kEsp] = esp;
  if (SegOf(d) == kSs) c.OnModeChange();
}

template <typename T> void Pusha(Cpu& c, const DecodedInsn&) {
  const T sp = GetReg<T>(c, kEsp);
  // Check the lowest slot first so a fault leaves ESP unchanged.
  const uint32_t low = (c.s.gpr[kEsp] - 8 * sizeof(T)) & (StackIs32(c) ? ~0u : 0xFFFFu);
  c.ReadForWrite<T>(kSs, low);
  for (int r = kEax; r <= kEdi; ++r) Push<T>(c, r == kEsp ? sp : GetReg<T>(c, r));
}
// POPA/POPAD skip the ESP slot, except that the 80386's POPAD on a 16-bit stack loads the upper
// half of ESP from it (test386.asm POST E0, measured on 386 hardware).
template <typename T> void Popa(Cpu& c, const DecodedInsn&) {
  PeekStack<T>(c, 7 * sizeof(T));
  T esp_slot = 0;
  for (int r = kEdi; r >= kEax; --r) {
    const T v = Pop<T>(c);
    if (r != kEsp) SetReg<T>(c, r, v); else esp_slot = v;
  }
  if (sizeof(T) == 4 && !StackIs32(c) && c.model().arith == ArithStyle::k80386)
    c.s.gpr[kEsp] = (uint32_t{esp_slot} & 0xFFFF0000u) | (c.s.gpr[kEsp] & 0xFFFF);
}

// ENTER imm16, imm8 (SDM Vol. 2A, ENTER): nesting level modulo 32. FrameTemp is the whole ESP
// after the first push, whatever the stack size, so a 32-bit ENTER on a 16-bit stack copies
// ESP's upper half into EBP. The stack pointer moves with the stack size (SP on a 16-bit
// stack). Before anything changes, the final stack pointer must be writable: the segment limit
// (#SS) and the page (#PF), "a write using the final value of the stack pointer" (SDM ENTER,
// Protected Mode Exceptions). Registers change only at the end, so every fault leaves them.
template <typename T> void Enter64(Cpu& c, const DecodedInsn& d);
template <typename T> void Enter(Cpu& c, const DecodedInsn& d) {
  if (sizeof(T) == 8 || c.InCode64()) return Enter64<T>(c, d);
  const uint32_t size = d.imm & 0xFFFF;
  const uint32_t level = d.imm2 & 31;
  const uint32_t mask = StackIs32(c) ? ~0u : 0xFFFFu;
  // ESP with the stack-size wrap applied to its low part only, as a push leaves it.
  const uint32_t esp0 = c.s.gpr[kEsp];
  const auto esp_at = [&](uint32_t sp) { return (esp0 & ~mask) | (sp & mask); };
  uint32_t sp = esp0 - sizeof(T);
  c.Write<T>(kSs, sp & mask, GetReg<T>(c, kEbp));
  const T frame = static_cast<T>(esp_at(sp));
  if (level > 0) {
    uint32_t bp = c.s.gpr[kEbp];
    for (uint32_t i = 1; i < level; ++i) {
      bp -= sizeof(T);
      const T v = c.Read<T>(kSs, bp & mask);
      sp -= sizeof(T);
      c.Write<T>(kSs, sp & mask, v);
    }
    sp -= sizeof(T);
    c.Write<T>(kSs, sp & mask, frame);
  }
  sp -= size;
  c.ReadForWrite<T>(kSs, sp & mask);
  SetReg<T>(c, kEbp, frame);
  c.s.gpr[kEsp] = esp_at(sp);
}

// ENTER in 64-bit mode: the same steps on RSP and RBP with 64-bit arithmetic and no segment
// limits (SDM Vol. 2A, ENTER: StackSize = 64); the operand size (64, or 16 with 66) gives
// the size of each slot. The final RSP is checked before anything changes, as above.
template <typename T> void Enter64(Cpu& c, const DecodedInsn& d) {
  const uint32_t size = d.imm & 0xFFFF;
  const uint32_t level = d.imm2 & 31;
  uint64_t sp = c.s.gpr[kEsp] - sizeof(T);
  c.Write<T>(kSs, sp, GetReg<T>(c, kEbp));
  const uint64_t frame = sp;
  if (level > 0) {
    uint64_t bp = c.s.gpr[kEbp];
    for (uint32_t i = 1; i < level; ++i) {
      bp -= sizeof(T);
      const T v = c.Read<T>(kSs, bp);
      sp -= sizeof(T);
      c.Write<T>(kSs, sp, v);
    }
    sp -= sizeof(T);
    c.Write<T>(kSs, sp, static_cast<T>(frame));
  }
  sp -= size;
  c.ReadForWrite<T>(kSs, sp);
  SetReg<T>(c, kEbp, static_cast<T>(frame));
  c.s.gpr[kEsp] = sp;
}

// LEAVE: RSP = RBP, then POP RBP (SDM Vol. 2A, LEAVE), on the 64-bit stack in 64-bit mode.
template <typename T> void Leave(Cpu& c, const DecodedInsn&) {
  if (c.InCode64()) {
    const uint64_t rbp = c.s.gpr[kEbp];
    const T v = c.Read<T>(kSs, rbp);
    c.s.gpr[kEsp] = rbp + sizeof(T);
    SetReg<T>(c, kEbp, v);
    return;
  }
  const uint32_t bp = StackIs32(c) ? c.s.gpr[kEbp] : (c.s.gpr[kEbp] & 0xFFFF);
  const T v = c.Read<T>(kSs, bp);
  if (StackIs32(c))
    c.s.gpr[kEsp] = static_cast<uint32_t>(bp + sizeof(T));  // wraps at 4 GiB
  else
    SetReg<uint16_t>(c, kEsp, static_cast<uint16_t>(bp + sizeof(T)));
  SetReg<T>(c, kEbp, v);
}

}  // namespace

void RegisterStackHandlers(HandlerTable& t) {
  M86_SET_SIZED64(t, PUSH_Zv, PushZ);
  M86_SET_SIZED64(t, POP_Zv, PopZ);
  M86_SET_SIZED64(t, PUSH_Iz, PushIz);
  M86_SET_SIZED64(t, PUSH_Ib, PushIb);
  M86_SET_SIZED64(t, PUSH_Ev, PushE);
  M86_SET_SIZED64(t, POP_Ev, PopE);
  M86_SET_SIZED64(t, PUSH_SEG, PushSeg);
  M86_SET_SIZED64(t, POP_SEG, PopSeg);
  M86_SET_SIZED(t, PUSHA, Pusha);
  M86_SET_SIZED(t, POPA, Popa);
  M86_SET_SIZED64(t, ENTER, Enter);
  M86_SET_SIZED64(t, LEAVE, Leave);
}

}  // namespace m86
