// Every MMX instruction on hand-checked edge values: wraparound and saturation boundaries,
// multiplies, compares, logic, pack/unpack, shift counts 0, width - 1, width and 255, and the
// data transfers with register and memory operands (SDM Vol. 2, the MMX instruction pages).
#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

#include "mmx_machine.h"

namespace m86::test {
namespace {

// "op mm0, mm1" (0F op C1) with MM0 = a, MM1 = b; returns MM0.
uint64_t Binary(uint8_t op, uint64_t a, uint64_t b) {
  MmxMachine m;
  m.SetMm(0, a);
  m.SetMm(1, b);
  REQUIRE(m.Exec({0x0F, op, 0xC1}) == -1);
  CHECK(m.SignExp(0) == 0xFFFF);
  CHECK(m.Mm(1) == b);
  return m.Mm(0);
}

// "op mm2, [disp32]" (0F op 15 disp32) with MM2 = a and the quadword b in memory.
uint64_t BinaryMem(uint8_t op, uint64_t a, uint64_t b) {
  MmxMachine m;
  m.SetMm(2, a);
  m.Write64(kMmxData, b);
  std::vector<uint8_t> code = {0x0F, op, 0x15};
  for (uint8_t x : Disp32(kMmxData)) code.push_back(x);
  m.Place(kMmxCode, code);
  REQUIRE(m.RunAt(kMmxCode) == -1);
  return m.Mm(2);
}

// "op mm3, imm8" of the 0F 71/72/73 groups with ModRM.reg = `reg`.
uint64_t ShiftImm(uint8_t op, int reg, uint64_t a, uint8_t count) {
  MmxMachine m;
  m.SetMm(3, a);
  REQUIRE(m.Exec({0x0F, op, static_cast<uint8_t>(0xC3 | (reg << 3)), count}) == -1);
  return m.Mm(3);
}

TEST_CASE("MMX byte additions and subtractions: wrap, signed and unsigned saturation", "[mmx]") {
  const uint64_t a = 0x00FF7F8001020304, b = 0x01010101FFFEFDFC;
  CHECK(Binary(0xFC, a, b) == 0x0100808100000000);  // PADDB
  CHECK(Binary(0xEC, a, b) == 0x01007F8100000000);  // PADDSB: 7F+01 stays 7F
  CHECK(Binary(0xDC, a, b) == 0x01FF8081FFFFFFFF);  // PADDUSB: carries clamp to FF
  CHECK(Binary(0xF8, a, b) == 0xFFFE7E7F02040608);  // PSUBB
  CHECK(Binary(0xE8, a, b) == 0xFFFE7E8002040608);  // PSUBSB: 80-01 stays 80
  CHECK(Binary(0xD8, a, b) == 0x00FE7E7F00000000);  // PSUBUSB: borrows clamp to 00
  CHECK(Binary(0xEC, 0x8080808080808080, 0xFFFFFFFFFFFFFFFF) == 0x8080808080808080);
  CHECK(Binary(0xEC, 0x7F7F7F7F7F7F7F7F, 0x7F7F7F7F7F7F7F7F) == 0x7F7F7F7F7F7F7F7F);
  CHECK(Binary(0xE8, 0x7F7F7F7F7F7F7F7F, 0x8080808080808080) == 0x7F7F7F7F7F7F7F7F);
  CHECK(Binary(0xDC, 0xFEFEFEFEFEFEFEFE, 0x0101010101010101) == 0xFFFFFFFFFFFFFFFF);
}

TEST_CASE("MMX word and doubleword additions and subtractions", "[mmx]") {
  const uint64_t a = 0x7FFF8000FFFF0001, b = 0x0001FFFF0001FFFF;
  CHECK(Binary(0xFD, a, b) == 0x80007FFF00000000);  // PADDW
  CHECK(Binary(0xED, a, b) == 0x7FFF800000000000);  // PADDSW
  CHECK(Binary(0xDD, a, b) == 0x8000FFFFFFFFFFFF);  // PADDUSW
  CHECK(Binary(0xF9, a, b) == 0x7FFE8001FFFE0002);  // PSUBW
  CHECK(Binary(0xE9, a, b) == 0x7FFE8001FFFE0002);  // PSUBSW
  CHECK(Binary(0xE9, 0x80007FFF00000000, 0x0001FFFF00000000) == 0x80007FFF00000000);
  CHECK(Binary(0xD9, a, b) == 0x7FFE0000FFFE0000);                                    // PSUBUSW
  CHECK(Binary(0xFE, 0x7FFFFFFFFFFFFFFF, 0x0000000100000001) == 0x8000000000000000);  // PADDD
  CHECK(Binary(0xFA, 0x0000000080000000, 0x0000000100000001) == 0xFFFFFFFF7FFFFFFF);  // PSUBD
}

TEST_CASE("MMX multiplies and multiply-add", "[mmx]") {
  const uint64_t a = 0x7FFF8000FFFF1234, b = 0x7FFF8000FFFF0010;
  CHECK(Binary(0xD5, a, b) == 0x0001000000012340);  // PMULLW
  CHECK(Binary(0xE5, a, b) == 0x3FFF400000000001);  // PMULHW
  CHECK(Binary(0xE5, 0x8000, 0x0001) == 0xFFFF);    // -32768 * 1: high half all ones
  // PMADDWD: 2 * 7FFF^2, and the single overflow case (four words 8000h) giving 80000000h.
  CHECK(Binary(0xF5, 0x800080007FFF7FFF, 0x800080007FFF7FFF) == 0x800000007FFE0002);
  CHECK(Binary(0xF5, 0x0000000000020003, 0x00000000FFFF0004) == 0x000000000000000A);
  CHECK(Binary(0xF5, 0x8000800000000000, 0x7FFF800000000000) == 0x0000800000000000);
}

TEST_CASE("MMX compares", "[mmx]") {
  CHECK(Binary(0x74, 0x00FF7F8001020304, 0x00FF008001FF0304) == 0xFFFF00FFFF00FFFF);  // PCMPEQB
  CHECK(Binary(0x64, 0x00FF7F8001020304, 0x00FF008001FF0304) == 0x0000FF0000FF0000);  // PCMPGTB
  CHECK(Binary(0x75, 0x80007FFF0000FFFF, 0x800080000001FFFF) == 0xFFFF00000000FFFF);  // PCMPEQW
  CHECK(Binary(0x65, 0x80007FFF0000FFFF, 0x800080000001FFFF) == 0x0000FFFF00000000);  // PCMPGTW
  CHECK(Binary(0x76, 0x8000000000000001, 0x8000000000000002) == 0xFFFFFFFF00000000);  // PCMPEQD
  CHECK(Binary(0x66, 0x000000007FFFFFFF, 0xFFFFFFFF80000000) == 0xFFFFFFFFFFFFFFFF);  // PCMPGTD
  CHECK(Binary(0x66, 0xFFFFFFFF80000000, 0x000000007FFFFFFF) == 0);
}

TEST_CASE("MMX logical operations", "[mmx]") {
  const uint64_t a = 0xF0F0FF0012345678, b = 0xFF00F0F00FF0FFFF;
  CHECK(Binary(0xDB, a, b) == 0xF000F00002305678);  // PAND
  CHECK(Binary(0xDF, a, b) == 0x0F0000F00DC0A987);  // PANDN: NOT dst AND src
  CHECK(Binary(0xEB, a, b) == 0xFFF0FFF01FF4FFFF);  // POR
  CHECK(Binary(0xEF, a, b) == 0x0FF00FF01DC4A987);  // PXOR
}

TEST_CASE("MMX packs saturate", "[mmx]") {
  CHECK(Binary(0x63, 0xFF8080007FFF0001, 0xFFFF007FFF7F0080) == 0xFF7F807F80807F01);  // PACKSSWB
  CHECK(Binary(0x67, 0xFF8080007FFF0001, 0xFFFF007FFF7F0080) == 0x007F00800000FF01);  // PACKUSWB
  CHECK(Binary(0x6B, 0xFFFF7FFF00008000, 0xFFFFFFFE12345678) == 0xFFFE7FFF80007FFF);  // PACKSSDW
}

TEST_CASE("MMX unpacks interleave", "[mmx]") {
  const uint64_t a = 0x8877665544332211, b = 0xFFEEDDCCBBAA9988;
  CHECK(Binary(0x60, a, b) == 0xBB44AA3399228811);  // PUNPCKLBW
  CHECK(Binary(0x68, a, b) == 0xFF88EE77DD66CC55);  // PUNPCKHBW
  CHECK(Binary(0x61, a, b) == 0xBBAA443399882211);  // PUNPCKLWD
  CHECK(Binary(0x69, a, b) == 0xFFEE8877DDCC6655);  // PUNPCKHWD
  CHECK(Binary(0x62, a, b) == 0xBBAA998844332211);  // PUNPCKLDQ
  CHECK(Binary(0x6A, a, b) == 0xFFEEDDCC88776655);  // PUNPCKHDQ
  // The low unpacks read a doubleword from memory: the upper half of the quadword is unused.
  CHECK(BinaryMem(0x60, a, b) == 0xBB44AA3399228811);
  CHECK(BinaryMem(0x68, a, b) == 0xFF88EE77DD66CC55);
}

struct ShiftCase {
  uint8_t reg_op;  // "mm, mm/m64" opcode
  uint8_t imm_op;  // group opcode 71/72/73
  int group_reg;   // ModRM.reg of the group form
  uint64_t value, count, expected;
};

TEST_CASE("MMX shifts: counts 0, 1, width - 1, width and 255, by register and immediate", "[mmx]") {
  const uint64_t w = 0x8000FFFF00018001, d = 0x80000001FFFFFFFF, q = 0x8000000000000001;
  const ShiftCase cases[] = {
      {0xD1, 0x71, 2, w, 0, w},  // PSRLW
      {0xD1, 0x71, 2, w, 1, 0x40007FFF00004000},
      {0xD1, 0x71, 2, w, 15, 0x0001000100000001},
      {0xD1, 0x71, 2, w, 16, 0},
      {0xD1, 0x71, 2, w, 255, 0},
      {0xE1, 0x71, 4, w, 0, w},  // PSRAW
      {0xE1, 0x71, 4, w, 1, 0xC000FFFF0000C000},
      {0xE1, 0x71, 4, w, 15, 0xFFFFFFFF0000FFFF},
      {0xE1, 0x71, 4, w, 16, 0xFFFFFFFF0000FFFF},
      {0xE1, 0x71, 4, w, 255, 0xFFFFFFFF0000FFFF},
      {0xF1, 0x71, 6, w, 0, w},  // PSLLW
      {0xF1, 0x71, 6, w, 1, 0x0000FFFE00020002},
      {0xF1, 0x71, 6, w, 15, 0x0000800080008000},
      {0xF1, 0x71, 6, w, 16, 0},
      {0xF1, 0x71, 6, w, 255, 0},
      {0xD2, 0x72, 2, d, 0, d},  // PSRLD
      {0xD2, 0x72, 2, d, 1, 0x400000007FFFFFFF},
      {0xD2, 0x72, 2, d, 31, 0x0000000100000001},
      {0xD2, 0x72, 2, d, 32, 0},
      {0xD2, 0x72, 2, d, 255, 0},
      {0xE2, 0x72, 4, d, 0, d},  // PSRAD
      {0xE2, 0x72, 4, d, 1, 0xC0000000FFFFFFFF},
      {0xE2, 0x72, 4, d, 31, 0xFFFFFFFFFFFFFFFF},
      {0xE2, 0x72, 4, d, 32, 0xFFFFFFFFFFFFFFFF},
      {0xE2, 0x72, 4, 0x7FFFFFFF40000000, 255, 0},
      {0xF2, 0x72, 6, d, 0, d},  // PSLLD
      {0xF2, 0x72, 6, d, 1, 0x00000002FFFFFFFE},
      {0xF2, 0x72, 6, d, 31, 0x8000000080000000},
      {0xF2, 0x72, 6, d, 32, 0},
      {0xF2, 0x72, 6, d, 255, 0},
      {0xD3, 0x73, 2, q, 0, q},  // PSRLQ
      {0xD3, 0x73, 2, q, 1, 0x4000000000000000},
      {0xD3, 0x73, 2, q, 63, 1},
      {0xD3, 0x73, 2, q, 64, 0},
      {0xD3, 0x73, 2, q, 255, 0},
      {0xF3, 0x73, 6, q, 0, q},  // PSLLQ
      {0xF3, 0x73, 6, q, 1, 2},
      {0xF3, 0x73, 6, q, 63, 0x8000000000000000},
      {0xF3, 0x73, 6, q, 64, 0},
      {0xF3, 0x73, 6, q, 255, 0},
  };
  for (const ShiftCase& c : cases) {
    INFO("opcode " << int{c.reg_op} << " count " << c.count);
    CHECK(Binary(c.reg_op, c.value, c.count) == c.expected);
    CHECK(BinaryMem(c.reg_op, c.value, c.count) == c.expected);
    CHECK(ShiftImm(c.imm_op, c.group_reg, c.value, static_cast<uint8_t>(c.count)) == c.expected);
  }
  // The register and memory counts are 64 bits wide: a count of 2^32 is not 0.
  CHECK(Binary(0xD1, w, uint64_t{1} << 32) == 0);
  CHECK(Binary(0xE2, d, uint64_t{1} << 32) == 0xFFFFFFFFFFFFFFFF);
  CHECK(BinaryMem(0xF3, q, 0x8000000000000000) == 0);
}

TEST_CASE("MOVD and MOVQ with registers and memory", "[mmx]") {
  MmxMachine m;
  m.cpu.s.gpr[kEbx] = 0x89ABCDEF;
  m.SetMm(0, 0xFFFFFFFFFFFFFFFF);
  REQUIRE(m.Exec({0x0F, 0x6E, 0xC3}) == -1);  // movd mm0, ebx: zero-extended
  CHECK(m.Mm(0) == 0x0000000089ABCDEF);
  CHECK(m.SignExp(0) == 0xFFFF);

  m.SetMm(5, 0x1122334455667788);
  REQUIRE(m.Exec({0x0F, 0x7E, 0xEE}) == -1);  // movd esi, mm5
  CHECK(m.cpu.s.gpr[kEsi] == 0x55667788);

  std::vector<uint8_t> code = {0x0F, 0x7E, 0x2D};  // movd [kMmxData], mm5
  for (uint8_t x : Disp32(kMmxData)) code.push_back(x);
  m.Write64(kMmxData, 0xAAAAAAAAAAAAAAAA);
  m.Place(kMmxCode, code);
  REQUIRE(m.RunAt(kMmxCode) == -1);
  CHECK(m.Read64(kMmxData) == 0xAAAAAAAA55667788);

  code = {0x0F, 0x6E, 0x0D};  // movd mm1, [kMmxData + 4]
  for (uint8_t x : Disp32(kMmxData + 4)) code.push_back(x);
  m.Place(kMmxCode, code);
  REQUIRE(m.RunAt(kMmxCode) == -1);
  CHECK(m.Mm(1) == 0xAAAAAAAA);

  REQUIRE(m.Exec({0x0F, 0x6F, 0xFD}) == -1);  // movq mm7, mm5
  CHECK(m.Mm(7) == 0x1122334455667788);
  m.SetMm(6, 0, 0x1234);
  REQUIRE(m.Exec({0x0F, 0x7F, 0xEE}) == -1);  // movq mm6, mm5 (store form, register)
  CHECK(m.Mm(6) == 0x1122334455667788);
  CHECK(m.SignExp(6) == 0xFFFF);

  code = {0x0F, 0x7F, 0x2D};  // movq [kMmxData + 8], mm5
  for (uint8_t x : Disp32(kMmxData + 8)) code.push_back(x);
  m.Place(kMmxCode, code);
  REQUIRE(m.RunAt(kMmxCode) == -1);
  CHECK(m.Read64(kMmxData + 8) == 0x1122334455667788);

  code = {0x0F, 0x6F, 0x25};  // movq mm4, [kMmxData + 8]
  for (uint8_t x : Disp32(kMmxData + 8)) code.push_back(x);
  m.Place(kMmxCode, code);
  REQUIRE(m.RunAt(kMmxCode) == -1);
  CHECK(m.Mm(4) == 0x1122334455667788);
}

TEST_CASE("MMX memory operands with 16-bit addressing in real mode", "[mmx]") {
  MmxMachine m;
  // Back to real mode with the 64 KiB limits of RESET (a real-mode segment load keeps the
  // cached limit, so the flat ones must be replaced explicitly).
  m.cpu.s.cr0 &= ~cr0::kPe;
  for (Segment& sg : m.cpu.s.seg) {
    sg.limit = 0xFFFF;
    sg.attr = 0x93;
  }
  m.StartReal(0, 0x1000);
  m.cpu.OnModeChange();
  m.cpu.s.gpr[kEbx] = 0x2000;
  m.Write64(0x2000, 0x0102030405060708);
  m.SetMm(0, 0x0101010101010101);
  REQUIRE(m.Exec({0x0F, 0xFC, 0x07}) == -1);  // paddb mm0, [bx]
  CHECK(m.Mm(0) == 0x0203040506070809);
  REQUIRE(m.Exec({0x0F, 0x7F, 0x47, 0x08}) == -1);  // movq [bx+8], mm0
  CHECK(m.Read64(0x2008) == 0x0203040506070809);
  // Eight bytes at offset FFFC run past the 64 KiB limit: #GP before anything is read.
  m.cpu.s.gpr[kEbx] = 0xFFFC;
  m.SetMm(0, 7);
  CHECK(m.Exec({0x0F, 0x6F, 0x07}) == kVecGp);
  CHECK(m.Mm(0) == 7);
}

}  // namespace
}  // namespace m86::test
