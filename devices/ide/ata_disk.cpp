// ATA disk commands (ATA/ATAPI-6, T13/1410D, section 8) and the PIO data-in, PIO data-out and
// DMA protocols that move their sectors (section 9.5-9.7).
#include "devices/ide/ata_disk.h"

#include <algorithm>
#include <cstdio>

#include "devices/ide/ata_channel.h"

namespace m86 {
namespace {

// Sectors moved per bus-master window: the whole buffer.
constexpr uint16_t kDmaWindowSectors = kAtaBufferBytes / kSectorSize;

std::string Hex(uint8_t v) {
  char text[8];
  std::snprintf(text, sizeof text, "%02Xh", v);
  return text;
}

}  // namespace

AtaDisk::AtaDisk(AtaChannel& channel, int unit, std::unique_ptr<DiskImage> image)
    : AtaDevice(channel, unit), image_(std::move(image)), sectors_(image_->size() / kSectorSize) {}

uint8_t AtaDisk::reset_status() const { return ata_status::kDrdy | ata_status::kDsc; }

uint16_t AtaDisk::DefaultCylinders() const {
  return static_cast<uint16_t>(std::min<uint64_t>(16383, sectors_ / (kHeads * kSectorsPerTrack)));
}

// Settings survive a software reset (ATA-6 9.2); after power-on or a hardware reset the state
// was cleared and the defaults return: the default translation and a multiple count of 16.
void AtaDisk::Reset() {
  AtaDevice::Reset();
  AtaDeviceState& s = state();
  if (s.cur_sectors == 0) {
    s.cur_cylinders = DefaultCylinders();
    s.cur_heads = kHeads;
    s.cur_sectors = kSectorsPerTrack;
    s.multiple = kMaxMultiple;
  }
}

void AtaDisk::Execute(uint8_t command) {
  AtaDeviceState& s = state();
  switch (command) {
    case 0xEC:  // IDENTIFY DEVICE
      BuildIdentify(buffer().first(kSectorSize));
      s.units_left = 1;
      OpenWindow(kSectorSize, AtaPhase::kPioIn, true);
      return;
    case 0x20: case 0x21: StartTransfer(Access::kRead, false, false, 1); return;
    case 0x24: StartTransfer(Access::kRead, true, false, 1); return;
    case 0x30: case 0x31: StartTransfer(Access::kWrite, false, false, 1); return;
    case 0x34: StartTransfer(Access::kWrite, true, false, 1); return;
    case 0xC4: case 0x29: case 0xC5: case 0x39:
      // READ/WRITE MULTIPLE (EXT) are refused until SET MULTIPLE MODE enabled them (ATA-6 8.29).
      if (s.multiple == 0) {
        Abort();
        return;
      }
      StartTransfer(command == 0xC4 || command == 0x29 ? Access::kRead : Access::kWrite,
                    command == 0x29 || command == 0x39, false, s.multiple);
      return;
    case 0xC8: case 0xC9: StartTransfer(Access::kRead, false, true, kDmaWindowSectors); return;
    case 0x25: StartTransfer(Access::kRead, true, true, kDmaWindowSectors); return;
    case 0xCA: case 0xCB: StartTransfer(Access::kWrite, false, true, kDmaWindowSectors); return;
    case 0x35: StartTransfer(Access::kWrite, true, true, kDmaWindowSectors); return;
    case 0x40: case 0x41: StartTransfer(Access::kVerify, false, false, 1); return;
    case 0x42: StartTransfer(Access::kVerify, true, false, 1); return;
    case 0xC6: SetMultipleMode(); return;
    case 0xEF: SetFeatures(); return;
    case 0x91: InitializeDeviceParameters(); return;
    case 0xE5:  // CHECK POWER MODE: FFh, active or idle (ATA-6 8.6)
      s.tf.sector_count = 0xFF;
      Complete();
      return;
    case 0xE0: case 0xE1: case 0xE2: case 0xE3: case 0xE6:  // STANDBY/IDLE (IMMEDIATE), SLEEP
    case 0xE7: case 0xEA:                                   // FLUSH CACHE (EXT)
      // An image has no spindle or cache to manage; each completes at once.
      Complete();
      return;
    case 0x08: case 0xA0: case 0xA1:
      // DEVICE RESET, PACKET and IDENTIFY PACKET DEVICE belong to the PACKET feature set,
      // which a disk aborts (ATA-6 8.10, 8.16, 8.23).
      Abort();
      return;
    default:
      if ((command & 0xF0) == 0x10 || (command & 0xF0) == 0x70) {
        Complete();  // RECALIBRATE and SEEK: no head to move (ATA-1 9.x, obsolete in ATA-6)
        return;
      }
      LogOnce("ATA command " + Hex(command) + " is not implemented; aborted");
      Abort();
      return;
  }
}

bool AtaDisk::LbaMode() const { return state().tf.device & ata_device::kLba; }

bool AtaDisk::TakeAddress(bool ext) {
  AtaDeviceState& s = state();
  const AtaTaskFile& tf = s.tf;
  uint64_t lba = 0;
  uint32_t count = 0;
  if (ext) {
    // 48-bit: the previous contents hold the high bytes (ATA-6 6.20).
    lba = uint64_t{tf.prev_lba_high} << 40 | uint64_t{tf.prev_lba_mid} << 32 |
          uint64_t{tf.prev_lba_low} << 24 | uint64_t{tf.lba_high} << 16 | uint64_t{tf.lba_mid} << 8 |
          tf.lba_low;
    count = uint32_t{tf.prev_sector_count} << 8 | tf.sector_count;
    if (count == 0) count = 65536;
  } else {
    count = tf.sector_count ? tf.sector_count : 256;
    if (LbaMode()) {
      lba = uint64_t{tf.device & 0x0Fu} << 24 | uint64_t{tf.lba_high} << 16 | uint64_t{tf.lba_mid} << 8 | tf.lba_low;
    } else {
      // CHS through the current translation (ATA-6 6.2.1): sectors count from 1.
      const uint32_t cylinder = uint32_t{tf.lba_high} << 8 | tf.lba_mid;
      const uint32_t head = tf.device & 0x0F, sector = tf.lba_low;
      if (sector == 0 || sector > s.cur_sectors || head >= s.cur_heads || cylinder >= s.cur_cylinders) {
        Fail(ata_error::kIdnf);
        return false;
      }
      lba = (uint64_t{cylinder} * s.cur_heads + head) * s.cur_sectors + sector - 1;
    }
  }
  if (lba >= sectors_ || count > sectors_ - lba) {
    ReportAddress(std::min(lba, sectors_));
    Fail(ata_error::kIdnf);
    return false;
  }
  s.lba = lba;
  s.units_left = count;
  return true;
}

void AtaDisk::ReportAddress(uint64_t lba) {
  AtaDeviceState& s = state();
  AtaTaskFile& tf = s.tf;
  if (!LbaMode() && s.cur_sectors && s.cur_heads) {
    const uint64_t cylinder = lba / (uint64_t{s.cur_heads} * s.cur_sectors);
    const uint64_t rest = lba % (uint64_t{s.cur_heads} * s.cur_sectors);
    tf.lba_mid = static_cast<uint8_t>(cylinder);
    tf.lba_high = static_cast<uint8_t>(cylinder >> 8);
    tf.device = static_cast<uint8_t>((tf.device & 0xF0) | (rest / s.cur_sectors));
    tf.lba_low = static_cast<uint8_t>(rest % s.cur_sectors + 1);
    return;
  }
  tf.lba_low = static_cast<uint8_t>(lba);
  tf.lba_mid = static_cast<uint8_t>(lba >> 8);
  tf.lba_high = static_cast<uint8_t>(lba >> 16);
  tf.prev_lba_low = static_cast<uint8_t>(lba >> 24);
  tf.prev_lba_mid = static_cast<uint8_t>(lba >> 32);
  tf.prev_lba_high = static_cast<uint8_t>(lba >> 40);
  tf.device = static_cast<uint8_t>((tf.device & 0xF0) | ((lba >> 24) & 0x0F));
}

void AtaDisk::StartTransfer(Access access, bool ext, bool dma, uint16_t block_sectors) {
  if (!TakeAddress(ext)) return;
  AtaDeviceState& s = state();
  if (access == Access::kVerify) {
    Complete();  // the image has no unreadable sectors to find
    return;
  }
  if (access == Access::kWrite && image_->read_only()) {
    // Never modify an image the user did not open for writing.
    LogOnce("write to the read-only disk image of ATA unit " + std::to_string(unit()) +
            " refused (the command is aborted)");
    Abort();
    return;
  }
  s.block_sectors = block_sectors;
  if (access == Access::kRead) {
    FillReadWindow(dma ? AtaPhase::kDmaIn : AtaPhase::kPioIn);
  } else {
    // PIO data-out: DRQ without an interrupt for the first block (ATA-6 9.6).
    OpenWriteWindow(dma ? AtaPhase::kDmaOut : AtaPhase::kPioOut, false);
  }
}

void AtaDisk::FillReadWindow(AtaPhase phase) {
  AtaDeviceState& s = state();
  const uint32_t n = std::min<uint32_t>(s.units_left, s.block_sectors);
  if (!image_->ReadSectors(s.lba, buffer().first(n * kSectorSize))) {
    ReportAddress(s.lba);
    Fail(ata_error::kUnc);
    return;
  }
  // PIO data-in interrupts for every block; DMA only at the end (ATA-6 9.5, 9.7).
  OpenWindow(n * kSectorSize, phase, phase == AtaPhase::kPioIn);
}

void AtaDisk::OpenWriteWindow(AtaPhase phase, bool interrupt) {
  AtaDeviceState& s = state();
  const uint32_t n = std::min<uint32_t>(s.units_left, s.block_sectors);
  OpenWindow(n * kSectorSize, phase, interrupt && phase == AtaPhase::kPioOut);
}

void AtaDisk::WindowDone() {
  AtaDeviceState& s = state();
  const uint32_t n = channel_.state().window_end / kSectorSize;
  switch (s.phase) {
    case AtaPhase::kPioIn:
    case AtaPhase::kDmaIn:
      s.lba += n;
      s.units_left -= std::min(s.units_left, n);
      if (s.units_left > 0) {
        FillReadWindow(s.phase);
      } else if (s.phase == AtaPhase::kDmaIn) {
        Complete();
      } else {
        // The last PIO data-in block was read: no further interrupt (ATA-6 9.5).
        s.phase = AtaPhase::kIdle;
        s.status = ata_status::kDrdy | ata_status::kDsc;
        channel_.CloseWindow();
      }
      return;
    case AtaPhase::kPioOut:
    case AtaPhase::kDmaOut:
      if (!image_->WriteSectors(s.lba, buffer().first(n * kSectorSize))) {
        LogOnce("a write to the disk image of ATA unit " + std::to_string(unit()) + " failed");
        ReportAddress(s.lba);
        Fail(ata_error::kAbrt);
        return;
      }
      s.lba += n;
      s.units_left -= std::min(s.units_left, n);
      if (s.units_left > 0) {
        OpenWriteWindow(s.phase, true);
      } else {
        Complete();
      }
      return;
    default:
      return;
  }
}

// SET MULTIPLE MODE (ATA-6 8.39): a power of two up to the maximum in IDENTIFY word 47; zero
// disables READ/WRITE MULTIPLE.
void AtaDisk::SetMultipleMode() {
  AtaDeviceState& s = state();
  const uint8_t count = s.tf.sector_count;
  if (count > kMaxMultiple || (count & (count - 1)) != 0) {
    Abort();
    return;
  }
  s.multiple = count;
  Complete();
}

// SET FEATURES (ATA-6 8.37).
void AtaDisk::SetFeatures() {
  AtaDeviceState& s = state();
  const uint8_t mode = s.tf.sector_count;
  switch (s.tf.features) {
    case 0x03:  // set transfer mode (ATA-6 8.37.10): PIO default, PIO 0-4, MWDMA 0-2, UDMA 0-5
      if (mode <= 0x01 || (mode >= 0x08 && mode <= 0x0C)) {
        Complete();
      } else if ((mode >= 0x20 && mode <= 0x22) || (mode >= 0x40 && mode <= 0x45)) {
        s.transfer_mode = mode;
        Complete();
      } else {
        Abort();
      }
      return;
    case 0x02: s.write_cache = true; Complete(); return;
    case 0x82: s.write_cache = false; Complete(); return;
    case 0x55: case 0xAA:  // read look-ahead off/on
    case 0x66: case 0xCC:  // reverting to power-on defaults off/on
      Complete();
      return;
    default:
      LogOnce("SET FEATURES subcommand " + Hex(s.tf.features) + " is not implemented; aborted");
      Abort();
      return;
  }
}

// INITIALIZE DEVICE PARAMETERS (ATA-6 8.16 in ATA-5 numbering; obsolete in ATA-6 but what
// BIOSes and DOS drivers issue): the heads and sectors per track of the CHS translation.
void AtaDisk::InitializeDeviceParameters() {
  AtaDeviceState& s = state();
  const uint8_t sectors = s.tf.sector_count;
  const uint8_t heads = static_cast<uint8_t>((s.tf.device & 0x0F) + 1);
  if (sectors == 0) {
    Abort();
    return;
  }
  s.cur_heads = heads;
  s.cur_sectors = sectors;
  s.cur_cylinders = static_cast<uint16_t>(std::min<uint64_t>(65535, sectors_ / (uint64_t{heads} * sectors)));
  Complete();
}

}  // namespace m86
