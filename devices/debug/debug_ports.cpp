#include "devices/debug/debug_ports.h"

namespace m86 {

constexpr uint16_t kConsolePort = 0xE9;
constexpr uint16_t kExitPort = 0xF4;

void DebugPorts::Attach(IoBus& bus) {
  if (config_.console) bus.Map(this, kConsolePort, kConsolePort);
  if (config_.console && config_.console_port2) bus.Map(this, config_.console_port2, config_.console_port2);
  bus.Map(this, kExitPort, kExitPort);
  bus.Map(this, config_.post_port, config_.post_port);
}

uint32_t DebugPorts::IoRead(uint16_t port, int size) {
  // Reading 0xE9 returns 0xE9 (the console's presence check; only mapped when present); the
  // rest float high.
  if (port == kConsolePort || (port == config_.console_port2 && port != 0)) return 0xE9;
  if (port == config_.post_port && post_) return *post_;
  return size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
}

void DebugPorts::IoWrite(uint16_t port, int size, uint32_t value) {
  (void)size;
  if (port == kConsolePort || (port == config_.console_port2 && port != 0)) {
    config_.console(static_cast<uint8_t>(value));
  } else if (port == kExitPort) {
    if (config_.on_exit) config_.on_exit(static_cast<int>(((value & 0xFF) << 1) | 1));
  } else if (port == config_.post_port) {
    post_ = static_cast<uint8_t>(value);
  }
}

}  // namespace m86
