// MOV to/from CR0/CR3/CR4, paging on, page faults, CR0.WP, CR4.PSE/PGE, INVLPG, LMSW/SMSW,
// CLTS (SDM Vol. 2A-2B; Vol. 3A, 2.5 and chapter 4).
#include <catch2/catch.hpp>

#include "system_machine.h"

using namespace m86;
using m86::test::SystemMachine;
namespace t = m86::test;

namespace {

constexpr uint32_t kPageDir = 0x10000, kTable0 = 0x11000, kTable1 = 0x12000;
constexpr uint32_t kP = 1, kRw = 2, kPs = 0x80, kG = 0x100;

// Identity-maps the first 4 MiB; linear 0x400000 -> physical 0x20000 (read/write) and
// 0x401000 -> 0x21000 (read-only). Nothing maps 0x800000.
void BuildPageTables(SystemMachine& m, uint32_t pte_flags0 = kP | kRw) {
  m.Write32(kPageDir, kTable0 | kP | kRw);
  m.Write32(kPageDir + 4, kTable1 | kP | kRw);
  for (uint32_t i = 0; i < 1024; ++i) m.Write32(kTable0 + 4 * i, (i << 12) | kP | kRw);
  m.Write32(kTable1, 0x20000 | pte_flags0);
  m.Write32(kTable1 + 4, 0x21000 | kP);
  m.Write32(0x20000, 0xAAAA);
  m.Write32(0x20010, 0xA010);
  m.Write32(0x21000, 0xBBBB);
  m.Write32(0xC00010, 0xC010);
}

void RunPm(SystemMachine& m, std::initializer_list<uint8_t> code, uint32_t eax = 0) {
  m.Code(code);
  m.StartProtected();
  m.cpu.s.gpr[kEax] = eax;
  m.RunToHalt();
}

void RunReal(SystemMachine& m, std::initializer_list<uint8_t> code, uint32_t eax = 0) {
  m.Code(code);
  m.StartRealAt();
  m.cpu.s.gpr[kEax] = eax;
  m.RunToHalt();
}

}  // namespace

TEST_CASE("MOV CR3 and CR0.PG turn paging on; a miss is #PF with CR2 and the error code", "[system][cr]") {
  SystemMachine m;
  BuildPageTables(m);
  // mov eax, 10000h; mov cr3, eax; mov eax, cr0; or eax, 80000000h; mov cr0, eax
  // mov ebx, [400010h]; mov ecx, [800123h]; hlt
  RunPm(m, {0xB8, 0x00, 0x00, 0x01, 0x00, 0x0F, 0x22, 0xD8, 0x0F, 0x20, 0xC0, 0x0D, 0x00, 0x00,
            0x00, 0x80, 0x0F, 0x22, 0xC0, 0x8B, 0x1D, 0x10, 0x00, 0x40, 0x00, 0x8B, 0x0D, 0x23,
            0x01, 0x80, 0x00, 0xF4});
  CHECK((m.cpu.s.cr0 & cr0::kPg) != 0);
  CHECK(m.cpu.s.cr3 == kPageDir);
  CHECK(m.cpu.s.gpr[kEbx] == 0xA010);
  REQUIRE(m.HaltedVector() == kVecPf);
  CHECK(m.cpu.s.cr2 == 0x800123);
  CHECK(m.Stack(0) == 0);               // not present, read, supervisor
  CHECK(m.Stack(1) == t::kCodeBase + 25);
}

TEST_CASE("Setting CR0.WP flushes the TLB: supervisor writes to read-only pages fault", "[system][cr]") {
  SystemMachine m;
  BuildPageTables(m);
  // (paging on as above) mov dword [401000h], 11h; mov eax, cr0; or eax, 10000h; mov cr0, eax
  // mov dword [401004h], 22h; hlt
  RunPm(m, {0xB8, 0x00, 0x00, 0x01, 0x00, 0x0F, 0x22, 0xD8, 0x0F, 0x20, 0xC0, 0x0D, 0x00, 0x00,
            0x00, 0x80, 0x0F, 0x22, 0xC0, 0xC7, 0x05, 0x00, 0x10, 0x40, 0x00, 0x11, 0x00, 0x00,
            0x00, 0x0F, 0x20, 0xC0, 0x0D, 0x00, 0x00, 0x01, 0x00, 0x0F, 0x22, 0xC0, 0xC7, 0x05,
            0x04, 0x10, 0x40, 0x00, 0x22, 0x00, 0x00, 0x00, 0xF4});
  CHECK(m.Peek(0x21000, 4) == 0x11);
  REQUIRE(m.HaltedVector() == kVecPf);
  CHECK(m.Stack(0) == 3);  // present, write, supervisor
  CHECK(m.Stack(1) == t::kCodeBase + 40);
  CHECK(m.cpu.s.cr2 == 0x401004);
  CHECK(m.Peek(0x21004, 4) == 0);
}

TEST_CASE("CR4.PSE enables 4 MiB pages", "[system][cr]") {
  SystemMachine m;
  BuildPageTables(m);
  m.Write32(kPageDir + 8, 0xC00000 | kP | kRw | kPs);  // 0x800000: a 4 MiB page at 0xC00000
  // mov eax, cr4; or eax, 10h; mov cr4, eax; (paging on); mov ebx, [800010h]; mov eax, cr4; hlt
  RunPm(m, {0x0F, 0x20, 0xE0, 0x83, 0xC8, 0x10, 0x0F, 0x22, 0xE0, 0xB8, 0x00, 0x00, 0x01, 0x00,
            0x0F, 0x22, 0xD8, 0x0F, 0x20, 0xC0, 0x0D, 0x00, 0x00, 0x00, 0x80, 0x0F, 0x22, 0xC0,
            0x8B, 0x1D, 0x10, 0x00, 0x80, 0x00, 0x0F, 0x20, 0xE0, 0xF4});
  CHECK(m.HaltedVector() == -1);
  CHECK(m.cpu.s.gpr[kEbx] == 0xC010);
  CHECK(m.cpu.s.gpr[kEax] == cr4::kPse);
}

TEST_CASE("INVLPG drops a stale translation", "[system][cr]") {
  SystemMachine m;
  BuildPageTables(m);
  // (paging on) mov ebx, [400000h]; mov dword [12000h], 21003h; mov ecx, [400000h]
  // invlpg [400000h]; mov edx, [400000h]; hlt
  RunPm(m, {0xB8, 0x00, 0x00, 0x01, 0x00, 0x0F, 0x22, 0xD8, 0x0F, 0x20, 0xC0, 0x0D, 0x00, 0x00,
            0x00, 0x80, 0x0F, 0x22, 0xC0, 0x8B, 0x1D, 0x00, 0x00, 0x40, 0x00, 0xC7, 0x05, 0x00,
            0x20, 0x01, 0x00, 0x03, 0x10, 0x02, 0x00, 0x8B, 0x0D, 0x00, 0x00, 0x40, 0x00, 0x0F,
            0x01, 0x3D, 0x00, 0x00, 0x40, 0x00, 0x8B, 0x15, 0x00, 0x00, 0x40, 0x00, 0xF4});
  CHECK(m.HaltedVector() == -1);
  CHECK(m.cpu.s.gpr[kEbx] == 0xAAAA);
  CHECK(m.cpu.s.gpr[kEdx] == 0xBBBB);
}

TEST_CASE("MOV CR3 keeps global pages while CR4.PGE is set", "[system][cr]") {
  SystemMachine m;
  BuildPageTables(m, kP | kRw | kG);
  // mov eax, cr4; or eax, 80h; mov cr4, eax; (paging on); mov ebx, [400000h]; mov ecx, [401000h]
  // swap the PTEs (the global one now maps 21000h); mov eax, 10000h; mov cr3, eax
  // mov edx, [400000h]; mov esi, [401000h]; hlt
  RunPm(m, {0x0F, 0x20, 0xE0, 0x0D, 0x80, 0x00, 0x00, 0x00, 0x0F, 0x22, 0xE0, 0xB8, 0x00, 0x00,
            0x01, 0x00, 0x0F, 0x22, 0xD8, 0x0F, 0x20, 0xC0, 0x0D, 0x00, 0x00, 0x00, 0x80, 0x0F,
            0x22, 0xC0, 0x8B, 0x1D, 0x00, 0x00, 0x40, 0x00, 0x8B, 0x0D, 0x00, 0x10, 0x40, 0x00,
            0xC7, 0x05, 0x00, 0x20, 0x01, 0x00, 0x03, 0x11, 0x02, 0x00, 0xC7, 0x05, 0x04, 0x20,
            0x01, 0x00, 0x03, 0x00, 0x02, 0x00, 0xB8, 0x00, 0x00, 0x01, 0x00, 0x0F, 0x22, 0xD8,
            0x8B, 0x15, 0x00, 0x00, 0x40, 0x00, 0x8B, 0x35, 0x00, 0x10, 0x40, 0x00, 0xF4});
  CHECK(m.HaltedVector() == -1);
  CHECK(m.cpu.s.gpr[kEbx] == 0xAAAA);
  CHECK(m.cpu.s.gpr[kEcx] == 0xBBBB);
  CHECK(m.cpu.s.gpr[kEdx] == 0xAAAA);  // the global translation survived the CR3 load
  CHECK(m.cpu.s.gpr[kEsi] == 0xAAAA);  // the non-global one was reloaded
}

TEST_CASE("CR4 bits the model lacks are #GP(0); CR4 itself is #UD before the Pentium", "[system][cr]") {
  SystemMachine p5("pentium");
  RunPm(p5, {0x0F, 0x22, 0xE0, 0xF4}, cr4::kPae);  // mov cr4, eax
  CHECK(p5.HaltedVector() == kVecGp);
  CHECK(p5.Stack(0) == 0);
  SystemMachine p6("pentiumpro");
  RunPm(p6, {0x0F, 0x22, 0xE0, 0xF4}, 1u << 9);  // OSFXSR: not a P6 bit here
  CHECK(p6.HaltedVector() == kVecGp);
  RunPm(p6, {0x0F, 0x22, 0xE0, 0xF4}, cr4::kPae | cr4::kPge | cr4::kPce);
  CHECK(p6.HaltedVector() == -1);
  CHECK(p6.cpu.s.cr4 == (cr4::kPae | cr4::kPge | cr4::kPce));
  for (const char* model : {"80386", "80486"}) {
    INFO(model);
    SystemMachine m(model);
    RunPm(m, {0x0F, 0x20, 0xE0, 0xF4});  // mov eax, cr4
    CHECK(m.HaltedVector() == kVecUd);
  }
}

TEST_CASE("Invalid CR0 combinations are #GP(0)", "[system][cr]") {
  SystemMachine m;
  RunReal(m, {0x0F, 0x22, 0xC0, 0x0F, 0x20, 0xC3, 0xF4}, cr0::kPg);  // PG without PE
  CHECK(m.HaltedVector() == kVecGp);
  CHECK((m.cpu.s.cr0 & cr0::kPg) == 0);
  RunPm(m, {0x0F, 0x22, 0xC0, 0x0F, 0x20, 0xC3, 0xF4}, cr0::kNw | cr0::kPe);  // NW without CD
  CHECK(m.HaltedVector() == kVecGp);
  CHECK(m.Stack(0) == 0);
}

TEST_CASE("CR0 bits per model: the 80386 has no CD NW AM WP NE; the 80486 fixes ET", "[system][cr]") {
  const uint32_t wanted = cr0::kCd | cr0::kNw | cr0::kAm | cr0::kWp | cr0::kNe;
  SystemMachine i386("80386");
  // mov cr0, eax; mov ebx, cr0; hlt
  RunReal(i386, {0x0F, 0x22, 0xC0, 0x0F, 0x20, 0xC3, 0xF4}, wanted | cr0::kEt);
  CHECK(i386.HaltedVector() == -1);
  CHECK(i386.cpu.s.gpr[kEbx] == cr0::kEt);
  SystemMachine i486("80486");
  RunReal(i486, {0x0F, 0x22, 0xC0, 0x0F, 0x20, 0xC3, 0xF4}, wanted);
  CHECK(i486.HaltedVector() == -1);
  CHECK(i486.cpu.s.gpr[kEbx] == (wanted | cr0::kEt));
}

TEST_CASE("LMSW loads PE MP EM TS only and cannot clear PE; CLTS clears TS", "[system][cr]") {
  SystemMachine m;
  // lmsw ax; smsw ebx; hlt   (real mode; bit 0 of AX is clear, so PE stays clear)
  RunReal(m, {0x0F, 0x01, 0xF0, 0x66, 0x0F, 0x01, 0xE3, 0xF4}, 0xFFFE);
  CHECK(m.cpu.s.gpr[kEbx] == (0x60000010u | cr0::kMp | cr0::kEm | cr0::kTs));
  m.cpu.s.cr0 |= cr0::kTs;
  // clts; smsw ebx; smsw [8000h]; hlt
  m.Write32(t::kDataBase, 0xFFFFFFFF);
  RunPm(m, {0x0F, 0x06, 0x0F, 0x01, 0xE3, 0x0F, 0x01, 0x25, 0x00, 0x80, 0x00, 0x00, 0xF4});
  CHECK((m.cpu.s.cr0 & cr0::kTs) == 0);
  CHECK(m.cpu.s.gpr[kEbx] == m.cpu.s.cr0);
  CHECK(m.Peek(t::kDataBase, 4) == (0xFFFF0000u | (m.cpu.s.cr0 & 0xFFFF)));
  // lmsw ax with PE clear in protected mode: PE stays.
  RunPm(m, {0x0F, 0x01, 0xF0, 0x0F, 0x20, 0xC3, 0xF4}, 0);  // lmsw ax; mov ebx, cr0; hlt
  CHECK((m.cpu.s.gpr[kEbx] & cr0::kPe) != 0);
}
