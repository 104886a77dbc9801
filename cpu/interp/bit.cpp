// BT BTS BTR BTC (0F A3 AB B3 BB, and group 8: 0F BA /4-/7) and BSF BSR (0F BC BD). SDM Vol. 2A,
// "BT", "BTC", "BTR", "BTS", "BSF", "BSR".
#include <bit>

#include "cpu/interp/arith_flags.h"
#include "cpu/interp/handlers.h"

namespace m86 {
namespace {

enum BitOp { kBt = 4, kBts = 5, kBtr = 6, kBtc = 7 };  // the group 8 reg field

// OF after BT* on the 80386, which extracts the bit as RCR through a clear CF by bit + 1 would:
// OF is then the XOR of that rotate's two top result bits, bits bit-1 and bit-2 of `v`, where
// bit -1 is the clear CF and bit -2 wraps to the top bit (test386.asm POST E0, measured on 386
// hardware: 0001h gives OF=0, 1, 1, 0 for bits 0-3).
template <typename T>
bool BitTestOf386(T v, uint32_t bit) {
  const auto at = [v](int i) -> bool {
    if (i == -1) return false;
    if (i == -2) i = kBits<T> - 1;
    return (v >> i) & 1;
  };
  const int b = static_cast<int>(bit);
  return at(b - 1) != at(b - 2);
}

// Tests bit `bit` of `v` into CF and returns the value the operation stores. OF SF AF PF are
// undefined and ZF unaffected (SDM); they keep their values, as on the host, except OF on the
// 80386.
template <typename T>
T ApplyBitOp(Cpu& c, int op, T v, uint32_t bit) {
  const T mask = static_cast<T>(T{1} << bit);
  if (c.model().arith == ArithStyle::k80386) {
    SetArithFlags(c, ((v & mask) ? flag::kCf : 0) | (BitTestOf386<T>(v, bit) ? flag::kOf : 0),
                  flag::kCf | flag::kOf);
  } else {
    SetArithFlags(c, (v & mask) ? flag::kCf : 0, flag::kCf);
  }
  switch (op) {
    case kBts:
      return static_cast<T>(v | mask);
    case kBtr:
      return static_cast<T>(v & ~mask);
    case kBtc:
      return static_cast<T>(v ^ mask);
    default:
      return v;
  }
}

// Operates on bit `offset` of the register operand, or of the memory operand at `ea`.
template <typename T>
void BitOpAt(Cpu& c, const DecodedInsn& d, int op, uint64_t ea, uint32_t bit) {
  if (!d.mem()) {
    const T v = GetReg<T>(c, d.rm());
    const T res = ApplyBitOp<T>(c, op, v, bit);
    if (op != kBt) SetReg<T>(c, d.rm(), res);
    return;
  }
  if (op == kBt) {
    ApplyBitOp<T>(c, op, c.Read<T>(d.seg, ea), bit);
    return;
  }
  // Read with the write check first, so the write cannot fault after CF changed.
  const T v = c.ReadForWrite<T>(d.seg, ea);
  c.Write<T>(d.seg, ea, ApplyBitOp<T>(c, op, v, bit));
}

// BT* Ev, Gv: with a memory operand the register is a signed bit offset that may address
// memory beyond the operand: the operand-size unit at EA + (offset SAR log2(width)) * size
// (SDM Vol. 2A, BT, "bit offset operand"; up to +-2^63 bits with 64-bit operands). The sum
// wraps at the address size.
template <typename T>
void BitOpEvGv(Cpu& c, const DecodedInsn& d, int op) {
  const T offset = GetReg<T>(c, d.reg());
  const uint32_t bit = offset & (kBits<T> - 1);
  if (!d.mem()) {
    BitOpAt<T>(c, d, op, 0, bit);
    return;
  }
  constexpr int kLog2Bits = sizeof(T) == 2 ? 4 : sizeof(T) == 4 ? 5 : 6;
  const int64_t unit = static_cast<Signed<T>>(offset) >> kLog2Bits;
  uint64_t ea = EffectiveAddress(c, d) + static_cast<uint64_t>(unit) * sizeof(T);
  if (!d.a64()) ea = d.a32() ? static_cast<uint32_t>(ea) : ea & 0xFFFF;
  BitOpAt<T>(c, d, op, ea, bit);
}

// BT/BTS/BTR/BTC Ev, Gv with the operation fixed per handler.
template <typename T, int kOp>
void BitEvGv(Cpu& c, const DecodedInsn& d) {
  BitOpEvGv<T>(c, d, kOp);
}

// Group 8 (0F BA /4-/7) Ev, Ib: the immediate is taken modulo the operand width, so the
// operand itself is always the one addressed.
template <typename T>
void BtGroup8(Cpu& c, const DecodedInsn& d) {
  const uint32_t bit = d.imm & (kBits<T> - 1);
  BitOpAt<T>(c, d, d.reg(), d.mem() ? EffectiveAddress(c, d) : 0, bit);
}

// BSF/BSR: index of the lowest/highest set bit. A zero source sets ZF and leaves the
// destination unchanged (as P6-class hardware and the host do; the SDM calls it undefined).
// The other flags, undefined, are those of the host: PF from the index (from 0 for a zero
// source), CF OF SF AF clear.
template <typename T>
void BitScan(Cpu& c, const DecodedInsn& d, bool reverse) {
  const T src = ReadRm<T>(c, d);
  if (src == 0) {
    SetArithFlags(c, flag::kZf | flag::kPf);
    return;
  }
  const uint32_t index = static_cast<uint32_t>(reverse ? kBits<T> - 1 - std::countl_zero(src)
                                                       : std::countr_zero(src));
  SetReg<T>(c, d.reg(), static_cast<T>(index));
  SetArithFlags(c, ParityFlag(index));
}

template <typename T>
void Bsf(Cpu& c, const DecodedInsn& d) {
  BitScan<T>(c, d, false);
}
template <typename T>
void Bsr(Cpu& c, const DecodedInsn& d) {
  BitScan<T>(c, d, true);
}

}  // namespace

void RegisterBitHandlers(HandlerTable& t) {
  t.Set(Op::BT_EvGv, &BitEvGv<uint16_t, kBt>, &BitEvGv<uint32_t, kBt>, &BitEvGv<uint64_t, kBt>);
  t.Set(Op::BTS_EvGv, &BitEvGv<uint16_t, kBts>, &BitEvGv<uint32_t, kBts>,
        &BitEvGv<uint64_t, kBts>);
  t.Set(Op::BTR_EvGv, &BitEvGv<uint16_t, kBtr>, &BitEvGv<uint32_t, kBtr>,
        &BitEvGv<uint64_t, kBtr>);
  t.Set(Op::BTC_EvGv, &BitEvGv<uint16_t, kBtc>, &BitEvGv<uint32_t, kBtc>,
        &BitEvGv<uint64_t, kBtc>);
  M86_SET_SIZED64(t, BT_GRP8, BtGroup8);
  M86_SET_SIZED64(t, BSF, Bsf);
  M86_SET_SIZED64(t, BSR, Bsr);
}

}  // namespace m86
