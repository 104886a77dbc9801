// Operand access for instruction semantics: registers by width, ModRM operands, the stack.
#pragma once
#include <cstdint>
#include <type_traits>

#include "cpu/cpu.h"
#include "cpu/flags.h"

namespace m86 {

template <typename T> constexpr int kBits = sizeof(T) * 8;
template <typename T> constexpr T kSignBit = T(T(1) << (kBits<T> - 1));
template <typename T> using Signed = std::make_signed_t<T>;

// Registers by operand width; 8-bit numbers 4-7 are AH CH DH BH (SDM Vol. 2A, Table 2-1),
// 8-15 the low bytes of R8-R15, and 4-7 plus kRexByteReg (what the decoder gives with a REX
// prefix) SPL BPL SIL DIL (Vol. 2A, 2.2.1.2). A 32-bit write zero-extends to 64 bits, 8- and
// 16-bit writes keep the other bits (SDM Vol. 1, 3.4.1.1).
inline bool IsHighByteReg(int r) { return (r & ~3) == 4; }

template <typename T>
inline T GetReg(const Cpu& c, int r) {
  if constexpr (sizeof(T) == 1)
    return static_cast<T>(IsHighByteReg(r) ? c.s.gpr[r - 4] >> 8 : c.s.gpr[r & 15]);
  else
    return static_cast<T>(c.s.gpr[r]);
}

template <typename T>
inline void SetReg(Cpu& c, int r, T v) {
  if constexpr (sizeof(T) == 1) {
    if (IsHighByteReg(r))
      c.s.gpr[r - 4] = (c.s.gpr[r - 4] & ~uint64_t{0xFF00}) | (uint64_t{v} << 8);
    else
      c.s.gpr[r & 15] = (c.s.gpr[r & 15] & ~uint64_t{0xFF}) | v;
  } else if constexpr (sizeof(T) == 2) {
    c.s.gpr[r] = (c.s.gpr[r] & ~uint64_t{0xFFFF}) | v;
  } else {
    c.s.gpr[r] = uint64_t{v};
  }
}

// An Iz immediate at operand size T: the 64-bit operand size sign-extends the 32-bit
// immediate (SDM Vol. 2A, 2.2.1.5); the other sizes take it as it is.
template <typename T>
inline T ImmZ(const DecodedInsn& d) {
  return static_cast<T>(static_cast<int64_t>(static_cast<int32_t>(d.imm)));
}

// 64-bit mode's effective address (SDM Vol. 2A, 2.2.1.3 and 2.2.1.6): 64-bit registers and a
// sign-extended displacement, RIP-relative from the next instruction's RIP (s.rip already
// points there while a handler runs); with a 67 prefix the sum is truncated to 32 bits.
inline uint64_t EffectiveAddress64(const Cpu& c, const DecodedInsn& d) {
  const uint64_t base = d.rip_relative() ? c.s.rip : c.s.gpr[d.base];
  const uint64_t ea = base + (c.s.gpr[d.index] << d.scale) +
                      static_cast<uint64_t>(int64_t{static_cast<int32_t>(d.disp)});
  return d.a64() ? ea : static_cast<uint32_t>(ea);
}

// The base a segment adds to an offset: none for CS, DS, ES and SS in 64-bit mode (SDM Vol.
// 3A, 3.4.4), to which alignment checks (SSE, FXSAVE) apply.
inline uint64_t SegmentBaseInEffect(const Cpu& c, uint8_t seg) {
  return c.InCode64() && seg < kFs ? 0 : c.s.seg[seg].base;
}

// The memory operand's offset: base + index * scale + displacement, truncated to the address size.
// Outside 64-bit mode the sum is taken in 32 bits, so it wraps at 4 GiB (and at 64 KiB below)
// as before the registers were widened.
inline uint64_t EffectiveAddress(const Cpu& c, const DecodedInsn& d) {
  if (M86_UNLIKELY(d.wide & (insn_wide::kA64 | insn_wide::kRipRel)))
    return EffectiveAddress64(c, d);
  const uint32_t ea = static_cast<uint32_t>(c.s.gpr[d.base]) +
                      (static_cast<uint32_t>(c.s.gpr[d.index]) << d.scale) + d.disp;
  return d.a32() ? ea : (ea & 0xFFFF);
}

// The offset `delta` bytes past a memory operand's offset, wrapped to the address size (64, 32
// or 16 bits): the later parts of multi-part operands (m16:32, LGDT's base, BOUND's limits).
inline uint64_t OperandOffset(const DecodedInsn& d, uint64_t ea, uint32_t delta) {
  if (d.a64()) return ea + delta;
  return d.a32() ? static_cast<uint32_t>(ea + delta) : ((ea + delta) & 0xFFFF);
}

template <typename T>
inline T ReadRm(Cpu& c, const DecodedInsn& d) {
  return d.mem() ? c.Read<T>(d.seg, EffectiveAddress(c, d)) : GetReg<T>(c, d.rm());
}

template <typename T>
inline void WriteRm(Cpu& c, const DecodedInsn& d, T v) {
  if (d.mem())
    c.Write<T>(d.seg, EffectiveAddress(c, d), v);
  else
    SetReg<T>(c, d.rm(), v);
}

// Read half of a read-modify-write operand: checks write access up front.
template <typename T>
inline T ReadRmForWrite(Cpu& c, const DecodedInsn& d) {
  return d.mem() ? c.ReadForWrite<T>(d.seg, EffectiveAddress(c, d)) : GetReg<T>(c, d.rm());
}

inline bool StackIs32(const Cpu& c) { return (c.s.seg[kSs].attr & seg_attr::kBig) != 0; }

// 64-bit mode's stack (SDM Vol. 1, 6.2.5 / Vol. 3A, 3.3.7.1): RSP with 64-bit arithmetic, SS
// without base or limit (a non-canonical address is #SS(0)), whatever SS.B says.
template <typename T>
inline void Push64(Cpu& c, T v) {
  const uint64_t rsp = c.s.gpr[kEsp] - sizeof(T);
  c.Write<T>(kSs, rsp, v);
  c.s.gpr[kEsp] = rsp;
}

template <typename T>
inline T Pop64(Cpu& c) {
  const uint64_t rsp = c.s.gpr[kEsp];
  const T v = c.Read<T>(kSs, rsp);
  c.s.gpr[kEsp] = rsp + sizeof(T);
  return v;
}

// PUSH and POP with the stack's address size (SS.B, or 64 bits in 64-bit mode); ESP changes
// only after the access worked.
template <typename T>
inline void Push(Cpu& c, T v) {
  if (M86_UNLIKELY(c.InCode64())) return Push64<T>(c, v);
  if (StackIs32(c)) {
    const uint32_t esp = static_cast<uint32_t>(c.s.gpr[kEsp] - sizeof(T));
    c.Write<T>(kSs, esp, v);
    c.s.gpr[kEsp] = esp;
  } else {
    const uint16_t sp = static_cast<uint16_t>(c.s.gpr[kEsp] - sizeof(T));
    c.Write<T>(kSs, sp, v);
    SetReg<uint16_t>(c, kEsp, sp);
  }
}

template <typename T>
inline T Pop(Cpu& c) {
  if (M86_UNLIKELY(c.InCode64())) return Pop64<T>(c);
  if (StackIs32(c)) {
    const uint32_t esp = static_cast<uint32_t>(c.s.gpr[kEsp]);
    const T v = c.Read<T>(kSs, esp);
    SetReg<uint32_t>(c, kEsp, static_cast<uint32_t>(esp + sizeof(T)));
    return v;
  }
  const uint16_t sp = static_cast<uint16_t>(c.s.gpr[kEsp]);
  const T v = c.Read<T>(kSs, sp);
  SetReg<uint16_t>(c, kEsp, static_cast<uint16_t>(sp + sizeof(T)));
  return v;
}

// Reads the stack at an offset from the top without popping (for far returns that check first).
template <typename T>
inline T PeekStack(Cpu& c, uint32_t offset) {
  if (M86_UNLIKELY(c.InCode64())) return c.Read<T>(kSs, c.s.gpr[kEsp] + offset);
  const uint32_t sp = StackIs32(c) ? c.s.gpr[kEsp] + offset
                                   : static_cast<uint16_t>(c.s.gpr[kEsp] + offset);
  return c.Read<T>(kSs, sp);
}

// A word or dword from the stack top plus `offset`, by operand size.
inline uint32_t PeekSized(Cpu& c, bool o32, uint32_t offset) {
  return o32 ? PeekStack<uint32_t>(c, offset) : PeekStack<uint16_t>(c, offset);
}

// A slot of `size` bytes (2, 4 or 8; 8 only in 64-bit mode) at `offset` above the stack top.
inline uint64_t PeekStackSlot(Cpu& c, uint32_t size, uint32_t offset) {
  if (size == 8) return PeekStack<uint64_t>(c, offset);
  return PeekSized(c, size == 4, offset);
}

// ESP after releasing `n` bytes of the current stack: ESP + n, or SP + n within the low 16 bits
// on a 16-bit stack.
inline uint32_t EspAfterRelease(const Cpu& c, uint32_t n) {
  const auto esp = static_cast<uint32_t>(c.s.gpr[kEsp]);
  return StackIs32(c) ? esp + n : (esp & 0xFFFF0000u) | ((esp + n) & 0xFFFF);
}

// RSP after releasing `n` bytes in 64-bit mode, or what EspAfterRelease gives (zero-extended)
// outside it.
inline uint64_t RspAfterRelease(const Cpu& c, uint32_t n) {
  return c.InCode64() ? c.s.gpr[kEsp] + n : EspAfterRelease(c, n);
}

// Releases `n` bytes of stack: ESP += n, or SP += n on a 16-bit stack (RET imm16, far returns),
// RSP += n in 64-bit mode.
inline void ReleaseStack(Cpu& c, uint32_t n) {
  if (M86_UNLIKELY(c.InCode64()))
    c.s.gpr[kEsp] += n;
  else if (StackIs32(c))
    SetReg<uint32_t>(c, kEsp, static_cast<uint32_t>(c.s.gpr[kEsp]) + n);
  else
    SetReg<uint16_t>(c, kEsp, static_cast<uint16_t>(c.s.gpr[kEsp] + n));
}

// Near branch target: IP is truncated to 16 bits with a 16-bit operand size, to 32 with a 32-bit
// one. A 64-bit target must be canonical (SDM Vol. 2A, JMP: #GP(0) in 64-bit mode); there is no
// CS limit. In 64-bit mode near branches always have the 64-bit operand size (f64 rows).
template <typename T>
inline void JumpNear(Cpu& c, uint64_t wide_target) {
  if constexpr (sizeof(T) == 8) {
    if (!IsCanonical(wide_target)) c.Fault(kVecGp, 0);
    c.s.rip = wide_target;
    return;
  }
  uint32_t target = static_cast<uint32_t>(wide_target);
  target = sizeof(T) == 2 ? (target & 0xFFFF) : target;
  // A target beyond the CS limit faults before the jump (SDM Vol. 2A, JMP: #GP(0)).
  const Segment& cs = c.s.seg[kCs];
  if ((target < cs.lo || target > cs.hi) && !c.model().segment_offset_wraps) c.Fault(kVecGp, 0);
  c.s.rip = target;
}

}  // namespace m86
