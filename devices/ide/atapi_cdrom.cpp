// The ATA side of an ATAPI CD-ROM: the commands of the PACKET feature set and the packet
// protocol's phases (ATA/ATAPI-6, T13/1410D, 8.21 PACKET, 9.10 PACKET PIO, 9.11 PACKET DMA).
#include "devices/ide/atapi_cdrom.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "devices/ide/ata_channel.h"
#include "devices/ide/ata_identify.h"

namespace m86 {
namespace {

// Interrupt Reason in the Sector Count register (ATA-6 9.10): C/D bit 0, I/O bit 1.
constexpr uint8_t kReasonCommand = 0x01, kReasonDataIn = 0x02, kReasonStatus = 0x03;
// Blocks per buffer refill.
constexpr uint32_t kRefillBlocks = kAtaBufferBytes / AtapiCdrom::kBlockSize;

}  // namespace

AtapiCdrom::AtapiCdrom(AtaChannel& channel, int unit, std::unique_ptr<DiskImage> image)
    : AtaDevice(channel, unit),
      image_(std::move(image)),
      blocks_(static_cast<uint32_t>(std::min<uint64_t>(image_->size() / kBlockSize, 0xFFFFFFFF))) {}

void AtapiCdrom::BuildIdentify(std::span<uint8_t> id) const {
  const AtaDeviceState& s = state();
  std::fill(id.begin(), id.end(), 0);
  const auto put = [&](int word, uint16_t value) { PutIdentifyWord(id, word, value); };
  // ATAPI, CD-ROM device type (05h), removable, DRQ within 50 us, 12-byte packets (8.16).
  put(0, 0x85C0);
  PutIdentifyString(id, 10, 10, "MORPH86-CD" + std::to_string(unit()));
  PutIdentifyString(id, 23, 4, kIdentifyFirmware);
  PutIdentifyString(id, 27, 20, "MORPH86 CD-ROM");
  put(49, 0x0300);  // LBA, DMA
  put(50, 0x4000);
  put(53, 0x0006);  // words 64-70 and 88 are valid
  const uint8_t mode = s.transfer_mode;
  put(63, 0x0007 | (mode >= 0x20 && mode <= 0x22 ? 0x100 << (mode - 0x20) : 0));
  put(64, 0x0003);
  for (int word = 65; word <= 68; ++word) put(word, 120);
  put(80, 0x0070);  // ATA/ATAPI-4 to -6
  put(82, 0x0010);  // PACKET feature set
  put(83, 0x4000);
  put(84, 0x4000);
  put(85, 0x0010);
  put(87, 0x4000);
  put(88, 0x003F | (mode >= 0x40 && mode <= 0x45 ? 0x100 << (mode - 0x40) : 0));
}

void AtapiCdrom::Execute(uint8_t command) {
  AtaDeviceState& s = state();
  switch (command) {
    case 0xA0: {  // PACKET
      s.packet_dma = s.tf.features & 0x01;
      s.byte_limit = static_cast<uint16_t>(s.tf.lba_high << 8 | s.tf.lba_mid);
      s.tf.sector_count = kReasonCommand;
      OpenWindow(12, AtaPhase::kPacketCdb, false);
      return;
    }
    case 0xA1:  // IDENTIFY PACKET DEVICE
      BuildIdentify(buffer().first(kSectorSize));
      OpenWindow(kSectorSize, AtaPhase::kPioIn, true);
      return;
    case 0xEC:
      // IDENTIFY DEVICE: aborted, with the signature in the task file so the host learns it
      // talks to a PACKET device (ATA-6 8.15).
      WriteSignature();
      Abort();
      return;
    case 0x08:  // DEVICE RESET: no interrupt follows (ATA-6 8.10)
      Reset();
      channel_.UpdateIrq();
      return;
    case 0xEF:  // SET FEATURES: transfer modes are recorded, the rest has nothing to change
      if (s.tf.features == 0x03) s.transfer_mode = s.tf.sector_count;
      Complete();
      return;
    case 0xE5:
      s.tf.sector_count = 0xFF;
      Complete();
      return;
    case 0xE0: case 0xE1: case 0xE2: case 0xE3: case 0xE6: case 0xE7:
      Complete();
      return;
    default: {
      char text[64];
      std::snprintf(text, sizeof text, "ATA command %02Xh to the ATAPI CD-ROM is not implemented; aborted", command);
      LogOnce(text);
      Abort();
      return;
    }
  }
}

void AtapiCdrom::WindowDone() {
  AtaDeviceState& s = state();
  const AtaChannelState& c = channel_.state();
  switch (s.phase) {
    case AtaPhase::kPacketCdb:
      std::copy_n(c.buffer.begin(), s.cdb.size(), s.cdb.begin());
      RunPacket();
      return;
    case AtaPhase::kPioIn:
      if (s.command == 0xA1) {  // IDENTIFY PACKET DEVICE: done after its one block
        s.phase = AtaPhase::kIdle;
        s.status = ata_status::kDrdy | ata_status::kDsc;
        channel_.CloseWindow();
        return;
      }
      [[fallthrough]];
    case AtaPhase::kDmaIn:
      s.bytes_left -= std::min(s.bytes_left, c.window_end - c.window_first);
      if (s.bytes_left == 0) {
        FinishPacket();
      } else {
        NextWindow();
      }
      return;
    default:
      return;
  }
}

void AtapiCdrom::SendData(std::span<const uint8_t> data, uint32_t allocation) {
  AtaDeviceState& s = state();
  const uint32_t n = std::min<uint32_t>(static_cast<uint32_t>(data.size()), allocation);
  if (n == 0) {
    FinishPacket();
    return;
  }
  std::copy_n(data.begin(), n, buffer().begin());
  s.buffered = n;
  s.bytes_left = n;
  s.units_left = 0;
  channel_.CloseWindow();
  NextWindow();
}

void AtapiCdrom::StartRead(uint32_t lba, uint32_t count) {
  AtaDeviceState& s = state();
  s.lba = lba;
  s.units_left = count;
  s.bytes_left = count * kBlockSize;
  s.buffered = 0;
  channel_.CloseWindow();
  NextWindow();
}

void AtapiCdrom::NextWindow() {
  AtaDeviceState& s = state();
  uint32_t first = channel_.state().window_end;
  if (first >= s.buffered) {
    // The buffer is used up: read the next blocks of the medium.
    const uint32_t n = std::min(s.units_left, kRefillBlocks);
    const uint32_t per_block = kBlockSize / kSectorSize;
    if (n == 0 || !image_->ReadSectors(s.lba * per_block, buffer().first(n * kBlockSize))) {
      LogOnce("reading the CD-ROM image failed");
      CheckCondition(scsi_sense::kMediumError, 0x11, 0x00);  // UNRECOVERED READ ERROR
      return;
    }
    s.lba += n;
    s.units_left -= n;
    s.buffered = n * kBlockSize;
    first = 0;
  }
  uint32_t bytes = s.buffered - first;
  if (s.packet_dma) {
    OpenWindow(bytes, AtaPhase::kDmaIn, false, first);
    return;
  }
  // PIO: at most the byte count limit per DRQ block, even unless it is the last (ATA-6 9.10).
  uint32_t limit = s.byte_limit & ~1u;
  if (limit == 0) limit = 0xFFFE;
  bytes = std::min(bytes, limit);
  s.tf.lba_mid = static_cast<uint8_t>(bytes);
  s.tf.lba_high = static_cast<uint8_t>(bytes >> 8);
  s.tf.sector_count = kReasonDataIn;
  OpenWindow(bytes, AtaPhase::kPioIn, true, first);
}

void AtapiCdrom::FinishPacket() {
  state().tf.sector_count = kReasonStatus;
  Complete();
}

// CHECK CONDITION: the sense key in Error bits 7-4 and ERR in Status (ATA-6 9.10); the sense
// data waits for REQUEST SENSE.
void AtapiCdrom::CheckCondition(uint8_t key, uint8_t asc, uint8_t ascq) {
  AtaDeviceState& s = state();
  s.sense_key = key;
  s.asc = asc;
  s.ascq = ascq;
  s.tf.sector_count = kReasonStatus;
  Fail(static_cast<uint8_t>(key << 4));
}

}  // namespace m86
