// The PC firmware tables besides ACPI: the Intel MultiProcessor table, SMBIOS and the $PIR
// PCI interrupt routing table. Like the ACPI builders, each returns bytes with checksums set
// and takes the addresses it points at as arguments.
#pragma once
#include <cstdint>

#include "bios/acpi/platform.h"
#include "bios/acpi/table_bytes.h"

namespace m86::firmware {

// MP 1.4, 4.1: the 16-byte floating pointer structure, and 4.2-4.3: the configuration table.
Bytes BuildMpFloatingPointer(uint32_t config_table_address);
Bytes BuildMpConfigTable(const Platform& platform);

// SMBIOS 2.4 (DMTF DSP0134): the structure table (types 0, 1, 3, 4, 16, 17, 19, 32, 127) and
// the 31-byte "_SM_" entry point that describes it.
struct SmbiosTable {
  Bytes structures;
  uint16_t count = 0;
  uint16_t max_structure_size = 0;
};
SmbiosTable BuildSmbiosStructures(const Platform& platform);
Bytes BuildSmbiosEntryPoint(const SmbiosTable& table, uint32_t table_address);

// PCI IRQ Routing Table Specification 1.0: the 16-byte slot entries (also what INT 1Ah
// AX=B10Eh returns) and the "$PIR" table around them.
Bytes BuildPirqEntries();
Bytes BuildPirTable();
// IRQs that only PCI uses (PCI BIOS 2.1, 0Eh's BX); none are reserved for PCI alone here.
constexpr uint16_t kPciExclusiveIrqs = 0;
// The IRQs each PIRQ link may be routed to, as a bitmap.
constexpr uint16_t LinkIrqBitmap() {
  uint16_t mask = 0;
  for (uint8_t irq : kLinkIrqChoices) mask = static_cast<uint16_t>(mask | (1u << irq));
  return mask;
}

}  // namespace m86::firmware
