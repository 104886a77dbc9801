// x_screenshot OUT.png: saves what the X server ($DISPLAY) shows, for the window tests.
#include <cstdio>
#include <string>

#include "frontend/png_writer.h"
#include "x_capture.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: x_screenshot OUT.png\n");
    return 2;
  }
  m86::Frame screen;
  std::string error;
  if (!m86::test::CaptureXScreen(&screen, &error) || !m86::WritePng(argv[1], screen, &error)) {
    std::fprintf(stderr, "x_screenshot: %s\n", error.c_str());
    return 1;
  }
  std::printf("x_screenshot: %dx%d screen saved to %s\n", screen.width, screen.height, argv[1]);
  return 0;
}
