// The host side of every instruction the oracle checks: one function per instruction form
// (AT&T syntax: "op %xmm1, %xmm0" computes xmm0 = xmm0 op xmm1), and immediate forms as tables
// of one instantiation per imm8.
#pragma once
#include <array>
#include <utility>

#include "host_sse.h"

namespace m86::fpu::test::host {

#define M86_HOST(name, insn)                                                 \
  inline void name(HostIo* io, int) {                                        \
    __asm__ volatile(M86_SSE_ASM_BODY(insn) : : "r"(io) : M86_SSE_CLOBBERS); \
  }

// imm8 forms: `insn` uses %1 for the immediate.
template <template <int> class Op, std::size_t... I>
constexpr auto ImmTable(std::index_sequence<I...>) {
  return std::array<void (*)(HostIo*), sizeof...(I)>{&Op<static_cast<int>(I)>::Run...};
}
#define M86_HOST_IMM(name, insn, count)                                                    \
  template <int K>                                                                         \
  struct name##Imm {                                                                       \
    static void Run(HostIo* io) {                                                          \
      __asm__ volatile(M86_SSE_ASM_BODY(insn) : : "r"(io), "i"(K) : M86_SSE_CLOBBERS);     \
    }                                                                                      \
  };                                                                                       \
  inline void name(HostIo* io, int imm) {                                                  \
    static constexpr auto kTable = ImmTable<name##Imm>(std::make_index_sequence<count>{}); \
    kTable[static_cast<std::size_t>(imm)](io);                                             \
  }

#define M86_HOST_FORMS(op)                  \
  M86_HOST(op##ps, #op "ps %%xmm1, %%xmm0") \
  M86_HOST(op##pd, #op "pd %%xmm1, %%xmm0") \
  M86_HOST(op##ss, #op "ss %%xmm1, %%xmm0") \
  M86_HOST(op##sd, #op "sd %%xmm1, %%xmm0")
M86_HOST_FORMS(add)
M86_HOST_FORMS(sub)
M86_HOST_FORMS(mul)
M86_HOST_FORMS(div)
M86_HOST_FORMS(min)
M86_HOST_FORMS(max)
M86_HOST_FORMS(sqrt)
M86_HOST(rcpps, "rcpps %%xmm1, %%xmm0")
M86_HOST(rcpss, "rcpss %%xmm1, %%xmm0")
M86_HOST(rsqrtps, "rsqrtps %%xmm1, %%xmm0")
M86_HOST(rsqrtss, "rsqrtss %%xmm1, %%xmm0")
M86_HOST(comiss, "comiss %%xmm1, %%xmm0")
M86_HOST(comisd, "comisd %%xmm1, %%xmm0")
M86_HOST(ucomiss, "ucomiss %%xmm1, %%xmm0")
M86_HOST(ucomisd, "ucomisd %%xmm1, %%xmm0")
M86_HOST(addsubps, "addsubps %%xmm1, %%xmm0")
M86_HOST(addsubpd, "addsubpd %%xmm1, %%xmm0")
M86_HOST(haddps, "haddps %%xmm1, %%xmm0")
M86_HOST(haddpd, "haddpd %%xmm1, %%xmm0")
M86_HOST(hsubps, "hsubps %%xmm1, %%xmm0")
M86_HOST(hsubpd, "hsubpd %%xmm1, %%xmm0")
M86_HOST_IMM(cmpps, "cmpps %1, %%xmm1, %%xmm0", 8)
M86_HOST_IMM(cmppd, "cmppd %1, %%xmm1, %%xmm0", 8)
M86_HOST_IMM(cmpss, "cmpss %1, %%xmm1, %%xmm0", 8)
M86_HOST_IMM(cmpsd, "cmpsd %1, %%xmm1, %%xmm0", 8)
M86_HOST_IMM(roundps, "roundps %1, %%xmm1, %%xmm0", 16)
M86_HOST_IMM(roundpd, "roundpd %1, %%xmm1, %%xmm0", 16)
M86_HOST_IMM(roundss, "roundss %1, %%xmm1, %%xmm0", 16)
M86_HOST_IMM(roundsd, "roundsd %1, %%xmm1, %%xmm0", 16)
M86_HOST_IMM(dpps, "dpps %1, %%xmm1, %%xmm0", 256)
M86_HOST_IMM(dppd, "dppd %1, %%xmm1, %%xmm0", 256)
M86_HOST(cvtss2sd, "cvtss2sd %%xmm1, %%xmm0")
M86_HOST(cvtsd2ss, "cvtsd2ss %%xmm1, %%xmm0")
M86_HOST(cvtps2pd, "cvtps2pd %%xmm1, %%xmm0")
M86_HOST(cvtpd2ps, "cvtpd2ps %%xmm1, %%xmm0")
M86_HOST(cvtdq2ps, "cvtdq2ps %%xmm1, %%xmm0")
M86_HOST(cvtps2dq, "cvtps2dq %%xmm1, %%xmm0")
M86_HOST(cvttps2dq, "cvttps2dq %%xmm1, %%xmm0")
M86_HOST(cvtdq2pd, "cvtdq2pd %%xmm1, %%xmm0")
M86_HOST(cvtpd2dq, "cvtpd2dq %%xmm1, %%xmm0")
M86_HOST(cvttpd2dq, "cvttpd2dq %%xmm1, %%xmm0")
M86_HOST(cvtsi2ss32, "cvtsi2ssl %%eax, %%xmm0")
M86_HOST(cvtsi2ss64, "cvtsi2ssq %%rax, %%xmm0")
M86_HOST(cvtsi2sd32, "cvtsi2sdl %%eax, %%xmm0")
M86_HOST(cvtsi2sd64, "cvtsi2sdq %%rax, %%xmm0")
M86_HOST(cvtss2si32, "cvtss2si %%xmm1, %%eax")
M86_HOST(cvtss2si64, "cvtss2si %%xmm1, %%rax")
M86_HOST(cvttss2si32, "cvttss2si %%xmm1, %%eax")
M86_HOST(cvttss2si64, "cvttss2si %%xmm1, %%rax")
M86_HOST(cvtsd2si32, "cvtsd2si %%xmm1, %%eax")
M86_HOST(cvtsd2si64, "cvtsd2si %%xmm1, %%rax")
M86_HOST(cvttsd2si32, "cvttsd2si %%xmm1, %%eax")
M86_HOST(cvttsd2si64, "cvttsd2si %%xmm1, %%rax")
// The MMX forms go through mm0, moved from and to rax; EMMS leaves the x87 usable.
M86_HOST(cvtpi2ps, "movq %%rax, %%mm0\n\tcvtpi2ps %%mm0, %%xmm0\n\temms")
M86_HOST(cvtpi2pd, "movq %%rax, %%mm0\n\tcvtpi2pd %%mm0, %%xmm0\n\temms")
M86_HOST(cvtps2pi, "cvtps2pi %%xmm1, %%mm0\n\tmovq %%mm0, %%rax\n\temms")
M86_HOST(cvttps2pi, "cvttps2pi %%xmm1, %%mm0\n\tmovq %%mm0, %%rax\n\temms")
M86_HOST(cvtpd2pi, "cvtpd2pi %%xmm1, %%mm0\n\tmovq %%mm0, %%rax\n\temms")
M86_HOST(cvttpd2pi, "cvttpd2pi %%xmm1, %%mm0\n\tmovq %%mm0, %%rax\n\temms")

#undef M86_HOST_FORMS
#undef M86_HOST_IMM
#undef M86_HOST

}  // namespace m86::fpu::test::host
