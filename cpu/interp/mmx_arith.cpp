// MMX arithmetic, comparison and logical instructions (SDM Vol. 1, 9.4.2-9.4.5; Vol. 2, the
// PADD/PSUB/PMUL/PMADDWD/PCMP/PAND/PANDN/POR/PXOR pages), and their SSE2 XMM forms. Every lane operation works on the
// lane's unsigned bits; the signed forms reinterpret them.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "cpu/interp/mmx.h"
#include "cpu/interp/sse.h"

namespace m86::mmx {
namespace {

template <typename Lane>
using SignedLane = std::make_signed_t<Lane>;

// Saturation clamps a wide intermediate to the lane's signed or unsigned range (SDM Vol. 1,
// 9.4.2: results beyond the range become the largest or smallest representable value).
template <typename Out>
Out Saturate(int32_t v) {
  return static_cast<Out>(
      std::clamp<int32_t>(v, std::numeric_limits<Out>::min(), std::numeric_limits<Out>::max()));
}

// Wraparound: the carry or borrow out of each lane is dropped.
template <typename Lane>
uint64_t Add(uint64_t a, uint64_t b) {
  return Lanewise<Lane>(a, b, [](Lane x, Lane y) { return x + y; });
}
template <typename Lane>
uint64_t Sub(uint64_t a, uint64_t b) {
  return Lanewise<Lane>(a, b, [](Lane x, Lane y) { return x - y; });
}

template <typename Lane>
uint64_t AddSigned(uint64_t a, uint64_t b) {
  using S = SignedLane<Lane>;
  return Lanewise<Lane>(a, b, [](Lane x, Lane y) {
    return Saturate<S>(int32_t{static_cast<S>(x)} + static_cast<S>(y));
  });
}
template <typename Lane>
uint64_t SubSigned(uint64_t a, uint64_t b) {
  using S = SignedLane<Lane>;
  return Lanewise<Lane>(a, b, [](Lane x, Lane y) {
    return Saturate<S>(int32_t{static_cast<S>(x)} - static_cast<S>(y));
  });
}
template <typename Lane>
uint64_t AddUnsigned(uint64_t a, uint64_t b) {
  return Lanewise<Lane>(a, b, [](Lane x, Lane y) { return Saturate<Lane>(int32_t{x} + y); });
}
template <typename Lane>
uint64_t SubUnsigned(uint64_t a, uint64_t b) {
  return Lanewise<Lane>(a, b, [](Lane x, Lane y) { return Saturate<Lane>(int32_t{x} - y); });
}

// PMULLW / PMULHW: the signed 32-bit product of each word pair, low or high half.
uint64_t MulLow(uint64_t a, uint64_t b) {
  return Lanewise<uint16_t>(
      a, b, [](uint16_t x, uint16_t y) { return static_cast<uint16_t>(uint32_t{x} * y); });
}
uint64_t MulHigh(uint64_t a, uint64_t b) {
  return Lanewise<uint16_t>(a, b, [](uint16_t x, uint16_t y) {
    const int32_t p = int32_t{static_cast<int16_t>(x)} * static_cast<int16_t>(y);
    return static_cast<uint16_t>(static_cast<uint32_t>(p) >> 16);
  });
}

// PMADDWD: each doubleword is the sum of two signed word products. The one sum that does not
// fit, all four words 8000h, wraps to 80000000h as the SDM documents (Vol. 2, PMADDWD).
uint64_t MulAdd(uint64_t a, uint64_t b) {
  uint64_t r = 0;
  for (int i = 0; i < 64; i += 32) {
    int64_t sum = 0;
    for (int j = i; j < i + 32; j += 16)
      sum += int64_t{static_cast<int16_t>(a >> j)} * static_cast<int16_t>(b >> j);
    r |= uint64_t{static_cast<uint32_t>(sum)} << i;
  }
  return r;
}

// PCMPEQ / PCMPGT (signed): all ones in a lane where the relation holds, zero elsewhere.
template <typename Lane>
uint64_t CmpEq(uint64_t a, uint64_t b) {
  return Lanewise<Lane>(a, b, [](Lane x, Lane y) { return x == y ? Lane(~Lane{0}) : Lane{0}; });
}
template <typename Lane>
uint64_t CmpGt(uint64_t a, uint64_t b) {
  using S = SignedLane<Lane>;
  return Lanewise<Lane>(a, b, [](Lane x, Lane y) {
    return static_cast<S>(x) > static_cast<S>(y) ? Lane(~Lane{0}) : Lane{0};
  });
}

uint64_t And(uint64_t a, uint64_t b) { return a & b; }
uint64_t AndNot(uint64_t a, uint64_t b) { return ~a & b; }  // PANDN: NOT dst, then AND src
uint64_t Or(uint64_t a, uint64_t b) { return a | b; }
uint64_t Xor(uint64_t a, uint64_t b) { return a ^ b; }

}  // namespace

void RegisterMmxArithHandlers(HandlerTable& t) {
  t.Set(Op::PADDB, &BinaryHandler<&Add<uint8_t>>);
  t.Set(Op::PADDW, &BinaryHandler<&Add<uint16_t>>);
  t.Set(Op::PADDD, &BinaryHandler<&Add<uint32_t>>);
  t.Set(Op::PSUBB, &BinaryHandler<&Sub<uint8_t>>);
  t.Set(Op::PSUBW, &BinaryHandler<&Sub<uint16_t>>);
  t.Set(Op::PSUBD, &BinaryHandler<&Sub<uint32_t>>);
  t.Set(Op::PADDSB, &BinaryHandler<&AddSigned<uint8_t>>);
  t.Set(Op::PADDSW, &BinaryHandler<&AddSigned<uint16_t>>);
  t.Set(Op::PSUBSB, &BinaryHandler<&SubSigned<uint8_t>>);
  t.Set(Op::PSUBSW, &BinaryHandler<&SubSigned<uint16_t>>);
  t.Set(Op::PADDUSB, &BinaryHandler<&AddUnsigned<uint8_t>>);
  t.Set(Op::PADDUSW, &BinaryHandler<&AddUnsigned<uint16_t>>);
  t.Set(Op::PSUBUSB, &BinaryHandler<&SubUnsigned<uint8_t>>);
  t.Set(Op::PSUBUSW, &BinaryHandler<&SubUnsigned<uint16_t>>);
  t.Set(Op::PMULLW, &BinaryHandler<&MulLow>);
  t.Set(Op::PMULHW, &BinaryHandler<&MulHigh>);
  t.Set(Op::PMADDWD, &BinaryHandler<&MulAdd>);
  t.Set(Op::PCMPEQB, &BinaryHandler<&CmpEq<uint8_t>>);
  t.Set(Op::PCMPEQW, &BinaryHandler<&CmpEq<uint16_t>>);
  t.Set(Op::PCMPEQD, &BinaryHandler<&CmpEq<uint32_t>>);
  t.Set(Op::PCMPGTB, &BinaryHandler<&CmpGt<uint8_t>>);
  t.Set(Op::PCMPGTW, &BinaryHandler<&CmpGt<uint16_t>>);
  t.Set(Op::PCMPGTD, &BinaryHandler<&CmpGt<uint32_t>>);
  t.Set(Op::PAND, &BinaryHandler<&And>);
  t.Set(Op::PANDN, &BinaryHandler<&AndNot>);
  t.Set(Op::POR, &BinaryHandler<&Or>);
  t.Set(Op::PXOR, &BinaryHandler<&Xor>);
  // The SSE2 XMM forms: the same lane operations on each quadword.
  t.Set(Op::PADDB_X, &sse::HalvesHandler<&Add<uint8_t>>);
  t.Set(Op::PADDW_X, &sse::HalvesHandler<&Add<uint16_t>>);
  t.Set(Op::PADDD_X, &sse::HalvesHandler<&Add<uint32_t>>);
  t.Set(Op::PSUBB_X, &sse::HalvesHandler<&Sub<uint8_t>>);
  t.Set(Op::PSUBW_X, &sse::HalvesHandler<&Sub<uint16_t>>);
  t.Set(Op::PSUBD_X, &sse::HalvesHandler<&Sub<uint32_t>>);
  t.Set(Op::PADDSB_X, &sse::HalvesHandler<&AddSigned<uint8_t>>);
  t.Set(Op::PADDSW_X, &sse::HalvesHandler<&AddSigned<uint16_t>>);
  t.Set(Op::PSUBSB_X, &sse::HalvesHandler<&SubSigned<uint8_t>>);
  t.Set(Op::PSUBSW_X, &sse::HalvesHandler<&SubSigned<uint16_t>>);
  t.Set(Op::PADDUSB_X, &sse::HalvesHandler<&AddUnsigned<uint8_t>>);
  t.Set(Op::PADDUSW_X, &sse::HalvesHandler<&AddUnsigned<uint16_t>>);
  t.Set(Op::PSUBUSB_X, &sse::HalvesHandler<&SubUnsigned<uint8_t>>);
  t.Set(Op::PSUBUSW_X, &sse::HalvesHandler<&SubUnsigned<uint16_t>>);
  t.Set(Op::PMULLW_X, &sse::HalvesHandler<&MulLow>);
  t.Set(Op::PMULHW_X, &sse::HalvesHandler<&MulHigh>);
  t.Set(Op::PMADDWD_X, &sse::HalvesHandler<&MulAdd>);
  t.Set(Op::PCMPEQB_X, &sse::HalvesHandler<&CmpEq<uint8_t>>);
  t.Set(Op::PCMPEQW_X, &sse::HalvesHandler<&CmpEq<uint16_t>>);
  t.Set(Op::PCMPEQD_X, &sse::HalvesHandler<&CmpEq<uint32_t>>);
  t.Set(Op::PCMPGTB_X, &sse::HalvesHandler<&CmpGt<uint8_t>>);
  t.Set(Op::PCMPGTW_X, &sse::HalvesHandler<&CmpGt<uint16_t>>);
  t.Set(Op::PCMPGTD_X, &sse::HalvesHandler<&CmpGt<uint32_t>>);
  t.Set(Op::PAND_X, &sse::HalvesHandler<&And>);
  t.Set(Op::PANDN_X, &sse::HalvesHandler<&AndNot>);
  t.Set(Op::POR_X, &sse::HalvesHandler<&Or>);
  t.Set(Op::PXOR_X, &sse::HalvesHandler<&Xor>);
  // ANDPS/ANDPD, ANDNPS/ANDNPD, ORPS/ORPD, XORPS/XORPD are the same bitwise operations.
  t.Set(Op::ANDPS, &sse::HalvesHandler<&And>);
  t.Set(Op::ANDNPS, &sse::HalvesHandler<&AndNot>);
  t.Set(Op::ORPS, &sse::HalvesHandler<&Or>);
  t.Set(Op::XORPS, &sse::HalvesHandler<&Xor>);
}

}  // namespace m86::mmx
