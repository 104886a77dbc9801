// The VBE modes the built-in BIOS offers on the Bochs VBE display interface, and the VBE 2.0
// ModeInfoBlock it reports for them (VESA BIOS Extension Core Functions Standard 2.0,
// "Function 01h - Return VBE Mode Information").
#pragma once
#include <array>
#include <cstdint>
#include <span>

namespace m86::video {

struct VbeMode {
  uint16_t number;
  uint16_t width, height;
  uint8_t bpp;  // 8, 15, 16, 24 or 32

  uint32_t BytesPerPixel() const { return (bpp + 7u) / 8; }
  uint32_t Pitch() const { return width * BytesPerPixel(); }
  uint32_t FrameBytes() const { return Pitch() * height; }
};

// Every mode the BIOS knows, in mode-list order; ModesThatFit filters by video memory.
std::span<const VbeMode> AllVbeModes();
bool VbeModeFits(const VbeMode& mode, uint32_t vram_bytes);
const VbeMode* FindVbeMode(uint16_t number);
const VbeMode* FindVbeMode(uint16_t width, uint16_t height, uint8_t bpp);

// The 256-byte ModeInfoBlock for `mode` with `vram_bytes` of video memory.
std::array<uint8_t, 256> VbeModeInfo(const VbeMode& mode, uint32_t vram_bytes);

}  // namespace m86::video
