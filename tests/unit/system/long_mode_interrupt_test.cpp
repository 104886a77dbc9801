// Interrupts and exceptions in IA-32e mode (SDM Vol. 3A, 6.14): 16-byte gates, 64-bit handlers,
// the 16-byte-aligned SS:RSP:RFLAGS:CS:RIP frame, RSPn and IST stacks from the 64-bit TSS, and
// IRET back to compatibility mode at the same and an outer level (Vol. 2A, IRET).
#include <catch2/catch.hpp>

#include "cpu/descriptors.h"
#include "cpu/protected_mode.h"
#include "long_mode_machine.h"

using namespace m86;
using m86::test::SystemMachine;
using namespace m86::test::lm;

namespace {

constexpr uint64_t kHandler = 0x7400;

// Compatibility mode at CPL 0 with `code` at the next instruction, 64-bit gates for vectors 13
// and 40h, and RSP0 and IST1 in the 64-bit TSS (loaded with LTR by the entry code).
void Prepare(SystemMachine& m, std::initializer_list<uint8_t> code, uint64_t rsp) {
  BuildTables(m);
  for (uint32_t a = t::kIdtBase; a <= t::kIdtBase + kIdtLimit64; a += 8) m.Write64(a, 0);
  SetGate64(m, kVecGp, kSelCode64, kHandler, 0x8E);
  SetGate64(m, 0x40, kSelCode64, kHandler + 0x10, 0xEE);
  m.Write64(t::kTssBase + 4, 0x6008);   // RSP0, aligned down to 6000h
  m.Write64(t::kTssBase + 36, 0x5F00);  // IST1
  // mov ax, 88h; ltr ax; mov esp, rsp; hlt; then `code`
  REQUIRE(EnterAndRun(m, {0x66, 0xB8, 0x88, 0x00, 0x0F, 0x00, 0xD8, 0xBC, uint8_t(rsp),
                          uint8_t(rsp >> 8), uint8_t(rsp >> 16), uint8_t(rsp >> 24), 0xF4}) == -1);
  REQUIRE(LongModeActive(m.cpu.s));
  m.Code(code, static_cast<uint32_t>(m.cpu.s.rip));
  m.cpu.s.halted = false;
}

uint64_t Qword(SystemMachine& m, uint64_t addr) {
  return m.Peek(static_cast<uint32_t>(addr), 4) |
         (uint64_t{m.Peek(static_cast<uint32_t>(addr) + 4, 4)} << 32);
}

}  // namespace

TEST_CASE("INT in compatibility mode pushes a 64-bit frame on the aligned stack", "[system][lm][int]") {
  SystemMachine m("core2");
  Prepare(m, {0xCD, 0x40}, 0x8FFC);  // int 40h
  const uint64_t ret = m.cpu.s.rip + 2;
  m.cpu.s.eflags |= flag::kIf;
  REQUIRE(StepRecording(m, -2) == -1);
  CHECK(m.cpu.s.seg[kCs].selector == kSelCode64);
  CHECK(Code64(m.cpu.s));
  CHECK(m.cpu.s.rip == kHandler + 0x10);
  CHECK(m.cpu.s.gpr[kEsp] == 0x8FF0 - 40);  // 8FFCh aligned down, five quadwords
  const uint64_t top = m.cpu.s.gpr[kEsp];
  CHECK(Qword(m, top) == ret);
  CHECK(Qword(m, top + 8) == t::kSelCode);
  CHECK((Qword(m, top + 16) & flag::kIf) != 0);
  CHECK(Qword(m, top + 24) == 0x8FFC);
  CHECK(Qword(m, top + 32) == t::kSelData);
  CHECK((m.cpu.s.eflags & flag::kIf) == 0);  // an interrupt gate
  CHECK(m.cpu.s.seg[kSs].selector == t::kSelData);

  // IRETQ from the handler: SS:RSP are popped even at the same level.
  InterruptReturnLong(m.cpu, 8);
  CHECK(m.cpu.s.rip == ret);
  CHECK(m.cpu.s.seg[kCs].selector == t::kSelCode);
  CHECK_FALSE(Code64(m.cpu.s));
  CHECK(m.cpu.s.gpr[kEsp] == 0x8FFC);
  CHECK(m.cpu.s.seg[kSs].selector == t::kSelData);
  CHECK((m.cpu.s.eflags & flag::kIf) != 0);
}

TEST_CASE("An IST gate always switches stacks; exceptions push their error code", "[system][lm][int]") {
  SystemMachine m("core2");
  // mov eax, 48h; mov ds, eax: a not-present segment, #NP(48h) through an IST1 gate.
  Prepare(m, {0xB8, 0x48, 0x00, 0x00, 0x00, 0x8E, 0xD8}, 0x8FFC);
  SetGate64(m, kVecNp, kSelCode64, kHandler + 0x20, 0x8E, 1);
  m.cpu.Step();  // mov eax, 48h
  const uint64_t fault_rip = m.cpu.s.rip;
  REQUIRE(StepRecording(m, -2) == -1);
  CHECK(m.cpu.s.rip == kHandler + 0x20);
  CHECK(m.cpu.s.gpr[kEsp] == 0x5F00 - 48);
  CHECK(Qword(m, 0x5F00 - 48) == t::kSelNotPresent);  // the error code
  CHECK(Qword(m, 0x5F00 - 40) == fault_rip);
  CHECK(Qword(m, 0x5F00 - 32) == t::kSelCode);
  CHECK(Qword(m, 0x5F00 - 16) == 0x8FFC);
}

TEST_CASE("From CPL 3 the handler runs on RSP0 with a null SS; IRETQ returns outward",
          "[system][lm][int]") {
  SystemMachine m("core2");
  Prepare(m, {0xF4}, 0x8FFC);
  // The interrupted program: compatibility-mode code at CPL 3.
  m.cpu.s.cpl = 3;
  for (SegReg r : {kDs, kEs, kSs}) {
    Segment& sg = m.cpu.s.seg[r];
    sg.selector = t::kSelUserData;
    sg.attr = static_cast<uint16_t>((sg.attr & ~0x60) | 0x60);
  }
  m.cpu.s.seg[kCs].selector = t::kSelUserCode;
  m.cpu.s.seg[kCs].attr = static_cast<uint16_t>(m.cpu.s.seg[kCs].attr | 0x60);
  m.cpu.s.rip = 0x7880;
  m.cpu.s.gpr[kEsp] = 0x9F00;
  m.cpu.s.eflags |= flag::kIf;
  m.cpu.OnModeChange();
  m.cpu.DeliverInterrupt(0x40, false, 0, true);
  CHECK(m.cpu.s.cpl == 0);
  CHECK(m.cpu.s.seg[kSs].selector == 0);  // null, RPL = new CPL
  CHECK(m.cpu.s.gpr[kEsp] == 0x6000 - 40);
  CHECK(Qword(m, 0x6000 - 40) == 0x7880);
  CHECK(Qword(m, 0x6000 - 32) == t::kSelUserCode);
  CHECK(Qword(m, 0x6000 - 16) == 0x9F00);
  CHECK(Qword(m, 0x6000 - 8) == t::kSelUserData);

  InterruptReturnLong(m.cpu, 8);
  CHECK(m.cpu.s.cpl == 3);
  CHECK(m.cpu.s.rip == 0x7880);
  CHECK(m.cpu.s.seg[kCs].selector == t::kSelUserCode);
  CHECK(m.cpu.s.seg[kSs].selector == t::kSelUserData);
  CHECK(m.cpu.s.gpr[kEsp] == 0x9F00);
  CHECK((m.cpu.s.eflags & flag::kIf) != 0);
}

TEST_CASE("IA-32e mode accepts only 64-bit gates to 64-bit code", "[system][lm][int]") {
  uint32_t error = 0;
  // A 32-bit (16-bit-type) interrupt gate: #GP with the IDT error code.
  SystemMachine g16("core2");
  Prepare(g16, {0xCD, 0x40}, 0x8FFC);
  SetGate64(g16, 0x40, kSelCode64, kHandler, 0xE6);
  CHECK(StepRecording(g16, kVecGp, &error) == kVecGp);
  CHECK(error == 0x40 * 8 + 2);
  // A task gate.
  SystemMachine task("core2");
  Prepare(task, {0xCD, 0x40}, 0x8FFC);
  SetGate64(task, 0x40, t::kSelTss2, 0, 0xE5);
  CHECK(StepRecording(task, kVecGp, &error) == kVecGp);
  CHECK(error == 0x40 * 8 + 2);
  // A gate to compatibility-mode code: #GP(selector).
  SystemMachine cm("core2");
  Prepare(cm, {0xCD, 0x40}, 0x8FFC);
  SetGate64(cm, 0x40, t::kSelCode, kHandler, 0xEE);
  CHECK(StepRecording(cm, kVecGp, &error) == kVecGp);
  CHECK(error == t::kSelCode);
  CHECK_FALSE(Code64(cm.cpu.s));
  // A non-canonical handler address: #GP(0).
  SystemMachine nc("core2");
  Prepare(nc, {0xCD, 0x40}, 0x8FFC);
  SetGate64(nc, 0x40, kSelCode64, 0x0000'8000'0000'0000ull, 0xEE);
  CHECK(StepRecording(nc, kVecGp, &error) == kVecGp);
  CHECK(error == 0);
  // The IDT limit must cover all 16 bytes.
  SystemMachine lim("core2");
  Prepare(lim, {0xCD, 0x40}, 0x8FFC);
  lim.cpu.s.idtr.limit = 0x40 * 16 + 7;
  CHECK(StepRecording(lim, kVecGp, &error) == kVecGp);
  CHECK(error == 0x40 * 8 + 2);
}
