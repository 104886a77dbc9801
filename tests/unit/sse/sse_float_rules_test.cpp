// The rules of the SSE floating-point instructions that the host-differential test cannot
// reach: the #UD response to an unmasked exception with CR4.OSXMMEXCPT clear, the x87-to-MMX
// transition of the MMX conversions, and operand fetch before any state change.
#include <catch2/catch.hpp>

#include <cstdint>

#include "sse_machine.h"

namespace m86::test {
namespace {

constexpr uint32_t kOne = 0x3F800000;            // 1.0f
constexpr uint32_t kZeroDivideUnmasked = 0x1D80;  // MXCSR.ZM clear, the rest masked
constexpr uint32_t kZe = 1u << 2;

// divss xmm0, xmm1 with xmm1 = 0: ZE; unmasked, a fault that leaves XMM0 alone.
TEST_CASE("Unmasked SIMD exceptions: #XM with CR4.OSXMMEXCPT, else #UD", "[sse][ssefp]") {
  for (bool osxmmexcpt : {true, false}) {
    SseMachine m;
    if (osxmmexcpt) m.cpu.s.cr4 |= cr4::kOsxmmexcpt;
    m.X(0) = Xmm{{kOne, 0x1234}};
    m.X(1) = Xmm{{0, 0}};
    m.cpu.s.sse.mxcsr = kZeroDivideUnmasked;
    CHECK(m.Exec({0xF3, 0x0F, 0x5E, 0xC1}) == (osxmmexcpt ? kVecXm : kVecUd));
    CHECK(m.cpu.s.sse.mxcsr == (kZeroDivideUnmasked | kZe));
    CHECK(m.X(0) == Xmm{{kOne, 0x1234}});
    // Masked: the default result (+infinity) and the flag.
    m.cpu.s.sse.mxcsr = 0x1F80;
    CHECK(m.Exec({0xF3, 0x0F, 0x5E, 0xC1}) == -1);
    CHECK(m.X(0).Get<uint32_t>(0) == 0x7F800000);
    CHECK(m.cpu.s.sse.mxcsr == (0x1F80 | kZe));
  }
}

TEST_CASE("CVTPI2PS enters MMX state; CVTPI2PD from memory does not", "[sse][ssefp]") {
  SseMachine m;
  auto x87_state = [&](uint16_t top) {
    m.cpu.s.fpu.sw = static_cast<uint16_t>(top << 11);
    m.cpu.s.fpu.tw = 0xFFFF;
  };
  m.SetMm(1, 0xFFFFFFFF'00000002ull);  // {2, -1}
  x87_state(5);
  CHECK(m.Exec({0x0F, 0x2A, 0xC1}) == -1);  // cvtpi2ps xmm0, mm1
  CHECK(m.X(0).Get<uint32_t>(0) == 0x40000000);
  CHECK(m.X(0).Get<uint32_t>(1) == 0xBF800000);
  CHECK(m.Top() == 0);
  CHECK(m.cpu.s.fpu.tw == 0);
  x87_state(5);
  m.Write64(kArea, 3);
  CHECK(m.Exec({0x66, 0x0F, 0x2A, 0x05, 0x00, 0x00, 0x02, 0x00}) == -1);  // cvtpi2pd xmm0, [kArea]
  CHECK(m.X(0).q[0] == 0x4008000000000000ull);  // 3.0
  CHECK(m.Top() == 5);
  CHECK(m.cpu.s.fpu.tw == 0xFFFF);
  CHECK(m.Exec({0x66, 0x0F, 0x2A, 0xC1}) == -1);  // cvtpi2pd xmm0, mm1
  CHECK(m.Top() == 0);
  CHECK(m.cpu.s.fpu.tw == 0);
}

TEST_CASE("SSE floating point: operands are fetched before any state changes", "[sse][ssefp]") {
  SseMachine m;
  m.X(0) = Xmm{{kOne, kOne}};
  m.cpu.s.sse.mxcsr = 0x1F80;
  // addps xmm0, [kArea + 8]: misaligned packed operand, #GP(0), nothing written.
  CHECK(m.Exec({0x0F, 0x58, 0x05, 0x08, 0x00, 0x02, 0x00}) == kVecGp);
  CHECK(m.X(0) == Xmm{{kOne, kOne}});
  CHECK(m.cpu.s.sse.mxcsr == 0x1F80);
  // addss xmm0, [kArea + 3]: a scalar operand has no alignment rule.
  m.mem.Write(kArea + 3, 4, kOne);
  CHECK(m.Exec({0xF3, 0x0F, 0x58, 0x05, 0x03, 0x00, 0x02, 0x00}) == -1);
  CHECK(m.X(0).Get<uint32_t>(0) == 0x40000000);  // 2.0; the upper lanes kept
  CHECK(m.X(0).Get<uint32_t>(1) == 0);
  CHECK(m.X(0).q[1] == kOne);
}

}  // namespace
}  // namespace m86::test
