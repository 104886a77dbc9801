#include <string>

#include "cpu/cpu.h"
#include "cpu/interp/handlers.h"
#include "cpu/model.h"

namespace m86 {
namespace {

// An operation no family implements yet: a logged error naming it, then #UD.
void Unimplemented(Cpu& cpu, const DecodedInsn& d) {
  cpu.LogUnimplemented(std::string("instruction ") + OpName(d.op));
  cpu.Fault(kVecUd);
}

void Undefined(Cpu& cpu, const DecodedInsn& d) {
  if (!cpu.model().has_invalid_opcode) {
    // The 8086 has no #UD; encodings it leaves undefined are not emulated.
    cpu.LogUnimplemented(std::string("undefined 8086 encoding, opcode ") + std::to_string(d.opcode));
  }
  cpu.Fault(kVecUd);
}

void TooLong(Cpu& cpu, const DecodedInsn&) { cpu.Fault(kVecGp, 0); }

}  // namespace

void Unimplemented64(Cpu& cpu, const DecodedInsn& d) {
  cpu.LogUnimplemented(std::string("instruction ") + OpName(d.op) + " with 64-bit operands");
  cpu.Fault(kVecUd);
}

namespace {

HandlerTable Build() {
  HandlerTable t;
  for (auto& sizes : t.fn) sizes[0] = sizes[1] = sizes[2] = &Unimplemented;
  t.Set(Op::UNDEFINED, &Undefined);
  t.Set(Op::TOO_LONG, &TooLong);
  RegisterDataHandlers(t);
  RegisterAluHandlers(t);
  RegisterMulDivHandlers(t);
  RegisterShiftHandlers(t);
  RegisterBcdHandlers(t);
  RegisterFlagHandlers(t);
  RegisterStackHandlers(t);
  RegisterControlHandlers(t);
  RegisterFarControlHandlers(t);
  RegisterStringHandlers(t);
  RegisterIoHandlers(t);
  RegisterBitHandlers(t);
  RegisterSystemHandlers(t);
  RegisterSegmentHandlers(t);
  RegisterMmxHandlers(t);
  RegisterSseHandlers(t);
  RegisterX87Handlers(t);
  return t;
}

}  // namespace

const HandlerTable& GetHandlerTable() {
  static const HandlerTable table = Build();
  return table;
}

}  // namespace m86
