// SSE4.1 lane insertion and extraction between XMM registers and general registers or memory:
// PEXTRB, PEXTRW (the 66 0F 3A 15 form, which also stores to memory), PEXTRD, EXTRACTPS,
// PINSRB, PINSRD, INSERTPS (SDM Vol. 2, the pages of the same names).
#include <cstdint>

#include "cpu/interp/sse.h"

namespace m86::sse {
namespace {

// PEXTRB/PEXTRW/PEXTRD/EXTRACTPS r/m, xmm, imm8: lane imm8 (modulo the lane count) stored to
// memory at its width, or zero-extended into the register (all 64 bits of it in 64-bit mode).
// PEXTRQ (66 REX.W 0F 3A 16) is the 64-bit lane.
template <typename Lane>
void Extract(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const Lane v = Reg(c, d.reg()).Get<Lane>(d.imm & (16 / sizeof(Lane) - 1));
  if (d.mem())
    c.Write<Lane>(d.seg, EffectiveAddress(c, d), v);
  else
    SetReg<uint64_t>(c, d.rm(), v);
}

// PINSRB/PINSRD/PINSRQ xmm, r/m, imm8: the low byte, doubleword or quadword of a register, or
// the memory lane, replaces lane imm8 (modulo the lane count).
template <typename Lane>
void Insert(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const Lane v = d.mem() ? c.Read<Lane>(d.seg, EffectiveAddress(c, d))
                         : static_cast<Lane>(GetReg<uint64_t>(c, d.rm()));
  Reg(c, d.reg()).Set<Lane>(d.imm & (16 / sizeof(Lane) - 1), v);
}

// INSERTPS xmm, xmm/m32, imm8: source doubleword imm8[7:6] (a memory source is the doubleword
// itself) goes to destination doubleword imm8[5:4]; then the lanes set in imm8[3:0] are
// cleared.
void Insertps(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const uint32_t v = d.mem() ? c.Read<uint32_t>(d.seg, EffectiveAddress(c, d))
                             : Reg(c, d.rm()).Get<uint32_t>((d.imm >> 6) & 3);
  Xmm& r = Reg(c, d.reg());
  r.Set<uint32_t>((d.imm >> 4) & 3, v);
  for (int i = 0; i < 4; ++i)
    if ((d.imm >> i) & 1) r.Set<uint32_t>(i, 0);
}

}  // namespace

void RegisterSse4InsertHandlers(HandlerTable& t) {
  t.Set(Op::PEXTRB, &Extract<uint8_t>);
  t.Set(Op::PEXTRW_E, &Extract<uint16_t>);
  // REX.W turns PEXTRD/PINSRD into PEXTRQ/PINSRQ (SDM Vol. 2B, PEXTRB/PEXTRD/PEXTRQ).
  mmx::SetRexW(t, Op::PEXTRD, &Extract<uint32_t>, &Extract<uint64_t>);
  t.Set(Op::EXTRACTPS, &Extract<uint32_t>);
  t.Set(Op::PINSRB, &Insert<uint8_t>);
  mmx::SetRexW(t, Op::PINSRD, &Insert<uint32_t>, &Insert<uint64_t>);
  t.Set(Op::INSERTPS, &Insertps);
}

}  // namespace m86::sse
