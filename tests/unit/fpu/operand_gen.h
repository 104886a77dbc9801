// Random x87 operands weighted toward the special values and the boundaries where rounding,
// overflow and underflow decide (zeros, denormals, pseudo-denormals, unsupported encodings,
// infinities, NaNs with random payloads, thresholds of each precision, halfway significands).
// Every draw is its own statement: C++ leaves the order of operands and arguments unspecified,
// and a seed must give the same operands on every host and compiler.
#pragma once
#include <cstdint>

#include "cpu/fpu/float80.h"

namespace m86::fpu::test {

class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed ? seed : 0x9E3779B97F4A7C15ull) {}
  uint64_t Next() {  // xorshift64*
    s_ ^= s_ >> 12;
    s_ ^= s_ << 25;
    s_ ^= s_ >> 27;
    return s_ * 0x2545F4914F6CDD1Dull;
  }
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>(Next() % n); }
  bool Chance(uint32_t one_in) { return Below(one_in) == 0; }

 private:
  uint64_t s_;
};

// A significand (without regard to the integer bit) with structure: random, few set bits,
// all ones, or exactly / nearly halfway at the 24-, 53- or 64-bit rounding position.
inline uint64_t GenSignificand(Rng& r) {
  uint64_t m = r.Next();
  switch (r.Below(10)) {
    case 0: return m & ~0ull << (64 - 24);         // fits single precision
    case 1: return m & ~0ull << (64 - 53);         // fits double precision
    case 2: return m & ~0ull << (64 - 1 - r.Below(40));  // few bits: exact products
    case 3: return ~0ull << r.Below(4);            // all ones
    case 4: {                                      // halfway or next to it
      int keep = r.Chance(2) ? 24 : 53;
      uint64_t v = (m & ~0ull << (64 - keep)) | (1ull << (63 - keep));
      switch (r.Below(3)) {
        case 0: return v;
        case 1: return v + 1;
        default: return v - 1;
      }
    }
    case 5: return 1ull << r.Below(64);
    default: return m;
  }
}

// Biased exponents of interest: the extended limits, the single/double limits (for stores and
// precision-controlled underflow), integer-conversion limits and the neighbourhood of 1.
inline int32_t GenExponent(Rng& r) {
  static constexpr int32_t kCenters[] = {
      1, 0x7FFE, 16383, 16383 - 126, 16383 - 149, 16383 + 127, 16383 - 1022, 16383 - 1074,
      16383 + 1023, 16383 + 15, 16383 + 31, 16383 + 63, 16383 + 59, 16383 - 64, 64, 0x7FFE - 64};
  switch (r.Below(4)) {
    case 0: return 1 + static_cast<int32_t>(r.Below(0x7FFE));
    default: {
      int32_t e = kCenters[r.Below(sizeof(kCenters) / sizeof(kCenters[0]))];
      e += static_cast<int32_t>(r.Below(7)) - 3;
      return e < 1 ? 1 : e > 0x7FFE ? 0x7FFE : e;
    }
  }
}

inline Float80 MakeF(bool sign, uint32_t exp, uint64_t mant) {
  return Float80{mant, static_cast<uint16_t>((sign ? 0x8000 : 0) | (exp & 0x7FFF))};
}

inline Float80 GenFloat80(Rng& r) {
  bool s = r.Chance(2);
  uint64_t m = GenSignificand(r);
  switch (r.Below(24)) {
    case 0: return MakeF(s, 0, 0);
    case 1: case 2: {  // denormal
      uint64_t mant = m >> (1 + r.Below(63));
      return MakeF(s, 0, mant | r.Chance(8));
    }
    case 3: return MakeF(s, 0, m | 1ull << 63);                               // pseudo-denormal
    case 4: return MakeF(s, 1 + r.Below(0x7FFE), m >> 1);                     // unnormal/pseudo-0
    case 5: return MakeF(s, 0x7FFF, r.Chance(2) ? 0 : m >> 1);                // pseudo-inf/-NaN
    case 6: return MakeF(s, 0x7FFF, 1ull << 63);                              // infinity
    case 7: return MakeF(s, 0x7FFF, 3ull << 62 | (r.Chance(3) ? 0 : m >> 2));  // QNaN
    case 8: return MakeF(s, 0x7FFF, 1ull << 63 | ((m >> 2) | 1));             // SNaN
    case 9: case 10: return MakeF(s, 16383 + r.Below(70) - 5, m | 1ull << 63);  // integers-ish
    default: return MakeF(s, static_cast<uint32_t>(GenExponent(r)), m | 1ull << 63);
  }
}

// A second operand related to the first: close in exponent (cancellation, exact remainders,
// halfway sums), equal in magnitude, or independent.
inline Float80 GenRelated(Rng& r, const Float80& a) {
  switch (r.Below(6)) {
    case 0: {
      Float80 b = a;
      b.sign_exp ^= r.Chance(2) ? 0x8000 : 0;
      if (r.Chance(2)) b.mant ^= 1ull << r.Below(64);
      return b;
    }
    case 1: {
      int32_t e = static_cast<int32_t>(a.exp()) + static_cast<int32_t>(r.Below(140)) - 70;
      if (e < 1 || e > 0x7FFE) e = 16383;
      bool sign = r.Chance(2);
      return MakeF(sign, static_cast<uint32_t>(e), GenSignificand(r) | 1ull << 63);
    }
    default: return GenFloat80(r);
  }
}

}  // namespace m86::fpu::test
