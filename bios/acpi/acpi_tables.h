// The ACPI tables of the built-in BIOS (ACPI 2.0 compatible, with the 1.0b layouts Linux and
// older systems read: an RSDP of revision 0 pointing at an RSDT, a revision 1 FADT). Each
// function returns one table's bytes with its length and checksum set; the addresses the
// tables point at are arguments, so one builder serves guest memory and other loaders.
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "bios/acpi/platform.h"
#include "bios/acpi/table_bytes.h"

namespace m86::firmware {

constexpr std::string_view kOemId = "MORPH8";        // 6 characters
constexpr std::string_view kOemTableId = "MORPH86 ";  // 8 characters

Bytes BuildDsdt(const Platform& platform);
Bytes BuildFacs();
Bytes BuildFadt(const Platform& platform, uint32_t facs_address, uint32_t dsdt_address);
Bytes BuildMadt(const Platform& platform);
Bytes BuildRsdt(const std::vector<uint32_t>& table_addresses);
Bytes BuildRsdp(uint32_t rsdt_address);

// The 36-byte description header (ACPI 6.4, 5.2.6) with length and checksum left zero, and
// the step that sets both once the table is complete.
Bytes SdtHeader(std::string_view signature, uint8_t revision);
void FinishSdt(Bytes& table);

}  // namespace m86::firmware
