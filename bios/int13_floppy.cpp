// INT 13h for diskettes, DL = 00h/01h (IBM PC AT Technical Reference, "Diskette I/O Support";
// Ralf Brown's Interrupt List, INT 13h). A drive exists when an image is attached; its type
// follows the image size, so a 720K image sits in a 720K drive.
#include <optional>
#include <vector>

#include "bios/bda.h"
#include "bios/disk_common.h"

namespace m86::disk {
namespace {

constexpr uint8_t kFormatFillDefault = 0xF6;  // IBM PC AT TR, "Diskette Parameter Table"
constexpr uint8_t kMotorOffDefault = 0x25;

struct Drive {
  DiskImage* image;
  FloppyGeometry geometry;
  uint8_t type;  // CMOS drive type: 1 = 360K, 2 = 1.2M, 3 = 720K, 4 = 1.44M
};

uint8_t DriveType(const FloppyGeometry& g) {
  if (g.cylinders == 40) return 1;
  if (g.sectors == 15) return 2;
  return g.sectors == 9 ? 3 : 4;
}

// 0040:0090 media state (IBM PC AT TR, "Diskette Data Areas"): data rate in bits 7-6 (00 =
// 500, 01 = 300, 10 = 250 kbit/s), bit 4 media established, bits 2-0 the drive/media
// combination (3 = 360K in a 360K drive, 5 = 1.2M in a 1.2M drive, 7 = any other).
uint8_t MediaState(const Drive& d) {
  const uint8_t rate = d.geometry.data_rate_kbps == 250 ? 0x80 : 0x00;
  const uint8_t combination = d.type == 1 ? 3 : d.type == 2 ? 5 : 7;
  return static_cast<uint8_t>(rate | 0x10 | combination);
}

int DriveCount(Bios& bios) {
  int count = 0;
  for (int u = 0; u < 2; ++u) {
    if (bios.floppy(u)) count = u + 1;
  }
  return count;
}

// 01h for a unit the AT BIOS does not serve, 80h (not ready) for an empty unit.
uint8_t Lookup(Bios& bios, uint8_t unit, Drive* d) {
  if (unit > 1) return kBadCommand;
  DiskImage* image = bios.floppy(unit);
  if (!image) return kTimeout;
  const std::optional<FloppyGeometry> g = FloppyGeometryForSize(image->size(), nullptr);
  if (!g) return kMediaUnsupported;
  *d = {image, *g, DriveType(*g)};
  return kOk;
}

// The diskette parameter table INT 1Eh points at (the guest may install its own copy).
uint8_t ParameterByte(Bios& bios, uint32_t index, uint8_t fallback) {
  const uint32_t vector = bios.Peek32(0x1E * 4);
  if (vector == 0) return fallback;
  return bios.Peek8(((vector >> 16) << 4) + (vector & 0xFFFF) + index);
}

// What the AT BIOS leaves behind after an operation: the motor of the selected drive running
// with its turn-off count (0040:003F/0040), the drive recalibrated and the interrupt consumed
// (0040:003E), the media state and data rate (0040:0090, 0040:008B), the controller's result
// bytes ST0-ST2, C, H, R, N (0040:0042).
void NoteAccess(Bios& bios, uint8_t unit, const Drive& d, bool write, uint8_t status,
                const ChsAddress& chs) {
  bios.Poke8(bda::kFloppyMotor, static_cast<uint8_t>((1u << unit) | (unit << 4) | (write ? 0x80 : 0)));
  bios.Poke8(bda::kFloppyMotorTicks, ParameterByte(bios, 2, kMotorOffDefault));
  bios.Poke8(bda::kFloppyRecal, static_cast<uint8_t>((bios.Peek8(bda::kFloppyRecal) & 0x7F) | (1u << unit)));
  const uint8_t media = MediaState(d);
  bios.Poke8(bda::kFloppyMediaState + unit, media);
  bios.Poke8(bda::kFloppyLastRate, static_cast<uint8_t>(media & 0xC0));
  // NEC uPD765 / Intel 82077AA result phase: ST0 bits 7-6 = 01 abnormal termination; ST1
  // bit 1 not writable, bit 2 no data, bit 7 end of cylinder.
  uint8_t st0 = static_cast<uint8_t>((chs.head << 2) | unit), st1 = 0;
  if (status == kWriteProtected) st1 = 0x02;
  if (status == kSectorNotFound) {
    const FloppyGeometry& g = d.geometry;
    const bool valid = chs.sector >= 1 && chs.sector <= uint32_t(g.sectors) &&
                       chs.head < uint32_t(g.heads) && chs.cylinder < uint32_t(g.cylinders);
    st1 = valid ? 0x80 : 0x04;  // ran off the cylinder, or no such sector
  }
  if (st1) st0 |= 0x40;
  const uint8_t result[7] = {st0, st1, 0, static_cast<uint8_t>(chs.cylinder), static_cast<uint8_t>(chs.head),
                             static_cast<uint8_t>(chs.sector), 2};
  for (uint32_t i = 0; i < 7; ++i) bios.Poke8(bda::kFloppyResult + i, result[i]);
}

uint8_t ReadWriteVerify(Bios& bios, BiosCall& call) {
  const uint8_t function = call.ah();
  const uint8_t unit = call.dl();
  const uint32_t count = call.al();
  call.set_al(0);
  Drive d;
  if (uint8_t status = Lookup(bios, unit, &d)) return Finish(call, status);
  if (count == 0) return Finish(call, kBadCommand);
  const ChsAddress chs = ChsFromRegisters(call);
  const FloppyGeometry& g = d.geometry;
  const Direction dir = function == 0x02 ? Direction::kRead
                      : function == 0x03 ? Direction::kWrite : Direction::kVerify;
  uint8_t status = kOk;
  if (chs.sector == 0 || chs.sector > uint32_t(g.sectors) || chs.head >= uint32_t(g.heads) ||
      chs.cylinder >= uint32_t(g.cylinders)) {
    status = kSectorNotFound;
  } else if (dir != Direction::kVerify &&
             ((uint32_t{call.es()} << 4) + call.bx()) % 0x10000 + count * kSectorSize > 0x10000) {
    // The 8237 cannot carry into the page register: a buffer crossing a physical 64 KiB
    // boundary is refused before anything moves (IBM PC AT TR, "DMA boundary error").
    status = kDmaBoundary;
  } else if (dir == Direction::kWrite && d.image->read_only()) {
    status = kWriteProtected;
  }
  if (status != kOk) {
    NoteAccess(bios, unit, d, dir == Direction::kWrite, status, chs);
    return Finish(call, status);
  }
  // Multi-track mode: a transfer may run from head 0 onto head 1 of the same cylinder; the
  // controller stops at the end of the cylinder (ST1 end of cylinder -> "sector not found").
  const uint32_t spt = static_cast<uint32_t>(g.sectors);
  const uint32_t left_in_cylinder = (static_cast<uint32_t>(g.heads) - chs.head) * spt - (chs.sector - 1);
  const uint32_t n = count < left_in_cylinder ? count : left_in_cylinder;
  const uint64_t lba = (uint64_t{chs.cylinder} * static_cast<uint32_t>(g.heads) + chs.head) * spt + chs.sector - 1;
  TransferResult r = Transfer(call, *d.image, lba, n, call.es(), call.bx(), dir);
  if (r.status == kOk && n < count) r.status = kSectorNotFound;
  call.set_al(static_cast<uint8_t>(r.sectors));
  NoteAccess(bios, unit, d, dir == Direction::kWrite, r.status, chs);
  return Finish(call, r.status);
}

// AH=05h: the address fields at ES:BX name the sectors; an image holds only the standard
// layout, so a track is formatted when AL matches the medium's sectors per track, and every
// sector is filled with the parameter table's fill byte.
uint8_t FormatTrack(Bios& bios, BiosCall& call) {
  Drive d;
  if (uint8_t status = Lookup(bios, call.dl(), &d)) return Finish(call, status);
  const FloppyGeometry& g = d.geometry;
  const ChsAddress chs{call.ch(), call.dh(), 1};
  uint8_t status = kOk;
  if (chs.head >= uint32_t(g.heads) || chs.cylinder >= uint32_t(g.cylinders)) {
    status = kSectorNotFound;
  } else if (d.image->read_only()) {
    status = kWriteProtected;
  } else if (call.al() != g.sectors) {
    status = kMediaUnsupported;
  } else {
    std::vector<uint8_t> track(size_t(g.sectors) * kSectorSize, ParameterByte(bios, 8, kFormatFillDefault));
    const uint64_t lba = (uint64_t{chs.cylinder} * uint32_t(g.heads) + chs.head) * uint32_t(g.sectors);
    if (!d.image->WriteSectors(lba, track)) status = kControllerFailed;
  }
  NoteAccess(bios, call.dl(), d, true, status, chs);
  return Finish(call, status);
}

// AH=08h. Units without a drive answer with zeros and the drive count, which RBIL notes real
// BIOSes do ("may return successful even though specified drive is greater than the number of
// attached drives").
uint8_t Parameters(Bios& bios, BiosCall& call) {
  Drive d;
  const uint8_t status = Lookup(bios, call.dl(), &d);
  call.set_al(0);
  call.set_bx(0);
  if (status != kOk) {
    call.set_cx(0);
    call.set_dx(static_cast<uint16_t>(DriveCount(bios)));
    call.set_es(0);
    call.set_di(0);
    return Finish(call, kOk);
  }
  call.set_bl(d.type);
  call.set_cx(PackCylinderSector(static_cast<uint32_t>(d.geometry.cylinders - 1),
                                 static_cast<uint32_t>(d.geometry.sectors)));
  call.set_dh(static_cast<uint8_t>(d.geometry.heads - 1));
  call.set_dl(static_cast<uint8_t>(DriveCount(bios)));
  call.set_es(rom::kSegment);
  call.set_di(rom::kDisketteParams);
  return Finish(call, kOk);
}

// AH=17h: AL = 1 (360K in a 360K drive), 2 (360K in a 1.2M drive), 3 (1.2M), 4 (720K).
uint8_t SetDiskType(Bios& bios, BiosCall& call) {
  Drive d;
  if (uint8_t status = Lookup(bios, call.dl(), &d)) return Finish(call, status);
  const uint8_t format = call.al();
  if (format == 0 || format > 4) return Finish(call, kBadCommand);
  const bool fits = ((format == 1 || format == 2) && d.type == 1) || (format == 3 && d.type == 2) ||
                    (format == 4 && d.type == 3);
  return Finish(call, fits ? kOk : kMediaUnsupported);
}

// AH=18h: CH/CL = highest cylinder and sectors per track wanted for a format.
uint8_t SetMediaType(Bios& bios, BiosCall& call) {
  Drive d;
  if (uint8_t status = Lookup(bios, call.dl(), &d)) return Finish(call, status);
  const uint32_t max_cylinder = call.ch() | ((call.cl() & 0xC0u) << 2);
  const uint32_t sectors = call.cl() & 0x3Fu;
  if (max_cylinder != uint32_t(d.geometry.cylinders - 1) || sectors != uint32_t(d.geometry.sectors)) {
    return Finish(call, kMediaUnsupported);
  }
  call.set_es(rom::kSegment);
  call.set_di(rom::kDisketteParams);
  return Finish(call, kOk);
}

}  // namespace

uint8_t FloppyService(Bios& bios, BiosCall& call) {
  const uint8_t function = call.ah();
  switch (function) {
    case 0x00:  // reset: every drive must be recalibrated before its next access
      bios.Poke8(bda::kFloppyRecal, static_cast<uint8_t>(bios.Peek8(bda::kFloppyRecal) & 0x70));
      return Finish(call, kOk);
    case 0x01: {
      const uint8_t last = bios.Peek8(bda::kFloppyStatus);
      return Finish(call, last);
    }
    case 0x02:
    case 0x03:
    case 0x04:
      return ReadWriteVerify(bios, call);
    case 0x05:
      return FormatTrack(bios, call);
    case 0x08:
      return Parameters(bios, call);
    case 0x15: {  // AH = 00h no drive, 01h no change line (360K), 02h change line present
      Drive d;
      const bool present = Lookup(bios, call.dl(), &d) == kOk;
      call.set_ah(!present ? 0x00 : d.type == 1 ? 0x01 : 0x02);
      call.SetCarry(false);
      return kOk;
    }
    case 0x16: {  // images are not swapped while the guest runs: the change line stays inactive
      Drive d;
      if (uint8_t status = Lookup(bios, call.dl(), &d)) return Finish(call, status);
      return Finish(call, d.type == 1 ? kChangeLine : kOk);
    }
    case 0x17:
      return SetDiskType(bios, call);
    case 0x18:
      return SetMediaType(bios, call);
    case 0x41:  // the extensions are for fixed disks; diskettes answer "invalid function"
    case 0x42:
    case 0x43:
    case 0x44:
    case 0x47:
    case 0x48:
      return Finish(call, kBadCommand);
    default:
      bios.LogUnimplemented(FunctionName(function, "diskette"));
      return Finish(call, kBadCommand);
  }
}

}  // namespace m86::disk
