#include "devices/pci/pci_host.h"

#include <cassert>

namespace m86 {

void PciHost::Attach(IoBus& bus) { bus.Map(this, 0xCF8, 0xCFF); }

void PciHost::Plug(int device, int fn, PciFunction* function) {
  assert(device >= 0 && device < kDevices && fn >= 0 && fn < kFunctions);
  slots_[device * kFunctions + fn] = function;
}

PciFunction* PciHost::Selected() const {
  const uint32_t a = state_.config_address;
  if (!(a & 0x80000000u)) return nullptr;
  if (((a >> 16) & 0xFF) != 0) return nullptr;  // no bridges: bus 0 only
  return function(static_cast<int>((a >> 11) & 0x1F), static_cast<int>((a >> 8) & 0x7));
}

uint32_t PciHost::IoRead(uint16_t port, int size) {
  const uint32_t all_ones = size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
  if (port < 0xCFC) {
    // Only a dword access at 0xCF8 reaches CONFIG_ADDRESS; its reserved bits 30:24 and 1:0
    // read as zero.
    return (port == 0xCF8 && size == 4) ? state_.config_address : all_ones;
  }
  const int lane = port & 3;
  PciFunction* f = Selected();
  if (!f || lane + size > 4) return all_ones;
  return f->ConfigRead(static_cast<uint8_t>((state_.config_address & 0xFC) + lane), size);
}

void PciHost::IoWrite(uint16_t port, int size, uint32_t value) {
  if (port < 0xCFC) {
    if (port == 0xCF8 && size == 4) state_.config_address = value & 0x80FFFFFCu;
    return;
  }
  const int lane = port & 3;
  PciFunction* f = Selected();
  if (!f || lane + size > 4) return;
  f->ConfigWrite(static_cast<uint8_t>((state_.config_address & 0xFC) + lane), size, value);
}

}  // namespace m86
