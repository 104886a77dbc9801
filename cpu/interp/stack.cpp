// PUSH, POP, PUSHA, POPA, ENTER, LEAVE (SDM Vol. 2, the instructions of the same names).
#include "cpu/interp/handlers.h"
#include "cpu/interp/operands.h"
#include "cpu/segments.h"

namespace m86 {
namespace {

template <typename T> void PushZ(Cpu& c, const DecodedInsn& d) {
  const int r = d.opcode & 7;
  T v = GetReg<T>(c, r);
  // The 8086 pushes SP as it is after the decrement (NOTES: the vectors pin this down).
  if (r == kEsp && c.model().push_sp_decremented) v = static_cast<T>(v - sizeof(T));
  Push<T>(c, v);
}
template <typename T> void PopZ(Cpu& c, const DecodedInsn& d) {
  const T v = Pop<T>(c);
  SetReg<T>(c, d.opcode & 7, v);
}
template <typename T> void PushIz(Cpu& c, const DecodedInsn& d) { Push<T>(c, static_cast<T>(d.imm)); }
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
  const uint32_t old_esp = c.s.gpr[kEsp];
  const T v = Pop<T>(c);
  if (!d.mem()) {
    SetReg<T>(c, d.rm(), v);
    return;
  }
  const uint32_t ea = EffectiveAddress(c, d);
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

// A 32-bit push of a segment register writes only the low 16 bits of the slot, as P6-family
// and later processors do (SDM Vol. 2B, PUSH).
template <typename T> void PushSeg(Cpu& c, const DecodedInsn& d) {
  const uint16_t sel = c.s.seg[SegOf(d)].selector;
  if constexpr (sizeof(T) == 2) {
    Push<uint16_t>(c, sel);
  } else {
    const uint32_t esp = StackIs32(c) ? c.s.gpr[kEsp] - 4 : ((c.s.gpr[kEsp] - 4) & 0xFFFF);
    c.Write<uint16_t>(kSs, esp, sel);
    if (StackIs32(c)) c.s.gpr[kEsp] = esp; else SetReg<uint16_t>(c, kEsp, static_cast<uint16_t>(esp));
  }
}
template <typename T> void PopSeg(Cpu& c, const DecodedInsn& d) {
  const uint16_t sel = static_cast<uint16_t>(PeekStack<T>(c, 0));
  LoadSegment(c, SegOf(d), sel);
  Pop<T>(c);
  if (SegOf(d) == kSs) c.OnModeChange();
}

template <typename T> void Pusha(Cpu& c, const DecodedInsn&) {
  const T sp = GetReg<T>(c, kEsp);
  // Check the lowest slot first so a fault leaves ESP unchanged.
  const uint32_t low = (c.s.gpr[kEsp] - 8 * sizeof(T)) & (StackIs32(c) ? ~0u : 0xFFFFu);
  c.ReadForWrite<T>(kSs, low);
  for (int r = kEax; r <= kEdi; ++r) Push<T>(c, r == kEsp ? sp : GetReg<T>(c, r));
}
template <typename T> void Popa(Cpu& c, const DecodedInsn&) {
  PeekStack<T>(c, 7 * sizeof(T));
  for (int r = kEdi; r >= kEax; --r) {
    const T v = Pop<T>(c);
    if (r != kEsp) SetReg<T>(c, r, v);
  }
}

// ENTER imm16, imm8 (SDM Vol. 2A, ENTER): nesting level modulo 32.
template <typename T> void Enter(Cpu& c, const DecodedInsn& d) {
  const uint32_t size = d.imm & 0xFFFF;
  const uint32_t level = d.imm2 & 31;
  const bool big = StackIs32(c);
  const uint32_t mask = big ? ~0u : 0xFFFFu;
  const uint32_t saved_esp = c.s.gpr[kEsp];
  const uint32_t saved_ebp = c.s.gpr[kEbp];
  Push<T>(c, GetReg<T>(c, kEbp));
  const T frame = static_cast<T>(c.s.gpr[kEsp] & mask);
  if (level > 0) {
    uint32_t bp = c.s.gpr[kEbp];
    for (uint32_t i = 1; i < level; ++i) {
      bp = (bp - sizeof(T)) & (big ? ~0u : 0xFFFFu);
      const T v = c.Read<T>(kSs, bp);
      Push<T>(c, v);
    }
    Push<T>(c, frame);
  }
  const uint32_t new_esp = (c.s.gpr[kEsp] - size) & mask;
  // The final stack must be writable; on a fault everything is rolled back.
  if (size > 0) {
    const Segment& ss = c.s.seg[kSs];
    if (new_esp < ss.lo || new_esp > ss.hi) {
      c.s.gpr[kEsp] = saved_esp;
      c.s.gpr[kEbp] = saved_ebp;
      c.Fault(kVecSs, 0);
    }
  }
  SetReg<T>(c, kEbp, frame);
  if (big) c.s.gpr[kEsp] = new_esp; else SetReg<uint16_t>(c, kEsp, static_cast<uint16_t>(new_esp));
}

template <typename T> void Leave(Cpu& c, const DecodedInsn&) {
  const uint32_t bp = StackIs32(c) ? c.s.gpr[kEbp] : (c.s.gpr[kEbp] & 0xFFFF);
  const T v = c.Read<T>(kSs, bp);
  if (StackIs32(c)) c.s.gpr[kEsp] = bp + sizeof(T); else SetReg<uint16_t>(c, kEsp, static_cast<uint16_t>(bp + sizeof(T)));
  SetReg<T>(c, kEbp, v);
}

}  // namespace

void RegisterStackHandlers(HandlerTable& t) {
  M86_SET_SIZED(t, PUSH_Zv, PushZ);
  M86_SET_SIZED(t, POP_Zv, PopZ);
  M86_SET_SIZED(t, PUSH_Iz, PushIz);
  M86_SET_SIZED(t, PUSH_Ib, PushIb);
  M86_SET_SIZED(t, PUSH_Ev, PushE);
  M86_SET_SIZED(t, POP_Ev, PopE);
  M86_SET_SIZED(t, PUSH_SEG, PushSeg);
  M86_SET_SIZED(t, POP_SEG, PopSeg);
  M86_SET_SIZED(t, PUSHA, Pusha);
  M86_SET_SIZED(t, POPA, Popa);
  M86_SET_SIZED(t, ENTER, Enter);
  M86_SET_SIZED(t, LEAVE, Leave);
}

}  // namespace m86
