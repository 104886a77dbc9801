// A PS/2 (MF-II) keyboard: generates scan code set 2 (or set 1 on request) and answers the
// keyboard command set of the IBM PS/2 Technical Reference, "Keyboards (101- and 102-Key)":
// FF reset, FE resend, F6/F5/F4 defaults/disable/enable, F3 typematic, F2 identify, F0 scan
// code set, EE echo, ED LEDs. Typematic repeat runs on the Scheduler's virtual time.
#pragma once
#include <cstdint>
#include <functional>

#include "devices/kbc/pc_keys.h"
#include "devices/kbc/ps2_device.h"
#include "devices/time/scheduler.h"

namespace m86 {

struct Ps2KeyboardState {
  Ps2ByteQueue out;
  uint8_t last_sent = 0;        // for FE resend
  uint8_t pending_command = 0;  // ED/F3/F0 waiting for their argument, 0 = none
  bool scanning = true;
  uint8_t scancode_set = 2;
  uint8_t typematic = 0x2B;     // 10.9 characters/s after 500 ms (the power-on default)
  uint8_t leds = 0;             // bit 0 Scroll, 1 Num, 2 Caps Lock
  int16_t repeat_key = -1;      // the key being repeated, -1 none
  uint64_t repeat_at = 0;       // virtual ns of its next repeat
};

class Ps2Keyboard final : public Ps2Device {
 public:
  explicit Ps2Keyboard(Scheduler* scheduler = nullptr) : scheduler_(scheduler) {}
  ~Ps2Keyboard() override;

  // Host side: a key pressed or released on the emulated keyboard.
  void KeyDown(PcKey key);
  void KeyUp(PcKey key);

  void HostWrite(uint8_t value) override;
  bool HasOutput() const override { return !state_.out.Empty(); }
  uint8_t PopOutput() override;

  const Ps2KeyboardState& state() const { return state_; }
  std::function<void(uint8_t leds)> set_leds;  // ED command: bit 0 Scroll, 1 Num, 2 Caps
  OnceLog log;

  // Typematic timing from the F3 argument (PS/2 Technical Reference, "Set Typematic Rate/Delay"):
  // delay = (1 + bits 6-5) * 250 ms, period = (8 + bits 2-0) * 2^(bits 4-3) * 4.17 ms.
  static uint64_t TypematicDelayNs(uint8_t value);
  static uint64_t TypematicPeriodNs(uint8_t value);

 private:
  void Send(const uint8_t* bytes, int count);
  void Reply(uint8_t b) { Send(&b, 1); }
  void SendKey(PcKey key, bool make);
  void SetDefaults();
  void StopRepeat();
  void ScheduleRepeat(uint64_t at);
  void Argument(uint8_t command, uint8_t value);

  Ps2KeyboardState state_;
  Scheduler* scheduler_;
  Scheduler::EventId repeat_event_ = 0;
};

}  // namespace m86
