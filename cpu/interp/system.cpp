// System instructions without a family of their own: UD2, WAIT, the x87 escapes, RSM, BOUND;
// and the registration of every system family (SDM Vol. 2, the instructions of the same names).
#include "cpu/interp/system.h"

#include "cpu/interp/operands.h"

namespace m86 {
namespace {

void Ud2(Cpu& c, const DecodedInsn&) { c.Fault(kVecUd); }

// WAIT/FWAIT: #NM when CR0.MP and CR0.TS are both set; otherwise it waits for pending x87
// exceptions, and without an x87 there are none.
void Wait(Cpu& c, const DecodedInsn&) {
  if ((c.s.cr0 & (cr0::kMp | cr0::kTs)) == (cr0::kMp | cr0::kTs)) c.Fault(kVecNm);
}

// D8-DF, the x87 escapes. CR0.EM or CR0.TS make them #NM (SDM Vol. 3A, 2.5 and Table 2-2).
// A model without a coprocessor (8086, 80286, 80386 here) lets the escape pass as a no-op, as
// those processors do with no coprocessor attached. A model with an integrated x87 cannot
// execute it until the x87 exists: it is logged and raises #NM, the exception hardware gives
// when the FPU is unavailable, so an OS that emulates the FPU on #NM still gets control; #UD
// would claim the opcode is invalid, which it is not.
void FpuEscape(Cpu& c, const DecodedInsn&) {
  if (c.s.cr0 & (cr0::kEm | cr0::kTs)) c.Fault(kVecNm);
  if (!c.model().has_fpu) return;
  c.LogUnimplemented("x87 instruction");
  c.Fault(kVecNm);
}

// RSM: #UD outside system-management mode, which this CPU never enters.
void Rsm(Cpu& c, const DecodedInsn&) { c.Fault(kVecUd); }

// BOUND Gv, Ma: #BR (a fault) unless lower <= index <= upper, all signed.
template <typename T> void Bound(Cpu& c, const DecodedInsn& d) {
  const uint32_t ea = EffectiveAddress(c, d);
  const auto lower = static_cast<Signed<T>>(c.Read<T>(d.seg, ea));
  const auto upper = static_cast<Signed<T>>(c.Read<T>(d.seg, OperandOffset(d, ea, sizeof(T))));
  const auto index = static_cast<Signed<T>>(GetReg<T>(c, d.reg()));
  if (index < lower || index > upper) c.Fault(kVecBr);
}

}  // namespace

void RegisterSystemHandlers(HandlerTable& t) {
  t.Set(Op::UD2, &Ud2);
  t.Set(Op::WAIT, &Wait);
  t.Set(Op::FPU_ESC, &FpuEscape);
  t.Set(Op::RSM, &Rsm);
  M86_SET_SIZED(t, BOUND, Bound);
  RegisterSystemTableHandlers(t);
  RegisterSelectorCheckHandlers(t);
  RegisterControlRegisterHandlers(t);
  RegisterCpuidMsrHandlers(t);
  RegisterSysenterHandlers(t);
}

}  // namespace m86
