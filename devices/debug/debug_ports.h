// The debug ports of the bare machine and the PC: the 0xE9 console, the POST code port and
// QEMU's isa-debug-exit convention at 0xF4 (status = (value << 1) | 1).
// The 0xE9 console exists only when it has somewhere to write (`console` set): then reading
// the port returns 0xE9, the presence check of Bochs' "port E9 hack" that QEMU's debugcon
// answers too; without it the port is absent like any empty ISA port (reads 0xFF, writes go
// nowhere).
#pragma once
#include <cstdint>
#include <functional>
#include <optional>

#include "devices/io/io_bus.h"

namespace m86 {

class DebugPorts final : public IoDevice {
 public:
  struct Config {
    uint16_t post_port = 0x80;
    std::function<void(uint8_t)> console;     // each byte written to 0xE9; empty: no console
    // A second port for the console (0: none): SeaBIOS writes its log to 0x402, QEMU's
    // "isa-debugcon" at the address SeaBIOS builds for QEMU expect.
    uint16_t console_port2 = 0;
    std::function<void(int status)> on_exit;  // a write to 0xF4
  };
  explicit DebugPorts(Config config) : config_(std::move(config)) {}
  void Attach(IoBus& bus);
  uint32_t IoRead(uint16_t port, int size) override;
  void IoWrite(uint16_t port, int size, uint32_t value) override;
  std::optional<uint8_t> last_post_code() const { return post_; }

 private:
  Config config_;
  std::optional<uint8_t> post_;
};

}  // namespace m86
