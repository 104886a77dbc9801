// The digest's hash: FNV-1a over the bytes of every result and report, and the sink that feeds
// one operation's bytes both to the total and to its function's own digest (for --verbose).
#pragma once
#include <cstdint>

#include "cpu/fpu/float80.h"

namespace m86::digest {

// FNV-1a over bytes; multi-byte values go in little-endian order whatever the host's.
struct Fnv1a {
  uint64_t h = 0xCBF29CE484222325ull;
  void Byte(uint8_t b) { h = (h ^ b) * 0x100000001B3ull; }
  void Word(uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) Byte(static_cast<uint8_t>(v >> (8 * i)));
  }
  void Value(const fpu::Float80& x) {
    Word(x.mant, 8);
    Word(x.sign_exp, 2);
  }
};

// What one operation hands to the digest: its results and everything it reports.
struct Sink {
  Fnv1a* total;
  Fnv1a* own;
  void Word(uint64_t v, int bytes) {
    total->Word(v, bytes);
    own->Word(v, bytes);
  }
  void Value(const fpu::Float80& x) {
    total->Value(x);
    own->Value(x);
  }
};

}  // namespace m86::digest
