// The SSE state and its rules: availability (#UD, #NM), the alignment of the aligned forms,
// mandatory prefixes per model, LDMXCSR/STMXCSR, FXSAVE/FXRSTOR with MXCSR and XMM0-7,
// IA32_EFER on the 64-bit models, and the CPUID leaves of the SSE-era models.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "sse_machine.h"

namespace m86::test {
namespace {

// movaps xmm1, [kArea]
#define M86_MOVAPS_LOAD {0x0F, 0x28, 0x0D, 0x00, 0x00, 0x02, 0x00}

TEST_CASE("SSE availability follows CR0.EM, CR4.OSFXSR and CR0.TS", "[sse]") {
  SseMachine m;
  CHECK(m.Exec(M86_MOVAPS_LOAD) == -1);
  m.cpu.s.cr4 &= ~cr4::kOsfxsr;
  CHECK(m.Exec(M86_MOVAPS_LOAD) == kVecUd);
  m.cpu.s.cr4 |= cr4::kOsfxsr;
  m.cpu.s.cr0 |= cr0::kEm;
  CHECK(m.Exec(M86_MOVAPS_LOAD) == kVecUd);
  m.cpu.s.cr0 &= ~cr0::kEm;
  m.cpu.s.cr0 |= cr0::kTs;
  CHECK(m.Exec(M86_MOVAPS_LOAD) == kVecNm);
  // A model without SSE: the encoding is undefined whatever CR4 says.
  SseMachine p2("pentium2");
  CHECK(p2.Exec(M86_MOVAPS_LOAD) == kVecUd);
}

TEST_CASE("CR4.OSFXSR and OSXMMEXCPT exist on the SSE models only", "[sse]") {
  for (const char* model : {"pentium3", "pentium4", "core2", "nehalem"}) {
    SseMachine m(model);
    m.cpu.s.gpr[kEax] = cr4::kOsfxsr | cr4::kOsxmmexcpt;
    CHECK(m.Exec({0x0F, 0x22, 0xE0}) == -1);  // mov cr4, eax
    CHECK(m.cpu.s.cr4 == (cr4::kOsfxsr | cr4::kOsxmmexcpt));
  }
  SseMachine p2("pentium2");
  p2.cpu.s.gpr[kEax] = cr4::kOsfxsr;
  CHECK(p2.Exec({0x0F, 0x22, 0xE0}) == kVecGp);
}

TEST_CASE("Aligned forms need 16-byte aligned memory, unaligned forms do not", "[sse]") {
  SseMachine m;
  CHECK(m.Exec({0x0F, 0x28, 0x0D, 0x08, 0x00, 0x02, 0x00}) == kVecGp);  // movaps xmm1, [+8]
  CHECK(m.Exec({0x66, 0x0F, 0x7F, 0x0D, 0x04, 0x00, 0x02, 0x00}) == kVecGp);  // movdqa store
  CHECK(m.Exec({0x66, 0x0F, 0xFE, 0x0D, 0x01, 0x00, 0x02, 0x00}) == kVecGp);  // paddd
  CHECK(m.Exec({0x0F, 0x10, 0x0D, 0x08, 0x00, 0x02, 0x00}) == -1);        // movups
  CHECK(m.Exec({0xF3, 0x0F, 0x10, 0x0D, 0x03, 0x00, 0x02, 0x00}) == -1);  // movss
  CHECK(m.Exec({0x0F, 0x12, 0x0D, 0x05, 0x00, 0x02, 0x00}) == -1);        // movlps
}

TEST_CASE("66 selects the XMM form only on models with SSE2", "[sse]") {
  // 66 0F FE /r: PADDD xmm with SSE2; on the Pentium III the prefix is ignored (MMX PADDD).
  const std::initializer_list<uint8_t> paddd = {0x66, 0x0F, 0xFE, 0xC1};  // paddd reg0, reg1
  SseMachine p3("pentium3");
  p3.SetMm(0, 0x0000000100000002ull);
  p3.SetMm(1, 0x0000000300000004ull);
  p3.X(0) = Xmm{{5, 6}};
  CHECK(p3.Exec(paddd) == -1);
  CHECK(p3.Mm(0) == 0x0000000400000006ull);
  CHECK(p3.X(0) == Xmm{{5, 6}});
  SseMachine p4("pentium4");
  p4.X(0) = Xmm{{0x0000000100000002ull, 7}};
  p4.X(1) = Xmm{{0x0000000300000004ull, 1}};
  p4.SetMm(0, 9);
  CHECK(p4.Exec(paddd) == -1);
  CHECK(p4.X(0) == Xmm{{0x0000000400000006ull, 8}});
  CHECK(p4.Mm(0) == 9);
  // F3 0F 7E (MOVQ xmm) needs SSE2: on the Pentium III it is the MMX MOVD r/m32, mm.
  p3.SetMm(2, 0x1122334455667788ull);
  CHECK(p3.Exec({0xF3, 0x0F, 0x7E, 0xD0}) == -1);  // movd eax, mm2
  CHECK(p3.cpu.s.gpr[kEax] == 0x55667788u);
}

TEST_CASE("Each extension is undefined on the models before it", "[sse]") {
  const std::initializer_list<uint8_t> pshufb = {0x66, 0x0F, 0x38, 0x00, 0xC1};   // SSSE3
  const std::initializer_list<uint8_t> pminsd = {0x66, 0x0F, 0x38, 0x39, 0xC1};   // SSE4.1
  const std::initializer_list<uint8_t> pcmpgtq = {0x66, 0x0F, 0x38, 0x37, 0xC1};  // SSE4.2
  const std::initializer_list<uint8_t> popcnt = {0xF3, 0x0F, 0xB8, 0xC1};         // POPCNT
  const std::initializer_list<uint8_t> movddup = {0xF2, 0x0F, 0x12, 0xC1};        // SSE3
  SseMachine p3("pentium3"), p4("pentium4"), core2("core2"), nehalem("nehalem");
  // Without SSE3 the F2 prefix falls back to the prefix-less form: MOVHLPS.
  p3.X(0) = Xmm{{1, 2}};
  p3.X(1) = Xmm{{3, 4}};
  CHECK(p3.Exec(movddup) == -1);
  CHECK(p3.X(0) == Xmm{{4, 2}});
  p4.X(1) = Xmm{{3, 4}};
  CHECK(p4.Exec(movddup) == -1);
  CHECK(p4.X(0) == Xmm{{3, 3}});
  CHECK(p4.Exec(pshufb) == kVecUd);
  CHECK(core2.Exec(pshufb) == -1);
  CHECK(core2.Exec(pminsd) == kVecUd);
  CHECK(core2.Exec(pcmpgtq) == kVecUd);
  CHECK(core2.Exec(popcnt) == kVecUd);
  CHECK(nehalem.Exec(pminsd) == -1);
  CHECK(nehalem.Exec(pcmpgtq) == -1);
  CHECK(nehalem.Exec(popcnt) == -1);
  // CLFLUSH came with the Pentium 4; SFENCE with the Pentium III.
  CHECK(p3.Exec({0x0F, 0xAE, 0x38 | 0x05, 0x00, 0x00, 0x02, 0x00}) == kVecUd);
  CHECK(p4.Exec({0x0F, 0xAE, 0x38 | 0x05, 0x00, 0x00, 0x02, 0x00}) == -1);
  CHECK(p3.Exec({0x0F, 0xAE, 0xF8}) == -1);
  CHECK(p3.Exec({0x0F, 0xAE, 0xE8}) == kVecUd);  // LFENCE is SSE2
}

TEST_CASE("MXCSR: reset value, LDMXCSR reserved bits, STMXCSR", "[sse]") {
  SseMachine m;
  CHECK(m.cpu.s.sse.mxcsr == 0x1F80);
  m.mem.Write(kArea, 4, 0xFFC0);  // DAZ and every other defined bit
  CHECK(m.Exec({0x0F, 0xAE, 0x15, 0x00, 0x00, 0x02, 0x00}) == -1);  // ldmxcsr [kArea]
  CHECK(m.cpu.s.sse.mxcsr == 0xFFC0);
  CHECK(m.Exec({0x0F, 0xAE, 0x1D, 0x04, 0x00, 0x02, 0x00}) == -1);  // stmxcsr [kArea+4]
  CHECK(m.Peek(kArea + 4, 4) == 0xFFC0);
  m.mem.Write(kArea, 4, 0x10000);
  CHECK(m.Exec({0x0F, 0xAE, 0x15, 0x00, 0x00, 0x02, 0x00}) == kVecGp);
  CHECK(m.cpu.s.sse.mxcsr == 0xFFC0);
  // The Pentium III has no DAZ: MXCSR_MASK is FFBFh.
  SseMachine p3("pentium3");
  p3.mem.Write(kArea, 4, 0x1FC0);
  CHECK(p3.Exec({0x0F, 0xAE, 0x15, 0x00, 0x00, 0x02, 0x00}) == kVecGp);
}

TEST_CASE("FXSAVE and FXRSTOR include MXCSR and XMM0-7 while CR4.OSFXSR is set", "[sse]") {
  SseMachine m("pentium3");
  for (int i = 0; i < 8; ++i) m.X(i) = Xmm{{0x0101010101010101ull * (i + 1), ~uint64_t{0} - i}};
  m.cpu.s.sse.mxcsr = 0x1F81;
  CHECK(m.Exec({0x0F, 0xAE, 0x05, 0x00, 0x00, 0x02, 0x00}) == -1);  // fxsave [kArea]
  CHECK(m.Peek(kArea + 24, 4) == 0x1F81);
  CHECK(m.Peek(kArea + 28, 4) == 0xFFBF);
  for (int i = 0; i < 8; ++i) {
    CHECK(m.Read64(kArea + 160 + 16 * i) == 0x0101010101010101ull * (i + 1));
    CHECK(m.Read64(kArea + 168 + 16 * i) == ~uint64_t{0} - i);
  }
  for (int i = 0; i < 8; ++i) m.X(i) = Xmm{};
  m.Write64(kArea + 160, 0xABCD);
  CHECK(m.Exec({0x0F, 0xAE, 0x0D, 0x00, 0x00, 0x02, 0x00}) == -1);  // fxrstor [kArea]
  CHECK(m.X(0) == Xmm{{0xABCD, ~uint64_t{0}}});
  CHECK(m.X(7) == Xmm{{0x0808080808080808ull, ~uint64_t{0} - 7}});
  CHECK(m.cpu.s.sse.mxcsr == 0x1F81);
  // A reserved MXCSR bit in the image: #GP(0), nothing loaded.
  m.mem.Write(kArea + 24, 4, 0x1F80 | 0x40);  // DAZ, absent on the Pentium III
  m.Write64(kArea + 160, 1);
  CHECK(m.Exec({0x0F, 0xAE, 0x0D, 0x00, 0x00, 0x02, 0x00}) == kVecGp);
  CHECK(m.X(0) == Xmm{{0xABCD, ~uint64_t{0}}});
  // With OSFXSR clear the SSE part of the area is neither written nor read.
  m.cpu.s.cr4 &= ~cr4::kOsfxsr;
  m.Write64(kArea + 160, 0x5555);
  CHECK(m.Exec({0x0F, 0xAE, 0x05, 0x00, 0x00, 0x02, 0x00}) == -1);
  CHECK(m.Read64(kArea + 160) == 0x5555);
  CHECK(m.Exec({0x0F, 0xAE, 0x0D, 0x00, 0x00, 0x02, 0x00}) == -1);
  CHECK(m.X(0) == Xmm{{0xABCD, ~uint64_t{0}}});
}

TEST_CASE("IA32_EFER: long mode enable on the 64-bit models, absent elsewhere", "[sse][msr]") {
  SseMachine core2("core2");
  core2.cpu.s.gpr[kEcx] = 0xC0000080u;
  CHECK(core2.Exec({0x0F, 0x32}) == -1);  // rdmsr
  CHECK(core2.cpu.s.gpr[kEax] == 0);
  core2.cpu.s.gpr[kEax] = 1u << 1;  // reserved
  core2.cpu.s.gpr[kEdx] = 0;
  CHECK(core2.Exec({0x0F, 0x30}) == kVecGp);  // wrmsr
  core2.cpu.s.gpr[kEax] = (1u << 8) | (1u << 11);  // LME and NXE, with paging off
  CHECK(core2.Exec({0x0F, 0x30}) == -1);
  CHECK(core2.cpu.s.efer == (efer::kLme | efer::kNxe));
  SseMachine p4("pentium4");
  p4.cpu.s.gpr[kEcx] = 0xC0000080u;
  CHECK(p4.Exec({0x0F, 0x32}) == kVecGp);
}

std::string Brand(SseMachine& m) {
  std::string s;
  for (uint32_t leaf = 0x80000002u; leaf <= 0x80000004u; ++leaf)
    for (uint32_t r : m.Cpuid(leaf))
      for (int i = 0; i < 4; ++i) s += static_cast<char>(r >> (8 * i));
  return s.substr(0, s.find('\0'));
}

// The values of the processors as documented (SDM Vol. 2A, CPUID; the model table's comments).
TEST_CASE("CPUID leaves of the SSE-era models", "[sse][cpuid]") {
  SECTION("pentium3") {
    SseMachine m("pentium3");
    CHECK(m.Cpuid(0) == std::vector<uint32_t>{2, 0x756E6547u, 0x6C65746Eu, 0x49656E69u});
    CHECK(m.Cpuid(1) == std::vector<uint32_t>{0x68A, 2, 0, 0x0380F9FFu});
    CHECK(m.Cpuid(2) == std::vector<uint32_t>{0x03020101u, 0, 0, 0x0C040882u});
    // No extended leaves: 80000000h answers as the highest basic leaf.
    CHECK(m.Cpuid(0x80000000u) == m.Cpuid(2));
  }
  SECTION("pentium4") {
    SseMachine m("pentium4");
    CHECK(m.Cpuid(0)[0] == 5);
    CHECK(m.Cpuid(1) == std::vector<uint32_t>{0xF34, 0x00010800u, 0x1, 0x0788F9FFu});
    CHECK(m.Cpuid(0x80000001u) == std::vector<uint32_t>{0, 0, 0, 0});
    CHECK(Brand(m) == "              Intel(R) Pentium(R) 4 CPU 3.00GHz");
    CHECK(m.Cpuid(0x80000008u)[0] == 0x2024);
    CHECK(m.Cpuid(4, 1)[2] == 0x7FF);  // 1 MiB L2: 2048 sets
  }
  SECTION("core2") {
    SseMachine m("core2");
    CHECK(m.Cpuid(0)[0] == 0x0A);
    CHECK(m.Cpuid(1) == std::vector<uint32_t>{0x6F6, 0x00010800u, 0x2201, 0x0788F9FFu});
    CHECK(m.Cpuid(0x80000001u) == std::vector<uint32_t>{0, 0, 1, 0x20100800u});
    CHECK(Brand(m) == "Intel(R) Core(TM)2 CPU         T7200  @ 2.00GHz");
    CHECK(m.Cpuid(0x80000008u)[0] == 0x3024);
    // Above the maximum: the highest basic leaf.
    CHECK(m.Cpuid(0x0B) == m.Cpuid(0x0A));
    CHECK(m.Cpuid(0x80000009u) == m.Cpuid(0x0A));
  }
  SECTION("nehalem") {
    SseMachine m("nehalem");
    CHECK(m.Cpuid(0)[0] == 0x0B);
    CHECK(m.Cpuid(1) == std::vector<uint32_t>{0x106A5, 0x00010800u, 0x00982201u, 0x0788F9FFu});
    CHECK(Brand(m) == "Intel(R) Core(TM) i7 CPU         920  @ 2.67GHz");
    CHECK(m.Cpuid(4, 3) == std::vector<uint32_t>{0x163, 0x03C0003Fu, 0x1FFF, 2});
    CHECK(m.Cpuid(4, 4) == std::vector<uint32_t>{0, 0, 0, 0});
    CHECK(m.Cpuid(0x0B, 1) == std::vector<uint32_t>{0, 1, 0x201, 0});
    CHECK(m.Cpuid(0x0B, 5)[2] == 5);
  }
  SECTION("the P6 models keep their leaves") {
    SseMachine m("pentiumpro");
    CHECK(m.Cpuid(0)[0] == 2);
    CHECK(m.Cpuid(2) == std::vector<uint32_t>{0x03020101u, 0, 0, 0x06040A42u});
    CHECK(m.Cpuid(7) == m.Cpuid(2));
  }
}

}  // namespace
}  // namespace m86::test
