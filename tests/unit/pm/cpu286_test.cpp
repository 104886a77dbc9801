// The 80286's protected mode: 16-bit descriptors (the last word ignored), 16-bit gates and
// TSSs only; the 32-bit types are invalid.
#include <catch2/catch.hpp>

#include "pm_machine.h"

using namespace m86;
using m86::test::Emitter;
using m86::test::PmMachine;

namespace {

constexpr uint32_t kHandlers = 0x6000, kStop = 0x7100;

// 16-bit recording handlers (BX = vector, AX = error code or EEEEh) through 16-bit interrupt
// gates, and INT 30h to a halt; all code below 64 KiB.
void Install286Handlers(PmMachine& m) {
  for (uint32_t v = 0; v < 32; ++v) {
    const bool has_error = v == 8 || (v >= 10 && v <= 13);
    Emitter e(m, kHandlers + v * 8);
    e.MovRegImm16(kEbx, static_cast<uint16_t>(v));
    if (has_error) e.PopReg(kEax); else e.MovRegImm16(kEax, 0xEEEE);
    e.Hlt();
    m.SetIdtGate(static_cast<uint8_t>(v), PmMachine::kCode0, kHandlers + v * 8, 0x86);
  }
  Emitter(m, kStop).Hlt();
  m.SetIdtGate(0x30, PmMachine::kCode0, kStop, 0xE6);
}

}  // namespace

TEST_CASE("80286: INT from ring 3 uses the 16-bit TSS stack; IRET returns", "[pm][286]") {
  PmMachine m("80286");
  Install286Handlers(m);
  m.SetIdtGate(0x40, PmMachine::kCode0, 0x7000, 0xE6);
  Emitter(m, 0x7000).Hlt().Iret();
  Emitter(m, 0x5000).Int(0x40).MovRegImm16(kEbx, 0x77).Int(0x30);
  m.Start(0x5000, 3);
  REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
  CHECK(m.cpu.s.cpl == 0);
  const uint32_t sp = m.Reg(kEsp) & 0xFFFF;
  CHECK(sp == PmMachine::kStack0 - 10);
  CHECK(m.Peek(sp, 2) == 0x5002);
  CHECK(m.Peek(sp + 2, 2) == PmMachine::kCode3);
  CHECK(m.Peek(sp + 6, 2) == PmMachine::kStack3);
  CHECK(m.Peek(sp + 8, 2) == PmMachine::kData3);
  REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
  CHECK((m.Reg(kEbx) & 0xFFFF) == 0x77);
  CHECK(m.cpu.s.rip == kStop + 1);
}

TEST_CASE("80286: 32-bit gate and TSS types are invalid", "[pm][286]") {
  SECTION("a 32-bit interrupt gate is #GP(vector * 8 + 2)") {
    PmMachine m("80286");
    Install286Handlers(m);
    m.SetIdtGate(0x40, PmMachine::kCode0, 0x7000, 0x8E);
    Emitter(m, 0x5000).Int(0x40);
    m.Start(0x5000);
    REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
    CHECK((m.Reg(kEbx) & 0xFFFF) == kVecGp);
    CHECK((m.Reg(kEax) & 0xFFFF) == 0x202);
  }
  SECTION("JMP to a 32-bit TSS descriptor is #GP(selector)") {
    PmMachine m("80286");
    Install286Handlers(m);
    m.SetSegment(0x40, 0x4000, 0x67, 0x89, 0);
    Emitter(m, 0x5000).Bytes({0xEA}).Imm16(0).Imm16(0x40);
    m.Start(0x5000);
    REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
    CHECK((m.Reg(kEbx) & 0xFFFF) == kVecGp);
    CHECK((m.Reg(kEax) & 0xFFFF) == 0x40);
  }
}

TEST_CASE("80286: the reserved last word of a descriptor is ignored", "[pm][286]") {
  PmMachine m("80286");
  Install286Handlers(m);
  // Base 012345h, limit 0FFFh, data; the reserved word holds garbage (G, D, base 31-24).
  m.WriteDescriptor(PmMachine::kGdt + 0x40, 0x23450FFF, 0xFFCF9201);
  Emitter(m, 0x5000).MovRegImm16(kEax, 0x40).MovSregReg(kEs, kEax).Hlt();
  m.Start(0x5000);
  REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
  CHECK(m.cpu.s.seg[kEs].base == 0x012345);
  CHECK(m.cpu.s.seg[kEs].limit == 0xFFF);
  CHECK_FALSE(m.cpu.s.seg[kEs].attr & seg_attr::kBig);
  CHECK(m.Peek(PmMachine::kGdt + 0x46, 2) == 0xFFCF);  // the accessed bit left it alone
}

TEST_CASE("80286: JMP to a 16-bit TSS and back", "[pm][286]") {
  PmMachine m("80286");
  Install286Handlers(m);
  constexpr uint32_t kTss1 = 0x4000;
  m.SetSegment(0x40, kTss1, 0x2B, 0x81, 0);
  m.mem.Write(kTss1 + 0x0E, 2, 0x7200);             // IP
  m.mem.Write(kTss1 + 0x10, 2, 0x0002);             // FLAGS
  m.mem.Write(kTss1 + 0x12, 2, 0xBEEF);             // AX
  m.mem.Write(kTss1 + 0x1A, 2, 0x6F00);             // SP
  for (uint32_t r = 0; r < 4; ++r)
    m.mem.Write(kTss1 + 0x22 + 2 * r, 2, r == kCs ? PmMachine::kCode0 : PmMachine::kData0);
  Emitter(m, 0x7200).Hlt().Bytes({0xEA}).Imm16(0).Imm16(PmMachine::kTssSel);
  Emitter(m, 0x5000).MovRegImm16(kEax, 0x1111).Bytes({0xEA}).Imm16(0).Imm16(0x40).Hlt();
  m.Start(0x5000);
  REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
  CHECK(m.cpu.s.tr.selector == 0x40);
  CHECK((m.Reg(kEax) & 0xFFFF) == 0xBEEF);
  CHECK((m.Reg(kEsp) & 0xFFFF) == 0x6F00);
  CHECK((m.AccessByte(0x40) & 0xF) == 3);
  CHECK((m.AccessByte(PmMachine::kTssSel) & 0xF) == 1);
  CHECK(m.Peek(PmMachine::kTss0 + 0x0E, 2) == 0x5008);  // saved IP after the JMP
  REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
  CHECK(m.cpu.s.tr.selector == PmMachine::kTssSel);
  CHECK((m.Reg(kEax) & 0xFFFF) == 0x1111);
  CHECK(m.cpu.s.rip == 0x5009);
}
