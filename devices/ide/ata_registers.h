// ATA register-level constants (ATA/ATAPI-6, T13/1410D, section 7: "Register descriptions") and
// the per-device state every unit on an ATA channel keeps: its latched task file, Status and
// Error, its interrupt pending flag and the progress of the command it executes.
#pragma once
#include <array>
#include <cstdint>

namespace m86 {

// Command block offsets from the channel's base (0x1F0 or 0x170).
namespace ata_reg {
constexpr int kData = 0, kError = 1, kFeatures = 1, kSectorCount = 2, kLbaLow = 3, kLbaMid = 4,
              kLbaHigh = 5, kDevice = 6, kStatus = 7, kCommand = 7;
}  // namespace ata_reg

// Status register bits (ATA-6 7.15.6).
namespace ata_status {
constexpr uint8_t kErr = 0x01, kDrq = 0x08, kDsc = 0x10, kDf = 0x20, kDrdy = 0x40, kBsy = 0x80;
}  // namespace ata_status

// Error register bits (ATA-6 7.9): ABRT for refused commands, IDNF for addresses beyond the
// medium, UNC for data that could not be read.
namespace ata_error {
constexpr uint8_t kAmnf = 0x01, kAbrt = 0x04, kIdnf = 0x10, kUnc = 0x40;
}  // namespace ata_error

// Device Control register bits (ATA-6 7.8): nIEN masks INTRQ, SRST resets both devices, HOB
// selects the previous contents of the 48-bit task file for reads.
namespace ata_control {
constexpr uint8_t kNien = 0x02, kSrst = 0x04, kHob = 0x80;
}  // namespace ata_control

// Device register bits (ATA-6 7.10).
namespace ata_device {
constexpr uint8_t kDev = 0x10, kLba = 0x40;
}  // namespace ata_device

// The task file as a device latched it. Writes to the command block reach both devices of a
// channel (ATA-6 5.2.1); the 48-bit registers are two-deep FIFOs, "previous" holding the byte
// written before the last one (ATA-6 6.20).
struct AtaTaskFile {
  uint8_t features = 0, sector_count = 0, lba_low = 0, lba_mid = 0, lba_high = 0;
  uint8_t prev_features = 0, prev_sector_count = 0, prev_lba_low = 0, prev_lba_mid = 0,
          prev_lba_high = 0;
  uint8_t device = 0;
};

// What a device's current command is doing.
enum class AtaPhase : uint8_t {
  kIdle,       // no command, or a command that completed
  kPioIn,      // device-to-host data through the data port (DRQ set)
  kPioOut,     // host-to-device data through the data port
  kDmaIn,      // device-to-host data through the bus master
  kDmaOut,     // host-to-device data through the bus master
  kPacketCdb,  // an ATAPI device waits for the 12 command packet bytes
};

// Per-device state (one struct for ATA disks and ATAPI devices, for save states).
struct AtaDeviceState {
  AtaTaskFile tf;
  uint8_t status = 0;
  uint8_t error = 0;
  bool irq_pending = false;  // INTRQ wanted by this device (driven while selected and nIEN = 0)
  AtaPhase phase = AtaPhase::kIdle;
  uint8_t command = 0;        // the command in progress
  uint64_t lba = 0;           // ATA: next sector; ATAPI: next 2048-byte block
  uint32_t units_left = 0;    // ATA: sectors; ATAPI: blocks still to read from the medium
  uint32_t bytes_left = 0;    // ATAPI: bytes still to move to the host in this command
  uint32_t buffered = 0;      // ATAPI: bytes of data in the channel buffer
  uint16_t block_sectors = 1; // ATA PIO: sectors per DRQ data block
  // ATA disk settings.
  uint8_t multiple = 0;  // SET MULTIPLE MODE count; 0: READ/WRITE MULTIPLE are refused
  uint16_t cur_cylinders = 0;
  uint8_t cur_heads = 0, cur_sectors = 0;
  bool write_cache = true;
  uint8_t transfer_mode = 0x45;  // SET FEATURES 03h value: 08h+n PIO n, 20h+n MWDMA, 40h+n UDMA
  // ATAPI state (MMC-4 and SPC-3 sense data).
  uint8_t sense_key = 0, asc = 0, ascq = 0;
  bool unit_attention = true;  // power-on reset reported once (06/29/00)
  bool media_event = true;     // GET EVENT STATUS NOTIFICATION reports new media once
  bool locked = false;         // PREVENT ALLOW MEDIUM REMOVAL
  bool packet_dma = false;     // the PACKET command's Features bit 0
  uint16_t byte_limit = 0;     // PIO byte count limit from LBA Mid/High at PACKET
  std::array<uint8_t, 12> cdb{};
};

}  // namespace m86
