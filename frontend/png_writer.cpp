// libpng's simplified write API (libpng 1.6 manual, "Simplified API") reports errors through
// the png_image struct, so no setjmp/longjmp crosses C++ frames here. The PNG is built in
// memory and written like every other output file (frontend/output_file.h), so a dump to
// /dev/stdout appends to the process's output as a text dump does.
#include "frontend/png_writer.h"

#include <png.h>

#include <cstring>
#include <vector>

#include "frontend/message_text.h"
#include "frontend/output_file.h"

namespace m86 {

bool WritePng(const std::string& path, const Frame& frame, std::string* error) {
  if (frame.width <= 0 || frame.height <= 0 ||
      frame.pixels.size() < static_cast<size_t>(frame.width) * frame.height) {
    *error = "cannot write " + QuotePath(path) + ": the frame is empty";
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
  // The first call sizes the encoded image, the second writes it.
  png_alloc_size_t size = 0;
  std::vector<uint8_t> encoded;
  if (png_image_write_to_memory(&image, nullptr, &size, 0, rgb.data(), 0, nullptr)) {
    encoded.resize(size);
    if (!png_image_write_to_memory(&image, encoded.data(), &size, 0, rgb.data(), 0, nullptr)) {
      size = 0;
    }
  }
  if (size == 0) {
    *error = "cannot write " + QuotePath(path) + ": " + image.message;
    png_image_free(&image);
    return false;
  }
  const std::string_view bytes(reinterpret_cast<const char*>(encoded.data()), size);
  return WriteOutputFile(path, bytes, error);
}

}  // namespace m86
