#include "bios/acpi/fw_cfg_tables.h"

#include <string_view>

#include "bios/acpi/acpi_tables.h"
#include "bios/acpi/pc_tables.h"

namespace m86::firmware {
namespace {

constexpr std::string_view kTablesFile = "etc/acpi/tables", kRsdpFile = "etc/acpi/rsdp";

// Loader commands are 128 bytes: a command word and its arguments, file names in 56-byte
// NUL-padded fields.
enum : uint32_t { kAllocate = 1, kAddPointer = 2, kAddChecksum = 3 };
enum : uint8_t { kZoneHigh = 1, kZoneFseg = 2 };

class Loader {
 public:
  void Allocate(std::string_view file, uint32_t align, uint8_t zone) {
    Begin(kAllocate);
    PutText(script_, file, 56, '\0');
    Put32(script_, align);
    Put8(script_, zone);
  }
  // The 4-byte field at `offset` in `dest` holds an offset into `src`; the loader adds the
  // address `src` was allocated at.
  void AddPointer(std::string_view dest, std::string_view src, uint32_t offset) {
    Begin(kAddPointer);
    PutText(script_, dest, 56, '\0');
    PutText(script_, src, 56, '\0');
    Put32(script_, offset);
    Put8(script_, 4);
  }
  void AddChecksum(std::string_view file, uint32_t at, uint32_t start, uint32_t length) {
    Begin(kAddChecksum);
    PutText(script_, file, 56, '\0');
    Put32(script_, at);
    Put32(script_, start);
    Put32(script_, length);
  }
  Bytes Finish() {
    script_.resize(commands_ * 128, 0);
    return script_;
  }

 private:
  void Begin(uint32_t command) {
    script_.resize(commands_ * 128, 0);
    ++commands_;
    Put32(script_, command);
  }
  Bytes script_;
  size_t commands_ = 0;
};

// Appends `table` to `blob` at a 16-byte (or `align`) boundary; returns its offset.
uint32_t Add(Bytes& blob, const Bytes& table, uint32_t align = 16) {
  blob.resize((blob.size() + align - 1) & ~size_t{align - 1}, 0);
  const auto at = static_cast<uint32_t>(blob.size());
  blob.insert(blob.end(), table.begin(), table.end());
  return at;
}

}  // namespace

std::map<std::string, Bytes> BuildFwCfgTableFiles(const Platform& platform) {
  // The tables are built with offsets into the blob where addresses go; the loader turns
  // them into addresses and recomputes the checksums of the tables it patched.
  Bytes blob;
  Loader loader;
  loader.Allocate(kTablesFile, 64, kZoneHigh);
  loader.Allocate(kRsdpFile, 16, kZoneFseg);
  const uint32_t facs = Add(blob, BuildFacs(), 64);
  const uint32_t dsdt = Add(blob, BuildDsdt(platform));
  const Bytes fadt_bytes = BuildFadt(platform, facs, dsdt);
  const uint32_t fadt = Add(blob, fadt_bytes);
  loader.AddPointer(kTablesFile, kTablesFile, fadt + 36);
  loader.AddPointer(kTablesFile, kTablesFile, fadt + 40);
  loader.AddChecksum(kTablesFile, fadt + 9, fadt, static_cast<uint32_t>(fadt_bytes.size()));
  std::vector<uint32_t> entries{fadt};
  if (platform.apic) entries.push_back(Add(blob, BuildMadt(platform)));
  const Bytes rsdt_bytes = BuildRsdt(entries);
  const uint32_t rsdt = Add(blob, rsdt_bytes);
  for (size_t i = 0; i < entries.size(); ++i) {
    loader.AddPointer(kTablesFile, kTablesFile, rsdt + 36 + 4 * static_cast<uint32_t>(i));
  }
  loader.AddChecksum(kTablesFile, rsdt + 9, rsdt, static_cast<uint32_t>(rsdt_bytes.size()));
  const Bytes rsdp = BuildRsdp(rsdt);
  loader.AddPointer(kRsdpFile, kTablesFile, 16);
  loader.AddChecksum(kRsdpFile, 8, 0, 20);

  std::map<std::string, Bytes> files;
  files[std::string(kTablesFile)] = std::move(blob);
  files[std::string(kRsdpFile)] = rsdp;
  files["etc/table-loader"] = loader.Finish();
  // SMBIOS: the firmware places the structures and sets the entry point's table address.
  const SmbiosTable smbios = BuildSmbiosStructures(platform);
  files["etc/smbios/smbios-anchor"] = BuildSmbiosEntryPoint(smbios, 0);
  files["etc/smbios/smbios-tables"] = smbios.structures;
  return files;
}

}  // namespace m86::firmware
