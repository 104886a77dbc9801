// x87 arithmetic: FADD/FSUB/FSUBR/FMUL/FDIV/FDIVR with 32/64-bit reals and 16/32-bit integers
// in memory, ST(0) op ST(i), ST(i) op ST(0) and the popping forms; FSQRT, FPREM, FPREM1,
// FRNDINT, FSCALE, FXTRACT, FABS, FCHS (SDM Vol. 2A-2B, the instructions of the same names;
// Vol. 1, 8.3.5-8.3.6).
#include "cpu/interp/x87_core.h"
#include "cpu/interp/x87_formats.h"
#include "cpu/interp/x87_handlers.h"

namespace m86::x87 {
namespace {

// The six operations as dest = dest op src; the reversed forms swap the operands.
enum class ArOp : uint8_t { kAdd, kMul, kSub, kSubR, kDiv, kDivR };

template <ArOp kOp, typename Operand>
inline Float80 Compute(const Operand& dest, const Operand& src, FpEnv& env) {
  if constexpr (kOp == ArOp::kAdd) return fpu::Add(dest, src, env);
  if constexpr (kOp == ArOp::kMul) return fpu::Mul(dest, src, env);
  if constexpr (kOp == ArOp::kSub) return fpu::Sub(dest, src, env);
  if constexpr (kOp == ArOp::kSubR) return fpu::Sub(src, dest, env);
  if constexpr (kOp == ArOp::kDiv) return fpu::Div(dest, src, env);
  if constexpr (kOp == ArOp::kDivR) return fpu::Div(src, dest, env);
}

// ST(0) = ST(0) op m32real/m64real/m16int/m32int. A real operand enters unconverted, so an
// SNaN or a denormal in memory is judged by the operation together with ST(0).
template <ArOp kOp, Fmt F>
void ArithMem(Cpu& c, const DecodedInsn& d) {
  if (!Begin(c)) return;
  const RawValue raw = ReadRaw<F>(c, d);
  RecordPointers(c, d);
  X87State& f = c.s.fpu;
  if (M86_UNLIKELY(IsEmpty(f, 0))) return UnderflowTo(c, 0, false);
  FpEnv env = MakeEnv(f.cw, true);
  const Float80 r = Compute<kOp>(fpu::FpOperand(St(f, 0)), SourceOperand<F>(raw), env);
  Complete(c, env, 0, r, false);
}

// dest = dest op src with registers: ST(0) op ST(i) (D8), ST(i) op ST(0) (DC), and the same
// with a pop (DE).
template <ArOp kOp, bool kToSti, bool kPop>
void ArithReg(Cpu& c, const DecodedInsn& d) {
  if (!Begin(c)) return;
  RecordPointers(c, d);
  X87State& f = c.s.fpu;
  const int i = StIndex(d);
  const int dest = kToSti ? i : 0, src = kToSti ? 0 : i;
  if (M86_UNLIKELY(IsEmpty(f, dest) || IsEmpty(f, src))) return UnderflowTo(c, dest, kPop);
  FpEnv env = MakeEnv(f.cw, true);
  const Float80 r = Compute<kOp>(St(f, dest), St(f, src), env);
  Complete(c, env, dest, r, kPop);
}

// One-operand instructions on ST(0).
using UnaryFn = Float80 (*)(const Float80& x, FpEnv& env);
template <UnaryFn kFn, bool kPrecisionControl>
void Unary(Cpu& c, const DecodedInsn& d) {
  if (!Begin(c)) return;
  RecordPointers(c, d);
  X87State& f = c.s.fpu;
  if (M86_UNLIKELY(IsEmpty(f, 0))) return UnderflowTo(c, 0, false);
  FpEnv env = MakeEnv(f.cw, kPrecisionControl);
  const Float80 r = kFn(St(f, 0), env);
  Complete(c, env, 0, r, false);
}

Float80 SqrtOp(const Float80& x, FpEnv& env) { return fpu::Sqrt(x, env); }
Float80 RoundOp(const Float80& x, FpEnv& env) { return fpu::RoundToInteger(x, env); }
// FABS and FCHS change the sign bit only: no exceptions, not even for SNaNs (SDM Vol. 2A).
Float80 AbsOp(const Float80& x, FpEnv&) { return fpu::Abs(x); }
Float80 ChsOp(const Float80& x, FpEnv&) { return fpu::Negate(x); }

// FSCALE: ST(0) = ST(0) * 2^trunc(ST(1)).
void Scale(Cpu& c, const DecodedInsn& d) {
  if (!Begin(c)) return;
  RecordPointers(c, d);
  X87State& f = c.s.fpu;
  if (M86_UNLIKELY(IsEmpty(f, 0) || IsEmpty(f, 1))) return UnderflowTo(c, 0, false);
  FpEnv env = MakeEnv(f.cw, false);
  const Float80 r = fpu::Scale(St(f, 0), St(f, 1), env);
  Complete(c, env, 0, r, false);
}

// FPREM/FPREM1: ST(0) = partial remainder of ST(0) / ST(1). C2 = 1 while the reduction is
// incomplete; when complete, C0 C3 C1 = Q2 Q1 Q0; after an incomplete step they are 0 (SDM
// Vol. 3A, 22.18.2.1).
template <bool kIeee>
void PartialRemainder(Cpu& c, const DecodedInsn& d) {
  if (!Begin(c)) return;
  RecordPointers(c, d);
  X87State& f = c.s.fpu;
  if (M86_UNLIKELY(IsEmpty(f, 0) || IsEmpty(f, 1))) return UnderflowTo(c, 0, false);
  FpEnv env = MakeEnv(f.cw, false);
  uint8_t q = 0;
  bool complete = true;
  const Float80 r = fpu::PartialRemainder(St(f, 0), St(f, 1), kIeee, env, &q, &complete);
  if (!env.suppress_result) {
    SetSt(f, 0, r);
    uint16_t cc = 0;
    if (!complete) {
      cc = x87sw::kC2;
    } else {
      if (q & 4) cc |= x87sw::kC0;
      if (q & 2) cc |= x87sw::kC3;
      if (q & 1) cc |= x87sw::kC1;
    }
    SetCc(f, x87sw::kCc, cc);
  }
  Raise(c, env.raised);
}

// FXTRACT: ST(0) becomes the exponent, then the significand is pushed. It needs a free
// register for the push; the masked response to a stack fault leaves the indefinite in both.
void Extract(Cpu& c, const DecodedInsn& d) {
  if (!BeginReplaceAndPush(c, d)) return;
  X87State& f = c.s.fpu;
  FpEnv env = MakeEnv(f.cw, false);
  Float80 exponent;
  const Float80 significand = fpu::Extract(St(f, 0), &exponent, env);
  if (!env.suppress_result) {
    SetSt(f, 0, exponent);
    Push(f, significand);
  }
  SetC1(f, env.rounded_up);
  Raise(c, env.raised);
}

}  // namespace

#define M86_X87_ARITH_FAMILY(Name, kOp)                            \
  M86_X87_HANDLER(Name##M32, ArithMem<ArOp::kOp, Fmt::kF32>)       \
  M86_X87_HANDLER(Name##M64, ArithMem<ArOp::kOp, Fmt::kF64>)       \
  M86_X87_HANDLER(Name##St0Sti, ArithReg<ArOp::kOp, false, false>) \
  M86_X87_HANDLER(Name##StiSt0, ArithReg<ArOp::kOp, true, false>)  \
  M86_X87_HANDLER(Name##p, ArithReg<ArOp::kOp, true, true>)
#define M86_X87_INT_FAMILY(Name, kOp)                        \
  M86_X87_HANDLER(Name##M16, ArithMem<ArOp::kOp, Fmt::kI16>) \
  M86_X87_HANDLER(Name##M32, ArithMem<ArOp::kOp, Fmt::kI32>)

M86_X87_ARITH_FAMILY(Fadd, kAdd)
M86_X87_ARITH_FAMILY(Fmul, kMul)
M86_X87_ARITH_FAMILY(Fsub, kSub)
M86_X87_ARITH_FAMILY(Fsubr, kSubR)
M86_X87_ARITH_FAMILY(Fdiv, kDiv)
M86_X87_ARITH_FAMILY(Fdivr, kDivR)
M86_X87_INT_FAMILY(Fiadd, kAdd)
M86_X87_INT_FAMILY(Fimul, kMul)
M86_X87_INT_FAMILY(Fisub, kSub)
M86_X87_INT_FAMILY(Fisubr, kSubR)
M86_X87_INT_FAMILY(Fidiv, kDiv)
M86_X87_INT_FAMILY(Fidivr, kDivR)
#undef M86_X87_ARITH_FAMILY
#undef M86_X87_INT_FAMILY

M86_X87_HANDLER(Fsqrt, (Unary<SqrtOp, true>))
M86_X87_HANDLER(Frndint, (Unary<RoundOp, false>))
M86_X87_HANDLER(Fabs, (Unary<AbsOp, false>))
M86_X87_HANDLER(Fchs, (Unary<ChsOp, false>))
M86_X87_HANDLER(Fscale, Scale)
M86_X87_HANDLER(Fprem, PartialRemainder<false>)
M86_X87_HANDLER(Fprem1, PartialRemainder<true>)
M86_X87_HANDLER(Fxtract, Extract)

}  // namespace m86::x87
