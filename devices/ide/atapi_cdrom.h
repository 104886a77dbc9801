// An ATAPI CD-ROM drive over an ISO image of 2048-byte blocks: the PACKET protocol (ATA/ATAPI-6,
// T13/1410D, 8.21 and 9.10-9.11), IDENTIFY PACKET DEVICE, and the MMC commands that Linux's
// sr/cdrom drivers, isolinux and BIOSes send (atapi_commands.cpp). The medium is always present
// and read-only; anything unimplemented is a CHECK CONDITION with ILLEGAL REQUEST and a log.
#pragma once
#include <cstdint>
#include <memory>
#include <span>

#include "devices/floppy/disk_image.h"
#include "devices/ide/ata_device.h"

namespace m86 {

// SCSI sense keys (SPC-3 4.5.6).
namespace scsi_sense {
constexpr uint8_t kNoSense = 0x00, kNotReady = 0x02, kMediumError = 0x03, kIllegalRequest = 0x05,
                  kUnitAttention = 0x06;
}  // namespace scsi_sense

class AtapiCdrom final : public AtaDevice {
 public:
  static constexpr uint32_t kBlockSize = 2048;

  AtapiCdrom(AtaChannel& channel, int unit, std::unique_ptr<DiskImage> image);
  bool is_atapi() const override { return true; }
  void Execute(uint8_t command) override;
  void WindowDone() override;

  uint32_t blocks() const { return blocks_; }
  // The 512 bytes IDENTIFY PACKET DEVICE returns.
  void BuildIdentify(std::span<uint8_t> out) const;

 protected:
  uint8_t signature_mid() const override { return 0x14; }
  uint8_t signature_high() const override { return 0xEB; }
  uint8_t reset_status() const override { return 0x00; }

 private:
  // The command packet arrived: run it (atapi_commands.cpp).
  void RunPacket();
  // Sends `data` (at most `allocation` bytes of it) to the host, then completes.
  void SendData(std::span<const uint8_t> data, uint32_t allocation);
  // Starts a read of `count` blocks from `lba`, range already checked.
  void StartRead(uint32_t lba, uint32_t count);
  // Opens the next data window: the rest of the buffer (PIO: at most the byte count limit),
  // reading further blocks from the medium when the buffer is used up.
  void NextWindow();
  // Ends the packet command: status, Interrupt Reason I/O and C/D (ATA-6 9.10), INTRQ.
  void FinishPacket();
  void CheckCondition(uint8_t key, uint8_t asc, uint8_t ascq);

  // MMC command bodies (atapi_commands.cpp).
  void RequestSense(std::span<const uint8_t> cdb);
  void Inquiry(std::span<const uint8_t> cdb);
  void ReadCapacity();
  void Read(uint32_t lba, uint32_t count);
  void ReadToc(std::span<const uint8_t> cdb);
  void ModeSense(std::span<const uint8_t> cdb);
  void GetConfiguration(std::span<const uint8_t> cdb);
  void GetEventStatus(std::span<const uint8_t> cdb);
  void StartStopUnit(std::span<const uint8_t> cdb);
  void ReadDiscInformation(std::span<const uint8_t> cdb);
  void MechanismStatus(std::span<const uint8_t> cdb);

  std::unique_ptr<DiskImage> image_;
  uint32_t blocks_;
};

}  // namespace m86
