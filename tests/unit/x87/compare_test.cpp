// x87 comparisons and conditional moves (SDM Vol. 2A: FCOM, FUCOM, FICOM, FTST, FXAM, FCOMI,
// FUCOMI, FCMOVcc).
#include <catch2/catch.hpp>

#include "x87_machine.h"

using namespace m86;
using namespace m86::test;

namespace {

constexpr uint16_t kGt = 0, kLt = x87sw::kC0, kEq = x87sw::kC3,
                   kUn = x87sw::kC3 | x87sw::kC2 | x87sw::kC0;

// fninit; fld tword [d+16] (ST1 = b); fld tword [d] (ST0 = a).
void LoadPair(X87Machine& m, const fpu::Float80& a, const fpu::Float80& b) {
  m.Put80(kX87Data, a);
  m.Put80(kX87Data + 16, b);
  REQUIRE(m.Run32({0xDB, 0xE3, 0xDB, 0x2D, X87_A32(kX87Data + 16), 0xDB, 0x2D, X87_A32(kX87Data),
                   0xF4}) == -1);
}

const fpu::Float80 kQNaN{0xC000000000000001ull, 0x7FFF};

}  // namespace

TEST_CASE("FCOM/FCOMP/FCOMPP/FUCOM set C3 C2 C0 and pop", "[x87][compare]") {
  X87Machine m;
  LoadPair(m, F80(1.0), F80(2.0));
  REQUIRE(m.Run32({0xD8, 0xD1, 0xF4}) == -1);  // fcom st1
  CHECK(m.cc() == kLt);
  CHECK(m.top() == 6);
  LoadPair(m, F80(3.0), F80(2.0));
  REQUIRE(m.Run32({0xD8, 0xD9, 0xF4}) == -1);  // fcomp st1
  CHECK(m.cc() == kGt);
  CHECK(m.top() == 7);
  LoadPair(m, F80(2.0), F80(2.0));
  REQUIRE(m.Run32({0xDE, 0xD9, 0xF4}) == -1);  // fcompp
  CHECK(m.cc() == kEq);
  CHECK(m.top() == 0);
  CHECK(m.fpu().tw == 0xFFFF);
  // FUCOM with a QNaN: unordered without IE; FCOM raises IE.
  LoadPair(m, kQNaN, F80(2.0));
  REQUIRE(m.Run32({0xDD, 0xE1, 0xF4}) == -1);  // fucom st1
  CHECK(m.cc() == kUn);
  CHECK((m.fpu().sw & fpu::kInvalid) == 0);
  REQUIRE(m.Run32({0xD8, 0xD1, 0xF4}) == -1);  // fcom st1
  CHECK(m.cc() == kUn);
  CHECK((m.fpu().sw & fpu::kInvalid) != 0);
  // FUCOMPP (DA E9) pops twice; FCOM2/FCOMP3/FCOMP5 aliases behave as FCOM/FCOMP.
  LoadPair(m, F80(1.0), F80(2.0));
  REQUIRE(m.Run32({0xDA, 0xE9, 0xF4}) == -1);
  CHECK(m.top() == 0);
  LoadPair(m, F80(5.0), F80(2.0));
  REQUIRE(m.Run32({0xDC, 0xD1, 0xF4}) == -1);  // fcom2 st1
  CHECK(m.cc() == kGt);
  REQUIRE(m.Run32({0xDC, 0xD9, 0xF4}) == -1);  // fcomp3 st1
  CHECK(m.top() == 7);
  REQUIRE(m.Run32({0xD9, 0xE8, 0xDE, 0xD1, 0xF4}) == -1);  // fld1; fcomp5 st1 (1 < 2)
  CHECK(m.cc() == kLt);
  CHECK(m.top() == 7);
}

TEST_CASE("FCOM and FICOM with memory operands, FTST", "[x87][compare]") {
  X87Machine m;
  m.PutFloat(kX87Data + 32, 1.5f);
  m.PutDouble(kX87Data + 40, 1.5);
  m.Put16(kX87Data + 48, 2);
  m.Put32(kX87Data + 52, static_cast<uint32_t>(-1));
  LoadPair(m, F80(1.5), F80(0.0));
  // fcom dword [d+32]; hlt
  REQUIRE(m.Run32({0xD8, 0x15, X87_A32(kX87Data + 32), 0xF4}) == -1);
  CHECK(m.cc() == kEq);
  // fcom qword [d+40]; ficom word [d+48]; hlt
  REQUIRE(m.Run32({0xDC, 0x15, X87_A32(kX87Data + 40), 0xF4}) == -1);
  CHECK(m.cc() == kEq);
  REQUIRE(m.Run32({0xDE, 0x15, X87_A32(kX87Data + 48), 0xF4}) == -1);
  CHECK(m.cc() == kLt);
  // ficomp dword [d+52] (-1): 1.5 > -1, then pop
  REQUIRE(m.Run32({0xDA, 0x1D, X87_A32(kX87Data + 52), 0xF4}) == -1);
  CHECK(m.cc() == kGt);
  CHECK(m.top() == 7);
  // ftst on ST0 = 0.0 (the remaining register), then on -1.5.
  REQUIRE(m.Run32({0xD9, 0xE4, 0xF4}) == -1);
  CHECK(m.cc() == kEq);
  LoadPair(m, F80(-1.5), F80(0.0));
  REQUIRE(m.Run32({0xD9, 0xE4, 0xF4}) == -1);
  CHECK(m.cc() == kLt);
}

TEST_CASE("FXAM classes and sign", "[x87][compare]") {
  const struct {
    fpu::Float80 v;
    uint16_t cc;
  } cases[] = {
      {F80(1.0), x87sw::kC2},
      {F80(-1.0), x87sw::kC2 | x87sw::kC1},
      {F80(0.0), x87sw::kC3},
      {F80(-0.0), x87sw::kC3 | x87sw::kC1},
      {fpu::Float80{0x8000000000000000ull, 0x7FFF}, x87sw::kC2 | x87sw::kC0},  // +inf
      {kQNaN, x87sw::kC0},                                                     // NaN
      {fpu::Float80{0x0000000000000001ull, 0x0000}, x87sw::kC3 | x87sw::kC2},  // denormal
      {fpu::Float80{0x4000000000000000ull, 0x4000}, 0},                        // unnormal
  };
  for (const auto& k : cases) {
    X87Machine m;
    m.Put80(kX87Data, k.v);
    // fld tword [d]; fxam; hlt
    REQUIRE(m.Run32({0xDB, 0x2D, X87_A32(kX87Data), 0xD9, 0xE5, 0xF4}) == -1);
    CHECK(m.cc() == k.cc);
  }
  X87Machine m;
  REQUIRE(m.Run32({0xD9, 0xE5, 0xF4}) == -1);  // empty: C3 C0
  CHECK((m.cc() & ~x87sw::kC1) == (x87sw::kC3 | x87sw::kC0));
}

TEST_CASE("FCOMI/FUCOMIP set ZF PF CF on the P6 family only", "[x87][compare]") {
  X87Machine m;
  LoadPair(m, F80(1.0), F80(2.0));
  m.cpu.SetFlags(flag::kOf | flag::kSf | flag::kAf, flag::kArith);
  REQUIRE(m.Run32({0xDB, 0xF1, 0xF4}) == -1);  // fcomi st0, st1
  CHECK((m.cpu.GetFlags() & flag::kArith) == flag::kCf);
  CHECK(m.top() == 6);
  REQUIRE(m.Run32({0xDF, 0xE9, 0xF4}) == -1);  // fucomip st0, st1
  CHECK((m.cpu.GetFlags() & flag::kArith) == flag::kCf);
  CHECK(m.top() == 7);
  LoadPair(m, kQNaN, F80(2.0));
  REQUIRE(m.Run32({0xDB, 0xE9, 0xF4}) == -1);  // fucomi st0, st1: unordered, no IE
  CHECK((m.cpu.GetFlags() & flag::kArith) == (flag::kZf | flag::kPf | flag::kCf));
  CHECK((m.fpu().sw & fpu::kInvalid) == 0);
  REQUIRE(m.Run32({0xDF, 0xF1, 0xF4}) == -1);  // fcomip: IE
  CHECK((m.fpu().sw & fpu::kInvalid) != 0);

  X87Machine p5("pentium");
  CHECK(p5.Run32({0xDB, 0xF1, 0xF4}) == kVecUd);
  CHECK(p5.Run32({0xDA, 0xC1, 0xF4}) == kVecUd);
}

TEST_CASE("FCMOVcc moves ST(i) to ST(0) per EFLAGS", "[x87][compare]") {
  const struct {
    uint8_t op, modrm;
    uint32_t flags;
    bool moves;
  } cases[] = {
      {0xDA, 0xC1, flag::kCf, true}, {0xDA, 0xC1, 0, false},          // fcmovb
      {0xDA, 0xC9, flag::kZf, true}, {0xDA, 0xC9, 0, false},          // fcmove
      {0xDA, 0xD1, flag::kZf, true}, {0xDA, 0xD1, flag::kPf, false},  // fcmovbe
      {0xDA, 0xD9, flag::kPf, true}, {0xDA, 0xD9, flag::kCf, false},  // fcmovu
      {0xDB, 0xC1, 0, true},         {0xDB, 0xC1, flag::kCf, false},  // fcmovnb
      {0xDB, 0xC9, flag::kCf, true}, {0xDB, 0xC9, flag::kZf, false},  // fcmovne
      {0xDB, 0xD1, flag::kPf, true}, {0xDB, 0xD1, flag::kCf, false},  // fcmovnbe
      {0xDB, 0xD9, flag::kZf, true}, {0xDB, 0xD9, flag::kPf, false},  // fcmovnu
  };
  for (const auto& k : cases) {
    INFO("opcode " << std::hex << int{k.op} << " " << int{k.modrm} << " flags " << k.flags);
    X87Machine m("pentium2");
    LoadPair(m, F80(1.0), F80(2.0));
    m.cpu.SetFlags(k.flags, flag::kArith);
    REQUIRE(m.Run32({k.op, k.modrm, 0xF4}) == -1);
    CHECK(D(m.st(0)) == (k.moves ? 2.0 : 1.0));
    CHECK(m.top() == 6);
  }
}

TEST_CASE("FNSTSW AX feeds SAHF", "[x87][compare]") {
  X87Machine m;
  LoadPair(m, F80(1.0), F80(2.0));
  // fcom st1; fnstsw ax; sahf; hlt
  REQUIRE(m.Run32({0xD8, 0xD1, 0xDF, 0xE0, 0x9E, 0xF4}) == -1);
  CHECK((m.cpu.s.gpr[kEax] & 0xFFFF) == m.fpu().sw);
  CHECK((m.cpu.GetFlags() & (flag::kCf | flag::kZf | flag::kPf)) == flag::kCf);
}
