// Palettes: the default DAC contents per mode, CGA palette selection (INT 10h AH=0Bh) and the
// attribute-palette/DAC functions of INT 10h AH=10h (IBM VGA Technical Reference, "Set
// Palette Registers"; Ralf Brown's Interrupt List, INT 10h AX=10xxh).
#include <array>
#include <cstdio>

#include "bios/video_services.h"

namespace m86::video {
namespace {

constexpr uint8_t kFull = 0x2A, kHalf = 0x15;  // the two intensity steps of EGA/CGA colours

// EGA monitor palette: attribute bits 0-2 primary blue/green/red, 3-5 secondary (one third).
Rgb EgaColor(int i) {
  return {static_cast<uint8_t>((i >> 2 & 1) * kFull + (i >> 5 & 1) * kHalf),
          static_cast<uint8_t>((i >> 1 & 1) * kFull + (i >> 4 & 1) * kHalf),
          static_cast<uint8_t>((i & 1) * kFull + (i >> 3 & 1) * kHalf)};
}

// CGA monitor palette: bits 0-2 blue/green/red, bit 4 intensity; colour 6 is brown, not dark
// yellow (the CGA monitor halves green for it).
Rgb CgaColor(int i) {
  const int intensity = i >> 4 & 1;
  Rgb c{static_cast<uint8_t>((i >> 2 & 1) * kFull + intensity * kHalf),
        static_cast<uint8_t>((i >> 1 & 1) * kFull + intensity * kHalf),
        static_cast<uint8_t>((i & 1) * kFull + intensity * kHalf)};
  if ((i & 0x17) == 0x06) c.g = kHalf;
  return c;
}

// Monochrome: attribute bit 3 is video, bit 4 intensity.
Rgb MonoColor(int i) {
  const uint8_t v = static_cast<uint8_t>((i >> 3 & 1) * kFull + (i >> 4 & 1) * kHalf);
  return {v, v, v};
}

// The default 256-colour palette (IBM VGA mode 13h): the 16 CGA colours, a 16-step grey ramp,
// then nine blocks of 24 hues (three intensities, each at high, medium and low saturation),
// and eight black entries.
std::array<Rgb, 256> Default256() {
  std::array<Rgb, 256> p{};
  for (int i = 0; i < 16; ++i) p[i] = CgaColor((i & 7) | (i & 8) << 1);
  static constexpr uint8_t kGrey[16] = {0,  5,  8,  11, 14, 17, 20, 24,
                                        28, 32, 36, 40, 45, 50, 56, 63};
  for (int i = 0; i < 16; ++i) p[16 + i] = {kGrey[i], kGrey[i], kGrey[i]};
  // Per block: the low component, three intermediate steps and the high component.
  static constexpr uint8_t kLevels[9][5] = {
      {0, 16, 31, 47, 63}, {31, 39, 47, 55, 63}, {45, 49, 54, 58, 63},
      {0, 7, 14, 21, 28},  {14, 17, 21, 24, 28}, {20, 22, 24, 26, 28},
      {0, 4, 8, 12, 16},   {8, 10, 12, 14, 16},  {11, 12, 13, 15, 16}};
  int n = 32;
  for (const auto& lv : kLevels) {
    // The hue walks blue -> magenta -> red -> yellow -> green -> cyan -> back towards blue,
    // one component rising or falling through the steps at a time.
    for (int h = 0; h < 24; ++h) {
      const int seg = h / 4, step = h % 4;
      const uint8_t up = lv[step], down = lv[4 - step];
      const uint8_t hi = lv[4], lo = lv[0];
      Rgb c{};
      switch (seg) {
        case 0:
          c = {up, lo, hi};
          break;  // red rises
        case 1:
          c = {hi, lo, down};
          break;  // blue falls
        case 2:
          c = {hi, up, lo};
          break;  // green rises
        case 3:
          c = {down, hi, lo};
          break;  // red falls
        case 4:
          c = {lo, hi, up};
          break;  // blue rises
        default:
          c = {lo, down, hi};
          break;  // green falls
      }
      p[n++] = c;
    }
  }
  return p;
}

// The DAC value of CGA colour `c` (0-15) for the attribute palette of the current mode's DAC
// layout (AH=0Bh takes CGA colour numbers).
uint8_t AttributeForCgaColor(DacTable table, int c) {
  switch (table) {
    case DacTable::kEga:
      return c == 6 ? 0x14 : static_cast<uint8_t>((c & 7) | (c & 8 ? 0x38 : 0));
    case DacTable::kCga:
      return static_cast<uint8_t>((c & 7) | (c & 8 ? 0x10 : 0));
    default:
      return static_cast<uint8_t>(c & 0x0F);
  }
}

void SetCgaForegrounds(VgaIo& vga, uint8_t cga_palette) {
  const uint8_t base = (cga_palette & 0x20) ? 3 : 2;
  const uint8_t intensity = (cga_palette & 0x10) ? 0x10 : 0;
  for (uint8_t i = 1; i < 4; ++i) {
    vga.SetAttr(i, static_cast<uint8_t>((base + 2 * (i - 1)) | intensity));
  }
}

}  // namespace

void SetDacSummed(VgaIo& vga, uint8_t index, Rgb c) {
  if (vga.bios().Peek8(bda::kVideoVgaFlags) & 0x02) {
    // Grey-scale summing: 30% red, 59% green, 11% blue (IBM VGA Technical Reference).
    const uint8_t grey = static_cast<uint8_t>((30 * c.r + 59 * c.g + 11 * c.b + 50) / 100);
    c = {grey, grey, grey};
  }
  vga.SetDac(index, c);
}

void LoadDefaultDac(VgaIo& vga, DacTable table) {
  if (table == DacTable::k256) {
    const std::array<Rgb, 256> p = Default256();
    for (int i = 0; i < 256; ++i) SetDacSummed(vga, static_cast<uint8_t>(i), p[i]);
    return;
  }
  for (int i = 0; i < 256; ++i) {
    Rgb c{};
    if (i < 64)
      c = table == DacTable::kEga   ? EgaColor(i)
          : table == DacTable::kCga ? CgaColor(i)
                                    : MonoColor(i);
    SetDacSummed(vga, static_cast<uint8_t>(i), c);
  }
}

void Int10CgaPalette(Bios& bios, BiosCall& call) {
  const Screen s = CurrentScreen(bios);
  if (!s.mode) return;
  VgaIo vga(bios);
  uint8_t cga = bios.Peek8(bda::kVideoPalette);
  const bool cga_graphics = s.mode->memory == Memory::kCga4;
  if (call.bh() == 0) {
    // Background (graphics) and border colour; bit 4 picks the intensified foregrounds of the
    // 320x200 palettes.
    const uint8_t value = AttributeForCgaColor(s.mode->dac, call.bl() & 0x0F);
    vga.SetAttr(0x11, value);
    if (!s.mode->text()) vga.SetAttr(0x00, value);
    cga = static_cast<uint8_t>((cga & 0xE0) | (call.bl() & 0x1F));
    if (cga_graphics) SetCgaForegrounds(vga, cga);
  } else if (call.bh() == 1) {
    // Palette 0 = green/red/brown, 1 = cyan/magenta/white (320x200 four-colour modes only).
    cga = static_cast<uint8_t>((cga & ~0x20) | (call.bl() & 1 ? 0x20 : 0));
    if (cga_graphics) SetCgaForegrounds(vga, cga);
  } else {
    bios.LogUnimplemented("INT 10h AH=0Bh BH>01h");
    return;
  }
  bios.Poke8(bda::kVideoPalette, cga);
}

void Int10Palette(Bios& bios, BiosCall& call) {
  VgaIo vga(bios);
  switch (call.al()) {
    case 0x00:  // set one palette register
      if (call.bl() < 0x10) vga.SetAttr(call.bl(), call.bh());
      break;
    case 0x01:  // overscan
      vga.SetAttr(0x11, call.bh());
      break;
    case 0x02:  // all 16 palette registers and the overscan register from ES:DX
      for (uint8_t i = 0; i < 17; ++i) {
        const uint8_t v = call.Read8(call.es(), static_cast<uint16_t>(call.dx() + i));
        vga.SetAttr(i < 16 ? i : 0x11, v);
      }
      break;
    case 0x03: {  // BL = 0: bit 7 of the attribute is intensity, 1: blink
      const uint8_t mode = vga.Attr(0x10);
      const bool blink = call.bl() & 1;
      vga.SetAttr(0x10, static_cast<uint8_t>((mode & ~0x08) | (blink ? 0x08 : 0)));
      const uint8_t ctl = bios.Peek8(bda::kVideoModeCtl);
      bios.Poke8(bda::kVideoModeCtl, static_cast<uint8_t>((ctl & ~0x20) | (blink ? 0x20 : 0)));
      break;
    }
    case 0x07:
      if (call.bl() < 0x10) call.set_bh(vga.Attr(call.bl()));
      break;
    case 0x08:
      call.set_bh(vga.Attr(0x11));
      break;
    case 0x09:
      for (uint8_t i = 0; i < 17; ++i) {
        call.Write8(call.es(), static_cast<uint16_t>(call.dx() + i), vga.Attr(i < 16 ? i : 0x11));
      }
      break;
    case 0x10:  // one DAC register: DH red, CH green, CL blue
      SetDacSummed(vga, call.bl(), {call.dh(), call.ch(), call.cl()});
      break;
    case 0x12:  // CX DAC registers from BX, table of R,G,B bytes at ES:DX
      for (uint16_t i = 0; i < call.cx(); ++i) {
        const uint16_t off = static_cast<uint16_t>(call.dx() + 3 * i);
        const Rgb c{call.Read8(call.es(), off),
                    call.Read8(call.es(), static_cast<uint16_t>(off + 1)),
                    call.Read8(call.es(), static_cast<uint16_t>(off + 2))};
        SetDacSummed(vga, static_cast<uint8_t>(call.bx() + i), c);
      }
      break;
    case 0x13: {  // colour page state: BL=0 paging mode (BH), BL=1 select page (BH)
      const uint8_t mode = vga.Attr(0x10);
      if (call.bl() == 0) {
        vga.SetAttr(0x10, static_cast<uint8_t>((mode & 0x7F) | (call.bh() & 1 ? 0x80 : 0)));
      } else if (call.bl() == 1) {
        const uint8_t page =
            (mode & 0x80) ? (call.bh() & 0x0F) : static_cast<uint8_t>((call.bh() & 3) << 2);
        vga.SetAttr(0x14, page);
      }
      break;
    }
    case 0x15: {
      const Rgb c = vga.Dac(call.bl());
      call.set_dh(c.r);
      call.set_ch(c.g);
      call.set_cl(c.b);
      break;
    }
    case 0x17:
      for (uint16_t i = 0; i < call.cx(); ++i) {
        const Rgb c = vga.Dac(static_cast<uint8_t>(call.bx() + i));
        const uint16_t off = static_cast<uint16_t>(call.dx() + 3 * i);
        call.Write8(call.es(), off, c.r);
        call.Write8(call.es(), static_cast<uint16_t>(off + 1), c.g);
        call.Write8(call.es(), static_cast<uint16_t>(off + 2), c.b);
      }
      break;
    case 0x18:
      vga.Out8(kDacMaskPort, call.bl());
      break;
    case 0x19:
      call.set_bl(vga.In8(kDacMaskPort));
      break;
    case 0x1A: {  // BL = paging mode, BH = current page
      const uint8_t mode = vga.Attr(0x10);
      const uint8_t select = vga.Attr(0x14);
      call.set_bl(mode >> 7);
      call.set_bh((mode & 0x80) ? (select & 0x0F) : static_cast<uint8_t>(select >> 2 & 3));
      break;
    }
    case 0x1B:  // grey-scale sum CX registers from BX
      for (uint16_t i = 0; i < call.cx(); ++i) {
        const uint8_t index = static_cast<uint8_t>(call.bx() + i);
        const Rgb c = vga.Dac(index);
        const uint8_t grey = static_cast<uint8_t>((30 * c.r + 59 * c.g + 11 * c.b + 50) / 100);
        vga.SetDac(index, {grey, grey, grey});
      }
      break;
    default: {
      char what[32];
      std::snprintf(what, sizeof what, "INT 10h AX=10%02Xh", call.al());
      bios.LogUnimplemented(what);
      break;
    }
  }
}

}  // namespace m86::video
