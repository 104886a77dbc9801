// x87 control instructions and the memory images of FSTENV/FSAVE/FXSAVE (SDM Vol. 1, 8.1.10
// Figures 8-9 to 8-12; Vol. 2A, FXSAVE Table 3-53).
#include <catch2/catch.hpp>

#include "x87_machine.h"

using namespace m86;
using namespace m86::test;

namespace {
constexpr uint32_t kEnv = kX87Data + 0x100;
const fpu::Float80 kPi{0xC90FDAA22168C235ull, 0x4000};
}  // namespace

TEST_CASE("RESET state, FNINIT, FLDCW/FNSTCW, FNCLEX, FNSTSW", "[x87][control]") {
  X87Machine m;
  m.cpu.Reset();
  CHECK(m.fpu().cw == 0x0040);
  CHECK(m.fpu().tw == 0x5555);
  CHECK(m.fpu().sw == 0);
  m.cpu.s.cr0 |= cr0::kNe;
  m.Put16(kX87Data, 0x0F72);  // RC chop, PC 64 bits, IM ZM OM unmasked
  // fninit; fldcw [d]; fnstcw [d+2]; hlt
  REQUIRE(m.Run32({0xDB, 0xE3, 0xD9, 0x2D, X87_A32(kX87Data), 0xD9, 0x3D, X87_A32(kX87Data + 2),
                   0xF4}) == -1);
  CHECK(m.Get16(kX87Data + 2) == 0x0F72);
  // Reserved bits: 6 reads as 1, 13-15 as 0.
  m.Put16(kX87Data, 0xE000);
  REQUIRE(m.Run32({0xD9, 0x2D, X87_A32(kX87Data), 0xD9, 0x3D, X87_A32(kX87Data + 2), 0xF4}) == -1);
  CHECK(m.Get16(kX87Data + 2) == 0x0040);
  // fninit; fld1; fldz; fdivp st1 (ZE, masked); fnstsw [d+4]; fnclex; fnstsw ax; hlt
  REQUIRE(m.Run32({0xDB, 0xE3, 0xD9, 0xE8, 0xD9, 0xEE, 0xDE, 0xF9, 0xDD, 0x3D,
                   X87_A32(kX87Data + 4), 0xDB, 0xE2, 0xDF, 0xE0, 0xF4}) == -1);
  CHECK(m.Get16(kX87Data + 4) == (0x3800 | x87sw::kZe));
  CHECK((m.cpu.s.gpr[kEax] & 0xFFFF) == 0x3800);
  // FNINIT: 037F, TOP 0, all empty, pointers cleared; register contents stay (R7 = 1/0).
  REQUIRE(m.Run32({0xDB, 0xE3, 0xF4}) == -1);
  CHECK(m.fpu().cw == 0x037F);
  CHECK(m.fpu().sw == 0);
  CHECK(m.fpu().tw == 0xFFFF);
  CHECK(m.fpu().fip == 0);
  CHECK(m.fpu().fop == 0);
  CHECK(m.fpu().r[7] == fpu::Float80{0x8000000000000000ull, 0x7FFF});
}

TEST_CASE("FNSTENV, 32-bit protected-mode layout, then all exceptions masked", "[x87][control]") {
  X87Machine m;
  m.PutDouble(kX87Data, 1.0);
  m.Put16(kX87Data + 8, 0x0360);
  // 1000 fninit; 1002 fldcw [d+8]; 1008 fld qword [d]; 100E fnstenv [env]; hlt
  REQUIRE(m.Run32({0xDB, 0xE3, 0xD9, 0x2D, X87_A32(kX87Data + 8), 0xDD, 0x05, X87_A32(kX87Data),
                   0xD9, 0x35, X87_A32(kEnv), 0xF4}) == -1);
  CHECK(m.Get32(kEnv + 0) == 0xFFFF0360u);
  CHECK(m.Get32(kEnv + 4) == 0xFFFF3800u);
  CHECK(m.Get32(kEnv + 8) == 0xFFFF3FFFu);
  CHECK(m.Get32(kEnv + 12) == 0x1008u);
  CHECK(m.Get32(kEnv + 16) == (0x0505u << 16 | 0x08));
  CHECK(m.Get32(kEnv + 20) == kX87Data);
  CHECK(m.Get32(kEnv + 24) == 0xFFFF0010u);
  CHECK(m.fpu().cw == 0x037F);
}

TEST_CASE("FNSTENV 16-bit protected mode and FLDENV", "[x87][control]") {
  X87Machine m;
  m.PutDouble(kX87Data, 1.0);
  // 1000 fninit; 1002 fld qword [d]; 1008 fnstenv o16 [env]; hlt
  REQUIRE(m.Run32({0xDB, 0xE3, 0xDD, 0x05, X87_A32(kX87Data), 0x66, 0xD9, 0x35, X87_A32(kEnv),
                   0xF4}) == -1);
  CHECK(m.Get16(kEnv + 0) == 0x037F);
  CHECK(m.Get16(kEnv + 2) == 0x3800);
  CHECK(m.Get16(kEnv + 4) == 0x3FFF);
  CHECK(m.Get16(kEnv + 6) == 0x1002);
  CHECK(m.Get16(kEnv + 8) == 0x08);
  CHECK(m.Get16(kEnv + 10) == kX87Data);
  CHECK(m.Get16(kEnv + 12) == 0x10);
  CHECK(m.Get16(kEnv + 14) == 0);  // 14 bytes only
  // A modified image back: CW 0372 (RC 0, IM and ZM... masks 110010), SW with ZE, TOP 7,
  // R7 in use: ZE is unmasked, so ES and B come back set.
  m.Put16(kEnv + 0, 0x0372);
  m.Put16(kEnv + 2, 0x3800 | x87sw::kZe);
  // fldenv o16 [env]; hlt
  REQUIRE(m.Run32({0x66, 0xD9, 0x25, X87_A32(kEnv), 0xF4}) == -1);
  CHECK(m.fpu().cw == 0x0372);
  CHECK(m.fpu().sw == (0x3800 | x87sw::kZe | x87sw::kEs | x87sw::kB));
  CHECK(m.fpu().fip == 0x1002);
  CHECK(m.fpu().fdp == kX87Data);
  CHECK(!m.empty(0));
  CHECK(m.empty(1));
}

TEST_CASE("FNSTENV real-mode layouts hold 20-bit linear pointers", "[x87][control]") {
  X87Machine m;
  // DS = 1234h: the operand at 1234:8000 is linear 1A340.
  m.PutDouble(0x1A340, 2.0);
  // 1000 mov ax, 1234h; 1003 mov ds, ax; 1005 fninit; 1007 fld qword [8000h];
  // 100B fnstenv [8100h] (16-bit); 100F o32 fnstenv [8200h]; hlt
  REQUIRE(m.Run16({0xB8, 0x34, 0x12, 0x8E, 0xD8, 0xDB, 0xE3, 0xDD, 0x06, X87_A16(0x8000), 0xD9,
                   0x36, X87_A16(0x8100), 0x66, 0xD9, 0x36, X87_A16(0x8200), 0xF4}) == -1);
  const uint32_t e16 = 0x12340 + 0x8100, e32 = 0x12340 + 0x8200;
  CHECK(m.Get16(e16 + 0) == 0x037F);
  CHECK(m.Get16(e16 + 2) == 0x3800);
  CHECK(m.Get16(e16 + 4) == 0x3FFF);
  CHECK(m.Get16(e16 + 6) == 0x1007);
  CHECK(m.Get16(e16 + 8) == 0x0506);  // IP 19..16 = 0, opcode DD 06
  CHECK(m.Get16(e16 + 10) == 0xA340);
  CHECK(m.Get16(e16 + 12) == 0x1000);  // DP 19..16 = 1 in bits 12-15
  CHECK(m.Get32(e32 + 12) == 0xFFFF1007u);
  CHECK(m.Get32(e32 + 16) == 0x00000506u);
  CHECK(m.Get32(e32 + 20) == 0xFFFFA340u);
  CHECK(m.Get32(e32 + 24) == 0x00001000u);
  // FLDENV of the 16-bit real-mode image restores the linear pointers.
  REQUIRE(m.Run16({0xB8, 0x34, 0x12, 0x8E, 0xD8, 0xDB, 0xE3, 0xD9, 0x26, X87_A16(0x8100), 0xF4}) ==
          -1);
  CHECK(m.fpu().fip == 0x1007);
  CHECK(m.fpu().fdp == 0x1A340);
  CHECK(m.fpu().fop == 0x506);
}

TEST_CASE("The stored tag word classifies the registers", "[x87][control]") {
  X87Machine m;
  m.Put80(kX87Data, fpu::Float80{0x8000000000000000ull, 0x7FFF});  // +inf
  // fninit; fldz; fld tword [d]; fld1; fnstenv [env]; hlt
  REQUIRE(m.Run32({0xDB, 0xE3, 0xD9, 0xEE, 0xDB, 0x2D, X87_A32(kX87Data), 0xD9, 0xE8, 0xD9, 0x35,
                   X87_A32(kEnv), 0xF4}) == -1);
  CHECK(m.Get16(kEnv + 8) == 0x63FF);  // R7 zero, R6 special, R5 valid, the rest empty
}

TEST_CASE("FNSAVE stores environment and registers, then initializes; FRSTOR restores",
          "[x87][control]") {
  X87Machine m;
  // fninit; fld1; fldpi; fnsave [env]; hlt
  REQUIRE(m.Run32({0xDB, 0xE3, 0xD9, 0xE8, 0xD9, 0xEB, 0xDD, 0x35, X87_A32(kEnv), 0xF4}) == -1);
  CHECK(m.Get32(kEnv + 4) == 0xFFFF3000u);
  CHECK(m.Get32(kEnv + 8) == 0xFFFF0FFFu);
  CHECK(m.Get32(kEnv + 12) == 0x1004u);
  CHECK(m.Get80(kEnv + 28) == kPi);
  CHECK(m.Get80(kEnv + 38) == F80(1.0));
  CHECK(m.fpu().cw == 0x037F);
  CHECK(m.fpu().tw == 0xFFFF);
  CHECK(m.top() == 0);
  // frstor [env]; hlt
  REQUIRE(m.Run32({0xDD, 0x25, X87_A32(kEnv), 0xF4}) == -1);
  CHECK(m.top() == 6);
  CHECK(m.st(0) == kPi);
  CHECK(m.st(1) == F80(1.0));
  CHECK(m.empty(2));
  CHECK(m.fpu().fip == 0x1004);
  // The 16-bit real-mode image is 94 bytes: registers from offset 14.
  REQUIRE(m.Run16({0xDB, 0xE3, 0xD9, 0xE8, 0xDD, 0x36, X87_A16(0x8400), 0xF4}) == -1);
  CHECK(m.Get80(0x8400 + 14) == F80(1.0));
  CHECK(m.Get16(0x8400 + 4) == 0x3FFF);
}

TEST_CASE("FXSAVE/FXRSTOR: the 512-byte layout, FXSR only, alignment", "[x87][control][fxsr]") {
  X87Machine m("pentium2");
  const uint32_t area = kX87Data + 0x200;
  m.Put32(area + 24, 0xDEADBEEF);  // MXCSR: not written on these models
  // 1000 fninit; 1002 fld1; 1004 fldpi; 1006 fxsave [area]; hlt
  REQUIRE(m.Run32({0xDB, 0xE3, 0xD9, 0xE8, 0xD9, 0xEB, 0x0F, 0xAE, 0x05, X87_A32(area), 0xF4}) ==
          -1);
  CHECK(m.Get16(area + 0) == 0x037F);
  CHECK(m.Get16(area + 2) == 0x3000);
  CHECK(m.mem.Read(area + 4, 1) == 0xC0);  // R6 and R7 in use
  CHECK(m.Get16(area + 6) == 0x1EB);       // FLDPI
  CHECK(m.Get32(area + 8) == 0x1004u);
  CHECK(m.Get16(area + 12) == 0x08);
  CHECK(m.Get32(area + 16) == 0u);
  CHECK(m.Get32(area + 24) == 0xDEADBEEFu);
  CHECK(m.Get80(area + 32) == kPi);
  CHECK(m.Get80(area + 48) == F80(1.0));
  CHECK(m.top() == 6);  // FXSAVE does not initialize
  // fninit; fxrstor [area]; hlt
  REQUIRE(m.Run32({0xDB, 0xE3, 0x0F, 0xAE, 0x0D, X87_A32(area), 0xF4}) == -1);
  CHECK(m.top() == 6);
  CHECK(m.st(0) == kPi);
  CHECK(m.st(1) == F80(1.0));
  CHECK(m.empty(2));
  CHECK(m.fpu().fop == 0x1EB);
  // Misaligned: #GP(0).
  CHECK(m.Run32({0x0F, 0xAE, 0x05, X87_A32(area + 8), 0xF4}) == kVecGp);
  // CR0.TS: #NM.
  m.cpu.s.cr0 |= cr0::kTs;
  CHECK(m.Run32({0x0F, 0xAE, 0x05, X87_A32(area), 0xF4}) == kVecNm);
  // Without FXSR (Pentium Pro): #UD.
  X87Machine p6("pentiumpro");
  CHECK(p6.Run32({0x0F, 0xAE, 0x05, X87_A32(area), 0xF4}) == kVecUd);
}
