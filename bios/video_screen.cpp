// The current screen as the BDA records it, cursor positions, and the IVT font vectors.
#include "bios/video_services.h"

namespace m86::video {

Screen CurrentScreen(Bios& bios) {
  Screen s;
  s.mode = FindMode(bios.Peek8(bda::kVideoMode) & 0x7F);
  s.columns = bios.Peek16(bda::kVideoColumns);
  s.rows = static_cast<uint16_t>(bios.Peek8(bda::kVideoRows) + 1);
  s.char_height = bios.Peek16(bda::kCharHeight);
  s.page_size = bios.Peek16(bda::kVideoPageSize);
  s.active_page = bios.Peek8(bda::kVideoPage);
  // A BDA a guest scribbled over must not make the drawing loops run away or divide by zero.
  if (s.columns == 0 || s.columns > 255) s.columns = s.mode ? s.mode->columns : 80;
  if (s.char_height == 0 || s.char_height > 32) s.char_height = s.mode ? s.mode->char_height : 16;
  if (s.active_page > 7) s.active_page = 0;
  return s;
}

CursorPos GetCursor(Bios& bios, uint8_t page) {
  const uint16_t v = bios.Peek16(bda::kCursorPos + 2u * (page & 7));
  return {static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)};
}

void SetCursor(Bios& bios, uint8_t page, CursorPos pos) {
  page &= 7;
  bios.Poke16(bda::kCursorPos + 2u * page, static_cast<uint16_t>(pos.row << 8 | pos.column));
  if (page != bios.Peek8(bda::kVideoPage)) return;
  const Screen s = CurrentScreen(bios);
  if (!s.mode || !s.mode->text()) return;
  // The CRTC counts text cells (words) from the start of video memory.
  const uint16_t cell = static_cast<uint16_t>(bios.Peek16(bda::kVideoPageStart) / 2 +
                                              pos.row * s.columns + pos.column);
  VgaIo vga(bios);
  vga.SetCrtc(0x0E, static_cast<uint8_t>(cell >> 8));
  vga.SetCrtc(0x0F, static_cast<uint8_t>(cell));
}

uint32_t GetVector(Bios& bios, int vector) {
  const uint32_t at = static_cast<uint32_t>(vector) * 4;
  return uint32_t{bios.Peek16(at + 2)} << 16 | bios.Peek16(at);
}

void SetVector(Bios& bios, int vector, uint32_t far_pointer) {
  const uint32_t at = static_cast<uint32_t>(vector) * 4;
  bios.Poke16(at, static_cast<uint16_t>(far_pointer));
  bios.Poke16(at + 2, static_cast<uint16_t>(far_pointer >> 16));
}

}  // namespace m86::video
