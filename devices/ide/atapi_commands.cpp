// MMC/SPC commands of the ATAPI CD-ROM (SCSI Primary Commands-3, T10/1416-D, and SCSI
// Multimedia Commands-4, T10/1545-D): what Linux's sr and cdrom drivers, isolinux and boot
// firmware send. Multi-byte fields are big-endian. Responses are truncated to the allocation
// length the command gives.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "devices/ide/atapi_cdrom.h"

namespace m86 {
namespace {

uint32_t Be16(std::span<const uint8_t> p, int at) { return uint32_t{p[at]} << 8 | p[at + 1]; }
uint32_t Be32(std::span<const uint8_t> p, int at) {
  return uint32_t{p[at]} << 24 | uint32_t{p[at + 1]} << 16 | uint32_t{p[at + 2]} << 8 | p[at + 3];
}
void PutBe16(std::vector<uint8_t>& v, size_t at, uint32_t x) {
  v[at] = static_cast<uint8_t>(x >> 8);
  v[at + 1] = static_cast<uint8_t>(x);
}
void PutBe32(std::vector<uint8_t>& v, size_t at, uint32_t x) {
  PutBe16(v, at, x >> 16);
  PutBe16(v, at + 2, x);
}
// A block address as MSF (MMC-4 4.2.3.3): the 150-frame (2 s) lead-in offset, 75 frames a
// second; stored as 00h, M, S, F.
uint32_t Msf(uint32_t lba) {
  const uint32_t f = lba + 150;
  return (f / (75 * 60)) << 16 | (f / 75 % 60) << 8 | f % 75;
}

// Operation codes (MMC-4 Table 4, SPC-3 Table D.2).
namespace op {
constexpr uint8_t kTestUnitReady = 0x00, kRequestSense = 0x03, kInquiry = 0x12, kStartStopUnit = 0x1B,
                  kPreventAllow = 0x1E, kReadCapacity = 0x25, kRead10 = 0x28, kSeek10 = 0x2B,
                  kReadToc = 0x43, kGetConfiguration = 0x46, kGetEventStatus = 0x4A,
                  kReadDiscInformation = 0x51, kModeSense10 = 0x5A, kRead12 = 0xA8,
                  kSetCdSpeed = 0xBB, kMechanismStatus = 0xBD;
}  // namespace op

// Additional sense codes (SPC-3 Annex D).
constexpr uint8_t kAscInvalidOpcode = 0x20, kAscLbaOutOfRange = 0x21, kAscInvalidField = 0x24;

// More than an 80-minute CD holds: the medium is a DVD (profile 0010h), else a CD (0008h).
constexpr uint32_t kCdMaxBlocks = 80 * 60 * 75;

}  // namespace

void AtapiCdrom::RunPacket() {
  AtaDeviceState& s = state();
  const std::span<const uint8_t> cdb(s.cdb);
  const uint8_t opcode = cdb[0];
  // The power-on UNIT ATTENTION is reported by the first command that may report it; these
  // four never do (SPC-3 5.9.7; MMC-4 6.6 and 6.7 for the two event commands).
  if (s.unit_attention && opcode != op::kInquiry && opcode != op::kRequestSense &&
      opcode != op::kGetConfiguration && opcode != op::kGetEventStatus) {
    s.unit_attention = false;
    CheckCondition(scsi_sense::kUnitAttention, 0x29, 0x00);  // POWER ON, RESET OCCURRED
    return;
  }
  if (opcode != op::kRequestSense) s.sense_key = s.asc = s.ascq = 0;
  switch (opcode) {
    case op::kTestUnitReady: FinishPacket(); return;
    case op::kRequestSense: RequestSense(cdb); return;
    case op::kInquiry: Inquiry(cdb); return;
    case op::kReadCapacity: ReadCapacity(); return;
    case op::kRead10: Read(Be32(cdb, 2), Be16(cdb, 7)); return;
    case op::kRead12: Read(Be32(cdb, 2), Be32(cdb, 6)); return;
    case op::kSeek10:
      if (Be32(cdb, 2) >= blocks_) {
        CheckCondition(scsi_sense::kIllegalRequest, kAscLbaOutOfRange, 0);
      } else {
        FinishPacket();
      }
      return;
    case op::kReadToc: ReadToc(cdb); return;
    case op::kModeSense10: ModeSense(cdb); return;
    case op::kGetConfiguration: GetConfiguration(cdb); return;
    case op::kGetEventStatus: GetEventStatus(cdb); return;
    case op::kPreventAllow:
      s.locked = cdb[4] & 0x01;
      FinishPacket();
      return;
    case op::kStartStopUnit: StartStopUnit(cdb); return;
    case op::kReadDiscInformation: ReadDiscInformation(cdb); return;
    case op::kMechanismStatus: MechanismStatus(cdb); return;
    case op::kSetCdSpeed: FinishPacket(); return;  // an image reads at one speed
    default: {
      char text[64];
      std::snprintf(text, sizeof text, "ATAPI command %02Xh is not implemented", opcode);
      LogOnce(text);
      CheckCondition(scsi_sense::kIllegalRequest, kAscInvalidOpcode, 0);
      return;
    }
  }
}

// Fixed-format sense data (SPC-3 4.5.3); a pending unit attention is reported and cleared.
void AtapiCdrom::RequestSense(std::span<const uint8_t> cdb) {
  AtaDeviceState& s = state();
  if (s.unit_attention) {
    s.unit_attention = false;
    s.sense_key = scsi_sense::kUnitAttention;
    s.asc = 0x29;
    s.ascq = 0x00;
  }
  std::vector<uint8_t> r(18);
  r[0] = 0x70;  // current error, fixed format
  r[2] = s.sense_key;
  r[7] = 10;  // additional sense length
  r[12] = s.asc;
  r[13] = s.ascq;
  s.sense_key = s.asc = s.ascq = 0;
  SendData(r, cdb[4]);
}

// Standard INQUIRY data (SPC-3 6.4.2): a removable CD/DVD device.
void AtapiCdrom::Inquiry(std::span<const uint8_t> cdb) {
  if (cdb[1] & 0x01) {
    LogOnce("INQUIRY vital product data pages are not implemented");
    CheckCondition(scsi_sense::kIllegalRequest, kAscInvalidField, 0);
    return;
  }
  std::vector<uint8_t> r(36, ' ');
  r[0] = 0x05;  // peripheral device type: CD/DVD
  r[1] = 0x80;  // RMB: removable medium
  r[2] = 0x05;  // SPC-3
  r[3] = 0x32;  // ATAPI transport, response data format 2
  r[4] = 31;    // additional length
  r[5] = r[6] = r[7] = 0;
  const std::string id = "MORPH86 CD-ROM          1.0 ";  // vendor, product, revision
  std::copy(id.begin(), id.end(), r.begin() + 8);
  SendData(r, Be16(cdb, 3));
}

// READ CAPACITY(10) (MMC-4 6.23): the last block's address and the block length.
void AtapiCdrom::ReadCapacity() {
  std::vector<uint8_t> r(8);
  PutBe32(r, 0, blocks_ ? blocks_ - 1 : 0);
  PutBe32(r, 4, kBlockSize);
  SendData(r, 8);
}

void AtapiCdrom::Read(uint32_t lba, uint32_t count) {
  if (lba > blocks_ || count > blocks_ - lba) {
    CheckCondition(scsi_sense::kIllegalRequest, kAscLbaOutOfRange, 0);
    return;
  }
  if (count == 0) {
    FinishPacket();
    return;
  }
  StartRead(lba, count);
}

// READ TOC/PMA/ATIP (MMC-4 6.26): one data track from block 0 and the lead-out.
void AtapiCdrom::ReadToc(std::span<const uint8_t> cdb) {
  const bool msf = cdb[1] & 0x02;
  uint8_t format = cdb[2] & 0x0F;
  if (format == 0) format = cdb[9] >> 6;  // the SFF-8020i placement in the control byte
  const auto address = [&](uint32_t lba) { return msf ? Msf(lba) : lba; };
  std::vector<uint8_t> r(4);
  const auto descriptor = [&](uint8_t track, uint32_t lba) {
    const size_t at = r.size();
    r.resize(at + 8);
    r[at + 1] = 0x14;  // ADR 1 (position), control 4 (data track)
    r[at + 2] = track;
    PutBe32(r, at + 4, address(lba));
  };
  switch (format) {
    case 0: {  // formatted TOC
      const uint8_t start = cdb[6];
      if (start > 1 && start != 0xAA) {
        CheckCondition(scsi_sense::kIllegalRequest, kAscInvalidField, 0);
        return;
      }
      if (start <= 1) descriptor(1, 0);
      descriptor(0xAA, blocks_);
      break;
    }
    case 1:  // multi-session information: the first track of the only session
      descriptor(1, 0);
      break;
    default:
      LogOnce("READ TOC format " + std::to_string(format) + " is not implemented");
      CheckCondition(scsi_sense::kIllegalRequest, kAscInvalidField, 0);
      return;
  }
  PutBe16(r, 0, static_cast<uint32_t>(r.size() - 2));
  r[2] = 1;  // first track or session
  r[3] = 1;  // last track or session
  SendData(r, Be16(cdb, 7));
}

// MODE SENSE(10) (SPC-3 6.10): the read error recovery page and the CD capabilities and
// mechanical status page (MMC-4 7.3 and Annex: page 2Ah), no block descriptors.
void AtapiCdrom::ModeSense(std::span<const uint8_t> cdb) {
  const uint8_t page = cdb[2] & 0x3F, control = cdb[2] >> 6;
  if (control == 3) {
    CheckCondition(scsi_sense::kIllegalRequest, 0x39, 0x00);  // SAVING PARAMETERS NOT SUPPORTED
    return;
  }
  const bool changeable = control == 1;  // nothing is changeable: page bodies read as zero
  std::vector<uint8_t> r(8);
  const auto add_page = [&](std::initializer_list<uint8_t> body, uint8_t code) {
    r.push_back(code);
    r.push_back(static_cast<uint8_t>(body.size()));
    for (uint8_t b : body) r.push_back(changeable ? 0 : b);
  };
  const bool all = page == 0x3F;
  if (page == 0x01 || all) add_page({0x00, 0x05, 0, 0, 0, 0, 0x05, 0, 0, 0}, 0x01);
  if (page == 0x2A || all) {
    // Reads CD-R/RW and DVD-ROM; audio play, multi-session; lock, eject, tray loader;
    // 706 kB/s (4x); buffer 512 KB.
    add_page({0x3B, 0x00, 0x71, 0x7F, 0x29, 0x03, 0x02, 0xC2, 0x00, 0xFF, 0x02, 0x00, 0x02,
              0xC2, 0, 0, 0, 0, 0, 0},
             0x2A);
    if (!changeable) r[r.size() - 20 + 4] |= state().locked ? 0x02 : 0x00;  // lock state
  }
  if (r.size() == 8) {
    CheckCondition(scsi_sense::kIllegalRequest, kAscInvalidField, 0);
    return;
  }
  PutBe16(r, 0, static_cast<uint32_t>(r.size() - 2));
  SendData(r, Be16(cdb, 7));
}

// GET CONFIGURATION (MMC-4 6.6): the profile list (DVD-ROM and CD-ROM, the medium's current),
// the core feature (ATAPI interface) and the removable medium feature.
void AtapiCdrom::GetConfiguration(std::span<const uint8_t> cdb) {
  const uint8_t rt = cdb[1] & 0x03;
  const uint32_t start = Be16(cdb, 2);
  if (rt == 3) {
    CheckCondition(scsi_sense::kIllegalRequest, kAscInvalidField, 0);
    return;
  }
  const bool dvd = blocks_ > kCdMaxBlocks;
  const uint32_t profile = dvd ? 0x0010 : 0x0008;
  std::vector<uint8_t> r(8);
  PutBe16(r, 6, profile);
  const auto feature = [&](uint32_t code, std::initializer_list<uint8_t> body) {
    if (rt == 2 ? code != start : code < start) return;
    const size_t at = r.size();
    r.resize(at + 4);
    PutBe16(r, at, code);
    r[at + 2] = 0x03;  // version 0, persistent, current
    r[at + 3] = static_cast<uint8_t>(body.size());
    r.insert(r.end(), body);
  };
  feature(0x0000, {0x00, 0x10, static_cast<uint8_t>(dvd), 0, 0x00, 0x08, static_cast<uint8_t>(!dvd), 0});
  feature(0x0001, {0, 0, 0, 0x02});  // physical interface: ATAPI
  feature(0x0003, {0x29, 0, 0, 0});  // tray loader, eject, lock
  PutBe32(r, 0, static_cast<uint32_t>(r.size() - 4));
  SendData(r, Be16(cdb, 7));
}

// GET EVENT STATUS NOTIFICATION (MMC-4 6.7), polled only: the media class reports the
// medium as new once, then as present with nothing changed.
void AtapiCdrom::GetEventStatus(std::span<const uint8_t> cdb) {
  AtaDeviceState& s = state();
  if (!(cdb[1] & 0x01)) {
    LogOnce("asynchronous GET EVENT STATUS NOTIFICATION is not implemented");
    CheckCondition(scsi_sense::kIllegalRequest, kAscInvalidField, 0);
    return;
  }
  constexpr uint8_t kMediaClass = 0x10;
  std::vector<uint8_t> r(4);
  r[3] = kMediaClass;  // supported event classes
  if (cdb[4] & kMediaClass) {
    r[2] = 0x04;  // notification class: media
    r.push_back(s.media_event ? 0x02 : 0x00);  // NewMedia, or no change
    r.push_back(0x02);  // media present, tray closed
    r.push_back(0);
    r.push_back(0);
    s.media_event = false;
  } else {
    r[2] = 0x80;  // NEA: no requested class is supported
  }
  PutBe16(r, 0, static_cast<uint32_t>(r.size() - 2));
  SendData(r, Be16(cdb, 7));
}

// START STOP UNIT (MMC-4 6.39): spinning needs nothing; an eject is refused while locked and
// otherwise logged, as the image stays loaded.
void AtapiCdrom::StartStopUnit(std::span<const uint8_t> cdb) {
  const bool load_eject = cdb[4] & 0x02, start = cdb[4] & 0x01;
  if (load_eject && !start) {
    if (state().locked) {
      CheckCondition(scsi_sense::kIllegalRequest, 0x53, 0x02);  // MEDIUM REMOVAL PREVENTED
      return;
    }
    LogOnce("ejecting the CD-ROM is not implemented; the image stays loaded");
  }
  FinishPacket();
}

// READ DISC INFORMATION (MMC-4 6.22): a finalized single-session disc with one track.
void AtapiCdrom::ReadDiscInformation(std::span<const uint8_t> cdb) {
  if ((cdb[1] & 0x07) != 0) {
    CheckCondition(scsi_sense::kIllegalRequest, kAscInvalidField, 0);
    return;
  }
  std::vector<uint8_t> r(34);
  PutBe16(r, 0, 32);
  r[2] = 0x0E;  // last session complete, disc finalized
  r[3] = 1;     // first track on disc
  r[4] = 1;     // sessions
  r[5] = 1;     // first track in last session
  r[6] = 1;     // last track in last session
  r[7] = 0x20;  // unrestricted use
  for (int i = 16; i < 24; ++i) r[i] = 0xFF;  // no lead-in/lead-out times for a finalized disc
  SendData(r, Be16(cdb, 7));
}

// MECHANISM STATUS (MMC-4 6.11): no changer, idle, tray closed.
void AtapiCdrom::MechanismStatus(std::span<const uint8_t> cdb) {
  std::vector<uint8_t> r(8);
  SendData(r, Be16(cdb, 8));
}

}  // namespace m86
