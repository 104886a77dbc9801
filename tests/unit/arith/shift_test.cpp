// Shifts and rotates, SHLD/SHRD: count masking per model, the 8086's /6, and the flags
// (cpu/interp/shift.cpp).
#include <catch2/catch.hpp>

#include "arith_machine.h"

using namespace m86;
using m86::test::ArithMachine;
using namespace m86::test;

TEST_CASE("The 8086 shifts by the full CL; later models mask it to 5 bits", "[arith][shift]") {
  ArithMachine m8086("8086"), m286("80286");
  for (ArithMachine* m : {&m8086, &m286}) {
    m->SetReg(kEax, 0x81);
    m->SetReg(kEcx, 200);
    REQUIRE(m->Run({0xD2, 0xE0}));  // shl al, cl
  }
  CHECK((m8086.Ax() & 0xFF) == 0x00);
  CHECK((m8086.Flags() & kCF) == 0);  // 200 shifts: the last bit out is a zero
  CHECK((m286.Ax() & 0xFF) == 0x00);  // 200 & 31 = 8
  CHECK((m286.Flags() & kCF) == kCF);

  // RCL rotates the 9-bit CF:AL, so 200 steps are 200 mod 9 = 2 on the 8086 and 8 on the 80286.
  for (ArithMachine* m : {&m8086, &m286}) {
    m->SetReg(kEax, 0x81);
    m->SetReg(kEcx, 200);
    m->SetFlags(0);
    REQUIRE(m->Run({0xD2, 0xD0}));  // rcl al, cl
  }
  CHECK((m8086.Ax() & 0xFF) == 0x05);
  CHECK((m8086.Flags() & kCF) == 0);
  CHECK((m286.Ax() & 0xFF) == 0x40);
  CHECK((m286.Flags() & kCF) == kCF);
}

TEST_CASE("Group 2 /6 is SETMO on the 8086 and SHL afterwards", "[arith][shift]") {
  ArithMachine m8086("8086"), m286("80286");
  for (ArithMachine* m : {&m8086, &m286}) {
    m->SetReg(kEax, 0x12);
    m->SetFlags(kCF | kZF | kOF);
    REQUIRE(m->Run({0xD0, 0xF0}));  // /6 al, 1
  }
  CHECK((m8086.Ax() & 0xFF) == 0xFF);
  CHECK(m8086.Flags() == (kSF | kPF));
  CHECK((m286.Ax() & 0xFF) == 0x24);
  CHECK(m286.Flags() == kPF);  // 24h: PF set; AF = bit 4 of the result

  // SETMOC (D2 /6) does nothing with CL = 0.
  m8086.SetReg(kEax, 0x1234);
  m8086.SetReg(kEcx, 0);
  m8086.SetFlags(kCF);
  REQUIRE(m8086.Run({0xD3, 0xF0}));
  CHECK(m8086.Ax() == 0x1234);
  CHECK(m8086.Flags() == kCF);
  m8086.SetReg(kEcx, 3);
  REQUIRE(m8086.Run({0xD3, 0xF0}));
  CHECK(m8086.Ax() == 0xFFFF);
}

TEST_CASE("A shift count that masks to 0 changes nothing", "[arith][shift]") {
  ArithMachine m("pentiumpro");
  m.SetReg(kEax, 0x80);
  m.SetFlags(kOF | kZF | kAF);
  REQUIRE(m.Run({0xC0, 0xE0, 0x20}));  // shl al, 32
  CHECK((m.Ax() & 0xFF) == 0x80);
  CHECK(m.Flags() == (kOF | kZF | kAF));
}

TEST_CASE("Shift flags: OF from the result, AF per model", "[arith][shift]") {
  ArithMachine m8086("8086"), m286("80286"), host("pentiumpro");
  for (ArithMachine* m : {&m8086, &m286, &host}) {
    m->SetReg(kEax, 0xC0);
    m->SetFlags(0);
    REQUIRE(m->Run({0xD0, 0xE8}));  // shr al, 1: OF = the original top bit
    CHECK((m->Ax() & 0xFF) == 0x60);
  }
  CHECK(m8086.Flags() == (kOF | kPF));
  CHECK(m286.Flags() == (kOF | kPF | kAF));
  CHECK(host.Flags() == (kOF | kPF | kAF));
  for (ArithMachine* m : {&m8086, &m286, &host}) {
    m->SetReg(kEax, 0x0C);
    m->SetFlags(0);
    REQUIRE(m->Run({0xD0, 0xE0}));  // shl al, 1: 18h
  }
  CHECK(m8086.Flags() == (kAF | kPF));  // AF = bit 4 of the result
  CHECK(m286.Flags() == (kAF | kPF));
  CHECK(host.Flags() == (kAF | kPF));
  // ROR by 3 of 01h: 20h; CF = its top bit (0), OF = top two bits XORed (0 ^ 0).
  host.SetReg(kEax, 0x01);
  host.SetFlags(kCF | kOF | kZF);
  REQUIRE(host.Run({0xC0, 0xC8, 0x03}));
  CHECK((host.Ax() & 0xFF) == 0x20);
  CHECK(host.Flags() == kZF);  // only CF and OF change
}

TEST_CASE("SHLD and SHRD take the count modulo 32", "[arith][shift]") {
  ArithMachine m("pentiumpro");
  m.SetReg(kEax, 0x12345678);
  m.SetReg(kEdx, 0x9ABCDEF0);
  REQUIRE(m.Run({0x66, 0x0F, 0xA4, 0xD0, 0x08}));  // shld eax, edx, 8
  CHECK(m.Reg(kEax) == 0x3456789Au);
  CHECK((m.Flags() & kCF) == 0);  // bit 24 of the old EAX
  m.SetReg(kEax, 0x12345678);
  m.SetReg(kEcx, 33);
  REQUIRE(m.Run({0x66, 0x0F, 0xAD, 0xD0}));  // shrd eax, edx, cl: 33 -> 1
  CHECK(m.Reg(kEax) == 0x091A2B3Cu);
  CHECK((m.Flags() & (kCF | kOF)) == 0);
  // 16-bit, count 20 (undefined in the SDM): the host shifts src:src:dest.
  m.SetReg(kEax, 0xAAAA);
  m.SetReg(kEdx, 0x1234);
  REQUIRE(m.Run({0x0F, 0xAC, 0xD0, 20}));  // shrd ax, dx, 20
  CHECK(m.Ax() == 0x4123);
  CHECK((m.Flags() & kCF) == 0);
}
