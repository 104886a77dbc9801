// Alphanumeric modes: characters and attributes from planes 0 and 1 (odd/even layout), glyphs
// from plane 2 (IBM VGA Technical Reference, "Character Map Select Register", attribute mode
// control, cursor and underline registers).
#include <algorithm>

#include "devices/vga/vga.h"

namespace m86 {
namespace {

// Plane 2 offset of character map n (0-7): maps 0-3 at 16 KiB steps, 4-7 8 KiB above them.
uint32_t CharMapOffset(int n) { return uint32_t(n & 3) << 14 | uint32_t(n & 4) << 11; }

}  // namespace

void Vga::RenderText(const VgaGeometry& g, Frame* out) {
  const VgaState& s = state_;
  const uint8_t* c = s.crtc;
  out->width = g.width;
  out->height = g.height;
  out->pixels.resize(size_t(g.width) * g.height);

  uint8_t cms = s.seq[seq::kCharMapSelect];
  uint32_t map_a = CharMapOffset(((cms >> 2) & 3) | ((cms >> 3) & 4));  // attribute bit 3 set
  uint32_t map_b = CharMapOffset((cms & 3) | ((cms >> 2) & 4));         // attribute bit 3 clear
  uint8_t mode = s.attr[attr::kModeControl];
  bool blink_enabled = (mode & 0x08) != 0;
  bool line_graphics = (mode & 0x04) != 0;
  // The cursor blinks every 16 frames and blinking characters every 32 (IBM VGA Technical
  // Reference, "Cursor Start Register" and attribute mode control bit 3).
  uint64_t frame = FrameCount();
  bool cursor_phase = ((frame >> 3) & 1) == 0;
  bool blink_phase = ((frame >> 4) & 1) == 0;
  int cursor_start = c[crtc::kCursorStart] & 0x1F, cursor_end = c[crtc::kCursorEnd] & 0x1F;
  bool cursor_on = cursor_phase && !(c[crtc::kCursorStart] & 0x20) && cursor_start <= cursor_end;
  uint32_t cursor_at = ((uint32_t{c[crtc::kCursorHigh]} << 8 | c[crtc::kCursorLow]) +
                        ((c[crtc::kCursorEnd] >> 5) & 3)) & 0xFFFF;
  int underline_row = c[crtc::kUnderline] & 0x1F;
  int cw = g.char_width;

  line_.resize(size_t(g.columns + 1) * cw);
  for (int y = 0; y < g.height; ++y) {
    int row_scan;
    bool below_split;
    uint32_t counter = ScanlineCounter(g, y * g.scan_repeat, &row_scan, &below_split);
    int pan = below_split && g.pan_reset_at_split ? 0 : g.pel_pan;
    int cells = g.columns + (pan ? 1 : 0);
    for (int col = 0; col < cells; ++col) {
      uint32_t cell = (counter + (uint32_t(col) >> g.count_shift)) & 0xFFFF;
      uint32_t addr = MemoryAddress(g, cell, row_scan);
      uint8_t ch = Plane(addr, 0), at = Plane(addr, 1);
      uint32_t font = (at & 0x08) ? map_a : map_b;
      uint32_t bits = Plane(font + ch * 32u + uint32_t(row_scan), 2);
      // The ninth dot repeats the eighth for the box-drawing characters C0h-DFh.
      bits <<= 1;
      if (line_graphics && ch >= 0xC0 && ch <= 0xDF) bits |= (bits >> 1) & 1;
      uint8_t bg = at >> 4;
      if (blink_enabled) bg &= 7;
      // Underline where the attribute is the monochrome underline (foreground 1, background 0).
      if (row_scan == underline_row && (at & 0x77) == 0x01) bits = 0x1FF;
      if (blink_enabled && (at & 0x80) && !blink_phase) bits = 0;
      if (cursor_on && cell == cursor_at && row_scan >= cursor_start && row_scan <= cursor_end) {
        bits = 0x1FF;
      }
      uint32_t fg_rgb = attr_rgb_[at & 0x0F], bg_rgb = attr_rgb_[bg];
      uint32_t* dst = &line_[size_t(col) * cw];
      for (int x = 0; x < cw; ++x) dst[x] = (bits >> (8 - x)) & 1 ? fg_rgb : bg_rgb;
    }
    std::copy_n(line_.begin() + pan, g.width, out->pixels.begin() + size_t(y) * g.width);
  }
}

bool Vga::ReadText(TextScreen* out) const {
  if (VbeActive()) return false;
  VgaGeometry g = Geometry();
  if (!g.text) return false;
  const uint8_t* c = state_.crtc;
  bool double_scan = (c[crtc::kMaxScanLine] & 0x80) != 0;
  out->columns = g.columns;
  out->rows = std::max(1, (double_scan ? g.scanlines / 2 : g.scanlines) / g.char_height);
  out->cells.resize(size_t(out->columns) * out->rows);
  for (int r = 0; r < out->rows; ++r) {
    uint32_t counter = g.start + uint32_t(r) * g.row_pitch;
    for (int col = 0; col < out->columns; ++col) {
      uint32_t addr = MemoryAddress(g, counter + (uint32_t(col) >> g.count_shift), 0);
      out->cells[size_t(r) * out->columns + col] =
          static_cast<uint16_t>(Plane(addr, 0) | Plane(addr, 1) << 8);
    }
  }
  uint32_t cursor = (uint32_t{c[crtc::kCursorHigh]} << 8 | c[crtc::kCursorLow]);
  uint32_t from_start = (cursor - g.start) & 0xFFFF;
  uint32_t pitch = g.row_pitch ? g.row_pitch : uint32_t(g.columns);
  out->cursor_row = static_cast<int>(from_start / pitch);
  out->cursor_column = static_cast<int>(from_start % pitch);
  int cursor_start = c[crtc::kCursorStart] & 0x1F, cursor_end = c[crtc::kCursorEnd] & 0x1F;
  out->cursor_visible = !(c[crtc::kCursorStart] & 0x20) && cursor_start <= cursor_end &&
                        cursor_start < g.char_height && out->cursor_row < out->rows &&
                        out->cursor_column < out->columns;
  return true;
}

}  // namespace m86
