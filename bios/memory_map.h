// The PC's physical address map as the built-in BIOS reports it (INT 15h E820h, ACPI 1.0b,
// 14.1), shared by E820 and the direct boot loaders, which must place the kernel's memory map
// and initrd in the same usable RAM the BIOS reports.
#pragma once
#include <cstdint>

#include "cpu/model.h"

namespace m86 {

struct MapEntry {
  uint64_t base, length;
  uint32_t type;  // 1 usable, 2 reserved, 3 ACPI reclaimable, 4 ACPI NVS
};

constexpr int kMaxMapEntries = 10;

// Fills `out` (kMaxMapEntries entries) for a PC with `model`, `ram_bytes` of RAM from 0 and
// `high_ram_bytes` from 4 GiB; returns the count.
int AddressMap(const CpuModel& model, uint32_t ram_bytes, MapEntry* out,
               uint64_t high_ram_bytes = 0);

// One past the highest usable byte of RAM below 4 GiB the map reports.
uint32_t UsableRamTop(const CpuModel& model, uint32_t ram_bytes);

}  // namespace m86
