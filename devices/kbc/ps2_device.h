// What the 8042 sees of a PS/2 device: bytes the host writes to it, and a small FIFO of bytes
// it clocks back. The controller pulls from the FIFO whenever its output buffer is free and
// the port's clock is enabled (IBM PS/2 Technical Reference, "Keyboard/Auxiliary Device
// Controller"); a device that cannot send keeps its bytes queued, as the real clock inhibit does.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_set>

namespace m86 {

// A fixed FIFO in plain data so device state stays a copyable struct (save states).
struct Ps2ByteQueue {
  static constexpr int kCapacity = 16;  // the keyboard's own buffer holds 16 keystrokes' bytes
  uint8_t bytes[kCapacity] = {};
  uint8_t head = 0;
  uint8_t count = 0;

  bool Empty() const { return count == 0; }
  int Free() const { return kCapacity - count; }
  bool Push(uint8_t b) {
    if (count == kCapacity) return false;
    bytes[(head + count) % kCapacity] = b;
    ++count;
    return true;
  }
  uint8_t Pop() {
    uint8_t b = bytes[head];
    head = static_cast<uint8_t>((head + 1) % kCapacity);
    --count;
    return b;
  }
  void Clear() { head = count = 0; }
};

// Logs each distinct message once (unimplemented commands must be visible, not spammed).
class OnceLog {
 public:
  std::function<void(const std::string&)> sink;  // stderr when empty
  void Log(const std::string& message);

 private:
  std::unordered_set<std::string> seen_;
};

class Ps2Device {
 public:
  virtual ~Ps2Device() = default;
  // A byte the host sent to the device (port 0x60 write, or 0xD4 + data for the aux port).
  virtual void HostWrite(uint8_t value) = 0;
  virtual bool HasOutput() const = 0;
  virtual uint8_t PopOutput() = 0;
  // Called by the device whenever it queued output, so the controller can pull it.
  std::function<void()> on_output;

 protected:
  void NotifyOutput() {
    if (on_output) on_output();
  }
};

}  // namespace m86
