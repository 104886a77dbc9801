// MMX pack and unpack instructions (SDM Vol. 1, 9.4.6; Vol. 2, PACKSSWB/PACKSSDW, PACKUSWB,
// PUNPCKHBW/HWD/HDQ, PUNPCKLBW/LWD/LDQ).
#include <algorithm>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "cpu/interp/mmx.h"
#include "cpu/interp/sse.h"

namespace m86::mmx {
namespace {

// Packs the signed `In` elements of the destination (low half of the result) and of the source
// (high half) into `Out` elements with saturation: signed for PACKSS*, unsigned for PACKUSWB.
template <typename In, typename Out>
uint64_t Pack(uint64_t dst, uint64_t src) {
  constexpr int kIn = sizeof(In) * 8, kOut = sizeof(Out) * 8, kCount = 64 / kIn;
  uint64_t r = 0;
  for (int i = 0; i < 2 * kCount; ++i) {
    const uint64_t from = i < kCount ? dst : src;
    const In v = static_cast<In>(from >> ((i % kCount) * kIn));
    const Out o = static_cast<Out>(
        std::clamp<int64_t>(v, std::numeric_limits<Out>::min(), std::numeric_limits<Out>::max()));
    using OutBits = std::make_unsigned_t<Out>;
    r |= uint64_t{static_cast<OutBits>(o)} << (i * kOut);
  }
  return r;
}

// Interleaves `Lane` elements of the low (kHigh false) or high halves of the destination and the
// source: destination elements land in the even positions, source elements in the odd ones.
template <typename Lane, bool kHigh>
uint64_t Unpack(uint64_t dst, uint64_t src) {
  constexpr int kWidth = sizeof(Lane) * 8, kCount = 32 / kWidth;
  constexpr int kFrom = kHigh ? 32 : 0;
  uint64_t r = 0;
  for (int i = 0; i < kCount; ++i) {
    const uint64_t d = static_cast<Lane>(dst >> (kFrom + i * kWidth));
    const uint64_t s = static_cast<Lane>(src >> (kFrom + i * kWidth));
    r |= d << (2 * i * kWidth);
    r |= s << ((2 * i + 1) * kWidth);
  }
  return r;
}

// The low unpacks read only the low doubleword of their source: a memory operand is 32 bits
// (Vol. 2, PUNPCKLBW/WD/DQ: mm/m32), so the access never touches the upper four bytes.
template <typename Lane>
void UnpackLowHandler(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const uint64_t src = d.mem() ? c.Read<uint32_t>(d.seg, EffectiveAddress(c, d)) : GetMm(c, d.rm());
  SetMm(c, d.reg(), Unpack<Lane, false>(GetMm(c, d.reg()), src));
  Retire(c);
}

}  // namespace

void RegisterMmxPackHandlers(HandlerTable& t) {
  t.Set(Op::PACKSSWB, &BinaryHandler<&Pack<int16_t, int8_t>>);
  t.Set(Op::PACKSSDW, &BinaryHandler<&Pack<int32_t, int16_t>>);
  t.Set(Op::PACKUSWB, &BinaryHandler<&Pack<int16_t, uint8_t>>);
  t.Set(Op::PUNPCKLBW, &UnpackLowHandler<uint8_t>);
  t.Set(Op::PUNPCKLWD, &UnpackLowHandler<uint16_t>);
  t.Set(Op::PUNPCKLDQ, &UnpackLowHandler<uint32_t>);
  t.Set(Op::PUNPCKHBW, &BinaryHandler<&Unpack<uint8_t, true>>);
  t.Set(Op::PUNPCKHWD, &BinaryHandler<&Unpack<uint16_t, true>>);
  t.Set(Op::PUNPCKHDQ, &BinaryHandler<&Unpack<uint32_t, true>>);
  // The SSE2 XMM forms (sse.h: PackHalves, InterleaveHalves). Their memory operand is always
  // 128 bits and aligned, the low unpacks' too.
  using sse::InterleaveHalves;
  using sse::PackHalves;
  using sse::WholeHandler;
  t.Set(Op::PACKSSWB_X, &WholeHandler<&PackHalves<&Pack<int16_t, int8_t>>>);
  t.Set(Op::PACKSSDW_X, &WholeHandler<&PackHalves<&Pack<int32_t, int16_t>>>);
  t.Set(Op::PACKUSWB_X, &WholeHandler<&PackHalves<&Pack<int16_t, uint8_t>>>);
  t.Set(Op::PACKUSDW, &WholeHandler<&PackHalves<&Pack<int32_t, uint16_t>>>);  // SSE4.1
  t.Set(Op::PUNPCKLBW_X,
        &WholeHandler<&InterleaveHalves<&Unpack<uint8_t, false>, &Unpack<uint8_t, true>, 0>>);
  t.Set(Op::PUNPCKLWD_X,
        &WholeHandler<&InterleaveHalves<&Unpack<uint16_t, false>, &Unpack<uint16_t, true>, 0>>);
  t.Set(Op::PUNPCKLDQ_X,
        &WholeHandler<&InterleaveHalves<&Unpack<uint32_t, false>, &Unpack<uint32_t, true>, 0>>);
  t.Set(Op::PUNPCKHBW_X,
        &WholeHandler<&InterleaveHalves<&Unpack<uint8_t, false>, &Unpack<uint8_t, true>, 1>>);
  t.Set(Op::PUNPCKHWD_X,
        &WholeHandler<&InterleaveHalves<&Unpack<uint16_t, false>, &Unpack<uint16_t, true>, 1>>);
  t.Set(Op::PUNPCKHDQ_X,
        &WholeHandler<&InterleaveHalves<&Unpack<uint32_t, false>, &Unpack<uint32_t, true>, 1>>);
}

}  // namespace m86::mmx
