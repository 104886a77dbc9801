// What a display frontend reads from the video adapter: the text screen (for text dumps and
// `wait screen`) and a rendered frame (for the window and PNG dumps).
#pragma once
#include <cstdint>
#include <vector>

namespace m86 {

struct TextScreen {
  int columns = 0, rows = 0;
  std::vector<uint16_t> cells;  // row-major; low byte the CP437 character, high byte the attribute
  int cursor_column = 0, cursor_row = 0;
  bool cursor_visible = false;
  uint8_t CharAt(int row, int column) const { return static_cast<uint8_t>(cells[row * columns + column]); }
};

struct Frame {
  int width = 0, height = 0;
  std::vector<uint32_t> pixels;  // row-major 0x00RRGGBB
  // The source mode's pixel aspect: 320x200 and 640x400-style modes are stretched by the
  // window to 4:3; PNG dumps keep the raw pixels.
  bool text_mode = false;
};

}  // namespace m86
