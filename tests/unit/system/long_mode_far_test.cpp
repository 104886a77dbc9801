// Far CALL, JMP and RET in IA-32e mode (SDM Vol. 2A CALL and JMP, Vol. 2B RET, "IA-32e mode"
// pseudo-code; Vol. 3A, 5.8.3.1 and 5.8.5): operand sizes of 16, 32 and 64 bits through RSP,
// transfers between 64-bit and compatibility-mode code, and 16-byte 64-bit call gates.
#include <catch2/catch.hpp>

#include "cpu/descriptors.h"
#include "cpu/protected_mode.h"
#include "long_mode_machine.h"

using namespace m86;
using m86::test::SystemMachine;
using namespace m86::test::lm;

namespace {

constexpr uint32_t kCode = t::kCodeBase + 0x200;
constexpr uint64_t kStack = 0x9000;
constexpr uint32_t kTarget = 0x7400;
constexpr uint16_t kSelGate = 0xC0;

// 64-bit mode at CPL 0 with `code` at kCode, RSP = kStack, RSP0 = 6000h in the 64-bit TSS (TR
// loaded by the entry code) and room in the GDT for a 16-byte call gate at C0h.
void Enter64(SystemMachine& m, std::initializer_list<uint8_t> code) {
  BuildTables(m);
  m.Write64(t::kTssBase + 4, 0x6000);
  // mov ax, 88h; ltr ax; hlt
  REQUIRE(EnterAndRun(m, {0x66, 0xB8, 0x88, 0x00, 0x0F, 0x00, 0xD8, 0xF4}) == -1);
  m.cpu.s.gdtr.limit = kSelGate + 15;
  SwitchTo64(m, code, kCode, kStack);
}

uint64_t Qword(SystemMachine& m, uint64_t addr) {
  return m.Peek(static_cast<uint32_t>(addr), 4) |
         (uint64_t{m.Peek(static_cast<uint32_t>(addr) + 4, 4)} << 32);
}

// A 64-bit call gate at kSelGate (SDM Vol. 3A, Figure 5-9); `upper_type` goes into bits 12:8 of
// the fourth dword, which must be 0.
void SetCallGate64(SystemMachine& m, uint8_t access, uint16_t target_sel, uint64_t offset,
                   uint32_t upper_type = 0) {
  m.Write64(t::kGdtBase + kSelGate, t::MakeGate(target_sel, static_cast<uint32_t>(offset), access));
  m.Write64(t::kGdtBase + kSelGate + 8, (offset >> 32) | (uint64_t{upper_type} << 40));
}

}  // namespace

TEST_CASE("RETF with REX.W pops a 64-bit RIP and CS", "[system][lm][far]") {
  SystemMachine m("core2");
  Enter64(m, {0x48, 0xCB});  // retfq
  m.Write64(kStack - 16, kTarget);
  m.Write64(kStack - 8, kSelCode64);
  m.cpu.s.gpr[kEsp] = kStack - 16;
  REQUIRE(Step(m) == -1);
  CHECK(m.cpu.s.rip == kTarget);
  CHECK(m.cpu.s.gpr[kEsp] == kStack);
  CHECK(m.cpu.s.seg[kCs].selector == kSelCode64);
  CHECK(Code64(m.cpu.s));
  SECTION("a non-canonical 64-bit target is #GP(0) and changes nothing") {
    m.Code({0x48, 0xCB}, kTarget);
    m.Write64(kStack - 16, 0x0000'8000'0000'0000ull);
    m.cpu.s.gpr[kEsp] = kStack - 16;
    uint32_t error = ~0u;
    CHECK(Step(m, &error) == kVecGp);
    CHECK(error == 0);
    CHECK(m.cpu.s.gpr[kEsp] == kStack - 16);
  }
}

TEST_CASE("CALL m16:64 pushes quadwords; RETFQ returns", "[system][lm][far]") {
  SystemMachine m("core2");
  Enter64(m, {0x48, 0xFF, 0x18, 0xF4});  // call far qword [rax]; hlt
  m.Write64(0x8000, kTarget);
  m.Write64(0x8008, kSelCode64);
  m.cpu.s.gpr[kEax] = 0x8000;
  m.Code({0x48, 0xCB}, kTarget);  // retfq
  REQUIRE(Step(m) == -1);
  CHECK(m.cpu.s.rip == kTarget);
  CHECK(m.cpu.s.gpr[kEsp] == kStack - 16);
  CHECK(Qword(m, kStack - 16) == kCode + 3);
  CHECK(Qword(m, kStack - 8) == kSelCode64);
  REQUIRE(Step(m) == -1);
  CHECK(m.cpu.s.rip == kCode + 3);
  CHECK(m.cpu.s.gpr[kEsp] == kStack);
}

TEST_CASE("CALL m16:32 from 64-bit code enters compatibility mode; RETF comes back",
          "[system][lm][far]") {
  SystemMachine m("core2");
  Enter64(m, {0xFF, 0x18, 0xF4});  // call far dword [rax]; hlt
  m.Write64(0x8000, kTarget | (uint64_t{t::kSelCode} << 32));
  m.cpu.s.gpr[kEax] = 0x8000;
  m.Code({0xCB}, kTarget);  // retf (32-bit code)
  REQUIRE(Step(m) == -1);
  CHECK(m.cpu.s.rip == kTarget);
  CHECK_FALSE(Code64(m.cpu.s));
  CHECK(m.cpu.s.gpr[kEsp] == kStack - 8);
  CHECK(m.Peek(kStack - 8, 4) == kCode + 2);
  CHECK(m.Peek(kStack - 4, 4) == kSelCode64);
  REQUIRE(Step(m) == -1);
  CHECK(Code64(m.cpu.s));
  CHECK(m.cpu.s.rip == kCode + 2);
  CHECK(m.cpu.s.gpr[kEsp] == kStack);
}

TEST_CASE("A 64-bit call gate at the same level pushes CS:RIP as quadwords", "[system][lm][far]") {
  SystemMachine m("core2");
  Enter64(m, {0xFF, 0x18});  // call far dword [rax]: the gate's offset replaces the operand's
  m.Write64(0x8000, 0x1234 | (uint64_t{kSelGate} << 32));
  m.cpu.s.gpr[kEax] = 0x8000;
  SECTION("through the gate") {
    SetCallGate64(m, 0x8C, kSelCode64, kTarget);
    REQUIRE(Step(m) == -1);
    CHECK(m.cpu.s.rip == kTarget);
    CHECK(m.cpu.s.gpr[kEsp] == kStack - 16);
    CHECK(Qword(m, kStack - 16) == kCode + 2);
    CHECK(Qword(m, kStack - 8) == kSelCode64);
  }
  SECTION("a type in the upper half is #GP(gate)") {
    SetCallGate64(m, 0x8C, kSelCode64, kTarget, 0xC);
    uint32_t error = ~0u;
    CHECK(Step(m, &error) == kVecGp);
    CHECK(error == kSelGate);
  }
  SECTION("a compatibility-mode target is #GP(target)") {
    SetCallGate64(m, 0x8C, t::kSelCode, kTarget);
    uint32_t error = ~0u;
    CHECK(Step(m, &error) == kVecGp);
    CHECK(error == t::kSelCode);
  }
  SECTION("a JMP through the gate pushes nothing") {
    m.Code({0xFF, 0x28}, kCode);  // jmp far dword [rax]
    SetCallGate64(m, 0x8C, kSelCode64, kTarget);
    REQUIRE(Step(m) == -1);
    CHECK(m.cpu.s.rip == kTarget);
    CHECK(m.cpu.s.gpr[kEsp] == kStack);
  }
}

TEST_CASE("A CALL from CPL 3 through a 64-bit call gate switches to RSP0 with a null SS",
          "[system][lm][far]") {
  SystemMachine m("core2");
  Enter64(m, {0xF4});
  SetCallGate64(m, 0xEC, kSelCode64, kTarget);  // DPL 3
  // The caller: 64-bit code at CPL 3 (called directly: the test's pages are supervisor pages).
  Descriptor d;
  REQUIRE(ReadDescriptor(m.cpu, kSelUserCode64, &d) == DescriptorLookup::kOk);
  m.cpu.s.cpl = 3;
  LoadSegmentCache(m.cpu, m.cpu.s.seg[kCs], kSelUserCode64, d);
  m.cpu.s.seg[kSs].selector = t::kSelUserData;
  m.cpu.s.rip = 0x7880;
  m.cpu.OnModeChange();
  FarCallProtected(m.cpu, kSelGate | 3, 0, 4);
  CHECK(m.cpu.s.cpl == 0);
  CHECK(m.cpu.s.rip == kTarget);
  CHECK(m.cpu.s.seg[kSs].selector == 0);
  CHECK(m.cpu.s.gpr[kEsp] == 0x6000 - 32);
  CHECK(Qword(m, 0x6000 - 8) == t::kSelUserData);
  CHECK(Qword(m, 0x6000 - 16) == kStack);
  CHECK(Qword(m, 0x6000 - 24) == kSelUserCode64);
  CHECK(Qword(m, 0x6000 - 32) == 0x7880);
}
