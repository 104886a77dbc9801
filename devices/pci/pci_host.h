// The host side of PCI configuration: Configuration Mechanism #1 (PCI Local Bus Specification
// 3.0, 3.2.2.3.2) at ports 0xCF8 (CONFIG_ADDRESS, dword accesses only) and 0xCFC-0xCFF
// (CONFIG_DATA, any width within the dword). CONFIG_ADDRESS: bit 31 enables the cycle, bits
// 23:16 the bus, 15:11 the device, 10:8 the function, 7:2 the register. Bus 0 is the only bus;
// a cycle to an empty slot or another bus reads all ones, as a master abort does.
#pragma once
#include <array>
#include <cstdint>

#include "devices/io/io_bus.h"
#include "devices/pci/pci_function.h"

namespace m86 {

struct PciHostState {
  uint32_t config_address = 0;
};

class PciHost final : public IoDevice {
 public:
  static constexpr int kDevices = 32, kFunctions = 8;

  // Maps 0xCF8-0xCFF. Byte and word accesses to 0xCF8-0xCFB are not configuration cycles;
  // map 0xCF9 (the PIIX reset control) after this.
  void Attach(IoBus& bus);
  // Puts `function` at device `device`, function `fn` of bus 0 (it must outlive the host).
  void Plug(int device, int fn, PciFunction* function);
  PciFunction* function(int device, int fn) const { return slots_[device * kFunctions + fn]; }

  uint32_t IoRead(uint16_t port, int size) override;
  void IoWrite(uint16_t port, int size, uint32_t value) override;

  const PciHostState& state() const { return state_; }

 private:
  // The function CONFIG_ADDRESS selects, or nullptr.
  PciFunction* Selected() const;

  PciHostState state_;
  std::array<PciFunction*, kDevices * kFunctions> slots_{};
};

}  // namespace m86
