// Inputs for PCMPESTRI/PCMPESTRM/PCMPISTRI/PCMPISTRM that reach every path of SDM Vol. 2B,
// 4.1: random lanes almost never contain a null or two equal elements, so the strings here
// are drawn from a few letters (equal any, equal each and substring matches are common) plus
// signed and unsigned edge values (ranges differ by signedness), and end early.
#include "string_compare_inputs.h"

#include <climits>
#include <cstring>

namespace m86::test {
namespace {

uint16_t Letter(bool words, std::mt19937_64& rng) {
  static constexpr uint16_t kLetters[2][8] = {
      {'a', 'b', 'c', 'z', 0x80, 0xFF, 0x7F, 0x01},                   // bytes
      {'a', 'b', 'c', 0x7A00, 0x8000, 0xFFFF, 0x7FFF, 0x0080}};      // words
  const uint16_t v = kLetters[words ? 1 : 0][rng() % 8];
  return rng() % 16 == 0 ? static_cast<uint16_t>(rng()) : v;
}

// Writes one 16-byte string to `out`: letters, then (usually) a null at a random element, the
// elements after it random letters again so only the first null counts.
void FillString(uint8_t* out, bool words, std::mt19937_64& rng) {
  const int n = words ? 8 : 16, size = words ? 2 : 1;
  const int null_at = rng() % 4 == 0 ? n : static_cast<int>(rng() % (n + 1));
  for (int i = 0; i < n; ++i) {
    const uint16_t v = i == null_at ? 0 : Letter(words, rng);
    std::memcpy(out + i * size, &v, size);  // little-endian host: the low byte first
  }
}

// An explicit length: in and around 0..n, above 16, negative, and the 32-bit extremes.
uint32_t ExplicitLength(int n, std::mt19937_64& rng) {
  const int64_t choices[] = {0, 1, n - 1, n, n + 1, 16, 17, -1, -n, -n - 1, -16, -17, INT_MIN, INT_MAX,
                             static_cast<int64_t>(rng() % 41) - 20, static_cast<int32_t>(rng())};
  return static_cast<uint32_t>(choices[rng() % std::size(choices)]);
}

}  // namespace

void ShapeStringCompare(int iteration, std::vector<uint8_t>& bytes, SimdState& state, std::mt19937_64& rng) {
  const auto imm = static_cast<uint8_t>(iteration);
  bytes.back() = imm;
  const bool words = imm & 1;
  if (rng() % 8 == 0) return;  // now and then the plain random lanes
  for (auto& x : state.xmm) {
    uint8_t s[16];
    FillString(s, words, rng);
    std::memcpy(x, s, 16);
  }
  for (size_t at = 0; at < sizeof state.mem; at += 16) FillString(state.mem + at, words, rng);
  const int n = words ? 8 : 16;
  state.gpr[0] = ExplicitLength(n, rng);
  state.gpr[2] = ExplicitLength(n, rng);
}

}  // namespace m86::test
