// INT 13h extensions for fixed disks, AH=41h-48h (Phoenix "BIOS Enhanced Disk Drive
// Specification" 1.1 and 3.0; Ralf Brown's Interrupt List, "IBM/MS INT 13 Extensions").
// The BIOS reports version 2.1 (EDD-1.1) with the extended disk access subset only: 42h-44h,
// 47h, 48h. There is no removable-media support (45h, 46h, 49h) and no device parameter
// table extension, since no ATA controller stands behind the disks.
#include "bios/disk_common.h"

namespace m86::disk {
namespace {

constexpr uint8_t kVersion = 0x21;           // EDD-1.1
constexpr uint16_t kSubsetExtendedAccess = 0x0001;

// AH=42h/43h/44h: the packet's block count is rewritten with the blocks actually done.
uint8_t Access(BiosCall& call, DiskImage& image, Direction dir) {
  const AddressPacket p = ReadAddressPacket(call);
  if (p.size < 0x10) return Finish(call, kBadCommand);
  if (dir == Direction::kWrite && call.al() > 0x02) return Finish(call, kBadCommand);  // write flags
  const uint16_t count_at = static_cast<uint16_t>(call.si() + 2);
  if (dir == Direction::kWrite && image.read_only()) {
    call.Write16(call.ds(), count_at, 0);
    return Finish(call, kWriteProtected);
  }
  const TransferResult r =
      p.is_flat() ? TransferPhysical(call.cpu().memory(), image, p.lba, p.count, p.flat, dir)
           : Transfer(call, image, p.lba, p.count, p.buffer_seg, p.buffer_off, dir);
  call.Write16(call.ds(), count_at, static_cast<uint16_t>(r.sectors));
  return Finish(call, r.status);
}

// AH=48h: the result buffer's size word says how much the caller can take: 1Ah bytes (EDD
// 1.1), 1Eh with the DPTE pointer (EDD 2.0+, FFFF:FFFF = none). Less than 1Ah is an error.
uint8_t DriveParameters(BiosCall& call, DiskImage& image) {
  const uint16_t ds = call.ds(), si = call.si();
  const uint16_t room = call.Read16(ds, si);
  if (room < 0x1A) return Finish(call, kBadCommand);
  auto at = [si](int offset) { return static_cast<uint16_t>(si + offset); };
  const Chs g = HardDiskGeometry(image.size());
  const uint64_t total = image.size() / kSectorSize;
  // Bit 0: DMA boundary errors are handled transparently; bit 1: the CHS fields are valid
  // (the geometry describes the whole disk, i.e. the cylinder count was not capped).
  const bool chs_valid = total <= 1024ull * 255 * 63;
  const uint16_t size = room >= 0x1E ? 0x1E : 0x1A;
  call.Write16(ds, si, size);
  call.Write16(ds, at(0x02), chs_valid ? 0x0003 : 0x0001);
  call.Write32(ds, at(0x04), g.cylinders);
  call.Write32(ds, at(0x08), g.heads);
  call.Write32(ds, at(0x0C), g.sectors);
  call.Write32(ds, at(0x10), static_cast<uint32_t>(total));
  call.Write32(ds, at(0x14), static_cast<uint32_t>(total >> 32));
  call.Write16(ds, at(0x18), static_cast<uint16_t>(kSectorSize));
  if (size == 0x1E) call.Write32(ds, at(0x1A), 0xFFFFFFFFu);
  return Finish(call, kOk);
}

}  // namespace

uint8_t ExtendedService(BiosCall& call, DiskImage& image) {
  switch (call.ah()) {
    case 0x41:
      return InstallationCheck(call, kVersion, kSubsetExtendedAccess);
    case 0x42:
      return Access(call, image, Direction::kRead);
    case 0x43:
      return Access(call, image, Direction::kWrite);
    case 0x44:
      return Access(call, image, Direction::kVerify);
    case 0x47:
      return ExtendedSeek(call, image.size() / kSectorSize);
    case 0x48:
      return DriveParameters(call, image);
    default:
      return Finish(call, kBadCommand);
  }
}

}  // namespace m86::disk
