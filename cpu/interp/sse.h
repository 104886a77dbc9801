// Shared pieces of the SSE instruction families (cpu/interp/sse_*.cpp): the availability checks
// every instruction on XMM registers makes, 128-bit memory operands with the alignment rule of
// the aligned forms, and the adapter that runs an MMX lane operation on both halves of an XMM
// register (SDM Vol. 1, chapters 10-12; Vol. 3A, 13.1-13.2).
#pragma once
#include <cstdint>

#include "cpu/cpu.h"
#include "cpu/interp/handlers.h"
#include "cpu/interp/mmx.h"
#include "cpu/interp/operands.h"

namespace m86::sse {

// The checks before an instruction that uses XMM registers or MXCSR (SDM Vol. 3A, 13.1.3 and
// 13.2; Vol. 2A, 2.4, the exception classes of the SSE instructions): CR0.EM = 1 or
// CR4.OSFXSR = 0 is #UD, then CR0.TS = 1 is #NM. A model without the feature never gets here:
// the decoder gives UNDEFINED.
inline void Enter(Cpu& c) {
  if (M86_UNLIKELY((c.s.cr0 & cr0::kEm) || !(c.s.cr4 & cr4::kOsfxsr))) c.Fault(kVecUd);
  if (M86_UNLIKELY(c.s.cr0 & cr0::kTs)) c.Fault(kVecNm);
}

// An unmasked SIMD floating-point exception: #XM with CR4.OSXMMEXCPT = 1, else #UD (SDM Vol.
// 3A, 6.15 "Interrupt 19"; 13.1.4). The floating-point handlers call it after setting MXCSR.
[[noreturn]] inline void RaiseSimdException(Cpu& c) {
  c.Fault((c.s.cr4 & cr4::kOsxmmexcpt) ? kVecXm : kVecUd);
}

inline Xmm& Reg(Cpu& c, int i) { return c.s.sse.xmm[i]; }

// Whether a memory operand must be 16-byte aligned.
enum class Align : bool { kAny, k16 };

// The linear address of a 16-byte memory operand. The aligned forms raise #GP(0) for an
// address that is not a multiple of 16 (SDM Vol. 1, 11.4.1, and each page's "#GP(0) if a
// memory operand is not aligned on a 16-byte boundary"), before the segment check over all 16
// bytes (the order FXSAVE uses too).
inline uint64_t Linear128(Cpu& c, const DecodedInsn& d, Align align, Access access) {
  const uint64_t ea = EffectiveAddress(c, d);
  if (align == Align::k16 && ((SegmentBaseInEffect(c, d.seg) + ea) & 15)) c.Fault(kVecGp, 0);
  return c.LinearAddress(d.seg, ea, 16, access);
}

inline Xmm ReadMem128(Cpu& c, const DecodedInsn& d, Align align) {
  const uint64_t lin = Linear128(c, d, align, Access::kRead);
  Xmm v{};
  for (int h = 0; h < 2; ++h) {
    const uint64_t lo = c.ReadLinear<uint32_t>(lin + 8 * h);
    const uint64_t hi = c.ReadLinear<uint32_t>(lin + 8 * h + 4);
    v.q[h] = lo | (hi << 32);
  }
  return v;
}

// Stores 16 bytes; when they straddle a page both pages are translated for writing first, so a
// #PF on the second page leaves memory untouched.
inline void WriteMem128(Cpu& c, const DecodedInsn& d, const Xmm& v, Align align) {
  const uint64_t lin = Linear128(c, d, align, Access::kWrite);
  if ((lin & (kPageSize - 1)) > kPageSize - 16) {
    const bool user = c.s.cpl == 3;
    c.Translate(lin, Access::kWrite, user);
    c.Translate(PageBase(c.LinearPlus(lin, 15)), Access::kWrite, user);
  }
  for (int i = 0; i < 4; ++i) c.WriteLinear<uint32_t>(lin + 4 * i, v.Get<uint32_t>(i));
}

// The xmm/m128 source operand (SDM Vol. 2D, A.2.1 operand type W).
inline Xmm ReadW(Cpu& c, const DecodedInsn& d, Align align = Align::k16) {
  return d.mem() ? ReadMem128(c, d, align) : Reg(c, d.rm());
}

// "op xmm, xmm/m128" with an MMX lane operation applied to each 64-bit half: the SSE2 forms of
// the MMX instructions whose lanes never cross a quadword (SDM Vol. 1, 11.4.3: the 128-bit
// versions of the 64-bit SIMD integer instructions).
template <mmx::BinaryFn kFn>
void HalvesHandler(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const Xmm src = ReadW(c, d);
  Xmm& dst = Reg(c, d.reg());
  dst.q[0] = kFn(dst.q[0], src.q[0]);
  dst.q[1] = kFn(dst.q[1], src.q[1]);
}

// "op xmm, xmm/m128" computed by `kFn` on whole registers.
using XmmFn = Xmm (*)(const Xmm& dst, const Xmm& src);
template <XmmFn kFn>
void WholeHandler(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const Xmm src = ReadW(c, d);
  Xmm& dst = Reg(c, d.reg());
  dst = kFn(dst, src);
}

// The XMM forms of the MMX packs: the destination's two halves pack into the low quadword, the
// source's into the high one (SDM Vol. 2, PACKSSWB/PACKSSDW/PACKUSWB, 128-bit operation), which
// is the MMX operation applied to (dst.lo, dst.hi) and (src.lo, src.hi).
template <mmx::BinaryFn kPack>
Xmm PackHalves(const Xmm& d, const Xmm& s) {
  return Xmm{{kPack(d.q[0], d.q[1]), kPack(s.q[0], s.q[1])}};
}

// The XMM forms of the MMX unpacks interleave the low (or high) quadwords of both operands: the
// MMX low and high unpacks of those quadwords give the result's two halves (SDM Vol. 2,
// PUNPCKLBW/PUNPCKHBW..., 128-bit operation).
template <mmx::BinaryFn kLow, mmx::BinaryFn kHigh, int kHalf>
Xmm InterleaveHalves(const Xmm& d, const Xmm& s) {
  return Xmm{{kLow(d.q[kHalf], s.q[kHalf]), kHigh(d.q[kHalf], s.q[kHalf])}};
}

// An operand that must be a register (SDM Vol. 2D, A.2.1 operand types N and U): the memory
// encodings are invalid opcodes.
inline void RequireRegister(Cpu& c, const DecodedInsn& d) {
  if (d.mem()) c.Fault(kVecUd);
}

// PTEST, POPCNT and CRC32-style results: the arithmetic flags set to `bits`, the others kept.
inline void SetArithFlags(Cpu& c, uint32_t bits) {
  c.GetFlags();
  c.s.eflags = (c.s.eflags & ~flag::kArith) | bits;
}

// Per-file registration; RegisterSseHandlers (sse_move.cpp) calls them.
void RegisterSseControlHandlers(HandlerTable& t);
void RegisterSseShuffleHandlers(HandlerTable& t);
void RegisterSseIntegerHandlers(HandlerTable& t);
void RegisterSsse3Handlers(HandlerTable& t);
void RegisterSse4IntegerHandlers(HandlerTable& t);
void RegisterSse4InsertHandlers(HandlerTable& t);
void RegisterSse42ScalarHandlers(HandlerTable& t);
void RegisterSse42StringHandlers(HandlerTable& t);

}  // namespace m86::sse
