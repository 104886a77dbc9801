#include "devices/kbc/ps2_keyboard.h"

#include <cstdio>

namespace m86 {
namespace {

constexpr uint8_t kAck = 0xFA;
constexpr uint8_t kResend = 0xFE;
constexpr uint8_t kBatOk = 0xAA;

}  // namespace

void OnceLog::Log(const std::string& message) {
  if (!seen_.insert(message).second) return;
  if (sink) {
    sink(message);
  } else {
    std::fprintf(stderr, "%s\n", message.c_str());
  }
}

Ps2Keyboard::~Ps2Keyboard() { StopRepeat(); }

uint64_t Ps2Keyboard::TypematicDelayNs(uint8_t value) {
  return (1 + ((value >> 5) & 3)) * 250'000'000ull;
}

uint64_t Ps2Keyboard::TypematicPeriodNs(uint8_t value) {
  // 4.17 ms is 1/240 s; keep it exact in nanoseconds.
  uint64_t units = (8 + (value & 7)) * (1ull << ((value >> 3) & 3));
  return units * 1'000'000'000ull / 240;
}

uint8_t Ps2Keyboard::PopOutput() {
  state_.last_sent = state_.out.Pop();
  return state_.last_sent;
}

void Ps2Keyboard::Send(const uint8_t* bytes, int count) {
  if (state_.out.Free() < count) {
    // Buffer overrun: the keyboard queues its overrun code instead (00 in set 2, FF in set 1).
    uint8_t overrun = state_.scancode_set == 1 ? 0xFF : 0x00;
    if (state_.out.Free() > 0) state_.out.Push(overrun);
  } else {
    for (int i = 0; i < count; ++i) state_.out.Push(bytes[i]);
  }
  NotifyOutput();
}

void Ps2Keyboard::SendKey(PcKey key, bool make) {
  uint8_t seq[8];
  int n = 0;
  bool set1 = state_.scancode_set == 1;
  if (key == PcKey::kPause) {
    if (!make) return;  // Pause has no break code
    static constexpr uint8_t kSet1[] = {0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5};
    static constexpr uint8_t kSet2[] = {0xE1, 0x14, 0x77, 0xE1, 0xF0, 0x14, 0xF0, 0x77};
    if (set1) {
      Send(kSet1, sizeof kSet1);
    } else {
      Send(kSet2, sizeof kSet2);
    }
    return;
  }
  if (key == PcKey::kPrintScreen) {
    // Sent as a fake left shift plus the keypad '*' code (Microsoft scan code spec, 1.3a).
    static constexpr uint8_t kSet1Make[] = {0xE0, 0x2A, 0xE0, 0x37};
    static constexpr uint8_t kSet1Break[] = {0xE0, 0xB7, 0xE0, 0xAA};
    static constexpr uint8_t kSet2Make[] = {0xE0, 0x12, 0xE0, 0x7C};
    static constexpr uint8_t kSet2Break[] = {0xE0, 0xF0, 0x7C, 0xE0, 0xF0, 0x12};
    if (set1) {
      Send(make ? kSet1Make : kSet1Break, 4);
    } else if (make) {
      Send(kSet2Make, sizeof kSet2Make);
    } else {
      Send(kSet2Break, sizeof kSet2Break);
    }
    return;
  }
  const PcKeyCodes& codes = KeyCodes(key);
  if (codes.extended) seq[n++] = 0xE0;
  if (set1) {
    seq[n++] = make ? codes.set1 : static_cast<uint8_t>(codes.set1 | 0x80);
  } else {
    if (!make) seq[n++] = 0xF0;
    seq[n++] = codes.set2;
  }
  Send(seq, n);
}

void Ps2Keyboard::KeyDown(PcKey key) {
  if (!state_.scanning || key >= PcKey::kCount) return;
  SendKey(key, true);
  if (key == PcKey::kPause) return;  // Pause does not repeat
  state_.repeat_key = static_cast<int16_t>(key);
  ScheduleRepeat((scheduler_ ? scheduler_->now() : 0) + TypematicDelayNs(state_.typematic));
}

void Ps2Keyboard::KeyUp(PcKey key) {
  if (key >= PcKey::kCount) return;
  if (state_.repeat_key == static_cast<int16_t>(key)) StopRepeat();
  if (state_.scanning) SendKey(key, false);
}

void Ps2Keyboard::StopRepeat() {
  if (scheduler_ && repeat_event_) scheduler_->Cancel(repeat_event_);
  repeat_event_ = 0;
  state_.repeat_key = -1;
}

void Ps2Keyboard::ScheduleRepeat(uint64_t at) {
  if (!scheduler_) return;
  if (repeat_event_) scheduler_->Cancel(repeat_event_);
  state_.repeat_at = at;
  repeat_event_ = scheduler_->ScheduleAt(at, [this] {
    repeat_event_ = 0;
    if (state_.repeat_key < 0 || !state_.scanning) return;
    SendKey(static_cast<PcKey>(state_.repeat_key), true);
    ScheduleRepeat(state_.repeat_at + TypematicPeriodNs(state_.typematic));
  });
}

void Ps2Keyboard::SetDefaults() {
  StopRepeat();
  state_.typematic = 0x2B;
  state_.scancode_set = 2;
}

void Ps2Keyboard::Argument(uint8_t command, uint8_t value) {
  switch (command) {
    case 0xED:
      state_.leds = value & 7;
      if (set_leds) set_leds(state_.leds);
      Reply(kAck);
      break;
    case 0xF3:
      state_.typematic = value & 0x7F;
      Reply(kAck);
      break;
    case 0xF0:
      if (value == 0) {
        Reply(kAck);
        // Sets are reported as 1, 2, 3 (PS/2 Technical Reference, "Select Alternate Scan Codes").
        Reply(state_.scancode_set);
      } else if (value == 1 || value == 2) {
        state_.scancode_set = value;
        Reply(kAck);
      } else {
        log.Log("ps2 keyboard: scan code set " + std::to_string(value) +
                " is unimplemented; keeping set " + std::to_string(state_.scancode_set));
        Reply(kAck);
      }
      break;
  }
}

void Ps2Keyboard::HostWrite(uint8_t value) {
  if (state_.pending_command != 0) {
    uint8_t command = state_.pending_command;
    state_.pending_command = 0;
    // A command byte in place of an argument aborts the first command (PS/2 TR, "Commands").
    if (value < 0xED) {
      Argument(command, value);
      return;
    }
  }
  // Reset, default, disable and enable clear the keyboard's output buffer (PS/2 TR, "Commands
  // from the System"); the other commands leave pending bytes alone.
  if (value == 0xFF || (value >= 0xF4 && value <= 0xF6)) state_.out.Clear();
  switch (value) {
    case 0xFF:  // reset: ACK, then the basic assurance test passes
      SetDefaults();
      state_.scanning = true;
      state_.leds = 0;
      Reply(kAck);
      Reply(kBatOk);
      break;
    case 0xFE:
      Reply(state_.last_sent);
      break;
    case 0xF6:  // set default, keep scanning state as is
      SetDefaults();
      Reply(kAck);
      break;
    case 0xF5:  // default + disable
      SetDefaults();
      state_.scanning = false;
      Reply(kAck);
      break;
    case 0xF4:
      state_.scanning = true;
      Reply(kAck);
      break;
    case 0xF3:
    case 0xF0:
    case 0xED:
      state_.pending_command = value;
      Reply(kAck);
      break;
    case 0xF2: {  // identify: MF-II keyboard
      static constexpr uint8_t kId[] = {kAck, 0xAB, 0x83};
      Send(kId, sizeof kId);
      break;
    }
    case 0xEE:
      Reply(0xEE);
      break;
    default:
      if (value >= 0xF7 && value <= 0xFD) {
        log.Log("ps2 keyboard: set-3 key type command " + std::to_string(value) +
                " is unimplemented (acknowledged, ignored)");
        Reply(kAck);
      } else {
        log.Log("ps2 keyboard: unknown command " + std::to_string(value) + " (answered FE)");
        Reply(kResend);
      }
      break;
  }
}

}  // namespace m86
