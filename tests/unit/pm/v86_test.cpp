// Virtual-8086 mode: entry by IRETD, exits by interrupts and #GP to the monitor, IRET inside
// V86 mode (SDM Vol. 3A, 20.2-20.3; Vol. 2A IRET).
#include <catch2/catch.hpp>

#include "pm_machine.h"

using namespace m86;
using m86::test::Emitter;
using m86::test::PmMachine;

namespace {

constexpr uint32_t kMonitor = 0x11000, kV86Code = 0x30000;  // V86 CS:IP = 3000:0000
constexpr uint16_t kV86Cs = 0x3000, kV86Ss = 0x2000, kV86Sp = 0x0F00;

// Ring-0 code that enters V86 mode at 3000:0000 with `eflags` through IRETD.
void EnterV86(PmMachine& m, uint32_t eflags) {
  Emitter e(m, 0x10000);
  e.PushImm32(0x4444).PushImm32(0x3333).PushImm32(0x2222).PushImm32(0x1111);  // GS FS DS ES
  e.PushImm32(kV86Ss).PushImm32(kV86Sp).PushImm32(eflags | flag::kVm | 2);
  e.PushImm32(kV86Cs).PushImm32(0).Iret();
  m.Start(0x10000);
}

}  // namespace

TEST_CASE("IRETD enters V86 mode; INT with IOPL < 3 exits to the #GP monitor", "[pm][v86]") {
  PmMachine m;
  m.InstallRecordingHandlers();
  // 16-bit V86 code: mov ax, 1234h; int 21h
  Emitter(m, kV86Code).MovRegImm16(kEax, 0x1234).Int(0x21);
  EnterV86(m, 0);
  REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
  CHECK(m.Reg(kEbx) == kVecGp);
  CHECK(m.Reg(kEax) == 0);
  CHECK(m.cpu.s.cpl == 0);
  CHECK_FALSE(m.cpu.s.eflags & flag::kVm);
  CHECK(m.Reg(kEsp) == PmMachine::kStack0 - 36);
  CHECK(m.Stack(0) == 3);                       // the INT instruction
  CHECK(m.Stack(4) == kV86Cs);
  CHECK(m.Stack(8) & flag::kVm);
  CHECK(m.Stack(12) == kV86Sp);
  CHECK(m.Stack(16) == kV86Ss);
  CHECK(m.Stack(20) == 0x1111);
  CHECK(m.Stack(24) == 0x2222);
  CHECK(m.Stack(28) == 0x3333);
  CHECK(m.Stack(32) == 0x4444);
  for (SegReg r : {kEs, kDs, kFs, kGs}) CHECK(m.cpu.s.seg[r].selector == 0);
}

TEST_CASE("With IOPL 3, INT in V86 mode goes to a ring-0 handler whose IRETD resumes V86",
          "[pm][v86]") {
  PmMachine m;
  m.InstallRecordingHandlers();
  m.SetIdtGate(0x21, PmMachine::kCode0, kMonitor, 0xEE);
  m.SetIdtGate(0x22, PmMachine::kCode0, kMonitor + 0x100, 0xEE);
  Emitter(m, kMonitor).Hlt().Iret();
  Emitter(m, kMonitor + 0x100).Hlt();
  Emitter v(m, kV86Code);
  v.MovRegImm16(kEax, 0x1234).Int(0x21).MovRegImm16(kEbx, 0x77).MovRegSreg(kEdx, kDs).Int(0x22);
  EnterV86(m, flag::kIopl);
  REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
  CHECK(m.cpu.s.rip == kMonitor + 1);
  CHECK(m.Stack(0) == 5);  // after INT 21h
  CHECK(m.Stack(24) == 0x2222);
  REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
  CHECK(m.cpu.s.rip == kMonitor + 0x101);
  CHECK((m.Reg(kEbx) & 0xFFFF) == 0x77);
  CHECK((m.Reg(kEdx) & 0xFFFF) == 0x2222);  // DS restored by the return to V86
  CHECK((m.Reg(kEax) & 0xFFFF) == 0x1234);
}

TEST_CASE("IRET inside V86 mode needs IOPL 3", "[pm][v86]") {
  SECTION("IOPL 3: a real-mode style return") {
    PmMachine m;
    m.InstallRecordingHandlers();
    m.SetIdtGate(0x22, PmMachine::kCode0, kMonitor, 0xEE);
    Emitter(m, kMonitor).Hlt();
    // push 0x0003 (flags: CF); push 3000h; push 0x20; iret; ... at 0x20: mov bx, 77h; int 22h
    Emitter(m, kV86Code).PushImm16(0x0003).PushImm16(kV86Cs).PushImm16(0x20).Iret();
    Emitter(m, kV86Code + 0x20).MovRegImm16(kEbx, 0x77).Bytes({0x9C}).PopReg(kEdx).Int(0x22);
    EnterV86(m, flag::kIopl);
    REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
    CHECK((m.Reg(kEbx) & 0xFFFF) == 0x77);
    CHECK((m.Reg(kEdx) & flag::kCf) != 0);
    CHECK((m.Reg(kEdx) & flag::kIopl) == flag::kIopl);  // IOPL unchanged by the IRET
  }
  SECTION("IOPL < 3: #GP(0)") {
    PmMachine m;
    m.InstallRecordingHandlers();
    Emitter(m, kV86Code).PushImm16(0x0003).PushImm16(kV86Cs).PushImm16(0x20).Iret();
    EnterV86(m, 0);
    REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
    CHECK(m.Reg(kEbx) == kVecGp);
    CHECK(m.Reg(kEax) == 0);
    CHECK(m.Stack(0) == 9);  // the IRET
  }
}

TEST_CASE("HLT in V86 mode is #GP(0); a V86 interrupt to a ring-3 handler is #GP(selector)",
          "[pm][v86]") {
  SECTION("HLT") {
    PmMachine m;
    m.InstallRecordingHandlers();
    Emitter(m, kV86Code).Hlt();
    EnterV86(m, 0);
    REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
    CHECK(m.Reg(kEbx) == kVecGp);
    CHECK(m.Stack(0) == 0);
  }
  SECTION("gate to a DPL 3 segment") {
    PmMachine m;
    m.InstallRecordingHandlers();
    m.SetIdtGate(0x21, PmMachine::kCode3, kMonitor, 0xEE);
    Emitter(m, kV86Code).Int(0x21);
    EnterV86(m, flag::kIopl);
    REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
    CHECK(m.Reg(kEbx) == kVecGp);
    CHECK(m.Reg(kEax) == (PmMachine::kCode3 & ~3));
  }
}
