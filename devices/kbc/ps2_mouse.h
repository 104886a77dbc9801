// A PS/2 mouse (IBM PS/2 Technical Reference, "Pointing Device") with the Microsoft
// IntelliMouse wheel extension: setting the sample rate to 200, 100, 80 in a row turns the
// device ID to 3 and packets to 4 bytes, the fourth carrying the wheel's Z movement.
#pragma once
#include <cstdint>

#include "devices/kbc/ps2_device.h"

namespace m86 {

struct Ps2MouseState {
  Ps2ByteQueue out;
  uint8_t last_sent = 0;
  uint8_t pending_command = 0;  // F3/E8 waiting for their argument
  bool enabled = false;         // data reporting (F4/F5)
  bool remote = false;          // remote mode (F0) vs stream mode (EA)
  bool wrap = false;            // echo mode (EE until EC/FF)
  bool scaling_2to1 = false;
  uint8_t resolution = 2;       // 0..3 = 1, 2, 4, 8 counts/mm; default 4 counts/mm
  uint8_t sample_rate = 100;
  uint8_t device_id = 0;        // 0 standard, 3 IntelliMouse
  uint8_t rate_history[3] = {}; // last three sample rates set, newest last
  uint8_t buttons = 0;          // bit 0 left, 1 right, 2 middle
  int32_t dx = 0, dy = 0, dz = 0;  // movement not yet reported (dy grows upward)
  bool dirty = false;           // a stream packet is owed
};

class Ps2Mouse final : public Ps2Device {
 public:
  static constexpr uint8_t kLeft = 1, kRight = 2, kMiddle = 4;

  // Host side. dx > 0 moves right, dy > 0 moves *down* the screen (the packet carries it
  // negated: PS/2 Y grows upward), wheel > 0 scrolls towards the user (IntelliMouse Z).
  void Move(int dx, int dy, int wheel = 0);
  void Buttons(uint8_t mask);

  void HostWrite(uint8_t value) override;
  bool HasOutput() const override { return !state_.out.Empty(); }
  uint8_t PopOutput() override;

  const Ps2MouseState& state() const { return state_; }
  OnceLog log;

 private:
  void Reply(uint8_t b);
  void SetDefaults();
  void QueuePacket(bool apply_scaling);
  void MaybeStream();
  int PacketSize() const { return state_.device_id == 3 ? 4 : 3; }

  Ps2MouseState state_;
};

}  // namespace m86
