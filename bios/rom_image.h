// Loading firmware ROM images from files.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace m86 {

struct RomImage {
  std::vector<uint8_t> bytes;
  std::string error;  // empty on success: one line naming the problem otherwise
};

// Reads a ROM image: a regular, non-empty file of at most `max_size` bytes. Images shorter than
// a power of two are padded at the front with 0xFF so that their last byte stays last (the
// reset vector sits in the final 16 bytes).
RomImage LoadRomImage(const std::string& path, uint32_t max_size);

}  // namespace m86
