// Fonts: loading glyphs into the character generator (plane 2), the ROM fonts, INT 10h AH=11h
// (IBM VGA Technical Reference, "Character Generator"; Ralf Brown's Interrupt List,
// INT 10h AX=11xxh), and the graphics-mode font behind INT 43h / INT 1Fh.
#include <algorithm>
#include <cstdio>
#include <vector>

#include "bios/video_services.h"

namespace m86::video {
namespace {

constexpr uint32_t kRomBase = uint32_t{rom::kSegment} * 16;

// Character generator block n of plane 2: blocks 0-3 at 16 KiB steps, 4-7 between them
// (VGA sequencer character map select register).
uint32_t BlockOffset(int block) {
  return static_cast<uint32_t>((block & 3) << 14 | (block & 4) << 11);
}

std::vector<uint8_t> RomFontBytes(Bios& bios, int height) {
  std::vector<uint8_t> glyphs(256u * static_cast<unsigned>(height));
  if (height == 8) {
    // The 8x8 font is split: glyphs 0-7Fh at F000:FA6E, 80h-FFh at F000:7E00 (INT 1Fh).
    bios.memory().ReadBytes(kRomBase + rom::kFont8x8Low, std::span(glyphs).first(128 * 8));
    bios.memory().ReadBytes(kRomBase + rom::kFont8x8High, std::span(glyphs).subspan(128 * 8));
  } else {
    bios.memory().ReadBytes(kRomBase + (height == 14 ? rom::kFont8x14 : rom::kFont8x16), glyphs);
  }
  return glyphs;
}

// After loading a font with the "1xh" functions the BIOS fits the text screen to the new cell
// height: rows = displayed scan lines / height, CRTC max scan line, cursor and vertical display
// end, and the BDA's rows, height and page size.
void FitScreenToFont(Bios& bios, int height) {
  VgaIo vga(bios);
  const Screen s = CurrentScreen(bios);
  if (!s.mode || !s.mode->text()) return;
  const uint8_t overflow = vga.Crtc(0x07);
  const uint8_t max_scan = vga.Crtc(0x09);
  int lines = (vga.Crtc(0x12) | (overflow & 0x02) << 7 | (overflow & 0x40) << 3) + 1;
  if (max_scan & 0x80) lines /= 2;  // double scanned 200-line modes
  const int rows = std::max(1, lines / height);
  vga.SetCrtc(0x09, static_cast<uint8_t>((max_scan & 0xE0) | (height - 1)));
  const int start = height <= 8 ? height - 2 : height - 3;
  vga.SetCrtc(0x0A, static_cast<uint8_t>(start));
  vga.SetCrtc(0x0B, static_cast<uint8_t>(start + 1));
  int end = rows * height * ((max_scan & 0x80) ? 2 : 1) - 1;
  vga.SetCrtc(0x12, static_cast<uint8_t>(end));
  // Bits 8 and 9 of the display end live in the overflow register, which CRTC 11h bit 7
  // write-protects.
  const uint8_t protect = vga.Crtc(0x11);
  vga.SetCrtc(0x11, protect & 0x7F);
  vga.SetCrtc(0x07,
              static_cast<uint8_t>((overflow & ~0x42) | (end >> 7 & 0x02) | (end >> 3 & 0x40)));
  vga.SetCrtc(0x11, protect);
  if (s.mode->memory == Memory::kMonoText) vga.SetCrtc(0x14, static_cast<uint8_t>(height - 1));
  bios.Poke8(bda::kVideoRows, static_cast<uint8_t>(rows - 1));
  bios.Poke16(bda::kCharHeight, static_cast<uint16_t>(height));
  bios.Poke16(bda::kVideoPageSize, static_cast<uint16_t>((rows * s.columns * 2 + 0xFF) & ~0xFF));
}

// AX=1121h-1124h: BL selects the rows of the graphics screen (0: DL, 1: 14, 2: 25, 3: 43).
void SetGraphicsRows(Bios& bios, BiosCall& call, int height) {
  static constexpr int kRows[4] = {0, 14, 25, 43};
  const int rows = call.bl() == 0 ? call.dl() : call.bl() < 4 ? kRows[call.bl()] : 25;
  if (rows > 0) bios.Poke8(bda::kVideoRows, static_cast<uint8_t>(rows - 1));
  bios.Poke16(bda::kCharHeight, static_cast<uint16_t>(height));
}

}  // namespace

uint32_t RomFontPointer(int height) {
  const uint16_t off = height == 8    ? rom::kFont8x8Low
                       : height == 14 ? rom::kFont8x14
                                      : rom::kFont8x16;
  return FarPointer(rom::kSegment, off);
}

void LoadGlyphs(VgaIo& vga, std::span<const uint8_t> glyphs, int height, int count, int first,
                int block) {
  // Plane 2 alone, sequential addressing at A000 (sequencer map mask and memory mode, graphics
  // controller read map, mode and misc), then the text-mode values again.
  const uint8_t map_mask = vga.Seq(2), mem_mode = vga.Seq(4);
  const uint8_t read_map = vga.Gc(4), gc_mode = vga.Gc(5), gc_misc = vga.Gc(6);
  vga.SetSeq(2, 0x04);
  vga.SetSeq(4, 0x07);
  vga.SetGc(4, 0x02);
  vga.SetGc(5, 0x00);
  vga.SetGc(6, 0x04);
  const uint32_t base = 0xA0000 + BlockOffset(block);
  for (int i = 0; i < count && first + i < 256; ++i) {
    const uint32_t at = base + static_cast<uint32_t>(first + i) * 32;
    for (int line = 0; line < 32; ++line) {
      const size_t src = static_cast<size_t>(i) * height + line;
      vga.Write8(at + line, line < height && src < glyphs.size() ? glyphs[src] : 0);
    }
  }
  vga.SetSeq(2, map_mask);
  vga.SetSeq(4, mem_mode);
  vga.SetGc(4, read_map);
  vga.SetGc(5, gc_mode);
  vga.SetGc(6, gc_misc);
}

void LoadRomFont(VgaIo& vga, int height, int block) {
  const std::vector<uint8_t> glyphs = RomFontBytes(vga.bios(), height);
  LoadGlyphs(vga, glyphs, height, 256, 0, block);
}

uint8_t GraphicsGlyphLine(Bios& bios, uint8_t ch, int line, int height) {
  uint32_t font = GetVector(bios, 0x43);
  uint32_t index = ch;
  // With 8-line cells and INT 43h on the ROM's 128-glyph table (or in the CGA modes, where
  // INT 43h is not consulted for them), characters 80h-FFh come from INT 1Fh.
  const Screen s = CurrentScreen(bios);
  const bool cga = s.mode && (s.mode->memory == Memory::kCga4 || s.mode->memory == Memory::kCga2);
  if (height == 8 && ch >= 0x80 && (cga || font == RomFontPointer(8))) {
    font = GetVector(bios, 0x1F);
    index = ch - 0x80u;
  }
  return static_cast<uint8_t>(bios.memory().Read(FarToPhysical(font) + index * height + line, 1));
}

void Int10Font(Bios& bios, BiosCall& call) {
  VgaIo vga(bios);
  const uint8_t al = call.al();
  switch (al) {
    case 0x00:
    case 0x10: {  // user font at ES:BP: CX glyphs from DX, BH bytes each, block BL
      const int height = call.bh() ? call.bh() : 16;
      const int count = std::min<int>(call.cx(), 256);
      std::vector<uint8_t> glyphs(static_cast<size_t>(count) * height);
      call.ReadBlock(call.es(), call.bp(), glyphs);
      LoadGlyphs(vga, glyphs, height, count, call.dx() & 0xFF, call.bl() & 7);
      if (al == 0x10) FitScreenToFont(bios, height);
      break;
    }
    case 0x01:
    case 0x11:
    case 0x02:
    case 0x12:
    case 0x04:
    case 0x14: {
      const int height = (al & 0x0F) == 1 ? 14 : (al & 0x0F) == 2 ? 8 : 16;
      LoadRomFont(vga, height, call.bl() & 7);
      if (al & 0x10) FitScreenToFont(bios, height);
      break;
    }
    case 0x03:  // character map select: BL bits 0-1,4 block A; 2-3,5 block B
      vga.SetSeq(3, call.bl() & 0x3F);
      break;
    case 0x20:
      SetVector(bios, 0x1F, FarPointer(call.es(), call.bp()));
      break;
    case 0x21:
      SetVector(bios, 0x43, FarPointer(call.es(), call.bp()));
      SetGraphicsRows(bios, call, call.cx());
      break;
    case 0x22:
    case 0x23:
    case 0x24: {
      const int height = al == 0x22 ? 14 : al == 0x23 ? 8 : 16;
      SetVector(bios, 0x43, RomFontPointer(height));
      SetGraphicsRows(bios, call, height);
      break;
    }
    case 0x30: {
      uint32_t ptr = 0;
      switch (call.bh()) {
        case 0:
          ptr = GetVector(bios, 0x1F);
          break;
        case 1:
          ptr = GetVector(bios, 0x43);
          break;
        case 2:
          ptr = RomFontPointer(14);
          break;
        case 3:
          ptr = RomFontPointer(8);
          break;
        case 4:
          ptr = FarPointer(rom::kSegment, rom::kFont8x8High);
          break;
        case 6:
          ptr = RomFontPointer(16);
          break;
        case 5:
        case 7:
          // The 9-dot alternate tables (character code + glyph, ended by a 0 code): the ROM
          // has none, so point at a 0 byte, the blank first line of glyph 0 of the 8x16 font.
          ptr = RomFontPointer(16);
          break;
        default:
          break;
      }
      call.set_es(static_cast<uint16_t>(ptr >> 16));
      call.set_bp(static_cast<uint16_t>(ptr));
      call.set_cx(bios.Peek16(bda::kCharHeight));
      call.set_dl(bios.Peek8(bda::kVideoRows));
      break;
    }
    default: {
      char what[32];
      std::snprintf(what, sizeof what, "INT 10h AX=11%02Xh", al);
      bios.LogUnimplemented(what);
      break;
    }
  }
}

}  // namespace m86::video
