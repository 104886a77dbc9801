#include "frontend/sdl_screenshot.h"

#include <filesystem>

#include "frontend/png_writer.h"

namespace m86 {

std::string ScreenshotFileName(const std::tm& local_time) {
  char name[64];
  std::strftime(name, sizeof name, "morph86-%Y%m%d-%H%M%S.png", &local_time);
  return name;
}

std::string SaveScreenshot(const Frame& frame, std::string* error) {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  const std::string base = ScreenshotFileName(local);
  std::string name = base;
  // Two shots within one second must not overwrite each other.
  std::error_code ec;
  for (int n = 2; std::filesystem::exists(name, ec); ++n) {
    name = base.substr(0, base.size() - 4) + "-" + std::to_string(n) + ".png";
  }
  if (!WritePng(name, frame, error)) return {};
  return name;
}

}  // namespace m86
