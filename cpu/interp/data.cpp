// Data movement: MOV forms, LEA, XCHG, CBW/CWD, XLAT, MOVZX/MOVSX/MOVSXD, BSWAP, CMOVcc, NOP.
// SDM Vol. 2, the instructions of the same names.
#include "cpu/interp/handlers.h"
#include "cpu/interp/operands.h"

namespace m86 {
namespace {

template <typename T> void MovEG(Cpu& c, const DecodedInsn& d) { WriteRm<T>(c, d, GetReg<T>(c, d.reg())); }
template <typename T> void MovGE(Cpu& c, const DecodedInsn& d) { SetReg<T>(c, d.reg(), ReadRm<T>(c, d)); }
template <typename T> void MovEI(Cpu& c, const DecodedInsn& d) { WriteRm<T>(c, d, ImmZ<T>(d)); }
// B8+r: the one form with a full 64-bit immediate (SDM Vol. 2A, MOV).
template <typename T> void MovZI(Cpu& c, const DecodedInsn& d) {
  SetReg<T>(c, d.rm(), static_cast<T>(d.imm64()));
}

// moffs forms: the offset is an immediate of the address size (64 bits in 64-bit mode
// without 67).
template <typename T> void MovAccMoffs(Cpu& c, const DecodedInsn& d) {
  SetReg<T>(c, kEax, c.Read<T>(d.seg, d.imm64()));
}
template <typename T> void MovMoffsAcc(Cpu& c, const DecodedInsn& d) {
  c.Write<T>(d.seg, d.imm64(), GetReg<T>(c, kEax));
}

// LEA. A SIB byte with index 100b (no index) and a non-zero scale is undefined (SDM Vol. 2A,
// Table 2-3); the 80386 then applies the scale to the base register (measured on 386 hardware
// by test386.asm's LEA table). Whether its memory operands do the same is not known, so only
// LEA models it. The address, of the address size, is truncated to the operand size (SDM Vol.
// 2A, LEA, Table 3-54).
template <typename T> void Lea(Cpu& c, const DecodedInsn& d) {
  uint64_t ea = EffectiveAddress(c, d);
  if (d.index == kNoReg && d.scale != 0 && c.model().arith == ArithStyle::k80386)
    ea = static_cast<uint32_t>((c.s.gpr[d.base] << d.scale) + d.disp);  // a32: 16-bit has no SIB
  SetReg<T>(c, d.reg(), static_cast<T>(ea));
}

template <typename T> void XchgEG(Cpu& c, const DecodedInsn& d) {
  const T mem = ReadRmForWrite<T>(c, d);
  WriteRm<T>(c, d, GetReg<T>(c, d.reg()));
  SetReg<T>(c, d.reg(), mem);
}
template <typename T> void XchgZA(Cpu& c, const DecodedInsn& d) {
  const int r = d.rm();
  const T v = GetReg<T>(c, r);
  SetReg<T>(c, r, GetReg<T>(c, kEax));
  SetReg<T>(c, kEax, v);
}

void Nop(Cpu&, const DecodedInsn&) {}

// CBW/CWDE/CDQE: sign-extend the lower half of the accumulator into all of it.
template <typename T> void Cbw(Cpu& c, const DecodedInsn&) {
  using Half = std::conditional_t<sizeof(T) == 8, int32_t,
                                  std::conditional_t<sizeof(T) == 4, int16_t, int8_t>>;
  SetReg<T>(c, kEax, static_cast<T>(static_cast<Signed<T>>(static_cast<Half>(c.s.gpr[kEax]))));
}
// CWD/CDQ/CQO: sign of AX/EAX/RAX into DX/EDX/RDX.
template <typename T> void Cwd(Cpu& c, const DecodedInsn&) {
  const T sign = (GetReg<T>(c, kEax) & kSignBit<T>) ? T(~T(0)) : T(0);
  SetReg<T>(c, kEdx, sign);
}

// XLAT: the byte at rBX + AL, the sum of the address size.
void Xlat(Cpu& c, const DecodedInsn& d) {
  uint64_t off = c.s.gpr[kEbx] + (c.s.gpr[kEax] & 0xFF);
  if (!d.a64()) off = d.a32() ? static_cast<uint32_t>(off) : off & 0xFFFF;
  SetReg<uint8_t>(c, kEax, c.Read<uint8_t>(d.seg, off));
}

template <typename T, typename S> void Movzx(Cpu& c, const DecodedInsn& d) {
  SetReg<T>(c, d.reg(), static_cast<T>(ReadRm<S>(c, d)));
}
template <typename T, typename S> void Movsx(Cpu& c, const DecodedInsn& d) {
  SetReg<T>(c, d.reg(), static_cast<T>(static_cast<std::make_signed_t<T>>(
                            static_cast<std::make_signed_t<S>>(ReadRm<S>(c, d)))));
}
template <typename T> void MovzxB(Cpu& c, const DecodedInsn& d) { Movzx<T, uint8_t>(c, d); }
template <typename T> void MovzxW(Cpu& c, const DecodedInsn& d) { Movzx<T, uint16_t>(c, d); }
template <typename T> void MovsxB(Cpu& c, const DecodedInsn& d) { Movsx<T, uint8_t>(c, d); }
template <typename T> void MovsxW(Cpu& c, const DecodedInsn& d) { Movsx<T, uint16_t>(c, d); }
// MOVSXD (63, 64-bit mode only): sign-extends a doubleword with REX.W; without it the operand
// size's own move (SDM Vol. 2B, MOVSX/MOVSXD).
template <typename T> void Movsxd(Cpu& c, const DecodedInsn& d) {
  if constexpr (sizeof(T) == 8)
    Movsx<T, uint32_t>(c, d);
  else
    MovGE<T>(c, d);
}

// BSWAP with a 16-bit operand is undefined; real processors clear the register's low word.
template <typename T> void Bswap(Cpu& c, const DecodedInsn& d) {
  const int r = d.rm();
  if constexpr (sizeof(T) == 8)
    c.s.gpr[r] = __builtin_bswap64(c.s.gpr[r]);
  else if constexpr (sizeof(T) == 4)
    c.s.gpr[r] = __builtin_bswap32(static_cast<uint32_t>(c.s.gpr[r]));
  else
    SetReg<uint16_t>(c, r, 0);
}

// CMOVcc reads its source even when the condition is false (SDM Vol. 2A, CMOVcc). The
// destination is written either way, so a 32-bit one in 64-bit mode is zero-extended even
// when nothing moves (SDM Vol. 1, 3.4.1.1; as the host does).
template <typename T> void Cmov(Cpu& c, const DecodedInsn& d) {
  const T v = ReadRm<T>(c, d);
  SetReg<T>(c, d.reg(), EvaluateCondition(c.s, d.opcode & 0xF) ? v : GetReg<T>(c, d.reg()));
}

}  // namespace

void RegisterDataHandlers(HandlerTable& t) {
  t.Set(Op::MOV_EbGb, &MovEG<uint8_t>);
  M86_SET_SIZED64(t, MOV_EvGv, MovEG);
  t.Set(Op::MOV_GbEb, &MovGE<uint8_t>);
  M86_SET_SIZED64(t, MOV_GvEv, MovGE);
  t.Set(Op::MOV_EbIb, &MovEI<uint8_t>);
  M86_SET_SIZED64(t, MOV_EvIz, MovEI);
  t.Set(Op::MOV_ZbIb, [](Cpu& c, const DecodedInsn& d) {
    SetReg<uint8_t>(c, d.rm(), static_cast<uint8_t>(d.imm));
  });
  M86_SET_SIZED64(t, MOV_ZvIv, MovZI);
  t.Set(Op::MOV_ALOb, &MovAccMoffs<uint8_t>);
  M86_SET_SIZED64(t, MOV_eAXOv, MovAccMoffs);
  t.Set(Op::MOV_ObAL, &MovMoffsAcc<uint8_t>);
  M86_SET_SIZED64(t, MOV_OveAX, MovMoffsAcc);
  M86_SET_SIZED64(t, LEA, Lea);
  t.Set(Op::XCHG_EbGb, &XchgEG<uint8_t>);
  M86_SET_SIZED64(t, XCHG_EvGv, XchgEG);
  M86_SET_SIZED64(t, XCHG_ZveAX, XchgZA);
  t.Set(Op::NOP, &Nop);
  M86_SET_SIZED64(t, CBW, Cbw);
  M86_SET_SIZED64(t, CWD, Cwd);
  t.Set(Op::XLAT, &Xlat);
  M86_SET_SIZED64(t, MOVZX_GvEb, MovzxB);
  M86_SET_SIZED64(t, MOVZX_GvEw, MovzxW);
  M86_SET_SIZED64(t, MOVSX_GvEb, MovsxB);
  M86_SET_SIZED64(t, MOVSX_GvEw, MovsxW);
  M86_SET_SIZED64(t, MOVSXD, Movsxd);
  M86_SET_SIZED64(t, BSWAP, Bswap);
  M86_SET_SIZED64(t, CMOV, Cmov);
}

}  // namespace m86
