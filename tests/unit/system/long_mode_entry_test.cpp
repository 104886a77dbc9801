// Entering and leaving IA-32e mode (SDM Vol. 3A, 10.8.5), the control-register rules that hold
// in it (Vol. 2A, MOV Control Registers) and LLDT/LTR with 16-byte descriptors (Vol. 3A, 7.2.3).
// The code runs in compatibility mode, which decodes as 32-bit code.
#include <catch2/catch.hpp>

#include "cpu/descriptors.h"
#include "long_mode_machine.h"

using namespace m86;
using m86::test::SystemMachine;
namespace t = m86::test;

using namespace m86::test::lm;

TEST_CASE("Paging with EFER.LME activates IA-32e mode; turning paging off leaves it", "[system][lm]") {
  SystemMachine m("core2");
  BuildTables(m);
  m.Write32(t::kDataBase, 0x600DF00D);
  // mov ebx, [kDataBase]; hlt; mov eax, cr0; and eax, 7FFFFFFFh; mov cr0, eax; hlt
  REQUIRE(EnterAndRun(m, {0x8B, 0x1D, 0x00, 0x80, 0x00, 0x00, 0xF4, 0x0F, 0x20, 0xC0, 0x25, 0xFF,
                          0xFF, 0xFF, 0x7F, 0x0F, 0x22, 0xC0, 0xF4}) == -1);
  CHECK(m.cpu.s.efer == (efer::kLme | efer::kLma));
  CHECK(LongModeActive(m.cpu.s));
  CHECK_FALSE(Code64(m.cpu.s));  // compatibility mode: CS.L is clear
  CHECK(Reg32(m.cpu.s, kEbx) == 0x600DF00D);
  REQUIRE(Run(m) == -1);
  CHECK(m.cpu.s.efer == efer::kLme);
  CHECK_FALSE(m.cpu.s.cr0 & cr0::kPg);
}

TEST_CASE("Activating IA-32e mode needs CR4.PAE and a CS without L", "[system][lm]") {
  SystemMachine m("core2");
  BuildTables(m);
  // mov ecx, C0000080h; mov eax, 100h; xor edx, edx; wrmsr; mov eax, cr0; or eax, 80000000h;
  // mov cr0, eax; hlt
  m.Code({0xB9, 0x80, 0x00, 0x00, 0xC0, 0xB8, 0x00, 0x01, 0x00, 0x00, 0x31, 0xD2, 0x0F, 0x30,
          0x0F, 0x20, 0xC0, 0x0D, 0x00, 0x00, 0x00, 0x80, 0x0F, 0x22, 0xC0, 0xF4});
  m.StartProtected();
  m.cpu.s.cr3 = kPml4;
  uint32_t error = 1;
  CHECK(Run(m, &error) == kVecGp);
  CHECK(error == 0);
  CHECK(m.cpu.s.efer == efer::kLme);
  CHECK_FALSE(m.cpu.s.cr0 & cr0::kPg);

  // With PAE but a CS whose L bit is set (ignored outside IA-32e mode, so loadable).
  m.StartProtected();
  m.cpu.s.cr3 = kPml4;
  m.cpu.s.cr4 = cr4::kPae;
  m.cpu.s.seg[kCs].attr |= seg_attr::kLong;
  CHECK(Run(m) == kVecGp);
  CHECK_FALSE(LongModeActive(m.cpu.s));
  m.cpu.s.seg[kCs].attr &= ~seg_attr::kLong;  // resume at the MOV to CR0
  CHECK(Run(m) == -1);
  CHECK(LongModeActive(m.cpu.s));
}

TEST_CASE("In IA-32e mode PAE and LME stay; CR4 refuses absent bits", "[system][lm]") {
  SystemMachine m("core2");
  BuildTables(m);
  // mov eax, cr4; and al, 0DFh; mov cr4, eax (clear PAE)
  CHECK(EnterAndRun(m, {0x0F, 0x20, 0xE0, 0x24, 0xDF, 0x0F, 0x22, 0xE0, 0xF4}) == kVecGp);
  CHECK(m.cpu.s.cr4 & cr4::kPae);
  // mov ecx, C0000080h; rdmsr; and ah, 0FEh; wrmsr (clear LME)
  SystemMachine w("core2");
  BuildTables(w);
  CHECK(EnterAndRun(w, {0xB9, 0x80, 0x00, 0x00, 0xC0, 0x0F, 0x32, 0x80, 0xE4, 0xFE, 0x0F, 0x30,
                        0xF4}) == kVecGp);
  CHECK(w.cpu.s.efer == (efer::kLme | efer::kLma));
  // mov eax, cr4; or eax, 20000h (PCIDE, absent on this model); mov cr4, eax
  SystemMachine p("core2");
  BuildTables(p);
  CHECK(EnterAndRun(p, {0x0F, 0x20, 0xE0, 0x0D, 0x00, 0x00, 0x02, 0x00, 0x0F, 0x22, 0xE0, 0xF4}) ==
        kVecGp);
  // CR8 exists only in 64-bit mode: mov eax, cr8 (0F 20 /r with reg 0 and REX.R) is not
  // encodable here, and CR5-CR7 stay #UD: mov eax, cr5.
  SystemMachine u("core2");
  BuildTables(u);
  CHECK(EnterAndRun(u, {0x0F, 0x20, 0xE8, 0xF4}) == kVecUd);
}

TEST_CASE("LTR and LLDT read 16-byte descriptors in IA-32e mode", "[system][lm]") {
  SystemMachine m("core2");
  // mov eax, 88h; ltr ax; mov eax, 98h; lldt ax; hlt
  const std::initializer_list<uint8_t> load = {0xB8, 0x88, 0x00, 0x00, 0x00, 0x0F, 0x00, 0xD8,
                                                0xB8, 0x98, 0x00, 0x00, 0x00, 0x0F, 0x00, 0xD0,
                                                0xF4};
  BuildTables(m);
  m.Write32(t::kGdtBase + kSelLdt64 + 8, 0x00007FFF);  // LDT base bits 63:32
  REQUIRE(EnterAndRun(m, load) == -1);
  CHECK(m.cpu.s.tr.selector == kSelTss64);
  CHECK(m.cpu.s.tr.base == t::kTssBase);
  CHECK((m.cpu.s.tr.attr & 0xF) == sys_type::kTss32Busy);
  CHECK(((m.Peek(t::kGdtBase + kSelTss64 + 5, 1)) & 0xF) == sys_type::kTss32Busy);
  CHECK(m.cpu.s.ldtr.base == 0x00007FFF'00006000ull);

  // The upper half's type field must be 0: #GP(selector), TR and the busy bit unchanged.
  SystemMachine ty("core2");
  BuildTables(ty);
  ty.Write32(t::kGdtBase + kSelTss64 + 12, 0x0900);
  uint32_t error = 0;
  CHECK(EnterAndRun(ty, load, &error) == kVecGp);
  CHECK(error == kSelTss64);
  CHECK(ty.cpu.s.tr.selector == t::kSelTss);
  CHECK((ty.Peek(t::kGdtBase + kSelTss64 + 5, 1) & 0xF) == sys_type::kTss32);

  // A non-canonical LDT base: #GP(selector).
  SystemMachine nc("core2");
  BuildTables(nc);
  nc.Write32(t::kGdtBase + kSelLdt64 + 8, 0x00008000);
  CHECK(EnterAndRun(nc, load, &error) == kVecGp);
  CHECK(error == kSelLdt64);
  CHECK(nc.cpu.s.tr.selector == kSelTss64);

  // The GDT limit must cover all 16 bytes.
  SystemMachine lim("core2");
  // mov eax, 98h; lldt ax; hlt, with the limit ending inside the LDT descriptor's upper half
  BuildTables(lim);
  lim.Code(kEnter);
  lim.Code({0xB8, 0x98, 0x00, 0x00, 0x00, 0x0F, 0x00, 0xD0, 0xF4}, kAfterEnter);
  lim.StartProtected();
  lim.cpu.s.gdtr.limit = kSelLdt64 + 8;
  CHECK(Run(lim, &error) == kVecGp);
  CHECK(error == kSelLdt64);

  // A 16-bit TSS does not exist in IA-32e mode.
  SystemMachine t16("core2");
  BuildTables(t16);
  // mov eax, 60h; ltr ax; hlt
  CHECK(EnterAndRun(t16, {0xB8, 0x60, 0x00, 0x00, 0x00, 0x0F, 0x00, 0xD8, 0xF4}, &error) == kVecGp);
  CHECK(error == t::kSelTss16);
}

TEST_CASE("A far JMP from compatibility mode reaches 64-bit code; L with D is #GP", "[system][lm]") {
  SystemMachine m("core2");
  BuildTables(m);
  // jmp far A8h:7400h; the target is not fetched (Step stops after the JMP).
  REQUIRE(EnterAndRun(m, {0xF4}) == -1);
  m.Code({0xEA, 0x00, 0x74, 0x00, 0x00, kSelCode64, 0x00}, static_cast<uint32_t>(m.cpu.s.rip));
  m.cpu.s.halted = false;
  m.cpu.Step();
  CHECK(Code64(m.cpu.s));
  CHECK(m.cpu.s.rip == 0x7400);
  CHECK(m.cpu.s.seg[kCs].selector == kSelCode64);

  SystemMachine ld("core2");
  BuildTables(ld);
  uint32_t error = 0;
  // jmp far B8h:7400h
  CHECK(EnterAndRun(ld, {0xEA, 0x00, 0x74, 0x00, 0x00, kSelLongBig, 0x00}, &error) == kVecGp);
  CHECK(error == kSelLongBig);
  CHECK_FALSE(Code64(ld.cpu.s));
}

namespace {
// A local APIC seen only through its task-priority register.
struct TprOnly : InterruptController {
  uint8_t Acknowledge() override { return 0xFF; }
  bool HasTaskPriority() const override { return true; }
  uint8_t TaskPriority() override { return tpr; }
  void SetTaskPriority(uint8_t value) override { tpr = value; }
  uint8_t tpr = 0;
};
}  // namespace

TEST_CASE("CR8 is the local APIC's TPR bits 7:4 in 64-bit mode; bits 63:4 are reserved",
          "[system][lm]") {
  SystemMachine m("core2");
  TprOnly apic;
  apic.tpr = 0x5C;
  m.cpu.set_interrupt_controller(&apic);
  BuildTables(m);
  REQUIRE(EnterAndRun(m, {0xF4}) == -1);
  // mov rbx, cr8; mov eax, 9; mov cr8, rax; hlt; mov eax, 10h; mov cr8, rax; hlt
  SwitchTo64(m, {0x44, 0x0F, 0x20, 0xC3, 0xB8, 0x09, 0x00, 0x00, 0x00, 0x44, 0x0F, 0x22, 0xC0,
                 0xF4, 0xB8, 0x10, 0x00, 0x00, 0x00, 0x44, 0x0F, 0x22, 0xC0, 0xF4},
             t::kCodeBase + 0x200, 0x9000);
  REQUIRE(Run(m) == -1);
  CHECK(m.cpu.s.gpr[kEbx] == 5);  // TPR[7:4]
  CHECK(apic.tpr == 0x90);        // TPR[3:0] cleared
  CHECK(Run(m) == kVecGp);
  CHECK(apic.tpr == 0x90);
}
