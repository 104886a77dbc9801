// Canonical linear addresses (SDM Vol. 1, 3.3.7.1): with 48-bit linear addresses, bits 63:47
// are all equal. Loads of 64-bit bases and targets refuse other values with #GP or #SS.
#pragma once
#include <cstdint>

namespace m86 {

inline bool IsCanonical(uint64_t a) {
  const uint64_t top = a >> 47;
  return top == 0 || top == 0x1FFFF;
}

}  // namespace m86
