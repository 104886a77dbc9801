// VGA write modes, read modes, latches and address decode, checked against the IBM VGA
// Technical Reference's graphics controller and sequencer register descriptions.
#include <catch2/catch.hpp>

#include "vga_fixture.h"

using vga_test::Fixture;
using vga_test::kMode03;
using vga_test::kMode12;
using vga_test::kMode13;

TEST_CASE("Write mode 0 with set/reset, enable set/reset and rotate", "[vga][memory]") {
  Fixture f;
  f.Load(kMode12);
  f.Gc(0x00, 0x05);  // set/reset: planes 0 and 2 set
  f.Gc(0x01, 0x03);  // enable set/reset for planes 0 and 1
  f.Gc(0x03, 0x02);  // rotate right by 2
  f.W8(0xA0010, 0x81);
  CHECK(f.Plane(0x10, 0) == 0xFF);  // set/reset bit 0 = 1
  CHECK(f.Plane(0x10, 1) == 0x00);  // set/reset bit 1 = 0
  CHECK(f.Plane(0x10, 2) == 0x60);  // 0x81 rotated right twice
  CHECK(f.Plane(0x10, 3) == 0x60);
}

TEST_CASE("Map mask selects the planes written", "[vga][memory]") {
  Fixture f;
  f.Load(kMode12);
  f.Seq(0x02, 0x0A);
  f.W8(0xA0000, 0x5A);
  CHECK(f.Plane(0, 0) == 0x00);
  CHECK(f.Plane(0, 1) == 0x5A);
  CHECK(f.Plane(0, 2) == 0x00);
  CHECK(f.Plane(0, 3) == 0x5A);
}

TEST_CASE("Logical operations combine data with the latches", "[vga][memory]") {
  Fixture f;
  f.Load(kMode12);
  const uint8_t ops[4] = {0x00, 0x08, 0x10, 0x18};  // none, AND, OR, XOR
  const uint8_t expect[4] = {0x0F, 0x0C & 0x0F, 0x0C | 0x0F, 0x0C ^ 0x0F};
  for (int op = 0; op < 4; ++op) {
    f.Gc(0x03, 0x00);
    f.SetPlanes(0x20, 0x0C, 0x0C, 0x0C, 0x0C);
    f.R8(0xA0020);  // load the latches
    f.Gc(0x03, ops[op]);
    f.W8(0xA0020, 0x0F);
    for (int p = 0; p < 4; ++p) CHECK(f.Plane(0x20, p) == expect[op]);
  }
}

TEST_CASE("Bit mask keeps unmasked bits from the latches", "[vga][memory]") {
  Fixture f;
  f.Load(kMode12);
  f.SetPlanes(0x30, 0xAA, 0x55, 0xF0, 0x0F);
  f.R8(0xA0030);
  f.Gc(0x08, 0x0F);
  f.W8(0xA0030, 0x00);
  CHECK(f.Plane(0x30, 0) == 0xA0);
  CHECK(f.Plane(0x30, 1) == 0x50);
  CHECK(f.Plane(0x30, 2) == 0xF0);
  CHECK(f.Plane(0x30, 3) == 0x00);
}

TEST_CASE("Write mode 1 copies the latches of all four planes", "[vga][memory]") {
  Fixture f;
  f.Load(kMode12);
  f.SetPlanes(0x100, 0x11, 0x22, 0x33, 0x44);
  f.Gc(0x05, 0x01);
  f.Gc(0x08, 0x00);  // the bit mask does not apply in write mode 1
  f.R8(0xA0100);
  f.W8(0xA0200, 0xEE);  // the CPU data is ignored
  CHECK(f.Plane(0x200, 0) == 0x11);
  CHECK(f.Plane(0x200, 1) == 0x22);
  CHECK(f.Plane(0x200, 2) == 0x33);
  CHECK(f.Plane(0x200, 3) == 0x44);
}

TEST_CASE("Write mode 2 fills each plane from one data bit", "[vga][memory]") {
  Fixture f;
  f.Load(kMode12);
  f.SetPlanes(0x40, 0xFF, 0x00, 0xFF, 0x00);
  f.R8(0xA0040);
  f.Gc(0x05, 0x02);
  f.Gc(0x08, 0x3C);
  f.W8(0xA0040, 0x0A);  // colour 1010b: planes 1 and 3 on
  CHECK(f.Plane(0x40, 0) == 0xC3);
  CHECK(f.Plane(0x40, 1) == 0x3C);
  CHECK(f.Plane(0x40, 2) == 0xC3);
  CHECK(f.Plane(0x40, 3) == 0x3C);
}

TEST_CASE("Write mode 3 uses rotated data ANDed with the bit mask", "[vga][memory]") {
  Fixture f;
  f.Load(kMode12);
  f.SetPlanes(0x50, 0x00, 0x00, 0x00, 0x00);
  f.R8(0xA0050);
  f.Gc(0x05, 0x03);
  f.Gc(0x00, 0x0C);  // set/reset colour: planes 2 and 3
  f.Gc(0x01, 0x00);  // enable set/reset is ignored in write mode 3
  f.Gc(0x08, 0xF0);
  f.Gc(0x03, 0x04);  // rotate 4: 0x3C -> 0xC3, AND F0 -> C0
  f.W8(0xA0050, 0x3C);
  CHECK(f.Plane(0x50, 0) == 0x00);
  CHECK(f.Plane(0x50, 1) == 0x00);
  CHECK(f.Plane(0x50, 2) == 0xC0);
  CHECK(f.Plane(0x50, 3) == 0xC0);
}

TEST_CASE("Read mode 0 returns the plane chosen by read map select", "[vga][memory]") {
  Fixture f;
  f.Load(kMode12);
  f.SetPlanes(0x60, 0x12, 0x34, 0x56, 0x78);
  for (int p = 0; p < 4; ++p) {
    f.Gc(0x04, static_cast<uint8_t>(p));
    CHECK(f.R8(0xA0060) == (const uint8_t[]){0x12, 0x34, 0x56, 0x78}[p]);
  }
}

TEST_CASE("Read mode 1 compares colours, honouring don't care", "[vga][memory]") {
  Fixture f;
  f.Load(kMode12);
  // Pixels (msb first): colours 0xF, 0x5, 0x5, 0x0, 0x1, 0x4, 0x5, 0xD.
  // plane0 bits: 1 1 1 0 1 0 1 1 = 0xEB; plane1: 1 0 0 0 0 0 0 0 = 0x80;
  // plane2: 1 1 1 0 0 1 1 1 = 0xE7; plane3: 1 0 0 0 0 0 0 1 = 0x81.
  f.SetPlanes(0x70, 0xEB, 0x80, 0xE7, 0x81);
  f.Gc(0x05, 0x08);
  f.Gc(0x02, 0x05);
  f.Gc(0x07, 0x0F);
  CHECK(f.R8(0xA0070) == 0x62);  // exactly colour 5
  f.Gc(0x07, 0x07);              // ignore plane 3: colours 5 and D match
  CHECK(f.R8(0xA0070) == 0x63);
  f.Gc(0x07, 0x00);  // nothing compared: every pixel matches
  CHECK(f.R8(0xA0070) == 0xFF);
}

TEST_CASE("Chain-4 addressing picks the plane from address bits 0-1", "[vga][memory]") {
  Fixture f;
  f.Load(kMode13);
  f.W8(0xA0005, 0x77);
  f.W8(0xA0006, 0x66);
  CHECK(f.Plane(4, 1) == 0x77);  // plane offset keeps the low bits (doubleword CRTC)
  CHECK(f.Plane(4, 2) == 0x66);
  CHECK(f.R8(0xA0005) == 0x77);
  CHECK(f.R8(0xA0006) == 0x66);
  f.vga.MmioWrite(0xA0100, 4, 0x44332211);
  CHECK(f.Plane(0x100, 0) == 0x11);
  CHECK(f.Plane(0x100, 3) == 0x44);
  CHECK(f.vga.MmioRead(0xA0100, 4) == 0x44332211);
  f.Seq(0x02, 0x0D);  // plane 1 masked off
  f.W8(0xA0201, 0x99);
  CHECK(f.Plane(0x200, 1) == 0x00);
}

TEST_CASE("Odd/even text writes land in planes 0 and 1", "[vga][memory]") {
  Fixture f;
  f.Load(kMode03);
  f.W8(0xB8000, 'A');
  f.W8(0xB8001, 0x1F);
  f.W8(0xB8002, 'B');
  CHECK(f.Plane(0, 0) == 'A');
  CHECK(f.Plane(0, 1) == 0x1F);
  CHECK(f.Plane(2, 0) == 'B');
  CHECK(f.Plane(0, 2) == 0x00);  // the font plane is not written (map mask 03h)
  CHECK(f.R8(0xB8001) == 0x1F);
  CHECK(f.vga.MmioRead(0xB8000, 2) == 0x1F41);
}

TEST_CASE("Memory map select decodes the window", "[vga][memory]") {
  Fixture f;
  f.Load(kMode12);  // misc 05h: A0000-AFFFF
  f.W8(0xB0000, 0x12);
  CHECK(f.R8(0xB0000) == 0xFF);
  CHECK(f.Plane(0x10000 & 0xFFFF, 0) == 0x00);
  f.Gc(0x06, 0x01);  // A0000-BFFFF (128K): plane offsets wrap at 64K
  f.W8(0xB0001, 0x34);
  CHECK(f.R8(0xA0001) == 0x34);
  f.Gc(0x06, 0x09);  // B0000-B7FFF
  CHECK(f.R8(0xA0001) == 0xFF);
  CHECK(f.R8(0xB0001) == 0x34);
  CHECK(f.R8(0xB8001) == 0xFF);
  f.Gc(0x06, 0x0D);  // B8000-BFFFF
  CHECK(f.R8(0xB8001) == 0x34);
  f.W8(0xB0002, 0x56);  // outside the window: dropped
  CHECK(f.Plane(2, 0) == 0x00);
}

TEST_CASE("Misc output RAM enable gates CPU access", "[vga][memory]") {
  Fixture f;
  f.Load(kMode12);
  f.Out(0x3C2, 0xE1);  // bit 1 clear
  f.W8(0xA0000, 0x42);
  CHECK(f.Plane(0, 0) == 0x00);
  CHECK(f.R8(0xA0000) == 0xFF);
  f.Out(0x3C2, 0xE3);
  f.W8(0xA0000, 0x42);
  CHECK(f.Plane(0, 0) == 0x42);
}
