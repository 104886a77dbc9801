// find_frame FRAME.png SCREEN.png: succeeds when the screen capture shows the frame at a whole
// scale of 1 or 2 per axis, every pixel exact except within one text cell (a blinking cursor).
// Exit 0 found, 1 not found, 2 bad input.
#include <cstdio>
#include <string>

#include "frame_search.h"
#include "png_read.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: find_frame FRAME.png SCREEN.png\n");
    return 2;
  }
  m86::Frame frame, screen;
  std::string error;
  if (!m86::test::ReadPng(argv[1], &frame, &error) ||
      !m86::test::ReadPng(argv[2], &screen, &error)) {
    std::fprintf(stderr, "find_frame: %s\n", error.c_str());
    return 2;
  }
  // A nearly blank frame would match any dark area of the screen and prove nothing.
  const long ink = m86::test::InkPixels(frame);
  constexpr long kMinInk = 32;
  if (ink < kMinInk) {
    std::fprintf(stderr, "find_frame: %s has only %ld pixels off its background colour\n",
                 argv[1], ink);
    return 2;
  }
  const auto match = m86::test::FindFrame(screen, frame, m86::test::SearchOptions{});
  if (!match) {
    std::fprintf(stderr, "find_frame: the %dx%d frame is not on the %dx%d screen\n", frame.width,
                 frame.height, screen.width, screen.height);
    return 1;
  }
  std::printf("find_frame: %dx%d frame at (%d,%d) scale %dx%d, %ld of %d pixels differ "
              "(%ld ink pixels)\n",
              frame.width, frame.height, match->x, match->y, match->scale_x, match->scale_y,
              match->mismatches, frame.width * frame.height, ink);
  return 0;
}
