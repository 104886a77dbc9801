// 64-bit mode stack, near control transfers, string instructions, PUSHFQ/POPFQ, LAHF/SAHF and
// SYSRET with REX.W (SDM Vol. 2A/2B, the instructions of the same names; Vol. 1, 6.2.5 and
// 7.3.9). Values the SDM leaves to the processor were checked on an x86-64 host.
#include <catch2/catch.hpp>

#include "cpu/descriptors.h"
#include "long_mode_machine.h"

using namespace m86;
using m86::test::SystemMachine;
using namespace m86::test::lm;

namespace {

constexpr uint32_t kCode = t::kCodeBase + 0x200;
constexpr uint64_t kStack = 0x9000;

// 64-bit mode at CPL 0 (through the entry code, then CS = the 64-bit code segment) with `code`
// at kCode and RSP = kStack.
void Enter64(SystemMachine& m, std::initializer_list<uint8_t> code) {
  BuildTables(m);
  REQUIRE(EnterAndRun(m, {0xF4}) == -1);
  SwitchTo64(m, code, kCode, kStack);
}

uint64_t Qword(SystemMachine& m, uint32_t addr) {
  return m.Peek(addr, 4) | (uint64_t{m.Peek(addr + 4, 4)} << 32);
}

}  // namespace

TEST_CASE("PUSH and POP move 64-bit slots; immediates are sign-extended", "[system][lm][stack]") {
  SystemMachine m("core2");
  Enter64(m, {
                 0x50,                                // push rax
                 0x41, 0x59,                          // pop r9
                 0x6A, 0xFE,                          // push -2
                 0x68, 0x00, 0x00, 0x00, 0x80,        // push 80000000h (imm32, sign-extended)
                 0x5B,                                // pop rbx
                 0x59,                                // pop rcx
                 0x66, 0x6A, 0x05,                    // push word 5
                 0x66, 0x5A,                          // pop dx
                 0xFF, 0x34, 0x25, 0x00, 0x80, 0x00, 0x00,  // push qword [8000h]
                 0x8F, 0x04, 0x25, 0x08, 0x80, 0x00, 0x00,  // pop qword [8008h]
                 0x41, 0x55,                          // push r13
                 0x41, 0x8F, 0xC6,                    // pop r14 (8F /0, register form)
                 0xF4,
             });
  m.cpu.s.gpr[kEax] = 0x1122'3344'5566'7788ull;
  m.cpu.s.gpr[kEdx] = 0xAAAA'BBBB'CCCC'DDDDull;
  m.cpu.s.gpr[kR13] = 0x8000'0000'0000'0001ull;
  m.Write64(0x8000, 0x0102'0304'0506'0708ull);
  REQUIRE(Run(m) == -1);
  CHECK(m.cpu.s.gpr[kR9] == 0x1122'3344'5566'7788ull);
  CHECK(m.cpu.s.gpr[kEbx] == 0xFFFF'FFFF'8000'0000ull);
  CHECK(m.cpu.s.gpr[kEcx] == 0xFFFF'FFFF'FFFF'FFFEull);
  CHECK(m.cpu.s.gpr[kEdx] == 0xAAAA'BBBB'CCCC'0005ull);
  CHECK(Qword(m, 0x8008) == 0x0102'0304'0506'0708ull);
  CHECK(m.cpu.s.gpr[kR14] == 0x8000'0000'0000'0001ull);
  CHECK(m.cpu.s.gpr[kEsp] == kStack);
  CHECK(Qword(m, kStack - 16) == 0xFFFF'FFFF'8000'0000ull);  // the imm32 push's slot
}

TEST_CASE("PUSH FS writes the selector into a 64-bit slot; POP GS loads one",
          "[system][lm][stack]") {
  SystemMachine m("core2");
  Enter64(m, {0x0F, 0xA0, 0x0F, 0xA9, 0xF4});  // push fs; pop gs
  m.Write64(kStack - 8, ~0ull);
  m.cpu.s.seg[kFs].selector = t::kSelData;
  REQUIRE(Run(m) == -1);
  // The models are Intel processors: a 16-bit store into the slot (SDM Vol. 2B, PUSH).
  CHECK(Qword(m, kStack - 8) == (0xFFFF'FFFF'FFFF'0000ull | t::kSelData));
  CHECK(m.cpu.s.seg[kGs].selector == t::kSelData);
  CHECK(m.cpu.s.gpr[kEsp] == kStack);
}

TEST_CASE("CALL, JMP and RET use 64-bit targets and return addresses", "[system][lm][branch]") {
  SystemMachine m("core2");
  Enter64(m, {
                 0x6A, 0x11,        // 7200: push 11h
                 0x6A, 0x22,        // 7202: push 22h
                 0xFF, 0xD3,        // 7204: call rbx (7220h)
                 0xF4,              // 7206: hlt
             });
  // 7220: call rel32 (7230h) with 66, ignored; 7226: ret 16.
  m.Code({0x66, 0xE8, 0x0A, 0x00, 0x00, 0x00, 0xC2, 0x10, 0x00}, kCode + 0x20);
  // 7230: jmp rax (7240h); 7240: pop rcx; jmp short back to the RET at 7226h.
  m.Code({0xFF, 0xE0}, kCode + 0x30);
  m.Code({0x59, 0xEB, 0xE3}, kCode + 0x40);
  m.cpu.s.gpr[kEbx] = kCode + 0x20;
  m.cpu.s.gpr[kEax] = kCode + 0x40;
  REQUIRE(Run(m) == -1);
  CHECK(m.cpu.s.rip == kCode + 7);
  CHECK(m.cpu.s.gpr[kEsp] == kStack);
  CHECK(Qword(m, kStack - 24) == kCode + 6);     // CALL r/m64's return address
  CHECK(m.cpu.s.gpr[kEcx] == kCode + 0x26);      // CALL rel32's, a 64-bit push despite 66
}

TEST_CASE("Near branches to non-canonical addresses fault before anything changes",
          "[system][lm][branch]") {
  // jmp rax; call rax; ret: each from a fresh machine.
  const std::initializer_list<uint8_t> code = {0xFF, 0xE0, 0xFF, 0xD0, 0xC3};
  for (const uint32_t at : {kCode, kCode + 2, kCode + 4}) {
    SystemMachine m("core2");
    Enter64(m, code);
    m.cpu.s.rip = at;
    m.cpu.s.gpr[kEax] = 0x0000'8000'0000'0000ull;
    m.cpu.s.gpr[kEsp] = kStack - 8;
    m.Write64(kStack - 8, 0xFFFF'7FFF'0000'0000ull);
    CHECK(Step(m) == kVecGp);
    CHECK(m.cpu.s.rip == at);
    CHECK(m.cpu.s.gpr[kEsp] == kStack - 8);
  }
}

TEST_CASE("LOOP and JRCXZ count in RCX, or in ECX with 67", "[system][lm][branch]") {
  SystemMachine m("core2");
  // loop +0; 67 loop +0; jrcxz +0x10; 67 jecxz +0x10
  Enter64(m, {0xE2, 0x00, 0x67, 0xE2, 0x00, 0xE3, 0x10, 0x67, 0xE3, 0x10});
  m.cpu.s.gpr[kEcx] = 0x1'0000'0000ull;  // ECX is 0, RCX is not
  REQUIRE(Step(m) == -1);
  CHECK(m.cpu.s.gpr[kEcx] == 0xFFFF'FFFFull);
  CHECK(m.cpu.s.rip == kCode + 2);
  // A 32-bit count write zero-extends into RCX (checked on the host).
  m.cpu.s.gpr[kEcx] = 0xFFFF'FFFF'0000'0005ull;
  REQUIRE(Step(m) == -1);
  CHECK(m.cpu.s.gpr[kEcx] == 4);
  m.cpu.s.gpr[kEcx] = 0x1'0000'0000ull;
  REQUIRE(Step(m) == -1);
  CHECK(m.cpu.s.rip == kCode + 7);  // RCX is not zero: no jump
  REQUIRE(Step(m) == -1);
  CHECK(m.cpu.s.rip == kCode + 10 + 0x10);  // ECX is
}

TEST_CASE("Jcc rel32 reaches backwards with a sign-extended displacement", "[system][lm][branch]") {
  SystemMachine m("core2");
  Enter64(m, {0xF4});
  m.Code({0x0F, 0x84, 0xFA, 0xFF, 0xFF, 0xFF}, kCode + 0x100);  // jz -6: to itself
  m.cpu.s.rip = kCode + 0x100;
  m.cpu.SetFlags(flag::kZf, flag::kZf);
  REQUIRE(Step(m) == -1);
  CHECK(m.cpu.s.rip == kCode + 0x100);
  m.cpu.SetFlags(0, flag::kZf);
  REQUIRE(Step(m) == -1);
  CHECK(m.cpu.s.rip == kCode + 0x106);
}

TEST_CASE("PUSHFQ and POPFQ move RFLAGS in 64-bit slots", "[system][lm][flags]") {
  SystemMachine m("core2");
  Enter64(m, {0x9D, 0x9C, 0xF4});  // popfq; pushfq
  m.cpu.s.gpr[kEsp] = kStack - 8;
  m.Write64(kStack - 8, 0xFFFF'FFFF'0000'0ED5ull);
  REQUIRE(Run(m) == -1);
  // The reserved upper half is ignored and bit 1 reads as 1 (the host gives 0ED7h too).
  CHECK(Qword(m, kStack - 8) == 0xED7);
  CHECK(m.cpu.s.gpr[kEsp] == kStack - 8);
}

TEST_CASE("ENTER and LEAVE build and drop frames with RBP and RSP", "[system][lm][stack]") {
  SystemMachine m("core2");
  Enter64(m, {0xC8, 0x20, 0x00, 0x02, 0xF4, 0xC9, 0xF4});  // enter 20h, 2; hlt; leave; hlt
  m.cpu.s.gpr[kEbp] = 0x8F00;
  m.Write64(0x8EF8, 0xAAAA'BBBB'CCCC'DDDDull);
  REQUIRE(Run(m) == -1);
  CHECK(Qword(m, kStack - 8) == 0x8F00);
  CHECK(Qword(m, kStack - 16) == 0xAAAA'BBBB'CCCC'DDDDull);
  CHECK(Qword(m, kStack - 24) == kStack - 8);
  CHECK(m.cpu.s.gpr[kEbp] == kStack - 8);
  CHECK(m.cpu.s.gpr[kEsp] == kStack - 24 - 0x20);
  REQUIRE(Run(m) == -1);
  CHECK(m.cpu.s.gpr[kEbp] == 0x8F00);
  CHECK(m.cpu.s.gpr[kEsp] == kStack);
}

TEST_CASE("REP MOVSQ and LODSQ use RSI, RDI and RCX; DS has no base", "[system][lm][string]") {
  SystemMachine m("core2");
  Enter64(m, {
                 0xF3, 0x48, 0xA5,  // rep movsq
                 0xF3, 0x67, 0xAA,  // rep stosb with ECX = 0: nothing
                 0x48, 0xAD,        // lodsq
                 0xF4,
             });
  for (uint32_t i = 0; i < 4; ++i) m.Write64(0x8000 + 8 * i, 0x1111'1111'1111'1111ull * (i + 1));
  m.cpu.s.seg[kDs].base = 0x100;  // ignored in 64-bit mode
  m.cpu.s.gpr[kEsi] = 0x8000;
  m.cpu.s.gpr[kEdi] = 0x8100;
  m.cpu.s.gpr[kEcx] = 3;
  m.cpu.s.gpr[kEax] = 0x5A;
  REQUIRE(Run(m) == -1);
  CHECK(Qword(m, 0x8110) == 0x3333'3333'3333'3333ull);
  CHECK(m.cpu.s.gpr[kEcx] == 0);
  // Nothing stored: the count was 0. LODSQ read the fourth qword.
  CHECK(m.cpu.s.gpr[kEsi] == 0x8020);
  CHECK(m.cpu.s.gpr[kEax] == 0x4444'4444'4444'4444ull);
  CHECK(m.cpu.s.gpr[kEdi] == 0x8118);

}

TEST_CASE("REP STOSB with 67 counts in ECX and steps EDI", "[system][lm][string]") {
  SystemMachine m("core2");
  Enter64(m, {0xFD, 0xF3, 0x67, 0xAA, 0xFC, 0xF4});  // std; rep stosb (67); cld
  m.Write32(0x8108, 0x2222'2222);
  m.cpu.s.gpr[kEdi] = 0xFFFF'FFFF'0000'810Full;
  m.cpu.s.gpr[kEcx] = 0xFFFF'FFFF'0000'0004ull;
  m.cpu.s.gpr[kEax] = 0x5A;
  REQUIRE(Run(m) == -1);
  CHECK(m.Peek(0x810C, 4) == 0x5A5A'5A5Au);
  CHECK(m.Peek(0x810B, 1) == 0x22);
  CHECK(m.cpu.s.gpr[kEdi] == 0x810B);  // 32-bit writes zero-extend
  CHECK(m.cpu.s.gpr[kEcx] == 0);
}

TEST_CASE("REPE CMPSQ stops at the first difference", "[system][lm][string]") {
  SystemMachine m("core2");
  Enter64(m, {0xF3, 0x48, 0xA7, 0xF4});  // repe cmpsq
  m.Write64(0x8200, 1);
  m.Write64(0x8208, 2);
  m.Write64(0x8300, 1);
  m.Write64(0x8308, 3);
  m.cpu.s.gpr[kEsi] = 0x8200;
  m.cpu.s.gpr[kEdi] = 0x8300;
  m.cpu.s.gpr[kEcx] = 0x1'0000'0005ull;
  REQUIRE(Run(m) == -1);
  CHECK(m.cpu.s.gpr[kEcx] == 0x1'0000'0003ull);
  CHECK(m.cpu.s.gpr[kEsi] == 0x8210);
  CHECK(m.cpu.s.gpr[kEdi] == 0x8310);
}

TEST_CASE("REPNE SCASB and MOVSB with an FS base in 64-bit mode", "[system][lm][string]") {
  SystemMachine m("core2");
  Enter64(m, {0xF2, 0xAE, 0x64, 0xA4, 0xF4});  // repne scasb; movsb fs:[rsi] to [rdi]
  m.Write32(0x8400, 0x4433'2211);
  m.Write32(0x8500, 0x99);
  m.cpu.s.gpr[kEdi] = 0x8400;
  m.cpu.s.gpr[kEcx] = 0x1'0000'0010ull;
  m.cpu.s.gpr[kEax] = 0x33;
  m.cpu.s.seg[kFs].base = 0x500;
  m.cpu.s.gpr[kEsi] = 0x8000;
  REQUIRE(Run(m) == -1);
  CHECK(m.cpu.s.gpr[kEcx] == 0x1'0000'000Dull);  // three iterations
  CHECK(m.cpu.s.gpr[kEdi] == 0x8404);
  CHECK(m.Peek(0x8403, 1) == 0x99);  // read from FS base + 8000h
}

TEST_CASE("LAHF and SAHF work in 64-bit mode where CPUID says so", "[system][lm][flags]") {
  SystemMachine m("core2");
  Enter64(m, {0x48, 0x9F, 0xF4});  // lahf with REX.W: still AH
  m.cpu.SetFlags(flag::kCf | flag::kZf, flag::kCf | flag::kZf | flag::kSf | flag::kAf | flag::kPf);
  m.cpu.s.gpr[kEax] = 0x1234'5678'0000'0000ull;
  REQUIRE(Run(m) == -1);
  CHECK(m.cpu.s.gpr[kEax] == 0x1234'5678'0000'4300ull);
}

TEST_CASE("SYSRET with REX.W returns to 64-bit code at CPL 3", "[system][lm][syscall]") {
  SystemMachine m("core2");
  Enter64(m, {0x48, 0x0F, 0x07});  // sysretq
  m.cpu.s.efer |= efer::kSce;
  m.cpu.s.star = uint64_t{kSelUserCode64 - 3 - 16} << 48;
  m.cpu.s.gpr[kEcx] = 0x7500;
  m.cpu.s.gpr[kR11] = 0x202;
  REQUIRE(Step(m) == -1);
  CHECK(m.cpu.s.rip == 0x7500);
  CHECK(m.cpu.s.seg[kCs].selector == kSelUserCode64);
  CHECK(m.cpu.s.cpl == 3);
  CHECK(Code64(m.cpu.s));
}
