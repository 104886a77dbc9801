// Graphics modes: pixels (INT 10h AH=0Ch/0Dh), characters drawn with the graphics font
// (AH=08h/09h/0Ah/0Eh) and scrolling (AH=06h/07h), for the CGA layouts (modes 4-6), the
// planar modes (0Dh-12h, through the graphics controller's write modes as the IBM VGA BIOS
// does it) and mode 13h. Bit 7 of a colour XORs in the 2-, 4- and 16-colour modes.
#include <vector>

#include "bios/video_services.h"

namespace m86::video {
namespace {

constexpr uint32_t kCgaBase = 0xB8000, kPlanarBase = 0xA0000;

// Geometry of one memory layout.
struct Layout {
  uint32_t bytes_per_line;  // CPU bytes per scan line (per plane in planar modes)
  uint32_t cell_bytes;      // bytes one 8-pixel character cell spans on a line
};

Layout LayoutOf(const Screen& s) {
  switch (s.mode->memory) {
    case Memory::kCga4:
      return {80, 2};
    case Memory::kCga2:
      return {80, 1};
    case Memory::kLinear8:
      return {320, 8};
    default:
      return {static_cast<uint32_t>(s.mode->width / 8), 1};
  }
}

// Address of the first byte of scan line `y` on `page`. The CGA layouts keep even lines at
// B800:0000 and odd lines at B800:2000.
uint32_t LineAddress(const Screen& s, uint8_t page, int y) {
  const Layout l = LayoutOf(s);
  switch (s.mode->memory) {
    case Memory::kCga4:
    case Memory::kCga2:
      return kCgaBase + static_cast<uint32_t>(y & 1) * 0x2000 +
             static_cast<uint32_t>(y >> 1) * l.bytes_per_line;
    case Memory::kLinear8:
      return kPlanarBase + static_cast<uint32_t>(y) * l.bytes_per_line;
    default:
      return kPlanarBase + static_cast<uint32_t>(page) * s.page_size +
             static_cast<uint32_t>(y) * l.bytes_per_line;
  }
}

int CellHeight(const Screen& s) { return s.mode->memory == Memory::kPlanar ? s.char_height : 8; }

// Planar drawing setup: all planes enabled, set/reset off, rotate 0 with `function` (00h
// replace, 18h XOR), write mode `write_mode`, read mode 0.
void PlanarSetup(VgaIo& vga, uint8_t function, uint8_t write_mode) {
  vga.SetSeq(2, 0x0F);
  vga.SetGc(1, 0x00);
  vga.SetGc(3, function);
  vga.SetGc(5, write_mode);
}

// Writes one 8-pixel glyph line at `addr` in colour `color`, background 0.
void GlyphLine(VgaIo& vga, const Screen& s, uint32_t addr, uint8_t bits, uint8_t color) {
  const bool xor_mode = (color & 0x80) != 0;
  switch (s.mode->memory) {
    case Memory::kCga4: {
      uint16_t v = 0;
      for (int i = 0; i < 8; ++i) {
        if (bits & (0x80 >> i)) v = static_cast<uint16_t>(v | (color & 3) << (14 - 2 * i));
      }
      uint8_t hi = static_cast<uint8_t>(v >> 8), lo = static_cast<uint8_t>(v);
      if (xor_mode) {
        hi ^= vga.Read8(addr);
        lo ^= vga.Read8(addr + 1);
      }
      vga.Write8(addr, hi);
      vga.Write8(addr + 1, lo);
      break;
    }
    case Memory::kCga2: {
      uint8_t v = (color & 1) ? bits : 0;
      if (xor_mode) v ^= vga.Read8(addr);
      vga.Write8(addr, v);
      break;
    }
    case Memory::kLinear8:
      // 256 colours: the whole byte is the colour, there is no XOR bit.
      for (int i = 0; i < 8; ++i) vga.Write8(addr + i, (bits & (0x80 >> i)) ? color : 0);
      break;
    default:
      // Write mode 2: each plane takes the matching colour bit under the bit mask; the dummy
      // read loads the latches so masked pixels keep their value.
      if (!xor_mode) {
        vga.SetGc(8, 0xFF);
        vga.Write8(addr, 0);  // background: all eight pixels colour 0
      }
      vga.SetGc(8, bits);
      vga.Read8(addr);
      vga.Write8(addr, color & 0x0F);
      break;
  }
}

// The 8 pixels of a glyph line as a bit pattern: set where the pixel is not colour 0.
uint8_t ReadGlyphLine(VgaIo& vga, const Screen& s, uint32_t addr) {
  switch (s.mode->memory) {
    case Memory::kCga4: {
      const uint16_t v = static_cast<uint16_t>(vga.Read8(addr) << 8 | vga.Read8(addr + 1));
      uint8_t bits = 0;
      for (int i = 0; i < 8; ++i) {
        if (v >> (14 - 2 * i) & 3) bits = static_cast<uint8_t>(bits | 0x80 >> i);
      }
      return bits;
    }
    case Memory::kCga2:
      return vga.Read8(addr);
    case Memory::kLinear8: {
      uint8_t bits = 0;
      for (int i = 0; i < 8; ++i) {
        if (vga.Read8(addr + i)) bits = static_cast<uint8_t>(bits | 0x80 >> i);
      }
      return bits;
    }
    default: {
      uint8_t bits = 0;
      for (uint8_t plane = 0; plane < 4; ++plane) {
        vga.SetGc(4, plane);
        bits |= vga.Read8(addr);
      }
      return bits;
    }
  }
}

}  // namespace

void WritePixel(Bios& bios, const Screen& s, uint8_t page, int x, int y, uint8_t color) {
  if (x < 0 || y < 0 || x >= s.mode->width || y >= s.mode->height) return;
  VgaIo vga(bios);
  const uint32_t line = LineAddress(s, page, y);
  const bool xor_mode = (color & 0x80) != 0;
  switch (s.mode->memory) {
    case Memory::kCga4: {
      const uint32_t addr = line + static_cast<uint32_t>(x / 4);
      const int shift = (3 - (x & 3)) * 2;
      uint8_t b = vga.Read8(addr);
      b = xor_mode ? static_cast<uint8_t>(b ^ (color & 3) << shift)
                   : static_cast<uint8_t>((b & ~(3 << shift)) | (color & 3) << shift);
      vga.Write8(addr, b);
      break;
    }
    case Memory::kCga2: {
      const uint32_t addr = line + static_cast<uint32_t>(x / 8);
      const int shift = 7 - (x & 7);
      uint8_t b = vga.Read8(addr);
      b = xor_mode ? static_cast<uint8_t>(b ^ (color & 1) << shift)
                   : static_cast<uint8_t>((b & ~(1 << shift)) | (color & 1) << shift);
      vga.Write8(addr, b);
      break;
    }
    case Memory::kLinear8:
      vga.Write8(line + static_cast<uint32_t>(x), color);
      break;
    default: {
      SavedPlanarState saved(vga);
      PlanarSetup(vga, xor_mode ? 0x18 : 0x00, 0x02);
      const uint32_t addr = line + static_cast<uint32_t>(x / 8);
      vga.SetGc(8, static_cast<uint8_t>(0x80 >> (x & 7)));
      vga.Read8(addr);
      vga.Write8(addr, color & 0x0F);
      break;
    }
  }
}

uint8_t ReadPixel(Bios& bios, const Screen& s, uint8_t page, int x, int y) {
  if (x < 0 || y < 0 || x >= s.mode->width || y >= s.mode->height) return 0;
  VgaIo vga(bios);
  const uint32_t line = LineAddress(s, page, y);
  switch (s.mode->memory) {
    case Memory::kCga4:
      return static_cast<uint8_t>(
          vga.Read8(line + static_cast<uint32_t>(x / 4)) >> ((3 - (x & 3)) * 2) & 3);
    case Memory::kCga2:
      return static_cast<uint8_t>(vga.Read8(line + static_cast<uint32_t>(x / 8)) >> (7 - (x & 7)) &
                                  1);
    case Memory::kLinear8:
      return vga.Read8(line + static_cast<uint32_t>(x));
    default: {
      SavedPlanarState saved(vga);
      vga.SetGc(5, 0x00);
      uint8_t color = 0;
      for (uint8_t plane = 0; plane < 4; ++plane) {
        vga.SetGc(4, plane);
        const uint8_t b = vga.Read8(line + static_cast<uint32_t>(x / 8));
        color = static_cast<uint8_t>(color | (b >> (7 - (x & 7)) & 1) << plane);
      }
      return color;
    }
  }
}

void GraphicsWriteChar(Bios& bios, const Screen& s, uint8_t page, int column, int row, uint8_t ch,
                       uint8_t color) {
  VgaIo vga(bios);
  const Layout l = LayoutOf(s);
  const int h = CellHeight(s);
  if (column >= s.columns || (row + 1) * h > s.mode->height) return;
  const bool planar = s.mode->memory == Memory::kPlanar;
  if (!planar) {
    for (int line = 0; line < h; ++line) {
      const uint32_t addr =
          LineAddress(s, page, row * h + line) + static_cast<uint32_t>(column) * l.cell_bytes;
      GlyphLine(vga, s, addr, GraphicsGlyphLine(bios, ch, line, h), color);
    }
    return;
  }
  SavedPlanarState saved(vga);
  PlanarSetup(vga, (color & 0x80) ? 0x18 : 0x00, 0x02);
  for (int line = 0; line < h; ++line) {
    const uint32_t addr = LineAddress(s, page, row * h + line) + static_cast<uint32_t>(column);
    GlyphLine(vga, s, addr, GraphicsGlyphLine(bios, ch, line, h), color);
  }
}

uint8_t GraphicsReadChar(Bios& bios, const Screen& s, uint8_t page, int column, int row) {
  VgaIo vga(bios);
  const Layout l = LayoutOf(s);
  const int h = CellHeight(s);
  if (column >= s.columns || (row + 1) * h > s.mode->height) return 0;
  std::vector<uint8_t> cell(static_cast<size_t>(h));
  {
    SavedPlanarState saved(vga);
    if (s.mode->memory == Memory::kPlanar) vga.SetGc(5, 0x00);
    for (int line = 0; line < h; ++line) {
      const uint32_t addr =
          LineAddress(s, page, row * h + line) + static_cast<uint32_t>(column) * l.cell_bytes;
      cell[static_cast<size_t>(line)] = ReadGlyphLine(vga, s, addr);
    }
  }
  // The character whose glyph matches the cell's set pixels; 0 when none does.
  for (int ch = 0; ch < 256; ++ch) {
    int line = 0;
    while (line < h && GraphicsGlyphLine(bios, static_cast<uint8_t>(ch), line, h) ==
                           cell[static_cast<size_t>(line)])
      ++line;
    if (line == h) return static_cast<uint8_t>(ch);
  }
  return 0;
}

void GraphicsScroll(Bios& bios, const Screen& s, uint8_t page, int top, int left, int bottom,
                    int right, int lines, uint8_t color) {
  VgaIo vga(bios);
  const Layout l = LayoutOf(s);
  const int h = CellHeight(s);
  const int max_rows = s.mode->height / h;
  if (bottom >= max_rows) bottom = max_rows - 1;
  if (top > bottom) return;
  const int height = bottom - top + 1;
  const int n = lines < 0 ? -lines : lines;
  const bool clear = n == 0 || n >= height;
  const uint32_t span = static_cast<uint32_t>(right - left + 1) * l.cell_bytes;
  const uint32_t x0 = static_cast<uint32_t>(left) * l.cell_bytes;
  const bool planar = s.mode->memory == Memory::kPlanar;
  uint8_t fill = color;
  if (s.mode->memory == Memory::kCga4) fill = static_cast<uint8_t>((color & 3) * 0x55);
  if (s.mode->memory == Memory::kCga2) fill = (color & 1) ? 0xFF : 0x00;
  SavedPlanarState saved(vga);
  for (int i = 0; i < height; ++i) {
    const int row = lines >= 0 ? top + i : bottom - i;
    const int src = lines >= 0 ? row + n : row - n;
    const bool copy = !clear && src >= top && src <= bottom;
    // Planar copies go through the latches (write mode 1: each read loads all four planes,
    // each write stores them); fills use write mode 2 with the colour.
    if (planar) PlanarSetup(vga, 0x00, copy ? 0x01 : 0x02);
    if (planar && !copy) vga.SetGc(8, 0xFF);
    for (int line = 0; line < h; ++line) {
      const uint32_t dst = LineAddress(s, page, row * h + line) + x0;
      const uint32_t from = copy ? LineAddress(s, page, src * h + line) + x0 : 0;
      for (uint32_t b = 0; b < span; ++b) {
        if (copy) {
          const uint8_t v = vga.Read8(from + b);
          vga.Write8(dst + b, v);
        } else {
          vga.Write8(dst + b, planar ? (fill & 0x0F) : fill);
        }
      }
    }
  }
}

}  // namespace m86::video
