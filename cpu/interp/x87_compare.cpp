// x87 comparisons and conditional moves: FCOM/FCOMP/FCOMPP, FUCOM/FUCOMP/FUCOMPP, FICOM/
// FICOMP, FTST, FXAM, and the P6 family's FCOMI/FCOMIP/FUCOMI/FUCOMIP and FCMOVcc (SDM Vol. 2A,
// the instructions of the same names; Vol. 1, 8.1.4 and 8.3.7).
#include "cpu/interp/x87_core.h"
#include "cpu/interp/x87_formats.h"
#include "cpu/interp/x87_handlers.h"

namespace m86::x87 {
namespace {

// FCOMI and FCMOVcc exist where CPUID reports both FPU and CMOV (SDM Vol. 2A, FCMOVcc and
// FCOMI "IA-32 Architecture Compatibility"). Elsewhere their encodings are undefined: #NM
// under EM/TS, then #UD without the pending-exception check (SDM Vol. 3A, 22.18.6.6).
inline bool BeginP6Form(Cpu& c) {
  if (!BeginNoWait(c)) return false;
  if (!(c.model().cpuid_features & cpuid_edx::kCmov)) c.Fault(kVecUd);
  if (M86_UNLIKELY(c.s.fpu.sw & x87sw::kEs)) DeliverPending(c);
  return true;
}

// C3 C2 C0 for each outcome (SDM Vol. 2A, FCOM Table 3-21); C1 = 0.
inline uint16_t CcOf(fpu::FpOrder o) {
  switch (o) {
    case fpu::FpOrder::kGreater:
      return 0;
    case fpu::FpOrder::kLess:
      return x87sw::kC0;
    case fpu::FpOrder::kEqual:
      return x87sw::kC3;
    default:
      return x87sw::kC3 | x87sw::kC2 | x87sw::kC0;
  }
}

// Compares ST(0) with `src` and sets the condition codes (C1 = 0), then pops `pops` times. A
// stack underflow or an invalid operand, when masked, reports "unordered". When IE (or DE) is
// unmasked the condition codes are not set (SDM Vol. 2A, FCOM and FUCOM) and nothing is popped;
// the AMD hosts of the differential tests write "unordered" there.
inline void CompareAndPop(Cpu& c, bool underflow, const fpu::FpOperand& src, bool quiet,
                          int pops) {
  X87State& f = c.s.fpu;
  if (M86_UNLIKELY(underflow)) {
    if (!StackFault(c, false)) return;
    SetCc(f, x87sw::kCc, CcOf(fpu::FpOrder::kUnordered));
  } else {
    FpEnv env = MakeEnv(f.cw, false);
    const fpu::FpOrder o = fpu::Compare(fpu::FpOperand(St(f, 0)), src, quiet, env);
    Raise(c, env.raised);
    if (M86_UNLIKELY(UnmaskedInvalidOrDenormal(env))) return;
    SetCc(f, x87sw::kCc, CcOf(o));
  }
  for (int i = 0; i < pops; ++i) Pop(f);
}

// FCOM/FCOMP m32real/m64real, FICOM/FICOMP m16int/m32int. A real operand enters unconverted, so
// the comparison judges an SNaN or a denormal in memory.
template <Fmt F, int kPops>
void CompareMem(Cpu& c, const DecodedInsn& d) {
  if (!Begin(c)) return;
  const RawValue raw = ReadRaw<F>(c, d);
  RecordPointers(c, d);
  CompareAndPop(c, IsEmpty(c.s.fpu, 0), SourceOperand<F>(raw), false, kPops);
}

// FCOM/FCOMP/FUCOM/FUCOMP ST(i); FCOMPP/FUCOMPP compare with ST(1) and pop twice.
template <bool kQuiet, int kPops, bool kFixedSt1>
void CompareReg(Cpu& c, const DecodedInsn& d) {
  if (!Begin(c)) return;
  RecordPointers(c, d);
  X87State& f = c.s.fpu;
  const int i = kFixedSt1 ? 1 : StIndex(d);
  const bool underflow = IsEmpty(f, 0) || IsEmpty(f, i);
  CompareAndPop(c, underflow, fpu::FpOperand(underflow ? Float80{} : St(f, i)), kQuiet, kPops);
}

// FTST: ST(0) against +0.0; any NaN is invalid.
void Test(Cpu& c, const DecodedInsn& d) {
  if (!Begin(c)) return;
  RecordPointers(c, d);
  CompareAndPop(c, IsEmpty(c.s.fpu, 0), fpu::FpOperand(Float80{}), false, 0);
}

// FXAM: the class of ST(0) in C3 C2 C0 and its sign in C1; an empty register is a class of
// its own (SDM Vol. 2A, FXAM Table 3-48). No exceptions.
void Examine(Cpu& c, const DecodedInsn& d) {
  if (!Begin(c)) return;
  RecordPointers(c, d);
  X87State& f = c.s.fpu;
  const Float80& v = St(f, 0);
  uint16_t cc = v.sign() ? x87sw::kC1 : 0;
  if (IsEmpty(f, 0)) {
    cc |= x87sw::kC3 | x87sw::kC0;
  } else {
    switch (fpu::Classify(v)) {
      case fpu::FpClass::kUnsupported:
        break;
      case fpu::FpClass::kQNaN:
      case fpu::FpClass::kSNaN:
        cc |= x87sw::kC0;
        break;
      case fpu::FpClass::kNormal:
        cc |= x87sw::kC2;
        break;
      case fpu::FpClass::kInfinity:
        cc |= x87sw::kC2 | x87sw::kC0;
        break;
      case fpu::FpClass::kZero:
        cc |= x87sw::kC3;
        break;
      case fpu::FpClass::kDenormal:
      case fpu::FpClass::kPseudoDenormal:
        cc |= x87sw::kC3 | x87sw::kC2;
        break;
    }
  }
  SetCc(f, x87sw::kCc, cc);
}

// FCOMI/FCOMIP/FUCOMI/FUCOMIP: the outcome goes to ZF PF CF (as C3 C2 C0 would); OF SF AF are
// cleared; C1 = 0 (SDM Vol. 2A, FCOMI Table 3-23).
template <bool kQuiet, bool kPop>
void CompareToEflags(Cpu& c, const DecodedInsn& d) {
  if (!BeginP6Form(c)) return;
  RecordPointers(c, d);
  X87State& f = c.s.fpu;
  const int i = StIndex(d);
  fpu::FpOrder o = fpu::FpOrder::kUnordered;
  if (M86_UNLIKELY(IsEmpty(f, 0) || IsEmpty(f, i))) {
    if (!StackFault(c, false)) return;
  } else {
    FpEnv env = MakeEnv(f.cw, false);
    o = fpu::Compare(St(f, 0), St(f, i), kQuiet, env);
    SetC1(f, false);
    Raise(c, env.raised);
    if (M86_UNLIKELY(UnmaskedInvalidOrDenormal(env))) return;
  }
  uint32_t fl = 0;
  switch (o) {
    case fpu::FpOrder::kGreater:
      break;
    case fpu::FpOrder::kLess:
      fl = flag::kCf;
      break;
    case fpu::FpOrder::kEqual:
      fl = flag::kZf;
      break;
    default:
      fl = flag::kZf | flag::kPf | flag::kCf;
      break;
  }
  c.SetFlags(fl, flag::kArith);
  if (kPop) Pop(f);
}

// FCMOVcc: ST(0) = ST(i) when the EFLAGS condition holds (SDM Vol. 2A, FCMOVcc Table 3-20).
// An empty ST(0) or ST(i) is a stack underflow; the masked response loads the indefinite.
enum class MoveCond : uint8_t { kB, kE, kBe, kU };
template <MoveCond kCond, bool kNegate>
void CondMove(Cpu& c, const DecodedInsn& d) {
  if (!BeginP6Form(c)) return;
  RecordPointers(c, d);
  X87State& f = c.s.fpu;
  const int i = StIndex(d);
  if (M86_UNLIKELY(IsEmpty(f, 0) || IsEmpty(f, i))) return UnderflowTo(c, 0, false);
  const uint32_t fl = c.GetFlags();
  bool cond;
  switch (kCond) {
    case MoveCond::kB:
      cond = fl & flag::kCf;
      break;
    case MoveCond::kE:
      cond = fl & flag::kZf;
      break;
    case MoveCond::kBe:
      cond = fl & (flag::kCf | flag::kZf);
      break;
    default:
      cond = fl & flag::kPf;
      break;
  }
  if (cond != kNegate) SetSt(f, 0, St(f, i));
}

}  // namespace

M86_X87_HANDLER(FcomM32, CompareMem<Fmt::kF32, 0>)
M86_X87_HANDLER(FcompM32, CompareMem<Fmt::kF32, 1>)
M86_X87_HANDLER(FcomM64, CompareMem<Fmt::kF64, 0>)
M86_X87_HANDLER(FcompM64, CompareMem<Fmt::kF64, 1>)
M86_X87_HANDLER(FicomM16, CompareMem<Fmt::kI16, 0>)
M86_X87_HANDLER(FicompM16, CompareMem<Fmt::kI16, 1>)
M86_X87_HANDLER(FicomM32, CompareMem<Fmt::kI32, 0>)
M86_X87_HANDLER(FicompM32, CompareMem<Fmt::kI32, 1>)
M86_X87_HANDLER(FcomSti, CompareReg<false, 0, false>)
M86_X87_HANDLER(FcompSti, CompareReg<false, 1, false>)
M86_X87_HANDLER(Fcompp, CompareReg<false, 2, true>)
M86_X87_HANDLER(Fucom, CompareReg<true, 0, false>)
M86_X87_HANDLER(Fucomp, CompareReg<true, 1, false>)
M86_X87_HANDLER(Fucompp, CompareReg<true, 2, true>)
M86_X87_HANDLER(Ftst, Test)
M86_X87_HANDLER(Fxam, Examine)
M86_X87_HANDLER(Fcomi, CompareToEflags<false, false>)
M86_X87_HANDLER(Fcomip, CompareToEflags<false, true>)
M86_X87_HANDLER(Fucomi, CompareToEflags<true, false>)
M86_X87_HANDLER(Fucomip, CompareToEflags<true, true>)
M86_X87_HANDLER(Fcmovb, CondMove<MoveCond::kB, false>)
M86_X87_HANDLER(Fcmove, CondMove<MoveCond::kE, false>)
M86_X87_HANDLER(Fcmovbe, CondMove<MoveCond::kBe, false>)
M86_X87_HANDLER(Fcmovu, CondMove<MoveCond::kU, false>)
M86_X87_HANDLER(Fcmovnb, CondMove<MoveCond::kB, true>)
M86_X87_HANDLER(Fcmovne, CondMove<MoveCond::kE, true>)
M86_X87_HANDLER(Fcmovnbe, CondMove<MoveCond::kBe, true>)
M86_X87_HANDLER(Fcmovnu, CondMove<MoveCond::kU, true>)

}  // namespace m86::x87
