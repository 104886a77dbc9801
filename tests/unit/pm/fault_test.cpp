// Faults during event delivery: double fault, triple fault, and an interrupt whose new stack
// is too small leaving the CPU state as it was (SDM Vol. 3A, 6.15 interrupt 8, Table 6-5).
#include <catch2/catch.hpp>

#include "pm_machine.h"

using namespace m86;
using m86::test::Emitter;
using m86::test::PmMachine;

TEST_CASE("A #GP while delivering #GP (gate not present) becomes a double fault", "[pm][fault]") {
  PmMachine m;
  m.InstallRecordingHandlers();
  m.SetIdtGate(kVecGp, PmMachine::kCode0, 0x20000 + 16 * kVecGp, 0x0E);  // not present
  Emitter(m, 0x10000).MovRegImm32(kEax, 0x1000).MovSregReg(kDs, kEax).Hlt();
  m.Start(0x10000);
  REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
  CHECK(m.Reg(kEbx) == kVecDf);
  CHECK(m.Reg(kEax) == 0);
  CHECK(m.Stack(0) == 0x10005);  // the instruction that raised the first #GP
}

TEST_CASE("A fault while delivering a double fault shuts the CPU down", "[pm][fault]") {
  PmMachine m;
  m.InstallRecordingHandlers();
  m.SetIdtGate(kVecGp, PmMachine::kCode0, 0x20000 + 16 * kVecGp, 0x0E);
  m.SetIdtGate(kVecDf, PmMachine::kCode0, 0x20000 + 16 * kVecDf, 0x0E);
  Emitter(m, 0x10000).MovRegImm32(kEax, 0x1000).MovSregReg(kDs, kEax).Hlt();
  m.Start(0x10000);
  CHECK(m.Go() == StopReason::kTripleFault);
}

TEST_CASE("An interrupt whose inner stack overflows changes no register", "[pm][fault]") {
  PmMachine m;
  m.InstallRecordingHandlers();
  // Ring-0 stack segment of 16 bytes: the 20-byte frame does not fit: #SS(SS0).
  m.SetSegment(0x48, 0, 0xF, 0x93, 0x4);
  m.mem.Write(PmMachine::kTss0 + 4, 4, 0x10);
  m.mem.Write(PmMachine::kTss0 + 8, 4, 0x48);
  m.SetIdtGate(0x40, PmMachine::kCode0, 0x11000, 0xEE);
  // #SS goes to conforming code that stays at CPL 3 on the ring-3 stack and spins.
  m.SetSegment(0x50, 0, 0xFFFFF, 0x9F, 0xC);
  m.SetIdtGate(kVecSs, 0x50, 0x22000, 0x8E);
  Emitter(m, 0x22000).MovRegImm32(kEbx, kVecSs).PopReg(kEax).Bytes({0xEB, 0xFE});
  Emitter(m, 0x10000).Int(0x40);
  m.Start(0x10000, 3);
  CHECK(m.Go(50) == StopReason::kBudget);
  CHECK(m.Reg(kEbx) == kVecSs);
  CHECK(m.Reg(kEax) == 0x48);  // INT n: EXT clear
  CHECK(m.cpu.s.cpl == 3);
  CHECK(m.cpu.s.seg[kSs].selector == PmMachine::kData3);
  CHECK(m.Stack(0) == 0x10000);
  CHECK(m.Stack(4) == PmMachine::kCode3);
  CHECK(m.cpu.s.seg[kCs].selector == 0x53);
}
