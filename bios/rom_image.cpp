#include "bios/rom_image.h"

#include "bios/boot/image_file.h"

namespace m86 {

RomImage LoadRomImage(const std::string& path, uint32_t max_size) {
  RomImage rom;
  std::vector<uint8_t> data;
  if (!ReadImageFile("ROM image", path, max_size, &data, &rom.error)) return rom;
  if (data.size() < kMinRomSize) {
    rom.error = "ROM image '" + path + "' has " + std::to_string(data.size()) +
                " bytes: it must hold the reset vector's last " + std::to_string(kMinRomSize) +
                " bytes";
    return rom;
  }
  size_t size = 4096;
  while (size < data.size()) size <<= 1;
  rom.bytes.assign(size - data.size(), 0xFF);
  rom.bytes.insert(rom.bytes.end(), data.begin(), data.end());
  return rom;
}

}  // namespace m86
