#include "bios/memory_map.h"

#include "bios/acpi/install_tables.h"

namespace m86 {

// Conventional memory below the EBDA, the EBDA, the video and BIOS areas, extended memory, the
// firmware tables at its top (ACPI tables reclaimable, MP and SMBIOS reserved, the FACS in ACPI
// NVS; bios/acpi/install_tables.h), the BIOS alias at the top of 4 GiB, the RAM from 4 GiB.
int AddressMap(const CpuModel& model, uint32_t ram_bytes, MapEntry* out, uint64_t high_ram_bytes) {
  int n = 0;
  out[n++] = {0, 0x9FC00, 1};
  out[n++] = {0x9FC00, 0x400, 2};
  out[n++] = {0xE0000, 0x20000, 2};
  if (const auto t = FirmwareTables(model, ram_bytes)) {
    out[n++] = {0x100000, t->base - 0x100000ull, 1};
    out[n++] = {t->base, t->reserved_base - t->base, 3};
    out[n++] = {t->reserved_base, t->nvs_base - t->reserved_base, 2};
    out[n++] = {t->nvs_base, t->end - t->nvs_base, 4};
  } else if (ram_bytes > 0x100000) {
    out[n++] = {0x100000, ram_bytes - 0x100000ull, 1};
  }
  out[n++] = {0xFFFC0000, 0x40000, 2};
  if (high_ram_bytes) out[n++] = {uint64_t{1} << 32, high_ram_bytes, 1};
  return n;
}

uint32_t UsableRamTop(const CpuModel& model, uint32_t ram_bytes) {
  MapEntry map[kMaxMapEntries];
  const int n = AddressMap(model, ram_bytes, map);
  uint64_t top = 0;
  for (int i = 0; i < n; ++i) {
    if (map[i].type == 1 && map[i].base + map[i].length > top) top = map[i].base + map[i].length;
  }
  return static_cast<uint32_t>(top);
}

}  // namespace m86
