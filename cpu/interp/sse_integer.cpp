// The integer instructions SSE added to MMX (PAVGB, PAVGW, PMAXSW, PMAXUB, PMINSW, PMINUB,
// PMULHUW, PSADBW) and SSE2's quadword ones (PADDQ, PSUBQ, PMULUDQ), each in its MMX and XMM
// form (SDM Vol. 1, 10.4.4 and 11.4.2; Vol. 2, the pages of the same names).
#include <algorithm>
#include <cstdint>

#include "cpu/interp/sse.h"

namespace m86::sse {
namespace {

using mmx::Lanewise;

// PAVGB/PAVGW: the unsigned average rounded up, (a + b + 1) >> 1, without overflow.
template <typename Lane>
uint64_t Average(uint64_t a, uint64_t b) {
  return Lanewise<Lane>(a, b, [](Lane x, Lane y) { return (uint32_t{x} + y + 1) >> 1; });
}

uint64_t MaxSignedWords(uint64_t a, uint64_t b) {
  return Lanewise<uint16_t>(a, b, [](uint16_t x, uint16_t y) {
    return std::max(static_cast<int16_t>(x), static_cast<int16_t>(y));
  });
}
uint64_t MinSignedWords(uint64_t a, uint64_t b) {
  return Lanewise<uint16_t>(a, b, [](uint16_t x, uint16_t y) {
    return std::min(static_cast<int16_t>(x), static_cast<int16_t>(y));
  });
}
uint64_t MaxUnsignedBytes(uint64_t a, uint64_t b) {
  return Lanewise<uint8_t>(a, b, [](uint8_t x, uint8_t y) { return std::max(x, y); });
}
uint64_t MinUnsignedBytes(uint64_t a, uint64_t b) {
  return Lanewise<uint8_t>(a, b, [](uint8_t x, uint8_t y) { return std::min(x, y); });
}

// PMULHUW: the high word of each unsigned 32-bit product.
uint64_t MulHighUnsigned(uint64_t a, uint64_t b) {
  return Lanewise<uint16_t>(a, b, [](uint16_t x, uint16_t y) { return (uint32_t{x} * y) >> 16; });
}

// PSADBW: the sum of the absolute byte differences in the low word, the rest zero (per
// quadword in the XMM form).
uint64_t SumAbsDiff(uint64_t a, uint64_t b) {
  uint64_t sum = 0;
  for (int i = 0; i < 64; i += 8) {
    const int x = static_cast<uint8_t>(a >> i), y = static_cast<uint8_t>(b >> i);
    sum += static_cast<uint64_t>(x > y ? x - y : y - x);
  }
  return sum;
}

uint64_t AddQword(uint64_t a, uint64_t b) { return a + b; }
uint64_t SubQword(uint64_t a, uint64_t b) { return a - b; }
// PMULUDQ: the unsigned product of the low doublewords of each quadword.
uint64_t MulUnsignedDwords(uint64_t a, uint64_t b) {
  return uint64_t{static_cast<uint32_t>(a)} * static_cast<uint32_t>(b);
}

}  // namespace

void RegisterSseIntegerHandlers(HandlerTable& t) {
#define M86_SET_BOTH(op, fn)                            \
  t.Set(Op::op, &mmx::BinaryHandler<&fn>);              \
  t.Set(Op::op##_X, &HalvesHandler<&fn>)
  M86_SET_BOTH(PAVGB, Average<uint8_t>);
  M86_SET_BOTH(PAVGW, Average<uint16_t>);
  M86_SET_BOTH(PMAXSW, MaxSignedWords);
  M86_SET_BOTH(PMINSW, MinSignedWords);
  M86_SET_BOTH(PMAXUB, MaxUnsignedBytes);
  M86_SET_BOTH(PMINUB, MinUnsignedBytes);
  M86_SET_BOTH(PMULHUW, MulHighUnsigned);
  M86_SET_BOTH(PSADBW, SumAbsDiff);
  M86_SET_BOTH(PADDQ, AddQword);
  M86_SET_BOTH(PSUBQ, SubQword);
  M86_SET_BOTH(PMULUDQ, MulUnsignedDwords);
#undef M86_SET_BOTH
}

}  // namespace m86::sse
