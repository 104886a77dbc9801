// A GuestConsole without a machine: guest time advances with the fake host clock at a chosen
// speed, the screen and frame are set by the test, key and serial events are recorded.
#pragma once
#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "frontend/guest_console.h"

namespace m86::test {

class FakeGuest : public GuestConsole {
 public:
  struct KeyEvent {
    PcKey key;
    bool down;
    uint64_t at_ns;
  };

  double host_seconds = 0;
  uint64_t guest_ns = 0;
  double guest_speed = 1.0;  // guest seconds per host second
  int slices = 0;
  bool text_mode = true;
  TextScreen screen;
  Frame frame;
  std::vector<KeyEvent> keys;
  std::string serial_received;
  std::vector<int> serial_received_at_slice;
  std::optional<int> stop_status;  // set: RunFor reports the machine stopped
  std::optional<int> quit_status;
  std::function<void(FakeGuest&)> on_slice;  // runs inside every RunFor

  FakeGuest() { SetSize(80, 25); }

  void SetSize(int columns, int rows) {
    screen.columns = columns;
    screen.rows = rows;
    screen.cells.assign(static_cast<size_t>(columns) * rows, 0x0720);
  }
  void PutText(int row, int column, const std::string& cp437) {
    for (size_t i = 0; i < cp437.size(); ++i) {
      screen.cells[row * screen.columns + column + i] =
          static_cast<uint16_t>(0x0700 | static_cast<uint8_t>(cp437[i]));
    }
  }
  void Emit(const std::string& bytes) {
    for (char c : bytes) sink_(static_cast<uint8_t>(c));
  }

  bool RunFor(double seconds) override {
    if (quit_status) return false;
    host_seconds += seconds;
    guest_ns += static_cast<uint64_t>(std::llround(seconds * 1e9 * guest_speed));
    ++slices;
    if (on_slice) on_slice(*this);
    return !stop_status && !quit_status;
  }
  int exit_status() const override { return quit_status ? *quit_status : stop_status.value_or(0); }
  uint64_t guest_time_ns() const override { return guest_ns; }
  bool ReadText(TextScreen* out) override {
    if (!text_mode) return false;
    *out = screen;
    return true;
  }
  void Render(Frame* out) override { *out = frame; }
  void KeyDown(PcKey key) override { keys.push_back({key, true, guest_ns}); }
  void KeyUp(PcKey key) override { keys.push_back({key, false, guest_ns}); }
  void MouseMove(int, int, int) override {}
  void MouseButtons(uint8_t) override {}
  void SetSerialSink(std::function<void(uint8_t)> sink) override { sink_ = std::move(sink); }
  void SerialInput(uint8_t byte) override {
    serial_received.push_back(static_cast<char>(byte));
    serial_received_at_slice.push_back(slices);
  }
  void Quit(int status) override { quit_status = status; }
  StateDigestReport DigestState() override { return digest; }
  StateDigestReport digest{0x0123456789ABCDEFull, 42};

 private:
  std::function<void(uint8_t)> sink_ = [](uint8_t) {};
};

}  // namespace m86::test
