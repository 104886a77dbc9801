// Building IDENTIFY DEVICE and IDENTIFY PACKET DEVICE data (ATA/ATAPI-6, T13/1410D, 8.15 and
// 8.16): 256 little-endian words; strings are space-padded with the first character of each
// pair in the word's high byte (ATA-6 3.2.9).
#pragma once
#include <cstdint>
#include <span>
#include <string_view>

namespace m86 {

inline void PutIdentifyWord(std::span<uint8_t> id, int word, uint16_t value) {
  id[2 * word] = static_cast<uint8_t>(value);
  id[2 * word + 1] = static_cast<uint8_t>(value >> 8);
}

inline void PutIdentifyString(std::span<uint8_t> id, int first_word, int words, std::string_view text) {
  for (int i = 0; i < 2 * words; ++i) {
    const char c = i < static_cast<int>(text.size()) ? text[i] : ' ';
    id[2 * first_word + (i ^ 1)] = static_cast<uint8_t>(c);
  }
}

// The strings both device kinds report.
constexpr std::string_view kIdentifyFirmware = "1.0";

}  // namespace m86
