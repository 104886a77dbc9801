// The same ACPI and SMBIOS tables as fw_cfg files for firmware that loads them itself
// (SeaBIOS on QEMU's PC): "etc/acpi/tables" and "etc/acpi/rsdp" with "etc/table-loader", the
// linker/loader script that allocates them, patches the pointers between them and fixes their
// checksums (QEMU's docs: hw/acpi/bios-linker-loader.c's command format), and
// "etc/smbios/smbios-tables" with "etc/smbios/smbios-anchor".
#pragma once
#include <map>
#include <string>

#include "bios/acpi/platform.h"
#include "bios/acpi/table_bytes.h"

namespace m86::firmware {

std::map<std::string, Bytes> BuildFwCfgTableFiles(const Platform& platform);

}  // namespace m86::firmware
