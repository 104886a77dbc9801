// Bochs VBE DISPI interface: ID negotiation, capabilities, linear and banked modes.
#include <catch2/catch.hpp>

#include "vga_fixture.h"

using vga_test::Fixture;
using vga_test::kMode03;

namespace {

constexpr uint32_t kLfb = 0xE0000000;

uint32_t Px(const m86::Frame& fr, int x, int y) { return fr.pixels[size_t(y) * fr.width + x]; }

void SetMode(Fixture& f, uint16_t w, uint16_t h, uint16_t bpp, uint16_t enable) {
  f.Vbe(4, 0);
  f.Vbe(1, w);
  f.Vbe(2, h);
  f.Vbe(3, bpp);
  f.Vbe(4, enable);
}

}  // namespace

TEST_CASE("VBE ID register negotiates the interface version", "[vbe]") {
  Fixture f;
  CHECK(f.VbeRead(0) == 0xB0C5);
  f.Vbe(0, 0xB0C0);
  CHECK(f.VbeRead(0) == 0xB0C0);
  f.Vbe(0, 0xB0C9);  // unknown version: unchanged, logged
  CHECK(f.VbeRead(0) == 0xB0C0);
  CHECK(f.logged.size() == 1);
  CHECK(f.VbeRead(0x0A) == 256);  // 16 MiB in 64 KiB units
}

TEST_CASE("VBE GETCAPS reports the maxima", "[vbe]") {
  Fixture f;
  f.Vbe(4, 0x02);
  CHECK(f.VbeRead(1) == 1280);
  CHECK(f.VbeRead(2) == 1024);
  CHECK(f.VbeRead(3) == 32);
  f.Vbe(4, 0x00);
  CHECK(f.VbeRead(1) == 640);
}

TEST_CASE("VBE 800x600x32 through the linear framebuffer", "[vbe]") {
  Fixture f;
  f.Load(kMode03);
  SetMode(f, 800, 600, 32, 0x41);
  CHECK(f.VbeRead(6) == 800);
  CHECK(f.VbeRead(7) == (16u << 20) / 3200);
  f.vga.MmioWrite(kLfb + (123 * 800 + 456) * 4, 4, 0x00123456);
  CHECK(f.vga.MmioRead(kLfb + (123 * 800 + 456) * 4, 4) == 0x00123456);
  m86::Frame fr;
  CHECK_FALSE(f.vga.ReadText(nullptr));
  f.vga.Render(&fr);
  CHECK(fr.width == 800);
  CHECK(fr.height == 600);
  CHECK_FALSE(fr.text_mode);
  CHECK(Px(fr, 456, 123) == 0x123456);
  CHECK(Px(fr, 455, 123) == 0);
  // Display start offsets move the picture.
  f.Vbe(8, 6);
  f.Vbe(9, 3);
  f.vga.Render(&fr);
  CHECK(Px(fr, 450, 120) == 0x123456);
  // Mode registers are latched only while disabled.
  f.Vbe(1, 1024);
  CHECK(f.VbeRead(1) == 800);
  // Disabling returns to the VGA picture.
  f.Vbe(4, 0);
  f.vga.Render(&fr);
  CHECK(fr.width == 720);
  CHECK(fr.text_mode);
}

TEST_CASE("VBE enable clears video memory unless NOCLEARMEM", "[vbe]") {
  Fixture f;
  f.vga.MmioWrite(kLfb + 100, 4, 0xDEADBEEF);
  SetMode(f, 640, 480, 32, 0xC1);
  CHECK(f.vga.MmioRead(kLfb + 100, 4) == 0xDEADBEEF);
  SetMode(f, 640, 480, 32, 0x41);
  CHECK(f.vga.MmioRead(kLfb + 100, 4) == 0);
}

TEST_CASE("VBE banked access through the A0000 window", "[vbe]") {
  Fixture f;
  SetMode(f, 640, 480, 8, 0x01);
  f.Dac(0x42, 63, 0, 63);
  f.Vbe(5, 1);
  f.W8(0xA0010, 0x42);
  f.vga.MmioWrite(0xA0020, 2, 0x4242);
  CHECK(f.vga.state().vram[0x10010] == 0x42);
  CHECK(f.vga.state().vram[0x10021] == 0x42);
  CHECK(f.R8(0xA0010) == 0x42);
  f.Vbe(5, 0);
  CHECK(f.R8(0xA0010) == 0x00);
  CHECK(f.vga.MmioRead(kLfb + 0x10010, 1) == 0x42);
  m86::Frame fr;
  f.vga.Render(&fr);
  REQUIRE(fr.width == 640);
  CHECK(Px(fr, 0x10010 % 640, 0x10010 / 640) == 0xFF00FF);
  f.Vbe(5, 300);  // beyond 16 MiB: ignored
  CHECK(f.VbeRead(5) == 0);
}

TEST_CASE("VBE 16 and 15 bpp pixel formats", "[vbe]") {
  Fixture f;
  SetMode(f, 320, 200, 16, 0x41);
  f.vga.MmioWrite(kLfb, 2, 0xF800);      // red 5:6:5
  f.vga.MmioWrite(kLfb + 2, 2, 0x07E0);  // green
  m86::Frame fr;
  f.vga.Render(&fr);
  CHECK(Px(fr, 0, 0) == 0xFF0000);
  CHECK(Px(fr, 1, 0) == 0x00FF00);
  SetMode(f, 320, 200, 15, 0x41);
  f.vga.MmioWrite(kLfb, 2, 0x001F);  // blue 5:5:5
  f.vga.MmioWrite(kLfb + 2, 2, 0x03E0);
  f.vga.Render(&fr);
  CHECK(Px(fr, 0, 0) == 0x0000FF);
  CHECK(Px(fr, 1, 0) == 0x00FF00);
  SetMode(f, 320, 200, 24, 0x41);
  f.vga.MmioWrite(kLfb + 3, 4, 0x00AABBCC);
  f.vga.Render(&fr);
  CHECK(Px(fr, 1, 0) == 0xAABBCC);
}

TEST_CASE("VBE virtual width sets the pitch", "[vbe]") {
  Fixture f;
  SetMode(f, 640, 480, 8, 0x41);
  f.Vbe(6, 1024);
  CHECK(f.VbeRead(6) == 1024);
  CHECK(f.VbeRead(7) == (16u << 20) / 1024);
  f.Dac(1, 63, 63, 63);
  f.vga.MmioWrite(kLfb + 2 * 1024 + 3, 1, 1);
  m86::Frame fr;
  f.vga.Render(&fr);
  CHECK(Px(fr, 3, 2) == 0xFFFFFF);
}

TEST_CASE("VBE 4 bpp planar mode through the banked window", "[vbe]") {
  Fixture f;
  f.Out(0x3C2, 0x01);
  for (int i = 0; i < 16; ++i) f.Attr(static_cast<uint8_t>(i), static_cast<uint8_t>(i));
  f.Attr(0x12, 0x0F);
  f.Dac(0x05, 63, 0, 0);
  SetMode(f, 800, 600, 4, 0x01);
  f.Seq(2, 0x05);  // planes 0 and 2: colour 5
  f.Gc(8, 0xFF);
  f.W8(0xA0000 + 10 * 100 + 2, 0x80);  // x = 16, y = 10 (100 bytes per plane line)
  m86::Frame fr;
  f.vga.Render(&fr);
  REQUIRE((fr.width == 800 && fr.height == 600));
  CHECK(Px(fr, 16, 10) == 0xFF0000);
  CHECK(Px(fr, 17, 10) == 0);
}

TEST_CASE("VBE 8-bit DAC keeps colours and widens the components", "[vbe]") {
  Fixture f;
  f.Dac(3, 63, 32, 1);
  f.Vbe(4, 0x20);
  f.Out(0x3C7, 3);
  CHECK(f.In(0x3C9) == 0xFF);
  CHECK(f.In(0x3C9) == 0x82);
  CHECK(f.In(0x3C9) == 0x04);
  SetMode(f, 320, 200, 8, 0x61);
  f.Out(0x3C7, 3);
  CHECK(f.In(0x3C9) == 0xFF);  // disabling and re-enabling converted back and forth
  f.Dac(4, 0x80, 0x81, 0x82);  // all 8 bits kept
  f.vga.MmioWrite(kLfb, 1, 4);
  m86::Frame fr;
  f.vga.Render(&fr);
  CHECK(Px(fr, 0, 0) == 0x808182);
}
