// MMX data transfer (MOVD, MOVQ), EMMS and the family's registration (SDM Vol. 1, 9.4.4 and
// 9.5; Vol. 2, MOVD/MOVQ, EMMS; Vol. 3A, chapter 12).
#include <cstdint>

#include "cpu/interp/mmx.h"

namespace m86::mmx {
namespace {

// MOVD mm, r/m32: the doubleword is zero-extended into the MMX register. `T` is uint64_t for
// MOVQ mm, r/m64 (REX.W 0F 6E).
template <typename T>
void MovdToMmx(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const T v = ReadRm<T>(c, d);
  SetMm(c, d.reg(), v);
  Retire(c);
}

// MOVD r/m32, mm: the low doubleword of the MMX register (all of it for MOVQ r/m64, mm,
// REX.W 0F 7E).
template <typename T>
void MovdFromMmx(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  WriteRm<T>(c, d, static_cast<T>(GetMm(c, d.reg())));
  Retire(c);
}

// MOVQ mm, mm/m64.
void MovqToMmx(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const uint64_t v = ReadQ(c, d);
  SetMm(c, d.reg(), v);
  Retire(c);
}

// MOVQ mm/m64, mm: a register destination is ModRM.rm.
void MovqFromMmx(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const uint64_t v = GetMm(c, d.reg());
  if (d.mem())
    WriteMem64(c, d, v);
  else
    SetMm(c, d.rm(), v);
  Retire(c);
}

// EMMS marks every x87 register empty (tag 11) and, like every MMX instruction, sets TOP to 0
// (Vol. 3A, 12.2: "each time an MMX instruction is executed, the TOS value is set to 000B";
// Table 12-2). The register contents stay.
void Emms(Cpu& c, const DecodedInsn&) {
  Enter(c);
  c.s.fpu.sw &= static_cast<uint16_t>(~x87sw::kTop);
  c.s.fpu.tw = 0xFFFF;
}

}  // namespace
}  // namespace m86::mmx

namespace m86 {

void RegisterMmxHandlers(HandlerTable& t) {
  // 66 is ignored; REX.W selects the 64-bit forms (SDM Vol. 2B, MOVD/MOVQ).
  mmx::SetRexW(t, Op::MOVD_PqEd, &mmx::MovdToMmx<uint32_t>, &mmx::MovdToMmx<uint64_t>);
  mmx::SetRexW(t, Op::MOVD_EdPq, &mmx::MovdFromMmx<uint32_t>, &mmx::MovdFromMmx<uint64_t>);
  t.Set(Op::MOVQ_PqQq, &mmx::MovqToMmx);
  t.Set(Op::MOVQ_QqPq, &mmx::MovqFromMmx);
  t.Set(Op::EMMS, &mmx::Emms);
  mmx::RegisterMmxArithHandlers(t);
  mmx::RegisterMmxPackHandlers(t);
  mmx::RegisterMmxShiftHandlers(t);
}

}  // namespace m86
