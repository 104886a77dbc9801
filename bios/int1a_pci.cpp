// The PCI BIOS's real-mode interface, INT 1Ah AH=B1h (PCI BIOS Specification 2.1, chapter 3):
// installation check, device and class searches, configuration reads and writes, and the IRQ
// routing options. The BIOS reaches configuration space as any software does, through
// Configuration Mechanism #1 at ports 0xCF8/0xCFC (bios/pci_config.h). Bus 0 is the only bus.
#include <cstdio>

#include "bios/acpi/pc_tables.h"
#include "bios/bios.h"
#include "bios/bios_call.h"
#include "bios/pci_config.h"

namespace m86 {
namespace {

// Return codes in AH (PCI BIOS 2.1, 3.2).
constexpr uint8_t kSuccessful = 0x00, kFuncNotSupported = 0x81, kBadVendorId = 0x83,
                  kDeviceNotFound = 0x86, kBadRegisterNumber = 0x87;

// The `index`th function on bus 0 that `match` accepts (by its dword 0 and dword 8), or -1.
template <typename Match> int FindFunction(PortIo& io, int index, Match match) {
  int found = -1;
  ForEachPciFunction(io, [&](uint8_t devfn, uint32_t id) {
    if (match(id, PciConfigRead(io, 0, devfn, 0x08, 4)) && index-- == 0) found = devfn;
    return found >= 0;
  });
  return found;
}

// AX=B10Eh (PCI BIOS 2.1, "Get PCI Interrupt Routing Options"): ES:DI holds the caller's
// RouteBuffer (a size word, then a far pointer to the data), which receives the $PIR table's
// slot entries (bios/acpi/pc_tables.h); the size word is set to what they need either way.
// BX returns the IRQs dedicated to PCI.
void GetIrqRoutingOptions(BiosCall& call) {
  constexpr uint8_t kBufferTooSmall = 0x89;
  const firmware::Bytes entries = firmware::BuildPirqEntries();
  const uint16_t es = call.es(), di = call.di();
  const uint16_t size = call.Read16(es, di);
  const auto needed = static_cast<uint16_t>(entries.size());
  call.Write16(es, di, needed);
  if (size < needed) return call.Fail(kBufferTooSmall);
  const uint16_t offset = call.Read16(es, static_cast<uint16_t>(di + 2));
  const uint16_t segment = call.Read16(es, static_cast<uint16_t>(di + 4));
  call.WriteBlock(segment, offset, entries);
  call.set_bx(firmware::kPciExclusiveIrqs);
  call.Succeed();
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
        const uint32_t v = PciConfigRead(io, call.bh(), call.bl(), reg, size);
        if (size == 1) call.set_cl(static_cast<uint8_t>(v));
        if (size == 2) call.set_cx(static_cast<uint16_t>(v));
        if (size == 4) call.set_ecx(v);
      } else {
        PciConfigWrite(io, call.bh(), call.bl(), reg, size, call.ecx());
      }
      return call.Succeed();
    }
    case 0x0E:
      return GetIrqRoutingOptions(call);
    default:
      // 06h (special cycles) is absent by design: the installation check reports none. 0Fh
      // (set IRQ) is left to operating systems, which program the PIIX's route registers.
      if (fn != 0x06) {
        char what[48];
        std::snprintf(what, sizeof what, "PCI BIOS INT 1Ah AX=B1%02Xh", fn);
        bios.LogUnimplemented(what);
      }
      call.Fail(kFuncNotSupported);
  }
}

}  // namespace m86
