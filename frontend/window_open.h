// The desktop window as main() sees it. Builds without SDL2 (-DM86_WINDOW=OFF, e.g. cross
// builds) link window_open_none.cpp instead of window_open_sdl.cpp, so nothing outside
// frontend/sdl_* needs SDL's headers.
#pragma once
#include <functional>
#include <string>

#include "frontend/guest_console.h"

namespace m86 {

// Whether `--display auto` should open a window: a display exists and SDL starts on it.
bool WindowAvailable();

// Opens the window. Returns the per-frame hook (it shows the guest's frame and returns false
// once the user closed the window; the window lives as long as the hook), or an empty function
// with `error` set to one line.
std::function<bool(GuestConsole&)> OpenWindow(const std::string& scale_mode, std::string* error);

}  // namespace m86
