// INT 13h for fixed disks, DL = 80h/81h (IBM PC AT Technical Reference, "Fixed Disk BIOS";
// Ralf Brown's Interrupt List, INT 13h). CHS addresses use the logical geometry of
// disk_common.h; the extended functions (AH=41h-48h) are in int13_edd.cpp.
#include "bios/bda.h"
#include "bios/disk_common.h"

namespace m86::disk {
namespace {

DiskImage* Lookup(Bios& bios, uint8_t dl) { return bios.hard_disk(dl - 0x80); }

uint8_t DiskCount(Bios& bios) { return bios.Peek8(bda::kHdCount); }

uint8_t ReadWriteVerify(BiosCall& call, DiskImage& image) {
  const uint8_t function = call.ah();
  const uint32_t count = call.al();
  call.set_al(0);
  if (count == 0) return Finish(call, kBadCommand);
  const Chs g = HardDiskGeometry(image.size());
  const ChsAddress chs = ChsFromRegisters(call);
  const Direction dir = function == 0x02 ? Direction::kRead
                      : function == 0x03 ? Direction::kWrite : Direction::kVerify;
  if (chs.sector == 0 || chs.sector > g.sectors || chs.head >= g.heads || chs.cylinder >= g.cylinders) {
    return Finish(call, kSectorNotFound);
  }
  // The AT moves fixed disk data with string I/O through ES:BX, so the limit is the segment:
  // the buffer must not wrap past offset FFFFh (at most 80h sectors at offset 0).
  if (dir != Direction::kVerify && call.bx() + count * kSectorSize > 0x10000) {
    return Finish(call, kDmaBoundary);
  }
  if (dir == Direction::kWrite && image.read_only()) return Finish(call, kWriteProtected);
  const uint64_t lba = (uint64_t{chs.cylinder} * g.heads + chs.head) * g.sectors + chs.sector - 1;
  const TransferResult r = Transfer(call, image, lba, count, call.es(), call.bx(), dir);
  call.set_al(static_cast<uint8_t>(r.sectors));
  return Finish(call, r.status);
}

// AH=08h: highest cylinder, head and sector number, and the number of fixed disks.
uint8_t Parameters(Bios& bios, BiosCall& call, DiskImage* image) {
  call.set_dl(DiskCount(bios));
  if (!image) return Finish(call, kParamFailed);  // RBIL: "CF set on error, AH = status (07h)"
  const Chs g = HardDiskGeometry(image->size());
  call.set_al(0);
  call.set_cx(PackCylinderSector(g.cylinders - 1, g.sectors));
  call.set_dh(static_cast<uint8_t>(g.heads - 1));
  return Finish(call, kOk);
}

// AH=15h: AH = 03h (fixed disk) with CX:DX = the CHS-addressable sector count, or 00h when
// there is no such drive; CF clear either way.
uint8_t DriveType(BiosCall& call, DiskImage* image) {
  call.SetCarry(false);
  if (!image) {
    call.set_ah(0x00);
    return kOk;
  }
  const Chs g = HardDiskGeometry(image->size());
  const uint32_t sectors = g.cylinders * g.heads * g.sectors;
  call.set_ah(0x03);
  call.set_cx(static_cast<uint16_t>(sectors >> 16));
  call.set_dx(static_cast<uint16_t>(sectors));
  return kOk;
}

// AH=05h: there is no low-level format to do on an image; like a translating IDE drive, the
// command succeeds for a valid track and leaves the data as it was.
uint8_t FormatTrack(BiosCall& call, DiskImage& image) {
  const Chs g = HardDiskGeometry(image.size());
  const ChsAddress chs = ChsFromRegisters(call);
  if (chs.head >= g.heads || chs.cylinder >= g.cylinders) return Finish(call, kSectorNotFound);
  if (image.read_only()) return Finish(call, kWriteProtected);
  return Finish(call, kOk);
}

}  // namespace

uint8_t HardDiskService(Bios& bios, BiosCall& call) {
  const uint8_t function = call.ah();
  DiskImage* image = Lookup(bios, call.dl());
  switch (function) {
    case 0x00:  // reset: the AT resets the diskette subsystem as well
      bios.Poke8(bda::kFloppyRecal, static_cast<uint8_t>(bios.Peek8(bda::kFloppyRecal) & 0x70));
      return Finish(call, kOk);
    case 0x01:
      return Finish(call, bios.Peek8(bda::kHdStatus));
    case 0x08:
      return Parameters(bios, call, image);
    case 0x15:
      return DriveType(call, image);
    default:
      break;
  }
  // Everything else needs the drive: a number without one is an invalid parameter.
  if (!image) return Finish(call, kBadCommand);
  switch (function) {
    case 0x02:
    case 0x03:
    case 0x04:
      return ReadWriteVerify(call, *image);
    case 0x05:
      return FormatTrack(call, *image);
    case 0x0C: {  // seek
      const ChsAddress chs = ChsFromRegisters(call);
      return Finish(call, chs.cylinder < HardDiskGeometry(image->size()).cylinders ? kOk : kSeekFailed);
    }
    case 0x09:  // initialize drive parameters
    case 0x0D:  // alternate reset
    case 0x10:  // test drive ready
    case 0x11:  // recalibrate
    case 0x14:  // controller internal diagnostic
      return Finish(call, kOk);
    case 0x41:
    case 0x42:
    case 0x43:
    case 0x44:
    case 0x47:
    case 0x48:
      return ExtendedService(call, *image);
    default:
      bios.LogUnimplemented(FunctionName(function, "fixed disk"));
      return Finish(call, kBadCommand);
  }
}

}  // namespace m86::disk
