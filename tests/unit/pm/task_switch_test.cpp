// Hardware task switches (SDM Vol. 3A, 7.3-7.4; Vol. 2A JMP, CALL, IRET).
#include <catch2/catch.hpp>

#include "pm_machine.h"

using namespace m86;
using m86::test::Emitter;
using m86::test::PmMachine;

namespace {

constexpr uint16_t kTss1Sel = 0x40, kGateSel = 0x48, kTss2Sel = 0x50;
constexpr uint32_t kTss1 = 0x4000, kTss2 = 0x4800;
constexpr uint32_t kTask0Code = 0x10000, kTask1Code = 0x12000, kTask2Code = 0x13000;

// A 32-bit TSS whose task runs flat ring-0 code at `eip` with its stack below `esp`.
void MakeTss32(PmMachine& m, uint16_t sel, uint32_t base, uint32_t eip, uint32_t esp) {
  m.SetSegment(sel, base, 0x67, 0x89, 0);
  for (uint32_t off = 0; off < 0x68; off += 4) m.mem.Write(base + off, 4, 0);
  m.mem.Write(base + 0x20, 4, eip);
  m.mem.Write(base + 0x24, 4, 0x2);
  for (uint32_t i = 0; i < 8; ++i) m.mem.Write(base + 0x28 + 4 * i, 4, 0x1000 * (i + 1) + sel);
  m.mem.Write(base + 0x38, 4, esp);
  for (uint32_t r = 0; r < 6; ++r)
    m.mem.Write(base + 0x48 + 4 * r, 4, r == kCs ? PmMachine::kCode0 : PmMachine::kData0);
}

uint8_t TypeOf(PmMachine& m, uint16_t sel) { return m.AccessByte(sel) & 0xF; }

}  // namespace

TEST_CASE("JMP to a TSS switches tasks and back; busy bits follow", "[pm][task]") {
  PmMachine m;
  m.InstallRecordingHandlers();
  MakeTss32(m, kTss1Sel, kTss1, kTask1Code, 0x7000);
  Emitter t0(m, kTask0Code);
  t0.MovRegImm32(kEax, 0x11111111).JmpFar32(kTss1Sel, 0);
  const uint32_t back = t0.here();
  t0.Hlt();
  Emitter t1(m, kTask1Code);
  t1.Hlt().JmpFar32(PmMachine::kTssSel, 0);
  const uint32_t t1_after = t1.here();
  m.Start(kTask0Code);
  REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
  CHECK(m.cpu.s.tr.selector == kTss1Sel);
  CHECK(m.Reg(kEax) == 0x1000 + kTss1Sel);
  CHECK(m.Reg(kEsp) == 0x7000);
  CHECK(TypeOf(m, PmMachine::kTssSel) == 9);   // old task no longer busy (JMP)
  CHECK(TypeOf(m, kTss1Sel) == 11);            // new task busy
  CHECK(m.Peek(kTss1, 2) == 0);                // no back-link for JMP
  CHECK_FALSE(m.cpu.s.eflags & flag::kNt);
  CHECK(m.cpu.s.cr0 & cr0::kTs);
  CHECK(m.Peek(PmMachine::kTss0 + 0x20, 4) == back);        // saved EIP: after the JMP
  CHECK(m.Peek(PmMachine::kTss0 + 0x28, 4) == 0x11111111);  // saved EAX

  REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
  CHECK(m.cpu.s.tr.selector == PmMachine::kTssSel);
  CHECK(m.cpu.s.rip == back + 1);
  CHECK(m.Reg(kEax) == 0x11111111);
  CHECK(m.Reg(kEsp) == PmMachine::kStack0);
  CHECK(TypeOf(m, PmMachine::kTssSel) == 11);
  CHECK(TypeOf(m, kTss1Sel) == 9);
  CHECK(m.Peek(kTss1 + 0x20, 4) == t1_after);
}

TEST_CASE("CALL through a task gate nests; IRET with NT returns", "[pm][task]") {
  PmMachine m;
  m.InstallRecordingHandlers();
  MakeTss32(m, kTss1Sel, kTss1, kTask1Code, 0x7000);
  m.SetGdtGate(kGateSel, kTss1Sel, 0, 0xE5);
  Emitter t0(m, kTask0Code);
  t0.CallFar32(kGateSel, 0);
  const uint32_t back = t0.here();
  t0.Hlt();
  Emitter(m, kTask1Code).Hlt().Iret();
  m.Start(kTask0Code);
  REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
  CHECK(m.cpu.s.tr.selector == kTss1Sel);
  CHECK(m.cpu.s.eflags & flag::kNt);
  CHECK(m.Peek(kTss1, 2) == PmMachine::kTssSel);  // back-link
  CHECK(TypeOf(m, PmMachine::kTssSel) == 11);      // caller stays busy
  CHECK(TypeOf(m, kTss1Sel) == 11);

  REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
  CHECK(m.cpu.s.tr.selector == PmMachine::kTssSel);
  CHECK(m.cpu.s.rip == back + 1);
  CHECK_FALSE(m.cpu.s.eflags & flag::kNt);
  CHECK(TypeOf(m, kTss1Sel) == 9);                          // returned-from task: not busy
  CHECK((m.Peek(kTss1 + 0x24, 4) & flag::kNt) == 0);        // NT clear in its saved EFLAGS
}

TEST_CASE("An exception through a task gate pushes its error code on the new task's stack",
          "[pm][task]") {
  PmMachine m;
  m.InstallRecordingHandlers();
  MakeTss32(m, kTss1Sel, kTss1, kTask1Code, 0x7000);
  m.SetGateAt(PmMachine::kIdt + kVecGp * 8, kTss1Sel, 0, 0x85);
  Emitter(m, kTask0Code).MovRegImm32(kEax, 0x1000).MovSregReg(kDs, kEax).Hlt();
  Emitter(m, kTask1Code).PopReg(kEax).Hlt();
  m.Start(kTask0Code);
  REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
  CHECK(m.cpu.s.tr.selector == kTss1Sel);
  CHECK(m.Reg(kEax) == 0x1000);
  CHECK(m.Reg(kEsp) == 0x7000);
  CHECK(m.cpu.s.eflags & flag::kNt);
  CHECK(m.Peek(kTss1, 2) == PmMachine::kTssSel);
  CHECK(m.Peek(PmMachine::kTss0 + 0x20, 4) == kTask0Code + 5);  // the faulting MOV DS
}

TEST_CASE("Task switch faults", "[pm][task]") {
  SECTION("JMP to a busy TSS is #GP(selector)") {
    PmMachine m;
    m.InstallRecordingHandlers();
    Emitter(m, kTask0Code).JmpFar32(PmMachine::kTssSel, 0);
    m.Start(kTask0Code);
    m.Go();
    CHECK(m.Reg(kEbx) == kVecGp);
    CHECK(m.Reg(kEax) == PmMachine::kTssSel);
  }
  SECTION("IRET with NT whose link names an available TSS is #TS(link)") {
    PmMachine m;
    m.InstallRecordingHandlers();
    MakeTss32(m, kTss1Sel, kTss1, kTask1Code, 0x7000);
    m.mem.Write(PmMachine::kTss0, 2, kTss1Sel);
    Emitter(m, kTask0Code).Iret();
    m.Start(kTask0Code);
    m.cpu.s.eflags |= flag::kNt;
    m.Go();
    CHECK(m.Reg(kEbx) == kVecTs);
    CHECK(m.Reg(kEax) == kTss1Sel);
  }
  SECTION("A TSS limit below 0x67 is #TS(selector)") {
    PmMachine m;
    m.InstallRecordingHandlers();
    MakeTss32(m, kTss1Sel, kTss1, kTask1Code, 0x7000);
    m.SetSegment(kTss1Sel, kTss1, 0x60, 0x89, 0);
    Emitter(m, kTask0Code).JmpFar32(kTss1Sel, 0);
    m.Start(kTask0Code);
    m.Go();
    CHECK(m.Reg(kEbx) == kVecTs);
    CHECK(m.Reg(kEax) == kTss1Sel);
    CHECK(m.cpu.s.tr.selector == PmMachine::kTssSel);
    CHECK(TypeOf(m, PmMachine::kTssSel) == 11);
  }
  SECTION("A bad SS in the new task faults in the new task's context") {
    PmMachine m;
    m.InstallRecordingHandlers();
    MakeTss32(m, kTss1Sel, kTss1, kTask1Code, 0x7000);
    m.mem.Write(kTss1 + 0x50, 4, PmMachine::kData3);  // RPL 3 at CPL 0: #TS(SS)
    MakeTss32(m, kTss2Sel, kTss2, kTask2Code, 0x6000);
    m.SetGateAt(PmMachine::kIdt + kVecTs * 8, kTss2Sel, 0, 0x85);
    Emitter(m, kTask0Code).JmpFar32(kTss1Sel, 0);
    Emitter(m, kTask2Code).PopReg(kEax).Hlt();
    m.Start(kTask0Code);
    REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
    CHECK(m.cpu.s.tr.selector == kTss2Sel);
    CHECK(m.Reg(kEax) == (PmMachine::kData3 & ~3));
    CHECK(m.Peek(kTss2, 2) == kTss1Sel);                 // the #TS came from task 1
    CHECK(m.Peek(kTss1 + 0x20, 4) == kTask1Code);        // at its first instruction
    CHECK(TypeOf(m, PmMachine::kTssSel) == 9);
  }
}

TEST_CASE("The TSS T bit raises a debug trap before the new task's first instruction",
          "[pm][task]") {
  PmMachine m;
  m.InstallRecordingHandlers();
  MakeTss32(m, kTss1Sel, kTss1, kTask1Code, 0x7000);
  m.mem.Write(kTss1 + 0x64, 2, 1);
  Emitter(m, kTask0Code).JmpFar32(kTss1Sel, 0);
  Emitter(m, kTask1Code).Hlt();
  m.Start(kTask0Code);
  REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
  CHECK(m.Reg(kEbx) == kVecDb);
  CHECK(m.cpu.s.tr.selector == kTss1Sel);
  CHECK(m.Stack(0) == kTask1Code);
  CHECK(m.cpu.s.dr[6] & (1u << 15));
}

TEST_CASE("A task switch loads CR3 when paging is on", "[pm][task]") {
  PmMachine m;
  m.InstallRecordingHandlers();
  // Two identity-mapping page directories of 4 MiB pages.
  for (uint32_t dir : {0x100000u, 0x101000u}) m.mem.Write(dir, 4, 0x83);
  m.cpu.s.cr4 |= cr4::kPse;
  m.cpu.s.cr3 = 0x100000;
  m.cpu.s.cr0 |= cr0::kPg;
  m.cpu.FlushTlb();
  MakeTss32(m, kTss1Sel, kTss1, kTask1Code, 0x7000);
  m.mem.Write(kTss1 + 0x1C, 4, 0x101000);
  Emitter(m, kTask0Code).JmpFar32(kTss1Sel, 0);
  Emitter(m, kTask1Code).Hlt();
  m.Start(kTask0Code);
  REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
  CHECK(m.cpu.s.tr.selector == kTss1Sel);
  CHECK(m.cpu.s.cr3 == 0x101000);
}

TEST_CASE("A 32-bit task switches to a 16-bit TSS", "[pm][task]") {
  PmMachine m;
  m.InstallRecordingHandlers();
  constexpr uint32_t kTss16 = 0x5000;
  m.SetSegment(kTss2Sel, kTss16, 0x2B, 0x81, 0);
  for (uint32_t off = 0; off < 0x2C; off += 2) m.mem.Write(kTss16 + off, 2, 0);
  m.SetSegment(PmMachine::kCode16, 0x10000, 0xFFFF, 0x9B, 0);
  m.mem.Write(kTss16 + 0x0E, 2, 0x2000);                 // IP
  m.mem.Write(kTss16 + 0x10, 2, 0x0002);                 // FLAGS
  m.mem.Write(kTss16 + 0x12, 2, 0xABCD);                 // AX
  m.mem.Write(kTss16 + 0x1A, 2, 0x6000);                 // SP
  m.mem.Write(kTss16 + 0x22, 2, PmMachine::kData0);      // ES
  m.mem.Write(kTss16 + 0x24, 2, PmMachine::kCode16);     // CS
  m.mem.Write(kTss16 + 0x26, 2, PmMachine::kData0);      // SS
  m.mem.Write(kTss16 + 0x28, 2, PmMachine::kData0);      // DS
  Emitter(m, kTask0Code).MovRegImm32(kEax, 0x12345678).CallFar32(kTss2Sel, 0);
  Emitter(m, 0x12000).Hlt();
  m.Start(kTask0Code);
  REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
  CHECK(m.cpu.s.tr.selector == kTss2Sel);
  CHECK((m.Reg(kEax) & 0xFFFF) == 0xABCD);
  CHECK((m.Reg(kEsp) & 0xFFFF) == 0x6000);
  CHECK(m.cpu.s.seg[kCs].selector == PmMachine::kCode16);
  CHECK(m.cpu.s.seg[kFs].selector == 0);
  CHECK(m.Peek(kTss16, 2) == PmMachine::kTssSel);
  CHECK(TypeOf(m, kTss2Sel) == 3);
}
