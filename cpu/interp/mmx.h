// Shared pieces of the MMX instruction family (cpu/interp/mmx_*.cpp): the availability and
// x87-state checks every MMX instruction makes, the register file aliasing on the x87, 64-bit
// memory operands and lane-wise helpers (SDM Vol. 1, chapter 9; Vol. 3A, chapter 12).
#pragma once
#include <cstdint>

#include "cpu/cpu.h"
#include "cpu/interp/handlers.h"
#include "cpu/interp/operands.h"
#include "cpu/interp/x87_core.h"

namespace m86::mmx {

// The sign and exponent field an MMX write leaves in R[i] (SDM Vol. 3A, 12.2).
constexpr uint16_t kMmxSignExp = 0xFFFF;

// Registers an MMX/SSE operation whose operand is 32 bits wide, or 64 with REX.W; 66 leaves it
// alone (SDM Vol. 2A, 2.2.1.2: REX.W promotes these operands, e.g. MOVD to MOVQ).
inline void SetRexW(HandlerTable& t, Op op, Handler h32, Handler h64) {
  t.Set(op, h32, h32, h64);
}

// The checks that precede every MMX instruction, EMMS included, in the SDM's priority
// (Vol. 3A, 12.1 Table 12-1 and 12.5; Vol. 2, "Numeric Exceptions" of each MMX page): a model
// without MMX and CR0.EM = 1 give #UD, CR0.TS = 1 gives #NM (whatever CR0.MP), and a pending
// unmasked x87 exception is delivered as a waiting x87 instruction delivers it: #MF with
// CR0.NE = 1, FERR# with NE = 0 (x87::DeliverPending, cpu/interp/x87_stack.cpp).
inline void Enter(Cpu& c) {
  if (M86_UNLIKELY(!(c.model().cpuid_features & cpuid_edx::kMmx) || (c.s.cr0 & cr0::kEm)))
    c.Fault(kVecUd);
  if (M86_UNLIKELY(c.s.cr0 & cr0::kTs)) c.Fault(kVecNm);
  if (M86_UNLIKELY(c.s.fpu.sw & x87sw::kEs)) x87::DeliverPending(c);
}

// After any MMX instruction but EMMS: TOP = 0 and every tag valid (SDM Vol. 3A, 12.2, Table
// 12-2). The other status word bits, the control word and the x87 pointers stay.
inline void Retire(Cpu& c) {
  c.s.fpu.sw &= static_cast<uint16_t>(~x87sw::kTop);
  c.s.fpu.tw = 0;
}

// MMi is the significand of physical register R[i], whatever TOP is (SDM Vol. 3A, 12.2).
inline uint64_t GetMm(const Cpu& c, int i) { return c.s.fpu.r[i].mant; }
inline void SetMm(Cpu& c, int i, uint64_t v) {
  c.s.fpu.r[i].mant = v;
  c.s.fpu.r[i].sign_exp = kMmxSignExp;
}

// A 64-bit memory operand. Cpu::Read/Write check the segment for all eight bytes and
// translate both pages of a straddling access before touching memory (cpu/mmu.cpp), so a
// fault leaves memory untouched (SDM Vol. 3A, 5.3).
inline uint64_t ReadMem64(Cpu& c, const DecodedInsn& d) {
  return c.Read<uint64_t>(d.seg, EffectiveAddress(c, d));
}
inline void WriteMem64(Cpu& c, const DecodedInsn& d, uint64_t v) {
  c.Write<uint64_t>(d.seg, EffectiveAddress(c, d), v);
}

// The mm/m64 source operand (SDM Vol. 2D, A.2.1 operand type Q).
inline uint64_t ReadQ(Cpu& c, const DecodedInsn& d) {
  return d.mem() ? ReadMem64(c, d) : GetMm(c, d.rm());
}

// Applies `f` to each pair of `Lane`-wide elements (an unsigned type) of `a` and `b`.
template <typename Lane, typename F>
inline uint64_t Lanewise(uint64_t a, uint64_t b, F f) {
  constexpr int kWidth = sizeof(Lane) * 8;
  uint64_t r = 0;
  for (int i = 0; i < 64; i += kWidth) {
    const Lane x = static_cast<Lane>(a >> i), y = static_cast<Lane>(b >> i);
    r |= uint64_t{static_cast<Lane>(f(x, y))} << i;
  }
  return r;
}

// The common form "op mm, mm/m64": the destination MMX register is also the first source.
using BinaryFn = uint64_t (*)(uint64_t dst, uint64_t src);
template <BinaryFn kFn>
void BinaryHandler(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const uint64_t src = ReadQ(c, d);
  SetMm(c, d.reg(), kFn(GetMm(c, d.reg()), src));
  Retire(c);
}

// Per-file registration (mmx_arith.cpp, mmx_pack.cpp, mmx_shift.cpp); RegisterMmxHandlers in
// mmx_move.cpp calls them.
void RegisterMmxArithHandlers(HandlerTable& t);
void RegisterMmxPackHandlers(HandlerTable& t);
void RegisterMmxShiftHandlers(HandlerTable& t);

}  // namespace m86::mmx
