// Decimal adjustments (cpu/interp/bcd.cpp) and bit tests and scans (cpu/interp/bit.cpp).
#include <catch2/catch.hpp>

#include "arith_machine.h"

using namespace m86;
using m86::test::ArithMachine;
using namespace m86::test;

TEST_CASE("DAA and DAS differ between the 8086 and later models", "[arith][bcd]") {
  ArithMachine m8086("8086"), m286("80286"), host("pentiumpro");
  // DAA with AL=9Fh, AF=1: the 8086 compares with 9Fh, later models with 99h.
  for (ArithMachine* m : {&m8086, &m286, &host}) {
    m->SetReg(kEax, 0x9F);
    m->SetFlags(kAF);
    REQUIRE(m->Run({0x27}));
  }
  CHECK((m8086.Ax() & 0xFF) == 0xA5);
  CHECK((m8086.Flags() & (kCF | kAF)) == kAF);
  CHECK((m286.Ax() & 0xFF) == 0x05);
  CHECK((m286.Flags() & (kCF | kAF)) == (kCF | kAF));
  CHECK((host.Ax() & 0xFF) == 0x05);
  // DAS with AL=00h, AF=1: the low-nibble borrow survives into CF after the 8086.
  for (ArithMachine* m : {&m8086, &m286, &host}) {
    m->SetReg(kEax, 0x00);
    m->SetFlags(kAF);
    REQUIRE(m->Run({0x2F}));
    CHECK((m->Ax() & 0xFF) == 0xFA);
  }
  CHECK((m8086.Flags() & kCF) == 0);
  CHECK((m286.Flags() & kCF) == kCF);
  CHECK((host.Flags() & kCF) == kCF);
}

TEST_CASE("AAA adds 106h to AX after the 8086", "[arith][bcd]") {
  ArithMachine m8086("8086"), m286("80286");
  for (ArithMachine* m : {&m8086, &m286}) {
    m->SetReg(kEax, 0x00FA);
    m->SetFlags(0);
    REQUIRE(m->Run({0x37}));
    CHECK((m->Flags() & (kAF | kCF)) == (kAF | kCF));
  }
  CHECK(m8086.Ax() == 0x0100);  // AL + 6 and AH + 1 separately
  CHECK(m286.Ax() == 0x0200);   // the carry out of AL reaches AH
  m286.SetReg(kEax, 0x0000);
  m286.SetFlags(kAF);
  REQUIRE(m286.Run({0x3F}));  // aas
  CHECK(m286.Ax() == 0xFE0A);
}

TEST_CASE("AAM and AAD use their immediate base", "[arith][bcd]") {
  for (const char* model : {"8086", "80286", "pentiumpro"}) {
    ArithMachine m(model);
    m.SetReg(kEax, 0x004F);
    REQUIRE(m.Run({0xD4, 0x0A}));
    CHECK(m.Ax() == 0x0709);
    REQUIRE(m.Run({0xD5, 0x10}));  // aad 16: 7 * 16 + 9
    CHECK(m.Ax() == 0x0079);
    CHECK_FALSE(m.Run({0xD4, 0x00}));  // aam 0: #DE
  }
  // AAD's flags are those of the final 8-bit addition, but the 80286 copies CF into OF.
  ArithMachine m8086("8086"), m286("80286");
  for (ArithMachine* m : {&m8086, &m286}) {
    m->SetReg(kEax, 0x2E73);
    REQUIRE(m->Run({0xD5, 0x68}));  // 73h + (2Eh * 68h & FFh = B0h) = 123h
    CHECK(m->Ax() == 0x0023);
  }
  CHECK((m8086.Flags() & (kOF | kCF)) == kCF);
  CHECK((m286.Flags() & (kOF | kCF)) == (kOF | kCF));
}

TEST_CASE("SALC copies CF into every bit of AL", "[arith][bcd]") {
  ArithMachine m("8086");
  m.SetReg(kEax, 0x1234);
  m.SetFlags(kCF);
  REQUIRE(m.Run({0xD6}));
  CHECK(m.Ax() == 0x12FF);
  m.SetFlags(kZF);
  REQUIRE(m.Run({0xD6}));
  CHECK(m.Ax() == 0x1200);
  CHECK(m.Flags() == kZF);
}

TEST_CASE("BT with a register offset addresses memory beyond the operand", "[arith][bit]") {
  ArithMachine m("pentiumpro");
  m.Poke(0x104, 2, 0x0002);  // bit 33 from 100h: word 104h, bit 1
  m.SetReg(kEax, 33);
  REQUIRE(m.Run({0x0F, 0xA3, 0x06, 0x00, 0x01}));  // bt [100h], ax
  CHECK((m.Flags() & kCF) == kCF);
  m.SetReg(kEax, 0xFFFF);                          // -1: bit 15 of the word at FEh
  REQUIRE(m.Run({0x0F, 0xAB, 0x06, 0x00, 0x01}));  // bts [100h], ax
  CHECK((m.Flags() & kCF) == 0);
  CHECK(m.Peek(0xFE, 2) == 0x8000);
  m.SetReg(kEax, static_cast<uint32_t>(-33));            // dword at 100h - 8, bit 31
  REQUIRE(m.Run({0x66, 0x0F, 0xBB, 0x06, 0x00, 0x01}));  // btc dword [100h], eax
  CHECK(m.Peek(0xF8, 4) == 0x80000000u);
  // 16-bit addressing wraps: FFF0h + 2 * 16 is 0010h.
  m.Poke(0x0010, 2, 0x0001);
  m.SetReg(kEax, 0x100);
  REQUIRE(m.Run({0x0F, 0xB3, 0x06, 0xF0, 0xFF}));  // btr [FFF0h], ax
  CHECK((m.Flags() & kCF) == kCF);
  CHECK(m.Peek(0x0010, 2) == 0);
}

TEST_CASE("BT with an immediate takes it modulo the operand width", "[arith][bit]") {
  ArithMachine m("pentiumpro");
  m.Poke(0x100, 4, 0x00000002);
  REQUIRE(m.Run({0x0F, 0xBA, 0x26, 0x00, 0x01, 33}));  // bt word [100h], 33 -> bit 1
  CHECK((m.Flags() & kCF) == kCF);
  REQUIRE(m.Run({0x0F, 0xBA, 0x2E, 0x00, 0x01, 0x1F}));  // bts word [100h], 31 -> bit 15
  CHECK(m.Peek(0x100, 4) == 0x00008002u);
  m.SetReg(kEbx, 0xF0);
  REQUIRE(m.Run({0x0F, 0xBA, 0xFB, 0x24}));  // btc bx, 36 -> bit 4
  CHECK((m.Flags() & kCF) == kCF);
  CHECK(m.Reg(kEbx) == 0xE0);
}

TEST_CASE("BSF and BSR leave the destination alone for a zero source", "[arith][bit]") {
  ArithMachine m("pentiumpro");
  m.SetReg(kEax, 0x12345678);
  m.SetReg(kEbx, 0);
  REQUIRE(m.Run({0x66, 0x0F, 0xBC, 0xC3}));  // bsf eax, ebx
  CHECK(m.Reg(kEax) == 0x12345678u);
  CHECK((m.Flags() & kZF) == kZF);
  m.SetReg(kEbx, 0x00801000);
  REQUIRE(m.Run({0x66, 0x0F, 0xBC, 0xC3}));
  CHECK(m.Reg(kEax) == 12);
  CHECK((m.Flags() & kZF) == 0);
  REQUIRE(m.Run({0x66, 0x0F, 0xBD, 0xC3}));  // bsr eax, ebx
  CHECK(m.Reg(kEax) == 23);
  m.SetReg(kEbx, 0x8000);
  REQUIRE(m.Run({0x0F, 0xBD, 0xC3}));  // bsr ax, bx
  CHECK(m.Ax() == 15);
}
