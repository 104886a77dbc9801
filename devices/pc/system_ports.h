// The PC's reset and A20 controls outside the keyboard controller: System Control Port A at
// 0x92 (IBM PS/2 Technical Reference: bit 0 fast reset, bit 1 A20 gate) and the PIIX Reset
// Control Register at 0xCF9 (Intel 82371SB PIIX3 datasheet, 4.1.17: bit 2 resets the CPU when
// set, bit 1 selects a hard reset).
#pragma once
#include <cstdint>
#include <functional>

#include "devices/io/io_bus.h"

namespace m86 {

struct SystemPortsState {
  uint8_t port92 = 0;
  uint8_t cf9 = 0;
};

class SystemPorts final : public IoDevice {
 public:
  struct Config {
    std::function<void(bool enabled)> set_a20;  // port 0x92 bit 1 changed
    std::function<void()> reset;                // a fast reset or a CF9h reset
  };
  explicit SystemPorts(Config config) : config_(std::move(config)) {}
  void Attach(IoBus& bus);
  uint32_t IoRead(uint16_t port, int size) override;
  void IoWrite(uint16_t port, int size, uint32_t value) override;
  const SystemPortsState& state() const { return state_; }
  bool a20() const { return (state_.port92 & 0x02) != 0; }

 private:
  Config config_;
  SystemPortsState state_;
};

}  // namespace m86
