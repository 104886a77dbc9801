// x87 loads, stores, constants and register moves (SDM Vol. 2A-2B: FLD, FST/FSTP, FILD,
// FIST/FISTP, FBLD, FBSTP, FLD1..FLDZ, FXCH).
#include <catch2/catch.hpp>

#include "x87_machine.h"

using namespace m86;
using namespace m86::test;

TEST_CASE("FLD m32/m64/m80 push, FSTP m80 stores the register bytes", "[x87][load]") {
  X87Machine m;
  m.PutFloat(kX87Data, 1.5f);
  m.PutDouble(kX87Data + 8, -0.25);
  m.Put80(kX87Data + 16, F80(3.0));
  // fld dword [d]; fld qword [d+8]; fld tword [d+16]; hlt
  REQUIRE(m.Run32({0xD9, 0x05, X87_A32(kX87Data), 0xDD, 0x05, X87_A32(kX87Data + 8), 0xDB, 0x2D,
                   X87_A32(kX87Data + 16), 0xF4}) == -1);
  CHECK(m.top() == 5);
  CHECK(m.st(0) == F80(3.0));
  CHECK(m.st(1) == F80(-0.25));
  CHECK(m.st(2) == F80(1.5));
  CHECK(m.empty(3));
  CHECK((m.fpu().sw & 0x3F) == 0);
  // The tag word keeps only "empty" exact; R5..R7 are in use.
  CHECK(m.fpu().tw == 0x03FF);
  // fstp tword [d+32] x3
  REQUIRE(m.Run32({0xDB, 0x3D, X87_A32(kX87Data + 32), 0xDB, 0x3D, X87_A32(kX87Data + 42), 0xDB,
                   0x3D, X87_A32(kX87Data + 52), 0xF4}) == -1);
  CHECK(m.top() == 0);
  CHECK(m.fpu().tw == 0xFFFF);
  CHECK(m.Get80(kX87Data + 32) == F80(3.0));
  CHECK(m.Get80(kX87Data + 42) == F80(-0.25));
  CHECK(m.Get80(kX87Data + 52) == F80(1.5));
}

TEST_CASE("FLD m80 and FSTP m80 keep SNaNs and unsupported encodings bit for bit", "[x87][load]") {
  X87Machine m;
  const fpu::Float80 snan{0x8000000000000001ull, 0x7FFF};
  const fpu::Float80 unnormal{0x1234, 0x4000};
  m.Put80(kX87Data, snan);
  m.Put80(kX87Data + 16, unnormal);
  // fld tword [d]; fstp tword [d+32]; fld tword [d+16]; fstp tword [d+48]; hlt
  REQUIRE(m.Run32({0xDB, 0x2D, X87_A32(kX87Data), 0xDB, 0x3D, X87_A32(kX87Data + 32), 0xDB, 0x2D,
                   X87_A32(kX87Data + 16), 0xDB, 0x3D, X87_A32(kX87Data + 48), 0xF4}) == -1);
  CHECK(m.Get80(kX87Data + 32) == snan);
  CHECK(m.Get80(kX87Data + 48) == unnormal);
  CHECK((m.fpu().sw & 0x3F) == 0);
}

TEST_CASE("FST/FSTP m32 and m64 round per RC and report C1", "[x87][store]") {
  X87Machine m;
  // 1 + 2^-30: not representable in single precision.
  m.Put80(kX87Data, fpu::Float80{0x8000000200000000ull, 0x3FFF});
  // fld tword [d]; fst dword [d+16]; fstp qword [d+24]; hlt
  REQUIRE(m.Run32({0xDB, 0x2D, X87_A32(kX87Data), 0xD9, 0x15, X87_A32(kX87Data + 16), 0xDD, 0x1D,
                   X87_A32(kX87Data + 24), 0xF4}) == -1);
  CHECK(m.Get32(kX87Data + 16) == 0x3F800000u);            // nearest: 1.0, inexact
  CHECK(m.Get64(kX87Data + 24) == 0x3FF0000000400000ull);  // exact in double
  CHECK((m.fpu().sw & fpu::kPrecision) != 0);
  CHECK(m.top() == 0);
  // Round up: fldcw [d+40] (RC = up); fld tword [d]; fstp dword [d+16]
  m.Put16(kX87Data + 40, 0x0B7F);
  REQUIRE(m.Run32({0xD9, 0x2D, X87_A32(kX87Data + 40), 0xDB, 0x2D, X87_A32(kX87Data), 0xD9, 0x1D,
                   X87_A32(kX87Data + 16), 0xF4}) == -1);
  CHECK(m.Get32(kX87Data + 16) == 0x3F800001u);
  CHECK((m.fpu().sw & x87sw::kC1) != 0);
}

TEST_CASE("FILD and FISTP: integers of every width, RC, and the integer indefinite",
          "[x87][store]") {
  X87Machine m;
  m.Put16(kX87Data, static_cast<uint16_t>(-7));
  m.Put32(kX87Data + 4, 100000);
  m.Put64(kX87Data + 8, 0x123456789ABCDEFull);
  // fild word [d]; fild dword [d+4]; fild qword [d+8]; hlt
  REQUIRE(m.Run32({0xDF, 0x05, X87_A32(kX87Data), 0xDB, 0x05, X87_A32(kX87Data + 4), 0xDF, 0x2D,
                   X87_A32(kX87Data + 8), 0xF4}) == -1);
  CHECK(D(m.st(2)) == -7.0);
  CHECK(D(m.st(1)) == 100000.0);
  CHECK(m.st(0).mant == 0x123456789ABCDEFull << 7);
  // fistp qword [d+32]; fistp dword [d+40]; fistp word [d+44]; hlt
  REQUIRE(m.Run32({0xDF, 0x3D, X87_A32(kX87Data + 32), 0xDB, 0x1D, X87_A32(kX87Data + 40), 0xDF,
                   0x1D, X87_A32(kX87Data + 44), 0xF4}) == -1);
  CHECK(m.Get64(kX87Data + 32) == 0x123456789ABCDEFull);
  CHECK(m.Get32(kX87Data + 40) == 100000u);
  CHECK(m.Get16(kX87Data + 44) == static_cast<uint16_t>(-7));

  struct Case {
    uint16_t cw;
    double in;
    int32_t out;
  };
  const Case cases[] = {{0x037F, 2.5, 2}, {0x037F, 3.5, 4},   {0x077F, 2.5, 2},
                        {0x0B7F, 2.5, 3}, {0x0F7F, -2.5, -2}, {0x077F, -2.5, -3}};
  for (const Case& k : cases) {
    m.Put16(kX87Data + 48, k.cw);
    m.PutDouble(kX87Data + 56, k.in);
    // fninit; fldcw [d+48]; fld qword [d+56]; fistp dword [d+64]; hlt
    REQUIRE(m.Run32({0xDB, 0xE3, 0xD9, 0x2D, X87_A32(kX87Data + 48), 0xDD, 0x05,
                     X87_A32(kX87Data + 56), 0xDB, 0x1D, X87_A32(kX87Data + 64), 0xF4}) == -1);
    CHECK(static_cast<int32_t>(m.Get32(kX87Data + 64)) == k.out);
  }
  // Out of range for 16 bits: IE, and the masked response stores 8000H.
  m.PutDouble(kX87Data + 56, 40000.0);
  // fninit; fld qword [d+56]; fistp word [d+64]; hlt
  REQUIRE(m.Run32({0xDB, 0xE3, 0xDD, 0x05, X87_A32(kX87Data + 56), 0xDF, 0x1D,
                   X87_A32(kX87Data + 64), 0xF4}) == -1);
  CHECK(m.Get16(kX87Data + 64) == 0x8000);
  CHECK((m.fpu().sw & fpu::kInvalid) != 0);
}

TEST_CASE("FBLD and FBSTP convert 18-digit packed BCD", "[x87][bcd]") {
  X87Machine m;
  const uint8_t bcd[10] = {0x78, 0x56, 0x34, 0x12, 0x90, 0x78, 0x56, 0x34, 0x12, 0x80};
  for (int i = 0; i < 10; ++i) m.mem.Write(kX87Data + i, 1, bcd[i]);
  // fbld [d]; fbstp [d+16]; hlt
  REQUIRE(m.Run32({0xDF, 0x25, X87_A32(kX87Data), 0xDF, 0x35, X87_A32(kX87Data + 16), 0xF4}) == -1);
  for (int i = 0; i < 10; ++i) CHECK(m.mem.Read(kX87Data + 16 + i, 1) == bcd[i]);
  CHECK(m.top() == 0);
  // fbld [d]; fistp qword [d+32]; hlt
  REQUIRE(m.Run32({0xDF, 0x25, X87_A32(kX87Data), 0xDF, 0x3D, X87_A32(kX87Data + 32), 0xF4}) == -1);
  CHECK(static_cast<int64_t>(m.Get64(kX87Data + 32)) == -123456789012345678ll);
}

TEST_CASE("The constants", "[x87][load]") {
  X87Machine m;
  // fld1; fldz; fldpi; fldl2e; fldl2t; fldlg2; fldln2; hlt
  REQUIRE(m.Run32({0xD9, 0xE8, 0xD9, 0xEE, 0xD9, 0xEB, 0xD9, 0xEA, 0xD9, 0xE9, 0xD9, 0xEC, 0xD9,
                   0xED, 0xF4}) == -1);
  CHECK(m.top() == 1);
  CHECK(m.st(6) == F80(1.0));
  CHECK(m.st(5) == F80(0.0));
  CHECK(m.st(4) == fpu::Float80{0xC90FDAA22168C235ull, 0x4000});  // pi, nearest
  CHECK(m.st(3) == fpu::Float80{0xB8AA3B295C17F0BCull, 0x3FFF});  // log2(e)
  CHECK(m.st(2) == fpu::Float80{0xD49A784BCD1B8AFEull, 0x4000});  // log2(10)
  CHECK(m.st(1) == fpu::Float80{0x9A209A84FBCFF799ull, 0x3FFD});  // log10(2)
  CHECK(m.st(0) == fpu::Float80{0xB17217F7D1CF79ACull, 0x3FFE});  // ln(2)
  // Rounded toward zero, pi ends ...C234 (SDM Vol. 1, 8.3.8).
  m.Put16(kX87Data, 0x0F7F);
  REQUIRE(m.Run32({0xDB, 0xE3, 0xD9, 0x2D, X87_A32(kX87Data), 0xD9, 0xEB, 0xF4}) == -1);
  CHECK(m.st(0) == fpu::Float80{0xC90FDAA22168C234ull, 0x4000});
}

TEST_CASE("FLD ST(i), FST ST(i), FSTP ST(i), FXCH and the undocumented aliases", "[x87][load]") {
  X87Machine m;
  // fld1; fldz; fldpi -> ST0 pi, ST1 0, ST2 1; fld st2; hlt
  REQUIRE(m.Run32({0xD9, 0xE8, 0xD9, 0xEE, 0xD9, 0xEB, 0xD9, 0xC2, 0xF4}) == -1);
  CHECK(m.st(0) == F80(1.0));
  CHECK(m.top() == 4);
  // ST0 1, ST1 pi, ST2 0, ST3 1; fxch st1; hlt
  REQUIRE(m.Run32({0xD9, 0xC9, 0xF4}) == -1);
  CHECK(D(m.st(0)) == Approx(3.14159265));
  CHECK(m.st(1) == F80(1.0));
  // fst st2 (0 -> pi); fstp st1 -> ST0 = pi, stack 3 deep; hlt
  REQUIRE(m.Run32({0xDD, 0xD2, 0xDD, 0xD9, 0xF4}) == -1);
  CHECK(m.top() == 5);
  CHECK(m.st(0) == m.st(1));
  // FXCH4 (DD C9), FSTP1 (D9 D9), FSTP8 (DF D0), FFREEP (DF C0): ST0 pi, ST1 pi, ST2 1
  REQUIRE(m.Run32({0xD9, 0xE8, 0xDD, 0xC9, 0xF4}) == -1);  // fld1; fxch4 st1
  CHECK(D(m.st(0)) == Approx(3.14159265));
  CHECK(m.st(1) == F80(1.0));
  REQUIRE(m.Run32({0xD9, 0xD9, 0xF4}) == -1);  // fstp1 st1: ST1 = pi, pop
  CHECK(m.top() == 5);
  REQUIRE(m.Run32({0xDF, 0xD0, 0xDF, 0xC0, 0xF4}) == -1);  // fstp8 st0; ffreep st0
  CHECK(m.top() == 7);
  CHECK(m.empty(7));
  CHECK(m.empty(6));
}

TEST_CASE("Stack overflow and underflow: IE, SF, C1, the masked indefinite", "[x87][stack]") {
  X87Machine m;
  // 9 x fld1; hlt
  REQUIRE(m.Run32({0xD9, 0xE8, 0xD9, 0xE8, 0xD9, 0xE8, 0xD9, 0xE8, 0xD9, 0xE8, 0xD9, 0xE8, 0xD9,
                   0xE8, 0xD9, 0xE8, 0xD9, 0xE8, 0xF4}) == -1);
  CHECK((m.fpu().sw & (x87sw::kIe | x87sw::kSf | x87sw::kC1)) ==
        (x87sw::kIe | x87sw::kSf | x87sw::kC1));
  CHECK(m.st(0) == kIndefinite);
  CHECK(m.top() == 7);
  // Underflow: fninit; fadd st0, st1. The masked response writes the indefinite to the
  // destination, which becomes non-empty.
  REQUIRE(m.Run32({0xDB, 0xE3, 0xD8, 0xC1, 0xF4}) == -1);
  CHECK((m.fpu().sw & (x87sw::kIe | x87sw::kSf | x87sw::kC1)) == (x87sw::kIe | x87sw::kSf));
  CHECK(m.st(0) == kIndefinite);
  CHECK(!m.empty(0));
  // A store from an empty register stores the format's indefinite and pops.
  // fninit; fstp dword [d]; fistp word [d+4]; fstp qword [d+8]; hlt
  REQUIRE(m.Run32({0xDB, 0xE3, 0xD9, 0x1D, X87_A32(kX87Data), 0xDF, 0x1D, X87_A32(kX87Data + 4),
                   0xDD, 0x1D, X87_A32(kX87Data + 8), 0xF4}) == -1);
  CHECK(m.Get32(kX87Data) == 0xFFC00000u);
  CHECK(m.Get16(kX87Data + 4) == 0x8000);
  CHECK(m.Get64(kX87Data + 8) == 0xFFF8000000000000ull);
  CHECK(m.top() == 3);
  // Unmasked IE: the overflowing push changes nothing but the status word.
  m.Put16(kX87Data, 0x037E);
  // fninit; fldcw [d]; 8 x fld1; fldz; hlt
  REQUIRE(m.Run32({0xDB, 0xE3, 0xD9, 0x2D, X87_A32(kX87Data),
                   0xD9, 0xE8, 0xD9, 0xE8, 0xD9,
                   0xE8, 0xD9, 0xE8, 0xD9, 0xE8,
                   0xD9, 0xE8, 0xD9, 0xE8, 0xD9,
                   0xE8, 0xD9, 0xEE, 0xF4}) == -1);
  CHECK(m.top() == 0);
  CHECK(m.st(0) == F80(1.0));
  CHECK((m.fpu().sw & (x87sw::kIe | x87sw::kSf | x87sw::kEs | x87sw::kB)) ==
        (x87sw::kIe | x87sw::kSf | x87sw::kEs | x87sw::kB));
}

TEST_CASE("A store that faults leaves the x87 state unchanged", "[x87][store]") {
  X87Machine m;
  // Real mode: fld1 is done; fstp dword [0FFFEh] crosses the 64 KiB limit -> #GP.
  REQUIRE(m.Run16({0xD9, 0xE8, 0xF4}) == -1);
  const X87State before = m.fpu();
  REQUIRE(m.Run16({0xD9, 0x1E, X87_A16(0xFFFE), 0xF4}) == kVecGp);
  CHECK(m.fpu().sw == before.sw);
  CHECK(m.fpu().tw == before.tw);
  CHECK(m.fpu().fip == before.fip);
  CHECK(m.cpu.s.rip == kX87Code);
}
