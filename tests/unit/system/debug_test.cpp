// Debug registers: instruction and data breakpoints, RF, DR7.GD, DR4/DR5 aliases, and data
// breakpoints merged with single-step (SDM Vol. 3A, 17.2 and 17.3).
#include <catch2/catch.hpp>

#include "cpu/debug.h"
#include "system_machine.h"

using namespace m86;
using m86::test::SystemMachine;
namespace t = m86::test;

namespace {

void RunPm(SystemMachine& m, std::initializer_list<uint8_t> code) {
  m.Code(code);
  m.StartProtected();
  m.RunToHalt();
}

uint32_t Dr6Status(const SystemMachine& m) { return m.cpu.s.dr[6] & dr6::kWritable; }

}  // namespace

TEST_CASE("DR0 instruction breakpoint: a fault before the instruction, DR6.B0", "[system][debug]") {
  SystemMachine m;
  // mov eax, target; mov dr0, eax; mov eax, 1; mov dr7, eax; nop; target: inc ebx; hlt
  RunPm(m, {0xB8, 0x11, 0x70, 0x00, 0x00, 0x0F, 0x23, 0xC0, 0xB8, 0x01, 0x00, 0x00, 0x00, 0x0F,
            0x23, 0xF8, 0x90, 0x43, 0xF4});
  REQUIRE(m.HaltedVector() == kVecDb);
  CHECK(m.Stack(0) == t::kCodeBase + 0x11);
  CHECK((m.Stack(2) & flag::kRf) == 0);  // RF is not set for instruction breakpoints
  CHECK(m.cpu.s.gpr[kEbx] == 0);
  CHECK(Dr6Status(m) == dr6::kB0);
  CHECK(m.cpu.s.dr[6] == (dr6::kFixedOnes | dr6::kB0));
}

TEST_CASE("RF lets the instruction at a breakpoint run once; the next execution faults again", "[system][debug]") {
  SystemMachine m;
  // #DB handler: or dword [esp+8], 10000h (RF); inc dword [8000h]; iretd
  m.Code({0x81, 0x4C, 0x24, 0x08, 0x00, 0x00, 0x01, 0x00, 0xFF, 0x05, 0x00, 0x80, 0x00, 0x00,
          0xCF}, 0x3800);
  m.Write64(t::kIdtBase + 8 * kVecDb, t::MakeGate(t::kSelCode, 0x3800, 0x8E));
  // mov eax, target; mov dr0, eax; mov eax, 1; mov dr7, eax; mov ecx, 2
  // target: inc ebx; dec ecx; jnz target; hlt
  RunPm(m, {0xB8, 0x15, 0x70, 0x00, 0x00, 0x0F, 0x23, 0xC0, 0xB8, 0x01, 0x00, 0x00, 0x00, 0x0F,
            0x23, 0xF8, 0xB9, 0x02, 0x00, 0x00, 0x00, 0x43, 0x49, 0x75, 0xFC, 0xF4});
  CHECK(m.HaltedVector() == -1);
  CHECK(m.Peek(t::kDataBase, 4) == 2);
  CHECK(m.cpu.s.gpr[kEbx] == 2);
  CHECK((m.cpu.s.eflags & flag::kRf) == 0);
}

TEST_CASE("DR1 data write breakpoint: a trap after the write, reads ignored, DR6.B1", "[system][debug]") {
  SystemMachine m;
  // mov dword [8100h], 1 (the page enters the TLB); mov eax, 8100h; mov dr1, eax
  // mov eax, 00D00004h (L1, R/W1 = 01, LEN1 = 11); mov dr7, eax; mov ecx, [8100h]
  // mov dword [8102h], 55h; after: hlt
  RunPm(m, {0xC7, 0x05, 0x00, 0x81, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0xB8, 0x00, 0x81, 0x00,
            0x00, 0x0F, 0x23, 0xC8, 0xB8, 0x04, 0x00, 0xD0, 0x00, 0x0F, 0x23, 0xF8, 0x8B, 0x0D,
            0x00, 0x81, 0x00, 0x00, 0xC7, 0x05, 0x02, 0x81, 0x00, 0x00, 0x55, 0x00, 0x00, 0x00,
            0xF4});
  REQUIRE(m.HaltedVector() == kVecDb);
  CHECK(m.Stack(0) == t::kCodeBase + 0x2A);  // the instruction after the write
  CHECK(m.cpu.s.gpr[kEcx] == 1);
  CHECK(m.Peek(t::kDataBase + 0x102, 4) == 0x55);
  CHECK(Dr6Status(m) == 2 * dr6::kB0);
}

TEST_CASE("A data breakpoint and single-step report in one #DB", "[system][debug]") {
  SystemMachine m;
  // mov eax, 8100h; mov dr1, eax; mov eax, 00F00004h (R/W1 = 11); mov dr7, eax
  // pushfd; or dword [esp], 100h; popfd; mov ecx, [8101h]; after: hlt
  RunPm(m, {0xB8, 0x00, 0x81, 0x00, 0x00, 0x0F, 0x23, 0xC8, 0xB8, 0x04, 0x00, 0xF0, 0x00, 0x0F,
            0x23, 0xF8, 0x9C, 0x81, 0x0C, 0x24, 0x00, 0x01, 0x00, 0x00, 0x9D, 0x8B, 0x0D, 0x01,
            0x81, 0x00, 0x00, 0xF4});
  REQUIRE(m.HaltedVector() == kVecDb);
  CHECK(m.Stack(0) == t::kCodeBase + 0x1F);
  CHECK(Dr6Status(m) == (dr6::kBs | 2 * dr6::kB0));
}

TEST_CASE("A data breakpoint in real mode on the 80386", "[system][debug]") {
  SystemMachine m("80386");
  // mov eax, 8100h; mov dr1, eax; mov eax, 00D00004h; mov dr7, eax; mov word [8100h], 1; hlt
  m.Code({0x66, 0xB8, 0x00, 0x81, 0x00, 0x00, 0x0F, 0x23, 0xC8, 0x66, 0xB8, 0x04, 0x00, 0xD0,
          0x00, 0x0F, 0x23, 0xF8, 0xC7, 0x06, 0x00, 0x81, 0x01, 0x00, 0xF4});
  m.StartRealAt();
  m.RunToHalt();
  REQUIRE(m.HaltedVector() == kVecDb);
  CHECK(m.Stack16(0) == t::kCodeBase + 0x18);
  CHECK(Dr6Status(m) == 2 * dr6::kB0);
}

TEST_CASE("Disabled and non-matching breakpoints stay silent", "[system][debug]") {
  SystemMachine m;
  m.cpu.s.dr[1] = t::kDataBase + 0x100;
  m.cpu.s.dr[7] = 0x00F00000 | dr7::kFixedOnes;  // R/W1 = 11, LEN1 = 11, but L1 = G1 = 0
  m.cpu.OnDebugRegistersChanged();
  RunPm(m, {0xC7, 0x05, 0x00, 0x81, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0xF4});
  CHECK(m.HaltedVector() == -1);
  m.cpu.s.dr[7] = 0x00F00008 | dr7::kFixedOnes;  // G1, but the access is at 8104h
  m.cpu.OnDebugRegistersChanged();
  RunPm(m, {0xC7, 0x05, 0x04, 0x81, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0xF4});
  CHECK(m.HaltedVector() == -1);
}

TEST_CASE("Step() checks instruction breakpoints", "[system][debug]") {
  SystemMachine m;
  m.Code({0x43, 0xF4});  // inc ebx; hlt
  m.StartProtected();
  m.cpu.s.dr[0] = t::kCodeBase;
  m.cpu.s.dr[7] = 0x2 | dr7::kFixedOnes;  // G0
  m.cpu.OnDebugRegistersChanged();
  m.cpu.Step();
  CHECK(m.cpu.s.rip == t::kStubBase + 8 * kVecDb);
  CHECK(m.cpu.s.gpr[kEbx] == 0);
  CHECK(Dr6Status(m) == dr6::kB0);
}

TEST_CASE("DR7.GD makes the next debug-register access fault with DR6.BD", "[system][debug]") {
  SystemMachine m;
  // mov eax, 2000h; mov dr7, eax; mov eax, dr0; hlt
  RunPm(m, {0xB8, 0x00, 0x20, 0x00, 0x00, 0x0F, 0x23, 0xF8, 0x0F, 0x21, 0xC0, 0xF4});
  REQUIRE(m.HaltedVector() == kVecDb);
  CHECK(m.Stack(0) == t::kCodeBase + 8);
  CHECK(Dr6Status(m) == dr6::kBd);
  CHECK((m.cpu.s.dr[7] & dr7::kGd) == 0);
}

TEST_CASE("DR4 and DR5 alias DR6 and DR7 unless CR4.DE", "[system][debug]") {
  SystemMachine m;
  // mov eax, 3; mov dr6, eax; mov ebx, dr4; mov ecx, dr7; mov edx, dr5
  // mov eax, cr4; or eax, 8; mov cr4, eax; mov eax, dr4; hlt
  RunPm(m, {0xB8, 0x03, 0x00, 0x00, 0x00, 0x0F, 0x23, 0xF0, 0x0F, 0x21, 0xE3, 0x0F, 0x21, 0xF9,
            0x0F, 0x21, 0xEA, 0x0F, 0x20, 0xE0, 0x83, 0xC8, 0x08, 0x0F, 0x22, 0xE0, 0x0F, 0x21,
            0xE0, 0xF4});
  CHECK(m.cpu.s.gpr[kEbx] == (dr6::kFixedOnes | 3));
  CHECK(m.cpu.s.gpr[kEcx] == dr7::kFixedOnes);
  CHECK(m.cpu.s.gpr[kEdx] == dr7::kFixedOnes);
  REQUIRE(m.HaltedVector() == kVecUd);
  CHECK(m.Stack(0) == t::kCodeBase + 0x1A);
}
