#include <memory>

#include "frontend/sdl_window.h"
#include "frontend/window_open.h"

namespace m86 {

bool WindowAvailable() { return DisplayAvailable(); }

std::function<bool(GuestConsole&)> OpenWindow(const std::string& scale_mode, std::string* error) {
  SdlWindow::Options options;
  options.scale_mode = scale_mode;
  // std::function needs a copyable target: the hook shares the window it owns.
  std::shared_ptr<SdlWindow> window = SdlWindow::Open(error, options);
  if (!window) return {};
  return [window](GuestConsole& guest) { return window->Frame(guest); };
}

}  // namespace m86
