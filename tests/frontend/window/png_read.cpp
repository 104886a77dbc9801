#include "png_read.h"

#include <png.h>

#include <cstdint>
#include <cstring>
#include <vector>

namespace m86::test {

bool ReadPng(const std::string& path, Frame* out, std::string* error) {
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&image, path.c_str())) {
    *error = "cannot read '" + path + "': " + image.message;
    return false;
  }
  image.format = PNG_FORMAT_RGB;
  std::vector<uint8_t> rgb(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, rgb.data(), 0, nullptr)) {
    *error = "cannot decode '" + path + "': " + image.message;
    png_image_free(&image);
    return false;
  }
  out->width = static_cast<int>(image.width);
  out->height = static_cast<int>(image.height);
  out->text_mode = false;
  out->pixels.resize(static_cast<size_t>(out->width) * out->height);
  for (size_t i = 0; i < out->pixels.size(); ++i) {
    out->pixels[i] = static_cast<uint32_t>(rgb[i * 3]) << 16 |
                     static_cast<uint32_t>(rgb[i * 3 + 1]) << 8 | rgb[i * 3 + 2];
  }
  return true;
}

}  // namespace m86::test
