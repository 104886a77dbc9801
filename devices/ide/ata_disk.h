// An ATA hard disk over a DiskImage (ATA/ATAPI-6, T13/1410D, section 8): IDENTIFY DEVICE,
// PIO and DMA reads and writes in CHS, LBA28 and LBA48 addressing, READ/WRITE MULTIPLE, and the
// housekeeping commands BIOSes and operating systems issue. A read-only image refuses writes.
#pragma once
#include <cstdint>
#include <memory>

#include "devices/floppy/disk_image.h"
#include "devices/ide/ata_device.h"

namespace m86 {

class AtaDisk final : public AtaDevice {
 public:
  // The default geometry reported in IDENTIFY words 1/3/6 (ATA-6 Annex: 16 heads, 63 sectors).
  static constexpr int kHeads = 16, kSectorsPerTrack = 63;
  static constexpr uint16_t kMaxMultiple = 16;

  AtaDisk(AtaChannel& channel, int unit, std::unique_ptr<DiskImage> image);
  bool is_atapi() const override { return false; }
  void Execute(uint8_t command) override;
  void WindowDone() override;
  void Reset() override;

  uint64_t sectors() const { return sectors_; }
  // The 512 bytes IDENTIFY DEVICE returns (ata_disk_identify.cpp).
  void BuildIdentify(std::span<uint8_t> out) const;

 protected:
  uint8_t signature_mid() const override { return 0x00; }
  uint8_t signature_high() const override { return 0x00; }
  uint8_t reset_status() const override;

 private:
  enum class Access : uint8_t { kRead, kWrite, kVerify };
  uint16_t DefaultCylinders() const;
  // Decodes the task file's address and count for a 28-bit or 48-bit command. False (and the
  // command failed) when the address is invalid or the range passes the end of the medium.
  bool TakeAddress(bool ext);
  bool LbaMode() const;
  void StartTransfer(Access access, bool ext, bool dma, uint16_t block_sectors);
  // Reads the next window's sectors into the buffer and opens it in `phase`.
  void FillReadWindow(AtaPhase phase);
  void OpenWriteWindow(AtaPhase phase, bool interrupt);
  void SetFeatures();
  void InitializeDeviceParameters();
  void SetMultipleMode();
  // Writes the address of the sector at `lba` to the task file (an error's location).
  void ReportAddress(uint64_t lba);

  std::unique_ptr<DiskImage> image_;
  uint64_t sectors_;
};

}  // namespace m86
