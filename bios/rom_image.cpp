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

RomImage LoadPcFirmware(const std::string& path) {
  RomImage rom;
  if (!ReadImageFile("firmware image", path, kMaxPcFirmware, &rom.bytes, &rom.error)) return rom;
  if (rom.bytes.size() % (64u << 10) != 0) {
    rom.error = "firmware image '" + path + "' has " + std::to_string(rom.bytes.size()) +
                " bytes: it must be 64, 128, 192 or 256 KiB";
    rom.bytes.clear();
  }
  return rom;
}

RomImage LoadOptionRom(const std::string& path) {
  RomImage rom;
  if (!ReadImageFile("option ROM", path, kMaxPcFirmware, &rom.bytes, &rom.error)) return rom;
  if (rom.bytes.size() < 3 || rom.bytes[0] != 0x55 || rom.bytes[1] != 0xAA) {
    rom.error = "option ROM '" + path + "' does not start with the signature 55 AA";
    rom.bytes.clear();
  }
  return rom;
}

}  // namespace m86
