// SSE4.1 packed integer instructions and SSE4.2's PCMPGTQ (SDM Vol. 2, the pages of the same
// names): blends, signed/unsigned minimum and maximum of every width, sign and zero
// extension, PMULLD, PMULDQ, PCMPEQQ, PTEST, PHMINPOSUW, MPSADBW and MOVNTDQA.
#include <algorithm>
#include <cstdint>
#include <type_traits>

#include "cpu/interp/sse.h"

namespace m86::sse {
namespace {

using mmx::Lanewise;

template <typename Lane, bool kSigned>
using Compared = std::conditional_t<kSigned, std::make_signed_t<Lane>, Lane>;

template <typename Lane, bool kSigned>
uint64_t Min(uint64_t a, uint64_t b) {
  return Lanewise<Lane>(a, b, [](Lane x, Lane y) {
    return static_cast<Lane>(std::min(static_cast<Compared<Lane, kSigned>>(x),
                                      static_cast<Compared<Lane, kSigned>>(y)));
  });
}
template <typename Lane, bool kSigned>
uint64_t Max(uint64_t a, uint64_t b) {
  return Lanewise<Lane>(a, b, [](Lane x, Lane y) {
    return static_cast<Lane>(std::max(static_cast<Compared<Lane, kSigned>>(x),
                                      static_cast<Compared<Lane, kSigned>>(y)));
  });
}

uint64_t MulLowDwords(uint64_t a, uint64_t b) {
  return Lanewise<uint32_t>(a, b, [](uint32_t x, uint32_t y) { return x * y; });
}
// PMULDQ: the signed product of the low doublewords of each quadword.
uint64_t MulSignedDwords(uint64_t a, uint64_t b) {
  return static_cast<uint64_t>(int64_t{static_cast<int32_t>(a)} * static_cast<int32_t>(b));
}
uint64_t CmpEqQword(uint64_t a, uint64_t b) { return a == b ? ~uint64_t{0} : 0; }
uint64_t CmpGtQword(uint64_t a, uint64_t b) {
  return static_cast<int64_t>(a) > static_cast<int64_t>(b) ? ~uint64_t{0} : 0;
}

// PBLENDVB/BLENDVPS/BLENDVPD: lanes of the source where the implicit mask XMM0 has the lane's
// top bit set, of the destination elsewhere.
template <typename Lane>
void BlendVariable(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const Xmm s = ReadW(c, d);
  const Xmm mask = Reg(c, 0);
  Xmm& r = Reg(c, d.reg());
  for (int i = 0; i < 16 / static_cast<int>(sizeof(Lane)); ++i)
    if (mask.Get<Lane>(i) >> (8 * sizeof(Lane) - 1)) r.Set<Lane>(i, s.Get<Lane>(i));
}
// PBLENDW/BLENDPS/BLENDPD: lane i from the source where immediate bit i is set.
template <typename Lane>
void BlendImmediate(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const Xmm s = ReadW(c, d);
  Xmm& r = Reg(c, d.reg());
  for (int i = 0; i < 16 / static_cast<int>(sizeof(Lane)); ++i)
    if ((d.imm >> i) & 1) r.Set<Lane>(i, s.Get<Lane>(i));
}

// PMOVSX/PMOVZX: the low source lanes of width From extended to To; a memory source is only
// as wide as the lanes used (8, 4 or 2 bytes, any alignment).
template <typename From, typename To, bool kSigned>
void Extend(Cpu& c, const DecodedInsn& d) {
  constexpr int kCount = 16 / sizeof(To);
  constexpr int kSourceBytes = kCount * sizeof(From);
  Enter(c);
  Xmm s{};
  if (!d.mem()) {
    s = Reg(c, d.rm());
  } else if constexpr (kSourceBytes == 8) {
    s.q[0] = mmx::ReadMem64(c, d);
  } else if constexpr (kSourceBytes == 4) {
    s.q[0] = c.Read<uint32_t>(d.seg, EffectiveAddress(c, d));
  } else {
    s.q[0] = c.Read<uint16_t>(d.seg, EffectiveAddress(c, d));
  }
  Xmm r{};
  for (int i = 0; i < kCount; ++i) {
    const From v = s.Get<From>(i);
    r.Set<To>(i, kSigned ? static_cast<To>(static_cast<std::make_signed_t<To>>(
                               static_cast<std::make_signed_t<From>>(v)))
                         : static_cast<To>(v));
  }
  Reg(c, d.reg()) = r;
}

// PTEST: ZF = (dst AND src) is zero, CF = (NOT dst AND src) is zero; AF OF PF SF cleared.
void Ptest(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const Xmm s = ReadW(c, d);
  const Xmm& a = Reg(c, d.reg());
  const bool zf = ((a.q[0] & s.q[0]) | (a.q[1] & s.q[1])) == 0;
  const bool cf = ((~a.q[0] & s.q[0]) | (~a.q[1] & s.q[1])) == 0;
  SetArithFlags(c, (zf ? flag::kZf : 0) | (cf ? flag::kCf : 0));
}

// PHMINPOSUW: the smallest unsigned word in bits 0-15, its index (the lowest on a tie) in bits
// 16-18, zeros above.
Xmm MinPosition(const Xmm&, const Xmm& s) {
  int best = 0;
  for (int i = 1; i < 8; ++i)
    if (s.Get<uint16_t>(i) < s.Get<uint16_t>(best)) best = i;
  return Xmm{{s.Get<uint16_t>(best) | (uint64_t(best) << 16), 0}};
}

// MPSADBW: eight sums of absolute differences between a four-byte block of the source
// (immediate bits 0-1 pick it) and the eight overlapping four-byte windows of the destination
// starting at byte 0 or 4 (immediate bit 2).
void Mpsadbw(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const Xmm s = ReadW(c, d);
  const Xmm a = Reg(c, d.reg());
  const int src_at = 4 * (d.imm & 3), dst_at = 4 * ((d.imm >> 2) & 1);
  Xmm r{};
  for (int i = 0; i < 8; ++i) {
    int sum = 0;
    for (int j = 0; j < 4; ++j) sum += std::abs(a.Get<uint8_t>(dst_at + i + j) - s.Get<uint8_t>(src_at + j));
    r.Set<uint16_t>(i, static_cast<uint16_t>(sum));
  }
  Reg(c, d.reg()) = r;
}

// MOVNTDQA xmm, m128: an aligned load (no write-combining memory type is modelled).
void Movntdqa(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const Xmm v = ReadMem128(c, d, Align::k16);
  Reg(c, d.reg()) = v;
}

}  // namespace

void RegisterSse4IntegerHandlers(HandlerTable& t) {
  t.Set(Op::PMINSB, &HalvesHandler<&Min<uint8_t, true>>);
  t.Set(Op::PMINSD, &HalvesHandler<&Min<uint32_t, true>>);
  t.Set(Op::PMINUW, &HalvesHandler<&Min<uint16_t, false>>);
  t.Set(Op::PMINUD, &HalvesHandler<&Min<uint32_t, false>>);
  t.Set(Op::PMAXSB, &HalvesHandler<&Max<uint8_t, true>>);
  t.Set(Op::PMAXSD, &HalvesHandler<&Max<uint32_t, true>>);
  t.Set(Op::PMAXUW, &HalvesHandler<&Max<uint16_t, false>>);
  t.Set(Op::PMAXUD, &HalvesHandler<&Max<uint32_t, false>>);
  t.Set(Op::PMULLD, &HalvesHandler<&MulLowDwords>);
  t.Set(Op::PMULDQ, &HalvesHandler<&MulSignedDwords>);
  t.Set(Op::PCMPEQQ, &HalvesHandler<&CmpEqQword>);
  t.Set(Op::PCMPGTQ, &HalvesHandler<&CmpGtQword>);
  t.Set(Op::PBLENDVB, &BlendVariable<uint8_t>);
  t.Set(Op::BLENDVPS, &BlendVariable<uint32_t>);
  t.Set(Op::BLENDVPD, &BlendVariable<uint64_t>);
  t.Set(Op::PBLENDW, &BlendImmediate<uint16_t>);
  t.Set(Op::BLENDPS, &BlendImmediate<uint32_t>);
  t.Set(Op::BLENDPD, &BlendImmediate<uint64_t>);
  t.Set(Op::PMOVSXBW, &Extend<uint8_t, uint16_t, true>);
  t.Set(Op::PMOVSXBD, &Extend<uint8_t, uint32_t, true>);
  t.Set(Op::PMOVSXBQ, &Extend<uint8_t, uint64_t, true>);
  t.Set(Op::PMOVSXWD, &Extend<uint16_t, uint32_t, true>);
  t.Set(Op::PMOVSXWQ, &Extend<uint16_t, uint64_t, true>);
  t.Set(Op::PMOVSXDQ, &Extend<uint32_t, uint64_t, true>);
  t.Set(Op::PMOVZXBW, &Extend<uint8_t, uint16_t, false>);
  t.Set(Op::PMOVZXBD, &Extend<uint8_t, uint32_t, false>);
  t.Set(Op::PMOVZXBQ, &Extend<uint8_t, uint64_t, false>);
  t.Set(Op::PMOVZXWD, &Extend<uint16_t, uint32_t, false>);
  t.Set(Op::PMOVZXWQ, &Extend<uint16_t, uint64_t, false>);
  t.Set(Op::PMOVZXDQ, &Extend<uint32_t, uint64_t, false>);
  t.Set(Op::PTEST, &Ptest);
  t.Set(Op::PHMINPOSUW, &WholeHandler<&MinPosition>);
  t.Set(Op::MPSADBW, &Mpsadbw);
  t.Set(Op::MOVNTDQA, &Movntdqa);
}

}  // namespace m86::sse
