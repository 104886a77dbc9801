// Interrupt delivery through the IDT and IRET in protected mode (SDM Vol. 2A INT n, IRET;
// Vol. 3A 6.12-6.13).
#include <catch2/catch.hpp>

#include "pm_machine.h"

using namespace m86;
using m86::test::Emitter;
using m86::test::PmMachine;

namespace {

constexpr uint32_t kUser = 0x10000, kHandler = 0x11000, kStop = 0x21000;

void InstallStop(PmMachine& m) {
  m.InstallRecordingHandlers();
  Emitter(m, kStop).Hlt();
  m.SetIdtGate(0x30, PmMachine::kCode0, kStop, 0xEE);
}

class FixedVectorPic final : public InterruptController {
 public:
  explicit FixedVectorPic(uint8_t v) : vector_(v) {}
  uint8_t Acknowledge() override { return vector_; }

 private:
  uint8_t vector_;
};

}  // namespace

TEST_CASE("INT from ring 3 through an interrupt gate switches to the ring-0 stack; IRET returns",
          "[pm][int]") {
  PmMachine m;
  InstallStop(m);
  m.SetIdtGate(0x40, PmMachine::kCode0, kHandler, 0xEE);  // 32-bit interrupt gate, DPL 3
  Emitter u(m, kUser);
  u.Int(0x40);
  const uint32_t ret = u.here();
  u.MovRegImm32(kEbx, 0x77).Int(0x30);
  // Ring 0: load a DPL 0 DS, halt for inspection, IRETD.
  Emitter(m, kHandler).MovRegImm32(kEax, PmMachine::kData0).MovSregReg(kDs, kEax).Hlt().Iret();
  m.Start(kUser, 3);
  m.cpu.s.eflags |= flag::kIf | flag::kNt;
  REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
  CHECK(m.cpu.s.cpl == 0);
  CHECK(m.Reg(kEsp) == PmMachine::kStack0 - 20);
  CHECK(m.Stack(0) == ret);
  CHECK(m.Stack(4) == PmMachine::kCode3);
  CHECK((m.Stack(8) & (flag::kIf | flag::kNt)) == (flag::kIf | flag::kNt));
  CHECK(m.Stack(12) == PmMachine::kStack3);
  CHECK(m.Stack(16) == PmMachine::kData3);
  CHECK_FALSE(m.cpu.s.eflags & flag::kIf);
  CHECK_FALSE(m.cpu.s.eflags & flag::kNt);

  // IRETD's NT is clear in the handler (it was cleared by the delivery): a normal return.
  REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
  CHECK(m.Reg(kEbx) == 0x77);
  CHECK(m.Stack(12) == PmMachine::kStack3);
  CHECK((m.Stack(8) & flag::kIf) != 0);            // IF restored by the IRET at CPL 0
  CHECK(m.cpu.s.seg[kDs].selector == 0);          // DPL 0 DS nulled on the way out
  CHECK(m.cpu.s.seg[kEs].selector == PmMachine::kData3);
}

TEST_CASE("A trap gate leaves IF set; a 16-bit gate pushes a 16-bit frame", "[pm][int]") {
  PmMachine m;
  InstallStop(m);
  m.SetSegment(PmMachine::kCode16, 0x10000, 0xFFFF, 0x9B, 0);
  m.SetGateAt(PmMachine::kIdt + 0x41 * 8, PmMachine::kCode16, 0x2000, 0xE7);  // 16-bit trap
  Emitter(m, 0x5000).Int(0x41);
  Emitter(m, 0x12000).Bytes({0xFA}).Hlt();  // CLI; HLT (16-bit code)
  m.Start(0x5000, 3);
  m.cpu.s.eflags |= flag::kIf;
  REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
  const uint32_t sp = m.Reg(kEsp);
  CHECK(sp == PmMachine::kStack0 - 10);
  CHECK(m.Peek(sp, 2) == 0x5002);
  CHECK(m.Peek(sp + 2, 2) == PmMachine::kCode3);
  CHECK((m.Peek(sp + 4, 2) & flag::kIf) != 0);
  CHECK(m.Peek(sp + 6, 2) == PmMachine::kStack3);
  CHECK(m.Peek(sp + 8, 2) == PmMachine::kData3);
}

TEST_CASE("Software interrupts check the gate DPL; IDT faults name the vector", "[pm][int]") {
  SECTION("INT to a DPL 0 gate from ring 3 is #GP(vector * 8 + 2)") {
    PmMachine m;
    InstallStop(m);
    m.SetIdtGate(0x40, PmMachine::kCode0, kHandler, 0x8E);
    Emitter(m, kUser).Int(0x40);
    m.Start(kUser, 3);
    m.Go();
    CHECK(m.Reg(kEbx) == kVecGp);
    CHECK(m.Reg(kEax) == 0x40 * 8 + 2);
    CHECK(m.Stack(0) == kUser);  // the INT instruction itself
  }
  SECTION("A vector beyond the IDT limit is #GP(vector * 8 + 2)") {
    PmMachine m;
    InstallStop(m);
    m.cpu.s.idtr.limit = 0x1FF;
    Emitter(m, kUser).Int(0x40);
    m.Start(kUser);
    m.Go();
    CHECK(m.Reg(kEbx) == kVecGp);
    CHECK(m.Reg(kEax) == 0x202);
  }
  SECTION("A gate that is not present is #NP(vector * 8 + 2)") {
    PmMachine m;
    InstallStop(m);
    m.SetIdtGate(0x40, PmMachine::kCode0, kHandler, 0x6E);
    Emitter(m, kUser).Int(0x40);
    m.Start(kUser);
    m.Go();
    CHECK(m.Reg(kEbx) == kVecNp);
    CHECK(m.Reg(kEax) == 0x202);
  }
  SECTION("A call gate in the IDT is #GP(vector * 8 + 2)") {
    PmMachine m;
    InstallStop(m);
    m.SetIdtGate(0x40, PmMachine::kCode0, kHandler, 0xEC);
    Emitter(m, kUser).Int(0x40);
    m.Start(kUser);
    m.Go();
    CHECK(m.Reg(kEbx) == kVecGp);
    CHECK(m.Reg(kEax) == 0x202);
  }
  SECTION("An external interrupt's faults have EXT set") {
    PmMachine m;
    InstallStop(m);
    FixedVectorPic pic(0x50);
    m.cpu.set_interrupt_controller(&pic);
    m.SetIdtGate(0x50, PmMachine::kCode0, kHandler, 0x0E);  // not present
    Emitter(m, kUser).Bytes({0x90, 0x90}).Hlt();
    m.Start(kUser);
    m.cpu.s.eflags |= flag::kIf;
    m.cpu.SetIntr(true);
    m.Go(10);
    m.cpu.SetIntr(false);
    CHECK(m.Reg(kEbx) == kVecNp);
    CHECK(m.Reg(kEax) == 0x50 * 8 + 2 + 1);
  }
  SECTION("A handler in a segment that is not present is #NP(selector + EXT)") {
    PmMachine m;
    InstallStop(m);
    m.SetSegment(0x48, 0, 0xFFFFF, 0x1B, 0xC);
    m.SetIdtGate(0x40, 0x48, kHandler, 0xEE);
    Emitter(m, kUser).Int(0x40);
    m.Start(kUser);
    m.Go();
    CHECK(m.Reg(kEbx) == kVecNp);
    CHECK(m.Reg(kEax) == 0x48);  // INT n: EXT = 0
  }
}

TEST_CASE("IRET at CPL 3 changes neither IOPL nor IF", "[pm][iret]") {
  PmMachine m;
  InstallStop(m);
  Emitter u(m, kUser);
  u.PushImm32(0x3202 | flag::kCf).PushImm32(PmMachine::kCode3).PushImm32(kUser + 16).Iret();
  Emitter(m, kUser + 16).Bytes({0x9C}).PopReg(kEdx).MovRegImm32(kEbx, 0x77).Int(0x30);
  m.Start(kUser, 3);
  m.Go();
  CHECK(m.Reg(kEbx) == 0x77);
  CHECK((m.Reg(kEdx) & (flag::kIopl | flag::kIf)) == 0);
  CHECK((m.Reg(kEdx) & flag::kCf) != 0);
}

TEST_CASE("IRET to an outer level with a bad CS is #GP(selector)", "[pm][iret]") {
  PmMachine m;
  InstallStop(m);
  // CS = DPL 0 code with RPL 3: DPL != RPL for non-conforming code.
  Emitter(m, 0x10000)
      .PushImm32(PmMachine::kData3).PushImm32(0x7000).PushImm32(0x202)
      .PushImm32(PmMachine::kCode0 | 3).PushImm32(0x10100).Iret();
  m.Start(0x10000);
  m.Go();
  CHECK(m.Reg(kEbx) == kVecGp);
  CHECK(m.Reg(kEax) == PmMachine::kCode0);
}
