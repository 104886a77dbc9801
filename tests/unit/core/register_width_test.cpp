// The general registers are 64 bits wide: 32-bit writes zero-extend, 8- and 16-bit writes keep
// the other bits (SDM Vol. 1, 3.4.1.1). A legacy-mode guest never sets the upper halves; the
// tests plant them directly to show which writes keep them and that addresses ignore them.
#include <catch2/catch.hpp>

#include "test_machine.h"

using namespace m86;
using m86::test::TestMachine;

namespace {

constexpr uint64_t kUpper = 0xA5A5A5A5'00000000ull;

void PlantUpperHalves(TestMachine& m) {
  for (int r = kEax; r <= kEdi; ++r) m.cpu.s.gpr[r] |= kUpper;
}

}  // namespace

TEST_CASE("32-bit register writes zero-extend; 8- and 16-bit writes keep the rest", "[cpu][gpr]") {
  TestMachine m;
  // mov al, 11h; mov ch, 22h; mov dx, 3333h; mov ebx, 44444444h; add ebp, 1; hlt
  m.Poke(0x1000, {0xB0, 0x11, 0xB5, 0x22, 0x66, 0xBA, 0x33, 0x33, 0xBB, 0x44, 0x44, 0x44, 0x44,
                  0x83, 0xC5, 0x01, 0xF4});
  m.StartFlat32(0x1000);
  m.cpu.s.gpr[kEbp] = 0x7FFFFFFF;
  PlantUpperHalves(m);
  REQUIRE(m.RunToHalt() == StopReason::kHaltedNoIntr);
  CHECK(m.cpu.s.gpr[kEax] == (kUpper | 0x11));
  CHECK(m.cpu.s.gpr[kEcx] == (kUpper | 0x2200));
  CHECK(m.cpu.s.gpr[kEdx] == (kUpper | 0x3333));
  CHECK(m.cpu.s.gpr[kEbx] == 0x44444444u);
  CHECK(m.cpu.s.gpr[kEbp] == 0x80000000u);
  CHECK(m.cpu.s.gpr[kEsi] == kUpper);  // untouched
}

TEST_CASE("Effective addresses use the low 32 or 16 bits and wrap as before", "[cpu][gpr]") {
  TestMachine m;
  m.Poke(0x2000, {0x78, 0x56, 0x34, 0x12});
  // mov eax, [esi+3000h] (ESI = FFFFF000h: the sum wraps at 4 GiB to 2000h); hlt
  m.Poke(0x1000, {0x8B, 0x86, 0x00, 0x30, 0x00, 0x00, 0xF4});
  m.StartFlat32(0x1000);
  m.cpu.s.gpr[kEsi] = 0xFFFFF000u;
  PlantUpperHalves(m);
  REQUIRE(m.RunToHalt() == StopReason::kHaltedNoIntr);
  CHECK(m.cpu.s.gpr[kEax] == 0x12345678u);
  TestMachine m16;
  m16.Poke(0x2000, {0x78, 0x56, 0x34, 0x12});
  // mov ecx, [si] (a16: SI alone, the upper half of ESI ignored); hlt
  m16.Poke(0x1000, {0x67, 0x8B, 0x0C, 0xF4});
  m16.StartFlat32(0x1000);
  m16.cpu.s.gpr[kEsi] = 0x77772000u;
  PlantUpperHalves(m16);
  REQUIRE(m16.RunToHalt() == StopReason::kHaltedNoIntr);
  CHECK(m16.cpu.s.gpr[kEcx] == 0x12345678u);
}

TEST_CASE("Counts and stack pointers wrap in 32 bits and zero-extend", "[cpu][gpr]") {
  TestMachine m;
  // loop $+2 (ECX 0 -> FFFFFFFFh); push eax; pop edi; hlt
  m.Poke(0x1000, {0xE2, 0x00, 0x50, 0x5F, 0xF4});
  m.StartFlat32(0x1000);
  m.cpu.s.gpr[kEcx] = 0;
  m.cpu.s.gpr[kEax] = 0xCAFEF00D;
  PlantUpperHalves(m);
  REQUIRE(m.RunToHalt() == StopReason::kHaltedNoIntr);
  CHECK(m.cpu.s.gpr[kEcx] == 0xFFFFFFFFu);
  CHECK(m.cpu.s.gpr[kEsp] == 0x9000u);
  CHECK(m.cpu.s.gpr[kEdi] == 0xCAFEF00Du);
  CHECK(m.Peek(0x8FFC, 4) == 0xCAFEF00Du);
}

TEST_CASE("Sixteen registers and the always-zero slot", "[cpu][gpr]") {
  TestMachine m;
  static_assert(kR15 == 15 && kNoReg == 16);
  CHECK(sizeof(m.cpu.s.gpr) / sizeof(m.cpu.s.gpr[0]) == kNoReg + 1u);
  CHECK(m.cpu.s.gpr[kNoReg] == 0);
}
