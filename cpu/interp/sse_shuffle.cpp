// SSE shuffles, unpacks, whole-register byte shifts and word insertion/extraction: SHUFPS,
// SHUFPD, UNPCKL/HPS, UNPCKL/HPD, PUNPCKL/HQDQ, PSHUFW, PSHUFD, PSHUFHW, PSHUFLW, PSLLDQ,
// PSRLDQ, PINSRW, PEXTRW (SDM Vol. 2, the pages of the same names).
#include <cstdint>

#include "cpu/interp/sse.h"

namespace m86::sse {
namespace {

// SHUFPS: result doublewords 0-1 from the destination, 2-3 from the source, each chosen by two
// bits of the immediate.
void Shufps(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const Xmm s = ReadW(c, d);
  const Xmm a = Reg(c, d.reg());
  const uint32_t imm = d.imm;
  Xmm r{};
  for (int i = 0; i < 4; ++i) r.Set<uint32_t>(i, (i < 2 ? a : s).Get<uint32_t>((imm >> (2 * i)) & 3));
  Reg(c, d.reg()) = r;
}

// SHUFPD: quadword 0 from the destination (immediate bit 0), quadword 1 from the source (bit 1).
void Shufpd(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const Xmm s = ReadW(c, d);
  Xmm& r = Reg(c, d.reg());
  r = Xmm{{r.q[d.imm & 1], s.q[(d.imm >> 1) & 1]}};
}

// UNPCKLPS/UNPCKHPS: the low or high doubleword pairs of both operands, interleaved.
template <int kFrom>
Xmm UnpackDwords(const Xmm& a, const Xmm& b) {
  Xmm r{};
  for (int i = 0; i < 2; ++i) {
    r.Set<uint32_t>(2 * i, a.Get<uint32_t>(kFrom + i));
    r.Set<uint32_t>(2 * i + 1, b.Get<uint32_t>(kFrom + i));
  }
  return r;
}
// UNPCKLPD/PUNPCKLQDQ and UNPCKHPD/PUNPCKHQDQ: the low or high quadwords of both.
template <int kHalf>
Xmm UnpackQwords(const Xmm& a, const Xmm& b) {
  return Xmm{{a.q[kHalf], b.q[kHalf]}};
}

// PSHUFW mm, mm/m64, imm8: each word chosen by two immediate bits.
uint64_t ShuffleWords(uint64_t v, uint32_t imm) {
  uint64_t r = 0;
  for (int i = 0; i < 4; ++i) r |= ((v >> (16 * ((imm >> (2 * i)) & 3))) & 0xFFFF) << (16 * i);
  return r;
}
void Pshufw(Cpu& c, const DecodedInsn& d) {
  mmx::Enter(c);
  const uint64_t v = mmx::ReadQ(c, d);
  mmx::SetMm(c, d.reg(), ShuffleWords(v, d.imm));
  mmx::Retire(c);
}

// PSHUFD: each doubleword chosen by two immediate bits.
void Pshufd(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const Xmm s = ReadW(c, d);
  Xmm r{};
  for (int i = 0; i < 4; ++i) r.Set<uint32_t>(i, s.Get<uint32_t>((d.imm >> (2 * i)) & 3));
  Reg(c, d.reg()) = r;
}
// PSHUFLW/PSHUFHW: the words of one quadword shuffled as PSHUFW does, the other copied.
template <int kHalf>
void ShuffleHalfWords(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  Xmm r = ReadW(c, d);
  r.q[kHalf] = ShuffleWords(r.q[kHalf], d.imm);
  Reg(c, d.reg()) = r;
}

// PSRLDQ/PSLLDQ xmm, imm8: the register shifted by whole bytes; counts above 15 clear it.
template <bool kLeft>
void ByteShift(Cpu& c, const DecodedInsn& d) {
  RequireRegister(c, d);
  Enter(c);
  const Xmm v = Reg(c, d.rm());
  const int n = static_cast<int>(d.imm & 0xFF);
  Xmm r{};
  for (int i = 0; i < 16; ++i) {
    const int from = kLeft ? i - n : i + n;
    if (from >= 0 && from < 16) r.Set<uint8_t>(i, v.Get<uint8_t>(from));
  }
  Reg(c, d.rm()) = r;
}

// PINSRW mm, r32/m16, imm8 and PINSRW xmm, r32/m16, imm8: the low word of the source replaces
// word imm8 (modulo the word count).
void PinsrwMmx(Cpu& c, const DecodedInsn& d) {
  mmx::Enter(c);
  const uint64_t w = ReadRm<uint16_t>(c, d);
  const int shift = 16 * (d.imm & 3);
  const uint64_t old = mmx::GetMm(c, d.reg());
  mmx::SetMm(c, d.reg(), (old & ~(uint64_t{0xFFFF} << shift)) | (w << shift));
  mmx::Retire(c);
}
void PinsrwXmm(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const uint16_t w = ReadRm<uint16_t>(c, d);
  Reg(c, d.reg()).Set<uint16_t>(d.imm & 7, w);
}

// PEXTRW r32, mm/xmm, imm8: word imm8 (modulo the word count), zero-extended.
void PextrwMmx(Cpu& c, const DecodedInsn& d) {
  RequireRegister(c, d);
  mmx::Enter(c);
  SetReg<uint32_t>(c, d.reg(), static_cast<uint16_t>(mmx::GetMm(c, d.rm()) >> (16 * (d.imm & 3))));
  mmx::Retire(c);
}
void PextrwXmm(Cpu& c, const DecodedInsn& d) {
  RequireRegister(c, d);
  Enter(c);
  SetReg<uint32_t>(c, d.reg(), Reg(c, d.rm()).Get<uint16_t>(d.imm & 7));
}

}  // namespace

void RegisterSseShuffleHandlers(HandlerTable& t) {
  t.Set(Op::SHUFPS, &Shufps);
  t.Set(Op::SHUFPD, &Shufpd);
  t.Set(Op::UNPCKLPS, &WholeHandler<&UnpackDwords<0>>);
  t.Set(Op::UNPCKHPS, &WholeHandler<&UnpackDwords<2>>);
  t.Set(Op::UNPCKLPD, &WholeHandler<&UnpackQwords<0>>);
  t.Set(Op::UNPCKHPD, &WholeHandler<&UnpackQwords<1>>);
  t.Set(Op::PUNPCKLQDQ, &WholeHandler<&UnpackQwords<0>>);
  t.Set(Op::PUNPCKHQDQ, &WholeHandler<&UnpackQwords<1>>);
  t.Set(Op::PSHUFW, &Pshufw);
  t.Set(Op::PSHUFD, &Pshufd);
  t.Set(Op::PSHUFLW, &ShuffleHalfWords<0>);
  t.Set(Op::PSHUFHW, &ShuffleHalfWords<1>);
  t.Set(Op::PSRLDQ, &ByteShift<false>);
  t.Set(Op::PSLLDQ, &ByteShift<true>);
  t.Set(Op::PINSRW, &PinsrwMmx);
  t.Set(Op::PINSRW_X, &PinsrwXmm);
  t.Set(Op::PEXTRW, &PextrwMmx);
  t.Set(Op::PEXTRW_X, &PextrwXmm);
}

}  // namespace m86::sse
