// IN and OUT, with the protected-mode I/O permission checks (SDM Vol. 1, 18.5).
#include "cpu/interp/io_permission.h"
#include "cpu/interp/handlers.h"
#include "cpu/interp/operands.h"

namespace m86 {

namespace {
// A byte of the TSS: TR's base is 64-bit in IA-32e mode (SDM Vol. 3A, 7.7); elsewhere linear
// addresses wrap at 4 GiB.
uint64_t TssLinear(const Cpu& c, uint32_t offset) {
  const uint64_t lin = c.s.tr.base + offset;
  return LongModeActive(c.s) ? lin : WrapLinear(lin);
}
}  // namespace

void CheckIoPermission(Cpu& c, uint16_t port, int size) {
  if (!(c.s.cr0 & cr0::kPe)) return;
  const uint32_t iopl = (c.s.eflags & flag::kIopl) >> 12;
  if (!(c.s.eflags & flag::kVm) && c.s.cpl <= iopl) return;
  // Consult the I/O permission bitmap of a 32-bit TSS (types 9 and 11); a 16-bit TSS has none.
  const Segment& tr = c.s.tr;
  const uint32_t type = tr.attr & 0xF;
  if ((type != 9 && type != 11) || tr.limit < 103) c.Fault(kVecGp, 0);
  const uint32_t bitmap = c.ReadLinear<uint16_t>(TssLinear(c, 0x66), true);
  const uint32_t byte = bitmap + port / 8;
  if (byte + 1 > tr.limit) c.Fault(kVecGp, 0);
  const uint32_t bits = c.ReadLinear<uint16_t>(TssLinear(c, byte), true);
  const uint32_t wanted = ((1u << size) - 1) << (port & 7);
  if (bits & wanted) c.Fault(kVecGp, 0);
}

namespace {

template <typename T> void In(Cpu& c, uint16_t port) {
  CheckIoPermission(c, port, sizeof(T));
  SetReg<T>(c, kEax, static_cast<T>(c.io().In(port, sizeof(T))));
  c.EndBlock();  // a device may have raised an interrupt or changed the machine
}
template <typename T> void Out(Cpu& c, uint16_t port) {
  CheckIoPermission(c, port, sizeof(T));
  c.io().Out(port, sizeof(T), GetReg<T>(c, kEax));
  c.EndBlock();
}

template <typename T> void InImm(Cpu& c, const DecodedInsn& d) { In<T>(c, static_cast<uint16_t>(d.imm)); }
template <typename T> void InDx(Cpu& c, const DecodedInsn&) { In<T>(c, static_cast<uint16_t>(c.s.gpr[kEdx])); }
template <typename T> void OutImm(Cpu& c, const DecodedInsn& d) { Out<T>(c, static_cast<uint16_t>(d.imm)); }
template <typename T> void OutDx(Cpu& c, const DecodedInsn&) { Out<T>(c, static_cast<uint16_t>(c.s.gpr[kEdx])); }

}  // namespace

void RegisterIoHandlers(HandlerTable& t) {
  t.Set(Op::IN_ALIb, &InImm<uint8_t>);
  M86_SET_SIZED(t, IN_eAXIb, InImm);
  t.Set(Op::IN_ALDX, &InDx<uint8_t>);
  M86_SET_SIZED(t, IN_eAXDX, InDx);
  t.Set(Op::OUT_IbAL, &OutImm<uint8_t>);
  M86_SET_SIZED(t, OUT_IbeAX, OutImm);
  t.Set(Op::OUT_DXAL, &OutDx<uint8_t>);
  M86_SET_SIZED(t, OUT_DXeAX, OutDx);
}

}  // namespace m86
