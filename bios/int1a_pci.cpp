// The PCI BIOS's real-mode interface, INT 1Ah AH=B1h (PCI BIOS Specification 2.1, chapter 3):
// installation check, device and class searches, and configuration reads and writes. The BIOS
// reaches configuration space as any software does, through Configuration Mechanism #1 at
// ports 0xCF8/0xCFC (devices/pci/pci_host.h). Bus 0 is the only bus.
#include <cstdio>

#include "bios/bios.h"
#include "bios/bios_call.h"

namespace m86 {
namespace {

// Return codes in AH (PCI BIOS 2.1, 3.2).
constexpr uint8_t kSuccessful = 0x00, kFuncNotSupported = 0x81, kBadVendorId = 0x83,
                  kDeviceNotFound = 0x86, kBadRegisterNumber = 0x87;

uint32_t ConfigAddress(uint8_t bus, uint8_t devfn, uint16_t reg) {
  return 0x80000000u | (uint32_t{bus} << 16) | (uint32_t{devfn} << 8) | (reg & 0xFC);
}

uint32_t ConfigRead(PortIo& io, uint8_t bus, uint8_t devfn, uint16_t reg, int size) {
  io.Out(0xCF8, 4, ConfigAddress(bus, devfn, reg));
  return io.In(static_cast<uint16_t>(0xCFC + (reg & 3)), size);
}

void ConfigWrite(PortIo& io, uint8_t bus, uint8_t devfn, uint16_t reg, int size, uint32_t v) {
  io.Out(0xCF8, 4, ConfigAddress(bus, devfn, reg));
  io.Out(static_cast<uint16_t>(0xCFC + (reg & 3)), size, v);
}

// Walks bus 0 in device/function order, as the specification's searches do: functions 1-7 are
// looked at only when function 0 says the device has several (header type bit 7). Returns the
// `index`th function that `match` accepts (by its dword 0 and dword 8), or -1.
template <typename Match> int FindFunction(PortIo& io, int index, Match match) {
  for (int dev = 0; dev < 32; ++dev) {
    for (int fn = 0; fn < 8; ++fn) {
      const auto devfn = static_cast<uint8_t>(dev << 3 | fn);
      const uint32_t id = ConfigRead(io, 0, devfn, 0x00, 4);
      if ((id & 0xFFFF) == 0xFFFF) {
        if (fn == 0) break;
        continue;
      }
      if (match(id, ConfigRead(io, 0, devfn, 0x08, 4)) && index-- == 0) return devfn;
      if (fn == 0 && !(ConfigRead(io, 0, devfn, 0x0E, 1) & 0x80)) break;
    }
  }
  return -1;
}

}  // namespace

void Int1APciBios(Bios& bios, BiosCall& call) {
  PortIo& io = bios.io();
  const uint8_t fn = call.al();
  switch (fn) {
    case 0x01:  // installation check
      call.set_edx(0x20494350);  // "PCI "
      call.set_al(0x01);         // Configuration Mechanism #1; no special cycles
      call.set_bx(0x0210);       // version 2.10, in BCD
      call.set_cl(0x00);         // the last bus
      call.Succeed();
      return;
    case 0x02: {  // find device: CX device, DX vendor, SI index
      if (call.dx() == 0xFFFF) return call.Fail(kBadVendorId);
      const uint32_t want = (uint32_t{call.cx()} << 16) | call.dx();
      const int devfn = FindFunction(io, call.si(), [&](uint32_t id, uint32_t) { return id == want; });
      if (devfn < 0) return call.Fail(kDeviceNotFound);
      call.set_bh(0);
      call.set_bl(static_cast<uint8_t>(devfn));
      return call.Succeed();
    }
    case 0x03: {  // find class code: ECX bits 23:0, SI index
      const uint32_t want = call.ecx() & 0xFFFFFF;
      const int devfn = FindFunction(io, call.si(),
                                     [&](uint32_t, uint32_t class_rev) { return class_rev >> 8 == want; });
      if (devfn < 0) return call.Fail(kDeviceNotFound);
      call.set_bh(0);
      call.set_bl(static_cast<uint8_t>(devfn));
      return call.Succeed();
    }
    case 0x08: case 0x09: case 0x0A:    // read configuration byte, word, dword
    case 0x0B: case 0x0C: case 0x0D: {  // write configuration byte, word, dword
      const int size = 1 << ((fn - 0x08) % 3);
      const uint16_t reg = call.di();
      if (reg > 0xFF || (reg & (size - 1))) return call.Fail(kBadRegisterNumber);
      if (fn <= 0x0A) {
        const uint32_t v = ConfigRead(io, call.bh(), call.bl(), reg, size);
        if (size == 1) call.set_cl(static_cast<uint8_t>(v));
        if (size == 2) call.set_cx(static_cast<uint16_t>(v));
        if (size == 4) call.set_ecx(v);
      } else {
        ConfigWrite(io, call.bh(), call.bl(), reg, size, call.ecx());
      }
      return call.Succeed();
    }
    default:
      // 06h (special cycles) is absent by design: the installation check reports none.
      // 0Eh (IRQ routing options) and 0Fh (set IRQ) come with PCI interrupt routing.
      if (fn != 0x06) {
        char what[48];
        std::snprintf(what, sizeof what, "PCI BIOS INT 1Ah AX=B1%02Xh", fn);
        bios.LogUnimplemented(what);
      }
      call.Fail(kFuncNotSupported);
  }
}

}  // namespace m86
