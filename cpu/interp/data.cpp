// Data movement: MOV forms, LEA, XCHG, CBW/CWD, XLAT, MOVZX/MOVSX, BSWAP, CMOVcc, NOP.
// SDM Vol. 2, the instructions of the same names.
#include "cpu/interp/handlers.h"
#include "cpu/interp/operands.h"

namespace m86 {
namespace {

template <typename T> void MovEG(Cpu& c, const DecodedInsn& d) { WriteRm<T>(c, d, GetReg<T>(c, d.reg())); }
template <typename T> void MovGE(Cpu& c, const DecodedInsn& d) { SetReg<T>(c, d.reg(), ReadRm<T>(c, d)); }
template <typename T> void MovEI(Cpu& c, const DecodedInsn& d) { WriteRm<T>(c, d, static_cast<T>(d.imm)); }
template <typename T> void MovZI(Cpu& c, const DecodedInsn& d) { SetReg<T>(c, d.rm(), static_cast<T>(d.imm)); }

// moffs forms: the offset is an immediate of the address size.
template <typename T> void MovAccMoffs(Cpu& c, const DecodedInsn& d) {
  SetReg<T>(c, kEax, c.Read<T>(d.seg, d.imm));
}
template <typename T> void MovMoffsAcc(Cpu& c, const DecodedInsn& d) {
  c.Write<T>(d.seg, d.imm, GetReg<T>(c, kEax));
}

// LEA. A SIB byte with index 100b (no index) and a non-zero scale is undefined (SDM Vol. 2A,
// Table 2-3); the 80386 then applies the scale to the base register (measured on 386 hardware
// by test386.asm's LEA table). Whether its memory operands do the same is not known, so only
// LEA models it.
template <typename T> void Lea(Cpu& c, const DecodedInsn& d) {
  uint32_t ea = EffectiveAddress(c, d);
  if (d.index == kNoReg && d.scale != 0 && c.model().arith == ArithStyle::k80386)
    ea = (c.s.gpr[d.base] << d.scale) + d.disp;  // a32 only: 16-bit forms have no SIB
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

// CBW/CWDE: sign-extend AL into AX, or AX into EAX.
template <typename T> void Cbw(Cpu& c, const DecodedInsn&) {
  if constexpr (sizeof(T) == 2)
    SetReg<uint16_t>(c, kEax, static_cast<uint16_t>(static_cast<int8_t>(c.s.gpr[kEax])));
  else
    c.s.gpr[kEax] = static_cast<uint32_t>(static_cast<int16_t>(c.s.gpr[kEax]));
}
// CWD/CDQ: sign of AX/EAX into DX/EDX.
template <typename T> void Cwd(Cpu& c, const DecodedInsn&) {
  const T sign = (GetReg<T>(c, kEax) & kSignBit<T>) ? T(~T(0)) : T(0);
  SetReg<T>(c, kEdx, sign);
}

void Xlat(Cpu& c, const DecodedInsn& d) {
  uint32_t off = c.s.gpr[kEbx] + (c.s.gpr[kEax] & 0xFF);
  if (!d.a32()) off &= 0xFFFF;
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

// BSWAP with a 16-bit operand is undefined; real processors clear the register's low word.
template <typename T> void Bswap(Cpu& c, const DecodedInsn& d) {
  const int r = d.rm();
  if constexpr (sizeof(T) == 4)
    c.s.gpr[r] = __builtin_bswap32(c.s.gpr[r]);
  else
    SetReg<uint16_t>(c, r, 0);
}

// CMOVcc reads its source even when the condition is false (SDM Vol. 2A, CMOVcc); a 32-bit
// destination is written (zero-extended) only when the move happens.
template <typename T> void Cmov(Cpu& c, const DecodedInsn& d) {
  const T v = ReadRm<T>(c, d);
  if (EvaluateCondition(c.s, d.opcode & 0xF)) SetReg<T>(c, d.reg(), v);
}

}  // namespace

void RegisterDataHandlers(HandlerTable& t) {
  t.Set(Op::MOV_EbGb, &MovEG<uint8_t>);
  M86_SET_SIZED(t, MOV_EvGv, MovEG);
  t.Set(Op::MOV_GbEb, &MovGE<uint8_t>);
  M86_SET_SIZED(t, MOV_GvEv, MovGE);
  t.Set(Op::MOV_EbIb, &MovEI<uint8_t>);
  M86_SET_SIZED(t, MOV_EvIz, MovEI);
  t.Set(Op::MOV_ZbIb, [](Cpu& c, const DecodedInsn& d) {
    SetReg<uint8_t>(c, d.rm(), static_cast<uint8_t>(d.imm));
  });
  M86_SET_SIZED(t, MOV_ZvIv, MovZI);
  t.Set(Op::MOV_ALOb, &MovAccMoffs<uint8_t>);
  M86_SET_SIZED(t, MOV_eAXOv, MovAccMoffs);
  t.Set(Op::MOV_ObAL, &MovMoffsAcc<uint8_t>);
  M86_SET_SIZED(t, MOV_OveAX, MovMoffsAcc);
  M86_SET_SIZED(t, LEA, Lea);
  t.Set(Op::XCHG_EbGb, &XchgEG<uint8_t>);
  M86_SET_SIZED(t, XCHG_EvGv, XchgEG);
  M86_SET_SIZED(t, XCHG_ZveAX, XchgZA);
  t.Set(Op::NOP, &Nop);
  M86_SET_SIZED(t, CBW, Cbw);
  M86_SET_SIZED(t, CWD, Cwd);
  t.Set(Op::XLAT, &Xlat);
  M86_SET_SIZED(t, MOVZX_GvEb, MovzxB);
  M86_SET_SIZED(t, MOVZX_GvEw, MovzxW);
  M86_SET_SIZED(t, MOVSX_GvEb, MovsxB);
  M86_SET_SIZED(t, MOVSX_GvEw, MovsxW);
  M86_SET_SIZED(t, BSWAP, Bswap);
  M86_SET_SIZED(t, CMOV, Cmov);
}

}  // namespace m86
