// What an X server shows: the root window's pixels, read back with XGetImage (Xlib manual,
// "Transferring Images between Client and Server"). With no compositor (Xvfb), the root window
// holds exactly what every mapped window drew.
#pragma once
#include <string>

#include "devices/vga/display.h"

namespace m86::test {

// The whole screen of $DISPLAY as 0x00RRGGBB pixels; false with `error` set on failure.
bool CaptureXScreen(Frame* out, std::string* error);

}  // namespace m86::test
