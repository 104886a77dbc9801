// SSSE3 (SDM Vol. 2, the PSHUFB, PHADD*, PHSUB*, PMADDUBSW, PMULHRSW, PSIGN*, PABS* and PALIGNR
// pages), each in its MMX form (0F 38 / 0F 3A, MMX registers, the MMX checks and x87 state
// transition) and its XMM form (66-prefixed). Lane-local operations are written once for a
// quadword and run per half in the XMM form; the others see the operand as `bytes` bytes of an
// Xmm (8 for MMX, 16 for XMM).
#include <algorithm>
#include <cstdint>
#include <limits>

#include "cpu/interp/sse.h"

namespace m86::sse {
namespace {

using mmx::Lanewise;

template <typename Lane>
using SignedOf = std::make_signed_t<Lane>;

int16_t SaturateWord(int32_t v) { return static_cast<int16_t>(std::clamp<int32_t>(v, -32768, 32767)); }

// PMADDUBSW: unsigned bytes of the destination times signed bytes of the source, adjacent
// products summed with signed saturation into words.
uint64_t MulAddBytes(uint64_t a, uint64_t b) {
  uint64_t r = 0;
  for (int i = 0; i < 64; i += 16) {
    int32_t sum = 0;
    for (int j = i; j < i + 16; j += 8)
      sum += int32_t{static_cast<uint8_t>(a >> j)} * static_cast<int8_t>(b >> j);
    r |= uint64_t{static_cast<uint16_t>(SaturateWord(sum))} << i;
  }
  return r;
}

// PMULHRSW: the signed product scaled by 2^-15 with rounding: ((a * b >> 14) + 1) >> 1.
uint64_t MulHighRoundScale(uint64_t a, uint64_t b) {
  return Lanewise<uint16_t>(a, b, [](uint16_t x, uint16_t y) {
    const int32_t p = int32_t{static_cast<int16_t>(x)} * static_cast<int16_t>(y);
    return static_cast<uint16_t>(((p >> 14) + 1) >> 1);
  });
}

// PSIGNB/W/D: the destination lane negated, zeroed or kept as the source lane is negative,
// zero or positive.
template <typename Lane>
uint64_t Sign(uint64_t a, uint64_t b) {
  return Lanewise<Lane>(a, b, [](Lane x, Lane y) {
    const auto s = static_cast<SignedOf<Lane>>(y);
    return s < 0 ? static_cast<Lane>(Lane{0} - x) : s == 0 ? Lane{0} : x;
  });
}

// PABSB/W/D: the absolute value of each source lane (the most negative value stays, read as
// unsigned it is its own absolute value).
template <typename Lane>
uint64_t Abs(uint64_t, uint64_t b) {
  return Lanewise<Lane>(b, 0, [](Lane y, Lane) {
    const auto s = static_cast<SignedOf<Lane>>(y);
    return s < 0 ? static_cast<Lane>(Lane{0} - y) : y;
  });
}

// An operation on whole operands of `bytes` bytes (8: MMX, 16: XMM) with the immediate byte.
using WideFn = Xmm (*)(const Xmm& dst, const Xmm& src, int bytes, uint8_t imm);

// PSHUFB: result byte i is 0 when source byte i has its top bit set, else destination byte
// (source byte i modulo the operand size).
Xmm ShuffleBytes(const Xmm& a, const Xmm& b, int bytes, uint8_t) {
  Xmm r{};
  for (int i = 0; i < bytes; ++i) {
    const uint8_t sel = b.Get<uint8_t>(i);
    if (!(sel & 0x80)) r.Set<uint8_t>(i, a.Get<uint8_t>(sel & (bytes - 1)));
  }
  return r;
}

enum class Horizontal { kAdd, kSub, kAddSaturate, kSubSaturate };

// PHADDW/D, PHSUBW/D, PHADDSW, PHSUBSW: adjacent lane pairs of the destination fill the low
// half of the result, those of the source the high half; the subtraction takes the higher
// lane from the lower.
template <typename Lane, Horizontal kKind>
Xmm HorizontalPairs(const Xmm& a, const Xmm& b, int bytes, uint8_t) {
  const int lanes = bytes / static_cast<int>(sizeof(Lane)), half = lanes / 2;
  Xmm r{};
  for (int i = 0; i < lanes; ++i) {
    const Xmm& from = i < half ? a : b;
    const int k = 2 * (i % half);
    const auto x = static_cast<SignedOf<Lane>>(from.Get<Lane>(k));
    const auto y = static_cast<SignedOf<Lane>>(from.Get<Lane>(k + 1));
    Lane v;
    if constexpr (kKind == Horizontal::kAdd) v = static_cast<Lane>(Lane(x) + Lane(y));
    if constexpr (kKind == Horizontal::kSub) v = static_cast<Lane>(Lane(x) - Lane(y));
    if constexpr (kKind == Horizontal::kAddSaturate) v = static_cast<Lane>(SaturateWord(x + y));
    if constexpr (kKind == Horizontal::kSubSaturate) v = static_cast<Lane>(SaturateWord(x - y));
    r.Set<Lane>(i, v);
  }
  return r;
}

// PALIGNR: the destination (high) and source (low) concatenated, shifted right by imm8 bytes;
// the low `bytes` bytes remain (zeros beyond the concatenation).
Xmm AlignRight(const Xmm& a, const Xmm& b, int bytes, uint8_t imm) {
  Xmm r{};
  for (int i = 0; i < bytes; ++i) {
    const int k = i + imm;
    if (k < bytes)
      r.Set<uint8_t>(i, b.Get<uint8_t>(k));
    else if (k < 2 * bytes)
      r.Set<uint8_t>(i, a.Get<uint8_t>(k - bytes));
  }
  return r;
}

template <WideFn kFn>
void MmxWide(Cpu& c, const DecodedInsn& d) {
  mmx::Enter(c);
  const uint64_t src = mmx::ReadQ(c, d);
  const Xmm r = kFn(Xmm{{mmx::GetMm(c, d.reg()), 0}}, Xmm{{src, 0}}, 8, static_cast<uint8_t>(d.imm));
  mmx::SetMm(c, d.reg(), r.q[0]);
  mmx::Retire(c);
}
template <WideFn kFn>
void XmmWide(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const Xmm src = ReadW(c, d);
  Reg(c, d.reg()) = kFn(Reg(c, d.reg()), src, 16, static_cast<uint8_t>(d.imm));
}

}  // namespace

void RegisterSsse3Handlers(HandlerTable& t) {
#define M86_SET_LANES(op, fn)               \
  t.Set(Op::op, &mmx::BinaryHandler<&fn>); \
  t.Set(Op::op##_X, &HalvesHandler<&fn>)
#define M86_SET_WIDE(op, fn)          \
  t.Set(Op::op, &MmxWide<&fn>); \
  t.Set(Op::op##_X, &XmmWide<&fn>)
  M86_SET_LANES(PMADDUBSW, MulAddBytes);
  M86_SET_LANES(PMULHRSW, MulHighRoundScale);
  M86_SET_LANES(PSIGNB, Sign<uint8_t>);
  M86_SET_LANES(PSIGNW, Sign<uint16_t>);
  M86_SET_LANES(PSIGND, Sign<uint32_t>);
  M86_SET_LANES(PABSB, Abs<uint8_t>);
  M86_SET_LANES(PABSW, Abs<uint16_t>);
  M86_SET_LANES(PABSD, Abs<uint32_t>);
  M86_SET_WIDE(PSHUFB, ShuffleBytes);
  M86_SET_WIDE(PHADDW, (HorizontalPairs<uint16_t, Horizontal::kAdd>));
  M86_SET_WIDE(PHADDD, (HorizontalPairs<uint32_t, Horizontal::kAdd>));
  M86_SET_WIDE(PHADDSW, (HorizontalPairs<uint16_t, Horizontal::kAddSaturate>));
  M86_SET_WIDE(PHSUBW, (HorizontalPairs<uint16_t, Horizontal::kSub>));
  M86_SET_WIDE(PHSUBD, (HorizontalPairs<uint32_t, Horizontal::kSub>));
  M86_SET_WIDE(PHSUBSW, (HorizontalPairs<uint16_t, Horizontal::kSubSaturate>));
  M86_SET_WIDE(PALIGNR, AlignRight);
#undef M86_SET_LANES
#undef M86_SET_WIDE
}

}  // namespace m86::sse
