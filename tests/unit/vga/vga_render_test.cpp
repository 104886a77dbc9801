// Rendering and text read-out from standard mode register sets: geometry from the CRTC,
// pixels through the attribute controller and DAC, glyphs from plane 2.
#include <catch2/catch.hpp>

#include "vga_fixture.h"

using vga_test::Fixture;
using vga_test::kMode03;
using vga_test::kMode12;
using vga_test::kMode13;

namespace {

// IBM VGA BIOS register set for mode 04h (320x200, 4 colours, CGA interleave).
const vga_test::ModeRegs kMode04 = {
    0x63,
    {0x03, 0x09, 0x03, 0x00, 0x02},
    {0x2D, 0x27, 0x28, 0x90, 0x2B, 0x80, 0xBF, 0x1F, 0x00, 0xC1, 0x00, 0x00, 0x00,
     0x00, 0x00, 0x00, 0x9C, 0x8E, 0x8F, 0x14, 0x00, 0x96, 0xB9, 0xA2, 0xFF},
    {0x00, 0x00, 0x00, 0x00, 0x00, 0x30, 0x0F, 0x00, 0xFF},
    {0x00, 0x13, 0x15, 0x17, 0x02, 0x04, 0x06, 0x07, 0x10, 0x11, 0x12,
     0x13, 0x14, 0x15, 0x16, 0x17, 0x01, 0x00, 0x03, 0x00, 0x00}};

uint32_t Px(const m86::Frame& fr, int x, int y) { return fr.pixels[size_t(y) * fr.width + x]; }

// Writes glyph rows into plane 2 the way a BIOS font load does: sequential addressing with
// only plane 2 enabled, the window at A0000, then the text mode's settings back.
void LoadGlyph(Fixture& f, uint32_t map_offset, uint8_t ch, const uint8_t (&rows)[16]) {
  f.Seq(2, 0x04);
  f.Seq(4, 0x06);
  f.Gc(5, 0x00);
  f.Gc(6, 0x04);
  for (int i = 0; i < 16; ++i) f.W8(0xA0000 + map_offset + ch * 32u + i, rows[i]);
  f.Seq(2, 0x03);
  f.Seq(4, 0x02);
  f.Gc(5, 0x10);
  f.Gc(6, 0x0E);
}

}  // namespace

TEST_CASE("Resolution comes from the CRTC registers", "[vga][render]") {
  Fixture f;
  m86::Frame fr;
  f.Load(kMode03);
  f.vga.Render(&fr);
  CHECK((fr.width == 720 && fr.height == 400 && fr.text_mode));
  f.Load(kMode13);
  f.vga.Render(&fr);
  CHECK((fr.width == 320 && fr.height == 200 && !fr.text_mode));
  f.Load(kMode12);
  f.vga.Render(&fr);
  CHECK((fr.width == 640 && fr.height == 480));
  f.Load(kMode04);
  f.vga.Render(&fr);
  CHECK((fr.width == 320 && fr.height == 200));
}

TEST_CASE("Mode 13h pixel through the DAC, start address and split screen", "[vga][render]") {
  Fixture f;
  f.Load(kMode13);
  f.Dac(7, 63, 32, 0);
  f.W8(0xA0000 + 20 * 320 + 10, 7);
  m86::Frame fr;
  f.vga.Render(&fr);
  CHECK(Px(fr, 10, 20) == 0xFF8200);
  CHECK(Px(fr, 11, 20) == 0);
  CHECK(Px(fr, 10, 19) == 0);
  f.Crtc(0x0C, 0x00);
  f.Crtc(0x0D, 80);  // one line of 320 bytes in doubleword counter units
  f.vga.Render(&fr);
  CHECK(Px(fr, 10, 19) == 0xFF8200);
  // Line compare at physical scanline 199: output line 100 restarts at address 0.
  f.W8(0xA0000 + 5, 7);
  f.Crtc(0x07, 0x0F);  // line compare bit 8 clear
  f.Crtc(0x09, 0x01);  // line compare bit 9 clear
  f.Crtc(0x18, 199);
  f.vga.Render(&fr);
  CHECK(Px(fr, 5, 100) == 0xFF8200);
  CHECK(Px(fr, 5, 99) == 0);
}

TEST_CASE("Unchained 256-colour (mode X) pixel", "[vga][render]") {
  Fixture f;
  f.Load(kMode13);
  f.Seq(4, 0x06);      // chain-4 off
  f.Crtc(0x14, 0x00);  // doubleword off
  f.Crtc(0x17, 0xE3);  // byte mode
  f.Dac(9, 0, 63, 0);
  f.Seq(2, 1 << 2);  // x = 10: plane 2
  f.W8(0xA0000 + 20 * 80 + 10 / 4, 9);
  m86::Frame fr;
  f.vga.Render(&fr);
  CHECK(Px(fr, 10, 20) == 0x00FF00);
  CHECK(Px(fr, 9, 20) == 0);
}

TEST_CASE("Planar 640x480 pixel through palette and DAC", "[vga][render]") {
  Fixture f;
  f.Load(kMode12);
  f.Dac(0x3C, 63, 21, 21);  // palette register 0Ch holds 3Ch
  f.Gc(5, 0x02);
  f.Gc(8, 0x80 >> (100 % 8));
  f.R8(0xA0000 + 50 * 80 + 100 / 8);
  f.W8(0xA0000 + 50 * 80 + 100 / 8, 0x0C);
  m86::Frame fr;
  f.vga.Render(&fr);
  CHECK(Px(fr, 100, 50) == 0xFF5555);
  CHECK(Px(fr, 99, 50) == 0);
  CHECK(Px(fr, 101, 50) == 0);
  f.Attr(0x12, 0x03);  // colour plane enable: planes 2-3 masked -> colour 0
  f.vga.Render(&fr);
  CHECK(Px(fr, 100, 50) == 0);
}

TEST_CASE("CGA 4-colour interleave (mode 04h)", "[vga][render]") {
  Fixture f;
  f.Load(kMode04);
  f.Dac(0x17, 63, 63, 63);  // palette register 3 holds 17h
  f.W8(0xB8000 + 0x2000, 0x30);  // odd line 1 lives in the second 8K bank; pixel 1 = 3
  m86::Frame fr;
  f.vga.Render(&fr);
  CHECK(Px(fr, 1, 1) == 0xFFFFFF);
  CHECK(Px(fr, 0, 1) == 0);
  CHECK(Px(fr, 1, 0) == 0);
}

TEST_CASE("Text rendering draws glyphs from plane 2 with attributes and cursor",
          "[vga][render][text]") {
  Fixture f;
  f.Load(kMode03);
  const uint8_t glyph_a[16] = {0, 0, 0xFF, 0x81};
  const uint8_t glyph_box[16] = {0, 0, 0x01};
  LoadGlyph(f, 0, 'A', glyph_a);
  LoadGlyph(f, 0, 0xC4, glyph_box);
  f.Dac(0x01, 0, 0, 42);
  f.Dac(0x3E, 63, 63, 21);
  f.Dac(0x07, 42, 42, 42);
  auto put = [&](int row, int col, uint8_t ch, uint8_t at) {
    f.W8(0xB8000 + (row * 80 + col) * 2, ch);
    f.W8(0xB8000 + (row * 80 + col) * 2 + 1, at);
  };
  put(2, 3, 'A', 0x1E);
  put(2, 4, 0xC4, 0x1E);
  put(3, 0, 'A', 0x9E);  // blinking
  put(4, 5, ' ', 0x07);
  f.Crtc(0x0E, (4 * 80 + 5) >> 8);
  f.Crtc(0x0F, (4 * 80 + 5) & 0xFF);
  m86::Frame fr;
  f.vga.Render(&fr);
  int x0 = 3 * 9, y0 = 2 * 16;
  for (int x = 0; x < 8; ++x) CHECK(Px(fr, x0 + x, y0 + 2) == 0xFFFF55);
  CHECK(Px(fr, x0 + 8, y0 + 2) == 0x0000AA);  // ninth dot: background
  CHECK(Px(fr, x0, y0 + 3) == 0xFFFF55);
  CHECK(Px(fr, x0 + 1, y0 + 3) == 0x0000AA);
  CHECK(Px(fr, x0 + 7, y0 + 3) == 0xFFFF55);
  CHECK(Px(fr, x0 + 9 + 8, y0 + 2) == 0xFFFF55);  // line graphics: ninth dot repeats the eighth
  CHECK(Px(fr, 0, 3 * 16 + 2) == 0xFFFF55);      // blinking character, visible phase
  CHECK(Px(fr, 5 * 9, 4 * 16 + 13) == 0xAAAAAA);  // cursor lines 0Dh-0Eh
  CHECK(Px(fr, 5 * 9, 4 * 16 + 12) == 0);
  f.sched.AdvanceTo(120'000'000);  // 8 frames at 70 Hz: cursor off
  f.vga.Render(&fr);
  CHECK(Px(fr, 5 * 9, 4 * 16 + 13) == 0);
  f.sched.AdvanceTo(240'000'000);  // 16 frames: blinking characters off
  f.vga.Render(&fr);
  CHECK(Px(fr, 0, 3 * 16 + 2) == 0x0000AA);
  CHECK(Px(fr, x0, y0 + 2) == 0xFFFF55);
  f.Attr(0x10, 0x04);  // blink off: bit 7 is background intensity
  f.vga.Render(&fr);
  CHECK(Px(fr, 0, 3 * 16 + 2) == 0xFFFF55);
}

TEST_CASE("Character map select picks the font by attribute bit 3", "[vga][render][text]") {
  Fixture f;
  f.Load(kMode03);
  const uint8_t font0[16] = {0xF0};
  const uint8_t font1[16] = {0x0F};
  LoadGlyph(f, 0x0000, 'A', font0);  // map 0
  LoadGlyph(f, 0x4000, 'A', font1);  // map 1
  f.Dac(0x07, 63, 63, 63);
  f.Dac(0x3F, 63, 63, 63);
  f.Seq(3, 0x01);  // map A = 0 (attribute bit 3 set), map B = 1
  f.W8(0xB8000, 'A');
  f.W8(0xB8001, 0x07);
  f.W8(0xB8002, 'A');
  f.W8(0xB8003, 0x0F);
  m86::Frame fr;
  f.vga.Render(&fr);
  CHECK(Px(fr, 0, 0) == 0);         // font 1: 0x0F
  CHECK(Px(fr, 4, 0) == 0xFFFFFF);
  CHECK(Px(fr, 9, 0) == 0xFFFFFF);  // font 0: 0xF0
  CHECK(Px(fr, 13, 0) == 0);
}

TEST_CASE("ReadText returns the 80x25 screen and cursor", "[vga][text]") {
  Fixture f;
  f.Load(kMode03);
  f.W8(0xB8000, 'H');
  f.W8(0xB8001, 0x1F);
  f.W8(0xB8002, 'i');
  f.W8(0xB8000 + (24 * 80 + 79) * 2, 'Z');
  f.Crtc(0x0E, (5 * 80 + 10) >> 8);
  f.Crtc(0x0F, (5 * 80 + 10) & 0xFF);
  m86::TextScreen t;
  REQUIRE(f.vga.ReadText(&t));
  CHECK(t.columns == 80);
  CHECK(t.rows == 25);
  CHECK(t.CharAt(0, 0) == 'H');
  CHECK(t.cells[0] >> 8 == 0x1F);
  CHECK(t.CharAt(0, 1) == 'i');
  CHECK(t.CharAt(24, 79) == 'Z');
  CHECK(t.cursor_row == 5);
  CHECK(t.cursor_column == 10);
  CHECK(t.cursor_visible);
  f.Crtc(0x0A, 0x20);  // cursor off
  REQUIRE(f.vga.ReadText(&t));
  CHECK_FALSE(t.cursor_visible);
  f.Crtc(0x0C, 0x00);  // start address one row down
  f.Crtc(0x0D, 80);
  REQUIRE(f.vga.ReadText(&t));
  CHECK(t.CharAt(23, 79) == 'Z');
  CHECK(t.cursor_row == 4);
  f.Load(kMode13);
  CHECK_FALSE(f.vga.ReadText(&t));
}

TEST_CASE("Rows follow the character height; 40 columns follow display end", "[vga][text]") {
  Fixture f;
  f.Load(kMode03);
  f.Crtc(0x09, 0x47);  // 8-line characters: 50 rows
  m86::TextScreen t;
  REQUIRE(f.vga.ReadText(&t));
  CHECK(t.rows == 50);
  CHECK(t.columns == 80);
  f.Crtc(0x09, 0x4F);
  f.Crtc(0x11, 0x0E);  // unprotect CRTC 0-7
  f.Seq(1, 0x08);      // 9 dots, dot clock / 2
  f.Crtc(0x01, 0x27);  // 40 characters
  f.Crtc(0x13, 0x14);
  REQUIRE(f.vga.ReadText(&t));
  CHECK(t.columns == 40);
  CHECK(t.rows == 25);
  m86::Frame fr;
  f.vga.Render(&fr);
  CHECK((fr.width == 360 && fr.height == 400));
}

TEST_CASE("Horizontal PEL panning shifts planar pixels left", "[vga][render]") {
  Fixture f;
  f.Load(kMode12);
  f.Dac(0x07, 63, 63, 63);
  f.SetPlanes(50 * 80 + 100 / 8, 0x08, 0x08, 0x08, 0x00);  // x = 100 (bit 3), colour 7
  m86::Frame fr;
  f.vga.Render(&fr);
  CHECK(Px(fr, 100, 50) == 0xFFFFFF);
  f.Attr(0x13, 3);
  f.vga.Render(&fr);
  CHECK(Px(fr, 97, 50) == 0xFFFFFF);
  CHECK(Px(fr, 100, 50) == 0);
}
