// 64-bit operands of the data operations: ALU, moves, multiply and divide, shifts and bit
// operations (SDM Vol. 2A/2B, the instructions of the same names; Vol. 1, 3.4.1.1 for the
// zero-extension of 32-bit results). Expected values follow the SDM's operation sections.
#include <catch2/catch.hpp>

#include "long_mode_machine.h"

using namespace m86;
using namespace m86::test::lm;

namespace {

constexpr uint64_t kOnes = ~0ull;
constexpr uint32_t kCf = flag::kCf, kZf = flag::kZf, kSf = flag::kSf, kOf = flag::kOf;

// 64-bit mode at CPL 0, the code 200h bytes into the code page, RSP = 9000h.
void Enter64(test::SystemMachine& m, std::initializer_list<uint8_t> code) {
  BuildTables(m);
  REQUIRE(EnterAndRun(m, {0xF4}) == -1);
  SwitchTo64(m, code, t::kCodeBase + 0x200, 0x9000);
}

uint64_t Qword(test::SystemMachine& m, uint32_t addr) {
  return m.Peek(addr, 4) | (uint64_t{m.Peek(addr + 4, 4)} << 32);
}

// The status flags under `mask` after one instruction that must not fault.
uint32_t StepFlags(test::SystemMachine& m, uint32_t mask) {
  REQUIRE(Step(m) == -1);
  return m.cpu.GetFlags() & mask;
}

}  // namespace

TEST_CASE("ALU operations take 64-bit operands; imm8 and imm32 are sign-extended",
          "[system][lm][alu]") {
  test::SystemMachine m("core2");
  Enter64(m, {
                 0x48, 0x83, 0xC0, 0x01,                    // add rax, 1
                 0x49, 0x83, 0xE9, 0xFF,                    // sub r9, -1
                 0x48, 0x81, 0xE3, 0xF0, 0xFF, 0xFF, 0xFF,  // and rbx, dword -16
                 0x48, 0x05, 0xFE, 0xFF, 0xFF, 0xFF,        // add rax, dword -2
                 0x4C, 0x39, 0x04, 0x25, 0x00, 0x80, 0x00, 0x00,  // cmp [8000h], r8
                 0x48, 0x11, 0xD1,                          // adc rcx, rdx
                 0x48, 0x19, 0xFE,                          // sbb rsi, rdi
                 0x49, 0xF7, 0xDA,                          // neg r10
                 0x49, 0xF7, 0xD3,                          // not r11
                 0x48, 0xFF, 0x04, 0x25, 0x08, 0x80, 0x00, 0x00,  // inc qword [8008h]
                 0x49, 0xFF, 0xCC,                          // dec r12
                 0x49, 0xF7, 0xC5, 0x00, 0x00, 0x00, 0x80,  // test r13, 80000000h
                 0x4D, 0x09, 0xF5,                          // or r13, r14
                 0x4C, 0x33, 0x3C, 0x25, 0x00, 0x80, 0x00, 0x00,  // xor r15, [8000h]
                 0x83, 0xC0, 0x00,                          // add eax, 0
                 0xF4,
             });
  auto& r = m.cpu.s.gpr;
  r[kEax] = 0x7FFF'FFFF'FFFF'FFFFull;
  r[kR9] = 5;
  r[kEbx] = 0x1234'5678'9ABC'DEFFull;
  r[kR8] = 6;
  r[kEcx] = kOnes;
  r[kEdx] = 0;
  r[kEsi] = 0;
  r[kEdi] = 0;
  r[kR10] = 1;
  r[kR11] = 0x00FF'0000'0000'0000ull;
  r[kR12] = 0;
  r[kR13] = 0x8000'0000'0000'0000ull;
  r[kR14] = 1;
  r[kR15] = 0xFFFF'FFFF'0000'0005ull;
  m.Write64(0x8000, 5);
  m.Write64(0x8008, kOnes);
  CHECK(StepFlags(m, kCf | kSf | kOf) == (kSf | kOf));
  CHECK(r[kEax] == 0x8000'0000'0000'0000ull);
  CHECK(StepFlags(m, kCf | kOf) == kCf);  // 5 - FFFF...FFFF borrows
  CHECK(r[kR9] == 6);
  REQUIRE(Step(m) == -1);
  CHECK(r[kEbx] == 0x1234'5678'9ABC'DEF0ull);
  CHECK(StepFlags(m, kCf | kOf) == (kCf | kOf));
  CHECK(r[kEax] == 0x7FFF'FFFF'FFFF'FFFEull);
  CHECK(StepFlags(m, kCf | kZf | kSf) == (kCf | kSf));  // 5 - 6
  CHECK(StepFlags(m, kCf | kZf) == (kCf | kZf));        // FFFF...FFFF + 0 + CF
  CHECK(r[kEcx] == 0);
  CHECK(StepFlags(m, kCf) == kCf);                      // 0 - 0 - CF
  CHECK(r[kEsi] == kOnes);
  CHECK(StepFlags(m, kCf) == kCf);
  CHECK(r[kR10] == kOnes);
  REQUIRE(Step(m) == -1);
  CHECK(r[kR11] == 0xFF00'FFFF'FFFF'FFFFull);
  CHECK(StepFlags(m, kCf | kZf) == (kCf | kZf));  // INC keeps CF
  CHECK(Qword(m, 0x8008) == 0);
  CHECK(StepFlags(m, kSf) == kSf);
  CHECK(r[kR12] == kOnes);
  CHECK(StepFlags(m, kZf | kSf) == kSf);  // the immediate's sign reaches bit 63
  REQUIRE(Step(m) == -1);
  CHECK(r[kR13] == 0x8000'0000'0000'0001ull);
  REQUIRE(Step(m) == -1);
  CHECK(r[kR15] == 0xFFFF'FFFF'0000'0000ull);
  REQUIRE(Step(m) == -1);
  CHECK(r[kEax] == 0xFFFF'FFFEull);  // a 32-bit result is zero-extended
}

TEST_CASE("XADD, CMPXCHG and CMPXCHG16B exchange 64-bit operands", "[system][lm][alu]") {
  test::SystemMachine m("core2");
  Enter64(m, {
                 0x48, 0x0F, 0xC1, 0x1C, 0x25, 0x00, 0x80, 0x00, 0x00,  // xadd [8000h], rbx
                 0x48, 0x0F, 0xB1, 0xD1,                                // cmpxchg rcx, rdx
                 0x48, 0x0F, 0xB1, 0x14, 0x25, 0x08, 0x80, 0x00, 0x00,  // cmpxchg [8008h], rdx
                 0x48, 0x0F, 0xC7, 0x0C, 0x25, 0x10, 0x80, 0x00, 0x00,  // cmpxchg16b [8010h]
                 0x48, 0x0F, 0xC7, 0x0C, 0x25, 0x10, 0x80, 0x00, 0x00,  // cmpxchg16b [8010h]
                 0x48, 0x0F, 0xC7, 0x0C, 0x25, 0x18, 0x80, 0x00, 0x00,  // cmpxchg16b [8018h]
             });
  auto& r = m.cpu.s.gpr;
  r[kEbx] = 0xFFFF'FFFF;
  r[kEax] = 0x1234'5678'9ABC'DEF0ull;
  r[kEcx] = 0x1234'5678'9ABC'DEF0ull;
  r[kEdx] = 0x5555'6666'7777'8888ull;
  m.Write64(0x8000, 0x1'0000'0000ull);
  m.Write64(0x8008, 1);
  m.Write64(0x8010, 1);
  m.Write64(0x8018, 0xAAAA);
  REQUIRE(Step(m) == -1);
  CHECK(Qword(m, 0x8000) == 0x1'FFFF'FFFFull);
  CHECK(r[kEbx] == 0x1'0000'0000ull);
  CHECK(StepFlags(m, kZf) == kZf);
  CHECK(r[kEcx] == 0x5555'6666'7777'8888ull);
  CHECK(StepFlags(m, kZf) == 0);
  CHECK(r[kEax] == 1);
  CHECK(Qword(m, 0x8008) == 1);
  // RDX:RAX = 5555...8888:1 against AAAA:1: no match, the operand is loaded.
  CHECK(StepFlags(m, kZf) == 0);
  CHECK(r[kEdx] == 0xAAAA);
  CHECK(r[kEax] == 1);
  // Now it matches: RCX:RBX is stored.
  CHECK(StepFlags(m, kZf) == kZf);
  CHECK(Qword(m, 0x8010) == 0x1'0000'0000ull);
  CHECK(Qword(m, 0x8018) == 0x5555'6666'7777'8888ull);
  // An operand that is not 16-byte aligned is #GP(0).
  uint32_t error = 1;
  CHECK(Step(m, &error) == kVecGp);
  CHECK(error == 0);
}

TEST_CASE("A 32-bit CMPXCHG that fails leaves its register destination whole",
          "[system][lm][alu]") {
  test::SystemMachine m("core2");
  Enter64(m, {0x41, 0x0F, 0xB1, 0xC5});  // cmpxchg r13d, eax
  auto& r = m.cpu.s.gpr;
  r[kEax] = 0xFFFF'FFFF'0000'0000ull;
  r[kR13] = 0x1CA5'ACFE'FED2'9982ull;
  CHECK(StepFlags(m, kZf) == 0);
  CHECK(r[kR13] == 0x1CA5'ACFE'FED2'9982ull);  // not zero-extended (as the host does)
  CHECK(r[kEax] == 0xFED2'9982);               // EAX loaded and zero-extended
}

TEST_CASE("MOV forms: imm64, sign-extended imm32, moffs64, MOVZX/MOVSX/MOVSXD and LEA",
          "[system][lm][data]") {
  test::SystemMachine m("core2");
  Enter64(m, {
                 0x48, 0xB8, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,  // mov rax, imm64
                 0x48, 0xC7, 0x04, 0x25, 0x00, 0x80, 0x00, 0x00, 0xFE, 0xFF, 0xFF, 0xFF,
                 // mov qword [8000h], -2
                 0x48, 0xA3, 0x08, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // mov [8008h], rax
                 0x48, 0x0F, 0xB6, 0x0C, 0x25, 0x00, 0x80, 0x00, 0x00,  // movzx rcx, byte [8000h]
                 0x48, 0x0F, 0xBF, 0x14, 0x25, 0x00, 0x80, 0x00, 0x00,  // movsx rdx, word [8000h]
                 0x48, 0x63, 0x34, 0x25, 0x10, 0x80, 0x00, 0x00,  // movsxd rsi, dword [8010h]
                 0x63, 0xFE,                                      // movsxd edi, esi (no REX.W)
                 0x4C, 0x8D, 0x44, 0x58, 0x08,                    // lea r8, [rax+rbx*2+8]
                 0x44, 0x8D, 0x50, 0x08,                          // lea r10d, [rax+8]
                 0x67, 0x4C, 0x8D, 0x58, 0x08,                    // lea r11, [eax+8]
                 0x66, 0x44, 0x8D, 0x60, 0x08,                    // lea r12w, [rax+8]
                 0x48, 0xA1, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // mov rax, [8000h]
                 0xF4,
             });
  auto& r = m.cpu.s.gpr;
  r[kEbx] = 0x10;
  r[kEdi] = kOnes;
  r[kR12] = kOnes;
  m.Write64(0x8010, 0x8000'0000);
  REQUIRE(Run(m) == -1);
  CHECK(Qword(m, 0x8000) == 0xFFFF'FFFF'FFFF'FFFEull);
  CHECK(Qword(m, 0x8008) == 0x1122'3344'5566'7788ull);
  CHECK(r[kEcx] == 0xFE);
  CHECK(r[kEdx] == 0xFFFF'FFFF'FFFF'FFFEull);
  CHECK(r[kEsi] == 0xFFFF'FFFF'8000'0000ull);
  CHECK(r[kEdi] == 0x8000'0000);
  CHECK(r[kR8] == 0x1122'3344'5566'77B0ull);
  CHECK(r[kR10] == 0x5566'7790);
  CHECK(r[kR11] == 0x5566'7790);
  CHECK(r[kR12] == 0xFFFF'FFFF'FFFF'7790ull);
  CHECK(r[kEax] == 0xFFFF'FFFF'FFFF'FFFEull);
}

TEST_CASE("CBW/CWDE/CDQE and CWD/CDQ/CQO at every operand size", "[system][lm][data]") {
  test::SystemMachine m("core2");
  Enter64(m, {
                 0x48, 0x98,  // cdqe
                 0x48, 0x99,  // cqo
                 0x98,        // cwde
                 0x66, 0x98,  // cbw
                 0x99,        // cdq
                 0xF4,
             });
  auto& r = m.cpu.s.gpr;
  r[kEax] = 0x1122'3344'8000'0080ull;
  REQUIRE(Step(m) == -1);
  CHECK(r[kEax] == 0xFFFF'FFFF'8000'0080ull);
  REQUIRE(Step(m) == -1);
  CHECK(r[kEdx] == kOnes);
  REQUIRE(Step(m) == -1);
  CHECK(r[kEax] == 0x80);  // AX = 0080h is positive; the upper half is cleared
  REQUIRE(Step(m) == -1);
  CHECK(r[kEax] == 0xFF80);
  REQUIRE(Step(m) == -1);
  CHECK(r[kEdx] == 0);  // EDX = 0, zero-extended into RDX
}

TEST_CASE("XCHG with 90+r and REX.B, BSWAP r64 and CMOVcc's zero-extension",
          "[system][lm][data]") {
  test::SystemMachine m("core2");
  Enter64(m, {
                 0x49, 0x90,              // xchg r8, rax
                 0x48, 0x90,              // nop (REX.W without REX.B)
                 0x41, 0x90,              // xchg r8d, eax
                 0x4D, 0x87, 0xD1,        // xchg r10, r9
                 0x48, 0x0F, 0xC8,        // bswap rax
                 0x49, 0x0F, 0xCB,        // bswap r11
                 0x41, 0x0F, 0xCC,        // bswap r12d
                 0x0F, 0x44, 0xCA,        // cmovz ecx, edx (ZF clear: no move)
                 0x49, 0x0F, 0x45, 0xD8,  // cmovnz rbx, r8
                 0xF4,
             });
  auto& r = m.cpu.s.gpr;
  r[kEax] = 0x1111'1111'2222'2222ull;
  r[kR8] = 0x3333'3333'4444'4444ull;
  r[kR9] = 9;
  r[kR10] = 10;
  r[kR11] = 0x0102'0304'0506'0708ull;
  r[kR12] = 0xFFFF'FFFF'1122'3344ull;
  r[kEcx] = 0xFFFF'FFFF'0000'0001ull;
  r[kEdx] = 2;
  m.cpu.SetFlags(0, kZf);
  REQUIRE(Step(m) == -1);
  CHECK(r[kEax] == 0x3333'3333'4444'4444ull);
  CHECK(r[kR8] == 0x1111'1111'2222'2222ull);
  REQUIRE(Step(m) == -1);
  CHECK(r[kEax] == 0x3333'3333'4444'4444ull);
  REQUIRE(Run(m) == -1);
  CHECK(r[kEax] == 0x2222'2222'0000'0000ull);  // EAX's 22222222h, zero-extended, then swapped
  CHECK(r[kR8] == 0x4444'4444);
  CHECK(r[kR9] == 10);
  CHECK(r[kR10] == 9);
  CHECK(r[kR11] == 0x0807'0605'0403'0201ull);
  CHECK(r[kR12] == 0x4433'2211);
  CHECK(r[kEcx] == 1);
  CHECK(r[kEbx] == 0x4444'4444);
}

TEST_CASE("MUL, IMUL, DIV and IDIV with 128-bit products and dividends", "[system][lm][muldiv]") {
  test::SystemMachine m("core2");
  Enter64(m, {
                 0x48, 0xF7, 0xE3,        // mul rbx
                 0x48, 0xF7, 0xE9,        // imul rcx
                 0x4D, 0x6B, 0xC1, 0xFD,  // imul r8, r9, -3
                 0x4D, 0x0F, 0xAF, 0xD3,  // imul r10, r11
                 0x48, 0xF7, 0xF3,        // div rbx
                 0x48, 0xF7, 0xF9,        // idiv rcx
                 0x48, 0xF7, 0xF6,        // div rsi
             });
  auto& r = m.cpu.s.gpr;
  r[kEax] = kOnes;
  r[kEbx] = kOnes;
  CHECK(StepFlags(m, kCf | kOf) == (kCf | kOf));
  CHECK(r[kEdx] == 0xFFFF'FFFF'FFFF'FFFEull);
  CHECK(r[kEax] == 1);
  // -2 * 2^62 = -2^63 fits in 64 bits: CF = OF = 0.
  r[kEax] = 0xFFFF'FFFF'FFFF'FFFEull;
  r[kEcx] = 0x4000'0000'0000'0000ull;
  CHECK(StepFlags(m, kCf | kOf) == 0);
  CHECK(r[kEdx] == kOnes);
  CHECK(r[kEax] == 0x8000'0000'0000'0000ull);
  r[kR9] = 0x1'0000'0000ull;
  CHECK(StepFlags(m, kCf | kOf) == 0);
  CHECK(r[kR8] == 0xFFFF'FFFD'0000'0000ull);
  r[kR10] = 0x1'0000'0000ull;
  r[kR11] = 0x1'0000'0000ull;
  CHECK(StepFlags(m, kCf | kOf) == (kCf | kOf));
  CHECK(r[kR10] == 0);
  // 2^64 / 2.
  r[kEdx] = 1;
  r[kEax] = 0;
  r[kEbx] = 2;
  REQUIRE(Step(m) == -1);
  CHECK(r[kEax] == 0x8000'0000'0000'0000ull);
  CHECK(r[kEdx] == 0);
  // -7 / 2 = -3 remainder -1.
  r[kEdx] = kOnes;
  r[kEax] = 0xFFFF'FFFF'FFFF'FFF9ull;
  r[kEcx] = 2;
  REQUIRE(Step(m) == -1);
  CHECK(r[kEax] == 0xFFFF'FFFF'FFFF'FFFDull);
  CHECK(r[kEdx] == kOnes);
  r[kEsi] = 0;
  CHECK(Step(m) == kVecDe);
}

TEST_CASE("DIV and IDIV raise #DE when a 64-bit quotient does not fit", "[system][lm][muldiv]") {
  for (const bool is_signed : {false, true}) {
    test::SystemMachine m("core2");
    Enter64(m, {0x48, 0xF7, static_cast<uint8_t>(is_signed ? 0xF9 : 0xF1)});  // (i)div rcx
    auto& r = m.cpu.s.gpr;
    // Unsigned: 5:0 / 5 needs 65 bits. Signed: -2^127 / -1 = 2^127.
    r[kEdx] = is_signed ? 0x8000'0000'0000'0000ull : 5;
    r[kEax] = 0;
    r[kEcx] = is_signed ? kOnes : 5;
    CHECK(Step(m) == kVecDe);
    CHECK(r[kEax] == 0);
  }
}

TEST_CASE("Shifts and rotates mask 64-bit counts to 6 bits; 32-bit results are zero-extended",
          "[system][lm][shift]") {
  test::SystemMachine m("core2");
  Enter64(m, {
                 0x48, 0xC1, 0xE0, 0x3F,        // shl rax, 63
                 0x48, 0xD3, 0xEB,              // shr rbx, cl (CL = 65: count 1)
                 0x48, 0xC1, 0xFA, 0x04,        // sar rdx, 4
                 0x49, 0xC1, 0xC0, 0x08,        // rol r8, 8
                 0x49, 0xD1, 0xD1,              // rcl r9, 1
                 0x49, 0xC1, 0xDA, 0x02,        // rcr r10, 2
                 0x4D, 0x0F, 0xA4, 0xE3, 0x04,  // shld r11, r12, 4
                 0x4D, 0x0F, 0xAD, 0xF5,        // shrd r13, r14, cl
                 0xD3, 0xFF,                    // sar edi, cl (CL = 65: count 1)
                 0xC1, 0xE6, 0x00,              // shl esi, 0
                 0xF4,
             });
  auto& r = m.cpu.s.gpr;
  r[kEax] = 3;
  r[kEcx] = 65;
  r[kEbx] = 0x8000'0000'0000'0001ull;
  r[kEdx] = 0x8000'0000'0000'0000ull;
  r[kR8] = 0x1122'3344'5566'7788ull;
  r[kR9] = 0x8000'0000'0000'0000ull;
  r[kR10] = 1;
  r[kR11] = 0x1234'5678'9ABC'DEF0ull;
  r[kR12] = 0xF000'0000'0000'0000ull;
  r[kR13] = 2;
  r[kR14] = 1;
  r[kEdi] = 0xFFFF'FFFF'8000'0000ull;
  r[kEsi] = 0xFFFF'FFFF'0000'0001ull;
  CHECK(StepFlags(m, kCf) == kCf);
  CHECK(r[kEax] == 0x8000'0000'0000'0000ull);
  CHECK(StepFlags(m, kCf) == kCf);
  CHECK(r[kEbx] == 0x4000'0000'0000'0000ull);
  CHECK(StepFlags(m, kCf) == 0);
  CHECK(r[kEdx] == 0xF800'0000'0000'0000ull);
  CHECK(StepFlags(m, kCf) == kCf);
  CHECK(r[kR8] == 0x2233'4455'6677'8811ull);
  CHECK(StepFlags(m, kCf) == kCf);  // the 65-bit rotate: CF:R9 = 1:8000...0 -> 1:1
  CHECK(r[kR9] == 1);
  CHECK(StepFlags(m, kCf) == 0);
  CHECK(r[kR10] == 0xC000'0000'0000'0000ull);
  CHECK(StepFlags(m, kCf) == kCf);
  CHECK(r[kR11] == 0x2345'6789'ABCD'EF0Full);
  CHECK(StepFlags(m, kCf) == 0);
  CHECK(r[kR13] == 0x8000'0000'0000'0001ull);
  REQUIRE(Step(m) == -1);
  CHECK(r[kEdi] == 0xC000'0000);
  REQUIRE(Step(m) == -1);
  CHECK(r[kEsi] == 1);  // a count of 0 still writes (and zero-extends) the register
}

TEST_CASE("BT* take 64-bit bit offsets; BSF and BSR scan 64 bits", "[system][lm][bit]") {
  test::SystemMachine m("core2");
  Enter64(m, {
                 0x48, 0x0F, 0xA3, 0x04, 0x25, 0x00, 0x80, 0x00, 0x00,  // bt [8000h], rax
                 0x48, 0x0F, 0xAB, 0x1C, 0x25, 0x10, 0x80, 0x00, 0x00,  // bts [8010h], rbx
                 0x48, 0x0F, 0xBA, 0xF1, 0x3F,                          // btr rcx, 63
                 0x48, 0x0F, 0xBB, 0xF2,                                // btc rdx, rsi
                 0x4D, 0x0F, 0xBC, 0xC1,                                // bsf r8, r9
                 0x4D, 0x0F, 0xBD, 0xD3,                                // bsr r10, r11
                 0xF4,
             });
  auto& r = m.cpu.s.gpr;
  r[kEax] = 64 * 2 + 3;                   // bit 3 of the quadword at 8010h
  r[kEbx] = static_cast<uint64_t>(-61);  // bit 3 of the quadword at 8008h
  r[kEcx] = 0x8000'0000'0000'0001ull;
  r[kEdx] = 0;
  r[kEsi] = 64 + 5;
  r[kR9] = 0x100'0000'0000ull;
  r[kR11] = 0x8000'0000'0000'0000ull;
  m.Write64(0x8010, 8);
  CHECK(StepFlags(m, kCf) == kCf);
  CHECK(StepFlags(m, kCf) == 0);
  CHECK(Qword(m, 0x8008) == 8);
  CHECK(StepFlags(m, kCf) == kCf);
  CHECK(r[kEcx] == 1);
  REQUIRE(Run(m) == -1);
  CHECK(r[kEdx] == 0x20);
  CHECK(r[kR8] == 40);
  CHECK(r[kR10] == 63);
}
