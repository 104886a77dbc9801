// MMX shifts (SDM Vol. 1, 9.4.7; Vol. 2, PSLLW/PSLLD/PSLLQ, PSRAW/PSRAD, PSRLW/PSRLD/PSRLQ).
// The count is the whole 64-bit source operand, or the immediate byte of the 0F 71/72/73 group
// forms; it is not masked: a count above the lane width minus one clears every lane for the
// logical shifts and fills it with the sign bit for the arithmetic ones.
#include <cstdint>
#include <type_traits>

#include "cpu/interp/mmx.h"
#include "cpu/interp/sse.h"

namespace m86::mmx {
namespace {

enum class Kind { kLeft, kRightLogical, kRightArithmetic };

template <typename Lane, Kind kKind>
uint64_t Shift(uint64_t value, uint64_t count) {
  constexpr int kWidth = sizeof(Lane) * 8;
  if (count > kWidth - 1) {
    if constexpr (kKind != Kind::kRightArithmetic) return 0;
    count = kWidth - 1;  // the sign bit fills the lane
  }
  const int n = static_cast<int>(count);
  if constexpr (kWidth == 64) {
    if constexpr (kKind == Kind::kLeft) return value << n;
    return value >> n;  // PSRAQ does not exist on MMX
  } else {
    return Lanewise<Lane>(value, 0, [n](Lane x, Lane) {
      if constexpr (kKind == Kind::kLeft) return static_cast<Lane>(x << n);
      if constexpr (kKind == Kind::kRightLogical) return static_cast<Lane>(x >> n);
      // Arithmetic right shift of the signed lane (C++20 defines >> on negative values).
      return static_cast<Lane>(static_cast<std::make_signed_t<Lane>>(x) >> n);
    });
  }
}

// "PSxx mm, mm/m64": the count comes from an MMX register or a quadword in memory.
template <typename Lane, Kind kKind>
void ShiftByOperand(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const uint64_t count = ReadQ(c, d);
  SetMm(c, d.reg(), Shift<Lane, kKind>(GetMm(c, d.reg()), count));
  Retire(c);
}

// "PSxx mm, imm8" (0F 71/72/73 /2 /4 /6): the operand is ModRM.rm and must be a register
// (Vol. 2D, A.2.1 operand type N); the memory encodings are invalid opcodes.
template <typename Lane, Kind kKind>
void ShiftByImmediate(Cpu& c, const DecodedInsn& d) {
  if (d.mem()) c.Fault(kVecUd);
  Enter(c);
  SetMm(c, d.rm(), Shift<Lane, kKind>(GetMm(c, d.rm()), d.imm & 0xFF));
  Retire(c);
}

// The SSE2 XMM forms: the count is the low quadword of xmm/m128 (the whole 128-bit operand is
// read, aligned) or the immediate; each quadword of the destination shifts by it.
template <typename Lane, Kind kKind>
void XmmShiftByOperand(Cpu& c, const DecodedInsn& d) {
  sse::Enter(c);
  const uint64_t count = sse::ReadW(c, d).q[0];
  Xmm& x = sse::Reg(c, d.reg());
  for (uint64_t& half : x.q) half = Shift<Lane, kKind>(half, count);
}
template <typename Lane, Kind kKind>
void XmmShiftByImmediate(Cpu& c, const DecodedInsn& d) {
  sse::RequireRegister(c, d);
  sse::Enter(c);
  Xmm& x = sse::Reg(c, d.rm());
  for (uint64_t& half : x.q) half = Shift<Lane, kKind>(half, d.imm & 0xFF);
}

}  // namespace

void RegisterMmxShiftHandlers(HandlerTable& t) {
  t.Set(Op::PSLLW, &ShiftByOperand<uint16_t, Kind::kLeft>);
  t.Set(Op::PSLLD, &ShiftByOperand<uint32_t, Kind::kLeft>);
  t.Set(Op::PSLLQ, &ShiftByOperand<uint64_t, Kind::kLeft>);
  t.Set(Op::PSRLW, &ShiftByOperand<uint16_t, Kind::kRightLogical>);
  t.Set(Op::PSRLD, &ShiftByOperand<uint32_t, Kind::kRightLogical>);
  t.Set(Op::PSRLQ, &ShiftByOperand<uint64_t, Kind::kRightLogical>);
  t.Set(Op::PSRAW, &ShiftByOperand<uint16_t, Kind::kRightArithmetic>);
  t.Set(Op::PSRAD, &ShiftByOperand<uint32_t, Kind::kRightArithmetic>);
  t.Set(Op::PSLLW_Ib, &ShiftByImmediate<uint16_t, Kind::kLeft>);
  t.Set(Op::PSLLD_Ib, &ShiftByImmediate<uint32_t, Kind::kLeft>);
  t.Set(Op::PSLLQ_Ib, &ShiftByImmediate<uint64_t, Kind::kLeft>);
  t.Set(Op::PSRLW_Ib, &ShiftByImmediate<uint16_t, Kind::kRightLogical>);
  t.Set(Op::PSRLD_Ib, &ShiftByImmediate<uint32_t, Kind::kRightLogical>);
  t.Set(Op::PSRLQ_Ib, &ShiftByImmediate<uint64_t, Kind::kRightLogical>);
  t.Set(Op::PSRAW_Ib, &ShiftByImmediate<uint16_t, Kind::kRightArithmetic>);
  t.Set(Op::PSRAD_Ib, &ShiftByImmediate<uint32_t, Kind::kRightArithmetic>);
  t.Set(Op::PSLLW_X, &XmmShiftByOperand<uint16_t, Kind::kLeft>);
  t.Set(Op::PSLLD_X, &XmmShiftByOperand<uint32_t, Kind::kLeft>);
  t.Set(Op::PSLLQ_X, &XmmShiftByOperand<uint64_t, Kind::kLeft>);
  t.Set(Op::PSRLW_X, &XmmShiftByOperand<uint16_t, Kind::kRightLogical>);
  t.Set(Op::PSRLD_X, &XmmShiftByOperand<uint32_t, Kind::kRightLogical>);
  t.Set(Op::PSRLQ_X, &XmmShiftByOperand<uint64_t, Kind::kRightLogical>);
  t.Set(Op::PSRAW_X, &XmmShiftByOperand<uint16_t, Kind::kRightArithmetic>);
  t.Set(Op::PSRAD_X, &XmmShiftByOperand<uint32_t, Kind::kRightArithmetic>);
  t.Set(Op::PSLLW_Ib_X, &XmmShiftByImmediate<uint16_t, Kind::kLeft>);
  t.Set(Op::PSLLD_Ib_X, &XmmShiftByImmediate<uint32_t, Kind::kLeft>);
  t.Set(Op::PSLLQ_Ib_X, &XmmShiftByImmediate<uint64_t, Kind::kLeft>);
  t.Set(Op::PSRLW_Ib_X, &XmmShiftByImmediate<uint16_t, Kind::kRightLogical>);
  t.Set(Op::PSRLD_Ib_X, &XmmShiftByImmediate<uint32_t, Kind::kRightLogical>);
  t.Set(Op::PSRLQ_Ib_X, &XmmShiftByImmediate<uint64_t, Kind::kRightLogical>);
  t.Set(Op::PSRAW_Ib_X, &XmmShiftByImmediate<uint16_t, Kind::kRightArithmetic>);
  t.Set(Op::PSRAD_Ib_X, &XmmShiftByImmediate<uint32_t, Kind::kRightArithmetic>);
}

}  // namespace m86::mmx
