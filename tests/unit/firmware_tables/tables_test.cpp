// The firmware tables as built: checksums, the fields operating systems read, and the DSDT as
// ACPICA's disassembler reads it.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <unistd.h>

#include "bios/acpi/acpi_tables.h"
#include "bios/acpi/fw_cfg_tables.h"
#include "bios/acpi/pc_tables.h"

namespace m86::firmware {
namespace {

Platform ApicPlatform() {
  Platform p;
  p.ram_bytes = 64u << 20;
  p.apic = true;
  p.cpu_generation = 6;
  p.cpuid_signature = 0x0612;
  p.cpuid_features = 0x0000F9FF;
  p.cpu_name = "pentiumpro";
  p.pci_interrupts = {{1, 0}, {3, 0}};
  return p;
}

void CheckSdt(const Bytes& t, std::string_view signature) {
  INFO(signature);
  REQUIRE(t.size() >= 36);
  CHECK(std::string_view(reinterpret_cast<const char*>(t.data()), 4) == signature);
  CHECK(Get32(t, 4) == t.size());
  CHECK(ByteSum(t) == 0);
}

TEST_CASE("ACPI tables have their lengths and checksums", "[acpi]") {
  const Platform p = ApicPlatform();
  CheckSdt(BuildDsdt(p), "DSDT");
  CheckSdt(BuildFadt(p, 0x1000, 0x2000), "FACP");
  CheckSdt(BuildMadt(p), "APIC");
  CheckSdt(BuildRsdt({0x3000, 0x4000}), "RSDT");
  const Bytes rsdp = BuildRsdp(0x5000);
  REQUIRE(rsdp.size() == 20);
  CHECK(ByteSum(rsdp) == 0);
  CHECK(rsdp[15] == 0);  // revision 0: ACPI 1.0 layout
  CHECK(Get32(rsdp, 16) == 0x5000);
  const Bytes facs = BuildFacs();
  CHECK(facs.size() == 64);
  CHECK(Get32(facs, 4) == 64);
}

TEST_CASE("The FADT points at the PIIX4 PM block and the SCI", "[acpi]") {
  const Bytes f = BuildFadt(ApicPlatform(), 0x1000, 0x2000);
  REQUIRE(f.size() == 116);
  CHECK(f[8] == 1);  // revision 1
  CHECK(Get32(f, 36) == 0x1000);
  CHECK(Get32(f, 40) == 0x2000);
  CHECK(Get16(f, 46) == 9);   // SCI_INT
  CHECK(Get32(f, 48) == 0);   // SMI_CMD: always in ACPI mode
  CHECK(Get32(f, 56) == kPmBase);
  CHECK(Get32(f, 64) == kPmBase + 4u);
  CHECK(Get32(f, 76) == kPmBase + 8u);
  CHECK(f[88] == 4);
  CHECK(f[89] == 2);
  CHECK(f[91] == 4);
  CHECK(f[108] == 0x32);  // century
  CHECK((Get32(f, 112) & 0x1) != 0);  // WBINVD
}

TEST_CASE("The MADT describes one local APIC, the I/O APIC and the overrides", "[acpi]") {
  const Bytes m = BuildMadt(ApicPlatform());
  CHECK(Get32(m, 36) == 0xFEE00000u);
  CHECK(Get32(m, 40) == 1);  // PCAT_COMPAT
  size_t at = 44;
  int lapics = 0, ioapics = 0;
  std::vector<std::pair<int, uint32_t>> overrides;
  std::vector<uint16_t> override_flags;
  while (at < m.size()) {
    const uint8_t type = m[at], length = m[at + 1];
    REQUIRE(length >= 2);
    if (type == 0) {
      ++lapics;
      CHECK(m[at + 3] == 0);          // APIC ID
      CHECK(Get32(m, at + 4) == 1);   // enabled
    } else if (type == 1) {
      ++ioapics;
      CHECK(m[at + 2] == kIoApicId);
      CHECK(Get32(m, at + 4) == 0xFEC00000u);
      CHECK(Get32(m, at + 8) == 0);
    } else if (type == 2) {
      overrides.emplace_back(m[at + 3], Get32(m, at + 4));
      override_flags.push_back(Get16(m, at + 8));
    }
    at += length;
  }
  CHECK(at == m.size());
  CHECK(lapics == 1);
  CHECK(ioapics == 1);
  REQUIRE(overrides.size() == 5);
  CHECK(overrides[0] == std::make_pair(0, uint32_t{2}));
  CHECK(override_flags[0] == 0);
  CHECK(overrides[2] == std::make_pair(9, uint32_t{9}));
  CHECK(override_flags[2] == 0x000D);
}

TEST_CASE("The MP table: processor, buses, I/O APIC and interrupt assignments", "[mp]") {
  const Bytes fp = BuildMpFloatingPointer(0x12340);
  REQUIRE(fp.size() == 16);
  CHECK(ByteSum(fp) == 0);
  CHECK(Get32(fp, 4) == 0x12340);
  CHECK(fp[9] == 4);
  const Bytes t = BuildMpConfigTable(ApicPlatform());
  CHECK(ByteSum(t) == 0);
  CHECK(Get16(t, 4) == t.size());
  CHECK(Get32(t, 36) == 0xFEE00000u);
  size_t at = 44;
  int count = 0;
  bool irq0_on_pin2 = false, slot3_on_irq11 = false, lint0_extint = false, lint1_nmi = false;
  while (at < t.size()) {
    const uint8_t type = t[at];
    ++count;
    if (type == 0) {
      CHECK(t[at + 3] == 0x03);  // enabled bootstrap processor
      at += 20;
      continue;
    }
    if (type == 3 && t[at + 4] == 1 && t[at + 5] == 0) irq0_on_pin2 = t[at + 7] == 2;
    // Slot 3 INTA# is PIRQC#, routed to IRQ 11.
    if (type == 3 && t[at + 4] == 0 && t[at + 5] == (3 << 2)) slot3_on_irq11 = t[at + 7] == 11;
    if (type == 4 && t[at + 7] == 0) lint0_extint = t[at + 1] == 3;
    if (type == 4 && t[at + 7] == 1) lint1_nmi = t[at + 1] == 1;
    at += 8;
  }
  CHECK(at == t.size());
  CHECK(count == Get16(t, 34));
  CHECK(irq0_on_pin2);
  CHECK(slot3_on_irq11);
  CHECK(lint0_extint);
  CHECK(lint1_nmi);
}

TEST_CASE("SMBIOS entry point and structures", "[smbios]") {
  const SmbiosTable table = BuildSmbiosStructures(ApicPlatform());
  const Bytes ep = BuildSmbiosEntryPoint(table, 0x8000);
  REQUIRE(ep.size() == 0x1F);
  CHECK(ByteSum(ep) == 0);
  CHECK(ByteSum(std::span<const uint8_t>(ep).subspan(0x10, 0x0F)) == 0);
  CHECK(Get32(ep, 0x18) == 0x8000);
  CHECK(Get16(ep, 0x16) == table.structures.size());
  // Walk the structures: formatted area, then strings up to a double NUL.
  std::vector<int> types;
  size_t at = 0;
  while (at < table.structures.size()) {
    const Bytes& s = table.structures;
    types.push_back(s[at]);
    size_t end = at + s[at + 1];
    while (!(s[end] == 0 && s[end + 1] == 0)) ++end;
    at = end + 2;
  }
  CHECK(at == table.structures.size());
  CHECK(types == std::vector<int>{0, 1, 3, 4, 16, 17, 19, 32, 127});
  CHECK(Get16(ep, 0x1C) == types.size());
  const std::string text(table.structures.begin(), table.structures.end());
  CHECK(text.find("morph86") != std::string::npos);
  CHECK(text.find("pentiumpro") != std::string::npos);
}

TEST_CASE("The $PIR table and its slot entries", "[pir]") {
  const Bytes t = BuildPirTable();
  CHECK(ByteSum(t) == 0);
  CHECK(Get16(t, 6) == t.size());
  CHECK(t.size() == 32 + 31 * 16);
  CHECK(t[9] == 0x08);  // router: 00:01.0
  // Slot 1: INTA# on link 60h (PIRQA#); slot 2: INTA# on 61h.
  CHECK(t[32 + 1] == (1 << 3));
  CHECK(t[32 + 2] == 0x60);
  CHECK(t[48 + 2] == 0x61);
  CHECK(Get16(t, 32 + 3) == LinkIrqBitmap());
}

// Runs the table-loader script as firmware would: each file at a made-up address, pointers
// patched, checksums recomputed; then the RSDP must lead to checksummed tables.
TEST_CASE("The fw_cfg table files load through the linker/loader script", "[acpi][fw_cfg]") {
  std::map<std::string, Bytes> files = BuildFwCfgTableFiles(ApicPlatform());
  REQUIRE(files.count("etc/table-loader") == 1);
  const Bytes script = files["etc/table-loader"];
  REQUIRE(script.size() % 128 == 0);
  std::map<std::string, uint32_t> address;
  const auto name = [&](size_t at) {
    return std::string(reinterpret_cast<const char*>(&script[at]));
  };
  uint32_t next = 0x100000;
  for (size_t c = 0; c < script.size(); c += 128) {
    const uint32_t command = Get32(script, c);
    if (command == 1) {
      REQUIRE(files.count(name(c + 4)) == 1);
      address[name(c + 4)] = next;
      next += 0x10000;
    } else if (command == 2) {
      Bytes& dest = files[name(c + 4)];
      const uint32_t offset = Get32(script, c + 4 + 112);
      Set32(dest, offset, Get32(dest, offset) + address.at(name(c + 4 + 56)));
    } else if (command == 3) {
      Bytes& file = files[name(c + 4)];
      FixChecksum(file, Get32(script, c + 60), Get32(script, c + 64), Get32(script, c + 68));
    }
  }
  const Bytes& rsdp = files["etc/acpi/rsdp"];
  const Bytes& tables = files["etc/acpi/tables"];
  const uint32_t base = address.at("etc/acpi/tables");
  CHECK(ByteSum(std::span<const uint8_t>(rsdp).subspan(0, 20)) == 0);
  const uint32_t rsdt = Get32(rsdp, 16) - base;
  const Bytes rsdt_bytes(tables.begin() + rsdt, tables.begin() + rsdt + Get32(tables, rsdt + 4));
  CHECK(ByteSum(rsdt_bytes) == 0);
  const uint32_t fadt = Get32(rsdt_bytes, 36) - base;
  const Bytes fadt_bytes(tables.begin() + fadt, tables.begin() + fadt + Get32(tables, fadt + 4));
  CHECK(ByteSum(fadt_bytes) == 0);
  const uint32_t dsdt = Get32(fadt_bytes, 40) - base;
  CHECK(std::string(tables.begin() + dsdt, tables.begin() + dsdt + 4) == "DSDT");
  CHECK(std::string(tables.begin() + (Get32(fadt_bytes, 36) - base), tables.begin() + (Get32(fadt_bytes, 36) - base) + 4) == "FACS");
  CHECK(files["etc/smbios/smbios-anchor"].size() == 31);
  CHECK(!files["etc/smbios/smbios-tables"].empty());
}

// iasl from ACPICA (Debian package acpica-tools) disassembles the DSDT; what it prints shows
// the AML parses as a whole and holds the objects operating systems look for.
TEST_CASE("The DSDT disassembles with iasl", "[acpi][iasl]") {
  if (std::system("command -v iasl >/dev/null 2>&1") != 0) {
    WARN("iasl not found (package acpica-tools, scripts/setup.sh): DSDT disassembly not checked");
    return;
  }
  const auto dir = std::filesystem::temp_directory_path() /
                   ("m86_dsdt_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const Bytes dsdt = BuildDsdt(ApicPlatform());
  {
    std::ofstream out(dir / "dsdt.dat", std::ios::binary);
    out.write(reinterpret_cast<const char*>(dsdt.data()), static_cast<std::streamsize>(dsdt.size()));
  }
  const std::string command = "cd '" + dir.string() + "' && iasl -d dsdt.dat > iasl.log 2>&1";
  const int status = std::system(command.c_str());
  std::ifstream log(dir / "iasl.log");
  std::stringstream log_text;
  log_text << log.rdbuf();
  INFO(log_text.str());
  REQUIRE(status == 0);
  std::ifstream dsl(dir / "dsdt.dsl");
  std::stringstream text;
  text << dsl.rdbuf();
  const std::string s = text.str();
  std::filesystem::remove_all(dir);
  INFO(s.substr(0, 4000));
  for (const char* want : {"Device (PCI0)", "EisaId (\"PNP0A03\")", "Name (_PRT, Package (0x7C)",
                           "Device (LNKA)", "Device (LNKD)", "EisaId (\"PNP0C0F\")",
                           "OperationRegion (P40C, PCI_Config, 0x60, 0x04)",
                           "_S5, Package (0x04)", "EisaId (\"PNP0303\")", "EisaId (\"PNP0F13\")",
                           "EisaId (\"PNP0501\")", "EisaId (\"PNP0700\")", "EisaId (\"PNP0B00\")",
                           "EisaId (\"PNP0100\")", "EisaId (\"PNP0000\")", "WordBusNumber (ResourceProducer",
                           "Processor (CPU0", "Method (_SRS, 1, Serialized)"}) {
    INFO(want);
    CHECK(s.find(want) != std::string::npos);
  }
  // Slot 1 INTA# is PIRQA# (LNKA), slot 2 INTA# PIRQB# (LNKB).
  const auto slot1 = s.find("0x0001FFFF");
  REQUIRE(slot1 != std::string::npos);
  CHECK(s.substr(slot1, 80).find("LNKA") != std::string::npos);
  const auto slot2 = s.find("0x0002FFFF");
  REQUIRE(slot2 != std::string::npos);
  CHECK(s.substr(slot2, 80).find("LNKB") != std::string::npos);
}

}  // namespace
}  // namespace m86::firmware
