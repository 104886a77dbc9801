// SSE, MMX and x87 in 64-bit mode: XMM8-XMM15 through REX.R/REX.B, REX.W that widens a
// general-register operand (MOVQ, CVTSI2SD, PEXTRQ, POPCNT, CRC32...) or leaves an XMM-only
// instruction alone, 64-bit results zero-extended, and FXSAVE/FXRSTOR with the 64-bit layouts.
// Where the value is not obvious the host CPU computes it through its own instructions (on
// x86-64 hosts; elsewhere the conversions are not compared and CRC32 is computed bit by bit).
#include <catch2/catch.hpp>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include <cstdint>
#include <cstring>
#include <initializer_list>

#include "system/long_mode_machine.h"

namespace m86::test {
namespace {

constexpr uint32_t kCode64 = 0x7400;
constexpr uint32_t kData = kDataBase;  // 16-byte aligned, identity-mapped

// A Nehalem in 64-bit mode with CR4.OSFXSR: protected mode, the IA-32e entry sequence, a far
// JMP to the 64-bit code segment, then `code` at kCode64 up to its HLT.
class Long64 {
 public:
  SystemMachine m{"nehalem"};
  Long64() { lm::BuildTables(m); }
  Xmm& X(int i) { return m.cpu.s.sse.xmm[i]; }
  uint64_t& R(int i) { return m.cpu.s.gpr[i]; }
  uint64_t Peek64(uint32_t addr) {
    return m.Peek(addr, 4) | (uint64_t{m.Peek(addr + 4, 4)} << 32);
  }
  // Enters 64-bit mode at a HLT just before kCode64, puts back the general registers the
  // entry sequence used, then runs `code` followed by HLT; returns an exception's vector or -1.
  int Run(std::initializer_list<uint8_t> code) {
    uint64_t gprs[16];
    for (int i = 0; i < 16; ++i) gprs[i] = R(i);
    m.Code(lm::kEnter);
    m.Code({0xEA, 0xFF, 0x73, 0x00, 0x00, lm::kSelCode64, 0x00}, lm::kAfterEnter);
    m.Code({0xF4}, kCode64 - 1);
    m.Code(code, kCode64);
    m.Code({0xF4}, kCode64 + static_cast<uint32_t>(code.size()));
    m.StartProtected();
    m.cpu.s.gdtr.limit = lm::kGdtLimit64;
    m.cpu.s.idtr.limit = lm::kIdtLimit64;
    m.cpu.s.cr4 |= cr4::kOsfxsr;
    const int entry = lm::Run(m);
    if (entry != -1) return entry;
    REQUIRE(Code64(m.cpu.s));
    REQUIRE(m.cpu.s.rip == kCode64);
    for (int i = 0; i < 16; ++i) R(i) = gprs[i];
    return lm::Run(m);
  }
};

#if defined(__x86_64__)
// The host's own conversions: the oracle for the 64-bit integer forms.
__attribute__((target("sse2"))) uint64_t HostCvtsi2sd(int64_t v) {
  const __m128d r = _mm_cvtsi64_sd(_mm_setzero_pd(), v);
  return static_cast<uint64_t>(_mm_cvtsi128_si64(_mm_castpd_si128(r)));
}
__attribute__((target("sse"))) uint32_t HostCvtsi2ss(int64_t v) {
  const __m128 r = _mm_cvtsi64_ss(_mm_setzero_ps(), v);
  return static_cast<uint32_t>(_mm_cvtsi128_si32(_mm_castps_si128(r)));
}
__attribute__((target("sse4.2"))) uint64_t HostCrc32(uint64_t crc, uint64_t v) {
  return _mm_crc32_u64(crc, v);
}
double AsDouble(uint64_t bits) {
  double d;
  std::memcpy(&d, &bits, 8);
  return d;
}
#else
// CRC-32C of the quadword's 64 bits, least significant first (SDM Vol. 2A, CRC32: the
// reflected polynomial 82F63B78h).
uint64_t HostCrc32(uint64_t crc, uint64_t v) {
  auto c = static_cast<uint32_t>(crc);
  for (int i = 0; i < 64; ++i) c = (c >> 1) ^ (((c ^ (v >> i)) & 1) ? 0x82F63B78u : 0u);
  return c;
}
#endif

TEST_CASE("64-bit mode: REX.R and REX.B reach XMM8-XMM15, not the MMX registers", "[sse][lm]") {
  Long64 t;
  t.X(8) = Xmm{{0x0000000100000002ull, 0x0000000300000004ull}};
  t.X(9) = Xmm{{0x0000001000000020ull, 0x0000003000000040ull}};
  t.X(10) = Xmm{{1, 2}};
  t.X(11) = Xmm{{0x0000000500000006ull, 7}};
  t.m.cpu.s.fpu.r[0].mant = 0x0000000100000001ull;
  t.m.cpu.s.fpu.r[1].mant = 0x0000000200000002ull;
  REQUIRE(t.Run({0x66, 0x45, 0x0F, 0xFE, 0xC1,  // paddd xmm8, xmm9
                 0x66, 0x4D, 0x0F, 0xFE, 0xD3,  // REX.W paddd xmm10, xmm11 (W ignored)
                 0x4D, 0x0F, 0xFE, 0xC1}) == -1);  // REX.WRB paddd mm0, mm1
  CHECK(t.X(8) == Xmm{{0x0000001100000022ull, 0x0000003300000044ull}});
  CHECK(t.X(9) == Xmm{{0x0000001000000020ull, 0x0000003000000040ull}});
  CHECK(t.X(10) == Xmm{{0x0000000500000007ull, 9}});
  CHECK(t.X(0) == Xmm{{0, 0}});
  CHECK(t.m.cpu.s.fpu.r[0].mant == 0x0000000300000003ull);
}

TEST_CASE("64-bit mode: MOVD/MOVQ with REX.W move 64 bits; MOVD zero-extends", "[sse][lm]") {
  Long64 t;
  t.R(kEcx) = 0x8877665544332211ull;
  t.R(9) = 0xF0E0D0C0B0A09080ull;
  t.R(kEbx) = ~0ull;
  t.X(0) = Xmm{{0x1111111122222222ull, 5}};
  t.X(8) = Xmm{{7, 7}};
  REQUIRE(t.Run({0x66, 0x4D, 0x0F, 0x6E, 0xC1,  // movq xmm8, r9
                 0x66, 0x4C, 0x0F, 0x7E, 0xC0,  // movq rax, xmm8
                 0x66, 0x4C, 0x0F, 0x7E, 0x04, 0x25, 0x00, 0x80, 0x00, 0x00,  // movq [8000h], xmm8
                 0x48, 0x0F, 0x6E, 0xC1,        // movq mm0, rcx
                 0x48, 0x0F, 0x7E, 0xC2,        // movq rdx, mm0
                 0x66, 0x0F, 0x7E, 0xC3}) == -1);  // movd ebx, xmm0
  CHECK(t.X(8) == Xmm{{0xF0E0D0C0B0A09080ull, 0}});
  CHECK(t.R(kEax) == 0xF0E0D0C0B0A09080ull);
  CHECK(t.Peek64(kData) == 0xF0E0D0C0B0A09080ull);
  CHECK(t.m.cpu.s.fpu.r[0].mant == 0x8877665544332211ull);
  CHECK(t.R(kEdx) == 0x8877665544332211ull);
  CHECK(t.R(kEbx) == 0x22222222ull);
}

#if defined(__x86_64__)
TEST_CASE("64-bit mode: CVTSI2SS/SD from r64 and CVT(T)SS/SD2SI to r64 match the host",
          "[sse][lm]") {
  const int64_t ints[] = {0, -1, 3, INT64_MIN, INT64_MAX, 0x0123456789ABCDEFll,
                          -0x7FFFFFFFFFFFFFFll};
  for (const int64_t v : ints) {
    Long64 t;
    t.R(kEax) = static_cast<uint64_t>(v);
    REQUIRE(t.Run({0xF2, 0x4C, 0x0F, 0x2A, 0xD0,      // cvtsi2sd xmm10, rax
                   0xF3, 0x4C, 0x0F, 0x2A, 0xD8}) == -1);  // cvtsi2ss xmm11, rax
    CHECK(t.X(10).q[0] == HostCvtsi2sd(v));
    CHECK(t.X(11).Get<uint32_t>(0) == HostCvtsi2ss(v));
  }
  const double doubles[] = {1.5, -2.5, 2.5, -9.2233720368547758e18, 9.3e18, 1e300, -0.75,
                            4.0e15 + 0.5, AsDouble(0x7FF8000000000000ull)};
  for (const double v : doubles) {
    Long64 t;
    const float f = static_cast<float>(v);
    uint32_t fbits;
    std::memcpy(&fbits, &f, 4);
    uint64_t dbits;
    std::memcpy(&dbits, &v, 8);
    t.X(10) = Xmm{{dbits, 0}};
    t.X(12) = Xmm{{fbits, 0}};
    t.R(kEax) = t.R(kEcx) = t.R(kEdx) = t.R(kEbx) = 0x5555555555555555ull;
    REQUIRE(t.Run({0xF2, 0x49, 0x0F, 0x2D, 0xC2,    // cvtsd2si rax, xmm10
                   0xF2, 0x49, 0x0F, 0x2C, 0xCA,    // cvttsd2si rcx, xmm10
                   0xF3, 0x49, 0x0F, 0x2D, 0xD4,    // cvtss2si rdx, xmm12
                   0xF3, 0x49, 0x0F, 0x2C, 0xDC,    // cvttss2si rbx, xmm12
                   0xF2, 0x41, 0x0F, 0x2D, 0xF2}) == -1);  // cvtsd2si esi, xmm10
    const __m128d dv = _mm_set_sd(v);
    const __m128 fv = _mm_set_ss(f);
    CHECK(t.R(kEax) == static_cast<uint64_t>(_mm_cvtsd_si64(dv)));
    CHECK(t.R(kEcx) == static_cast<uint64_t>(_mm_cvttsd_si64(dv)));
    CHECK(t.R(kEdx) == static_cast<uint64_t>(_mm_cvtss_si64(fv)));
    CHECK(t.R(kEbx) == static_cast<uint64_t>(_mm_cvttss_si64(fv)));
    CHECK(t.R(kEsi) == static_cast<uint32_t>(_mm_cvtsd_si32(dv)));
  }
}
#endif

TEST_CASE("64-bit mode: PEXTRQ/PINSRQ, and extracts and masks zero-extend to r64", "[sse][lm]") {
  Long64 t;
  t.X(0) = Xmm{{0x8877665544332211ull, 0x0123456789ABCDEFull}};
  t.X(8) = Xmm{{0x80008000800080FFull, 0x0000000080000000ull}};
  t.X(11) = Xmm{{1, 0xFEDCBA9876543210ull}};
  t.X(12) = Xmm{{3, 4}};
  t.R(kEcx) = 0xAAAABBBBCCCCDDDDull;
  for (int r : {int{kEdx}, int{kEbx}, int{kEsi}, int{kEdi}, 9, 10}) t.R(r) = ~0ull;
  REQUIRE(t.Run({0x66, 0x4C, 0x0F, 0x3A, 0x16, 0xD8, 0x01,  // pextrq rax, xmm11, 1
                 0x66, 0x4C, 0x0F, 0x3A, 0x22, 0xE1, 0x01,  // pinsrq xmm12, rcx, 1
                 // pextrq [8000h], xmm0, 0
                 0x66, 0x48, 0x0F, 0x3A, 0x16, 0x04, 0x25, 0x00, 0x80, 0x00, 0x00, 0x00,
                 0x66, 0x0F, 0x3A, 0x16, 0xC2, 0x01,        // pextrd edx, xmm0, 1
                 0x66, 0x48, 0x0F, 0x3A, 0x14, 0xC3, 0x03,  // pextrb rbx, xmm0, 3
                 0x66, 0x49, 0x0F, 0xD7, 0xF0,              // pmovmskb rsi, xmm8
                 0x49, 0x0F, 0x50, 0xF8,                    // movmskps rdi, xmm8
                 0x66, 0x4C, 0x0F, 0xC5, 0xC8, 0x02,        // pextrw r9, xmm0, 2
                 0x66, 0x4D, 0x0F, 0x50, 0xD0}) == -1);     // movmskpd r10, xmm8
  CHECK(t.R(kEax) == 0xFEDCBA9876543210ull);
  CHECK(t.X(12) == Xmm{{3, 0xAAAABBBBCCCCDDDDull}});
  CHECK(t.Peek64(kData) == 0x8877665544332211ull);
  CHECK(t.R(kEdx) == 0x88776655ull);
  CHECK(t.R(kEbx) == 0x44ull);
  CHECK(t.R(kEsi) == 0x08ABull);
  CHECK(t.R(kEdi) == 0x7ull);
  CHECK(t.R(9) == 0x6655ull);
  CHECK(t.R(10) == 0x1ull);
}

TEST_CASE("64-bit mode: POPCNT r64 and CRC32 r64, r/m64", "[sse][lm]") {
  const uint64_t values[] = {0, 1, 0x8000000000000000ull, 0xFFFFFFFFFFFFFFFFull,
                             0x0123456789ABCDEFull};
  for (const uint64_t v : values) {
    Long64 t;
    t.R(kEcx) = v;
    t.R(kEdx) = 0xFFFFFFFF12345678ull;  // the upper half of the accumulator is ignored
    t.R(kEax) = ~0ull;
    REQUIRE(t.Run({0xF3, 0x48, 0x0F, 0xB8, 0xC1,                // popcnt rax, rcx
                   0xF2, 0x48, 0x0F, 0x38, 0xF1, 0xD1}) == -1);  // crc32 rdx, rcx
    CHECK(t.R(kEax) == static_cast<uint64_t>(__builtin_popcountll(v)));
    CHECK(((t.m.cpu.s.eflags & flag::kZf) != 0) == (v == 0));
    CHECK(t.R(kEdx) == HostCrc32(0x12345678u, v));
  }
}

TEST_CASE("64-bit mode: FXSAVE keeps XMM8-15; FXSAVE64 stores 64-bit FPU pointers", "[sse][lm]") {
  Long64 t;
  for (int i = 0; i < 16; ++i) t.X(i) = Xmm{{0x1111111111111111ull * i, ~uint64_t(i)}};
  t.m.Write64(kData + 0x400, 0x3FF0000000000000ull);  // 1.0
  REQUIRE(t.Run({0xDD, 0x04, 0x25, 0x00, 0x84, 0x00, 0x00,              // fld qword [8400h]
                 0x0F, 0xAE, 0x04, 0x25, 0x00, 0x80, 0x00, 0x00,        // fxsave [8000h]
                 0x48, 0x0F, 0xAE, 0x04, 0x25, 0x00, 0x82, 0x00, 0x00,  // fxsave64 [8200h]
                 0x66, 0x45, 0x0F, 0xEF, 0xED,                          // pxor xmm13, xmm13
                 0x0F, 0xAE, 0x0C, 0x25, 0x00, 0x80, 0x00, 0x00}) == -1);  // fxrstor [8000h]
  CHECK(t.X(13) == Xmm{{0x1111111111111111ull * 13, ~uint64_t(13)}});
  for (int i = 8; i < 16; ++i) {
    CHECK(t.Peek64(kData + 160 + 16 * i) == 0x1111111111111111ull * i);
    CHECK(t.Peek64(kData + 0x200 + 168 + 16 * i) == ~uint64_t(i));
  }
  // The 32-bit layout: FIP, FCS, FDP, FDS; the 64-bit one: FIP and FDP of 64 bits.
  CHECK(t.m.Peek(kData + 8, 4) == kCode64);
  CHECK(t.m.Peek(kData + 12, 2) == lm::kSelCode64);
  CHECK(t.m.Peek(kData + 16, 4) == kData + 0x400);
  CHECK(t.Peek64(kData + 0x208) == kCode64);
  CHECK(t.Peek64(kData + 0x210) == kData + 0x400);

  // FXRSTOR64 loads the 64-bit pointers.
  Long64 r;
  r.m.Write64(kData + 0x208, 0x0000123456789ABCull);
  r.m.Write64(kData + 0x210, 0x00007FFF00001234ull);
  r.m.Write32(kData + 0x218, 0x1F80);   // MXCSR
  r.m.Write32(kData + 0x21C, 0xFFFF);   // MXCSR_MASK
  REQUIRE(r.Run({0x48, 0x0F, 0xAE, 0x0C, 0x25, 0x00, 0x82, 0x00, 0x00}) == -1);  // fxrstor64
  CHECK(r.m.cpu.s.fpu.fip == 0x0000123456789ABCull);
  CHECK(r.m.cpu.s.fpu.fdp == 0x00007FFF00001234ull);
}

TEST_CASE("64-bit mode: FNSTENV with REX.W uses the 32-bit format", "[sse][lm]") {
  Long64 t;
  for (uint32_t i = 0; i < 32; i += 4) t.m.Write32(kData + i, 0xCCCCCCCCu);
  REQUIRE(t.Run({0x48, 0xD9, 0x34, 0x25, 0x00, 0x80, 0x00, 0x00}) == -1);  // fnstenv [8000h]
  CHECK(t.m.Peek(kData, 4) >> 16 == 0xFFFF);  // FCW in a doubleword
  CHECK(t.m.Peek(kData + 24, 4) >> 16 == 0xFFFF);
  CHECK(t.m.Peek(kData + 28, 4) == 0xCCCCCCCCu);
}

TEST_CASE("64-bit mode: PCMPESTRI takes RAX/RDX whole with REX.W, EAX/EDX without", "[sse][lm]") {
  // Equal each, negative polarity: identical 16-byte strings give IntRes2 = 0 (index 16) when
  // both lengths are 16; with a zero first length every element differs (index 0).
  for (const bool rex_w : {true, false}) {
    Long64 t;
    t.X(0) = t.X(1) = Xmm{{0x0706050403020100ull, 0x0F0E0D0C0B0A0908ull}};
    t.R(kEax) = 0x100000000ull;  // 16 or more as 64 bits, 0 as 32
    t.R(kEdx) = 16;
    t.R(kEcx) = ~0ull;
    if (rex_w)
      REQUIRE(t.Run({0x66, 0x48, 0x0F, 0x3A, 0x61, 0xC1, 0x18}) == -1);
    else
      REQUIRE(t.Run({0x66, 0x0F, 0x3A, 0x61, 0xC1, 0x18}) == -1);
    CHECK(t.R(kEcx) == (rex_w ? 16u : 0u));
  }
}

}  // namespace
}  // namespace m86::test
