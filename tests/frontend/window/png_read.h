// Reading PNG files back (screen dumps, screenshots) with libpng's simplified API.
#pragma once
#include <string>

#include "devices/vga/display.h"

namespace m86::test {

// The file's pixels as 0x00RRGGBB; false with `error` set when it cannot be read.
bool ReadPng(const std::string& path, Frame* out, std::string* error);

}  // namespace m86::test
