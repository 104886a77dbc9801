// x87 transcendental instructions: FSIN, FCOS, FSINCOS, FPTAN, FPATAN, F2XM1, FYL2X, FYL2XP1
// (SDM Vol. 2A-2B, the instructions of the same names; Vol. 1, 8.3.9-8.3.10). The arithmetic
// is fpu::Sin and friends; this layer handles the stack, C2 and the status word. None of them
// is subject to precision control.
#include "cpu/interp/x87_core.h"
#include "cpu/interp/x87_handlers.h"

namespace m86::x87 {
namespace {

// FSIN/FCOS: an operand outside +-2^63 leaves ST(0) unchanged with C2 = 1.
using TrigFn = Float80 (*)(const Float80& x, FpEnv& env, bool* out_of_range);
template <TrigFn kFn>
void Trig(Cpu& c, const DecodedInsn& d) {
  if (!Begin(c)) return;
  RecordPointers(c, d);
  X87State& f = c.s.fpu;
  if (M86_UNLIKELY(IsEmpty(f, 0))) return UnderflowTo(c, 0, false);
  FpEnv env = MakeEnv(f.cw, false);
  bool out_of_range = false;
  const Float80 r = kFn(St(f, 0), env, &out_of_range);
  if (out_of_range) {
    SetCc(f, x87sw::kC2, x87sw::kC2);
    Raise(c, env.raised);
    return;
  }
  SetCc(f, x87sw::kC2, 0);
  Complete(c, env, 0, r, false);
}

// F2XM1: ST(0) = 2^ST(0) - 1.
void Exp2m1(Cpu& c, const DecodedInsn& d) {
  if (!Begin(c)) return;
  RecordPointers(c, d);
  X87State& f = c.s.fpu;
  if (M86_UNLIKELY(IsEmpty(f, 0))) return UnderflowTo(c, 0, false);
  FpEnv env = MakeEnv(f.cw, false);
  const Float80 r = fpu::Exp2Minus1(St(f, 0), env);
  Complete(c, env, 0, r, false);
}

// FPATAN, FYL2X, FYL2XP1: ST(1) = fn(ST(1), ST(0)), then pop.
using BinaryFn = Float80 (*)(const Float80& y, const Float80& x, FpEnv& env);
template <BinaryFn kFn>
void IntoSt1AndPop(Cpu& c, const DecodedInsn& d) {
  if (!Begin(c)) return;
  RecordPointers(c, d);
  X87State& f = c.s.fpu;
  if (M86_UNLIKELY(IsEmpty(f, 0) || IsEmpty(f, 1))) return UnderflowTo(c, 1, true);
  FpEnv env = MakeEnv(f.cw, false);
  const Float80 r = kFn(St(f, 1), St(f, 0), env);
  Complete(c, env, 1, r, true);
}

// FPTAN and FSINCOS replace ST(0) and push a second result, so they need ST(7) free. A stack
// fault's masked response leaves the indefinite in both; an out-of-range operand (C2 = 1)
// leaves the stack as it was.
enum class PairOp : uint8_t { kTan, kSinCos };
template <PairOp kOp>
void Pair(Cpu& c, const DecodedInsn& d) {
  if (!BeginReplaceAndPush(c, d)) return;
  X87State& f = c.s.fpu;
  FpEnv env = MakeEnv(f.cw, false);
  bool out_of_range = false;
  Float80 first, second;
  if constexpr (kOp == PairOp::kTan) {
    // The pushed value is 1.0, or the result again when it is a NaN (float80.h, Tan).
    first = fpu::Tan(St(f, 0), env, &out_of_range);
    second = (first.exp() == 0x7FFF && (first.mant << 1)) ? first : fpu::ConstOne();
  } else {
    // C1 reports the sine's rounding (float80.h, SinCos).
    first = fpu::SinCos(St(f, 0), env, &out_of_range, &second);
  }
  if (out_of_range) {
    SetCc(f, x87sw::kC2, x87sw::kC2);
    Raise(c, env.raised);
    return;
  }
  SetCc(f, x87sw::kC2, 0);
  if (!env.suppress_result) {
    SetSt(f, 0, first);
    Push(f, second);
  }
  SetC1(f, env.rounded_up);
  Raise(c, env.raised);
}

}  // namespace

M86_X87_HANDLER(Fsin, Trig<fpu::Sin>)
M86_X87_HANDLER(Fcos, Trig<fpu::Cos>)
M86_X87_HANDLER(Fsincos, Pair<PairOp::kSinCos>)
M86_X87_HANDLER(Fptan, Pair<PairOp::kTan>)
M86_X87_HANDLER(F2xm1, Exp2m1)
M86_X87_HANDLER(Fpatan, IntoSt1AndPop<fpu::Atan2>)
M86_X87_HANDLER(Fyl2x, IntoSt1AndPop<fpu::YLog2X>)
M86_X87_HANDLER(Fyl2xp1, IntoSt1AndPop<fpu::YLog2XPlus1>)

}  // namespace m86::x87
