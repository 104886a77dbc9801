#include "bios/video_vbe_modes.h"

#include "bios/bios.h"
#include "bios/video_io.h"

namespace m86::video {
namespace {

// The VESA-defined numbers for 8, 15, 16 and 24 bits per pixel (VBE 1.2 mode list; VBE 2.0
// stopped defining numbers), and numbers from 140h for the 32-bit modes, which VESA never
// numbered.
constexpr VbeMode kModes[] = {
    {0x100, 640, 400, 8},    {0x101, 640, 480, 8},    {0x103, 800, 600, 8},
    {0x105, 1024, 768, 8},   {0x107, 1280, 1024, 8},  {0x10D, 320, 200, 15},
    {0x10E, 320, 200, 16},   {0x10F, 320, 200, 24},   {0x110, 640, 480, 15},
    {0x111, 640, 480, 16},   {0x112, 640, 480, 24},   {0x113, 800, 600, 15},
    {0x114, 800, 600, 16},   {0x115, 800, 600, 24},   {0x116, 1024, 768, 15},
    {0x117, 1024, 768, 16},  {0x118, 1024, 768, 24},  {0x119, 1280, 1024, 15},
    {0x11A, 1280, 1024, 16}, {0x11B, 1280, 1024, 24}, {0x140, 320, 200, 32},
    {0x141, 640, 480, 32},   {0x142, 800, 600, 32},   {0x143, 1024, 768, 32},
    {0x144, 1280, 1024, 32},
};

void Put16(std::array<uint8_t, 256>& b, int at, uint32_t v) {
  b[at] = static_cast<uint8_t>(v);
  b[at + 1] = static_cast<uint8_t>(v >> 8);
}

void Put32(std::array<uint8_t, 256>& b, int at, uint32_t v) {
  Put16(b, at, v & 0xFFFF);
  Put16(b, at + 2, v >> 16);
}

}  // namespace

std::span<const VbeMode> AllVbeModes() { return kModes; }

bool VbeModeFits(const VbeMode& mode, uint32_t vram_bytes) {
  return mode.FrameBytes() <= vram_bytes;
}

const VbeMode* FindVbeMode(uint16_t number) {
  for (const VbeMode& m : kModes) {
    if (m.number == number) return &m;
  }
  return nullptr;
}

const VbeMode* FindVbeMode(uint16_t width, uint16_t height, uint8_t bpp) {
  for (const VbeMode& m : kModes) {
    if (m.width == width && m.height == height && m.bpp == bpp) return &m;
  }
  return nullptr;
}

std::array<uint8_t, 256> VbeModeInfo(const VbeMode& mode, uint32_t vram_bytes) {
  std::array<uint8_t, 256> b{};
  // Attributes: supported (bit 0), extended information present (1), colour (3), graphics (4),
  // linear frame buffer available (7). No BIOS text output in these modes (bit 2 clear).
  Put16(b, 0x00, 0x009B);
  b[0x02] = 0x07;      // window A: exists, readable, writable
  b[0x03] = 0x00;      // no window B
  Put16(b, 0x04, 64);  // granularity, KiB
  Put16(b, 0x06, 64);  // window size, KiB
  Put16(b, 0x08, 0xA000);
  Put16(b, 0x0A, 0x0000);
  Put16(b, 0x0C, rom::kVbeWindowFunction);  // far window function (AX=4F05h for far calls)
  Put16(b, 0x0E, rom::kSegment);
  Put16(b, 0x10, mode.Pitch());
  Put16(b, 0x12, mode.width);
  Put16(b, 0x14, mode.height);
  b[0x16] = 8;  // character cell
  b[0x17] = 16;
  b[0x18] = 1;  // planes
  b[0x19] = mode.bpp;
  b[0x1A] = 1;                            // banks
  b[0x1B] = mode.bpp == 8 ? 0x04 : 0x06;  // packed pixel / direct colour
  b[0x1C] = 0;                            // bank size (not a banked memory model)
  const uint32_t pages = vram_bytes / mode.FrameBytes();
  b[0x1D] = static_cast<uint8_t>(pages > 256 ? 255 : pages - 1);
  b[0x1E] = 0;
  // Direct colour layout: mask sizes and field positions of red, green, blue, reserved.
  struct Fields {
    uint8_t r, rp, g, gp, b, bp, x, xp;
  };
  Fields f{};
  switch (mode.bpp) {
    case 15:
      f = {5, 10, 5, 5, 5, 0, 1, 15};
      break;
    case 16:
      f = {5, 11, 6, 5, 5, 0, 0, 0};
      break;
    case 24:
      f = {8, 16, 8, 8, 8, 0, 0, 0};
      break;
    case 32:
      f = {8, 16, 8, 8, 8, 0, 8, 24};
      break;
    default:
      break;
  }
  b[0x1F] = f.r;
  b[0x20] = f.rp;
  b[0x21] = f.g;
  b[0x22] = f.gp;
  b[0x23] = f.b;
  b[0x24] = f.bp;
  b[0x25] = f.x;
  b[0x26] = f.xp;
  b[0x27] = 0;  // fixed colour ramp, reserved bits not usable
  Put32(b, 0x28, kLfbAddress);
  Put32(b, 0x2C, 0);  // off-screen memory: not reported
  Put16(b, 0x30, 0);
  return b;
}

}  // namespace m86::video
