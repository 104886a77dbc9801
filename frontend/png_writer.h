// PNG files of rendered frames (screen dumps), written with libpng.
#pragma once
#include <string>

#include "devices/vga/display.h"

namespace m86 {

// Writes `frame` as an 8-bit RGB PNG of its raw pixels (no aspect correction). On failure
// returns false and sets `error` to one line naming the file.
bool WritePng(const std::string& path, const Frame& frame, std::string* error);

}  // namespace m86
