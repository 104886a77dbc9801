// Instruction bytes as text for failure messages of the decoder tests.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

namespace m86 {

inline std::string Hex(const uint8_t* bytes, size_t n) {
  std::string s;
  char buf[4];
  for (size_t i = 0; i < n; ++i) {
    std::snprintf(buf, sizeof buf, "%02X ", bytes[i]);
    s += buf;
  }
  return s;
}

}  // namespace m86
