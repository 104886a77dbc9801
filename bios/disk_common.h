// What the INT 13h services share: the status codes, the logical geometry of a hard disk
// image, and the copy between a disk image and guest memory (bios/int13_*.cpp).
#pragma once
#include <cstdint>
#include <string>

#include "bios/bios.h"

namespace m86::disk {

// INT 13h status codes (IBM PC AT Technical Reference, diskette and fixed disk BIOS; Ralf
// Brown's Interrupt List, table 00234).
constexpr uint8_t kOk = 0x00;
constexpr uint8_t kBadCommand = 0x01;      // invalid function or parameter
constexpr uint8_t kWriteProtected = 0x03;
constexpr uint8_t kSectorNotFound = 0x04;
constexpr uint8_t kChangeLine = 0x06;      // diskette changed (or no change line)
constexpr uint8_t kParamFailed = 0x07;     // fixed disk: drive parameter activity failed
constexpr uint8_t kDmaBoundary = 0x09;     // transfer crosses a 64 KiB boundary
constexpr uint8_t kMediaUnsupported = 0x0C;
constexpr uint8_t kReadError = 0x10;       // uncorrectable CRC/ECC error
constexpr uint8_t kControllerFailed = 0x20;
constexpr uint8_t kSeekFailed = 0x40;
constexpr uint8_t kTimeout = 0x80;         // drive not ready / no medium

struct Chs {
  uint32_t cylinders, heads, sectors;
};

// The logical (translated) geometry the BIOS reports for a hard disk image: 63 sectors per
// track, 16 heads up to 504 MiB and 255 above, at most 1024 cylinders (the usual INT 13h
// translation, so that CHS and LBA agree with partition tables written elsewhere). At least
// one cylinder, so a tiny image still has a geometry. Matches post.cpp's INT 41h/46h tables.
Chs HardDiskGeometry(uint64_t bytes);

// The register form of a CHS address: CH = cylinder bits 7-0, CL bits 7-6 = cylinder bits
// 9-8, CL bits 5-0 = sector (1-based), DH = head.
struct ChsAddress {
  uint32_t cylinder, head, sector;
};
ChsAddress ChsFromRegisters(BiosCall& call);
// CX as INT 13h AH=08h returns it for the highest cylinder and sector number.
uint16_t PackCylinderSector(uint32_t max_cylinder, uint32_t max_sector);

enum class Direction { kRead, kWrite, kVerify };

struct TransferResult {
  uint32_t sectors;  // completed
  uint8_t status;    // kOk, or the error that stopped the transfer
};

// Moves `count` sectors starting at `lba` between `image` and guest memory at segment:offset.
// The buffer advances linearly through memory (it does not wrap within the segment); callers
// check the 64 KiB limits they promise beforehand. Sectors past the end of the image stop the
// transfer with kSectorNotFound; a host I/O error with kReadError / kControllerFailed.
TransferResult Transfer(BiosCall& call, DiskImage& image, uint64_t lba, uint32_t count,
                        uint16_t seg, uint16_t off, Direction dir);
// The same with a flat physical buffer address (EDD 3.0 64-bit buffer), below 4 GiB.
TransferResult TransferPhysical(PhysicalMemory& memory, DiskImage& image, uint64_t lba,
                                uint32_t count, uint64_t phys, Direction dir);

// The disk address packet of AH=42h-44h and 47h at DS:SI (Phoenix EDD 3.0, "Device Address
// Packet"; RBIL table 00272).
struct AddressPacket {
  uint8_t size;
  uint16_t count;  // blocks
  uint16_t buffer_off, buffer_seg;
  uint64_t lba;
  uint64_t flat;  // used when the buffer is FFFF:FFFF and the packet is 18h bytes or more
  // The 64-bit flat buffer address applies (EDD 3.0).
  bool is_flat() const { return size >= 0x18 && buffer_seg == 0xFFFF && buffer_off == 0xFFFF; }
};
AddressPacket ReadAddressPacket(BiosCall& call);

// AH=41h, the installation check: BX = 55AAh in, AAh 55h out with AH = the EDD version and CX
// = the subsets supported (bit 0: extended disk access).
uint8_t InstallationCheck(BiosCall& call, uint8_t version, uint16_t subsets);
// AH=47h, extended seek: only the packet's address is checked against `blocks`.
uint8_t ExtendedSeek(BiosCall& call, uint64_t blocks);

// Sets AH = status and CF = (status != 0) as every INT 13h function returns; gives `status`.
inline uint8_t Finish(BiosCall& call, uint8_t status) {
  call.set_ah(status);
  call.SetCarry(status != kOk);
  return status;
}

// The three families of INT 13h functions (bios/int13_floppy.cpp, int13_hard_disk.cpp,
// int13_edd.cpp). Each sets the caller's registers and returns the status the dispatcher
// records in the BIOS data area.
uint8_t FloppyService(Bios& bios, BiosCall& call);
uint8_t HardDiskService(Bios& bios, BiosCall& call);
uint8_t ExtendedService(BiosCall& call, DiskImage& image);
// The CD drive E0h (bios/int13_cdrom.cpp): 2048-byte blocks, El Torito's AH=4Bh.
uint8_t CdromService(Bios& bios, BiosCall& call);

// "INT 13h AH=xxh" for the log.
std::string FunctionName(uint8_t ah, const char* what);

}  // namespace m86::disk
