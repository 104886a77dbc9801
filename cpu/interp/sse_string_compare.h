// The computation shared by SSE4.2's packed string comparisons PCMPESTRI, PCMPESTRM, PCMPISTRI
// and PCMPISTRM (SDM Vol. 2B, 4.1 "Imm8 Control Byte Operation for PCMPESTRI / PCMPESTRM /
// PCMPISTRI / PCMPISTRM"): pure functions on 128-bit values, the handlers
// (sse42_string.cpp) supply the lengths and write ECX, XMM0 and EFLAGS.
#pragma once
#include <cstdint>

#include "cpu/sse/xmm_state.h"

namespace m86::sse {

// Whether imm8[0] selects 16-bit elements (8 per register) rather than bytes (SDM 4.1.2).
constexpr bool WordElements(uint8_t imm) { return (imm & 1) != 0; }
constexpr int ElementCount(uint8_t imm) { return WordElements(imm) ? 8 : 16; }

// The length of an implicit string: the index of its first null element, or the element
// count when it has none (SDM 4.1.6).
int ImplicitLength(const Xmm& v, uint8_t imm);

// The length of an explicit string from EAX/EDX: the absolute value saturated to the element
// count (SDM 4.1.6). `reg` is the register as the operand size sees it, sign-extended.
int ExplicitLength(int64_t reg, uint8_t imm);

// IntRes2, the result of the aggregation and polarity steps on xmm1 = `a` with `len_a` valid
// elements and xmm2/m128 = `b` with `len_b` (SDM 4.1.3-4.1.5, Table 4-7).
uint16_t StringCompare(const Xmm& a, int len_a, const Xmm& b, int len_b, uint8_t imm);

// The index the I forms write to ECX: the least (imm8[6] = 0) or most significant set bit of
// IntRes2, the element count when there is none (SDM 4.1.7).
uint32_t StringCompareIndex(uint16_t int_res2, uint8_t imm);

// The mask the M forms write to XMM0: IntRes2 zero-extended (imm8[6] = 0) or each bit expanded
// to a whole element (SDM 4.1.7).
Xmm StringCompareMask(uint16_t int_res2, uint8_t imm);

// EFLAGS after any of the four: CF = IntRes2 != 0, ZF = xmm2/m128 ends within the register,
// SF = xmm1 does, OF = IntRes2[0], AF = PF = 0 (SDM 4.1.7 and each instruction's page).
uint32_t StringCompareFlags(uint16_t int_res2, int len_a, int len_b, uint8_t imm);

}  // namespace m86::sse
