// INT 10h AH=4Fh against the VESA BIOS Extension 2.0 standard: controller and mode information
// blocks, mode set with the linear frame buffer, banking, scan line length, display start,
// palette data.
#include "video_machine.h"

using video_test::Regs;
using video_test::VideoMachine;

namespace {

std::string ReadString(VideoMachine& m, uint32_t far) {
  std::string s;
  for (uint32_t a = (far >> 16) * 16 + (far & 0xFFFF); m.Peek8(a) != 0 && s.size() < 80; ++a) {
    s += static_cast<char>(m.Peek8(a));
  }
  return s;
}

}  // namespace

TEST_CASE("VBE 00h controller information", "[bios_video]") {
  VideoMachine m;
  m.Poke(0x10000, "VBE2");
  Regs in;
  in.ax = 0x4F00;
  in.es = 0x1000;
  in.di = 0x0000;
  const Regs r = m.Int10(in);
  CHECK(r.ax == 0x004F);
  CHECK(m.Peek32(0x10000) == 0x41534556u);  // "VESA"
  CHECK(m.Peek16(0x10004) == 0x0200);
  CHECK(m.Peek16(0x10012) == 256);   // 16 MiB in 64 KiB units
  CHECK(m.Peek32(0x1000A) == 0x01);  // DAC switchable to 8 bits
  const uint32_t list = m.Peek32(0x1000E);
  CHECK(list >> 16 == 0x1000);
  // The list lives inside the caller's buffer.
  CHECK((list & 0xFFFF) >= 0x22);
  CHECK((list & 0xFFFF) < 0x100);
  std::vector<uint16_t> modes;
  for (uint32_t a = 0x10000 + (list & 0xFFFF); m.Peek16(a) != 0xFFFF; a += 2) {
    modes.push_back(m.Peek16(a));
    REQUIRE(modes.size() < 64);
  }
  for (uint16_t want : {0x100, 0x101, 0x103, 0x105, 0x107, 0x110, 0x111, 0x112, 0x115, 0x118, 0x11B,
                        0x141, 0x142, 0x144}) {
    CHECK(std::find(modes.begin(), modes.end(), want) != modes.end());
  }
  CHECK(ReadString(m, m.Peek32(0x10006)) == "morph86 VBE");
  CHECK(ReadString(m, m.Peek32(0x10016)) == "morph86");
  CHECK(!ReadString(m, m.Peek32(0x1001A)).empty());
  // Strings of a VBE 2.0 caller sit in its OemData area.
  CHECK((m.Peek32(0x10006) & 0xFFFF) >= 0x100);
  CHECK((m.Peek32(0x10006) & 0xFFFF) < 0x200);

  // A VBE 1.x caller's 256-byte buffer: nothing written past it.
  m.Poke(0x20000, std::string(512, '\x5A'));
  in.es = 0x2000;
  CHECK(m.Int10(in).ax == 0x004F);
  CHECK(m.Peek8(0x20100) == 0x5A);
  CHECK(ReadString(m, m.Peek32(0x20006)) == "morph86 VBE");
  CHECK((m.Peek32(0x20006) & 0xFFFF) < 0x100);
}

TEST_CASE("VBE 01h mode information", "[bios_video]") {
  VideoMachine m;
  Regs in;
  in.ax = 0x4F01;
  in.cx = 0x0115;  // 800x600, 24 bpp
  in.es = 0x1000;
  in.di = 0x0100;
  CHECK(m.Int10(in).ax == 0x004F);
  const uint32_t b = 0x10100;
  CHECK((m.Peek16(b) & 0x0099) == 0x0099);  // supported, colour, graphics, LFB
  CHECK(m.Peek8(b + 0x02) == 0x07);
  CHECK(m.Peek16(b + 0x04) == 64);
  CHECK(m.Peek16(b + 0x06) == 64);
  CHECK(m.Peek16(b + 0x08) == 0xA000);
  CHECK(m.Peek32(b + 0x0C) == 0xF0008210u);
  CHECK(m.Peek16(b + 0x10) == 2400);
  CHECK(m.Peek16(b + 0x12) == 800);
  CHECK(m.Peek16(b + 0x14) == 600);
  CHECK(m.Peek8(b + 0x18) == 1);
  CHECK(m.Peek8(b + 0x19) == 24);
  CHECK(m.Peek8(b + 0x1B) == 0x06);  // direct colour
  CHECK(m.Peek8(b + 0x1D) == (16u << 20) / (2400 * 600) - 1);
  CHECK(m.Peek8(b + 0x1F) == 8);
  CHECK(m.Peek8(b + 0x20) == 16);
  CHECK(m.Peek8(b + 0x22) == 8);
  CHECK(m.Peek8(b + 0x24) == 0);
  CHECK(m.Peek32(b + 0x28) == 0xE0000000u);
  // 16 bpp: 5:6:5.
  in.cx = 0x4111;
  CHECK(m.Int10(in).ax == 0x004F);
  CHECK(m.Peek8(b + 0x1F) == 5);
  CHECK(m.Peek8(b + 0x20) == 11);
  CHECK(m.Peek8(b + 0x21) == 6);
  CHECK(m.Peek16(b + 0x10) == 1280);
  // 8 bpp is packed pixel.
  in.cx = 0x0101;
  m.Int10(in);
  CHECK(m.Peek8(b + 0x1B) == 0x04);
  CHECK(m.Peek16(b + 0x10) == 640);
  // Unknown mode.
  in.cx = 0x0102;
  CHECK(m.Int10(in).ax == 0x014F);
  // The far window function is AX=4F05h; INT 10h; RETF.
  CHECK(m.Peek8(0xF8210) == 0xB8);
  CHECK(m.Peek16(0xF8211) == 0x4F05);
  CHECK(m.Peek16(0xF8213) == 0x10CD);
  CHECK(m.Peek8(0xF8215) == 0xCB);
}

TEST_CASE("VBE 02h 800x600x32 with the linear frame buffer", "[bios_video]") {
  VideoMachine m;
  CHECK(m.Int10(0x4F02, 0x4142).ax == 0x004F);
  CHECK(m.Int10(0x4F03).bx == 0x4142);
  m86::TextScreen t;
  CHECK_FALSE(m.vga.ReadText(&t));
  const uint32_t x = 5, y = 7;
  m.mem.Write(0xE0000000u + (y * 800 + x) * 4, 4, 0x00123456);
  m86::Frame f;
  m.vga.Render(&f);
  REQUIRE(f.width == 800);
  REQUIRE(f.height == 600);
  CHECK(f.pixels[y * 800 + x] == 0x123456);
  CHECK(f.pixels[y * 800 + x + 1] == 0);
  // Scan line length: get, then set wider.
  Regs r = m.Int10(0x4F06, 0x0001);
  CHECK(r.ax == 0x004F);
  CHECK(r.bx == 3200);
  CHECK(r.cx == 800);
  CHECK(r.dx == (16u << 20) / 3200);
  r = m.Int10(0x4F06, 0x0000, 1024);
  CHECK(r.bx == 4096);
  CHECK(r.cx == 1024);
  // Display start.
  CHECK(m.Int10(0x4F07, 0x0000, 16, 32).ax == 0x004F);
  r = m.Int10(0x4F07, 0x0001);
  CHECK(r.cx == 16);
  CHECK(r.dx == 32);
  // Back to text mode through VBE 02h with a VGA mode number.
  CHECK(m.Int10(0x4F02, 0x0003).ax == 0x004F);
  CHECK(m.vga.ReadText(&t));
  CHECK(m.Int10(0x4F03).bx == 0x0003);
}

TEST_CASE("VBE banked access, palette data and DAC width", "[bios_video]") {
  VideoMachine m;
  REQUIRE(m.Int10(0x4F02, 0x0101).ax == 0x004F);  // 640x480x8, windowed
  CHECK(m.Int10(0x4F03).bx == 0x0101);
  // Bank 1 maps bytes 64K-128K: pixel 65536 = (256, 102).
  CHECK(m.Int10(0x4F05, 0x0000, 0, 1).ax == 0x004F);
  CHECK(m.Int10(0x4F05, 0x0100).dx == 1);
  m.mem.Write(0xA0000, 1, 15);
  CHECK(m.PixelAt(256, 102, 640, 480) == 0xFFFFFF);
  // Palette data: entry 15 <- blue (B, G, R, pad order).
  m.Poke(0x3000, std::string("\x3F\x00\x00\x00", 4));
  Regs in;
  in.ax = 0x4F09;
  in.bx = 0x0000;
  in.cx = 1;
  in.dx = 15;
  in.es = 0x0300;
  in.di = 0;
  CHECK(m.Int10(in).ax == 0x004F);
  CHECK(m.PixelAt(256, 102, 640, 480) == 0x0000FF);
  in.bx = 0x0001;
  in.di = 0x10;
  m.Int10(in);
  CHECK(m.Peek32(0x3010) == 0x0000003Fu);
  // 8-bit DAC.
  Regs r = m.Int10(0x4F08, 0x0800);
  CHECK(r.ax == 0x004F);
  CHECK(r.bx >> 8 == 8);
  CHECK((m.Int10(0x4F08, 0x0001).bx >> 8) == 8);
  m.Poke(0x3000, std::string("\x00\x80\x00\x00", 4));
  in.bx = 0;
  in.di = 0;
  m.Int10(in);
  CHECK(m.PixelAt(256, 102, 640, 480) == 0x008000);
  // A mode set returns to the 6-bit DAC.
  m.Int10(0x4F02, 0x0101);
  CHECK((m.Int10(0x4F08, 0x0001).bx >> 8) == 6);
  // Unsupported: save/restore state, secondary palette.
  CHECK(m.Int10(0x4F04).ax == 0x014F);
  CHECK(m.Logged("AX=4F04h"));
  in.bx = 0x0002;
  CHECK(m.Int10(in).ax == 0x024F);
  // Not in a VBE mode: bank switching is invalid.
  m.Int10(0x0003);
  CHECK(m.Int10(0x4F05, 0x0000, 0, 1).ax == 0x034F);
  // Unknown modes fail and leave the mode alone.
  CHECK(m.Int10(0x4F02, 0x0199).ax == 0x014F);
  CHECK(m.Peek8(0x449) == 0x03);
}
