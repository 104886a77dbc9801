// Linear addresses travel as 64-bit values through the memory path, but outside 64-bit mode a
// segment base plus offset, and an access that runs past the top, wrap at 4 GiB (SDM Vol. 3A,
// 3.1 and 3.4.1), with or without paging.
#include <catch2/catch.hpp>

#include "test_machine.h"

using namespace m86;
using m86::test::TestMachine;

namespace {

void SetDataBase(TestMachine& m, uint32_t base) {
  m.cpu.s.seg[kDs].base = base;
  RefreshSegmentChecks(m.cpu, m.cpu.s.seg[kDs]);
}

}  // namespace

TEST_CASE("Segment base plus offset wraps at 4 GiB", "[cpu][linear]") {
  TestMachine m;
  m.Poke(0x2000, {0x78, 0x56, 0x34, 0x12});
  // mov eax, [3000h]; mov dword [3000h], 0CAFEF00Dh; hlt
  m.Poke(0x1000, {0xA1, 0x00, 0x30, 0x00, 0x00, 0xC7, 0x05, 0x00, 0x30, 0x00, 0x00, 0x0D, 0xF0,
                  0xFE, 0xCA, 0xF4});
  m.StartFlat32(0x1000);
  SetDataBase(m, 0xFFFFF000u);
  REQUIRE(m.RunToHalt() == StopReason::kHaltedNoIntr);
  CHECK(m.cpu.s.gpr[kEax] == 0x12345678u);
  CHECK(m.Peek(0x2000, 4) == 0xCAFEF00Du);
}

TEST_CASE("An access across the top of the linear space continues at 0 under paging",
          "[cpu][linear][paging]") {
  TestMachine m;
  // Page directory at 10000h: PDE 0 -> table at 11000h (identity for the first 64 KiB), PDE
  // 1023 -> table at 12000h whose last entry maps FFFFF000h to 4000h.
  m.mem.Write(0x10000, 4, 0x11003);
  m.mem.Write(0x10000 + 1023 * 4, 4, 0x12003);
  for (uint32_t i = 0; i < 16; ++i) m.mem.Write(0x11000 + 4 * i, 4, (i << 12) | 3);
  m.mem.Write(0x12000 + 1023 * 4, 4, 0x4003);
  m.Poke(0x4FFE, {0x11, 0x22});
  m.Poke(0x0000, {0x33, 0x44});
  // mov eax, [0FFEh] with DS.base FFFFF000h: linear FFFFFFFEh..00000001h; hlt
  m.Poke(0x1000, {0xA1, 0xFE, 0x0F, 0x00, 0x00, 0xF4});
  m.StartFlat32(0x1000);
  SetDataBase(m, 0xFFFFF000u);
  m.cpu.s.cr3 = 0x10000;
  m.cpu.s.cr0 |= cr0::kPg;
  m.cpu.FlushTlb();
  m.cpu.OnModeChange();
  REQUIRE(m.RunToHalt() == StopReason::kHaltedNoIntr);
  CHECK(m.cpu.s.gpr[kEax] == 0x44332211u);
  CHECK(m.cpu.s.cr2 == 0);  // no fault on the way
}
