// The 82077AA command set (datasheet section 8, "Command Set/Descriptions"): parameter
// collection, execution after a virtual-time delay and the result phase.
#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "devices/floppy/fdc82077.h"

namespace m86 {
namespace {

enum Op : uint8_t {
  kSpecify = 0x03,
  kSenseDrive = 0x04,
  kWriteData = 0x05,
  kReadData = 0x06,
  kRecalibrate = 0x07,
  kSenseInterrupt = 0x08,
  kReadId = 0x0A,
  kFormat = 0x0D,
  kDumpreg = 0x0E,
  kSeek = 0x0F,
  kVersion = 0x10,
  kPerpendicular = 0x12,
  kConfigure = 0x13,
  kLock = 0x14,
};

// Status register bits (datasheet, "Status Register 0-3").
constexpr uint8_t kSt0Abnormal = 0x40, kSt0Invalid = 0x80, kSt0SeekEnd = 0x20,
                  kSt0EquipCheck = 0x10;
constexpr uint8_t kSt1EndCyl = 0x80, kSt1DataError = 0x20, kSt1Overrun = 0x10, kSt1NoData = 0x04,
                  kSt1NotWritable = 0x02, kSt1MissingAm = 0x01;
constexpr uint8_t kSt2WrongCyl = 0x10, kSt2BadCyl = 0x02, kSt2DataError = 0x20;

struct CommandInfo {
  uint8_t length;     // bytes including the opcode
  uint8_t flag_mask;  // MT/MFM/SK (or LOCK) bits the opcode may carry
};

CommandInfo InfoFor(uint8_t op) {
  switch (op) {
    case kSpecify:
      return {3, 0x00};
    case kSenseDrive:
      return {2, 0x00};
    case kWriteData:
      return {9, 0xC0};
    case kReadData:
      return {9, 0xE0};
    case kRecalibrate:
      return {2, 0x00};
    case kSenseInterrupt:
      return {1, 0x00};
    case kReadId:
      return {2, 0x40};
    case kFormat:
      return {6, 0x40};
    case kDumpreg:
      return {1, 0x00};
    case kSeek:
      return {3, 0x00};
    case kVersion:
      return {1, 0x00};
    case kPerpendicular:
      return {2, 0x00};
    case kConfigure:
      return {4, 0x00};
    case kLock:
      return {1, 0x80};
    default:
      return {0, 0x00};
  }
}

const char* UnimplementedName(uint8_t op) {
  switch (op) {
    case 0x02:
      return "READ TRACK";
    case 0x09:
      return "WRITE DELETED DATA";
    case 0x0C:
      return "READ DELETED DATA";
    case 0x11:
      return "SCAN EQUAL";
    case 0x16:
      return "VERIFY";
    case 0x19:
      return "SCAN LOW OR EQUAL";
    case 0x1D:
      return "SCAN HIGH OR EQUAL";
    default:
      return nullptr;
  }
}

}  // namespace

void Fdc82077::StartCommand() {
  const uint8_t first = state_.command[0];
  const uint8_t op = first & 0x1F;
  const CommandInfo info = InfoFor(op);
  if (first == 0x8F || first == 0xCF) {
    LogOnce("floppy RELATIVE SEEK is not implemented");
  } else if (const char* name = UnimplementedName(op)) {
    LogOnce(std::string("floppy command ") + name + " is not implemented");
  } else if (info.length != 0 && (first & ~(0x1F | info.flag_mask)) == 0) {
    state_.command_need = info.length;
    if (info.length == 1) ExecuteCommand();
    return;
  }
  // An invalid opcode answers one result byte, ST0 = 0x80 (datasheet, "Invalid Commands").
  if (!UnimplementedName(op) && first != 0x8F && first != 0xCF) {
    LogOnce("invalid floppy command byte " + std::to_string(first));
  }
  SetResult({kSt0Invalid});
}

void Fdc82077::ExecuteCommand() {
  const auto& cmd = state_.command;
  const uint8_t op = cmd[0] & 0x1F;
  state_.command_len = 0;
  switch (op) {
    case kSpecify:
      state_.srt_hut = cmd[1];
      state_.hlt_nd = cmd[2];
      if (cmd[2] & 1) LogOnce("floppy non-DMA mode (SPECIFY ND=1) is not implemented");
      break;
    case kSenseDrive: {
      const int drive = DriveOf(cmd[1]);
      const bool wp = drive < kFdcDrives && media_[drive].image && media_[drive].image->read_only();
      // ST3: WP 6, bit 5 always 1, T0 4, bit 3 always 1, HD 2, DS 1-0.
      const bool t0 = drive < kFdcDrives && state_.drives[drive].cylinder == 0;
      SetResult(
          {static_cast<uint8_t>((wp ? 0x40 : 0) | 0x20 | (t0 ? 0x10 : 0) | 0x08 | (cmd[1] & 7))});
      break;
    }
    case kReadData:
    case kWriteData:
      state_.phase = FdcPhase::kExecution;
      state_.last_eot = cmd[6];
      FinishAfter(kDataDelay, &Fdc82077::FinishReadWrite);
      break;
    case kReadId:
      state_.phase = FdcPhase::kExecution;
      FinishAfter(kDataDelay, &Fdc82077::FinishReadId);
      break;
    case kFormat:
      state_.phase = FdcPhase::kExecution;
      FinishAfter(kDataDelay, &Fdc82077::FinishFormat);
      break;
    case kRecalibrate:
      StartSeek(DriveOf(cmd[1]), 0, 0, true);
      break;
    case kSeek:
      StartSeek(DriveOf(cmd[1]), (cmd[1] >> 2) & 1, cmd[2], false);
      break;
    case kSenseInterrupt:
      SenseInterrupt();
      break;
    case kVersion:
      SetResult({0x90});
      break;
    case kPerpendicular:
      // Bit 7 (OW) allows the drive bits 5-2 to change; GAP and WGATE always load.
      state_.perpendicular = static_cast<uint8_t>(
          (cmd[1] & 0x80 ? cmd[1] & 0x3C : state_.perpendicular & 0x3C) | (cmd[1] & 3));
      if (cmd[1] & 3) LogOnce("floppy perpendicular recording mode is not implemented");
      break;
    case kConfigure:
      state_.config = cmd[2] & 0x7F;
      state_.pretrk = cmd[3];
      break;
    case kLock:
      state_.lock = cmd[0] & 0x80;
      SetResult({static_cast<uint8_t>(state_.lock ? 0x10 : 0x00)});
      break;
    case kDumpreg: {
      const auto& d = state_.drives;
      SetResult({d[0].cylinder, d[1].cylinder, d[2].cylinder, d[3].cylinder, state_.srt_hut,
                 state_.hlt_nd, state_.last_eot,
                 static_cast<uint8_t>((state_.lock ? 0x80 : 0) | state_.perpendicular),
                 state_.config, state_.pretrk});
      break;
    }
    default:
      SetResult({kSt0Invalid});
      break;
  }
}

void Fdc82077::StartSeek(int drive, int head, int target, bool recalibrate) {
  FdcDriveState& d = state_.drives[drive];
  d.seeking = true;
  const int steps = std::abs(target - d.cylinder);
  if (seek_events_[drive]) scheduler_.Cancel(seek_events_[drive]);
  // SEEK and RECALIBRATE have no result phase: the controller takes the next command while
  // the drive steps, and interrupts at the end (datasheet, "SEEK", "RECALIBRATE").
  seek_events_[drive] =
      scheduler_.ScheduleIn(kStepDelay * (steps + 1), [this, drive, head, target, recalibrate] {
        seek_events_[drive] = 0;
        FdcDriveState& dd = state_.drives[drive];
        dd.seeking = false;
        uint8_t st0 = static_cast<uint8_t>(kSt0SeekEnd | (head << 2) | drive);
        if (drive >= kFdcDrives && recalibrate) {
          // No drive answers TRACK0: equipment check after the step pulses run out.
          st0 |= kSt0Abnormal | kSt0EquipCheck;
        } else {
          // A step pulse with a disk in the drive clears DSKCHG (datasheet, "DIR").
          if (dd.cylinder != target && drive < kFdcDrives && media_[drive].image) {
            dd.disk_changed = false;
          }
          dd.cylinder = static_cast<uint8_t>(target);
        }
        dd.seek_st0 = st0;
        dd.seek_interrupt = true;
        RaiseInterrupt();
      });
}

void Fdc82077::SenseInterrupt() {
  for (int i = 0; i < 4; ++i) {
    FdcDriveState& d = state_.drives[i];
    if (!d.seek_interrupt) continue;
    d.seek_interrupt = false;
    LowerInterrupt();
    SetResult({d.seek_st0, d.cylinder});
    return;
  }
  SetResult({kSt0Invalid});
}

size_t Fdc82077::DmaTransfer(std::span<uint8_t> data, bool to_memory, bool* tc) {
  // In AT mode DOR bit 3 also gates DRQ: without it no byte moves and the FIFO overruns.
  if (!(state_.dor & 0x08)) {
    *tc = false;
    return 0;
  }
  return dma_.Transfer(kFdcDmaChannel, data, to_memory, tc);
}

bool Fdc82077::MediaReadable(int drive) const {
  if (drive >= kFdcDrives || !media_[drive].image) return false;
  // The medium only reads at its recording rate; a 5.25" DD disk in an HD drive reads at
  // 300 kbps. BIOSes probe the media type this way.
  const int rate = media_[drive].geometry.data_rate_kbps;
  if (rate == 500) return state_.data_rate == 0;
  if (media_[drive].geometry.cylinders == 40) return state_.data_rate == 1 || state_.data_rate == 2;
  return state_.data_rate == 2;
}

void Fdc82077::DataResult(uint8_t st0, uint8_t st1, uint8_t st2, uint8_t c, uint8_t h, uint8_t r,
                          uint8_t n) {
  SetResult({st0, st1, st2, c, h, r, n});
  RaiseInterrupt();
}

void Fdc82077::FinishReadWrite() {
  const auto cmd = state_.command;
  const bool write = (cmd[0] & 0x1F) == kWriteData;
  const bool mt = cmd[0] & 0x80, mfm = cmd[0] & 0x40;
  const int drive = DriveOf(cmd[1]);
  int head = (cmd[1] >> 2) & 1;
  uint8_t c = cmd[2], h = cmd[3], r = cmd[4];
  const uint8_t n = cmd[5], eot = cmd[6];
  auto st0 = [&](uint8_t ic) { return static_cast<uint8_t>(ic | (head << 2) | drive); };
  if (!MediaReadable(drive) || !mfm)
    return DataResult(st0(kSt0Abnormal), kSt1MissingAm, 0, c, h, r, n);
  if (state_.hlt_nd & 1) return DataResult(st0(kSt0Abnormal), kSt1Overrun, 0, c, h, r, n);
  DiskImage& image = *media_[drive].image;
  if (write && image.read_only()) {
    return DataResult(st0(kSt0Abnormal), kSt1NotWritable, 0, c, h, r, n);
  }
  const FloppyGeometry& g = media_[drive].geometry;
  FdcDriveState& d = state_.drives[drive];
  if (state_.config & 0x40) {  // implied seek (CONFIGURE EIS)
    if (d.cylinder != c && media_[drive].image) d.disk_changed = false;
    d.cylinder = c;
  }
  if (n != 2) {
    if (n == 0) LogOnce("floppy READ/WRITE with N=0 (DTL sector length) is not implemented");
    // Every sector ID on a PC image says N=2, so no ID field matches.
    return DataResult(st0(kSt0Abnormal), kSt1NoData, 0, c, h, r, n);
  }
  std::array<uint8_t, kSectorSize> buffer;
  for (;;) {
    // The sector search compares the command's C/H/R with the ID fields on the track under
    // the head: cylinder = head position, head = selected side, R = 1..sectors.
    if (c != d.cylinder || d.cylinder >= g.cylinders) {
      const uint8_t st2 = d.cylinder >= g.cylinders ? 0 : (c == 0xFF ? kSt2BadCyl : kSt2WrongCyl);
      return DataResult(st0(kSt0Abnormal), kSt1NoData, st2, c, h, r, n);
    }
    if (h != head || r < 1 || r > g.sectors) {
      return DataResult(st0(kSt0Abnormal), kSt1NoData, 0, c, h, r, n);
    }
    const uint64_t lba = (uint64_t{d.cylinder} * g.heads + head) * g.sectors + (r - 1);
    bool tc = false;
    if (write) {
      const size_t moved = DmaTransfer(buffer, false, &tc);
      if (moved < kSectorSize && !tc) {
        return DataResult(st0(kSt0Abnormal), kSt1Overrun, 0, c, h, r, n);
      }
      // A TC inside the sector: the controller pads the rest of the field with zeros.
      std::fill(buffer.begin() + moved, buffer.end(), 0);
      if (!image.WriteSectors(lba, buffer)) {
        return DataResult(st0(kSt0Abnormal), kSt1NotWritable, 0, c, h, r, n);
      }
    } else {
      if (!image.ReadSectors(lba, buffer)) {
        return DataResult(st0(kSt0Abnormal), kSt1DataError, kSt2DataError, c, h, r, n);
      }
      const size_t moved = DmaTransfer(buffer, true, &tc);
      if (moved < kSectorSize && !tc) {
        return DataResult(st0(kSt0Abnormal), kSt1Overrun, 0, c, h, r, n);
      }
    }
    // Next sector, with the result ID rules of the datasheet's "Result Phase" table.
    bool end_of_cylinder = false;
    if (r == eot) {
      r = 1;
      if (mt && h == 0) {
        h = 1;
        head = 1;
      } else {
        if (mt) h = 0;  // H is complemented at the end of side 1
        ++c;
        end_of_cylinder = true;
      }
    } else {
      ++r;
    }
    if (tc) return DataResult(st0(0), 0, 0, c, h, r, n);
    // Without TC at the last sector the controller stops with End of Cylinder.
    if (end_of_cylinder) return DataResult(st0(kSt0Abnormal), kSt1EndCyl, 0, c, h, r, n);
  }
}

void Fdc82077::FinishReadId() {
  const int drive = DriveOf(state_.command[1]);
  const uint8_t head = (state_.command[1] >> 2) & 1;
  const uint8_t st0 = static_cast<uint8_t>((head << 2) | drive);
  const uint8_t cyl = state_.drives[drive].cylinder;
  if (!MediaReadable(drive) || !(state_.command[0] & 0x40) ||
      cyl >= media_[drive].geometry.cylinders) {
    return DataResult(st0 | kSt0Abnormal, kSt1MissingAm, 0, cyl, head, 1, 2);
  }
  // The first ID field to pass the head; sector 1 stands for it.
  DataResult(st0, 0, 0, cyl, head, 1, 2);
}

void Fdc82077::FinishFormat() {
  const auto cmd = state_.command;
  const int drive = DriveOf(cmd[1]);
  const uint8_t head = (cmd[1] >> 2) & 1;
  const uint8_t n = cmd[2], sc = cmd[3], filler = cmd[5];
  const uint8_t st0 = static_cast<uint8_t>((head << 2) | drive);
  const uint8_t cyl = state_.drives[drive].cylinder;
  if (!MediaReadable(drive) || !(cmd[0] & 0x40)) {
    return DataResult(st0 | kSt0Abnormal, kSt1MissingAm, 0, cyl, head, 1, n);
  }
  DiskImage& image = *media_[drive].image;
  if (image.read_only()) return DataResult(st0 | kSt0Abnormal, kSt1NotWritable, 0, cyl, head, 1, n);
  const FloppyGeometry& g = media_[drive].geometry;
  if (n != 2 || sc != g.sectors || cyl >= g.cylinders) {
    // A raw image cannot hold a different track layout.
    LogOnce("floppy FORMAT TRACK with a layout other than the image's is not implemented");
    return DataResult(st0 | kSt0Abnormal, kSt1NoData, 0, cyl, head, 1, n);
  }
  std::vector<uint8_t> ids(4u * sc);
  bool tc = false;
  const size_t moved = DmaTransfer(ids, false, &tc);
  if (moved < ids.size()) return DataResult(st0 | kSt0Abnormal, kSt1Overrun, 0, cyl, head, 1, n);
  std::array<uint8_t, kSectorSize> fill;
  fill.fill(filler);
  for (int i = 0; i < sc; ++i) {
    const uint8_t* id = &ids[4 * i];
    if (id[0] != cyl || id[1] != head || id[2] < 1 || id[2] > g.sectors || id[3] != 2) {
      LogOnce("floppy FORMAT TRACK with non-standard sector IDs is not implemented");
      return DataResult(st0 | kSt0Abnormal, kSt1NoData, 0, id[0], id[1], id[2], id[3]);
    }
    const uint64_t lba = (uint64_t{cyl} * g.heads + head) * g.sectors + (id[2] - 1);
    if (!image.WriteSectors(lba, fill)) {
      return DataResult(st0 | kSt0Abnormal, kSt1NotWritable, 0, cyl, head, id[2], n);
    }
  }
  DataResult(st0, 0, 0, cyl, head, sc, n);
}

}  // namespace m86
