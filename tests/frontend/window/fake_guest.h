// A guest for window tests: shows a fixed frame and records the input it is given.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "frontend/guest_console.h"

namespace m86::test {

// A frame whose every pixel differs from the others within 512x256: red is x, green is y,
// blue mixes both, so a capture shows exactly where each frame pixel went.
inline Frame PatternFrame(int width, int height) {
  Frame f;
  f.width = width;
  f.height = height;
  f.pixels.resize(static_cast<size_t>(width) * height);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const uint32_t blue = ((x >> 8) << 7 | (y >> 8) << 6 | ((x ^ y) & 0x3F)) & 0xFF;
      f.pixels[static_cast<size_t>(y) * width + x] = (x & 0xFF) << 16 | (y & 0xFF) << 8 | blue;
    }
  }
  return f;
}

inline std::string Down(PcKey k) { return "down " + std::to_string(static_cast<int>(k)); }
inline std::string Up(PcKey k) { return "up " + std::to_string(static_cast<int>(k)); }
inline std::string Move(int dx, int dy, int dz) {
  return "move " + std::to_string(dx) + " " + std::to_string(dy) + " " + std::to_string(dz);
}
inline std::string Buttons(int b) { return "buttons " + std::to_string(b); }

class FakeGuest final : public GuestConsole {
 public:
  Frame frame;
  std::vector<std::string> events;
  std::optional<int> quit_status;

  bool RunFor(double) override { return !quit_status; }
  int exit_status() const override { return quit_status.value_or(0); }
  uint64_t guest_time_ns() const override { return 0; }
  bool ReadText(TextScreen*) override { return false; }
  void Render(Frame* out) override { *out = frame; }
  void KeyDown(PcKey key) override { events.push_back(Down(key)); }
  void KeyUp(PcKey key) override { events.push_back(Up(key)); }
  void MouseMove(int dx, int dy, int dz) override { events.push_back(Move(dx, dy, dz)); }
  void MouseButtons(uint8_t buttons) override { events.push_back(Buttons(buttons)); }
  void SetSerialSink(std::function<void(uint8_t)>) override {}
  void SerialInput(uint8_t) override {}
  void Quit(int status) override { quit_status = status; }
  StateDigestReport DigestState() override { return {}; }
};

}  // namespace m86::test
