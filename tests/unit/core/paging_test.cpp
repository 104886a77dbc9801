#include <catch2/catch.hpp>

#include "test_machine.h"

using namespace m86;
using m86::test::TestMachine;

namespace {
constexpr uint32_t kPageDir = 0x10000, kTable0 = 0x11000, kTable1 = 0x12000;
constexpr uint32_t kP = 1, kRw = 2, kA = 0x20, kD = 0x40;

// Identity-maps the first 4 MiB and maps linear 0x400000 + n*4K to `alias_phys[n]`.
void SetUpPaging(TestMachine& m, std::initializer_list<uint32_t> alias_phys) {
  m.mem.Write(kPageDir, 4, kTable0 | kP | kRw);
  m.mem.Write(kPageDir + 4, 4, kTable1 | kP | kRw);
  for (uint32_t i = 0; i < 1024; ++i) m.mem.Write(kTable0 + 4 * i, 4, (i << 12) | kP | kRw);
  uint32_t n = 0;
  for (uint32_t phys : alias_phys) m.mem.Write(kTable1 + 4 * n++, 4, phys | kP | kRw);
  m.cpu.s.cr3 = kPageDir;
  m.cpu.s.cr0 |= cr0::kPg;
  m.cpu.FlushTlb();
}
}  // namespace

TEST_CASE("Paging translates and sets accessed and dirty bits", "[paging]") {
  TestMachine m;
  m.mem.Write(0x5010, 4, 0xCAFEF00D);
  // mov eax, [0x400010]; mov dword [0x400020], 0x1234; hlt
  m.Poke(0x2000, {0xA1, 0x10, 0x00, 0x40, 0x00, 0xC7, 0x05, 0x20, 0x00, 0x40, 0x00, 0x34, 0x12,
                  0x00, 0x00, 0xF4});
  m.StartFlat32(0x2000);
  SetUpPaging(m, {0x5000});
  CHECK(m.RunToHalt() == StopReason::kHaltedNoIntr);
  CHECK(m.cpu.s.gpr[kEax] == 0xCAFEF00D);
  CHECK(m.Peek(0x5020, 4) == 0x1234);
  CHECK((m.Peek(kTable1, 4) & (kA | kD)) == (kA | kD));
  CHECK((m.Peek(kPageDir + 4, 4) & kA) == kA);
  CHECK((m.Peek(kTable0 + 4 * 2, 4) & (kA | kD)) == kA);  // the code page: read, not written
}

TEST_CASE("A write through a second mapping invalidates code run through the first", "[paging][smc]") {
  TestMachine m;
  // Code at linear/physical 0x2000; linear 0x400000 maps the same physical page.
  // l: mov byte [0x400000 + (imm - 0x2000)], 0x42 ; mov al, 0 ; hlt
  m.Poke(0x2000, {0xC6, 0x05, 0x08, 0x00, 0x40, 0x00, 0x42, 0xB0, 0x00, 0xF4});
  m.StartFlat32(0x2000);
  SetUpPaging(m, {0x2000});
  m.RunToHalt();
  CHECK((m.cpu.s.gpr[kEax] & 0xFF) == 0x42);
}
