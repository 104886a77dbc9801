// Finding a guest frame inside a screen capture: the proof that a window shows what the
// emulator rendered. Each frame pixel must appear as a block of scale_x * scale_y equal screen
// pixels. The pixels that differ, if any, must lie within one text cell: a blinking cursor
// caught in its other phase, never scattered damage or missing text.
#pragma once
#include <optional>
#include <utility>
#include <vector>

#include "devices/vga/display.h"

namespace m86::test {

struct FrameMatch {
  int x = 0, y = 0;                // top-left corner on the screen
  int scale_x = 1, scale_y = 1;
  long mismatches = 0;             // frame pixels whose block differs somewhere
};

struct SearchOptions {
  std::vector<std::pair<int, int>> scales = {{1, 1}, {2, 2}, {1, 2}, {2, 1}};
  double max_mismatch_fraction = 0.01;  // of the frame's pixels
  // The box (in frame pixels) all differing pixels must fit in: one 9x16 VGA text cell.
  int max_mismatch_width = 9, max_mismatch_height = 16;
  int channel_tolerance = 0;            // per 8-bit channel
};

// The frame's pixels that differ from its most common colour (text, drawing).
long InkPixels(const Frame& frame);

// The best placement of `needle` in `haystack` within the limits, if any.
std::optional<FrameMatch> FindFrame(const Frame& haystack, const Frame& needle,
                                    const SearchOptions& options);

}  // namespace m86::test
