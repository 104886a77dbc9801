// LGDT/LIDT/SGDT/SIDT, entering protected mode, LTR/STR and LLDT/SLDT (SDM Vol. 2A-2B;
// Vol. 3A, 9.9.1 for the switch to protected mode).
#include <catch2/catch.hpp>

#include "cpu/descriptors.h"
#include "system_machine.h"

using namespace m86;
using m86::test::SystemMachine;
namespace t = m86::test;

namespace {

void RunPm(SystemMachine& m, std::initializer_list<uint8_t> code, uint32_t eax = 0) {
  m.Code(code);
  m.StartProtected();
  m.cpu.s.gpr[kEax] = eax;
  m.RunToHalt();
}

uint8_t GdtAccessByte(SystemMachine& m, uint16_t sel) {
  return static_cast<uint8_t>(m.Peek(t::kGdtBase + (sel & ~7u) + 5, 1));
}

}  // namespace

TEST_CASE("LGDT, CR0.PE and a far jump enter protected mode", "[system][tables]") {
  for (const char* model : {"80386", "pentiumpro"}) {
    INFO(model);
    SystemMachine m(model);
    m.Write32(t::kDataBase, 0x1234);
    // lgdt [gdt_ptr]; mov eax, cr0; or al, 1; mov cr0, eax; jmp dword 08h:pm
    // pm: mov ax, 10h; mov ds, ax; mov ss, ax; mov esp, 9000h; mov ebx, [8000h]; hlt
    // gdt_ptr: dw 87h, dd 1000h
    m.Code({0x0F, 0x01, 0x16, 0x29, 0x70, 0x0F, 0x20, 0xC0, 0x0C, 0x01, 0x0F, 0x22, 0xC0, 0x66,
            0xEA, 0x15, 0x70, 0x00, 0x00, 0x08, 0x00, 0x66, 0xB8, 0x10, 0x00, 0x8E, 0xD8, 0x8E,
            0xD0, 0xBC, 0x00, 0x90, 0x00, 0x00, 0x8B, 0x1D, 0x00, 0x80, 0x00, 0x00, 0xF4, 0x87,
            0x00, 0x00, 0x10, 0x00, 0x00});
    m.StartRealAt();
    m.RunToHalt();
    CHECK(m.HaltedVector() == -1);
    CHECK(m.cpu.s.gdtr.base == t::kGdtBase);
    CHECK(m.cpu.s.gdtr.limit == t::kGdtLimit);
    CHECK((m.cpu.s.cr0 & cr0::kPe) != 0);
    CHECK(m.cpu.s.seg[kCs].selector == t::kSelCode);
    CHECK((m.cpu.s.seg[kCs].attr & seg_attr::kBig) != 0);
    CHECK(m.cpu.s.seg[kSs].selector == t::kSelData);
    CHECK(m.cpu.s.cpl == 0);
    CHECK(m.cpu.s.gpr[kEbx] == 0x1234);
    CHECK(m.cpu.s.rip == t::kCodeBase + 0x29);
  }
}

TEST_CASE("80286: LMSW enters protected mode, cannot leave it; SGDT stores FFh on top", "[system][tables]") {
  SystemMachine m("80286");
  // lgdt [gdt_ptr]; smsw ax; or al, 1; lmsw ax; jmp 08h:pm
  // pm: xor ax, ax; lmsw ax; smsw bx; sgdt [8000h]; hlt; gdt_ptr: dw 87h, dd 1000h
  m.Code({0x0F, 0x01, 0x16, 0x20, 0x70, 0x0F, 0x01, 0xE0, 0x0C, 0x01, 0x0F, 0x01, 0xF0, 0xEA,
          0x12, 0x70, 0x08, 0x00, 0x31, 0xC0, 0x0F, 0x01, 0xF0, 0x0F, 0x01, 0xE3, 0x0F, 0x01,
          0x06, 0x00, 0x80, 0xF4, 0x87, 0x00, 0x00, 0x10, 0x00, 0x00});
  m.StartRealAt();
  m.RunToHalt();
  CHECK(m.HaltedVector() == -1);
  CHECK(m.cpu.s.seg[kCs].selector == t::kSelCode);
  CHECK((m.cpu.s.gpr[kEbx] & 0xFFFF) == 0xFFF1);  // reserved MSW bits read as 1, PE kept
  CHECK(m.Peek(t::kDataBase, 2) == t::kGdtLimit);
  CHECK(m.Peek(t::kDataBase + 2, 4) == (0xFF000000u | t::kGdtBase));
}

TEST_CASE("SGDT/SIDT store 24 base bits with a 16-bit operand size, LIDT loads 24", "[system][tables]") {
  SystemMachine m;
  m.Poke(t::kDataBase + 0x30, {0xFF, 0x03, 0x78, 0x56, 0x34, 0x12});
  // sgdt [8000h]; o32 sgdt [8010h]; sidt [8020h]; lidt [8030h]; hlt
  m.Code({0x0F, 0x01, 0x06, 0x00, 0x80, 0x66, 0x0F, 0x01, 0x06, 0x10, 0x80, 0x0F, 0x01, 0x0E,
          0x20, 0x80, 0x0F, 0x01, 0x1E, 0x30, 0x80, 0xF4});
  m.StartRealAt();
  m.cpu.s.gdtr = TableRegister{0x12345678, 0x1FF};
  m.RunToHalt();
  CHECK(m.Peek(t::kDataBase, 2) == 0x1FF);
  CHECK(m.Peek(t::kDataBase + 2, 4) == 0x00345678);
  CHECK(m.Peek(t::kDataBase + 0x12, 4) == 0x12345678);
  CHECK(m.Peek(t::kDataBase + 0x20, 2) == 0x3FF);
  CHECK(m.Peek(t::kDataBase + 0x22, 4) == 0);
  CHECK(m.cpu.s.idtr.base == 0x345678);
  CHECK(m.cpu.s.idtr.limit == 0x3FF);
}

TEST_CASE("LTR marks the TSS busy; STR, LLDT and SLDT", "[system][tables]") {
  SystemMachine m;
  // mov ax, 70h; ltr ax; str ebx; mov ax, 30h; lldt ax; sldt cx; hlt
  m.Code({0x66, 0xB8, 0x70, 0x00, 0x0F, 0x00, 0xD8, 0x0F, 0x00, 0xCB, 0x66, 0xB8, 0x30, 0x00,
          0x0F, 0x00, 0xD0, 0x66, 0x0F, 0x00, 0xC1, 0xF4});
  m.StartProtected();
  m.cpu.s.gpr[kEbx] = 0xFFFFFFFF;
  m.cpu.s.gpr[kEcx] = 0xFFFFFFFF;
  m.RunToHalt();
  REQUIRE(m.HaltedVector() == -1);
  CHECK(GdtAccessByte(m, t::kSelTss2) == 0x8B);
  CHECK(m.cpu.s.tr.selector == t::kSelTss2);
  CHECK(m.cpu.s.tr.base == t::kTss2Base);
  CHECK(m.cpu.s.tr.limit == 0x67);
  CHECK((m.cpu.s.tr.attr & 0xF) == sys_type::kTss32Busy);
  CHECK(m.cpu.s.gpr[kEbx] == t::kSelTss2);  // zero-extended
  CHECK(m.cpu.s.ldtr.selector == t::kSelLdt);
  CHECK(m.cpu.s.ldtr.base == t::kLdtBase);
  CHECK(m.cpu.s.ldtr.limit == 0x17);
  CHECK(m.cpu.s.gpr[kEcx] == (0xFFFF0000u | t::kSelLdt));
}

TEST_CASE("LTR and LLDT faults", "[system][tables]") {
  struct Case { bool ltr; uint16_t sel; int vector; uint32_t error; };
  const Case cases[] = {
      {true, t::kSelTss, kVecGp, t::kSelTss},            // busy TSS
      {true, 0, kVecGp, 0},                              // null selector
      {true, 3, kVecGp, 0},
      {true, t::kSelData, kVecGp, t::kSelData},          // not a TSS
      {true, t::kSelTss2 | 4, kVecGp, t::kSelTss2 | 4},  // TI = 1
      {true, 0x88, kVecGp, 0x88},                        // beyond the GDT limit
      {false, t::kSelData, kVecGp, t::kSelData},         // not an LDT
      {false, t::kSelLdt | 4, kVecGp, t::kSelLdt | 4},   // TI = 1
      {false, t::kSelLdtNotPresent, kVecNp, t::kSelLdtNotPresent},
  };
  for (const Case& k : cases) {
    INFO((k.ltr ? "LTR " : "LLDT ") << std::hex << k.sel);
    SystemMachine m;
    if (k.ltr)
      RunPm(m, {0x0F, 0x00, 0xD8, 0xF4}, k.sel);  // ltr ax; hlt
    else
      RunPm(m, {0x0F, 0x00, 0xD0, 0xF4}, k.sel);  // lldt ax; hlt
    CHECK(m.HaltedVector() == k.vector);
    CHECK(m.Stack(0) == k.error);
    CHECK(m.Stack(1) == t::kCodeBase);
  }
}

TEST_CASE("LTR of a 16-bit TSS; LLDT of a null selector", "[system][tables]") {
  SystemMachine m;
  RunPm(m, {0x0F, 0x00, 0xD8, 0xF4}, t::kSelTss16);
  CHECK(m.HaltedVector() == -1);
  CHECK(GdtAccessByte(m, t::kSelTss16) == 0x83);
  CHECK((m.cpu.s.tr.attr & 0xF) == sys_type::kTss16Busy);
  RunPm(m, {0x0F, 0x00, 0xD0, 0xF4}, t::kSelLdt);
  CHECK(m.cpu.s.ldtr.selector == t::kSelLdt);
  RunPm(m, {0x0F, 0x00, 0xD0, 0xF4}, 0);
  CHECK(m.HaltedVector() == -1);
  CHECK(m.cpu.s.ldtr.selector == 0);
}

TEST_CASE("LTR, LLDT, SLDT and STR are #UD in real mode", "[system][tables]") {
  // ltr ax / lldt ax / sldt cx / str bx, then hlt
  for (auto code : {std::initializer_list<uint8_t>{0x0F, 0x00, 0xD8, 0xF4},
                    std::initializer_list<uint8_t>{0x0F, 0x00, 0xD0, 0xF4},
                    std::initializer_list<uint8_t>{0x0F, 0x00, 0xC1, 0xF4},
                    std::initializer_list<uint8_t>{0x0F, 0x00, 0xCB, 0xF4}}) {
    SystemMachine m;
    m.Code(code);
    m.StartRealAt();
    m.cpu.s.gpr[kEax] = t::kSelTss2;
    m.RunToHalt();
    CHECK(m.HaltedVector() == kVecUd);
  }
}
