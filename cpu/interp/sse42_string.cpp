// SSE4.2's packed string comparisons (SDM Vol. 2B, PCMPESTRI, PCMPESTRM, PCMPISTRI,
// PCMPISTRM): xmm1 and xmm2/m128 compared as the imm8 control byte says
// (sse_string_compare.cpp), the result in ECX (I forms) or XMM0 (M forms) and EFLAGS. The
// memory operand may be unaligned (SDM Vol. 2A, the Type 4 exception conditions exempt these
// four from the 16-byte alignment check).
#include <cstdint>

#include "cpu/interp/sse.h"
#include "cpu/interp/sse_string_compare.h"

namespace m86::sse {
namespace {

enum class Length : bool { kExplicit, kImplicit };
enum class Output : bool { kIndex, kMask };

// An explicit length register: signed 32 bits, or all 64 with REX.W in 64-bit mode (SDM Vol.
// 2B, PCMPESTRI: "RAX/EAX", "RDX/EDX").
int64_t LengthRegister(const Cpu& c, const DecodedInsn& d, int reg) {
  return d.rex_w() ? static_cast<int64_t>(c.s.gpr[reg])
                   : static_cast<int32_t>(GetReg<uint32_t>(c, reg));
}

template <Length kLength, Output kOutput>
void StringCompareHandler(Cpu& c, const DecodedInsn& d) {
  Enter(c);
  const uint8_t imm = static_cast<uint8_t>(d.imm);
  const Xmm b = ReadW(c, d, Align::kAny);
  const Xmm a = Reg(c, d.reg());
  // Explicit lengths: (R/E)AX for xmm1, (R/E)DX for xmm2/m128.
  const int len_a = kLength == Length::kExplicit ? ExplicitLength(LengthRegister(c, d, kEax), imm)
                                                 : ImplicitLength(a, imm);
  const int len_b = kLength == Length::kExplicit ? ExplicitLength(LengthRegister(c, d, kEdx), imm)
                                                 : ImplicitLength(b, imm);
  const uint16_t int_res2 = StringCompare(a, len_a, b, len_b, imm);
  if constexpr (kOutput == Output::kIndex) SetReg<uint32_t>(c, kEcx, StringCompareIndex(int_res2, imm));
  else Reg(c, 0) = StringCompareMask(int_res2, imm);
  SetArithFlags(c, StringCompareFlags(int_res2, len_a, len_b, imm));
}

}  // namespace

void RegisterSse42StringHandlers(HandlerTable& t) {
  t.Set(Op::PCMPESTRM, &StringCompareHandler<Length::kExplicit, Output::kMask>);
  t.Set(Op::PCMPESTRI, &StringCompareHandler<Length::kExplicit, Output::kIndex>);
  t.Set(Op::PCMPISTRM, &StringCompareHandler<Length::kImplicit, Output::kMask>);
  t.Set(Op::PCMPISTRI, &StringCompareHandler<Length::kImplicit, Output::kIndex>);
}

}  // namespace m86::sse
