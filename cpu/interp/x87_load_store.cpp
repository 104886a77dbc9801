// x87 data transfer: FLD/FILD/FBLD, FST/FSTP/FIST/FISTP/FBSTP in every memory format, FLD,
// FST, FSTP and FXCH with registers, and the constant loads (SDM Vol. 2A-2B, the instructions
// of the same names; Vol. 1, 8.3.3 and 8.3.8).
#include "cpu/interp/x87_core.h"
#include "cpu/interp/x87_formats.h"
#include "cpu/interp/x87_handlers.h"

namespace m86::x87 {
namespace {

// A push onto a full stack (ST(7) in use): overflow, and with IE masked the indefinite is
// pushed (SDM Vol. 1, 8.5.1.1). Returns true when the stack had room.
bool RoomToPush(Cpu& c) {
  X87State& f = c.s.fpu;
  if (M86_LIKELY(IsEmpty(f, 7))) return true;
  if (StackFault(c, true)) Push(f, Indef());
  return false;
}

// FLD m32/m64/m80, FILD m16/m32/m64, FBLD: the operand is read first (its faults come before
// any x87 state changes), then pushed. C1 = 0 unless the stack overflowed.
template <Fmt F>
void LoadMem(Cpu& c, const DecodedInsn& d) {
  if (!Begin(c)) return;
  const RawValue raw = ReadRaw<F>(c, d);
  RecordPointers(c, d);
  if (!RoomToPush(c)) return;
  X87State& f = c.s.fpu;
  FpEnv env = MakeEnv(f.cw, false);
  const Float80 v = ToRegister<F>(raw, env);
  SetC1(f, false);
  if (!env.suppress_result) Push(f, v);
  Raise(c, env.raised);
}

// FST/FSTP m32/m64/m80, FIST/FISTP m16/m32/m64, FBSTP. The value is converted first, written
// (a #PF or #GP leaves the x87 state untouched), and only then do flags and the pop happen.
// An unmasked exception that suppresses the store also keeps the stack (SDM Vol. 1, 4.9.2).
template <Fmt F, bool kPop>
void StoreMem(Cpu& c, const DecodedInsn& d) {
  if (!Begin(c)) return;
  X87State& f = c.s.fpu;
  const bool underflow = IsEmpty(f, 0);
  FpEnv env = MakeEnv(f.cw, false);
  RawValue v;
  bool store;
  if (M86_UNLIKELY(underflow)) {
    v = Indefinite<F>();
    store = (f.cw & fpu::kInvalid) != 0;
  } else {
    v = FromRegister<F>(St(f, 0), env);
    store = !env.suppress_result;
  }
  if (store) WriteRaw<F>(c, d, v);
  RecordPointers(c, d);
  if (M86_UNLIKELY(underflow)) {
    if (StackFault(c, false) && kPop) Pop(f);
    return;
  }
  SetC1(f, env.rounded_up);
  if (kPop && store) Pop(f);
  Raise(c, env.raised);
}

// FLD ST(i): pushes a copy of ST(i) (numbered before the push). 80-bit copies raise nothing.
void LoadReg(Cpu& c, const DecodedInsn& d) {
  if (!Begin(c)) return;
  RecordPointers(c, d);
  X87State& f = c.s.fpu;
  const int i = StIndex(d);
  if (!RoomToPush(c)) return;
  if (IsEmpty(f, i)) {
    if (StackFault(c, false)) Push(f, Indef());
    return;
  }
  const Float80 v = St(f, i);
  SetC1(f, false);
  Push(f, v);
}

// FST/FSTP ST(i): copies ST(0) to ST(i), then pops for FSTP.
template <bool kPop>
void StoreReg(Cpu& c, const DecodedInsn& d) {
  if (!Begin(c)) return;
  RecordPointers(c, d);
  X87State& f = c.s.fpu;
  const int i = StIndex(d);
  if (IsEmpty(f, 0)) return UnderflowTo(c, i, kPop);
  SetSt(f, i, St(f, 0));
  SetC1(f, false);
  if (kPop) Pop(f);
}

// FXCH ST(i). An empty operand is a stack underflow; the masked response exchanges with the
// indefinite standing in for the empty register(s).
void Exchange(Cpu& c, const DecodedInsn& d) {
  if (!Begin(c)) return;
  RecordPointers(c, d);
  X87State& f = c.s.fpu;
  const int i = StIndex(d);
  const bool empty0 = IsEmpty(f, 0), empty_i = IsEmpty(f, i);
  if (M86_UNLIKELY(empty0 || empty_i) && !StackFault(c, false)) return;
  const Float80 a = empty0 ? Indef() : St(f, 0);
  const Float80 b = empty_i ? Indef() : St(f, i);
  SetSt(f, 0, b);
  SetSt(f, i, a);
  SetC1(f, false);
}

// The constants: rounded per RC from the x87's internal values (SDM Vol. 1, 8.3.8); PC does
// not apply.
using ConstFn = Float80 (*)(fpu::Rounding rc);
Float80 One(fpu::Rounding) { return fpu::ConstOne(); }
Float80 Zero(fpu::Rounding) { return fpu::ConstZero(false); }

template <ConstFn kFn>
void LoadConst(Cpu& c, const DecodedInsn& d) {
  if (!Begin(c)) return;
  RecordPointers(c, d);
  if (!RoomToPush(c)) return;
  X87State& f = c.s.fpu;
  const Float80 v = kFn(static_cast<fpu::Rounding>((f.cw >> x87cw::kRcShift) & 3));
  SetC1(f, false);
  Push(f, v);
}

}  // namespace

M86_X87_HANDLER(FldM32, LoadMem<Fmt::kF32>)
M86_X87_HANDLER(FldM64, LoadMem<Fmt::kF64>)
M86_X87_HANDLER(FldM80, LoadMem<Fmt::kF80>)
M86_X87_HANDLER(FildM16, LoadMem<Fmt::kI16>)
M86_X87_HANDLER(FildM32, LoadMem<Fmt::kI32>)
M86_X87_HANDLER(FildM64, LoadMem<Fmt::kI64>)
M86_X87_HANDLER(Fbld, LoadMem<Fmt::kBcd>)

M86_X87_HANDLER(FstM32, StoreMem<Fmt::kF32, false>)
M86_X87_HANDLER(FstpM32, StoreMem<Fmt::kF32, true>)
M86_X87_HANDLER(FstM64, StoreMem<Fmt::kF64, false>)
M86_X87_HANDLER(FstpM64, StoreMem<Fmt::kF64, true>)
M86_X87_HANDLER(FstpM80, StoreMem<Fmt::kF80, true>)
M86_X87_HANDLER(FistM16, StoreMem<Fmt::kI16, false>)
M86_X87_HANDLER(FistpM16, StoreMem<Fmt::kI16, true>)
M86_X87_HANDLER(FistM32, StoreMem<Fmt::kI32, false>)
M86_X87_HANDLER(FistpM32, StoreMem<Fmt::kI32, true>)
M86_X87_HANDLER(FistpM64, StoreMem<Fmt::kI64, true>)
M86_X87_HANDLER(Fbstp, StoreMem<Fmt::kBcd, true>)

M86_X87_HANDLER(FldSti, LoadReg)
M86_X87_HANDLER(FstSti, StoreReg<false>)
M86_X87_HANDLER(FstpSti, StoreReg<true>)
M86_X87_HANDLER(FxchSti, Exchange)

M86_X87_HANDLER(Fld1, LoadConst<One>)
M86_X87_HANDLER(Fldz, LoadConst<Zero>)
M86_X87_HANDLER(Fldpi, LoadConst<fpu::ConstPi>)
M86_X87_HANDLER(Fldl2e, LoadConst<fpu::ConstLog2e>)
M86_X87_HANDLER(Fldl2t, LoadConst<fpu::ConstLog2_10>)
M86_X87_HANDLER(Fldlg2, LoadConst<fpu::ConstLog10_2>)
M86_X87_HANDLER(Fldln2, LoadConst<fpu::ConstLn2>)

}  // namespace m86::x87
