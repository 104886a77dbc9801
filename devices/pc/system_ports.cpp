#include "devices/pc/system_ports.h"

namespace m86 {

void SystemPorts::Attach(IoBus& bus) {
  bus.Map(this, 0x92, 0x92);
  bus.Map(this, 0xCF9, 0xCF9);
}

uint32_t SystemPorts::IoRead(uint16_t port, int) {
  return port == 0x92 ? state_.port92 : state_.cf9;
}

void SystemPorts::IoWrite(uint16_t port, int, uint32_t value) {
  const uint8_t v = static_cast<uint8_t>(value);
  if (port == 0x92) {
    const uint8_t old = state_.port92;
    state_.port92 = v & 0x03;  // the other bits are reserved or unused on the PC
    if (((old ^ v) & 0x02) && config_.set_a20) config_.set_a20((v & 0x02) != 0);
    // Bit 0 resets the processor on its 0 -> 1 transition.
    if ((v & 0x01) && !(old & 0x01) && config_.reset) config_.reset();
    return;
  }
  const uint8_t old = state_.cf9;
  state_.cf9 = v & 0x0E;
  if ((v & 0x04) && !(old & 0x04) && config_.reset) {
    state_.cf9 = v & 0x0A;  // the reset bit does not stay set
    config_.reset();
  }
}

}  // namespace m86
