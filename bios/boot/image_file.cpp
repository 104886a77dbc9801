#include "bios/boot/image_file.h"

#include <filesystem>
#include <fstream>

namespace m86 {

bool ReadImageFile(const std::string& what, const std::string& path, uint64_t max_size,
                   std::vector<uint8_t>* out, std::string* error) {
  const std::string name = what + " '" + path + "'";
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    *error = name + " does not exist";
    return false;
  }
  if (!std::filesystem::is_regular_file(status)) {
    *error = name + " is not a regular file";
    return false;
  }
  const uintmax_t file_size = std::filesystem::file_size(path, ec);
  if (ec) {
    *error = name + " cannot be read";
    return false;
  }
  if (file_size == 0) {
    *error = name + " is empty";
    return false;
  }
  if (file_size > max_size) {
    *error = name + " is larger than " +
             (max_size >= (1u << 20) ? std::to_string(max_size >> 20) + " MiB"
                                     : std::to_string(max_size >> 10) + " KiB");
    return false;
  }
  out->resize(static_cast<size_t>(file_size));
  std::ifstream in(path, std::ios::binary);
  if (!in.read(reinterpret_cast<char*>(out->data()), static_cast<std::streamsize>(out->size()))) {
    *error = name + " cannot be read";
    return false;
  }
  return true;
}

}  // namespace m86
