// INT 10h AH=00h: programming a standard VGA mode the way the IBM VGA BIOS does it (IBM VGA
// Technical Reference, "BIOS Video Mode Set"): registers from the parameter table with the
// sequencer held in reset, default palette, cleared memory, the text font in plane 2, and the
// BIOS data area fields DOS programs read.
#include <cstdio>

#include "bios/video_services.h"

namespace m86::video {
namespace {

// 489h bits 7 and 4 select the text-mode scan lines (Ralf Brown's Interrupt List, 40:89):
// 00 = 350, 01 = 400, 10 = 200.
ScanLines SelectedScanLines(Bios& bios, const ModeInfo& mode) {
  const uint8_t flags = bios.Peek8(bda::kVideoVgaFlags);
  const int code = (flags >> 6 & 2) | (flags >> 4 & 1);
  if (code == 0) return ScanLines::k350;
  if (code == 2 && mode.memory != Memory::kMonoText) return ScanLines::k200;
  return ScanLines::k400;
}

void WriteModeBda(Bios& bios, const ModeInfo& mode, const VgaRegisters& regs, int char_height,
                  bool keep_memory) {
  bios.Poke8(bda::kVideoMode, mode.mode);
  bios.Poke16(bda::kVideoColumns, mode.columns);
  bios.Poke16(bda::kVideoPageSize, mode.page_size);
  bios.Poke16(bda::kVideoPageStart, 0);
  for (uint32_t page = 0; page < 8; ++page) bios.Poke16(bda::kCursorPos + 2 * page, 0);
  // The BDA keeps the CGA-style cursor shape; the CRTC gets the emulated one (AH=01h).
  const bool mono = (regs.misc & 1) == 0;
  bios.Poke16(bda::kCursorShape, mode.memory == Memory::kMonoText ? 0x0B0C : 0x0607);
  bios.Poke8(bda::kVideoPage, 0);
  bios.Poke16(bda::kCrtcBase, mono ? 0x3B4 : 0x3D4);
  bios.Poke8(bda::kVideoModeCtl, mode.cga_mode);
  bios.Poke8(bda::kVideoPalette, mode.cga_palette);
  const int rows = mode.text() ? mode.rows : mode.height / char_height;
  bios.Poke8(bda::kVideoRows, static_cast<uint8_t>(rows - 1));
  bios.Poke16(bda::kCharHeight, static_cast<uint16_t>(char_height));
  uint8_t misc = bios.Peek8(bda::kVideoEgaMisc);
  misc = static_cast<uint8_t>((misc & 0x7F) | (keep_memory ? 0x80 : 0));
  bios.Poke8(bda::kVideoEgaMisc, misc);
  // Equipment word bits 5-4, the initial video mode: 10b colour 80x25, 11b monochrome. DOS
  // decides between B800 and B000 from them.
  uint16_t equipment = bios.Peek16(bda::kEquipment);
  equipment = static_cast<uint16_t>((equipment & ~0x30u) | (mono ? 0x30 : 0x20));
  bios.Poke16(bda::kEquipment, equipment);
  // The graphics font for INT 10h character output in this mode's cell height (INT 43h), and
  // the upper half of the 8x8 font (INT 1Fh).
  SetVector(bios, 0x43, RomFontPointer(char_height));
  SetVector(bios, 0x1F, FarPointer(rom::kSegment, rom::kFont8x8High));
}

}  // namespace

void ProgramRegisters(VgaIo& vga, const VgaRegisters& regs, bool load_palette) {
  // Sequencer in synchronous reset with the screen off while the clocks change.
  vga.SetSeq(0x00, 0x01);
  vga.SetSeq(0x01, static_cast<uint8_t>(regs.sequencer[0] | 0x20));
  vga.SetMisc(regs.misc);
  for (uint8_t i = 1; i < 4; ++i) vga.SetSeq(static_cast<uint8_t>(i + 1), regs.sequencer[i]);
  vga.SetSeq(0x00, 0x03);
  // CRTC: clear the write protect bit (11h bit 7) before the horizontal/vertical registers;
  // the table's value for 11h sets it again after 00h-07h are written.
  vga.bios().Poke16(bda::kCrtcBase, (regs.misc & 1) ? 0x3D4 : 0x3B4);
  vga.SetCrtc(0x11, static_cast<uint8_t>(vga.Crtc(0x11) & 0x7F));
  for (uint8_t i = 0; i < 25; ++i) vga.SetCrtc(i, regs.crtc[i]);
  for (uint8_t i = 0; i < 20; ++i) {
    const bool palette = i < 16 || i == 0x11;
    if (palette && !load_palette) continue;
    vga.SetAttr(i, regs.attribute[i]);
  }
  vga.SetAttr(0x14, 0x00);  // colour select
  for (uint8_t i = 0; i < 9; ++i) vga.SetGc(i, regs.graphics[i]);
  vga.SetSeq(0x01, regs.sequencer[0]);
  vga.Out8(kDacMaskPort, 0xFF);
}

void ClearVideoMemory(VgaIo& vga, const ModeInfo& mode) {
  switch (mode.memory) {
    case Memory::kColorText:
    case Memory::kMonoText:
      // Blank cells: space, light grey on black, over the whole 32 KiB window.
      vga.Fill32(mode.segment() * 16, 0x8000, 0x07200720);
      break;
    case Memory::kCga4:
    case Memory::kCga2:
      vga.Fill32(0xB8000, 0x8000, 0);
      break;
    case Memory::kPlanar:
    case Memory::kLinear8:
      // The table's map mask enables every plane and write mode 0 passes the data through.
      vga.Fill32(0xA0000, 0x10000, 0);
      break;
  }
}

bool SetVideoMode(Bios& bios, uint8_t mode_and_flags) {
  const uint8_t number = mode_and_flags & 0x7F;
  const bool keep_memory = (mode_and_flags & 0x80) != 0;
  const ModeInfo* mode = FindMode(number);
  if (!mode) {
    char what[40];
    std::snprintf(what, sizeof what, "INT 10h AH=00h mode %02Xh", number);
    bios.LogUnimplemented(what);
    return false;
  }
  VgaIo vga(bios);
  // Leaving a VBE mode (and the 8-bit DAC): the VGA's own timing takes over again.
  if (vga.Dispi(dispi::kEnable) != 0) vga.SetDispi(dispi::kEnable, 0);

  VgaRegisters regs = *mode->registers;
  int char_height = mode->char_height;
  if (mode->text()) {
    const ScanLines lines = SelectedScanLines(bios, *mode);
    regs = TextRegisters(*mode, lines);
    char_height = TextCharHeight(lines);
  }
  // 489h bit 3: default palette loading disabled (INT 10h AH=12h BL=31h).
  const bool load_palette = (bios.Peek8(bda::kVideoVgaFlags) & 0x08) == 0;
  ProgramRegisters(vga, regs, load_palette);
  if (load_palette) LoadDefaultDac(vga, mode->dac);
  if (!keep_memory) ClearVideoMemory(vga, *mode);
  if (mode->text()) LoadRomFont(vga, char_height, 0);
  WriteModeBda(bios, *mode, regs, char_height, keep_memory);
  SelectPage(bios, 0);
  return true;
}

void SelectPage(Bios& bios, uint8_t page) {
  const Screen s = CurrentScreen(bios);
  if (!s.mode || page >= s.mode->pages) return;
  const uint16_t start = static_cast<uint16_t>(page * s.page_size);
  bios.Poke8(bda::kVideoPage, page);
  bios.Poke16(bda::kVideoPageStart, start);
  // The CRTC start address counts words in text modes (word mode) and bytes per plane in the
  // planar graphics modes (byte mode).
  const uint16_t crtc_start = s.mode->text() ? static_cast<uint16_t>(start / 2) : start;
  VgaIo vga(bios);
  vga.SetCrtc(0x0C, static_cast<uint8_t>(crtc_start >> 8));
  vga.SetCrtc(0x0D, static_cast<uint8_t>(crtc_start));
  SetCursor(bios, page, GetCursor(bios, page));
}

}  // namespace m86::video
