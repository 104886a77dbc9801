// The SSE..SSE4.1 floating-point arithmetic, compare and rounding instructions: ADD/SUB/MUL/
// DIV/MIN/MAX/SQRT in their PS/PD/SS/SD forms, CMPxx imm8, (U)COMISS/SD, RCP/RSQRT, SSE3's
// ADDSUB and horizontal forms, SSE4.1's DPPS/DPPD and ROUNDxx (SDM Vol. 2A-2B, the pages of the
// same names). Every handler reads its operands before changing any state.
#include <cstdint>

#include "cpu/interp/sse_float.h"

namespace m86::sse {
namespace {

using fpu::SseArith;
using fpu::SseShape;

template <SseArith kOp, SseShape kShape>
void Binary(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const Xmm src = ReadFpSource(c, d, ScalarSource(kShape));
  Commit(c, d.reg(),
         fpu::SseBinary(kOp, kShape, ToEngine(Reg(c, d.reg())), ToEngine(src), c.s.sse.mxcsr));
}

template <SseShape kShape>
void Sqrt(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const Xmm src = ReadFpSource(c, d, ScalarSource(kShape));
  Commit(c, d.reg(), fpu::SseSqrt(kShape, ToEngine(Reg(c, d.reg())), ToEngine(src), c.s.sse.mxcsr));
}

// CMPPS/PD/SS/SD: the SSE encodings use imm8 bits 0-2 (SDM Vol. 2A, CMPPS).
template <SseShape kShape>
void Compare(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const Xmm src = ReadFpSource(c, d, ScalarSource(kShape));
  Commit(c, d.reg(),
         fpu::SseCompare(kShape, ToEngine(Reg(c, d.reg())), ToEngine(src),
                         static_cast<uint8_t>(d.imm & 7), c.s.sse.mxcsr));
}

// COMISS/COMISD signal on any NaN, UCOMISS/UCOMISD on SNaN only; ZF PF CF report the result,
// OF SF AF are cleared (SDM Vol. 2A, COMISS). EFLAGS stay as they were on a fault.
template <bool kWide, bool kSignalQnan>
void ComparedFlags(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const Xmm src = ReadFpSource(c, d, kWide ? Source::kLow64 : Source::kLow32);
  const Xmm& dst = Reg(c, d.reg());
  const uint64_t a = kWide ? dst.q[0] : dst.Get<uint32_t>(0);
  const uint64_t b = kWide ? src.q[0] : src.Get<uint32_t>(0);
  const fpu::SseCompareFlags r = fpu::SseComi(kWide, a, b, kSignalQnan, c.s.sse.mxcsr);
  MergeFlags(c, r);
  SetArithFlags(c, (r.zf ? flag::kZf : 0) | (r.pf ? flag::kPf : 0) | (r.cf ? flag::kCf : 0));
}

// RCPPS/RCPSS and RSQRTPS/RSQRTSS raise no exceptions (SDM Vol. 2B, RCPPS: "SIMD
// Floating-Point Exceptions: None"), so MXCSR is not touched.
using EstimateFn = fpu::SseResult (*)(SseShape, const fpu::Xmm&, const fpu::Xmm&);
template <EstimateFn kFn, SseShape kShape>
void Estimate(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const Xmm src = ReadFpSource(c, d, ScalarSource(kShape));
  Commit(c, d.reg(), kFn(kShape, ToEngine(Reg(c, d.reg())), ToEngine(src)));
}

template <bool kWide>
void AddSub(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const Xmm src = ReadW(c, d);
  Commit(c, d.reg(), fpu::SseAddSub(kWide, ToEngine(Reg(c, d.reg())), ToEngine(src), c.s.sse.mxcsr));
}

template <bool kWide, bool kSubtract>
void Horizontal(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const Xmm src = ReadW(c, d);
  Commit(c, d.reg(),
         fpu::SseHorizontal(kWide, kSubtract, ToEngine(Reg(c, d.reg())), ToEngine(src),
                            c.s.sse.mxcsr));
}

template <bool kWide>
void Dot(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const Xmm src = ReadW(c, d);
  Commit(c, d.reg(),
         fpu::SseDot(kWide, ToEngine(Reg(c, d.reg())), ToEngine(src), static_cast<uint8_t>(d.imm),
                     c.s.sse.mxcsr));
}

// ROUNDSS/ROUNDSD read m32/m64 (SDM Vol. 2B, ROUNDSS).
template <SseShape kShape>
void Round(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const Xmm src = ReadFpSource(c, d, ScalarSource(kShape));
  Commit(c, d.reg(),
         fpu::SseRound(kShape, ToEngine(Reg(c, d.reg())), ToEngine(src), static_cast<uint8_t>(d.imm),
                       c.s.sse.mxcsr));
}

}  // namespace

void RegisterSseFloatArithHandlers(HandlerTable& t) {
#define M86_SET_SHAPES(op, handler, ...)                          \
  t.Set(Op::op##PS, &handler<__VA_ARGS__ SseShape::kPs>);         \
  t.Set(Op::op##PD, &handler<__VA_ARGS__ SseShape::kPd>);         \
  t.Set(Op::op##SS, &handler<__VA_ARGS__ SseShape::kSs>);         \
  t.Set(Op::op##SD, &handler<__VA_ARGS__ SseShape::kSd>)
  M86_SET_SHAPES(ADD, Binary, SseArith::kAdd,);
  M86_SET_SHAPES(SUB, Binary, SseArith::kSub,);
  M86_SET_SHAPES(MUL, Binary, SseArith::kMul,);
  M86_SET_SHAPES(DIV, Binary, SseArith::kDiv,);
  M86_SET_SHAPES(MIN, Binary, SseArith::kMin,);
  M86_SET_SHAPES(MAX, Binary, SseArith::kMax,);
  M86_SET_SHAPES(SQRT, Sqrt);
  M86_SET_SHAPES(CMP, Compare);
  M86_SET_SHAPES(ROUND, Round);
#undef M86_SET_SHAPES
  t.Set(Op::UCOMISS, &ComparedFlags<false, false>);
  t.Set(Op::UCOMISD, &ComparedFlags<true, false>);
  t.Set(Op::COMISS, &ComparedFlags<false, true>);
  t.Set(Op::COMISD, &ComparedFlags<true, true>);
  t.Set(Op::RCPPS, &Estimate<&fpu::SseReciprocal, SseShape::kPs>);
  t.Set(Op::RCPSS, &Estimate<&fpu::SseReciprocal, SseShape::kSs>);
  t.Set(Op::RSQRTPS, &Estimate<&fpu::SseReciprocalSqrt, SseShape::kPs>);
  t.Set(Op::RSQRTSS, &Estimate<&fpu::SseReciprocalSqrt, SseShape::kSs>);
  t.Set(Op::ADDSUBPS, &AddSub<false>);
  t.Set(Op::ADDSUBPD, &AddSub<true>);
  t.Set(Op::HADDPS, &Horizontal<false, false>);
  t.Set(Op::HADDPD, &Horizontal<true, false>);
  t.Set(Op::HSUBPS, &Horizontal<false, true>);
  t.Set(Op::HSUBPD, &Horizontal<true, true>);
  t.Set(Op::DPPS, &Dot<false>);
  t.Set(Op::DPPD, &Dot<true>);
}

}  // namespace m86::sse
