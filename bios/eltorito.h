// Booting from CD-ROM: the "El Torito" Bootable CD-ROM Format Specification 1.0 (Phoenix and
// IBM, 1995). The BIOS reads the Boot Record Volume Descriptor at sector 17, the boot catalog it
// points to, and loads the initial/default entry's image; INT 13h then serves the CD as drive
// E0h in 2048-byte blocks (int13_cdrom.cpp).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "devices/floppy/disk_image.h"

namespace m86 {
class Bios;
}

namespace m86::eltorito {

constexpr uint32_t kBlockSize = 2048;      // a CD-ROM logical block (ISO 9660 6.1.2)
constexpr uint32_t kSectorsPerBlock = kBlockSize / kSectorSize;
// The BIOS drive number of the CD. The spec leaves no-emulation drive numbers to the BIOS
// (81h-FFh, section 5.3); E0h is the number SeaBIOS gives its first CD, which boot loaders have
// met on QEMU for years.
constexpr uint8_t kCdDrive = 0xE0;
constexpr uint16_t kDefaultLoadSegment = 0x07C0;  // section 2.5: a load segment of 0 means 7C0h

// Boot media types of the initial/default entry (section 2.5, offset 1, bits 0-3).
enum class Media : uint8_t { kNoEmulation = 0, kFloppy120 = 1, kFloppy144 = 2, kFloppy288 = 3,
                             kHardDisk = 4 };

// The initial/default entry of the boot catalog (section 2.5).
struct BootEntry {
  uint8_t media;          // Media, the low nibble of offset 1
  uint16_t load_segment;  // 0 in the catalog already replaced by 7C0h
  uint8_t system_type;    // partition type of a hard disk image
  uint16_t sector_count;  // 512-byte virtual sectors to load
  uint32_t load_rba;      // the image's first 2048-byte block
};

// Reads the boot record and the catalog from `cd` (512-byte sectors of an ISO image).
// nullopt with `*why` (one phrase for the log) when the CD is not bootable on a PC.
std::optional<BootEntry> FindBootEntry(DiskImage& cd, std::string* why);

// Reads 2048-byte block `lba` of `cd` into `out` (kBlockSize bytes); false past the end.
bool ReadBlock(DiskImage& cd, uint64_t lba, uint8_t* out);

// INT 19h's CD boot: loads the default entry's image from the BIOS's CD to its load segment
// and records the boot for INT 13h AX=4B01h. The segment to enter at offset 0, or nullopt
// (with a log line) when the CD cannot be booted, so the next device in boot order is tried.
std::optional<uint16_t> LoadBootImage(Bios& bios);

}  // namespace m86::eltorito
