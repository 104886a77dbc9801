#include "bios/rom_image.h"

#include <filesystem>
#include <fstream>

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
  // The size decides before anything is read: a wrong file of gigabytes fails at once.
  const uintmax_t file_size = std::filesystem::file_size(path, ec);
  if (ec) {
    rom.error = "ROM image '" + path + "' cannot be read";
    return rom;
  }
  if (file_size == 0) {
    rom.error = "ROM image '" + path + "' is empty";
    return rom;
  }
  if (file_size < kMinRomSize) {
    rom.error = "ROM image '" + path + "' has " + std::to_string(file_size) +
                " bytes: it must hold the reset vector's last " + std::to_string(kMinRomSize) +
                " bytes";
    return rom;
  }
  if (file_size > max_size) {
    rom.error = "ROM image '" + path + "' is larger than " + std::to_string(max_size / 1024) + " KiB";
    return rom;
  }
  std::vector<char> data(static_cast<size_t>(file_size));
  std::ifstream in(path, std::ios::binary);
  if (!in.read(data.data(), static_cast<std::streamsize>(data.size()))) {
    rom.error = "ROM image '" + path + "' cannot be read";
    return rom;
  }
  size_t size = 4096;
  while (size < data.size()) size <<= 1;
  rom.bytes.assign(size - data.size(), 0xFF);
  rom.bytes.insert(rom.bytes.end(), data.begin(), data.end());
  return rom;
}

}  // namespace m86
