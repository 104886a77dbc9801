// The SSE/SSE2 conversions between single, double and integer formats (SDM Vol. 2A, CVT*):
// XMM to XMM, general register to XMM and back, and the MMX forms, which also move the x87
// to MMX state (TOS = 0, every tag valid) as the MMX instructions do (SDM Vol. 2A, CVTPI2PS:
// "transition from x87 FPU to MMX technology operation").
#include <cstdint>
#include <type_traits>

#include "cpu/interp/sse_float.h"

namespace m86::sse {
namespace {

using EngineXmm = fpu::Xmm;

// XMM destination, conversion of the source alone (CVTPS2PD, CVTDQ2PS, ...).
using FromSourceFn = fpu::SseResult (*)(const EngineXmm& src, uint32_t mxcsr);
template <FromSourceFn kFn, Source kSource>
void FromSource(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const Xmm src = ReadFpSource(c, d, kSource);
  Commit(c, d.reg(), kFn(ToEngine(src), c.s.sse.mxcsr));
}

// The forms whose rounding is MXCSR.RC or truncation (CVT(T)PS2DQ, CVT(T)PD2DQ).
using RoundingFn = fpu::SseResult (*)(const EngineXmm& src, bool truncate, uint32_t mxcsr);
template <RoundingFn kFn, bool kTruncate>
fpu::SseResult WithRounding(const EngineXmm& src, uint32_t mxcsr) {
  return kFn(src, kTruncate, mxcsr);
}

// CVTDQ2PD is exact and raises nothing.
fpu::SseResult Dq2Pd(const EngineXmm& src, uint32_t) { return fpu::CvtDq2Pd(src); }

// Scalar forms that keep the destination's upper lanes (CVTSS2SD, CVTSD2SS).
using ScalarFn = fpu::SseResult (*)(const EngineXmm& dst, const EngineXmm& src, uint32_t mxcsr);
template <ScalarFn kFn, Source kSource>
void Scalar(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const Xmm src = ReadFpSource(c, d, kSource);
  Commit(c, d.reg(), kFn(ToEngine(Reg(c, d.reg())), ToEngine(src), c.s.sse.mxcsr));
}

// CVTSI2SS/CVTSI2SD xmm, r/m: the signed integer of the operand size (r/m32 until long mode
// brings REX.W; `Int` is then int64_t).
using FromIntFn = fpu::SseResult (*)(const EngineXmm& dst, int64_t value, uint32_t mxcsr);
template <FromIntFn kFn, typename Int>
void FromInteger(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const auto value = static_cast<Int>(ReadRm<std::make_unsigned_t<Int>>(c, d));
  Commit(c, d.reg(), kFn(ToEngine(Reg(c, d.reg())), value, c.s.sse.mxcsr));
}

// CVT(T)SS2SI/CVT(T)SD2SI r, xmm/m: the result of `Int`'s width in the general register.
template <bool kWide, bool kTruncate, typename Int>
void ToInteger(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const Xmm src = ReadFpSource(c, d, kWide ? Source::kLow64 : Source::kLow32);
  constexpr int kBits = 8 * sizeof(Int);
  const fpu::SseIntResult r = kWide ? fpu::CvtSd2Si(src.q[0], kBits, kTruncate, c.s.sse.mxcsr)
                                    : fpu::CvtSs2Si(src.Get<uint32_t>(0), kBits, kTruncate,
                                                    c.s.sse.mxcsr);
  MergeFlags(c, r);
  SetReg<std::make_unsigned_t<Int>>(c, d.reg(), static_cast<std::make_unsigned_t<Int>>(r.value));
}

// The MMX forms: the SSE checks, then the MMX ones (a pending x87 exception is delivered
// first), and the MMX transition once the instruction completes.
// CVTPI2PS xmm, mm/m64: lanes 0-1 from the two doublewords, lanes 2-3 kept.
void CvtPi2Ps(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  mmx::Enter(c);
  const uint64_t mm = mmx::ReadQ(c, d);
  Commit(c, d.reg(), fpu::CvtPi2Ps(ToEngine(Reg(c, d.reg())), mm, c.s.sse.mxcsr));
  mmx::Retire(c);
}

// CVTPI2PD xmm, mm/m64 is exact. With a memory source it does not touch the x87 state (SDM
// Vol. 2A, CVTPI2PD: the transition happens "only if the source operand is an MMX register").
void CvtPi2Pd(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  if (d.mem()) {
    Commit(c, d.reg(), fpu::CvtPi2Pd(mmx::ReadMem64(c, d)));
    return;
  }
  mmx::Enter(c);
  Commit(c, d.reg(), fpu::CvtPi2Pd(mmx::GetMm(c, d.rm())));
  mmx::Retire(c);
}

// CVT(T)PS2PI mm, xmm/m64 and CVT(T)PD2PI mm, xmm/m128 (aligned).
template <bool kWide, bool kTruncate>
void ToMmx(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  mmx::Enter(c);
  const Xmm src = ReadFpSource(c, d, kWide ? Source::kPacked : Source::kLow64);
  const fpu::SseResult r = kWide ? fpu::CvtPd2Pi(ToEngine(src), kTruncate, c.s.sse.mxcsr)
                                 : fpu::CvtPs2Pi(src.q[0], kTruncate, c.s.sse.mxcsr);
  MergeFlags(c, r);
  mmx::SetMm(c, d.reg(), r.value.q[0]);
  mmx::Retire(c);
}

}  // namespace

void RegisterSseFloatConvertHandlers(HandlerTable& t) {
  t.Set(Op::CVTSS2SD, &Scalar<&fpu::CvtSs2Sd, Source::kLow32>);
  t.Set(Op::CVTSD2SS, &Scalar<&fpu::CvtSd2Ss, Source::kLow64>);
  t.Set(Op::CVTPS2PD, &FromSource<&fpu::CvtPs2Pd, Source::kLow64>);
  t.Set(Op::CVTPD2PS, &FromSource<&fpu::CvtPd2Ps, Source::kPacked>);
  t.Set(Op::CVTDQ2PS, &FromSource<&fpu::CvtDq2Ps, Source::kPacked>);
  t.Set(Op::CVTPS2DQ, &FromSource<&WithRounding<&fpu::CvtPs2Dq, false>, Source::kPacked>);
  t.Set(Op::CVTTPS2DQ, &FromSource<&WithRounding<&fpu::CvtPs2Dq, true>, Source::kPacked>);
  t.Set(Op::CVTDQ2PD, &FromSource<&Dq2Pd, Source::kLow64>);
  t.Set(Op::CVTPD2DQ, &FromSource<&WithRounding<&fpu::CvtPd2Dq, false>, Source::kPacked>);
  t.Set(Op::CVTTPD2DQ, &FromSource<&WithRounding<&fpu::CvtPd2Dq, true>, Source::kPacked>);
  // The 64-bit forms (REX.W) are the same templates with int64_t.
  mmx::SetRexW(t, Op::CVTSI2SS, &FromInteger<&fpu::CvtSi2Ss, int32_t>,
               &FromInteger<&fpu::CvtSi2Ss, int64_t>);
  mmx::SetRexW(t, Op::CVTSI2SD, &FromInteger<&fpu::CvtSi2Sd, int32_t>,
               &FromInteger<&fpu::CvtSi2Sd, int64_t>);
  mmx::SetRexW(t, Op::CVTSS2SI, &ToInteger<false, false, int32_t>,
               &ToInteger<false, false, int64_t>);
  mmx::SetRexW(t, Op::CVTTSS2SI, &ToInteger<false, true, int32_t>,
               &ToInteger<false, true, int64_t>);
  mmx::SetRexW(t, Op::CVTSD2SI, &ToInteger<true, false, int32_t>, &ToInteger<true, false, int64_t>);
  mmx::SetRexW(t, Op::CVTTSD2SI, &ToInteger<true, true, int32_t>, &ToInteger<true, true, int64_t>);
  t.Set(Op::CVTPI2PS, &CvtPi2Ps);
  t.Set(Op::CVTPI2PD, &CvtPi2Pd);
  t.Set(Op::CVTPS2PI, &ToMmx<false, false>);
  t.Set(Op::CVTTPS2PI, &ToMmx<false, true>);
  t.Set(Op::CVTPD2PI, &ToMmx<true, false>);
  t.Set(Op::CVTTPD2PI, &ToMmx<true, true>);
}

}  // namespace m86::sse
