// CPUID per model, RDTSC, RDMSR/WRMSR and RDPMC (SDM Vol. 2A-2B; Vol. 4 for the MSRs).
#include <catch2/catch.hpp>

#include "system_machine.h"

using namespace m86;
using m86::test::SystemMachine;
namespace t = m86::test;

namespace {

// cpuid; hlt (16-bit, real mode) with EAX = leaf.
void RunCpuid(SystemMachine& m, uint32_t leaf) {
  m.Code({0x0F, 0xA2, 0xF4});
  m.StartRealAt();
  m.cpu.s.gpr[kEax] = leaf;
  m.RunToHalt();
}

// Runs one instruction sequence ending in HLT at CPL 0 in protected mode.
void RunPm(SystemMachine& m, std::initializer_list<uint8_t> code, uint32_t ecx = 0, uint32_t eax = 0,
           uint32_t edx = 0) {
  m.Code(code);
  m.StartProtected();
  m.cpu.s.gpr[kEcx] = ecx;
  m.cpu.s.gpr[kEax] = eax;
  m.cpu.s.gpr[kEdx] = edx;
  m.RunToHalt();
}

constexpr uint32_t kGenu = 0x756E6547, kIneI = 0x49656E69, kNtel = 0x6C65746E;

}  // namespace

TEST_CASE("CPUID leaf 0 reports GenuineIntel and the highest leaf per model", "[system][cpuid]") {
  struct Case { const char* model; uint32_t max_leaf; };
  for (const Case& k : {Case{"80486", 1}, Case{"pentium", 1}, Case{"pentiumpro", 2}}) {
    INFO(k.model);
    SystemMachine m(k.model);
    RunCpuid(m, 0);
    CHECK(m.HaltedVector() == -1);
    CHECK(m.cpu.s.gpr[kEax] == k.max_leaf);
    CHECK(m.cpu.s.gpr[kEbx] == kGenu);
    CHECK(m.cpu.s.gpr[kEdx] == kIneI);
    CHECK(m.cpu.s.gpr[kEcx] == kNtel);
  }
}

TEST_CASE("CPUID leaf 1 reports the model's signature and features", "[system][cpuid]") {
  struct Case { const char* model; uint32_t family; };
  for (const Case& k : {Case{"80486", 4}, Case{"pentium", 5}, Case{"pentiumpro", 6}}) {
    INFO(k.model);
    SystemMachine m(k.model);
    RunCpuid(m, 1);
    CHECK(m.cpu.s.gpr[kEax] == m.cpu.model().cpuid_signature);
    CHECK(((m.cpu.s.gpr[kEax] >> 8) & 0xF) == k.family);
    CHECK(m.cpu.s.gpr[kEdx] == m.cpu.model().cpuid_features);
    CHECK(m.cpu.s.gpr[kEbx] == 0);
    CHECK(m.cpu.s.gpr[kEcx] == 0);
  }
}

TEST_CASE("CPUID leaf 2 and leaves beyond the maximum", "[system][cpuid]") {
  SystemMachine p6("pentiumpro");
  RunCpuid(p6, 2);
  CHECK(p6.cpu.s.gpr[kEax] == 0x03020101);
  CHECK(p6.cpu.s.gpr[kEdx] == 0x06040A42);
  CHECK(p6.cpu.s.gpr[kEbx] == 0);
  RunCpuid(p6, 0x80000000u);  // above the maximum: the highest basic leaf
  CHECK(p6.cpu.s.gpr[kEax] == 0x03020101);
  SystemMachine p5("pentium");
  RunCpuid(p5, 7);
  CHECK(p5.cpu.s.gpr[kEax] == p5.cpu.model().cpuid_signature);
}

TEST_CASE("CPUID is #UD on models without it", "[system][cpuid]") {
  for (const char* model : {"80286", "80386"}) {
    INFO(model);
    SystemMachine m(model);
    RunCpuid(m, 0);
    CHECK(m.HaltedVector() == kVecUd);
  }
}

TEST_CASE("WRMSR and RDMSR round trips, TSC, MTRRcap, APIC_BASE", "[system][msr]") {
  SystemMachine m;
  // ecx=200h: wrmsr 5:12345006h; rdmsr -> [8000h], [8004h]
  // ecx=10h: wrmsr 0:100000h; rdtsc -> [8008h], [800Ch]
  // ecx=FEh: rdmsr -> [8010h]; ecx=1Bh: rdmsr -> [8014h]; hlt
  RunPm(m, {0xB9, 0x00, 0x02, 0x00, 0x00, 0xB8, 0x06, 0x50, 0x34, 0x12, 0xBA, 0x05, 0x00, 0x00,
            0x00, 0x0F, 0x30, 0x31, 0xC0, 0x31, 0xD2, 0x0F, 0x32, 0xA3, 0x00, 0x80, 0x00, 0x00,
            0x89, 0x15, 0x04, 0x80, 0x00, 0x00, 0xB9, 0x10, 0x00, 0x00, 0x00, 0x31, 0xD2, 0xB8,
            0x00, 0x00, 0x10, 0x00, 0x0F, 0x30, 0x0F, 0x31, 0xA3, 0x08, 0x80, 0x00, 0x00, 0x89,
            0x15, 0x0C, 0x80, 0x00, 0x00, 0xB9, 0xFE, 0x00, 0x00, 0x00, 0x0F, 0x32, 0xA3, 0x10,
            0x80, 0x00, 0x00, 0xB9, 0x1B, 0x00, 0x00, 0x00, 0x0F, 0x32, 0xA3, 0x14, 0x80, 0x00,
            0x00, 0xF4});
  REQUIRE(m.HaltedVector() == -1);
  CHECK(m.Peek(t::kDataBase, 4) == 0x12345006);
  CHECK(m.Peek(t::kDataBase + 4, 4) == 5);
  CHECK(m.cpu.s.msr.mtrr_var[0] == 0x512345006ull);
  // The TSC counts retired instructions from the value written; RDTSC follows the WRMSR.
  CHECK(m.Peek(t::kDataBase + 8, 4) == 0x100001);
  CHECK(m.Peek(t::kDataBase + 12, 4) == 0);
  CHECK(m.Peek(t::kDataBase + 0x10, 4) == 0x508);
  CHECK(m.Peek(t::kDataBase + 0x14, 4) == 0xFEE00900u);
}

TEST_CASE("RDMSR and WRMSR fault with #GP(0) on absent MSRs and reserved bits", "[system][msr]") {
  struct Case { const char* model; bool write; uint32_t ecx, eax, edx; };
  const Case cases[] = {
      {"pentiumpro", false, 0x12345, 0, 0},      // unknown MSR
      {"pentiumpro", true, 0x12345, 0, 0},
      {"pentiumpro", true, 0x201, 0x123, 0},     // MTRR PHYSMASK0 reserved low bits
      {"pentiumpro", true, 0x200, 0x2, 0},       // MTRR type 2 is reserved
      {"pentiumpro", true, 0x2FF, 0x1000, 0},    // MTRR_DEF_TYPE reserved bit
      {"pentiumpro", true, 0xFE, 0, 0},          // MTRRcap is read-only
      {"pentiumpro", true, 0x401, 1, 0},         // MC0_STATUS accepts only zeros
      {"pentiumpro", false, 0x403, 0, 0},        // MC0_MISC does not exist on P6
      {"pentiumpro", true, 0x1B, 0x1, 0},        // APIC_BASE reserved bit
      {"pentium", false, 0x1B, 0, 0},            // no APIC_BASE on the Pentium
      {"pentium", false, 0x174, 0, 0},           // no SYSENTER MSRs without SEP
      {"pentium3", false, 0x1A0, 0, 0},          // MISC_ENABLE arrived with family 0Fh/6 0Dh
      {"nehalem", true, 0x1A0, 0x8, 0},          // MISC_ENABLE's thermal control: not modelled
      {"pentium4", true, 0x1A0, 0, 0x4},         // no NX, so no XD disable
  };
  for (const Case& k : cases) {
    INFO(k.model << " " << (k.write ? "WRMSR " : "RDMSR ") << std::hex << k.ecx);
    SystemMachine m(k.model);
    if (k.write)
      RunPm(m, {0x0F, 0x30, 0xF4}, k.ecx, k.eax, k.edx);
    else
      RunPm(m, {0x0F, 0x32, 0xF4}, k.ecx, k.eax, k.edx);
    CHECK(m.HaltedVector() == kVecGp);
    CHECK(m.Stack(0) == 0);            // error code
    CHECK(m.Stack(1) == t::kCodeBase); // the faulting instruction
  }
}

TEST_CASE("Pentium MSRs: TSC writes all 64 bits, P5 machine-check registers read 0", "[system][msr]") {
  SystemMachine m("pentium");
  RunPm(m, {0x0F, 0x30, 0xF4}, 0x10, 0x89ABCDEF, 0x1234567);
  REQUIRE(m.HaltedVector() == -1);
  RunPm(m, {0x0F, 0x31, 0xF4});  // rdtsc; hlt
  CHECK(m.cpu.s.gpr[kEdx] == 0x1234567);
  // WRMSR and HLT retired since the write.
  CHECK(m.cpu.s.gpr[kEax] == 0x89ABCDEF + 2);
  RunPm(m, {0x0F, 0x32, 0xF4}, 0x1, 0xFF, 0xFF);
  CHECK(m.HaltedVector() == -1);
  CHECK(m.cpu.s.gpr[kEax] == 0);
  CHECK(m.cpu.s.gpr[kEdx] == 0);
}

TEST_CASE("P6 TSC writes clear the upper half; PerfCtr writes sign-extend to 40 bits", "[system][msr]") {
  SystemMachine m;
  RunPm(m, {0x0F, 0x30, 0xF4}, 0x10, 0x10, 0x77);
  RunPm(m, {0x0F, 0x31, 0xF4});
  CHECK(m.cpu.s.gpr[kEdx] == 0);
  CHECK(m.cpu.s.gpr[kEax] == 0x12);
  RunPm(m, {0x0F, 0x30, 0xF4}, 0xC1, 0x80000001u, 0);
  RunPm(m, {0x0F, 0x33, 0xF4}, 0);  // rdpmc counter 0
  CHECK(m.HaltedVector() == -1);
  CHECK(m.cpu.s.gpr[kEax] == 0x80000001u);
  CHECK(m.cpu.s.gpr[kEdx] == 0xFF);
  RunPm(m, {0x0F, 0x33, 0xF4}, 2);  // only counters 0 and 1
  CHECK(m.HaltedVector() == kVecGp);
}

TEST_CASE("MSRs and the TSC restart at RESET", "[system][msr]") {
  SystemMachine m;
  RunPm(m, {0x0F, 0x30, 0xF4}, 0x200, 0x6, 0);
  CHECK(m.cpu.s.msr.mtrr_var[0] == 6);
  m.cpu.Reset();
  CHECK(m.cpu.s.msr.mtrr_var[0] == 0);
  CHECK(m.cpu.retired() + m.cpu.s.tsc == 0);
}

TEST_CASE("IA32_MISC_ENABLE limits CPUID's basic leaves and hides NX", "[system][msr]") {
  SystemMachine m("nehalem");
  RunPm(m, {0x0F, 0x32, 0xF4}, 0x1A0);  // rdmsr
  CHECK(m.cpu.s.gpr[kEax] == 0x1801);    // fast strings; no BTS, no PEBS
  CHECK(m.cpu.s.gpr[kEdx] == 0);
  // wrmsr with the CPUID limit and XD disable; cpuid 0; cpuid 80000001h; hlt
  RunPm(m, {0x0F, 0x30, 0x31, 0xC0, 0x0F, 0xA2, 0x89, 0xC6, 0xB8, 0x01, 0x00, 0x00, 0x80,
            0x0F, 0xA2, 0xF4},
        0x1A0, 0x1801 | (1u << 22), 0x4);
  CHECK(m.cpu.s.gpr[kEsi] == 2);                 // highest basic leaf
  CHECK((m.cpu.s.gpr[kEdx] & (1u << 20)) == 0);  // NX hidden
  RunPm(m, {0x0F, 0x32, 0xF4}, 0x1A0);
  CHECK(m.cpu.s.gpr[kEax] == (0x1801 | (1u << 22)));
  CHECK(m.cpu.s.gpr[kEdx] == 0x4);
  // EFER.NXE cannot be set while XD is disabled.
  RunPm(m, {0x0F, 0x30, 0xF4}, 0xC0000080, 0x800);
  CHECK(m.HaltedVector() == kVecGp);
}
