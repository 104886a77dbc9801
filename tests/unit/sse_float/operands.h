// Operand streams for the SSE oracle: binary32/binary64 encodings weighted toward the cases
// where an implementation can go wrong (zeros, denormals, range edges, NaN payloads, rounding
// ties, integer-conversion limits), and integers at the conversion edges.
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

// A fraction: random, short (few significant bits), a rounding tie pattern, or all ones.
inline uint64_t Fraction(Rng& r, const FloatShape& f) {
  const uint64_t x = r.Next() & f.FracMask();
  switch (r.Below(6)) {
    case 0:
      return x & (f.FracMask() << r.Below(static_cast<uint32_t>(f.frac_bits)));
    case 1:
      return (x & ~uint64_t{0xFF}) | 0x80;  // a tie a few bits down
    case 2:
      return f.FracMask() >> r.Below(4);
    case 3:
      return r.Below(4);
    default:
      return x;
  }
}

inline uint64_t Value(Rng& r, const FloatShape& f) {
  const bool s = r.OneIn(2);
  const int32_t bias = f.Bias(), max = f.MaxField();
  switch (r.Below(16)) {
    case 0:
      return f.Make(s, 0, 0);
    case 1:
      return f.Make(s, 0, r.OneIn(3) ? 1 : Fraction(r, f) | 1);  // denormal
    case 2:
      return f.Make(s, r.Between(1, 3), Fraction(r, f));  // smallest normals
    case 3:
      return f.Make(s, r.Between(max - 3, max - 1), Fraction(r, f));  // largest normals
    case 4:
      return f.Make(s, max, 0);  // infinity
    case 5:
      return f.Make(s, max, (uint64_t{1} << (f.frac_bits - 1)) | Fraction(r, f));  // QNaN
    case 6:
      return f.Make(s, max, (Fraction(r, f) >> 1) | 1);  // SNaN
    case 7:
      return f.Make(true, max, uint64_t{1} << (f.frac_bits - 1));  // indefinite
    case 8:
      return f.Make(s, bias + r.Between(-1, 1), r.OneIn(2) ? 0 : uint64_t{1} << (f.frac_bits - 1));
    case 9:  // near the int32 and int64 limits
      return f.Make(s, bias + (r.OneIn(2) ? 31 : 63) + r.Between(-2, 0), Fraction(r, f));
    case 10:  // small integers and halves
      return f.Make(s, bias + r.Between(-2, f.frac_bits + 1), Fraction(r, f));
    case 11:
      return r.Next() & ((uint64_t{2} << (f.frac_bits + f.exp_bits)) - 1);
    default:
      return f.Make(s, r.Between(1, max - 1), Fraction(r, f));
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
  switch (r.Below(10)) {
    case 0:
      return f.Make(s, clamp(field + d), Fraction(r, f));
    case 1:
      return f.Make(s, clamp(field - f.frac_bits - r.Between(0, 3)), Fraction(r, f));
    case 2:
      return f.Make(s, clamp(3 * bias - field + d), Fraction(r, f));  // a*b ~ max
    case 3:
      return f.Make(s, clamp(bias + 1 - field + d - deep), Fraction(r, f));  // a*b ~ min
    case 5:
      return f.Make(s, clamp(field - bias + d), Fraction(r, f));  // a/b ~ max
    case 6:
      return f.Make(s, clamp(field + 2 * bias - 1 + d + deep), Fraction(r, f));  // a/b ~ min
    case 4:
      return a ^ (uint64_t{1} << (f.frac_bits + f.exp_bits)) ^ r.Below(2);
    default:
      return Value(r, f);
  }
}

// An integer at a conversion edge, or any.
inline int64_t Integer(Rng& r) {
  switch (r.Below(6)) {
    case 0:
      return static_cast<int32_t>(0x80000000u + r.Below(3));
    case 1:
      return INT64_MIN + r.Below(3);
    case 2:
      return static_cast<int64_t>(r.Next() >> r.Below(64)) * (r.OneIn(2) ? -1 : 1);
    case 3:
      return static_cast<int32_t>(r.Next());
    default:
      return static_cast<int64_t>(r.Next());
  }
}

}  // namespace m86::fpu::test
