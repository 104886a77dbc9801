// Interrupt routing on the PC (devices/pc/pc_interrupts.h): the 8259 through the local APIC's
// LINT0 in virtual wire mode, the I/O APIC to the local APIC, IA32_APIC_BASE's global enable,
// and boards without APICs.
#include <catch2/catch.hpp>

#include <vector>

#include "devices/pc/pc_board.h"

namespace m86 {
namespace {

std::vector<uint8_t> HaltFirmware() { return std::vector<uint8_t>(4096, 0xF4); }

PcBoardConfig SmallConfig() {
  PcBoardConfig config;
  config.ram_bytes = 4u << 20;
  config.clock = ClockMode::kInstructions;
  return config;
}

// Unmasks IRQ 4 at the 8259 (vectors 08h-0Fh).
void InitPic(IoBus& io) {
  io.Out(0x20, 1, 0x11); io.Out(0x21, 1, 0x08); io.Out(0x21, 1, 0x04); io.Out(0x21, 1, 0x01);
  io.Out(0x21, 1, 0xEF);
}

TEST_CASE("P6 boards have APICs; the 8259 reaches the CPU through LINT0 (virtual wire)",
          "[pc][apic]") {
  PcBoard board(**ModelByName("pentiumpro"), SmallConfig(), HaltFirmware());
  REQUIRE(board.local_apic() != nullptr);
  REQUIRE(board.io_apic() != nullptr);
  CHECK(board.cpu().local_apic());
  CHECK(board.local_apic()->state().lvt[LocalApic::kLvtLint0] == 0x700);
  InitPic(board.io_bus());
  board.interrupts().SetIrq(4, true);
  CHECK(board.interrupts().Acknowledge() == 0x0C);
  // LINT0 masked: the 8259 no longer gets through.
  PhysicalMemory& m = board.memory();
  m.Write(0xFEE000F0, 4, 0x1FF);     // software-enable the APIC
  m.Write(0xFEE00350, 4, 0x10700);   // mask LINT0
  board.io_bus().Out(0x20, 1, 0x20);  // EOI at the 8259
  board.interrupts().SetIrq(4, false);
  board.interrupts().SetIrq(4, true);
  CHECK(board.pic().intr());
  CHECK(board.interrupts().Acknowledge() == 0xFF);  // the APIC's spurious vector
}

TEST_CASE("The I/O APIC delivers to the local APIC, and the EOI comes back", "[pc][apic]") {
  PcBoard board(**ModelByName("pentium2"), SmallConfig(), HaltFirmware());
  PhysicalMemory& m = board.memory();
  m.Write(0xFEE000F0, 4, 0x1FF);
  m.Write(0xFEE00350, 4, 0x10700);  // 8259 off: APIC mode
  // I/O APIC pin 5 (ISA IRQ 5): edge, vector 41h; pin 11: level, vector 51h.
  m.Write(0xFEC00000, 4, 0x10 + 2 * 5);
  m.Write(0xFEC00010, 4, 0x41);
  m.Write(0xFEC00000, 4, 0x10 + 2 * 11);
  m.Write(0xFEC00010, 4, 0x8051);
  board.interrupts().SetIrq(5, true);
  CHECK(board.interrupts().Acknowledge() == 0x41);
  m.Write(0xFEE000B0, 4, 0);
  board.interrupts().SetIrq(11, true);
  CHECK(board.interrupts().Acknowledge() == 0x51);
  CHECK(board.interrupts().Acknowledge() == 0xFF);  // Remote IRR holds it
  m.Write(0xFEE000B0, 4, 0);                        // EOI: still asserted, so again
  CHECK(board.interrupts().Acknowledge() == 0x51);
  // ISA IRQ 0 is I/O APIC pin 2 (the MP table's and the MADT's override).
  board.interrupts().SetIrq(0, false);
  board.interrupts().SetIrq(0, true);
  CHECK((board.io_apic()->state().pin_levels & 0x5) == 0x4);
}

TEST_CASE("CR8's task priority is the local APIC's TPR: a lower one lets a vector through",
          "[pc][apic]") {
  PcBoard board(**ModelByName("core2"), SmallConfig(), HaltFirmware());
  PhysicalMemory& m = board.memory();
  InterruptController& interrupts = board.interrupts();
  REQUIRE(interrupts.HasTaskPriority());
  m.Write(0xFEE000F0, 4, 0x1FF);
  m.Write(0xFEE00350, 4, 0x10700);  // 8259 off: APIC mode
  m.Write(0xFEC00000, 4, 0x10 + 2 * 5);
  m.Write(0xFEC00010, 4, 0x41);      // ISA IRQ 5: edge, vector 41h (priority class 4)
  interrupts.SetTaskPriority(0x40);  // what MOV CR8 with 4 writes
  CHECK(m.Read(0xFEE00080, 4) == 0x40);
  board.interrupts().SetIrq(5, true);
  CHECK(board.local_apic()->PendingVector() < 0);  // class 4 is not above the TPR's
  interrupts.SetTaskPriority(0x30);
  CHECK(board.local_apic()->PendingVector() == 0x41);
  m.Write(0xFEE00080, 4, 0x20);
  CHECK(interrupts.TaskPriority() == 0x20);
}

TEST_CASE("IA32_APIC_BASE bit 11 clear: the processor is one without an APIC", "[pc][apic]") {
  PcBoard board(**ModelByName("pentiumpro"), SmallConfig(), HaltFirmware());
  PhysicalMemory& m = board.memory();
  m.Write(0xFEE000F0, 4, 0x1FF);
  m.Write(0xFEE00350, 4, 0x10700);  // LINT0 masked
  board.cpu().on_apic_base_write(0xFEE00100);  // what WRMSR 1Bh reports: global disable
  InitPic(board.io_bus());
  board.interrupts().SetIrq(4, true);
  CHECK(board.interrupts().Acknowledge() == 0x0C);  // the 8259 directly
  CHECK(board.local_apic()->state().lvt[LocalApic::kLvtLint0] == 0x700);  // back to reset
}

TEST_CASE("Boards before the P6 have no APIC", "[pc][apic]") {
  PcBoard board(**ModelByName("80486"), SmallConfig(), HaltFirmware());
  CHECK(board.local_apic() == nullptr);
  CHECK(board.io_apic() == nullptr);
  CHECK_FALSE(board.cpu().local_apic());
  CHECK_FALSE(board.interrupts().HasTaskPriority());
  InitPic(board.io_bus());
  board.interrupts().SetIrq(4, true);
  CHECK(board.interrupts().Acknowledge() == 0x0C);
}

}  // namespace
}  // namespace m86
