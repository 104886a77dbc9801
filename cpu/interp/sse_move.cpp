// SSE data movement: the packed, scalar, half and non-temporal moves, the MMX/XMM transfers,
// the SSE3 duplicating loads, the sign-mask extractions and the masked stores; and the
// family's registration (SDM Vol. 1, 10.4.1, 11.4.1, 12.3; Vol. 2, the MOV*, MASKMOV* and
// PMOVMSKB pages).
#include <cstdint>

#include "cpu/interp/sse_float.h"

namespace m86::sse {
namespace {

// MOVUPS/MOVUPD/MOVDQU/LDDQU (any alignment) and MOVAPS/MOVAPD/MOVDQA (16-byte aligned) loads.
template <Align kAlign>
void Load(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const Xmm v = ReadW(c, d, kAlign);
  Reg(c, d.reg()) = v;
}

// The matching stores; MOVNTPS/MOVNTPD/MOVNTDQ (memory only, aligned) are these too, since
// no cache is modelled.
template <Align kAlign>
void Store(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const Xmm v = Reg(c, d.reg());
  if (d.mem())
    WriteMem128(c, d, v, kAlign);
  else
    Reg(c, d.rm()) = v;
}

// MOVSS/MOVSD: a memory source fills the low lane and clears the rest; a register source
// replaces only the low lane. A store writes only the low lane (SDM Vol. 2B, MOVSS, MOVSD).
// Scalar memory operands: a doubleword, or a quadword through the MMX helpers.
template <typename Lane>
Lane ReadScalar(Cpu& c, const DecodedInsn& d) {
  if constexpr (sizeof(Lane) == 8) return mmx::ReadMem64(c, d);
  return c.Read<Lane>(d.seg, EffectiveAddress(c, d));
}
template <typename Lane>
void WriteScalar(Cpu& c, const DecodedInsn& d, Lane v) {
  if constexpr (sizeof(Lane) == 8)
    mmx::WriteMem64(c, d, v);
  else
    c.Write<Lane>(d.seg, EffectiveAddress(c, d), v);
}

template <typename Lane>
void LoadScalar(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  if (d.mem()) {
    const Lane v = ReadScalar<Lane>(c, d);
    Xmm r{};
    r.Set<Lane>(0, v);
    Reg(c, d.reg()) = r;
  } else {
    Reg(c, d.reg()).Set<Lane>(0, Reg(c, d.rm()).Get<Lane>(0));
  }
}
template <typename Lane>
void StoreScalar(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const Lane v = Reg(c, d.reg()).Get<Lane>(0);
  if (d.mem())
    WriteScalar<Lane>(c, d, v);
  else
    Reg(c, d.rm()).Set<Lane>(0, v);
}

// MOVLPS/MOVLPD xmm, m64 and MOVHLPS xmm, xmm (the register form of 0F 12): the low quadword
// comes from memory or from the source's high quadword.
void LoadLow(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const uint64_t v = d.mem() ? mmx::ReadMem64(c, d) : Reg(c, d.rm()).q[1];
  Reg(c, d.reg()).q[0] = v;
}
// MOVHPS/MOVHPD xmm, m64 and MOVLHPS xmm, xmm (the register form of 0F 16).
void LoadHigh(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const uint64_t v = d.mem() ? mmx::ReadMem64(c, d) : Reg(c, d.rm()).q[0];
  Reg(c, d.reg()).q[1] = v;
}
// MOVLPS/MOVLPD m64, xmm and MOVHPS/MOVHPD m64, xmm (memory only: kMem in the rows).
template <int kHalf>
void StoreHalf(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  mmx::WriteMem64(c, d, Reg(c, d.reg()).q[kHalf]);
}

// MOVD xmm, r/m32 zero-extends; MOVD r/m32, xmm stores the low doubleword. With REX.W (66
// REX.W 0F 6E/7E) `T` is uint64_t: MOVQ xmm, r/m64 and MOVQ r/m64, xmm.
template <typename T>
void MovdToXmm(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const T v = ReadRm<T>(c, d);
  Reg(c, d.reg()) = Xmm{{v, 0}};
}
template <typename T>
void MovdFromXmm(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  WriteRm<T>(c, d, Reg(c, d.reg()).Get<T>(0));
}

// MOVQ xmm, xmm/m64 (F3 0F 7E) and MOVQ xmm/m64, xmm (66 0F D6): the destination register's
// high quadword is cleared.
void MovqToXmm(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const uint64_t v = d.mem() ? mmx::ReadMem64(c, d) : Reg(c, d.rm()).q[0];
  Reg(c, d.reg()) = Xmm{{v, 0}};
}
void MovqFromXmm(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const uint64_t v = Reg(c, d.reg()).q[0];
  if (d.mem())
    mmx::WriteMem64(c, d, v);
  else
    Reg(c, d.rm()) = Xmm{{v, 0}};
}

// MOVQ2DQ xmm, mm and MOVDQ2Q mm, xmm touch both register files: the SSE checks, then the
// x87 ones (a pending x87 exception is delivered), and the MMX transition of the x87 state
// (SDM Vol. 2B, MOVQ2DQ/MOVDQ2Q: "FPU Tag Word... TOS set to 0").
void MovqMmxToXmm(Cpu& c, const DecodedInsn& d) {
  RequireRegister(c, d);
  Enter(c);
  mmx::Enter(c);
  Reg(c, d.reg()) = Xmm{{mmx::GetMm(c, d.rm()), 0}};
  mmx::Retire(c);
}
void MovqXmmToMmx(Cpu& c, const DecodedInsn& d) {
  RequireRegister(c, d);
  Enter(c);
  mmx::Enter(c);
  mmx::SetMm(c, d.reg(), Reg(c, d.rm()).q[0]);
  mmx::Retire(c);
}

// MOVNTQ m64, mm: an MMX store.
void Movntq(Cpu& c, const DecodedInsn& d) {
  mmx::Enter(c);
  mmx::WriteMem64(c, d, mmx::GetMm(c, d.reg()));
  mmx::Retire(c);
}

// MOVDDUP xmm, xmm/m64 (the low quadword twice), MOVSLDUP and MOVSHDUP xmm, xmm/m128 (the even
// or odd doublewords twice) (SDM Vol. 2B).
void Movddup(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const uint64_t v = d.mem() ? mmx::ReadMem64(c, d) : Reg(c, d.rm()).q[0];
  Reg(c, d.reg()) = Xmm{{v, v}};
}
template <int kOdd>
void DuplicateDwords(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const Xmm s = ReadW(c, d);
  Xmm r{};
  for (int i = 0; i < 4; ++i) r.Set<uint32_t>(i, s.Get<uint32_t>((i & ~1) + kOdd));
  Reg(c, d.reg()) = r;
}

// The sign bit of each `Lane` of `v`, lane i in bit i.
template <typename Lane>
uint32_t SignMask(const Xmm& v) {
  uint32_t m = 0;
  for (int i = 0; i < 16 / static_cast<int>(sizeof(Lane)); ++i)
    m |= static_cast<uint32_t>(v.Get<Lane>(i) >> (8 * sizeof(Lane) - 1)) << i;
  return m;
}

// MOVMSKPS/MOVMSKPD/PMOVMSKB r32, xmm: the register form only; the upper bits are zero.
template <typename Lane>
void MoveMask(Cpu& c, const DecodedInsn& d) {
  RequireRegister(c, d);
  Enter(c);
  SetReg<uint32_t>(c, d.reg(), SignMask<Lane>(Reg(c, d.rm())));
}
// PMOVMSKB r32, mm.
void MoveMaskMmx(Cpu& c, const DecodedInsn& d) {
  RequireRegister(c, d);
  mmx::Enter(c);
  SetReg<uint32_t>(c, d.reg(), SignMask<uint8_t>(Xmm{{mmx::GetMm(c, d.rm()), 0}}));
  mmx::Retire(c);
}

// MASKMOVQ/MASKMOVDQU: the bytes of the first operand whose mask byte (second operand) has its
// top bit set are stored at DS:(E/R)DI, segment override allowed (SDM Vol. 2B, MASKMOVDQU).
// The whole area is checked for writing before any byte is stored; with an all-zero mask
// nothing is accessed, which the SDM allows ("... may or may not generate an exception").
void MaskedStore(Cpu& c, const DecodedInsn& d, const Xmm& data, const Xmm& mask, int bytes) {
  uint32_t selected = 0;
  for (int i = 0; i < bytes; ++i)
    if (mask.Get<uint8_t>(i) & 0x80) selected |= 1u << i;
  if (!selected) return;
  const uint64_t rdi = d.a64()   ? c.s.gpr[kEdi]
                      : d.a32() ? static_cast<uint32_t>(c.s.gpr[kEdi])
                                : (c.s.gpr[kEdi] & 0xFFFF);
  const uint64_t lin = c.LinearAddress(d.seg, rdi, bytes, Access::kWrite);
  const bool user = c.s.cpl == 3;
  c.Translate(lin, Access::kWrite, user);
  c.Translate(lin + bytes - 1, Access::kWrite, user);
  for (int i = 0; i < bytes; ++i)
    if (selected & (1u << i)) c.WriteLinear<uint8_t>(lin + i, data.Get<uint8_t>(i));
}
void Maskmovq(Cpu& c, const DecodedInsn& d) {
  RequireRegister(c, d);
  mmx::Enter(c);
  MaskedStore(c, d, Xmm{{mmx::GetMm(c, d.reg()), 0}}, Xmm{{mmx::GetMm(c, d.rm()), 0}}, 8);
  mmx::Retire(c);
}
void Maskmovdqu(Cpu& c, const DecodedInsn& d) {
  RequireRegister(c, d);
  Enter(c);
  MaskedStore(c, d, Reg(c, d.reg()), Reg(c, d.rm()), 16);
}

}  // namespace
}  // namespace m86::sse

namespace m86 {

void RegisterSseHandlers(HandlerTable& t) {
  using namespace sse;
  t.Set(Op::MOVUPS_VW, &Load<Align::kAny>);
  t.Set(Op::MOVUPS_WV, &Store<Align::kAny>);
  t.Set(Op::MOVAPS_VW, &Load<Align::k16>);
  t.Set(Op::MOVAPS_WV, &Store<Align::k16>);
  t.Set(Op::MOVDQU_VW, &Load<Align::kAny>);
  t.Set(Op::MOVDQU_WV, &Store<Align::kAny>);
  t.Set(Op::LDDQU, &Load<Align::kAny>);
  t.Set(Op::MOVDQA_VW, &Load<Align::k16>);
  t.Set(Op::MOVDQA_WV, &Store<Align::k16>);
  t.Set(Op::MOVNTPS, &Store<Align::k16>);
  t.Set(Op::MOVNTDQ, &Store<Align::k16>);
  t.Set(Op::MOVSS_VW, &LoadScalar<uint32_t>);
  t.Set(Op::MOVSS_WV, &StoreScalar<uint32_t>);
  t.Set(Op::MOVSD_VW, &LoadScalar<uint64_t>);
  t.Set(Op::MOVSD_WV, &StoreScalar<uint64_t>);
  t.Set(Op::MOVLPS_VM, &LoadLow);
  t.Set(Op::MOVHPS_VM, &LoadHigh);
  t.Set(Op::MOVLPS_MV, &StoreHalf<0>);
  t.Set(Op::MOVHPS_MV, &StoreHalf<1>);
  mmx::SetRexW(t, Op::MOVD_VE, &MovdToXmm<uint32_t>, &MovdToXmm<uint64_t>);
  mmx::SetRexW(t, Op::MOVD_EV, &MovdFromXmm<uint32_t>, &MovdFromXmm<uint64_t>);
  t.Set(Op::MOVQ_VW, &MovqToXmm);
  t.Set(Op::MOVQ_WV, &MovqFromXmm);
  t.Set(Op::MOVQ2DQ, &MovqMmxToXmm);
  t.Set(Op::MOVDQ2Q, &MovqXmmToMmx);
  t.Set(Op::MOVNTQ, &Movntq);
  t.Set(Op::MOVDDUP, &Movddup);
  t.Set(Op::MOVSLDUP, &DuplicateDwords<0>);
  t.Set(Op::MOVSHDUP, &DuplicateDwords<1>);
  t.Set(Op::MOVMSKPS, &MoveMask<uint32_t>);
  t.Set(Op::MOVMSKPD, &MoveMask<uint64_t>);
  t.Set(Op::PMOVMSKB_X, &MoveMask<uint8_t>);
  t.Set(Op::PMOVMSKB, &MoveMaskMmx);
  t.Set(Op::MASKMOVQ, &Maskmovq);
  t.Set(Op::MASKMOVDQU, &Maskmovdqu);
  RegisterSseControlHandlers(t);
  RegisterSseShuffleHandlers(t);
  RegisterSseIntegerHandlers(t);
  RegisterSsse3Handlers(t);
  RegisterSse4IntegerHandlers(t);
  RegisterSse4InsertHandlers(t);
  RegisterSse42ScalarHandlers(t);
  RegisterSseFloatArithHandlers(t);
  RegisterSseFloatConvertHandlers(t);
  RegisterSse42StringHandlers(t);
}

}  // namespace m86
