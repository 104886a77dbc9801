// SYSENTER/SYSEXIT, and privileged instructions at CPL 3 (SDM Vol. 2B; Vol. 3A, 5.8.7 and 5.9).
#include <catch2/catch.hpp>

#include "system_machine.h"

using namespace m86;
using m86::test::SystemMachine;
namespace t = m86::test;

namespace {

constexpr uint32_t kKernelEntry = t::kCodeBase + 0x32;

// At CPL 0: SYSENTER_CS = 08h, SYSENTER_ESP = 8800h, SYSENTER_EIP = kentry; then SYSEXIT to
// user code at kUserCode with ESP = kUserStackTop. kentry: hlt.
void RunUser(SystemMachine& m, std::initializer_list<uint8_t> user_code) {
  m.Code({0xB9, 0x74, 0x01, 0x00, 0x00, 0xB8, 0x08, 0x00, 0x00, 0x00, 0x31, 0xD2, 0x0F, 0x30,
          0xB9, 0x75, 0x01, 0x00, 0x00, 0xB8, 0x00, 0x88, 0x00, 0x00, 0x0F, 0x30, 0xB9, 0x76,
          0x01, 0x00, 0x00, 0xB8, 0x32, 0x70, 0x00, 0x00, 0x0F, 0x30, 0xB9, 0x00, 0xA0, 0x00,
          0x00, 0xBA, 0x00, 0x78, 0x00, 0x00, 0x0F, 0x35, 0xF4});
  m.Code(user_code, t::kUserCode);
  m.StartProtected();
  m.RunToHalt();
}

}  // namespace

TEST_CASE("SYSEXIT to CPL 3 and SYSENTER back to CPL 0", "[system][sysenter]") {
  SystemMachine m;
  m.cpu.s.eflags |= flag::kIf;
  // user: mov esi, cs; mov edi, ss; mov ebx, esp; sysenter
  RunUser(m, {0x8C, 0xCE, 0x8C, 0xD7, 0x89, 0xE3, 0x0F, 0x34});
  CHECK(m.HaltedVector() == -1);
  CHECK(m.cpu.s.gpr[kEsi] == t::kSelUserCode);
  CHECK(m.cpu.s.gpr[kEdi] == t::kSelUserData);
  CHECK(m.cpu.s.gpr[kEbx] == t::kUserStackTop);
  CHECK(m.cpu.s.seg[kCs].selector == t::kSelCode);
  CHECK(m.cpu.s.seg[kSs].selector == t::kSelData);
  CHECK(m.cpu.s.seg[kCs].base == 0);
  CHECK(m.cpu.s.seg[kCs].limit == 0xFFFFFFFFu);
  CHECK((m.cpu.s.seg[kCs].attr & seg_attr::kBig) != 0);
  CHECK(m.cpu.s.gpr[kEsp] == 0x8800);
  CHECK(m.cpu.s.cpl == 0);
  CHECK(m.cpu.s.rip == kKernelEntry + 1);
  CHECK((m.cpu.s.eflags & flag::kIf) == 0);  // SYSENTER clears IF
}

TEST_CASE("Privileged instructions at CPL 3 are #GP(0)", "[system][sysenter]") {
  struct Case { const char* name; std::initializer_list<uint8_t> code; };
  const Case cases[] = {
      {"mov eax, cr0", {0x0F, 0x20, 0xC0}},
      {"mov dr7, eax", {0x0F, 0x23, 0xF8}},
      {"rdmsr", {0x0F, 0x32}},
      {"lgdt [8000h]", {0x0F, 0x01, 0x15, 0x00, 0x80, 0x00, 0x00}},
      {"clts", {0x0F, 0x06}},
      {"invlpg [8000h]", {0x0F, 0x01, 0x3D, 0x00, 0x80, 0x00, 0x00}},
      {"ltr ax", {0x0F, 0x00, 0xD8}},
      {"wbinvd", {0x0F, 0x09}},
      {"sysexit", {0x0F, 0x35}},
      {"rdpmc (CR4.PCE clear)", {0x0F, 0x33}},
  };
  for (const Case& k : cases) {
    INFO(k.name);
    SystemMachine m;
    RunUser(m, k.code);
    REQUIRE(m.HaltedVector() == kVecGp);
    CHECK(m.Stack(0) == 0);
    CHECK(m.Stack(1) == t::kUserCode);
    CHECK(m.Stack(2) == t::kSelUserCode);
    CHECK(m.Stack(4) == t::kUserStackTop);
    CHECK(m.Stack(5) == t::kSelUserData);
  }
}

TEST_CASE("RDTSC and RDPMC at CPL 3 follow CR4.TSD and CR4.PCE; SGDT and SMSW are allowed", "[system][sysenter]") {
  SystemMachine m;
  m.cpu.s.cr4 = cr4::kTsd;
  RunUser(m, {0x0F, 0x31, 0x89, 0xC3, 0x0F, 0x34});  // rdtsc; mov ebx, eax; sysenter
  CHECK(m.HaltedVector() == kVecGp);
  m.cpu.s.cr4 = cr4::kPce;
  RunUser(m, {0x0F, 0x31, 0x89, 0xC3, 0x0F, 0x34});
  CHECK(m.HaltedVector() == -1);
  CHECK(m.cpu.s.cpl == 0);
  RunUser(m, {0x31, 0xC9, 0x0F, 0x33, 0x0F, 0x34});  // xor ecx, ecx; rdpmc; sysenter
  CHECK(m.HaltedVector() == -1);
  // sgdt [8000h]; smsw ebx; sysenter
  RunUser(m, {0x0F, 0x01, 0x05, 0x00, 0x80, 0x00, 0x00, 0x0F, 0x01, 0xE3, 0x0F, 0x34});
  CHECK(m.HaltedVector() == -1);
  CHECK(m.Peek(t::kDataBase + 2, 4) == t::kGdtBase);
  CHECK(m.cpu.s.gpr[kEbx] == m.cpu.s.cr0);
}

TEST_CASE("SYSENTER faults with SYSENTER_CS = 0 and in real mode", "[system][sysenter]") {
  SystemMachine m;
  m.Code({0x0F, 0x34, 0xF4});  // sysenter; hlt
  m.StartProtected();
  m.RunToHalt();
  CHECK(m.HaltedVector() == kVecGp);
  CHECK(m.Stack(0) == 0);
  m.cpu.s.sysenter_cs = t::kSelCode;
  m.StartRealAt();
  m.RunToHalt();
  CHECK(m.HaltedVector() == kVecGp);
}
