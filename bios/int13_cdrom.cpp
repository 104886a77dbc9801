// INT 13h for the CD drive E0h: the EDD functions in 2048-byte blocks (Phoenix "BIOS Enhanced
// Disk Drive Specification" 3.0; RBIL "IBM/MS INT 13 Extensions") and El Torito's AH=4Bh
// ("El Torito" Bootable CD-ROM Format Specification 1.0, section 5). A CD has no CHS geometry,
// so the AT functions that take one fail, as on the BIOSes that boot loaders were written for;
// writes report write protection. The data comes straight from the image, as for the other
// drives; the IDE controller sees the same image for the operating system's own driver.
#include "bios/bda.h"
#include "bios/disk_common.h"
#include "bios/eltorito.h"

namespace m86::disk {
namespace {

using eltorito::kSectorsPerBlock;

constexpr uint8_t kEddVersion = 0x30;  // EDD 3.0: AH=48h has the device path
constexpr uint16_t kSubsetExtendedAccess = 0x0001;
// Where devices/pc/pc_board.cpp plugs the PIIX3 IDE function: bus 0, device 1, function 1.
constexpr uint8_t kIdePciDevice = 1, kIdePciFunction = 1;

uint64_t Blocks(const DiskImage& cd) { return cd.size() / eltorito::kBlockSize; }

// AH=42h/44h: the packet counts 2048-byte blocks; its count is rewritten with the blocks done.
uint8_t Access(BiosCall& call, DiskImage& cd, Direction dir) {
  const AddressPacket p = ReadAddressPacket(call);
  if (p.size < 0x10) return Finish(call, kBadCommand);
  const uint16_t count_at = static_cast<uint16_t>(call.si() + 2);
  const uint64_t lba = p.lba * kSectorsPerBlock;
  const uint32_t sectors = uint32_t{p.count} * kSectorsPerBlock;
  TransferResult r{};
  if (p.lba >= Blocks(cd) && p.count > 0) {
    r = {0, kSectorNotFound};
  } else if (p.is_flat()) {
    r = TransferPhysical(call.cpu().memory(), cd, lba, sectors, p.flat, dir);
  } else {
    r = Transfer(call, cd, lba, sectors, p.buffer_seg, p.buffer_off, dir);
  }
  call.Write16(call.ds(), count_at, static_cast<uint16_t>(r.sectors / kSectorsPerBlock));
  return Finish(call, r.status);
}

// AH=48h (EDD 3.0, "Get Device Parameters"; RBIL tables 00273-00276): 2048-byte sectors, no
// CHS geometry, removable; with room for 42h bytes the device path too: PCI host bus (the
// PIIX3 at 00:01.1, channel in byte 3 as EDD-3 of T13 adds it), ATAPI, master or slave.
uint8_t DriveParameters(Bios& bios, BiosCall& call, DiskImage& cd) {
  const uint16_t ds = call.ds(), si = call.si();
  const uint16_t room = call.Read16(ds, si);
  if (room < 0x1A) return Finish(call, kBadCommand);
  auto at = [si](int offset) { return static_cast<uint16_t>(si + offset); };
  const uint16_t size = room >= 0x42 ? 0x42 : room >= 0x1E ? 0x1E : 0x1A;
  call.Write16(ds, si, size);
  // Flags: bit 0 DMA boundary errors handled transparently, bit 2 removable media; bit 1 (CHS
  // valid) clear, and the CHS fields zero.
  call.Write16(ds, at(0x02), 0x0005);
  for (int offset = 0x04; offset < 0x10; offset += 4) call.Write32(ds, at(offset), 0);
  const uint64_t total = Blocks(cd);
  call.Write32(ds, at(0x10), static_cast<uint32_t>(total));
  call.Write32(ds, at(0x14), static_cast<uint32_t>(total >> 32));
  call.Write16(ds, at(0x18), static_cast<uint16_t>(eltorito::kBlockSize));
  if (size < 0x1E) return Finish(call, kOk);
  call.Write32(ds, at(0x1A), 0xFFFFFFFFu);  // no device parameter table extension
  if (size < 0x42) return Finish(call, kOk);
  const int unit = bios.cdrom_ide_unit();
  uint8_t path[0x24] = {};  // 1Eh-41h
  path[0x00] = 0xDD;        // key BEDDh
  path[0x01] = 0xBE;
  path[0x02] = 0x24;        // length of the device path information, key included
  const char bus[] = "PCI ", interface[] = "ATAPI   ";
  for (int i = 0; i < 4; ++i) path[0x06 + i] = static_cast<uint8_t>(bus[i]);
  for (int i = 0; i < 8; ++i) path[0x0A + i] = static_cast<uint8_t>(interface[i]);
  path[0x12] = 0;  // interface path: PCI bus, device, function, channel
  path[0x13] = kIdePciDevice;
  path[0x14] = kIdePciFunction;
  path[0x15] = static_cast<uint8_t>(unit / 2);
  path[0x1A] = static_cast<uint8_t>(unit % 2);  // device path: master 0 / slave 1, LUN 0
  uint8_t sum = 0;
  for (int i = 0; i < 0x23; ++i) sum = static_cast<uint8_t>(sum + path[i]);
  path[0x23] = static_cast<uint8_t>(-sum);  // the bytes 1Eh-41h add up to zero
  for (int i = 0; i < 0x24; ++i) call.Write8(ds, at(0x1E + i), path[i]);
  return Finish(call, kOk);
}

// AH=4Bh AL=00h (terminate emulation) and 01h (status): the specification packet of section
// 5.3 at DS:SI. With no emulation there is nothing to terminate; both report the boot.
uint8_t EmulationStatus(Bios& bios, BiosCall& call) {
  if (call.al() > 0x01) return Finish(call, kBadCommand);
  const BiosState& s = bios.state;
  const int unit = bios.cdrom_ide_unit();
  const uint16_t ds = call.ds(), si = call.si();
  auto at = [si](int offset) { return static_cast<uint16_t>(si + offset); };
  call.Write8(ds, si, 0x13);                                   // packet size
  call.Write8(ds, at(0x01), s.cd_booted ? s.cd_media : 0);     // boot media type
  call.Write8(ds, at(0x02), eltorito::kCdDrive);               // drive number
  call.Write8(ds, at(0x03), static_cast<uint8_t>(unit / 2));   // controller: the IDE channel
  call.Write32(ds, at(0x04), s.cd_booted ? s.cd_image_lba : 0);  // the image's block
  call.Write16(ds, at(0x08), static_cast<uint16_t>(unit % 2));  // IDE: bit 0 = slave
  call.Write16(ds, at(0x0A), 0);                               // no 3K user buffer
  call.Write16(ds, at(0x0C), s.cd_booted ? s.cd_load_segment : 0);
  call.Write16(ds, at(0x0E), s.cd_booted ? s.cd_sector_count : 0);
  call.Write8(ds, at(0x10), 0);  // emulated CHS geometry: none without emulation
  call.Write8(ds, at(0x11), 0);
  call.Write8(ds, at(0x12), 0);
  return Finish(call, kOk);
}

}  // namespace

uint8_t CdromService(Bios& bios, BiosCall& call) {
  DiskImage& cd = *bios.cdrom();
  const uint8_t function = call.ah();
  switch (function) {
    case 0x00:  // reset
    case 0x0D:  // alternate reset
    case 0x10:  // test drive ready
      return Finish(call, kOk);
    case 0x01:
      return Finish(call, bios.Peek8(bda::kHdStatus));
    case 0x02:  // CHS read/verify: the CD has no CHS geometry
    case 0x04:
    case 0x08:  // drive parameters: not for CD-ROMs
    case 0x0C:
      return Finish(call, kBadCommand);
    case 0x03:  // writes
    case 0x05:
      return Finish(call, kWriteProtected);
    case 0x15:  // drive type: removable with change-line support (RBIL INT 13h AH=15h)
      call.set_ah(0x02);
      call.SetCarry(false);
      return kOk;
    case 0x41:
      return InstallationCheck(call, kEddVersion, kSubsetExtendedAccess);
    case 0x42:
      return Access(call, cd, Direction::kRead);
    case 0x43:
      call.Write16(call.ds(), static_cast<uint16_t>(call.si() + 2), 0);
      return Finish(call, kWriteProtected);
    case 0x44:
      return Access(call, cd, Direction::kVerify);
    case 0x47:
      return ExtendedSeek(call, Blocks(cd));
    case 0x48:
      return DriveParameters(bios, call, cd);
    case 0x4B:
      return EmulationStatus(bios, call);
    default:
      bios.LogUnimplemented(FunctionName(function, "CD-ROM"));
      return Finish(call, kBadCommand);
  }
}

}  // namespace m86::disk
