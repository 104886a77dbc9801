// Configuration space as the BIOS reaches it: Configuration Mechanism #1 at ports 0xCF8/0xCFC
// (PCI Local Bus Specification 2.1, 3.7.4.1), as any software does. Bus 0 is the only bus.
#pragma once
#include <cstdint>

#include "devices/io/io_bus.h"

namespace m86 {

inline uint32_t PciConfigAddress(uint8_t bus, uint8_t devfn, uint16_t reg) {
  return 0x80000000u | (uint32_t{bus} << 16) | (uint32_t{devfn} << 8) | (reg & 0xFC);
}

inline uint32_t PciConfigRead(PortIo& io, uint8_t bus, uint8_t devfn, uint16_t reg, int size) {
  io.Out(0xCF8, 4, PciConfigAddress(bus, devfn, reg));
  return io.In(static_cast<uint16_t>(0xCFC + (reg & 3)), size);
}

inline void PciConfigWrite(PortIo& io, uint8_t bus, uint8_t devfn, uint16_t reg, int size, uint32_t v) {
  io.Out(0xCF8, 4, PciConfigAddress(bus, devfn, reg));
  io.Out(static_cast<uint16_t>(0xCFC + (reg & 3)), size, v);
}

// Calls `visit(devfn, id)` for each function on bus 0 in device/function order, as the PCI
// BIOS searches walk it: functions 1-7 only when function 0 says the device has several
// (header type bit 7). Stops early when `visit` returns true.
template <typename Visit> void ForEachPciFunction(PortIo& io, Visit visit) {
  for (int dev = 0; dev < 32; ++dev) {
    for (int fn = 0; fn < 8; ++fn) {
      const auto devfn = static_cast<uint8_t>(dev << 3 | fn);
      const uint32_t id = PciConfigRead(io, 0, devfn, 0x00, 4);
      if ((id & 0xFFFF) == 0xFFFF) {
        if (fn == 0) break;
        continue;
      }
      if (visit(devfn, id)) return;
      if (fn == 0 && !(PciConfigRead(io, 0, devfn, 0x0E, 1) & 0x80)) break;
    }
  }
}

}  // namespace m86
