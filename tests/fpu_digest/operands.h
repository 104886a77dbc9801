// Deterministic operand streams for fpu_digest: a 64-bit generator and operands weighted toward
// the encodings where hosts could disagree (specials, rounding boundaries, range edges). Integer
// arithmetic only, so every host draws the very same stream for a seed.
#pragma once
#include <cstdint>

#include "cpu/fpu/float80.h"

namespace m86::digest {

using fpu::Float80;

// SplitMix64: a fixed, well-mixed sequence from any seed.
class Generator {
 public:
  explicit Generator(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>(Next() % n); }
  bool OneIn(uint32_t n) { return Below(n) == 0; }
  int32_t Between(int32_t lo, int32_t hi) {  // inclusive
    return lo + static_cast<int32_t>(Below(static_cast<uint32_t>(hi - lo + 1)));
  }

 private:
  uint64_t state_;
};

constexpr uint16_t kBias = 16383;
constexpr uint64_t kIntBit = 1ull << 63;

inline Float80 Make(bool sign, uint32_t exp, uint64_t mant) {
  return Float80{mant, static_cast<uint16_t>((sign ? 0x8000u : 0u) | (exp & 0x7FFF))};
}

// A significand with the integer bit set, often with a short tail (exact in single or double
// precision) or sitting on a rounding boundary of one of the three precisions.
inline uint64_t Significand(Generator& g) {
  const uint64_t m = g.Next() | kIntBit;
  switch (g.Below(8)) {
    case 0:  // 24 bits
      return m & ~0ull << 40;
    case 1:  // 53 bits
      return m & ~0ull << 11;
    case 2: {  // a tie of one of the precisions, or one unit beside it
      static constexpr int kKeep[] = {24, 53, 63};
      const int keep = kKeep[g.Below(3)];
      const uint64_t tie = (m & ~0ull << (64 - keep)) | 1ull << (63 - keep);
      return tie + g.Below(3) - 1;
    }
    case 3:  // two bits
      return kIntBit | (kIntBit >> g.Below(64));
    case 4:  // a run of ones
      return ~0ull << g.Below(8);
    default:
      return m;
  }
}

// C++ leaves the order in which function arguments and operands of most binary operators are
// evaluated unspecified, and GCC orders them differently for x86-64 and AArch64: every draw
// below is a statement of its own, or the two hosts would see different streams.

// A finite value with an exponent in [exp_lo, exp_hi] (wrapped to 15 bits).
inline Float80 Finite(Generator& g, bool sign, int32_t exp_lo, int32_t exp_hi) {
  const int32_t exp = g.Between(exp_lo, exp_hi);
  const uint64_t mant = Significand(g);
  return Make(sign, static_cast<uint32_t>(exp), mant);
}
inline Float80 Finite(Generator& g, int32_t exp_lo, int32_t exp_hi) {
  const bool sign = g.OneIn(2);
  return Finite(g, sign, exp_lo, exp_hi);
}
// A significand shifted right by [lo, hi] bits; 64 or more leaves zero (a pseudo-zero when the
// exponent is not zero).
inline uint64_t ShiftedSignificand(Generator& g, int32_t lo, int32_t hi) {
  const uint64_t mant = Significand(g);
  const int32_t shift = g.Between(lo, hi);
  return shift >= 64 ? 0 : mant >> shift;
}

// Any operand: normals across the whole range and near its ends, values near 1, small
// integers, zeros, denormals, pseudo-denormals, unnormals, infinities, NaNs and the
// unsupported pseudo-NaN/pseudo-infinity encodings.
inline Float80 Operand(Generator& g) {
  const bool sign = g.OneIn(2);
  switch (g.Below(20)) {
    case 0:
      return Make(sign, 0, 0);
    case 1:  // denormal
      return Make(sign, 0, ShiftedSignificand(g, 1, 63));
    case 2:  // pseudo-denormal
      return Make(sign, 0, Significand(g));
    case 3: {  // unnormal or pseudo-zero
      const int32_t exp = g.Between(1, 0x7FFE);
      return Make(sign, exp, ShiftedSignificand(g, 1, 64));
    }
    case 4:  // infinity
      return Make(sign, 0x7FFF, kIntBit);
    case 5:  // QNaN
      return Make(sign, 0x7FFF, Significand(g) | 1ull << 62);
    case 6: {  // SNaN
      const uint64_t m = (Significand(g) & ~(1ull << 62)) | kIntBit;
      return Make(sign, 0x7FFF, m == kIntBit ? m | 1 : m);
    }
    case 7:  // pseudo-NaN or pseudo-infinity
      return Make(sign, 0x7FFF, g.Next() >> 1);
    case 8:
      return fpu::FromInt64(g.Between(-2000, 2000));
    case 9:  // tiny
      return Finite(g, sign, 1, 70);
    case 10:  // huge
      return Finite(g, sign, 0x7FFE - 70, 0x7FFE);
    case 11:
    case 12:
    case 13:  // near 1
      return Finite(g, sign, kBias - 3, kBias + 3);
    case 14:
      return Finite(g, sign, kBias - 80, kBias + 80);
    default:
      return Finite(g, sign, 1, 0x7FFE);
  }
}

// A second operand close to the first (cancellation, equal and neighbouring compares), or an
// unrelated one.
inline Float80 Partner(Generator& g, const Float80& a) {
  switch (g.Below(6)) {
    case 0:
      return a;
    case 1:
      return Make(!a.sign(), a.exp(), a.mant);
    case 2:
      return Float80{a.mant + g.Below(5) - 2, a.sign_exp};
    case 3:
      return Finite(g, a.exp() - 70, a.exp() + 70);
    default:
      return Operand(g);
  }
}

// Trigonometric arguments: mostly within a few turns, some near multiples of pi/4 and up to and
// beyond the 2^63 limit of FSIN/FCOS/FPTAN.
inline Float80 Angle(Generator& g) {
  const bool sign = g.OneIn(2);
  switch (g.Below(8)) {
    case 0:
      return Finite(g, sign, kBias + 20, kBias + 66);
    case 1: {  // k * pi/4 rounded, then nudged
      const Float80 pi = fpu::ConstPi(fpu::Rounding::kNearest);
      const int32_t k = g.Between(1, 64);
      fpu::FpEnv env;
      Float80 x = fpu::Mul(pi, fpu::FromInt64(k), env);
      x.sign_exp = static_cast<uint16_t>(x.sign_exp - 2);
      x.mant = x.mant + g.Below(5) - 2;
      x.sign_exp |= sign ? 0x8000 : 0;
      return x;
    }
    case 2:
      return Operand(g);
    default:
      return Finite(g, sign, kBias - 40, kBias + 4);
  }
}

// Float32/float64 bit patterns: zeros, denormals, infinities, NaNs and normals.
inline uint64_t FloatBits(Generator& g, int exp_bits, int frac_bits) {
  const uint64_t sign = static_cast<uint64_t>(g.OneIn(2)) << (exp_bits + frac_bits);
  const uint64_t exp_max = (1ull << exp_bits) - 1;
  const uint64_t frac = g.Next() & ((1ull << frac_bits) - 1);
  uint64_t exp = 0;
  switch (g.Below(8)) {
    case 0:
      return sign;
    case 1:
      exp = 0;
      break;
    case 2: {
      const bool infinity = g.OneIn(3);
      return sign | exp_max << frac_bits | (infinity ? 0 : frac);
    }
    default:
      exp = 1 + g.Below(static_cast<uint32_t>(exp_max - 1));
      break;
  }
  return sign | exp << frac_bits | frac;
}

// Packed BCD: 18 digits and a sign byte; one in eight carries an invalid digit.
inline void Bcd(Generator& g, uint8_t bytes[10]) {
  const int digits = g.Between(0, 18);
  for (int i = 0; i < 9; ++i) {
    const int lo = g.Below(10), hi = g.Below(10);
    bytes[i] = static_cast<uint8_t>(2 * i < digits ? lo | (2 * i + 1 < digits ? hi << 4 : 0) : 0);
  }
  bytes[9] = g.OneIn(2) ? 0x80 : 0x00;
  if (g.OneIn(8)) {
    const uint32_t at = g.Below(10);
    bytes[at] |= static_cast<uint8_t>(g.Below(6) + 10);
  }
}

}  // namespace m86::digest
