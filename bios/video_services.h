// The parts of the video BIOS (INT 10h) and how they call each other. Each function group lives
// in its own file; int10_video.cpp dispatches on AH.
#pragma once
#include <cstdint>
#include <span>

#include "bios/bios.h"
#include "bios/video_io.h"
#include "bios/video_modes.h"

namespace m86::video {

// The current text geometry as the BDA describes it (AH=11h can change rows and cell height
// after the mode set, so these come from the BDA, not the mode table).
struct Screen {
  const ModeInfo* mode = nullptr;  // nullptr: unknown mode number in the BDA
  uint16_t columns = 80;
  uint16_t rows = 25;
  uint16_t char_height = 16;
  uint16_t page_size = 0x1000;
  uint8_t active_page = 0;
};
Screen CurrentScreen(Bios& bios);

// Cursor bookkeeping in the BDA (and the CRTC for the active page).
struct CursorPos {
  uint8_t row, column;
};
CursorPos GetCursor(Bios& bios, uint8_t page);
void SetCursor(Bios& bios, uint8_t page, CursorPos pos);

// video_mode_set.cpp
// INT 10h AH=00h: AL = mode, bit 7 = keep video memory. Returns false for unknown modes.
bool SetVideoMode(Bios& bios, uint8_t mode_and_flags);
void ProgramRegisters(VgaIo& vga, const VgaRegisters& regs, bool load_palette);
void ClearVideoMemory(VgaIo& vga, const ModeInfo& mode);
// Page switching: BDA start offset and the CRTC start address (AH=05h).
void SelectPage(Bios& bios, uint8_t page);

// video_palette.cpp
void LoadDefaultDac(VgaIo& vga, DacTable table);
void SetDacSummed(VgaIo& vga, uint8_t index, Rgb c);  // honours grey-scale summing (489h bit 1)
void Int10CgaPalette(Bios& bios, BiosCall& call);     // AH=0Bh
void Int10Palette(Bios& bios, BiosCall& call);        // AH=10h

// video_font.cpp
// Loads `count` glyphs of `height` bytes each, starting with character `first`, into character
// generator block `block` (plane 2).
void LoadGlyphs(VgaIo& vga, std::span<const uint8_t> glyphs, int height, int count, int first,
                int block);
// The ROM font of a cell height (8, 14 or 16) into a block, all 256 glyphs.
void LoadRomFont(VgaIo& vga, int height, int block);
// Real-mode far pointer (segment:offset packed as segment << 16 | offset) of the ROM font.
uint32_t RomFontPointer(int height);
void Int10Font(Bios& bios, BiosCall& call);  // AH=11h
// One glyph line of character `ch` in the current graphics font (INT 43h, and INT 1Fh for
// characters 80h-FFh while INT 43h holds the ROM's 128-glyph 8x8 table).
uint8_t GraphicsGlyphLine(Bios& bios, uint8_t ch, int line, int height);

// video_text.cpp: text modes and the mode-independent parts.
void Int10CursorShape(Bios& bios, BiosCall& call);                     // AH=01h
void Int10Scroll(Bios& bios, BiosCall& call, bool up);                 // AH=06h / 07h
void Int10ReadChar(Bios& bios, BiosCall& call);                        // AH=08h
void Int10WriteChar(Bios& bios, BiosCall& call, bool with_attribute);  // AH=09h / 0Ah
void Int10Teletype(Bios& bios, BiosCall& call);                        // AH=0Eh
void Int10WriteString(Bios& bios, BiosCall& call);                     // AH=13h
// Teletype output of one character on `page` (BEL, BS, CR, LF interpreted; scrolls at the
// bottom). `attr` is used in graphics modes and when `use_attr` is set.
void TeletypeOut(Bios& bios, uint8_t page, uint8_t ch, uint8_t attr, bool use_attr);

// video_graphics.cpp: the graphics-mode halves of the character and pixel functions.
void WritePixel(Bios& bios, const Screen& s, uint8_t page, int x, int y, uint8_t color);
uint8_t ReadPixel(Bios& bios, const Screen& s, uint8_t page, int x, int y);
void GraphicsWriteChar(Bios& bios, const Screen& s, uint8_t page, int column, int row, uint8_t ch,
                       uint8_t color);
uint8_t GraphicsReadChar(Bios& bios, const Screen& s, uint8_t page, int column, int row);
// Scrolls the window (in character cells) up (`lines` > 0) or down (`lines` < 0), filling the
// vacated rows with `color`; `lines` = 0 clears the window.
void GraphicsScroll(Bios& bios, const Screen& s, uint8_t page, int top, int left, int bottom,
                    int right, int lines, uint8_t color);

// video_vbe.cpp
void Int10Vbe(Bios& bios, BiosCall& call);  // AH=4Fh

// int10_info.cpp: state and configuration queries.
void Int10Alternate(Bios& bios, BiosCall& call);           // AH=12h
void Int10DisplayCombination(Bios& bios, BiosCall& call);  // AH=1Ah
void Int10StateInfo(Bios& bios, BiosCall& call);           // AH=1Bh

// Far pointer helpers for the interrupt vector table.
uint32_t GetVector(Bios& bios, int vector);
void SetVector(Bios& bios, int vector, uint32_t far_pointer);
inline uint32_t FarPointer(uint16_t segment, uint16_t offset) {
  return uint32_t{segment} << 16 | offset;
}
inline uint32_t FarToPhysical(uint32_t far_pointer) {
  return (far_pointer >> 16) * 16 + (far_pointer & 0xFFFF);
}

}  // namespace m86::video
