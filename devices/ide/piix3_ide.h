// The PIIX3 IDE controller (Intel 82371SB datasheet, 2.3 "PCI Configuration Registers - IDE
// Interface (Function 1)") at PCI 01.1, 8086:7010, class 01 01 80: two channels in legacy
// mode at 0x1F0-0x1F7/0x3F6 (IRQ 14) and 0x170-0x177/0x376 (IRQ 15), decoded while the
// command register's I/O enable and the channel's IDETIM bit 15 (IDE decode enable, config
// 40h/42h) are set; the bus-master registers in the 16-byte I/O block of BMIBA (config 20h,
// BAR4), relocatable. Units 0-3 are primary master, primary slave, secondary master and
// secondary slave.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "cpu/phys_memory.h"
#include "devices/floppy/disk_image.h"
#include "devices/ide/ata_channel.h"
#include "devices/ide/bus_master.h"
#include "devices/io/io_bus.h"
#include "devices/irq/irq_line.h"
#include "devices/pci/pci_function.h"
#include "devices/time/scheduler.h"

namespace m86 {

struct Piix3IdeState {
  std::array<bool, 2> legacy_decoded{};  // the channel's legacy ports are mapped
  uint16_t bm_base = 0;                  // the bus-master block's port while decoded, else 0
};

class Piix3Ide final : public PciFunction, public IoDevice {
 public:
  static constexpr int kUnits = 4;
  // Configuration registers (82371SB 2.3).
  static constexpr uint8_t kIdetim = 0x40, kSidetim = 0x44;
  static constexpr uint16_t kDecodeEnable = 0x8000;

  Piix3Ide(IoBus& bus, PhysicalMemory& memory, Scheduler& scheduler, IrqSink& irq);
  ~Piix3Ide() override;

  // Connects an ATA disk or an ATAPI CD-ROM as unit 0-3; false with `*error` otherwise.
  bool AttachDisk(int unit, std::unique_ptr<DiskImage> image, std::string* error);
  bool AttachCdrom(int unit, std::unique_ptr<DiskImage> image, std::string* error);
  // What the firmware's POST leaves: both channels decoded, I/O and bus mastering enabled,
  // the bus-master block at `bm_base` (as SeaBIOS's PCI setup does for this function).
  void ConfigureAsFirmware(uint16_t bm_base);

  AtaChannel& channel(int i) { return *channels_[i]; }
  const AtaChannel& channel(int i) const { return *channels_[i]; }
  const BusMasterChannel& bus_master_channel(int i) const { return *bus_masters_[i]; }
  const Piix3IdeState& ide_state() const { return state_; }

  uint32_t IoRead(uint16_t port, int size) override;
  void IoWrite(uint16_t port, int size, uint32_t value) override;

  std::function<void(const std::string&)> log;  // stderr when empty

 private:
  void OnConfigWrite(uint8_t offset, int size) override;
  void Remap();
  bool CheckUnit(int unit, std::string* error) const;

  IoBus& bus_;
  Piix3IdeState state_;
  std::array<std::unique_ptr<AtaChannel>, 2> channels_;
  std::array<std::unique_ptr<BusMasterChannel>, 2> bus_masters_;
};

}  // namespace m86
