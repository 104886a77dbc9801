// SMBIOS 2.4 structures (DMTF DSP0134 2.4, chapter 3): each is a formatted area (type, length,
// handle, fields) followed by its strings, numbered from 1, and a double NUL.
#include <initializer_list>
#include <string_view>

#include "bios/acpi/pc_tables.h"

namespace m86::firmware {
namespace {

constexpr std::string_view kVendor = "morph86";

class Structures {
 public:
  explicit Structures(SmbiosTable& table) : table_(table) {}
  // Starts a structure: its header, with the length set by End.
  Bytes& Begin(uint8_t type) {
    current_.clear();
    Put8(current_, type);
    Put8(current_, 0);
    Put16(current_, table_.count);  // handles are the structures' indices
    return current_;
  }
  void End(std::initializer_list<std::string_view> strings) {
    current_[1] = static_cast<uint8_t>(current_.size());
    for (std::string_view s : strings) {
      current_.insert(current_.end(), s.begin(), s.end());
      current_.push_back(0);
    }
    if (strings.size() == 0) current_.push_back(0);
    current_.push_back(0);
    if (current_.size() > table_.max_structure_size) table_.max_structure_size = static_cast<uint16_t>(current_.size());
    table_.structures.insert(table_.structures.end(), current_.begin(), current_.end());
    ++table_.count;
  }

 private:
  SmbiosTable& table_;
  Bytes current_;
};

// Processor family (table 23) for the CPU models morph86 emulates.
uint8_t ProcessorFamily(const Platform& p) {
  const uint32_t family = (p.cpuid_signature >> 8) & 0xF, model = (p.cpuid_signature >> 4) & 0xF;
  switch (p.cpu_generation) {
    case 3: return 0x05;  // Intel386
    case 4: return 0x06;  // Intel486
    case 5: return 0x0B;  // Pentium
    default: break;
  }
  if (family != 6) return 0x02;  // unknown
  if (model <= 1) return 0x0C;   // Pentium Pro
  if (model <= 6) return 0x0D;   // Pentium II
  return 0x11;                   // Pentium III
}

}  // namespace

SmbiosTable BuildSmbiosStructures(const Platform& platform) {
  SmbiosTable table;
  Structures s(table);
  const uint32_t ram_kb = platform.ram_bytes / 1024;

  Bytes& bios = s.Begin(0);  // BIOS information (3.3.1)
  Put8(bios, 1);             // vendor
  Put8(bios, 2);             // version
  Put16(bios, 0xF000);       // starting segment
  Put8(bios, 3);             // release date
  Put8(bios, 0);             // ROM size: (n + 1) * 64 KiB
  // Characteristics: ISA (bit 4), PCI (7), EDD (19), INT 13h 1.44 MB floppy (25), INT 5 print
  // screen (26), INT 9 keyboard (27), INT 14h serial (28), INT 17h printer (29), CGA/mono
  // INT 10h (31).
  Put64(bios, (1ull << 4) | (1ull << 7) | (1ull << 19) | (1ull << 25) | (1ull << 26) | (1ull << 27) |
                  (1ull << 28) | (1ull << 29) | (1ull << 31));
  Put8(bios, 0x01);  // extension byte 1: ACPI
  Put8(bios, 0x00);  // extension byte 2
  Put8(bios, 1);     // system BIOS major release
  Put8(bios, 0);     // minor release
  Put8(bios, 0xFF);  // no embedded controller firmware
  Put8(bios, 0xFF);
  s.End({kVendor, "morph86 built-in BIOS", "01/01/2025"});

  Bytes& system = s.Begin(1);  // system information (3.3.2)
  Put8(system, 1);  // manufacturer
  Put8(system, 2);  // product
  Put8(system, 3);  // version
  Put8(system, 0);  // no serial number
  for (int i = 0; i < 16; ++i) Put8(system, 0);  // UUID: not present (all zero)
  Put8(system, 6);  // woken by the power switch
  Put8(system, 0);  // no SKU
  Put8(system, 0);  // no family
  s.End({kVendor, "morph86 PC (i440FX + PIIX)", "1.0"});

  Bytes& chassis = s.Begin(3);  // system enclosure (3.3.4)
  Put8(chassis, 1);     // manufacturer
  Put8(chassis, 0x03);  // desktop
  Put8(chassis, 0);     // no version
  Put8(chassis, 0);     // no serial number
  Put8(chassis, 0);     // no asset tag
  Put8(chassis, 0x03);  // boot-up state: safe
  Put8(chassis, 0x03);  // power supply state: safe
  Put8(chassis, 0x03);  // thermal state: safe
  Put8(chassis, 0x03);  // security status: none
  Put32(chassis, 0);    // OEM-defined
  Put8(chassis, 0);     // height unspecified
  Put8(chassis, 0);     // power cords unspecified
  Put8(chassis, 0);     // no contained elements
  Put8(chassis, 0);
  s.End({kVendor});

  Bytes& cpu = s.Begin(4);  // processor information (3.3.5)
  Put8(cpu, 1);     // socket designation
  Put8(cpu, 0x03);  // central processor
  Put8(cpu, ProcessorFamily(platform));
  Put8(cpu, 2);     // manufacturer
  Put32(cpu, platform.cpuid_signature);  // processor ID: CPUID.1 EAX, then EDX
  Put32(cpu, platform.cpuid_features);
  Put8(cpu, 3);     // version
  Put8(cpu, 0);     // voltage unknown
  Put16(cpu, 0);    // external clock unknown
  Put16(cpu, 0);    // maximum speed unknown
  Put16(cpu, 0);    // current speed unknown
  Put8(cpu, 0x41);  // socket populated, processor enabled
  Put8(cpu, 0x01);  // upgrade: other
  Put16(cpu, 0xFFFF);  // no L1, L2, L3 cache information
  Put16(cpu, 0xFFFF);
  Put16(cpu, 0xFFFF);
  Put8(cpu, 0);     // no serial number, asset tag, part number
  Put8(cpu, 0);
  Put8(cpu, 0);
  s.End({"CPU0", "GenuineIntel", platform.cpu_name.empty() ? "x86" : platform.cpu_name});

  const uint16_t array_handle = table.count;
  Bytes& array = s.Begin(16);  // physical memory array (3.3.17)
  Put8(array, 0x03);           // on the system board
  Put8(array, 0x03);           // system memory
  Put8(array, 0x03);           // no error correction
  Put32(array, ram_kb);        // maximum capacity in KiB
  Put16(array, 0xFFFE);        // no error information
  Put16(array, 1);             // one device
  s.End({});

  Bytes& device = s.Begin(17);  // memory device (3.3.18)
  Put16(device, array_handle);
  Put16(device, 0xFFFE);  // no error information
  Put16(device, 64);      // total width
  Put16(device, 64);      // data width
  const uint32_t mb = ram_kb / 1024;
  Put16(device, mb > 0 ? static_cast<uint16_t>(mb) : static_cast<uint16_t>(0x8000 | ram_kb));
  Put8(device, 0x09);     // DIMM
  Put8(device, 0);        // not in a set
  Put8(device, 1);        // device locator
  Put8(device, 0);        // no bank locator
  Put8(device, 0x07);     // RAM
  Put16(device, 0x0002);  // type detail: unknown
  Put16(device, 0);       // speed unknown
  Put8(device, 0);        // no manufacturer, serial number, asset tag, part number
  Put8(device, 0);
  Put8(device, 0);
  Put8(device, 0);
  s.End({"DIMM 0"});

  Bytes& mapped = s.Begin(19);  // memory array mapped address (3.3.20)
  Put32(mapped, 0);             // starting address in KiB
  Put32(mapped, ram_kb - 1);    // ending address in KiB
  Put16(mapped, array_handle);
  Put8(mapped, 1);              // partition width
  s.End({});

  Bytes& boot = s.Begin(32);  // system boot information (3.3.33)
  for (int i = 0; i < 6; ++i) Put8(boot, 0);
  Put8(boot, 0);              // no errors detected
  s.End({});

  s.Begin(127);  // end of table (3.3.42)
  s.End({});
  return table;
}

// The 2.1+ entry point (2.1.1): "_SM_" with its checksum over the 31 bytes, then the
// intermediate "_DMI_" part with its own checksum over bytes 10h-1Eh.
Bytes BuildSmbiosEntryPoint(const SmbiosTable& table, uint32_t table_address) {
  Bytes t;
  PutText(t, "_SM_", 4);
  Put8(t, 0);     // checksum
  Put8(t, 0x1F);  // length
  Put8(t, 2);     // version 2.4
  Put8(t, 4);
  Put16(t, table.max_structure_size);
  Put8(t, 0);     // entry point revision
  for (int i = 0; i < 5; ++i) Put8(t, 0);
  PutText(t, "_DMI_", 5);
  Put8(t, 0);     // intermediate checksum
  Put16(t, static_cast<uint16_t>(table.structures.size()));
  Put32(t, table_address);
  Put16(t, table.count);
  Put8(t, 0x24);  // BCD revision
  FixChecksum(t, 0x15, 0x10, 0x0F);
  FixChecksum(t, 0x04, 0x00, 0x1F);
  return t;
}

// $PIR slot entries (PCI IRQ Routing Table Specification 1.0, 4.1): bus 0, device 1-31, for
// INTA#-INTD# the link value (the PIIX's route register, 60h-63h) and the IRQs it may take;
// slot number 0 (embedded).
Bytes BuildPirqEntries() {
  Bytes t;
  for (int slot = 1; slot < 32; ++slot) {
    Put8(t, 0);
    Put8(t, static_cast<uint8_t>(slot << 3));
    for (int pin = 0; pin < 4; ++pin) {
      Put8(t, static_cast<uint8_t>(kPirqRouteRegister + SlotPirq(slot, pin)));
      Put16(t, LinkIrqBitmap());
    }
    Put8(t, 0);
    Put8(t, 0);
  }
  return t;
}

// The table header (4.0): "$PIR", version 1.0, size, the router (the PIIX3 at 00:01.0, also
// the compatible router), no exclusive IRQs, checksum over the whole table.
Bytes BuildPirTable() {
  const Bytes entries = BuildPirqEntries();
  Bytes t;
  PutText(t, "$PIR", 4);
  Put16(t, 0x0100);
  Put16(t, static_cast<uint16_t>(32 + entries.size()));
  Put8(t, 0);
  Put8(t, kIsaBridgeDevfn);
  Put16(t, kPciExclusiveIrqs);
  Put16(t, 0x8086);  // compatible router: PIIX3 ISA bridge
  Put16(t, 0x7000);
  Put32(t, 0);       // miniport data
  for (int i = 0; i < 11; ++i) Put8(t, 0);
  Put8(t, 0);        // checksum
  t.insert(t.end(), entries.begin(), entries.end());
  FixChecksum(t, 31, 0, t.size());
  return t;
}

}  // namespace m86::firmware
