#include "bios/eltorito.h"

#include <cstring>
#include <vector>

#include "bios/bda.h"
#include "bios/bios.h"
#include "cpu/le_bytes.h"

namespace m86::eltorito {
namespace {

constexpr uint32_t kBootRecordLba = 17;  // section 2.0: the Boot Record Volume Descriptor
constexpr char kBootSystemId[] = "EL TORITO SPECIFICATION";
constexpr uint8_t kPlatform80x86 = 0x00;
constexpr uint8_t kBootable = 0x88;

}  // namespace

bool ReadBlock(DiskImage& cd, uint64_t lba, uint8_t* out) {
  if ((lba + 1) * kBlockSize > cd.size()) return false;
  return cd.ReadSectors(lba * kSectorsPerBlock, std::span<uint8_t>(out, kBlockSize));
}

std::optional<BootEntry> FindBootEntry(DiskImage& cd, std::string* why) {
  std::vector<uint8_t> block(kBlockSize);
  // Section 2.0, figure 7: indicator 0, "CD001", version 1, the boot system identifier padded
  // with zeros to 32 bytes, and at 47h the absolute block of the boot catalog.
  if (!ReadBlock(cd, kBootRecordLba, block.data())) {
    *why = "no boot record volume descriptor (sector 17 is missing)";
    return std::nullopt;
  }
  char system_id[32] = {};
  std::memcpy(system_id, kBootSystemId, sizeof kBootSystemId - 1);
  if (block[0] != 0 || std::memcmp(&block[1], "CD001\x01", 6) != 0 ||
      std::memcmp(&block[7], system_id, sizeof system_id) != 0) {
    *why = "no El Torito boot record at sector 17";
    return std::nullopt;
  }
  const uint32_t catalog = LoadLe<uint32_t>(&block[0x47]);
  if (!ReadBlock(cd, catalog, block.data())) {
    *why = "the boot catalog lies past the end of the image";
    return std::nullopt;
  }
  // Section 2.1: the validation entry, header 01h, platform, key 55h AAh, and a checksum word
  // that makes the sum of its sixteen words zero.
  uint16_t sum = 0;
  for (int i = 0; i < 32; i += 2) sum = static_cast<uint16_t>(sum + LoadLe<uint16_t>(&block[i]));
  if (block[0] != 0x01 || block[0x1E] != 0x55 || block[0x1F] != 0xAA || sum != 0) {
    *why = "the boot catalog's validation entry is invalid";
    return std::nullopt;
  }
  if (block[1] != kPlatform80x86) {
    *why = "the boot catalog is not for 80x86 PCs";
    return std::nullopt;
  }
  // Section 2.2: the initial/default entry follows at 20h.
  const uint8_t* entry = &block[0x20];
  if (entry[0] != kBootable) {
    *why = "the boot catalog's default entry is not bootable";
    return std::nullopt;
  }
  BootEntry e{};
  e.media = entry[1] & 0x0F;
  e.load_segment = LoadLe<uint16_t>(&entry[2]);
  if (e.load_segment == 0) e.load_segment = kDefaultLoadSegment;
  e.system_type = entry[4];
  e.sector_count = LoadLe<uint16_t>(&entry[6]);
  e.load_rba = LoadLe<uint32_t>(&entry[8]);
  return e;
}

std::optional<uint16_t> LoadBootImage(Bios& bios) {
  DiskImage* cd = bios.cdrom();
  if (!cd) return std::nullopt;
  std::string why;
  const std::optional<BootEntry> entry = FindBootEntry(*cd, &why);
  if (!entry) {
    bios.LogOnce("CD-ROM not bootable: " + why);
    return std::nullopt;
  }
  if (entry->media != static_cast<uint8_t>(Media::kNoEmulation)) {
    // Sections 3 and 4: the image would become drive 00h or 80h, served from the CD.
    bios.LogUnimplemented(std::string("El Torito ") +
                          (entry->media == static_cast<uint8_t>(Media::kHardDisk)
                               ? "hard disk" : "floppy") +
                          " emulation: the CD is not booted");
    return std::nullopt;
  }
  // Some catalogs say 0 sectors; the image has at least its first sector, which is what
  // such CDs expect to be loaded.
  const uint32_t sectors = entry->sector_count ? entry->sector_count : 1;
  const uint32_t start = uint32_t{entry->load_segment} << 4;
  const uint32_t end = start + sectors * kSectorSize;
  const uint32_t top = uint32_t{bios.Peek16(bda::kMemoryKb)} * 1024;  // below the EBDA
  if (start < 0x500 || end > top) {
    bios.LogOnce("CD-ROM not bootable: the boot image does not fit in conventional memory");
    return std::nullopt;
  }
  std::vector<uint8_t> image(size_t{sectors} * kSectorSize);
  const uint64_t first = uint64_t{entry->load_rba} * kSectorsPerBlock;
  if (first + sectors > cd->size() / kSectorSize || !cd->ReadSectors(first, image)) {
    bios.LogOnce("CD-ROM not bootable: the boot image lies past the end of the image");
    return std::nullopt;
  }
  bios.memory().WriteBytes(start, image);
  BiosState& s = bios.state;
  s.cd_booted = true;
  s.cd_media = entry->media;
  s.cd_load_segment = entry->load_segment;
  s.cd_sector_count = entry->sector_count;
  s.cd_image_lba = entry->load_rba;
  return entry->load_segment;
}

}  // namespace m86::eltorito
