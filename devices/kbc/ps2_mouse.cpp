#include "devices/kbc/ps2_mouse.h"

#include <algorithm>
#include <string>

namespace m86 {
namespace {

constexpr uint8_t kAck = 0xFA;

// 2:1 scaling applies only to stream reports (PS/2 TR, "Scaling"): 1->1, 2->1, 3->3, 4->6,
// 5->9, larger counts double.
int Scale2To1(int v) {
  static constexpr int kSmall[] = {0, 1, 1, 3, 6, 9};
  int mag = v < 0 ? -v : v;
  int scaled = mag <= 5 ? kSmall[mag] : 2 * mag;
  return v < 0 ? -scaled : scaled;
}

}  // namespace

uint8_t Ps2Mouse::PopOutput() {
  state_.last_sent = state_.out.Pop();
  if (state_.out.Empty()) MaybeStream();
  return state_.last_sent;
}

void Ps2Mouse::Reply(uint8_t b) {
  state_.out.Push(b);
  NotifyOutput();
}

void Ps2Mouse::SetDefaults() {
  state_.sample_rate = 100;
  state_.resolution = 2;
  state_.scaling_2to1 = false;
  state_.enabled = false;
  state_.remote = false;
  state_.dx = state_.dy = state_.dz = 0;
  state_.dirty = false;
}

void Ps2Mouse::Move(int dx, int dy, int wheel) {
  state_.dx += dx;
  state_.dy -= dy;
  state_.dz += wheel;
  state_.dirty = true;
  MaybeStream();
}

void Ps2Mouse::Buttons(uint8_t mask) {
  mask &= 7;
  if (mask == state_.buttons) return;
  state_.buttons = mask;
  state_.dirty = true;
  MaybeStream();
}

// Stream mode reports once the previous report has been taken, merging movement meanwhile.
void Ps2Mouse::MaybeStream() {
  if (!state_.dirty || !state_.enabled || state_.remote || state_.wrap) return;
  if (!state_.out.Empty()) return;
  QueuePacket(state_.scaling_2to1);
  NotifyOutput();
}

// Byte 0: Y overflow, X overflow, Y sign, X sign, 1, middle, right, left; then X and Y as
// 9-bit two's complement counts; IntelliMouse adds Z in byte 3 (-8..7).
void Ps2Mouse::QueuePacket(bool apply_scaling) {
  int dx = apply_scaling ? Scale2To1(state_.dx) : state_.dx;
  int dy = apply_scaling ? Scale2To1(state_.dy) : state_.dy;
  bool x_over = dx < -256 || dx > 255;
  bool y_over = dy < -256 || dy > 255;
  dx = std::clamp(dx, -256, 255);
  dy = std::clamp(dy, -256, 255);
  uint8_t b0 = 0x08;
  b0 |= state_.buttons & kLeft ? 0x01 : 0;
  b0 |= state_.buttons & kRight ? 0x02 : 0;
  b0 |= state_.buttons & kMiddle ? 0x04 : 0;
  b0 |= dx < 0 ? 0x10 : 0;
  b0 |= dy < 0 ? 0x20 : 0;
  b0 |= x_over ? 0x40 : 0;
  b0 |= y_over ? 0x80 : 0;
  state_.out.Push(b0);
  state_.out.Push(static_cast<uint8_t>(dx));
  state_.out.Push(static_cast<uint8_t>(dy));
  if (state_.device_id == 3) {
    int dz = std::clamp(state_.dz, -8, 7);
    state_.out.Push(static_cast<uint8_t>(dz));
    state_.dz -= dz;  // a large scroll drains over several packets
  } else {
    state_.dz = 0;
  }
  state_.dx = state_.dy = 0;
  state_.dirty = state_.dz != 0;
}

void Ps2Mouse::HostWrite(uint8_t value) {
  if (state_.wrap && value != 0xEC && value != 0xFF) {
    Reply(value);  // wrap mode echoes everything but its two exits
    return;
  }
  if (state_.pending_command != 0) {
    uint8_t command = state_.pending_command;
    state_.pending_command = 0;
    if (command == 0xF3) {
      state_.sample_rate = value;
      state_.rate_history[0] = state_.rate_history[1];
      state_.rate_history[1] = state_.rate_history[2];
      state_.rate_history[2] = value;
      if (state_.rate_history[0] == 200 && state_.rate_history[1] == 100 &&
          state_.rate_history[2] == 80) {
        state_.device_id = 3;
      }
    } else {
      state_.resolution = value & 3;
    }
    Reply(kAck);
    return;
  }
  switch (value) {
    case 0xFF:  // reset: ACK, self-test passed, device ID; pending reports are discarded
      state_.out.Clear();
      SetDefaults();
      state_.wrap = false;
      state_.device_id = 0;
      state_.out.Push(kAck);
      state_.out.Push(0xAA);
      Reply(0x00);
      break;
    case 0xFE:
      Reply(state_.last_sent);
      break;
    case 0xF6:
      SetDefaults();
      Reply(kAck);
      break;
    case 0xF5:
      state_.enabled = false;
      Reply(kAck);
      break;
    case 0xF4:
      state_.enabled = true;
      Reply(kAck);
      break;
    case 0xF3:
    case 0xE8:
      state_.pending_command = value;
      Reply(kAck);
      break;
    case 0xF2:
      state_.out.Push(kAck);
      Reply(state_.device_id);
      break;
    case 0xF0:
      state_.remote = true;
      Reply(kAck);
      break;
    case 0xEE:
      state_.wrap = true;
      Reply(kAck);
      break;
    case 0xEC:
      state_.wrap = false;
      Reply(kAck);
      break;
    case 0xEB:  // read data: one packet whatever the mode, scaling not applied
      state_.out.Push(kAck);
      QueuePacket(false);
      NotifyOutput();
      break;
    case 0xEA:
      state_.remote = false;
      state_.dx = state_.dy = state_.dz = 0;
      Reply(kAck);
      break;
    case 0xE9: {  // status: mode/enable/scaling/buttons, resolution, sample rate
      uint8_t b0 = (state_.remote ? 0x40 : 0) | (state_.enabled ? 0x20 : 0) |
                   (state_.scaling_2to1 ? 0x10 : 0) | (state_.buttons & kLeft ? 0x04 : 0) |
                   (state_.buttons & kMiddle ? 0x02 : 0) | (state_.buttons & kRight ? 0x01 : 0);
      state_.out.Push(kAck);
      state_.out.Push(b0);
      state_.out.Push(state_.resolution);
      Reply(state_.sample_rate);
      break;
    }
    case 0xE7:
      state_.scaling_2to1 = true;
      Reply(kAck);
      break;
    case 0xE6:
      state_.scaling_2to1 = false;
      Reply(kAck);
      break;
    default:
      log.Log("ps2 mouse: unknown command " + std::to_string(value) + " (answered FE)");
      Reply(0xFE);
      break;
  }
}

}  // namespace m86
