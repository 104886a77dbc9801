// x87 arithmetic in every operand form, precision and rounding control, and the one-operand
// instructions (SDM Vol. 2A-2B: FADD..FDIVR, FSQRT, FPREM, FPREM1, FRNDINT, FSCALE, FXTRACT,
// FABS, FCHS).
#include <catch2/catch.hpp>

#include "x87_machine.h"

using namespace m86;
using namespace m86::test;

namespace {

// fninit; fld qword [d] (8.0); fld qword [d+8] (2.0): ST0 = 2, ST1 = 8.
void LoadEightAndTwo(X87Machine& m) {
  m.PutDouble(kX87Data, 8.0);
  m.PutDouble(kX87Data + 8, 2.0);
  REQUIRE(m.Run32({0xDB, 0xE3, 0xDD, 0x05, X87_A32(kX87Data), 0xDD, 0x05, X87_A32(kX87Data + 8),
                   0xF4}) == -1);
}

struct RegForm {
  uint8_t op, modrm;
  int top_after;    // TOP after the instruction (6 = no pop)
  double st0, st1;  // expected ST(0), and ST(1) when nothing was popped
};

}  // namespace

TEST_CASE("Register forms: ST(0) op ST(i), ST(i) op ST(0), and the popping forms", "[x87][arith]") {
  // With ST0 = 2 and ST1 = 8.
  const RegForm forms[] = {
      {0xD8, 0xC1, 6, 10, 8},    // fadd st0, st1
      {0xD8, 0xC9, 6, 16, 8},    // fmul st0, st1
      {0xD8, 0xE1, 6, -6, 8},    // fsub st0, st1
      {0xD8, 0xE9, 6, 6, 8},     // fsubr st0, st1
      {0xD8, 0xF1, 6, 0.25, 8},  // fdiv st0, st1
      {0xD8, 0xF9, 6, 4, 8},     // fdivr st0, st1
      {0xDC, 0xC1, 6, 2, 10},    // fadd st1, st0
      {0xDC, 0xC9, 6, 2, 16},    // fmul st1, st0
      {0xDC, 0xE9, 6, 2, 6},     // fsub st1, st0   (ST1 - ST0)
      {0xDC, 0xE1, 6, 2, -6},    // fsubr st1, st0  (ST0 - ST1)
      {0xDC, 0xF9, 6, 2, 4},     // fdiv st1, st0   (ST1 / ST0)
      {0xDC, 0xF1, 6, 2, 0.25},  // fdivr st1, st0  (ST0 / ST1)
      {0xDE, 0xC1, 7, 10, 0},    // faddp
      {0xDE, 0xC9, 7, 16, 0},    // fmulp
      {0xDE, 0xE9, 7, 6, 0},     // fsubp
      {0xDE, 0xE1, 7, -6, 0},    // fsubrp
      {0xDE, 0xF9, 7, 4, 0},     // fdivp
      {0xDE, 0xF1, 7, 0.25, 0},  // fdivrp
  };
  for (const RegForm& f : forms) {
    INFO("opcode " << std::hex << int{f.op} << " " << int{f.modrm});
    X87Machine m;
    LoadEightAndTwo(m);
    REQUIRE(m.Run32({f.op, f.modrm, 0xF4}) == -1);
    CHECK(m.top() == f.top_after);
    CHECK(D(m.st(0)) == f.st0);
    if (f.top_after == 6) CHECK(D(m.st(1)) == f.st1);
    CHECK((m.fpu().sw & 0x3F) == 0);
    // The last-instruction opcode: low 3 bits of the first byte and the ModRM byte.
    CHECK(m.fpu().fop == (((f.op & 7) << 8) | f.modrm));
    CHECK(m.fpu().fip == kX87Code);
  }
}

TEST_CASE("Memory forms: m32real, m64real, m16int, m32int", "[x87][arith]") {
  struct MemForm {
    uint8_t op, modrm;
    double expect;
  };
  // ST0 = 8; memory: float 2.0 at d+16, double 2.0 at d+24, int16 2 at d+32, int32 2 at d+36.
  const MemForm forms[] = {
      {0xD8, 0x05, 10}, {0xD8, 0x0D, 16},   {0xD8, 0x25, 6},  {0xD8, 0x2D, -6},
      {0xD8, 0x35, 4},  {0xD8, 0x3D, 0.25}, {0xDC, 0x05, 10}, {0xDC, 0x0D, 16},
      {0xDC, 0x25, 6},  {0xDC, 0x2D, -6},   {0xDC, 0x35, 4},  {0xDC, 0x3D, 0.25},
      {0xDE, 0x05, 10}, {0xDE, 0x0D, 16},   {0xDE, 0x25, 6},  {0xDE, 0x2D, -6},
      {0xDE, 0x35, 4},  {0xDE, 0x3D, 0.25}, {0xDA, 0x05, 10}, {0xDA, 0x0D, 16},
      {0xDA, 0x25, 6},  {0xDA, 0x2D, -6},   {0xDA, 0x35, 4},  {0xDA, 0x3D, 0.25},
  };
  for (const MemForm& f : forms) {
    INFO("opcode " << std::hex << int{f.op} << " " << int{f.modrm});
    X87Machine m;
    m.PutDouble(kX87Data, 8.0);
    m.PutFloat(kX87Data + 16, 2.0f);
    m.PutDouble(kX87Data + 24, 2.0);
    m.Put16(kX87Data + 32, 2);
    m.Put32(kX87Data + 36, 2);
    const uint32_t operand = f.op == 0xD8   ? kX87Data + 16
                             : f.op == 0xDC ? kX87Data + 24
                             : f.op == 0xDE ? kX87Data + 32
                                            : kX87Data + 36;
    // fld qword [d]; <op> [operand]; hlt
    REQUIRE(m.Run32({0xDD, 0x05, X87_A32(kX87Data), f.op, f.modrm, X87_A32(operand), 0xF4}) == -1);
    CHECK(D(m.st(0)) == f.expect);
    CHECK(m.top() == 7);
    CHECK(m.fpu().fdp == operand);
    CHECK(m.fpu().fds == 0x10);
    CHECK(m.fpu().fip == kX87Code + 6);
    CHECK(m.fpu().fcs == 0x08);
  }
}

TEST_CASE("Precision control rounds FDIV to 24 or 53 bits; RC and C1", "[x87][arith]") {
  X87Machine m;
  m.PutDouble(kX87Data, 1.0);
  m.PutDouble(kX87Data + 8, 3.0);
  const struct {
    uint16_t cw;
    uint64_t mant;
    bool c1;
  } cases[] = {
      {0x037F, 0xAAAAAAAAAAAAAAABull, true},   // 64 bits, nearest: rounded up
      {0x077F, 0xAAAAAAAAAAAAAAAAull, false},  // 64 bits, down
      {0x027F, 0xAAAAAAAAAAAAA800ull, false},  // 53 bits, nearest
      {0x007F, 0xAAAAAB0000000000ull, true},   // 24 bits, nearest: rounded up
  };
  for (const auto& k : cases) {
    m.Put16(kX87Data + 16, k.cw);
    // fninit; fldcw [d+16]; fld qword [d]; fdiv qword [d+8]; hlt
    REQUIRE(m.Run32({0xDB, 0xE3, 0xD9, 0x2D, X87_A32(kX87Data + 16), 0xDD, 0x05, X87_A32(kX87Data),
                     0xDC, 0x35, X87_A32(kX87Data + 8), 0xF4}) == -1);
    CHECK(m.st(0).mant == k.mant);
    CHECK(m.st(0).sign_exp == 0x3FFD);
    CHECK((m.fpu().sw & fpu::kPrecision) != 0);
    CHECK(((m.fpu().sw & x87sw::kC1) != 0) == k.c1);
  }
  // Precision control does not apply to FLD or FRNDINT-type instructions: 1/3 loaded in full.
  m.Put80(kX87Data + 32, fpu::Float80{0xAAAAAAAAAAAAAAABull, 0x3FFD});
  m.Put16(kX87Data + 16, 0x007F);
  REQUIRE(m.Run32({0xDB, 0xE3, 0xD9, 0x2D, X87_A32(kX87Data + 16), 0xDB, 0x2D,
                   X87_A32(kX87Data + 32), 0xD9, 0xE1, 0xF4}) == -1);  // ... fabs
  CHECK(m.st(0).mant == 0xAAAAAAAAAAAAAAABull);
}

TEST_CASE("Zero divide: masked gives infinity, unmasked leaves the operands", "[x87][arith]") {
  X87Machine m;
  // fninit; fld1; fldz; fdivp st1, st0 -> 1/0 = +inf; hlt
  REQUIRE(m.Run32({0xDB, 0xE3, 0xD9, 0xE8, 0xD9, 0xEE, 0xDE, 0xF9, 0xF4}) == -1);
  CHECK(m.st(0) == fpu::Float80{0x8000000000000000ull, 0x7FFF});
  CHECK((m.fpu().sw & 0xBF) == fpu::kZeroDivide);
  m.Put16(kX87Data, 0x037B);  // ZM clear
  // fninit; fldcw [d]; fld1; fldz; fdivp st1, st0; hlt
  REQUIRE(m.Run32({0xDB, 0xE3, 0xD9, 0x2D, X87_A32(kX87Data), 0xD9, 0xE8, 0xD9, 0xEE, 0xDE, 0xF9,
                   0xF4}) == -1);
  CHECK(m.top() == 6);
  CHECK(m.st(0) == F80(0.0));
  CHECK(m.st(1) == F80(1.0));
  CHECK((m.fpu().sw & (x87sw::kZe | x87sw::kEs | x87sw::kB)) ==
        (x87sw::kZe | x87sw::kEs | x87sw::kB));
}

TEST_CASE("FSQRT, FABS, FCHS, FRNDINT, FSCALE, FXTRACT", "[x87][arith]") {
  X87Machine m;
  m.PutDouble(kX87Data, 2.0);
  // fninit; fld qword [d]; fsqrt; hlt
  REQUIRE(m.Run32({0xDB, 0xE3, 0xDD, 0x05, X87_A32(kX87Data), 0xD9, 0xFA, 0xF4}) == -1);
  CHECK(m.st(0) == fpu::Float80{0xB504F333F9DE6484ull, 0x3FFF});
  m.PutDouble(kX87Data, -2.5);
  // fninit; fld qword [d]; fabs; fld qword [d]; fchs; fld qword [d]; frndint; hlt
  REQUIRE(
      m.Run32({0xDB, 0xE3, 0xDD, 0x05, X87_A32(kX87Data), 0xD9, 0xE1, 0xDD, 0x05, X87_A32(kX87Data),
               0xD9, 0xE0, 0xDD, 0x05, X87_A32(kX87Data), 0xD9, 0xFC, 0xF4}) == -1);
  CHECK(D(m.st(2)) == 2.5);
  CHECK(D(m.st(1)) == 2.5);
  CHECK(D(m.st(0)) == -2.0);
  CHECK((m.fpu().sw & fpu::kPrecision) != 0);
  m.PutDouble(kX87Data, 3.7);
  m.PutDouble(kX87Data + 8, 1.5);
  // fninit; fld qword [d] (3.7 = scale); fld qword [d+8] (1.5); fscale -> 1.5 * 2^3; hlt
  REQUIRE(m.Run32({0xDB, 0xE3, 0xDD, 0x05, X87_A32(kX87Data), 0xDD, 0x05, X87_A32(kX87Data + 8),
                   0xD9, 0xFD, 0xF4}) == -1);
  CHECK(D(m.st(0)) == 12.0);
  m.PutDouble(kX87Data, -24.0);
  // fninit; fld qword [d]; fxtract -> ST0 = -1.5, ST1 = 4; hlt
  REQUIRE(m.Run32({0xDB, 0xE3, 0xDD, 0x05, X87_A32(kX87Data), 0xD9, 0xF4, 0xF4}) == -1);
  CHECK(m.top() == 6);
  CHECK(D(m.st(0)) == -1.5);
  CHECK(D(m.st(1)) == 4.0);
}

TEST_CASE("FPREM and FPREM1: remainder and quotient bits in C0 C3 C1", "[x87][arith]") {
  X87Machine m;
  m.PutDouble(kX87Data, 3.0);
  m.PutDouble(kX87Data + 8, 17.0);
  // fninit; fld qword [d] (3); fld qword [d+8] (17); fprem; hlt -> 17 = 5*3 + 2
  REQUIRE(m.Run32({0xDB, 0xE3, 0xDD, 0x05, X87_A32(kX87Data), 0xDD, 0x05, X87_A32(kX87Data + 8),
                   0xD9, 0xF8, 0xF4}) == -1);
  CHECK(D(m.st(0)) == 2.0);
  // Q = 5 = 101b: C0 = Q2 = 1, C3 = Q1 = 0, C1 = Q0 = 1, C2 = 0.
  CHECK(m.cc() == (x87sw::kC0 | x87sw::kC1));
  // fprem1 rounds the quotient to nearest: 17 = 6*3 - 1.
  REQUIRE(m.Run32({0xDB, 0xE3, 0xDD, 0x05, X87_A32(kX87Data), 0xDD, 0x05, X87_A32(kX87Data + 8),
                   0xD9, 0xF5, 0xF4}) == -1);
  CHECK(D(m.st(0)) == -1.0);
  CHECK(m.cc() == (x87sw::kC0 | x87sw::kC3));  // Q = 6 = 110b
  // A reduction that needs more than one step: 2^80 mod 3 leaves C2 = 1.
  m.Put80(kX87Data + 16, fpu::Float80{0x8000000000000000ull, 0x3FFF + 80});
  REQUIRE(m.Run32({0xDB, 0xE3, 0xDD, 0x05, X87_A32(kX87Data), 0xDB, 0x2D, X87_A32(kX87Data + 16),
                   0xD9, 0xF8, 0xF4}) == -1);
  CHECK(m.cc() == x87sw::kC2);
}
