// The window entry points of a build without SDL2 (-DM86_WINDOW=OFF): always headless.
#include "frontend/window_open.h"

namespace m86 {

bool WindowAvailable() { return false; }

std::function<bool(GuestConsole&)> OpenWindow(const std::string&, std::string* error) {
  *error = "--display sdl: this morph86 was built without the SDL2 window (-DM86_WINDOW=OFF); "
           "use --display none or curses";
  return {};
}

}  // namespace m86
