// The MP configuration table (Intel MultiProcessor Specification 1.4, chapter 4) for one
// processor in virtual wire mode: the 8259's INTR reaches LINT0 (ExtINT) and NMI LINT1, and
// every ISA IRQ has its own I/O APIC pin except IRQ 0, which is wired to pin 2
// (devices/pc/pc_interrupts.h). Pin 0 is unconnected, so no ExtINT entry names it.
#include "bios/acpi/acpi_tables.h"
#include "bios/acpi/pc_tables.h"

namespace m86::firmware {
namespace {

constexpr uint8_t kPciBusId = 0, kIsaBusId = 1;
// Interrupt types (4.3.4) and flags: polarity bits 1:0, trigger mode bits 3:2; 0 conforms to
// the bus. The SCI and the PIRQ lines are level-triggered and active-high on this board.
constexpr uint8_t kIntTypeInt = 0, kIntTypeNmi = 1, kIntTypeExtInt = 3;
constexpr uint16_t kLevelActiveHigh = 0x000D;

void PutInterrupt(Bytes& t, uint8_t entry_type, uint8_t int_type, uint16_t flags, uint8_t bus,
                  uint8_t source_irq, uint8_t apic_id, uint8_t pin) {
  Put8(t, entry_type);
  Put8(t, int_type);
  Put16(t, flags);
  Put8(t, bus);
  Put8(t, source_irq);
  Put8(t, apic_id);
  Put8(t, pin);
}

bool IsPciIrq(uint8_t irq) {
  for (uint8_t p : kPirqIrqs) {
    if (p == irq) return true;
  }
  return false;
}

}  // namespace

Bytes BuildMpFloatingPointer(uint32_t config_table_address) {
  Bytes t;
  PutText(t, "_MP_", 4);
  Put32(t, config_table_address);
  Put8(t, 1);  // length in 16-byte units
  Put8(t, 4);  // specification revision 1.4
  Put8(t, 0);  // checksum
  Put8(t, 0);  // feature byte 1: a configuration table is present
  Put8(t, 0);  // feature byte 2: IMCRP clear, virtual wire mode
  Put8(t, 0);
  Put8(t, 0);
  Put8(t, 0);
  FixChecksum(t, 10, 0, 16);
  return t;
}

Bytes BuildMpConfigTable(const Platform& platform) {
  Bytes t;
  PutText(t, "PCMP", 4);
  Put16(t, 0);  // base table length
  Put8(t, 4);   // revision 1.4
  Put8(t, 0);   // checksum
  PutText(t, "MORPH86", 8);
  PutText(t, "PC", 12);
  Put32(t, 0);  // no OEM table
  Put16(t, 0);
  Put16(t, 0);  // entry count
  Put32(t, kLocalApicBase);
  Put16(t, 0);  // no extended table
  Put8(t, 0);
  Put8(t, 0);
  uint16_t entries = 0;

  // Processor (4.3.1): APIC ID 0, local APIC version 14h, enabled bootstrap processor.
  Put8(t, 0);
  Put8(t, 0);
  Put8(t, 0x14);
  Put8(t, 0x03);
  Put32(t, platform.cpuid_signature);
  Put32(t, platform.cpuid_features);
  Put32(t, 0);
  Put32(t, 0);
  ++entries;
  // Buses (4.3.2).
  Put8(t, 1);
  Put8(t, kPciBusId);
  PutText(t, "PCI", 6);
  Put8(t, 1);
  Put8(t, kIsaBusId);
  PutText(t, "ISA", 6);
  entries += 2;
  // I/O APIC (4.3.3): version 11h, enabled.
  Put8(t, 2);
  Put8(t, kIoApicId);
  Put8(t, 0x11);
  Put8(t, 0x01);
  Put32(t, kIoApicBase);
  ++entries;
  // I/O interrupt assignments (4.3.4): ISA IRQs, IRQ 2 being the cascade.
  for (uint8_t irq = 0; irq < 16; ++irq) {
    if (irq == 2) continue;
    const uint16_t flags = irq == kSciIrq || IsPciIrq(irq) ? kLevelActiveHigh : 0;
    PutInterrupt(t, 3, kIntTypeInt, flags, kIsaBusId, irq, kIoApicId, irq == 0 ? 2 : irq);
    ++entries;
  }
  // PCI functions: source IRQ is device << 2 | pin (D.3), the pin their PIRQ is routed to.
  for (const PciInterrupt& p : platform.pci_interrupts) {
    const uint8_t irq = kPirqIrqs[static_cast<size_t>(SlotPirq(p.slot, p.pin))];
    PutInterrupt(t, 3, kIntTypeInt, kLevelActiveHigh, kPciBusId,
                 static_cast<uint8_t>(p.slot << 2 | p.pin), kIoApicId, irq);
    ++entries;
  }
  // Local interrupts (4.3.5) of every local APIC (ID FFh).
  PutInterrupt(t, 4, kIntTypeExtInt, 0, kIsaBusId, 0, 0xFF, 0);
  PutInterrupt(t, 4, kIntTypeNmi, 0, kIsaBusId, 0, 0xFF, 1);
  entries += 2;

  Set16(t, 4, static_cast<uint16_t>(t.size()));
  Set16(t, 34, entries);
  FixChecksum(t, 7, 0, t.size());
  return t;
}

}  // namespace m86::firmware
