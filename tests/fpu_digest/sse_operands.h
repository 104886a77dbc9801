// Operand streams for the SSE oracle (tests/unit/sse_float) and the digest's SSE stream:
// binary32/binary64 encodings weighted toward the cases where an implementation can go wrong
// (zeros, denormals, range edges, NaN payloads, rounding ties, integer-conversion limits), and
// integers at the conversion edges.
#pragma once
#include <cstdint>

#include "tests/fpu_digest/operands.h"

namespace m86::fpu::test {

// The digest's SplitMix64 generator.
using Rng = m86::digest::Generator;

struct FloatShape {
  int frac_bits;
  int exp_bits;
  int32_t Bias() const { return (1 << (exp_bits - 1)) - 1; }
  int32_t MaxField() const { return (1 << exp_bits) - 1; }
  uint64_t FracMask() const { return (uint64_t{1} << frac_bits) - 1; }
  uint64_t Make(bool sign, int32_t field, uint64_t frac) const {
    return (sign ? uint64_t{1} << (frac_bits + exp_bits) : 0) |
           static_cast<uint64_t>(field) << frac_bits | (frac & FracMask());
  }
  int32_t FieldOf(uint64_t bits) const {
    return static_cast<int32_t>((bits >> frac_bits) & static_cast<uint64_t>(MaxField()));
  }
};

// Every draw below is a statement of its own: C++ leaves the order of evaluation of function
// arguments unspecified, and the digest needs the same stream on every host.

// A fraction: random, short (few significant bits), a rounding tie pattern, or all ones.
inline uint64_t Fraction(Rng& r, const FloatShape& f) {
  const uint64_t x = r.Next() & f.FracMask();
  const uint32_t kind = r.Below(6);
  const uint32_t n = r.Below(static_cast<uint32_t>(f.frac_bits));
  switch (kind) {
    case 0:
      return x & (f.FracMask() << n);
    case 1:
      return (x & ~uint64_t{0xFF}) | 0x80;  // a tie a few bits down
    case 2:
      return f.FracMask() >> (n & 3);
    case 3:
      return n & 3;
    default:
      return x;
  }
}

inline uint64_t Value(Rng& r, const FloatShape& f) {
  const bool s = r.OneIn(2);
  const uint32_t kind = r.Below(16);
  const uint64_t frac = Fraction(r, f);
  const bool flip = r.OneIn(2);
  const int32_t bias = f.Bias(), max = f.MaxField();
  const uint64_t quiet = uint64_t{1} << (f.frac_bits - 1);
  switch (kind) {
    case 0:
      return f.Make(s, 0, 0);
    case 1:
      return f.Make(s, 0, flip ? 1 : frac | 1);  // denormal
    case 2:
      return f.Make(s, 1 + static_cast<int32_t>(r.Below(3)), frac);  // smallest normals
    case 3:
      return f.Make(s, max - 3 + static_cast<int32_t>(r.Below(3)), frac);  // largest
    case 4:
      return f.Make(s, max, 0);  // infinity
    case 5:
      return f.Make(s, max, quiet | frac);  // QNaN
    case 6:
      return f.Make(s, max, (frac >> 1) | 1);  // SNaN
    case 7:
      return f.Make(true, max, quiet);  // indefinite
    case 8:
      return f.Make(s, bias + r.Between(-1, 1), flip ? quiet : 0);  // 0.5 .. 3
    case 9:  // near the int32 and int64 limits
      return f.Make(s, bias + (flip ? 31 : 63) + r.Between(-2, 0), frac);
    case 10:  // small integers and halves
      return f.Make(s, bias + r.Between(-2, f.frac_bits + 1), frac);
    case 11:
      return r.Next() & ((uint64_t{2} << (f.frac_bits + f.exp_bits)) - 1);
    default:
      return f.Make(s, r.Between(1, max - 1), frac);
  }
}

// A second operand: unrelated, or close to `a` in ways that matter (cancellation, a rounding
// tie of the sum, products and quotients near overflow and underflow).
inline uint64_t Partner(Rng& r, const FloatShape& f, uint64_t a) {
  const int32_t field = f.FieldOf(a);
  const bool s = r.OneIn(2);
  const int32_t bias = f.Bias(), max = f.MaxField();
  auto clamp = [&](int32_t e) { return e < 0 ? 0 : e > max - 1 ? max - 1 : e; };
  const int32_t d = r.Between(-2, 2);
  const int32_t deep = r.Between(0, f.frac_bits + 1);  // into the denormal range
  const uint32_t kind = r.Below(10);
  const uint64_t frac = Fraction(r, f);
  switch (kind) {
    case 0:
      return f.Make(s, clamp(field + d), frac);
    case 1:
      return f.Make(s, clamp(field - f.frac_bits - (d + 2) / 2), frac);  // sum ties
    case 2:
      return f.Make(s, clamp(3 * bias - field + d), frac);  // a*b ~ max
    case 3:
      return f.Make(s, clamp(bias + 1 - field + d - deep), frac);  // a*b ~ min
    case 4:
      return a ^ (uint64_t{1} << (f.frac_bits + f.exp_bits)) ^ (frac & 1);  // -a
    case 5:
      return f.Make(s, clamp(field - bias + d), frac);  // a/b ~ max
    case 6:
      return f.Make(s, clamp(field + 2 * bias - 1 + d + deep), frac);  // a/b ~ min
    default:
      return Value(r, f);
  }
}

// An integer at a conversion edge, or any.
inline int64_t Integer(Rng& r) {
  const uint32_t kind = r.Below(6);
  const uint64_t x = r.Next();
  const uint32_t n = r.Below(64);
  switch (kind) {
    case 0:
      return static_cast<int32_t>(0x80000000u + (n & 3));
    case 1:
      return INT64_MIN + (n & 3);
    case 2:
      return static_cast<int64_t>(x >> n) * ((x & 1) ? -1 : 1);
    case 3:
      return static_cast<int32_t>(x);
    default:
      return static_cast<int64_t>(x);
  }
}

}  // namespace m86::fpu::test
