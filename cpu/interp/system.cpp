// System instructions without a family of their own: UD2, RSM, BOUND (WAIT and the x87
// escapes belong to the x87 family, interp/x87_dispatch.cpp);
// and the registration of every system family (SDM Vol. 2, the instructions of the same names).
#include "cpu/interp/system.h"

#include "cpu/interp/operands.h"

namespace m86 {
namespace {

void Ud2(Cpu& c, const DecodedInsn&) { c.Fault(kVecUd); }

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
  t.Set(Op::RSM, &Rsm);
  M86_SET_SIZED(t, BOUND, Bound);
  RegisterSystemTableHandlers(t);
  RegisterSelectorCheckHandlers(t);
  RegisterControlRegisterHandlers(t);
  RegisterCpuidMsrHandlers(t);
  RegisterSysenterHandlers(t);
  RegisterSyscallHandlers(t);
}

}  // namespace m86
