// The standard VGA modes the built-in BIOS sets with INT 10h AH=00h: their geometry, memory
// organisation and the register values a VGA BIOS loads for them (IBM VGA Technical Reference,
// "Video parameter table"; register meanings per the VGA register reference).
#pragma once
#include <cstdint>

namespace m86::video {

// How the CPU sees a mode's video memory, which decides how the BIOS draws into it.
enum class Memory : uint8_t {
  kColorText,  // B800, character/attribute pairs
  kMonoText,   // B000, character/attribute pairs
  kCga4,       // B800, 2 bits per pixel, even lines at 0, odd lines at 2000h (modes 4, 5)
  kCga2,       // B800, 1 bit per pixel, interleaved like kCga4 (mode 6)
  kPlanar,     // A000, four planes, one bit per pixel each (modes 0Dh-12h)
  kLinear8,    // A000, one byte per pixel (mode 13h)
};

// Which default DAC table the mode set loads (the VGA loads 64 entries for 16-colour modes,
// interpreting the attribute palette values the way EGA or CGA monitors did).
enum class DacTable : uint8_t { kEga, kCga, kMono, k256 };

// Values for the sequencer (1-4), miscellaneous output, CRTC (0-18h), attribute controller
// (0-13h) and graphics controller (0-8) registers.
struct VgaRegisters {
  uint8_t sequencer[4];
  uint8_t misc;
  uint8_t crtc[25];
  uint8_t attribute[20];
  uint8_t graphics[9];
};

struct ModeInfo {
  uint8_t mode;
  Memory memory;
  DacTable dac;
  uint16_t width, height;  // pixels; for text modes the character cells times the font size
  uint8_t columns, rows;   // text cells
  uint8_t char_height;     // font lines (text modes: the 400-line font)
  uint16_t page_size;      // bytes per page (per plane in planar modes), BDA 44Ch
  uint8_t pages;
  uint16_t colors;      // 0 for monochrome modes (as INT 10h AH=1Bh reports them)
  uint8_t cga_mode;     // BDA 465h, the CGA mode control register value
  uint8_t cga_palette;  // BDA 466h, the CGA colour select register value
  const VgaRegisters* registers;

  bool text() const { return memory == Memory::kColorText || memory == Memory::kMonoText; }
  uint32_t segment() const {
    return memory == Memory::kMonoText                               ? 0xB000
           : memory == Memory::kPlanar || memory == Memory::kLinear8 ? 0xA000
                                                                     : 0xB800;
  }
};

// The mode's description, or nullptr for a mode number the BIOS does not support.
const ModeInfo* FindMode(uint8_t mode);

// Text modes can run with 200, 350 or 400 scan lines (INT 10h AH=12h BL=30h); the tables hold
// the 400-line values and this derives the others.
enum class ScanLines : uint8_t { k200 = 0, k350 = 1, k400 = 2 };
VgaRegisters TextRegisters(const ModeInfo& mode, ScanLines lines);
int TextCharHeight(ScanLines lines);

}  // namespace m86::video
