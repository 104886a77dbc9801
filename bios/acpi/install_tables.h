// Where POST puts the firmware tables, and the step that builds and places them.
//
// The tables live in the top 64 KiB of RAM, which the E820 map (bios/int_system.cpp) takes
// out of usable memory: ACPI tables as reclaimable (type 3), the MP configuration table and
// the SMBIOS structures as reserved (type 2, the operating system reads them after it has
// reclaimed ACPI memory), the FACS as ACPI NVS (type 4). The anchors the specifications find
// by scanning the BIOS area (the RSDP, the MP floating pointer, the SMBIOS entry point and the
// $PIR table) go into 1 KiB that the ROM keeps free at F000:9000 (rom::kTableAnchors).
#pragma once
#include <cstdint>
#include <optional>

#include "bios/acpi/platform.h"
#include "cpu/cpu.h"
#include "cpu/model.h"

namespace m86 {

class Bios;

struct FirmwareTableArea {
  uint32_t base;           // ACPI tables (type 3) from here
  uint32_t reserved_base;  // MP configuration table and SMBIOS structures (type 2)
  uint32_t nvs_base;       // FACS (type 4)
  uint32_t end;            // the top of RAM
};

// The area for a machine, or nothing where it gets no tables: models before the 80386, or
// less than 2 MiB of RAM.
std::optional<FirmwareTableArea> FirmwareTables(const CpuModel& model, uint32_t ram_bytes);

// The board as the tables describe it, from the CPU and the RAM size (without the PCI
// functions, which POST finds by scanning).
firmware::Platform DescribePlatform(const Cpu& cpu, uint32_t ram_bytes);

// Called by POST: programs the PIIX4 PM block (PMBA, SCI_EN), the PIRQ routing, the ELCR, the
// PCI functions' interrupt lines and the I/O APIC's ID, then builds and places the tables.
void InstallFirmwareTables(Bios& bios);

}  // namespace m86
