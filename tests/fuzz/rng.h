// A small deterministic random generator (SplitMix64): the same seed gives the same cases on
// every host and standard library, which std:: distributions do not promise.
#ifndef M86_TESTS_FUZZ_RNG_H_
#define M86_TESTS_FUZZ_RNG_H_

#include <cstddef>
#include <cstdint>

namespace m86::fuzz {

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint32_t U32() { return static_cast<uint32_t>(Next() >> 32); }
  // Uniform in [0, n); n > 0.
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>((Next() >> 32) * n >> 32); }
  // True with probability percent / 100.
  bool Percent(uint32_t percent) { return Below(100) < percent; }
  template <typename T, size_t N>
  const T& Pick(const T (&items)[N]) { return items[Below(N)]; }

 private:
  uint64_t state_;
};

// The seed of case `index` in a run with `seed`: cases can be regenerated one by one.
inline uint64_t CaseSeed(uint64_t seed, uint64_t index) {
  Rng mix(seed ^ (index * 0xD1B54A32D192ED03ull));
  return mix.Next();
}

}  // namespace m86::fuzz

#endif  // M86_TESTS_FUZZ_RNG_H_
