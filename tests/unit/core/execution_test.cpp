#include <catch2/catch.hpp>

#include "test_machine.h"

using namespace m86;
using m86::test::TestMachine;

TEST_CASE("Reset vectors per model", "[cpu]") {
  TestMachine p6("pentiumpro");
  CHECK(p6.cpu.s.seg[kCs].selector == 0xF000);
  CHECK(p6.cpu.s.seg[kCs].base == 0xFFFF0000u);
  CHECK(p6.cpu.s.rip == 0xFFF0);
  CHECK(p6.cpu.s.gpr[kEdx] == 0x619);
  TestMachine i286("80286");
  CHECK(i286.cpu.s.seg[kCs].base == 0xFF0000u);
  TestMachine i8086("8086", 1 << 20);
  CHECK(i8086.cpu.s.seg[kCs].selector == 0xFFFF);
  CHECK(i8086.cpu.s.rip == 0);
  CHECK((i8086.cpu.GetFlags() & 0xF000) == 0xF000);  // FLAGS bits 12-15 read as 1
}

TEST_CASE("A counting loop runs through cached blocks", "[cpu]") {
  TestMachine m;
  // mov cx, 1000; xor ax, ax; l: add ax, 3; loop l; hlt
  m.Poke(0x1000, {0xB9, 0xE8, 0x03, 0x31, 0xC0, 0x05, 0x03, 0x00, 0xE2, 0xFB, 0xF4});
  m.StartReal(0, 0x1000);
  CHECK(m.RunToHalt() == StopReason::kHaltedNoIntr);
  CHECK((m.cpu.s.gpr[kEax] & 0xFFFF) == 3000);
  CHECK((m.cpu.s.gpr[kEcx] & 0xFFFF) == 0);
  CHECK(m.cpu.retired() == 2 + 2 * 1000 + 1);  // two setup instructions, the loop, HLT
}

TEST_CASE("Self-modifying code inside the running block takes effect", "[cpu][smc]") {
  TestMachine m;
  // mov byte [cs:0x1007], 0x42 ; mov al, 0x00 ; hlt  -- the store patches the next immediate.
  m.Poke(0x1000, {0x2E, 0xC6, 0x06, 0x07, 0x10, 0x42, 0xB0, 0x00, 0xF4});
  m.StartReal(0, 0x1000);
  m.RunToHalt();
  CHECK((m.cpu.s.gpr[kEax] & 0xFF) == 0x42);
  // Run the same code again: the block built from the patched bytes is used.
  m.Poke(0x1007, {0x00});
  m.StartReal(0, 0x1000);
  m.cpu.s.halted = false;
  m.RunToHalt();
  CHECK((m.cpu.s.gpr[kEax] & 0xFF) == 0x42);
}

TEST_CASE("A20 gate wraps addresses at 1 MiB when disabled", "[cpu]") {
  TestMachine m;
  m.Poke(0x100010, {0x5A});
  m.Poke(0x000010, {0xA5});
  // mov ax, 0xFFFF; mov ds, ax; mov al, [0x20]; hlt   (FFFF:0020 = 0x100010)
  m.Poke(0x1000, {0xB8, 0xFF, 0xFF, 0x8E, 0xD8, 0xA0, 0x20, 0x00, 0xF4});
  m.StartReal(0, 0x1000);
  m.RunToHalt();
  CHECK((m.cpu.s.gpr[kEax] & 0xFF) == 0x5A);
  m.cpu.SetA20(false);
  m.StartReal(0, 0x1000);
  m.cpu.s.halted = false;
  m.RunToHalt();
  CHECK((m.cpu.s.gpr[kEax] & 0xFF) == 0xA5);
}

TEST_CASE("Real-mode software interrupt and IRET", "[cpu]") {
  TestMachine m;
  m.Poke(0x80, {0x00, 0x20, 0x00, 0x00});  // vector 0x20 -> 0000:2000
  m.Poke(0x2000, {0xB3, 0x77, 0xCF});       // mov bl, 0x77; iret
  m.Poke(0x1000, {0xCD, 0x20, 0xF4});       // int 0x20; hlt
  m.StartReal(0, 0x1000);
  m.RunToHalt();
  CHECK((m.cpu.s.gpr[kEbx] & 0xFF) == 0x77);
  CHECK(m.cpu.s.rip == 0x1003);
  CHECK((m.cpu.s.gpr[kEsp] & 0xFFFF) == 0xF000);
}

TEST_CASE("An unimplemented or undefined opcode raises #UD through the IVT", "[cpu]") {
  TestMachine m;
  m.Poke(6 * 4, {0x00, 0x30, 0x00, 0x00});  // #UD -> 0000:3000
  m.Poke(0x3000, {0xB2, 0x55, 0xF4});       // mov dl, 0x55; hlt
  m.Poke(0x1000, {0x0F, 0x0B});             // ud2
  m.StartReal(0, 0x1000);
  m.RunToHalt();
  CHECK((m.cpu.s.gpr[kEdx] & 0xFF) == 0x55);
  // The pushed IP is the faulting instruction's.
  CHECK(m.Peek(0xF000 - 6, 2) == 0x1000);
}

TEST_CASE("OUT reaches the port bus", "[cpu]") {
  TestMachine m;
  m.Poke(0x1000, {0xB0, 0x41, 0xE6, 0xE9, 0xF4});  // mov al, 'A'; out 0xE9, al; hlt
  m.StartReal(0, 0x1000);
  m.RunToHalt();
  REQUIRE(m.io.writes.size() == 1);
  CHECK(m.io.writes[0] == std::pair<uint16_t, uint32_t>{0xE9, 0x41});
}

TEST_CASE("Code at any linear address runs from an empty jump cache", "[cpu]") {
  // Empty jump-cache slots must never match, whatever address and mode key they hold: a far
  // jump to 0000:0001 in real mode (mode key 0) once found an empty slot and ran no block.
  for (uint16_t ip : {0x0000, 0x0001, 0x0002, 0x1000}) {
    TestMachine m;
    m.Poke(ip, {0xB0, 0x5A, 0xF4});  // mov al, 5Ah ; hlt
    m.StartReal(0, ip);
    CHECK(m.RunToHalt() == StopReason::kHaltedNoIntr);
    CHECK((m.cpu.s.gpr[kEax] & 0xFF) == 0x5A);
  }
}
