// INT 10h AH=11h (character generator), AH=12h, AH=1Ah and AH=1Bh against Ralf Brown's
// Interrupt List and the IBM VGA BIOS behaviour they document.
#include "video_machine.h"

using video_test::Regs;
using video_test::VideoMachine;

TEST_CASE("AX=1112h gives 80x50 text", "[bios_video]") {
  VideoMachine m;
  m.Int10(0x1112, 0x0000);
  CHECK(m.Peek8(0x484) == 49);
  CHECK(m.Peek16(0x485) == 8);
  CHECK(m.Peek16(0x44C) == 0x1F00 + 0x100);  // 8000 bytes rounded to 256
  m86::TextScreen t = m.Text();
  CHECK(t.rows == 50);
  CHECK(t.columns == 80);
  CHECK((m.vga.state().crtc[0x09] & 0x1F) == 7);
  // Plane 2 holds the 8x8 glyphs (upper half from F000:7E00).
  for (int line = 0; line < 8; ++line) {
    CHECK(m.FontPlane('M' * 32 + line) == m.Peek8(0xFFA6E + 'M' * 8 + line));
    CHECK(m.FontPlane(0xC4 * 32 + line) == m.Peek8(0xF7E00 + 0x44 * 8 + line));
  }
  // Teletype scrolls at row 49.
  for (int i = 0; i < 60; ++i) m.Print("\r\nrow " + std::to_string(i));
  t = m.Text();
  CHECK(m.Row(t, 49) == "row 59");
  CHECK(t.cursor_row == 49);
}

TEST_CASE("350 scan lines with the 8x8 font give 43 rows", "[bios_video]") {
  VideoMachine m;
  CHECK((m.Int10(0x1201, 0x0030).ax & 0xFF) == 0x12);
  m.Int10(0x0003);
  CHECK(m.Peek16(0x485) == 14);
  CHECK(m.Text().rows == 25);
  CHECK(m.FontPlane('A' * 32 + 3) == m.Peek8(0xF7000 + 'A' * 14 + 3));
  m.Int10(0x1112, 0x0000);
  CHECK(m.Peek8(0x484) == 42);
  CHECK(m.Text().rows == 43);
  // Back to 400 lines.
  m.Int10(0x1202, 0x0030);
  m.Int10(0x0003);
  CHECK(m.Text().rows == 25);
  CHECK(m.Peek16(0x485) == 16);
}

TEST_CASE("AX=1110h loads a user font", "[bios_video]") {
  VideoMachine m;
  std::string glyph(16, '\0');
  for (int i = 0; i < 16; ++i) glyph[i] = static_cast<char>(0xA0 + i);
  m.Poke(0x7000, glyph);
  Regs in;
  in.ax = 0x1100;
  in.bx = 0x1000;  // 16 bytes per character, block 0
  in.cx = 1;
  in.dx = 'Q';
  in.es = 0x0700;
  in.bp = 0;
  m.Int10(in);
  for (int i = 0; i < 16; ++i) CHECK(m.FontPlane('Q' * 32 + i) == 0xA0 + i);
  // Neighbours untouched.
  CHECK(m.FontPlane('P' * 32 + 5) == m.Peek8(0xF6000 + 'P' * 16 + 5));
  // Block 1 (plane 2 offset 4000h) with AX=1101h, selected by AX=1103h.
  m.Int10(0x1101, 0x0001);
  CHECK(m.FontPlane(0x4000 + 'A' * 32 + 4) == m.Peek8(0xF7000 + 'A' * 14 + 4));
  m.Int10(0x1103, 0x0005);
  CHECK(m.vga.state().seq[3] == 0x05);
}

TEST_CASE("AX=1130h returns the ROM font pointers", "[bios_video]") {
  VideoMachine m;
  Regs in;
  in.ax = 0x1130;
  const auto pointer = [&](uint8_t bh) {
    in.bx = static_cast<uint16_t>(bh << 8);
    const Regs r = m.Int10(in);
    return uint32_t{r.es} << 16 | r.bp;
  };
  CHECK(pointer(6) == 0xF0006000u);
  CHECK(pointer(2) == 0xF0007000u);
  CHECK(pointer(3) == 0xF000FA6Eu);
  CHECK(pointer(4) == 0xF0007E00u);
  CHECK(pointer(0) == 0xF0007E00u);  // INT 1Fh
  CHECK(pointer(1) == 0xF0006000u);  // INT 43h in mode 3
  // Alternate 9-dot tables: empty (the first byte is the 00h terminator).
  const uint32_t alternate = pointer(7);
  CHECK(m.Peek8((alternate >> 16) * 16 + (alternate & 0xFFFF)) == 0);
  in.bx = 0x0600;
  const Regs r = m.Int10(in);
  CHECK(r.cx == 16);
  CHECK((r.dx & 0xFF) == 24);
  // The pointed-at glyph of 'A' matches plane 2.
  for (int line = 0; line < 16; ++line) {
    CHECK(m.Peek8(0xF6000 + 'A' * 16 + line) == m.FontPlane('A' * 32 + line));
  }
}

TEST_CASE("AX=1121h-1124h set the graphics font and rows", "[bios_video]") {
  VideoMachine m;
  m.Int10(0x0012);
  m.Int10(0x1123, 0x0002);  // ROM 8x8, 25 rows
  CHECK(m.Peek32(0x43 * 4) == 0xF000FA6Eu);
  CHECK(m.Peek8(0x484) == 24);
  CHECK(m.Peek16(0x485) == 8);
  Regs in;
  in.ax = 0x1121;
  in.bx = 0x0000;
  in.cx = 16;
  in.dx = 30;
  in.es = 0x1234;
  in.bp = 0x5678;
  m.Int10(in);
  CHECK(m.Peek32(0x43 * 4) == 0x12345678u);
  CHECK(m.Peek8(0x484) == 29);
  m.Int10(0x1120, 0, 0, 0);
  in.ax = 0x1120;
  m.Int10(in);
  CHECK(m.Peek32(0x1F * 4) == 0x12345678u);
}

TEST_CASE("AH=12h alternate select", "[bios_video]") {
  VideoMachine m;
  Regs r = m.Int10(0x1200, 0x0010);
  CHECK(r.bx == 0x0003);
  CHECK(r.cx == 0x0F09);
  // Default palette loading off: a mode set keeps the DAC.
  m.Int10(0x1010, 0x0001, 0x0000, 0x3F00);
  CHECK((m.Int10(0x1201, 0x0031).ax & 0xFF) == 0x12);
  m.Int10(0x0003);
  CHECK((m.Int10(0x1015, 0x0001).dx >> 8) == 0x3F);
  m.Int10(0x1200, 0x0031);
  m.Int10(0x0003);
  CHECK((m.Int10(0x1015, 0x0001).dx >> 8) == 0x00);
  // Grey-scale summing applies to later DAC writes.
  m.Int10(0x1200, 0x0033);
  CHECK((m.Peek8(0x489) & 0x02) == 0x02);
  m.Int10(0x1010, 0x0050, 0x0000, 0x3F00);  // pure red -> grey 19
  r = m.Int10(0x1015, 0x0050);
  CHECK(r.dx >> 8 == 19);
  CHECK(r.cx == 0x1313);
  m.Int10(0x1201, 0x0033);
  // Screen off and on (sequencer clocking mode bit 5).
  m.Int10(0x1201, 0x0036);
  CHECK((m.vga.state().seq[1] & 0x20) == 0x20);
  m.Int10(0x1200, 0x0036);
  CHECK((m.vga.state().seq[1] & 0x20) == 0);
  // Unknown BL: AL unchanged, logged.
  r = m.Int10(0x1200, 0x0035);
  CHECK((r.ax & 0xFF) == 0x00);
  CHECK(m.Logged("BL=35h"));
}

TEST_CASE("AH=1Ah display combination and AH=1Bh state information", "[bios_video]") {
  VideoMachine m;
  Regs r = m.Int10(0x1A00);
  CHECK((r.ax & 0xFF) == 0x1A);
  CHECK(r.bx == 0x0008);
  m.Int10(0x0200, 0, 0, 0x0307);
  Regs in;
  in.ax = 0x1B00;
  in.es = 0x0800;
  in.di = 0x0010;
  r = m.Int10(in);
  CHECK((r.ax & 0xFF) == 0x1B);
  const uint32_t b = 0x8010;
  CHECK(m.Peek32(b) == 0xF0008200u);
  CHECK(m.Peek8(b + 0x04) == 0x03);
  CHECK(m.Peek16(b + 0x05) == 80);
  CHECK(m.Peek16(b + 0x07) == 0x1000);
  CHECK(m.Peek16(b + 0x0B) == 0x0307);
  CHECK(m.Peek16(b + 0x1B) == 0x0607);
  CHECK(m.Peek16(b + 0x1E) == 0x3D4);
  CHECK(m.Peek8(b + 0x22) == 25);
  CHECK(m.Peek16(b + 0x23) == 16);
  CHECK(m.Peek8(b + 0x25) == 0x08);
  CHECK(m.Peek16(b + 0x27) == 16);
  CHECK(m.Peek8(b + 0x29) == 8);
  CHECK(m.Peek8(b + 0x2A) == 2);              // 400 lines
  CHECK((m.Peek8(b + 0x2D) & 0x30) == 0x30);  // cursor emulation, blink
  CHECK(m.Peek8(b + 0x31) == 3);
  // The static functionality table in the ROM: modes 0-7, 0Dh-0Fh, 10h-13h.
  CHECK(m.Peek8(0xF8200) == 0xFF);
  CHECK(m.Peek8(0xF8201) == 0xE0);
  CHECK(m.Peek8(0xF8202) == 0x0F);
  CHECK(m.Peek8(0xF8207) == 0x07);
}
