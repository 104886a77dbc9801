// The window's screenshot key: the guest's frame as a PNG in the current directory.
#pragma once
#include <ctime>
#include <string>

#include "devices/vga/display.h"

namespace m86 {

// "morph86-YYYYMMDD-HHMMSS.png" for that local time.
std::string ScreenshotFileName(const std::tm& local_time);

// Writes `frame` (its raw pixels, as screen dumps have them) to a new file named for the
// current time, adding "-2", "-3"... when a file of that name exists. Returns the name, or
// an empty string with `error` set.
std::string SaveScreenshot(const Frame& frame, std::string* error);

}  // namespace m86
