// The x87 layer of the transcendental instructions: operands, results, pops and pushes, C2
// (SDM Vol. 2A-2B: FSIN, FCOS, FSINCOS, FPTAN, FPATAN, F2XM1, FYL2X, FYL2XP1). Only results
// the SDM makes exact are checked here; accuracy is the fpu unit tests' concern.
#include <catch2/catch.hpp>

#include "x87_machine.h"

using namespace m86;
using namespace m86::test;

TEST_CASE("FSIN, FCOS, FSINCOS, FPTAN at zero", "[x87][transcendental]") {
  X87Machine m;
  // fninit; fldz; fsin; fldz; fcos; hlt
  REQUIRE(m.Run32({0xDB, 0xE3, 0xD9, 0xEE, 0xD9, 0xFE, 0xD9, 0xEE, 0xD9, 0xFF, 0xF4}) == -1);
  CHECK(m.st(1) == F80(0.0));
  CHECK(m.st(0) == F80(1.0));
  CHECK((m.cc() & x87sw::kC2) == 0);
  // fninit; fldz; fsincos -> ST0 = cos, ST1 = sin; hlt
  REQUIRE(m.Run32({0xDB, 0xE3, 0xD9, 0xEE, 0xD9, 0xFB, 0xF4}) == -1);
  CHECK(m.top() == 6);
  CHECK(m.st(0) == F80(1.0));
  CHECK(m.st(1) == F80(0.0));
  // fninit; fldz; fptan -> ST0 = 1.0, ST1 = tan 0; hlt
  REQUIRE(m.Run32({0xDB, 0xE3, 0xD9, 0xEE, 0xD9, 0xF2, 0xF4}) == -1);
  CHECK(m.top() == 6);
  CHECK(m.st(0) == F80(1.0));
  CHECK(m.st(1) == F80(0.0));
}

TEST_CASE("Out-of-range operands set C2 and leave the stack", "[x87][transcendental]") {
  X87Machine m;
  const fpu::Float80 big{0x8000000000000000ull, 0x3FFF + 63};  // 2^63
  m.Put80(kX87Data, big);
  // fninit; fld tword [d]; fsin; hlt
  REQUIRE(m.Run32({0xDB, 0xE3, 0xDB, 0x2D, X87_A32(kX87Data), 0xD9, 0xFE, 0xF4}) == -1);
  CHECK(m.st(0) == big);
  CHECK((m.cc() & x87sw::kC2) != 0);
  // fptan: no push either
  REQUIRE(m.Run32({0xDB, 0xE3, 0xDB, 0x2D, X87_A32(kX87Data), 0xD9, 0xF2, 0xF4}) == -1);
  CHECK(m.top() == 7);
  CHECK((m.cc() & x87sw::kC2) != 0);
}

TEST_CASE("FPATAN, FYL2X, FYL2XP1 write ST(1) and pop; F2XM1", "[x87][transcendental]") {
  X87Machine m;
  // fninit; fld1; fld1; fpatan -> atan(1/1) = pi/4; hlt
  REQUIRE(m.Run32({0xDB, 0xE3, 0xD9, 0xE8, 0xD9, 0xE8, 0xD9, 0xF3, 0xF4}) == -1);
  CHECK(m.top() == 7);
  CHECK(m.st(0) == fpu::Float80{0xC90FDAA22168C235ull, 0x3FFE});
  m.PutDouble(kX87Data, 3.0);
  m.PutDouble(kX87Data + 8, 8.0);
  // fninit; fld qword [d] (3); fld qword [d+8] (8); fyl2x -> 3 * log2 8 = 9; hlt
  REQUIRE(m.Run32({0xDB, 0xE3, 0xDD, 0x05, X87_A32(kX87Data), 0xDD, 0x05, X87_A32(kX87Data + 8),
                   0xD9, 0xF1, 0xF4}) == -1);
  CHECK(m.top() == 7);
  CHECK(D(m.st(0)) == 9.0);
  // fninit; fld qword [d] (3); fldz; fyl2xp1 -> 3 * log2(1 + 0) = 0; hlt
  REQUIRE(m.Run32({0xDB, 0xE3, 0xDD, 0x05, X87_A32(kX87Data), 0xD9, 0xEE, 0xD9, 0xF9, 0xF4}) == -1);
  CHECK(m.top() == 7);
  CHECK(D(m.st(0)) == 0.0);
  // fninit; fld1; f2xm1 -> 2^1 - 1 = 1; hlt
  REQUIRE(m.Run32({0xDB, 0xE3, 0xD9, 0xE8, 0xD9, 0xF0, 0xF4}) == -1);
  CHECK(m.st(0) == F80(1.0));
}

TEST_CASE("Transcendentals on an empty stack: underflow, masked indefinite",
          "[x87][transcendental]") {
  X87Machine m;
  // fninit; fsin; hlt
  REQUIRE(m.Run32({0xDB, 0xE3, 0xD9, 0xFE, 0xF4}) == -1);
  CHECK((m.fpu().sw & (x87sw::kIe | x87sw::kSf | x87sw::kC1)) == (x87sw::kIe | x87sw::kSf));
  CHECK(m.st(0) == kIndefinite);
  // fninit; fld1; fpatan (ST1 empty): ST1 = indefinite, then pop
  REQUIRE(m.Run32({0xDB, 0xE3, 0xD9, 0xE8, 0xD9, 0xF3, 0xF4}) == -1);
  CHECK(m.top() == 0);
  CHECK(m.st(0) == kIndefinite);
}
