// Little-endian byte assembly for the firmware tables (ACPI, MP, SMBIOS, $PIR): every field is
// written with shifts, so each host builds the same bytes.
#pragma once
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace m86::firmware {

using Bytes = std::vector<uint8_t>;

inline void Put8(Bytes& b, uint8_t v) { b.push_back(v); }
inline void Put16(Bytes& b, uint16_t v) {
  for (int i = 0; i < 2; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
inline void Put32(Bytes& b, uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
inline void Put64(Bytes& b, uint64_t v) {
  for (int i = 0; i < 8; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
// `text` in a field of `width` bytes, padded with `pad`.
inline void PutText(Bytes& b, std::string_view text, size_t width, char pad = ' ') {
  for (size_t i = 0; i < width; ++i) b.push_back(static_cast<uint8_t>(i < text.size() ? text[i] : pad));
}
inline void Set16(Bytes& b, size_t at, uint16_t v) {
  for (int i = 0; i < 2; ++i) b[at + i] = static_cast<uint8_t>(v >> (8 * i));
}
inline void Set32(Bytes& b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<uint8_t>(v >> (8 * i));
}
inline uint16_t Get16(std::span<const uint8_t> b, size_t at) { return static_cast<uint16_t>(b[at] | b[at + 1] << 8); }
inline uint32_t Get32(std::span<const uint8_t> b, size_t at) {
  return b[at] | uint32_t{b[at + 1]} << 8 | uint32_t{b[at + 2]} << 16 | uint32_t{b[at + 3]} << 24;
}

// The byte sum of `bytes` modulo 256 (every table here is valid when this is zero).
inline uint8_t ByteSum(std::span<const uint8_t> bytes) {
  uint8_t sum = 0;
  for (uint8_t v : bytes) sum = static_cast<uint8_t>(sum + v);
  return sum;
}
// Sets b[at] so that b[begin, begin + length) sums to zero.
inline void FixChecksum(Bytes& b, size_t at, size_t begin, size_t length) {
  b[at] = 0;
  b[at] = static_cast<uint8_t>(-ByteSum(std::span<const uint8_t>(b).subspan(begin, length)));
}

}  // namespace m86::firmware
