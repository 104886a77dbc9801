// INT 10h in graphics modes: pixels (AH=0Ch/0Dh), characters with the graphics font, scrolling,
// the CGA palette (AH=0Bh) and the DAC/palette functions (AH=10h), checked through what the
// VGA renders and what its memory holds.
#include "video_machine.h"

using video_test::Regs;
using video_test::Rgb6;
using video_test::VideoMachine;

TEST_CASE("mode 13h pixel write shows the DAC colour", "[bios_video]") {
  VideoMachine m;
  CHECK((m.Int10(0x0013).ax & 0xFF) == 0x20);
  CHECK(m.Peek8(0x449) == 0x13);
  CHECK(m.Peek8(0x484) == 24);
  CHECK(m.Peek16(0x485) == 8);
  CHECK(m.Peek32(0x43 * 4) == 0xF000FA6Eu);
  m.Int10(0x0C04, 0x0000, 10, 20);  // colour 4 at (10, 20)
  CHECK(m.Peek8(0xA0000 + 20 * 320 + 10) == 4);
  CHECK(m.PixelAt(10, 20, 320, 200) == Rgb6(0x2A, 0, 0));
  CHECK(m.PixelAt(11, 20, 320, 200) == 0);
  CHECK((m.Int10(0x0D00, 0, 10, 20).ax & 0xFF) == 4);
  // Default 256-colour palette: white at 15, grey ramp from 16, blue at 32.
  m.Int10(0x0C0F, 0, 0, 0);
  CHECK(m.PixelAt(0, 0, 320, 200) == 0xFFFFFF);
  m.Int10(0x0C20, 0, 1, 0);
  CHECK(m.PixelAt(1, 0, 320, 200) == Rgb6(0, 0, 0x3F));
  m.Int10(0x0C1F, 0, 2, 0);
  CHECK(m.PixelAt(2, 0, 320, 200) == 0xFFFFFF);
}

TEST_CASE("mode 13h characters, read back and scroll", "[bios_video]") {
  VideoMachine m;
  m.Int10(0x0013);
  m.Int10(0x0200, 0, 0, 0x0203);  // row 2, column 3
  m.Int10(0x0941, 0x000E, 1);     // 'A' in colour 14
  // The glyph's pixels are colour 14 where the ROM 8x8 font has bits.
  int lit = 0;
  for (int line = 0; line < 8; ++line) {
    const uint8_t bits = m.Peek8(0xFFA6E + 'A' * 8 + line);
    for (int x = 0; x < 8; ++x) {
      const uint8_t px = m.Peek8(0xA0000 + (16 + line) * 320 + 24 + x);
      CHECK(px == ((bits & (0x80 >> x)) ? 14 : 0));
      lit += px != 0;
    }
  }
  CHECK(lit > 10);
  CHECK((m.Int10(0x0800).ax & 0xFF) == 'A');
  // Characters 80h-FFh come from INT 1Fh (F000:7E00).
  m.Int10(0x0200, 0, 0, 0x0204);
  m.Int10(0x0982, 0x0009, 1);  // e acute
  int lit82 = 0;
  for (int line = 0; line < 8; ++line) {
    const uint8_t bits = m.Peek8(0xF7E00 + 0x02 * 8 + line);
    for (int x = 0; x < 8; ++x) {
      const uint8_t px = m.Peek8(0xA0000 + (16 + line) * 320 + 32 + x);
      CHECK(px == ((bits & (0x80 >> x)) ? 9 : 0));
      lit82 += px != 0;
    }
  }
  CHECK(lit82 > 5);
  CHECK((m.Int10(0x0800).ax & 0xFF) == 0x82);
  // Teletype in graphics mode, then scroll the screen up by two character rows.
  m.Int10(0x0200, 0, 0, 0x0400);
  m.Int10(0x0E5A, 0x0003);
  CHECK(m.Peek16(0x450) == 0x0401);
  m.Int10(0x0602, 0x0000, 0x0000, 0x1827);
  m.Int10(0x0200, 0, 0, 0x0200);
  CHECK((m.Int10(0x0800).ax & 0xFF) == 'Z');
  m.Int10(0x0200, 0, 0, 0x0003);
  CHECK((m.Int10(0x0800).ax & 0xFF) == 'A');
}

TEST_CASE("mode 12h pixels read back through the planes", "[bios_video]") {
  VideoMachine m;
  m.Int10(0x0012);
  CHECK(m.Peek8(0x484) == 29);
  CHECK(m.Peek16(0x485) == 16);
  for (int c = 0; c < 16; ++c) m.Int10(static_cast<uint16_t>(0x0C00 | c), 0, 100 + c, 50);
  for (int c = 0; c < 16; ++c) CHECK((m.Int10(0x0D00, 0, 100 + c, 50).ax & 0xFF) == c);
  CHECK((m.Int10(0x0D00, 0, 99, 50).ax & 0xFF) == 0);
  // Colour 1 is blue, 14 yellow (attribute 3Eh in the EGA palette).
  CHECK(m.PixelAt(101, 50, 640, 480) == Rgb6(0, 0, 0x2A));
  CHECK(m.PixelAt(114, 50, 640, 480) == Rgb6(0x3F, 0x3F, 0x15));
  // Bit 7 XORs: 5 ^ 3 = 6.
  m.Int10(0x0C05, 0, 300, 400);
  m.Int10(0x0C83, 0, 300, 400);
  CHECK((m.Int10(0x0D00, 0, 300, 400).ax & 0xFF) == 6);
  // The BIOS puts back the graphics controller state it changed.
  CHECK(m.vga.state().gc[5] == 0x00);
  CHECK(m.vga.state().gc[8] == 0xFF);
  CHECK(m.vga.state().seq[2] == 0x0F);
}

TEST_CASE("mode 12h characters and scrolling use the 8x16 font", "[bios_video]") {
  VideoMachine m;
  m.Int10(0x0012);
  CHECK(m.Peek32(0x43 * 4) == 0xF0006000u);
  m.Int10(0x0200, 0, 0, 0x1D4F);  // last cell, row 29 column 79
  m.Int10(0x0947, 0x000C, 1);     // 'G' in light red
  CHECK((m.Int10(0x0800).ax & 0xFF) == 'G');
  const uint8_t line5 = m.Peek8(0xF6000 + 'G' * 16 + 5);
  for (int x = 0; x < 8; ++x) {
    const int color = m.Int10(0x0D00, 0, 632 + x, 29 * 16 + 5).ax & 0xFF;
    CHECK(color == ((line5 & (0x80 >> x)) ? 12 : 0));
  }
  // XOR writing the same character again erases it; a blank cell reads as character 0,
  // the first glyph without pixels.
  m.Int10(0x0947, 0x008C, 1);
  CHECK((m.Int10(0x0800).ax & 0xFF) == 0);
  m.Int10(0x0200, 0, 0, 0x1D4F);
  m.Int10(0x0947, 0x000C, 1);
  // Scroll up 29 lines: row 29 moves to row 0 through the latches.
  m.Int10(0x061D, 0x0000, 0x0000, 0x1D4F);
  m.Int10(0x0200, 0, 0, 0x004F);
  CHECK((m.Int10(0x0800).ax & 0xFF) == 'G');
  m.Int10(0x0200, 0, 0, 0x1D4F);
  CHECK((m.Int10(0x0800).ax & 0xFF) == 0);
  // Clearing with a colour fills the window.
  m.Int10(0x0600, 0x0500, 0x0000, 0x0000);
  CHECK((m.Int10(0x0D00, 0, 7, 15).ax & 0xFF) == 5);
  CHECK((m.Int10(0x0D00, 0, 8, 15).ax & 0xFF) == 0);
}

TEST_CASE("modes 0Dh, 0Eh, 10h pages and pixels", "[bios_video]") {
  VideoMachine m;
  m.Int10(0x000D);
  CHECK(m.Peek16(0x44C) == 0x2000);
  m.Int10(0x0C0A, 0x0300, 5, 5);  // page 3
  CHECK((m.Int10(0x0D00, 0x0300, 5, 5).ax & 0xFF) == 0x0A);
  CHECK((m.Int10(0x0D00, 0x0000, 5, 5).ax & 0xFF) == 0);
  m.Int10(0x0503);
  CHECK(m.PixelAt(5, 5, 320, 200) == Rgb6(0x15, 0x3F, 0x15));  // light green (CGA DAC)
  m.Int10(0x0010);
  CHECK(m.Peek16(0x485) == 14);
  CHECK(m.Peek32(0x43 * 4) == 0xF0007000u);
  m.Int10(0x0C0E, 0, 639, 349);
  CHECK((m.Int10(0x0D00, 0, 639, 349).ax & 0xFF) == 0x0E);
  m.Int10(0x000E);
  m.Int10(0x0C07, 0, 639, 199);
  CHECK((m.Int10(0x0D00, 0, 639, 199).ax & 0xFF) == 7);
}

TEST_CASE("CGA modes 4 and 6: interleaved pixels and AH=0Bh palettes", "[bios_video]") {
  VideoMachine m;
  m.Int10(0x0004);
  m.Int10(0x0C03, 0, 1, 1);  // odd line: B800:2000
  CHECK(m.Peek8(0xBA000) == 0x30);
  m.Int10(0x0C02, 0, 4, 2);
  CHECK(m.Peek8(0xB8000 + 80 + 1) == 0x80);
  CHECK((m.Int10(0x0D00, 0, 1, 1).ax & 0xFF) == 3);
  CHECK((m.Int10(0x0D00, 0, 4, 2).ax & 0xFF) == 2);
  // Palette 1 with intensity (the mode default): colour 3 is white.
  CHECK(m.PixelAt(1, 1, 320, 200) == 0xFFFFFF);
  // Palette 0: colour 2 red, colour 3 brown once intensity is off.
  m.Int10(0x0B00, 0x0100);
  CHECK(m.PixelAt(4, 2, 320, 200) == Rgb6(0x3F, 0x15, 0x15));
  m.Int10(0x0B00, 0x0001);  // background blue, intensity off
  CHECK(m.PixelAt(1, 1, 320, 200) == Rgb6(0x2A, 0x15, 0));
  CHECK(m.PixelAt(0, 0, 320, 200) == Rgb6(0, 0, 0x2A));
  CHECK(m.Peek8(0x466) == 0x01);
  // Text in mode 4 reads back.
  m.Int10(0x0200, 0, 0, 0x0102);
  m.Int10(0x0958, 0x0003, 1);
  CHECK((m.Int10(0x0800).ax & 0xFF) == 'X');

  m.Int10(0x0006);
  m.Int10(0x0C01, 0, 9, 3);
  CHECK(m.Peek8(0xBA000 + 80 + 1) == 0x40);
  CHECK((m.Int10(0x0D00, 0, 9, 3).ax & 0xFF) == 1);
  m.Int10(0x0200, 0, 0, 0x0001);
  m.Int10(0x0E4B, 0x0001);
  m.Int10(0x0200, 0, 0, 0x0001);
  CHECK((m.Int10(0x0800).ax & 0xFF) == 'K');
}

TEST_CASE("AH=10h palette registers and DAC", "[bios_video]") {
  VideoMachine m;
  // Palette register 1 -> 3Fh: blue text becomes white.
  m.Int10(0x1000, 0x3F01);
  CHECK(m.vga.state().attr[1] == 0x3F);
  CHECK((m.Int10(0x1007, 0x0001).bx >> 8) == 0x3F);
  m.Int10(0x1001, 0x0500);
  CHECK((m.Int10(0x1008).bx >> 8) == 0x05);
  // DAC 20h <- (1, 2, 3), read back.
  m.Int10(0x1010, 0x0020, 0x0203, 0x0100);
  Regs r = m.Int10(0x1015, 0x0020);
  CHECK(r.dx >> 8 == 1);
  CHECK(r.cx == 0x0203);
  // Block set and get through memory.
  m.Poke(0x6000, std::string("\x01\x02\x03\x3F\x00\x3F", 6));
  Regs in;
  in.ax = 0x1012;
  in.bx = 0x40;
  in.cx = 2;
  in.es = 0x0600;
  in.dx = 0;
  m.Int10(in);
  in.ax = 0x1017;
  in.dx = 0x10;
  m.Int10(in);
  CHECK(m.Peek8(0x6010) == 1);
  CHECK(m.Peek8(0x6013) == 0x3F);
  CHECK(m.Peek8(0x6015) == 0x3F);
  // All palette registers to ES:DX and back.
  in.ax = 0x1009;
  in.dx = 0x20;
  m.Int10(in);
  CHECK(m.Peek8(0x6020 + 1) == 0x3F);
  CHECK(m.Peek8(0x6020 + 6) == 0x14);
  CHECK(m.Peek8(0x6020 + 16) == 0x05);
  // Blink off / on through the attribute mode control register.
  m.Int10(0x1003, 0x0000);
  CHECK((m.vga.state().attr[0x10] & 0x08) == 0);
  m.Int10(0x1003, 0x0001);
  CHECK((m.vga.state().attr[0x10] & 0x08) == 0x08);
  // PEL mask.
  m.Int10(0x1018, 0x000F);
  CHECK((m.Int10(0x1019).bx & 0xFF) == 0x0F);
  // Colour paging: 16 pages of 16, select page 5.
  m.Int10(0x1013, 0x0100);
  m.Int10(0x1013, 0x0501);
  r = m.Int10(0x101A);
  CHECK((r.bx & 0xFF) == 1);
  CHECK(r.bx >> 8 == 5);
  // Grey-scale summing of DAC 40h (1, 2, 3) -> 2.
  m.Int10(0x101B, 0x0040, 1);
  r = m.Int10(0x1015, 0x0040);
  CHECK(r.dx >> 8 == 2);
  CHECK(r.cx == 0x0202);
}
