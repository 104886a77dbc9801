#include "bios/acpi/install_tables.h"

#include <algorithm>

#include "bios/acpi/acpi_tables.h"
#include "bios/acpi/pc_tables.h"
#include "bios/bios.h"
#include "bios/pci_config.h"

namespace m86 {
namespace {

using firmware::Bytes;

constexpr uint32_t kAreaSize = 64 * 1024;
constexpr uint32_t kReservedOffset = 40 * 1024;
constexpr uint32_t kNvsOffset = 60 * 1024;
// Offsets of the anchors in the ROM's free kilobyte (16-byte aligned, as the ACPI, MP, SMBIOS
// and $PIR specifications require for their scans).
constexpr uint32_t kRsdpOffset = 0x00, kMpFloatingOffset = 0x20, kSmbiosEntryOffset = 0x30,
                   kPirOffset = 0x50;
static_assert(kPirOffset + 32 + 31 * 16 <= rom::kTableAnchorsSize, "the $PIR table must fit the ROM's free area");

// PIIX4 function 3 (82371AB 3.3, 3.4): PMBA, PMREGMISC, and PM1a control's SCI_EN.
constexpr uint8_t kPmDevfn = 0x0B;
constexpr uint8_t kPmba = 0x40, kPmRegMisc = 0x80;
constexpr uint32_t kPiix4PmId = 0x71138086;

// Places tables one after another, each aligned to 16 bytes (64 for the FACS).
class Placer {
 public:
  Placer(PhysicalMemory& memory, uint32_t start, uint32_t limit) : memory_(memory), next_(start), limit_(limit) {}
  // Returns the table's address, or 0 when it does not fit.
  uint32_t Place(const Bytes& table, uint32_t align = 16) {
    const uint32_t at = (next_ + align - 1) & ~(align - 1);
    if (at + table.size() > limit_) return 0;
    memory_.WriteBytes(at, table);
    next_ = at + static_cast<uint32_t>(table.size());
    return at;
  }

 private:
  PhysicalMemory& memory_;
  uint32_t next_, limit_;
};

void ProgramPowerManagement(PortIo& io) {
  if (PciConfigRead(io, 0, kPmDevfn, 0x00, 4) != kPiix4PmId) return;
  PciConfigWrite(io, 0, kPmDevfn, kPmba, 4, firmware::kPmBase | 1);
  PciConfigWrite(io, 0, kPmDevfn, kPmRegMisc, 1, 0x01);  // PMIOSE: decode the block
  // The SCI is hardwired to IRQ 9, whatever the function's INTA# would be routed to.
  PciConfigWrite(io, 0, kPmDevfn, 0x3C, 1, firmware::kSciIrq);
  // ACPI mode from the start (the FADT has no SMI_CMD): SCI_EN in PM1a control.
  io.Out(firmware::kPmBase + 4, 2, io.In(firmware::kPmBase + 4, 2) | 0x0001);
}

// PIRQA#-D# to their IRQs, those IRQs and the SCI level-triggered in the ELCR (82371SB 2.2.11,
// 2.8.3: PCI interrupts are shared, level-sensitive), and each PCI function's Interrupt Line
// (3Ch) from its pin's PIRQ, as the PCI BIOS leaves it for drivers that read it. Returns the
// functions that use an INTx pin.
std::vector<firmware::PciInterrupt> RoutePciInterrupts(PortIo& io) {
  for (int pirq = 0; pirq < 4; ++pirq) {
    PciConfigWrite(io, 0, firmware::kIsaBridgeDevfn, static_cast<uint16_t>(firmware::kPirqRouteRegister + pirq), 1,
                   firmware::kPirqIrqs[static_cast<size_t>(pirq)]);
  }
  uint16_t level = 1u << firmware::kSciIrq;
  for (uint8_t irq : firmware::kPirqIrqs) level = static_cast<uint16_t>(level | (1u << irq));
  io.Out(0x4D0, 1, io.In(0x4D0, 1) | (level & 0xFF));
  io.Out(0x4D1, 1, io.In(0x4D1, 1) | (level >> 8));

  std::vector<firmware::PciInterrupt> used;
  ForEachPciFunction(io, [&](uint8_t devfn, uint32_t id) {
    const uint32_t pin = PciConfigRead(io, 0, devfn, 0x3D, 1);
    if (pin < 1 || pin > 4 || id == kPiix4PmId) return false;
    const int slot = devfn >> 3;
    const firmware::PciInterrupt p{static_cast<uint8_t>(slot), static_cast<uint8_t>(pin - 1)};
    PciConfigWrite(io, 0, devfn, 0x3C, 1, firmware::kPirqIrqs[static_cast<size_t>(firmware::SlotPirq(slot, p.pin))]);
    if (std::none_of(used.begin(), used.end(), [&](const auto& u) { return u.slot == p.slot && u.pin == p.pin; })) {
      used.push_back(p);
    }
    return false;
  });
  return used;
}

// The I/O APIC's ID register (82093AA 3.2.1: IOAPICID bits 27:24) through its index and
// window registers.
void SetIoApicId(PhysicalMemory& memory) {
  memory.Write(firmware::kIoApicBase + 0x00, 4, 0x00);
  memory.Write(firmware::kIoApicBase + 0x10, 4, uint32_t{firmware::kIoApicId} << 24);
}

}  // namespace

std::optional<FirmwareTableArea> FirmwareTables(const CpuModel& model, uint32_t ram_bytes) {
  if (model.gen < kGen386 || ram_bytes < (2u << 20)) return std::nullopt;
  const uint32_t base = (ram_bytes & ~(kPageSize - 1)) - kAreaSize;
  return FirmwareTableArea{base, base + kReservedOffset, base + kNvsOffset, base + kAreaSize};
}

firmware::Platform DescribePlatform(const Cpu& cpu, uint32_t ram_bytes) {
  firmware::Platform platform;
  platform.ram_bytes = ram_bytes;
  platform.apic = cpu.local_apic();
  platform.cpu_generation = cpu.model().gen;
  platform.cpuid_signature = cpu.model().cpuid_signature;
  platform.cpuid_features = cpu.model().cpuid_features;
  platform.cpu_name = cpu.model().name;
  return platform;
}

void InstallFirmwareTables(Bios& bios) {
  PortIo& io = bios.io();
  const std::vector<firmware::PciInterrupt> pci = RoutePciInterrupts(io);
  const auto area = FirmwareTables(bios.cpu().model(), bios.config().ram_bytes);
  if (!area) return;
  ProgramPowerManagement(io);

  firmware::Platform platform = DescribePlatform(bios.cpu(), bios.config().ram_bytes);
  platform.pci_interrupts = pci;
  if (platform.apic) SetIoApicId(bios.memory());

  PhysicalMemory& memory = bios.memory();
  // Zero the area first, so a warm start leaves no stale bytes between the tables.
  memory.WriteBytes(area->base, Bytes(kAreaSize, 0));
  Placer acpi(memory, area->base, area->reserved_base);
  Placer reserved(memory, area->reserved_base, area->nvs_base);
  Placer nvs(memory, area->nvs_base, area->end);

  const uint32_t facs = nvs.Place(firmware::BuildFacs(), 64);
  const uint32_t dsdt = acpi.Place(firmware::BuildDsdt(platform));
  std::vector<uint32_t> rsdt_entries{acpi.Place(firmware::BuildFadt(platform, facs, dsdt))};
  if (platform.apic) rsdt_entries.push_back(acpi.Place(firmware::BuildMadt(platform)));
  const uint32_t rsdt = acpi.Place(firmware::BuildRsdt(rsdt_entries));

  const uint32_t anchors = (uint32_t{rom::kSegment} << 4) + rom::kTableAnchors;
  memory.WriteRom(anchors + kRsdpOffset, firmware::BuildRsdp(rsdt));
  if (platform.apic) {
    const uint32_t mp = reserved.Place(firmware::BuildMpConfigTable(platform));
    memory.WriteRom(anchors + kMpFloatingOffset, firmware::BuildMpFloatingPointer(mp));
  }
  const firmware::SmbiosTable smbios = firmware::BuildSmbiosStructures(platform);
  const uint32_t structures = reserved.Place(smbios.structures);
  memory.WriteRom(anchors + kSmbiosEntryOffset, firmware::BuildSmbiosEntryPoint(smbios, structures));
  memory.WriteRom(anchors + kPirOffset, firmware::BuildPirTable());
}

}  // namespace m86
