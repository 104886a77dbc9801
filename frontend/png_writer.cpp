// libpng's simplified write API (libpng 1.6 manual, "Simplified API") reports errors through
// the png_image struct, so no setjmp/longjmp crosses C++ frames here.
#include "frontend/png_writer.h"

#include <png.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace m86 {

bool WritePng(const std::string& path, const Frame& frame, std::string* error) {
  if (frame.width <= 0 || frame.height <= 0 ||
      frame.pixels.size() < static_cast<size_t>(frame.width) * frame.height) {
    *error = "cannot write '" + path + "': the frame is empty";
    return false;
  }
  std::vector<uint8_t> rgb(static_cast<size_t>(frame.width) * frame.height * 3);
  for (size_t i = 0; i < rgb.size() / 3; ++i) {
    const uint32_t p = frame.pixels[i];
    rgb[i * 3 + 0] = static_cast<uint8_t>(p >> 16);
    rgb[i * 3 + 1] = static_cast<uint8_t>(p >> 8);
    rgb[i * 3 + 2] = static_cast<uint8_t>(p);
  }
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(frame.width);
  image.height = static_cast<png_uint_32>(frame.height);
  image.format = PNG_FORMAT_RGB;
  // Opening the file here, not in libpng, gives the system's reason when it cannot be created.
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (!file) {
    *error = "cannot write '" + path + "': " + std::strerror(errno);
    return false;
  }
  const int ok = png_image_write_to_stdio(&image, file, 0, rgb.data(), 0, nullptr);
  const bool closed = std::fclose(file) == 0;
  if (!ok) {
    *error = "cannot write '" + path + "': " + image.message;
    png_image_free(&image);
    return false;
  }
  if (!closed) {
    *error = "cannot write '" + path + "': " + std::strerror(errno);
    return false;
  }
  return true;
}

}  // namespace m86
