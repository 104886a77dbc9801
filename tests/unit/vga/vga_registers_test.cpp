// VGA port registers: DAC cycles, attribute flip-flop, CRTC protection, I/O address select,
// input status timing (IBM VGA Technical Reference, register descriptions).
#include <catch2/catch.hpp>

#include "vga_fixture.h"

using vga_test::Fixture;
using vga_test::kMode03;
using vga_test::kMode12;

TEST_CASE("DAC write and read cycles of three 6-bit components", "[vga][dac]") {
  Fixture f;
  f.Out(0x3C8, 5);
  CHECK(f.In(0x3C7) == 0x00);  // DAC state: write mode
  f.Out(0x3C9, 0x11);
  f.Out(0x3C9, 0xFF);  // only 6 bits are kept
  f.Out(0x3C9, 0x22);
  CHECK(f.In(0x3C8) == 6);  // the write index advanced after the triple
  f.Out(0x3C9, 1);
  f.Out(0x3C9, 2);
  f.Out(0x3C9, 3);
  const auto& dac = f.vga.state().dac;
  CHECK(dac[5][0] == 0x11);
  CHECK(dac[5][1] == 0x3F);
  CHECK(dac[5][2] == 0x22);
  CHECK(dac[6][2] == 3);
  f.Out(0x3C7, 5);
  CHECK(f.In(0x3C7) == 0x03);  // DAC state: read mode
  CHECK(f.In(0x3C9) == 0x11);
  CHECK(f.In(0x3C9) == 0x3F);
  CHECK(f.In(0x3C9) == 0x22);
  CHECK(f.In(0x3C9) == 1);  // read index moved on to entry 6
  f.Out(0x3C6, 0x0F);
  CHECK(f.In(0x3C6) == 0x0F);
}

TEST_CASE("Reading input status 1 resets the attribute flip-flop", "[vga][attr]") {
  Fixture f;
  f.Out(0x3C2, 0x01);  // colour I/O addresses
  f.In(0x3DA);
  f.Out(0x3C0, 0x31);  // index 11h, display on; flip-flop now at data
  f.In(0x3DA);         // back to index
  f.Out(0x3C0, 0x32);  // index 12h
  CHECK(f.In(0x3C0) == 0x32);
  f.Out(0x3C0, 0x05);  // data for 12h
  CHECK(f.vga.state().attr[0x12] == 0x05);
  CHECK(f.vga.state().attr[0x11] == 0x00);
  f.Out(0x3C0, 0x33);  // the flip-flop toggled back to index after the data write
  f.Out(0x3C0, 0x07);
  CHECK(f.vga.state().attr[0x13] == 0x07);
  f.Out(0x3C0, 0x13);
  CHECK(f.In(0x3C1) == 0x07);
}

TEST_CASE("Palette registers load only with the palette address source clear", "[vga][attr]") {
  Fixture f;
  f.Out(0x3C2, 0x01);
  f.In(0x3DA);
  f.Out(0x3C0, 0x03);
  f.Out(0x3C0, 0x2A);
  CHECK(f.vga.state().attr[3] == 0x2A);
  f.Out(0x3C0, 0x23);  // PAS set: palette writes are ignored
  f.Out(0x3C0, 0x15);
  CHECK(f.vga.state().attr[3] == 0x2A);
}

TEST_CASE("CRTC 11h bit 7 write-protects registers 0-7 except line compare bit 8",
          "[vga][crtc]") {
  Fixture f;
  f.Load(kMode03);  // 11h = 8Eh: protected
  f.Crtc(0x00, 0x12);
  f.Crtc(0x06, 0x34);
  CHECK(f.vga.state().crtc[0x00] == 0x5F);
  CHECK(f.vga.state().crtc[0x06] == 0xBF);
  f.Crtc(0x07, 0x00);  // only bit 4 (line compare bit 8) changes
  CHECK(f.vga.state().crtc[0x07] == 0x0F);
  f.Crtc(0x09, 0x47);  // not protected
  CHECK(f.vga.state().crtc[0x09] == 0x47);
  f.Crtc(0x11, 0x0E);
  f.Crtc(0x00, 0x12);
  CHECK(f.vga.state().crtc[0x00] == 0x12);
  f.Out(0x3D4, 0x00);
  CHECK(f.In(0x3D5) == 0x12);
}

TEST_CASE("Misc output bit 0 selects 3Dx or 3Bx for the CRTC", "[vga][crtc]") {
  Fixture f;
  f.Out(0x3C2, 0x00);  // monochrome addresses
  f.Out(0x3B4, 0x0E);
  f.Out(0x3B5, 0x12);
  CHECK(f.vga.state().crtc[0x0E] == 0x12);
  f.Out(0x3D4, 0x0F);
  f.Out(0x3D5, 0x34);
  CHECK(f.vga.state().crtc[0x0F] == 0x00);
  CHECK(f.In(0x3D5) == 0xFF);
  f.Out(0x3C2, 0x01);
  CHECK(f.In(0x3CC) == 0x01);
  f.Out(0x3D4, 0x0F);
  f.Out(0x3D5, 0x34);
  CHECK(f.vga.state().crtc[0x0F] == 0x34);
  CHECK(f.In(0x3BA) == 0xFF);
}

TEST_CASE("Word writes reach index and data ports", "[vga][ports]") {
  Fixture f;
  f.vga.IoWrite(0x3C4, 2, 0x0F02);
  f.vga.IoWrite(0x3CE, 2, 0xA508);
  CHECK(f.vga.state().seq[2] == 0x0F);
  CHECK(f.vga.state().gc[8] == 0xA5);
  f.Out(0x3C4, 0x02);
  CHECK(f.In(0x3C5) == 0x0F);
}

TEST_CASE("Vertical retrace recurs at the mode's frame rate", "[vga][timing]") {
  for (auto [mode, hz] : {std::pair{&kMode03, 70}, std::pair{&kMode12, 60}}) {
    Fixture f;
    f.Load(*mode);
    int rises = 0;
    bool was = false, saw_display = false, saw_blank = false;
    for (uint64_t t = 0; t < 1'000'000'000; t += 20'000) {
      f.sched.AdvanceTo(t);
      uint8_t st = f.In(0x3DA);
      bool retrace = (st & 0x08) != 0;
      if (retrace && !was) ++rises;
      was = retrace;
      if (retrace) CHECK((st & 0x01) == 0x01);  // blanked during retrace
      (st & 1 ? saw_blank : saw_display) = true;
    }
    CHECK(rises >= hz - 1);
    CHECK(rises <= hz + 1);
    CHECK(saw_display);
    CHECK(saw_blank);
  }
}

TEST_CASE("Nonexistent register indices are logged once", "[vga][log]") {
  Fixture f;
  f.Out(0x3C2, 0x01);
  f.Crtc(0x30, 0x01);
  f.Crtc(0x30, 0x02);
  f.Gc(0x0A, 0x01);
  REQUIRE(f.logged.size() == 2);
  CHECK(f.logged[0].find("CRTC index 30h") != std::string::npos);
}
