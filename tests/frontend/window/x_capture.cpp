#include "x_capture.h"

#include <X11/Xlib.h>
#include <X11/Xutil.h>

#include <bit>
#include <cstdint>

namespace m86::test {
namespace {

// One channel of a pixel value, scaled to 8 bits whatever the visual's channel width.
uint32_t Channel(unsigned long pixel, unsigned long mask) {
  if (mask == 0) return 0;
  const int shift = std::countr_zero(mask);
  const int bits = std::popcount(mask);
  const uint32_t value = static_cast<uint32_t>((pixel & mask) >> shift);
  return bits >= 8 ? value >> (bits - 8) : value * 255 / ((1u << bits) - 1);
}

}  // namespace

bool CaptureXScreen(Frame* out, std::string* error) {
  Display* display = XOpenDisplay(nullptr);
  if (!display) {
    *error = "cannot open the X display (is DISPLAY set?)";
    return false;
  }
  const Window root = DefaultRootWindow(display);
  XWindowAttributes attributes;
  XGetWindowAttributes(display, root, &attributes);
  XImage* image = XGetImage(display, root, 0, 0, attributes.width, attributes.height, AllPlanes,
                            ZPixmap);
  if (!image) {
    XCloseDisplay(display);
    *error = "XGetImage of the root window failed";
    return false;
  }
  if (image->red_mask == 0 || image->green_mask == 0 || image->blue_mask == 0) {
    XDestroyImage(image);
    XCloseDisplay(display);
    *error = "the X screen is not a true-colour visual (start Xvfb with depth 24)";
    return false;
  }
  out->width = attributes.width;
  out->height = attributes.height;
  out->text_mode = false;
  out->pixels.resize(static_cast<size_t>(out->width) * out->height);
  for (int y = 0; y < out->height; ++y) {
    for (int x = 0; x < out->width; ++x) {
      const unsigned long p = XGetPixel(image, x, y);
      out->pixels[static_cast<size_t>(y) * out->width + x] =
          Channel(p, image->red_mask) << 16 | Channel(p, image->green_mask) << 8 |
          Channel(p, image->blue_mask);
    }
  }
  XDestroyImage(image);
  XCloseDisplay(display);
  return true;
}

}  // namespace m86::test
