// MUL, IMUL, DIV, IDIV: the SDM's results and #DE conditions, and the per-model behaviour the
// SingleStepTests vectors show for the 8086 and 80286 (cpu/interp/muldiv.cpp).
#include <catch2/catch.hpp>
#include <string_view>

#include "arith_machine.h"

using namespace m86;
using m86::test::ArithMachine;
using namespace m86::test;

TEST_CASE("MUL and IMUL set CF and OF when the high half is significant", "[arith][muldiv]") {
  ArithMachine m("pentiumpro");
  m.SetReg(kEax, 0x10);
  m.SetReg(kEbx, 0x10);
  REQUIRE(m.Run({0xF6, 0xE3}));  // mul bl
  CHECK(m.Ax() == 0x0100);
  CHECK((m.Flags() & (kCF | kOF)) == (kCF | kOF));

  m.SetReg(kEax, 0xFF);
  m.SetReg(kEbx, 0xFF);
  REQUIRE(m.Run({0xF6, 0xEB}));  // imul bl: -1 * -1
  CHECK(m.Ax() == 0x0001);
  CHECK((m.Flags() & (kCF | kOF)) == 0);

  m.SetReg(kEax, 0x40);
  m.SetReg(kEbx, 0x02);
  REQUIRE(m.Run({0xF6, 0xEB}));  // imul bl: 128 does not fit a signed byte
  CHECK(m.Ax() == 0x0080);
  CHECK((m.Flags() & (kCF | kOF)) == (kCF | kOF));

  m.SetReg(kEbx, 0x10000);
  REQUIRE(m.Run({0x66, 0x6B, 0xC3, 0xFE}));  // imul eax, ebx, -2
  CHECK(m.Reg(kEax) == 0xFFFE0000u);
  CHECK((m.Flags() & (kCF | kOF)) == 0);
  REQUIRE(m.Run({0x66, 0x69, 0xC3, 0x00, 0x00, 0x01, 0x00}));  // imul eax, ebx, 10000h
  CHECK(m.Reg(kEax) == 0);
  CHECK((m.Flags() & (kCF | kOF)) == (kCF | kOF));
}

TEST_CASE("The undefined flags after a multiply follow each model", "[arith][muldiv]") {
  // 47h * 43h = 1295h: the 8086 adds lo's sign bit to the high half (12h + 1), the 80286
  // describes the high half and sets AF, the host keeps SF ZF AF PF.
  ArithMachine m8086("8086"), m286("80286"), host("pentiumpro");
  for (ArithMachine* m : {&m8086, &m286, &host}) {
    m->SetReg(kEax, 0x47);
    m->SetReg(kEbx, 0x43);
    m->SetFlags(kZF | kSF);
    REQUIRE(m->Run({0xF6, 0xEB}));  // imul bl
    CHECK(m->Ax() == 0x1295);
  }
  CHECK(m8086.Flags() == (kOF | kCF));             // 13h: SF ZF PF AF clear
  CHECK(m286.Flags() == (kOF | kCF | kAF | kPF));  // 12h: PF set, AF set
  CHECK(host.Flags() == (kOF | kCF | kZF | kSF));  // kept
}

TEST_CASE("DIV and IDIV raise #DE for a zero divisor or a quotient that does not fit",
          "[arith][muldiv]") {
  for (const char* model : {"8086", "80286", "pentiumpro"}) {
    ArithMachine m(model);
    m.SetReg(kEax, 0x1234);
    m.SetReg(kEbx, 0);
    CHECK_FALSE(m.Run({0xF6, 0xF3}));  // div bl
    m.SetReg(kEax, 0x1000);
    m.SetReg(kEbx, 0x10);
    CHECK_FALSE(m.Run({0xF6, 0xF3}));  // quotient 100h
    CHECK(m.Ax() == 0x1000);
    m.SetReg(kEax, 0x0FFF);
    REQUIRE(m.Run({0xF6, 0xF3}));
    CHECK(m.Ax() == 0x0FFF);  // AL = FFh, AH = 0Fh
    m.SetReg(kEax, 0xFF01);   // -255 / 2
    m.SetReg(kEbx, 0x02);
    REQUIRE(m.Run({0xF6, 0xFB}));  // idiv bl: -127 remainder -1
    CHECK(m.Ax() == 0xFF81);
  }
  ArithMachine m("pentiumpro");
  m.SetReg(kEdx, 0x80000000u);
  m.SetReg(kEax, 0);
  m.SetReg(kEbx, 0xFFFFFFFFu);
  CHECK_FALSE(m.Run({0x66, 0xF7, 0xFB}));  // idiv ebx: -2^63 / -1
  m.SetReg(kEdx, 0xFFFFFFFFu);
  m.SetReg(kEax, 0x80000000u);
  m.SetReg(kEbx, 1);
  REQUIRE(m.Run({0x66, 0xF7, 0xFB}));  // -2^31 fits
  CHECK(m.Reg(kEax) == 0x80000000u);
  CHECK(m.Reg(kEdx) == 0);
}

TEST_CASE("The 8086 raises #DE for a quotient of -128; later models do not", "[arith][muldiv]") {
  for (const char* model : {"8086", "80286", "pentiumpro"}) {
    ArithMachine m(model);
    m.SetReg(kEax, 0xFF80);  // -128 / 1
    m.SetReg(kEbx, 0x01);
    const bool ran = m.Run({0xF6, 0xFB});  // idiv bl
    INFO(model);
    CHECK(ran == (std::string_view(model) != "8086"));
    if (ran) CHECK(m.Ax() == 0x0080);
  }
}

TEST_CASE("A REP prefix negates IMUL and IDIV results on the 8086 only", "[arith][muldiv]") {
  ArithMachine m8086("8086"), m286("80286");
  for (ArithMachine* m : {&m8086, &m286}) {
    m->SetReg(kEax, 0x274F);
    m->SetReg(kEbx, 0xA6);
    REQUIRE(m->Run({0xF3, 0xF6, 0xFB}));  // rep idiv bl: 10063 / -90
  }
  CHECK(m8086.Ax() == 0x496F);  // quotient +111 instead of -111, remainder 73
  CHECK(m286.Ax() == 0x4991);
  for (ArithMachine* m : {&m8086, &m286}) {
    m->SetReg(kEax, 3);
    m->SetReg(kEbx, 5);
    REQUIRE(m->Run({0xF2, 0xF6, 0xEB}));  // repne imul bl
  }
  CHECK(m8086.Ax() == 0xFFF1);
  CHECK(m286.Ax() == 0x000F);
}

TEST_CASE("8086 divide flags come from the microcode's subtractions", "[arith][muldiv]") {
  ArithMachine m("8086");
  m.SetReg(kEax, 0x0059);
  m.SetReg(kEbx, 0x59);
  REQUIRE(m.Run({0xF6, 0xF3}));  // div bl: the last compare is 59h - 59h
  CHECK(m.Ax() == 0x0001);
  CHECK(m.Flags() == (kZF | kPF | kCF));  // CF: the quotient's top bit is clear

  // The overflow check subtracts the divisor from the high half; #DE pushes those flags.
  m.SetReg(kEax, 0x1234);
  m.SetReg(kEbx, 0x12);
  REQUIRE_FALSE(m.Run({0xF6, 0xF3}));
  CHECK(m.PushedFlags() == (kZF | kPF));
}

TEST_CASE("The 80286 and 80386 byte IDIV drop the partial remainder's carry", "[arith][muldiv]") {
  // 81C1h / 7Ch overflows, but their shift-and-subtract yields the in-range quotient 80h.
  for (const char* model : {"80286", "80386", "pentiumpro"}) {
    ArithMachine m(model);
    m.SetReg(kEax, 0x81C1);
    m.SetReg(kEbx, 0x7C);
    const bool quirk = std::string_view(model) != "pentiumpro";
    INFO(model);
    REQUIRE(m.Run({0xF6, 0xFB}) == quirk);
    if (quirk) CHECK(m.Ax() == 0xC180);
    m.SetReg(kEax, 0x8000);  // -32768 / -1 still overflows
    m.SetReg(kEbx, 0xFF);
    CHECK_FALSE(m.Run({0xF6, 0xFB}));
  }
}
