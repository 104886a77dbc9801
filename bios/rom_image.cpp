#include "bios/rom_image.h"

#include <filesystem>
#include <fstream>
#include <iterator>

namespace m86 {

RomImage LoadRomImage(const std::string& path, uint32_t max_size) {
  RomImage rom;
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    rom.error = "ROM image '" + path + "' does not exist";
    return rom;
  }
  if (!std::filesystem::is_regular_file(status)) {
    rom.error = "ROM image '" + path + "' is not a regular file";
    return rom;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    rom.error = "ROM image '" + path + "' cannot be read";
    return rom;
  }
  std::vector<uint8_t> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (data.empty()) {
    rom.error = "ROM image '" + path + "' is empty";
    return rom;
  }
  if (data.size() > max_size) {
    rom.error = "ROM image '" + path + "' is larger than " + std::to_string(max_size / 1024) + " KiB";
    return rom;
  }
  size_t size = 4096;
  while (size < data.size()) size <<= 1;
  rom.bytes.assign(size - data.size(), 0xFF);
  rom.bytes.insert(rom.bytes.end(), data.begin(), data.end());
  return rom;
}

}  // namespace m86
