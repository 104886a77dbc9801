// IDENTIFY DEVICE data of an ATA disk (ATA/ATAPI-6, T13/1410D, 8.15, Table 17): geometry and
// capacities computed from the image, the supported feature sets and transfer modes.
#include <algorithm>
#include <string>

#include "devices/ide/ata_disk.h"
#include "devices/ide/ata_identify.h"

namespace m86 {

void AtaDisk::BuildIdentify(std::span<uint8_t> id) const {
  const AtaDeviceState& s = state();
  std::fill(id.begin(), id.end(), 0);
  const auto put = [&](int word, uint16_t value) { PutIdentifyWord(id, word, value); };
  put(0, 0x0040);  // fixed device, not removable
  put(1, DefaultCylinders());
  put(3, kHeads);
  put(6, kSectorsPerTrack);
  PutIdentifyString(id, 10, 10, "MORPH86-HD" + std::to_string(unit()));
  PutIdentifyString(id, 23, 4, kIdentifyFirmware);
  PutIdentifyString(id, 27, 20, "MORPH86 HARDDISK");
  put(47, 0x8000 | kMaxMultiple);  // READ/WRITE MULTIPLE: at most 16 sectors per block
  put(49, 0x0F00);  // IORDY supported and may be disabled, LBA, DMA
  put(50, 0x4000);
  put(51, 0x0200);  // PIO timing mode 2 (obsolete field)
  put(53, 0x0007);  // words 54-58, 64-70 and 88 are valid
  // Words 54-58: the current CHS translation and its capacity.
  put(54, s.cur_cylinders);
  put(55, s.cur_heads);
  put(56, s.cur_sectors);
  const uint32_t chs_capacity = uint32_t{s.cur_cylinders} * s.cur_heads * s.cur_sectors;
  put(57, static_cast<uint16_t>(chs_capacity));
  put(58, static_cast<uint16_t>(chs_capacity >> 16));
  put(59, s.multiple ? 0x0100 | s.multiple : 0);  // bit 8: the multiple setting is valid
  const uint32_t lba28 = static_cast<uint32_t>(std::min<uint64_t>(sectors_, 0x0FFFFFFF));
  put(60, static_cast<uint16_t>(lba28));
  put(61, static_cast<uint16_t>(lba28 >> 16));
  // Multiword DMA 0-2 and Ultra DMA 0-5 supported; the selected mode's bit in the high byte.
  const uint8_t mode = s.transfer_mode;
  put(63, 0x0007 | (mode >= 0x20 && mode <= 0x22 ? 0x100 << (mode - 0x20) : 0));
  put(64, 0x0003);  // PIO modes 3 and 4
  for (int word = 65; word <= 68; ++word) put(word, 120);  // minimum cycle times (ns)
  put(80, 0x00F0);  // ATA/ATAPI-4 to -7
  put(82, 0x0028);  // write cache, power management
  put(83, 0x7400);  // FLUSH CACHE EXT, FLUSH CACHE, 48-bit addresses
  put(84, 0x4000);
  put(85, static_cast<uint16_t>(0x0008 | (s.write_cache ? 0x0020 : 0)));
  put(86, 0x3400);
  put(87, 0x4000);
  put(88, 0x003F | (mode >= 0x40 && mode <= 0x45 ? 0x100 << (mode - 0x40) : 0));
  for (int i = 0; i < 4; ++i) put(100 + i, static_cast<uint16_t>(sectors_ >> (16 * i)));
}

}  // namespace m86
