#include "devices/ide/piix3_ide.h"

#include <cstdio>

#include "devices/ide/ata_disk.h"
#include "devices/ide/atapi_cdrom.h"

namespace m86 {
namespace {

// Legacy-mode resources (82371SB 2.3.3 and 2.3.5).
constexpr uint16_t kCommandBase[2] = {0x1F0, 0x170};
constexpr uint16_t kControlPort[2] = {0x3F6, 0x376};
constexpr int kIrq[2] = {14, 15};
constexpr int kBar4 = 4;

}  // namespace

Piix3Ide::Piix3Ide(IoBus& bus, PhysicalMemory& memory, Scheduler& scheduler, IrqSink& irq)
    : PciFunction({.vendor = 0x8086, .device = 0x7010, .revision = 0x00, .class_code = 0x010180}),
      bus_(bus) {
  // PCICMD: I/O space and bus master enables are the bits that exist (82371SB 2.3.3);
  // PCISTS reads 0280h (fast back-to-back, medium DEVSEL timing).
  Define(pci_reg::kCommand, 2, 0x0000, pci_command::kIoSpace | pci_command::kBusMaster);
  Define(pci_reg::kStatus, 2, 0x0280, 0x0000);
  Define(pci_reg::kLatencyTimer, 1, 0x00, 0xF0);
  // BMIBA: a 16-byte I/O BAR (82371SB 2.3.9). The datasheet has bits 31-16 reserved, reading
  // zero, which PCI 3.0 (6.2.5.1) allows a 16-bit decoder; SeaBIOS's sizing does not mask them
  // and would take the BAR for 4 GiB of I/O, so they are writable as on QEMU's PIIX3, and an
  // address above 0xFFFF (which no IN or OUT reaches) is not decoded.
  Define(pci_reg::kBar0 + 4 * kBar4, 4, 0x00000001, 0xFFFFFFF0);
  Define(kIdetim, 2, 0x0000, 0xF3FF);
  Define(kIdetim + 2, 2, 0x0000, 0xF3FF);
  Define(kSidetim, 1, 0x00, 0xFF);
  for (int i = 0; i < 2; ++i) {
    channels_[i] = std::make_unique<AtaChannel>(irq, kIrq[i]);
    bus_masters_[i] = std::make_unique<BusMasterChannel>(*channels_[i], memory, scheduler);
    BusMasterChannel* bm = bus_masters_[i].get();
    channels_[i]->on_interrupt = [bm] { bm->OnInterrupt(); };
    channels_[i]->on_dma_request = [bm] { bm->OnDmaRequest(); };
    channels_[i]->log = [this, i](const std::string& what) {
      const std::string line = (i == 0 ? "primary channel: " : "secondary channel: ") + what;
      if (log) {
        log(line);
      } else {
        std::fprintf(stderr, "ide: %s\n", line.c_str());
      }
    };
    bus_masters_[i]->bus_master_enabled = [this] { return bus_master(); };
  }
}

Piix3Ide::~Piix3Ide() = default;

bool Piix3Ide::CheckUnit(int unit, std::string* error) const {
  if (unit >= 0 && unit < kUnits) return true;
  if (error) *error = "IDE unit " + std::to_string(unit) + " does not exist (0-3)";
  return false;
}

bool Piix3Ide::AttachDisk(int unit, std::unique_ptr<DiskImage> image, std::string* error) {
  if (!CheckUnit(unit, error)) return false;
  AtaChannel& c = *channels_[unit / 2];
  c.SetDevice(unit % 2, std::make_unique<AtaDisk>(c, unit % 2, std::move(image)));
  return true;
}

bool Piix3Ide::AttachCdrom(int unit, std::unique_ptr<DiskImage> image, std::string* error) {
  if (!CheckUnit(unit, error)) return false;
  if (image->size() % AtapiCdrom::kBlockSize != 0) {
    if (error) *error = "a CD-ROM image must be a whole number of 2048-byte blocks";
    return false;
  }
  AtaChannel& c = *channels_[unit / 2];
  c.SetDevice(unit % 2, std::make_unique<AtapiCdrom>(c, unit % 2, std::move(image)));
  return true;
}

void Piix3Ide::ConfigureAsFirmware(uint16_t bm_base) {
  ConfigWrite(pci_reg::kBar0 + 4 * kBar4, 4, bm_base);
  ConfigWrite(kIdetim, 2, kDecodeEnable);
  ConfigWrite(kIdetim + 2, 2, kDecodeEnable);
  ConfigWrite(pci_reg::kCommand, 2, pci_command::kIoSpace | pci_command::kBusMaster);
}

void Piix3Ide::OnConfigWrite(uint8_t offset, int size) {
  (void)offset;
  (void)size;
  Remap();
}

// Decoding follows the command register's I/O enable, each channel's IDETIM decode enable and
// BMIBA (82371SB 2.3.3, 2.3.9, 2.3.11); a relocated or disabled block releases its ports.
void Piix3Ide::Remap() {
  const bool io = io_enabled();
  for (int i = 0; i < 2; ++i) {
    const bool decode = io && (Read(kIdetim + 2 * i, 2) & kDecodeEnable);
    if (decode == state_.legacy_decoded[i]) continue;
    state_.legacy_decoded[i] = decode;
    if (decode) {
      bus_.Map(this, kCommandBase[i], kCommandBase[i] + 7);
      bus_.Map(this, kControlPort[i], kControlPort[i]);
    } else {
      bus_.Unmap(this, kCommandBase[i], kCommandBase[i] + 7);
      bus_.Unmap(this, kControlPort[i], kControlPort[i]);
    }
  }
  const uint32_t bar = BarAddress(kBar4);
  const uint16_t base = io && bar <= 0xFFF0 ? static_cast<uint16_t>(bar) : 0;
  if (base == state_.bm_base) return;
  if (state_.bm_base) bus_.Unmap(this, state_.bm_base, state_.bm_base + 15);
  state_.bm_base = base;
  if (base) bus_.Map(this, base, base + 15);
}

uint32_t Piix3Ide::IoRead(uint16_t port, int size) {
  for (int i = 0; i < 2; ++i) {
    if (!state_.legacy_decoded[i]) continue;
    if (port >= kCommandBase[i] && port <= kCommandBase[i] + 7) {
      return channels_[i]->ReadRegister(port - kCommandBase[i], size);
    }
    if (port == kControlPort[i]) return channels_[i]->ReadAltStatus();
  }
  if (state_.bm_base && port >= state_.bm_base && port < state_.bm_base + 16) {
    const int offset = port - state_.bm_base;
    return bus_masters_[offset / 8]->Read(offset % 8, size);
  }
  return 0xFFFFFFFFu >> (32 - 8 * size);
}

void Piix3Ide::IoWrite(uint16_t port, int size, uint32_t value) {
  for (int i = 0; i < 2; ++i) {
    if (!state_.legacy_decoded[i]) continue;
    if (port >= kCommandBase[i] && port <= kCommandBase[i] + 7) {
      channels_[i]->WriteRegister(port - kCommandBase[i], size, value);
      return;
    }
    if (port == kControlPort[i]) {
      channels_[i]->WriteControl(static_cast<uint8_t>(value));
      return;
    }
  }
  if (state_.bm_base && port >= state_.bm_base && port < state_.bm_base + 16) {
    const int offset = port - state_.bm_base;
    bus_masters_[offset / 8]->Write(offset % 8, size, value);
  }
}

}  // namespace m86
