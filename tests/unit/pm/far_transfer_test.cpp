// Far CALL/JMP/RET in protected mode: code segments and call gates (SDM Vol. 2A CALL, JMP;
// Vol. 2B RET; Vol. 3A 5.8).
#include <catch2/catch.hpp>

#include "pm_machine.h"

using namespace m86;
using m86::test::Emitter;
using m86::test::PmMachine;

namespace {

constexpr uint32_t kUser = 0x10000, kKernel = 0x11000, kStop = 0x21000;

// INT 30h from any ring lands on a ring-0 HLT.
void InstallStop(PmMachine& m) {
  m.InstallRecordingHandlers();
  Emitter(m, kStop).Hlt();
  m.SetIdtGate(0x30, PmMachine::kCode0, kStop, 0xEE);
}

}  // namespace

TEST_CASE("CALL through a 32-bit call gate to ring 0 switches stacks and copies dwords",
          "[pm][callgate]") {
  PmMachine m;
  InstallStop(m);
  m.SetGdtGate(0x40, PmMachine::kCode0, kKernel, 0xEC, 2);  // 32-bit call gate, DPL 3, 2 params
  Emitter u(m, kUser);
  u.PushImm32(0xAAAA1111).PushImm32(0xBBBB2222).CallFar32(0x43, 0);
  const uint32_t ret = u.here();
  u.MovRegImm32(kEbx, 0x77).Int(0x30);
  // Ring 0: halt for inspection, load a DPL 0 DS, return releasing the two parameters.
  Emitter(m, kKernel).Hlt().MovRegImm32(kEax, PmMachine::kData0).MovSregReg(kDs, kEax).RetfImm(8);
  m.Start(kUser, 3);
  REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
  CHECK(m.cpu.s.cpl == 0);
  CHECK(m.cpu.s.seg[kCs].selector == PmMachine::kCode0);
  CHECK(m.cpu.s.seg[kSs].selector == PmMachine::kData0);
  CHECK(m.Reg(kEsp) == PmMachine::kStack0 - 24);
  CHECK(m.Stack(0) == ret);
  CHECK(m.Stack(4) == PmMachine::kCode3);
  CHECK(m.Stack(8) == 0xBBBB2222);
  CHECK(m.Stack(12) == 0xAAAA1111);
  CHECK(m.Stack(16) == PmMachine::kStack3 - 8);
  CHECK(m.Stack(20) == PmMachine::kData3);

  // RETF 8 back to ring 3: the DPL 0 DS becomes null, ES (DPL 3) stays.
  REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
  CHECK(m.Reg(kEbx) == 0x77);
  CHECK(m.Stack(4) == PmMachine::kCode3);       // INT 30h frame: came from ring 3
  CHECK(m.Stack(12) == PmMachine::kStack3);     // parameters released on the caller's stack
  CHECK(m.cpu.s.seg[kDs].selector == 0);
  CHECK(m.cpu.s.seg[kEs].selector == PmMachine::kData3);
}

TEST_CASE("CALL through a 16-bit call gate pushes words and copies word parameters",
          "[pm][callgate]") {
  PmMachine m;
  InstallStop(m);
  m.SetSegment(PmMachine::kCode16, 0x10000, 0xFFFF, 0x9B, 0);  // 16-bit ring-0 code at 64K
  m.SetGdtGate(0x40, PmMachine::kCode16, 0x2000, 0xE4, 3);    // 16-bit call gate, 3 words
  // Ring-3 code below 64 KiB so the 16-bit return address reaches it.
  Emitter u(m, 0x5000);
  u.PushImm32(0x44443333).PushImm32(0x22221111).CallFar32(0x43, 0);
  const uint32_t ret = u.here();
  u.MovRegImm32(kEbx, 0x77).Int(0x30);
  Emitter(m, 0x12000).Hlt().RetfImm(6);  // 16-bit code: RETF 6 pops IP, CS, then SP, SS
  m.Start(0x5000, 3);
  REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
  CHECK(m.cpu.s.cpl == 0);
  CHECK_FALSE(m.cpu.s.seg[kCs].attr & seg_attr::kBig);
  CHECK(m.Reg(kEsp) == PmMachine::kStack0 - 14);
  const uint32_t sp = m.Reg(kEsp);
  CHECK(m.Peek(sp, 2) == ret);
  CHECK(m.Peek(sp + 2, 2) == PmMachine::kCode3);
  CHECK(m.Peek(sp + 4, 2) == 0x1111);
  CHECK(m.Peek(sp + 6, 2) == 0x2222);
  CHECK(m.Peek(sp + 8, 2) == 0x3333);
  CHECK(m.Peek(sp + 10, 2) == PmMachine::kStack3 - 8);
  CHECK(m.Peek(sp + 12, 2) == PmMachine::kData3);
  REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
  CHECK(m.Reg(kEbx) == 0x77);
  CHECK(m.Stack(4) == PmMachine::kCode3);
  CHECK(m.Stack(12) == PmMachine::kStack3 - 8 + 6);  // 3 parameter words released
}

TEST_CASE("Far CALL and RETF to a code segment at the same level", "[pm][far]") {
  PmMachine m;
  InstallStop(m);
  Emitter k(m, 0x10000);
  k.CallFar32(PmMachine::kCode0 | 0, 0x11000);
  const uint32_t ret = k.here();
  k.Hlt();
  Emitter(m, 0x11000).MovRegReg(kEdx, kEsp).Retf();
  m.Start(0x10000);
  REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
  CHECK(m.Reg(kEdx) == PmMachine::kStack0 - 8);
  CHECK(m.Peek(PmMachine::kStack0 - 8, 4) == ret);
  CHECK(m.Peek(PmMachine::kStack0 - 4, 4) == PmMachine::kCode0);
  CHECK(m.Reg(kEsp) == PmMachine::kStack0);
  CHECK(m.cpu.s.rip == ret + 1);
}

TEST_CASE("Far transfers to conforming code keep CPL; to more privileged code they fault",
          "[pm][far]") {
  SECTION("CALL to conforming DPL 0 code from ring 3 runs at CPL 3") {
    PmMachine m;
    InstallStop(m);
    m.SetSegment(0x48, 0, 0xFFFFF, 0x9F, 0xC);  // conforming readable code, DPL 0
    Emitter(m, kUser).CallFar32(0x48, 0x11000);
    Emitter(m, 0x11000).MovRegSreg(kEdx, kCs).MovRegImm32(kEbx, 0x77).Int(0x30);
    m.Start(kUser, 3);
    m.Go();
    CHECK(m.Reg(kEbx) == 0x77);
    CHECK((m.Reg(kEdx) & 0xFFFF) == 0x4B);  // RPL = CPL = 3
  }
  SECTION("CALL to non-conforming DPL 0 code from ring 3 is #GP(selector)") {
    PmMachine m;
    InstallStop(m);
    Emitter(m, kUser).CallFar32(PmMachine::kCode0, 0x11000);
    m.Start(kUser, 3);
    m.Go();
    CHECK(m.Reg(kEbx) == kVecGp);
    CHECK(m.Reg(kEax) == PmMachine::kCode0);
  }
  SECTION("JMP through a call gate to a more privileged segment is #GP(code selector)") {
    PmMachine m;
    InstallStop(m);
    m.SetGdtGate(0x40, PmMachine::kCode0, kKernel, 0xEC, 0);
    Emitter(m, kUser).JmpFar32(0x43, 0);
    m.Start(kUser, 3);
    m.Go();
    CHECK(m.Reg(kEbx) == kVecGp);
    CHECK(m.Reg(kEax) == PmMachine::kCode0);
  }
  SECTION("A call gate with DPL < CPL is #GP(gate selector)") {
    PmMachine m;
    InstallStop(m);
    m.SetGdtGate(0x40, PmMachine::kCode0, kKernel, 0x8C, 0);
    Emitter(m, kUser).CallFar32(0x43, 0);
    m.Start(kUser, 3);
    m.Go();
    CHECK(m.Reg(kEbx) == kVecGp);
    CHECK(m.Reg(kEax) == 0x40);
  }
  SECTION("A call gate that is not present is #NP(gate selector)") {
    PmMachine m;
    InstallStop(m);
    m.SetGdtGate(0x40, PmMachine::kCode0, kKernel, 0x6C, 0);
    Emitter(m, kUser).CallFar32(0x43, 0);
    m.Start(kUser, 3);
    m.Go();
    CHECK(m.Reg(kEbx) == kVecNp);
    CHECK(m.Reg(kEax) == 0x40);
  }
  SECTION("An offset beyond the target's limit is #GP(0)") {
    PmMachine m;
    InstallStop(m);
    m.SetSegment(0x48, 0, 0xFFFF, 0x9B, 0x4);
    Emitter(m, 0x10000).JmpFar32(0x48, 0x10000);
    m.Start(0x10000);
    m.Go();
    CHECK(m.Reg(kEbx) == kVecGp);
    CHECK(m.Reg(kEax) == 0);
    CHECK(m.cpu.s.rip == 0x20000 + 16 * kVecGp + 7);  // in the handler, not at the target
  }
}

TEST_CASE("Inner-level CALL faults on a bad TSS stack: #TS and #SS", "[pm][callgate]") {
  SECTION("SS0 with the wrong RPL is #TS(SS0)") {
    PmMachine m;
    InstallStop(m);
    m.mem.Write(PmMachine::kTss0 + 8, 4, PmMachine::kData0 | 1);
    m.SetGdtGate(0x40, PmMachine::kCode0, kKernel, 0xEC, 0);
    Emitter(m, kUser).CallFar32(0x43, 0);
    // The #TS handler is conforming code: it stays at CPL 3 (the ring-0 stack is broken).
    m.SetSegment(0x50, 0, 0xFFFFF, 0x9F, 0xC);
    m.SetIdtGate(kVecTs, 0x50, 0x22000, 0x8E);
    Emitter(m, 0x22000).MovRegImm32(kEbx, kVecTs).PopReg(kEax).Bytes({0xEB, 0xFE});
    m.Start(kUser, 3);
    CHECK(m.Go(50) == StopReason::kBudget);
    CHECK(m.Reg(kEbx) == kVecTs);
    CHECK(m.Reg(kEax) == PmMachine::kData0);
    CHECK(m.cpu.s.cpl == 3);
    CHECK(m.Stack(0) == kUser);                   // the faulting CALL
  }
  SECTION("SS0 not present is #SS(SS0)") {
    PmMachine m;
    InstallStop(m);
    m.SetSegment(0x48, 0, 0xFFFFF, 0x13, 0xC);
    m.mem.Write(PmMachine::kTss0 + 8, 4, 0x48);
    m.SetGdtGate(0x40, PmMachine::kCode0, kKernel, 0xEC, 0);
    Emitter(m, kUser).CallFar32(0x43, 0);
    // The #SS handler runs in conforming code, so it stays at CPL 3 on the ring-3 stack (the
    // ring-0 stack is the broken one); it records and spins.
    m.SetSegment(0x50, 0, 0xFFFFF, 0x9F, 0xC);
    m.SetIdtGate(kVecSs, 0x50, 0x22000, 0x8E);
    Emitter(m, 0x22000).MovRegImm32(kEbx, kVecSs).PopReg(kEax).Bytes({0xEB, 0xFE});
    m.Start(kUser, 3);
    CHECK(m.Go(50) == StopReason::kBudget);
    CHECK(m.Reg(kEbx) == kVecSs);
    CHECK(m.Reg(kEax) == 0x48);
    CHECK(m.cpu.s.cpl == 3);
    CHECK(m.Stack(0) == kUser);
    CHECK(m.Reg(kEsp) == PmMachine::kStack3 - 12);
  }
}

TEST_CASE("RETF to an outer level checks the popped SS", "[pm][far]") {
  PmMachine m;
  InstallStop(m);
  // Ring 0 builds a return frame to ring 3 with SS = DPL 0 data: #GP(SS selector).
  Emitter k(m, 0x10000);
  k.PushImm32(PmMachine::kData0).PushImm32(0x7000).PushImm32(PmMachine::kCode3).PushImm32(0x10100).Retf();
  m.Start(0x10000);
  m.Go();
  CHECK(m.Reg(kEbx) == kVecGp);
  CHECK(m.Reg(kEax) == PmMachine::kData0);
  CHECK(m.cpu.s.cpl == 0);
}
