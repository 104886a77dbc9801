// The 128-bit software real behind the x87 transcendentals: products, sums and quotients of
// unpacked values with a 128-bit significand, so that the series evaluate with about 125 good
// bits before the final rounding to 64.
#include "cpu/fpu/transcendental_internal.h"

namespace m86::fpu::transc {
namespace {

int Clz128(U128 v) {
  uint64_t hi = static_cast<uint64_t>(v >> 64);
  if (hi) return __builtin_clzll(hi);
  return 64 + __builtin_clzll(static_cast<uint64_t>(v));
}

// Shifts the 256-bit value (hi:lo) right by n, folding the bits shifted out into *sticky.
void ShiftRight256(U128* hi, U128* lo, int n, bool* sticky) {
  if (n <= 0) return;
  if (n >= 256) {
    *sticky |= (*hi | *lo) != 0;
    *hi = *lo = 0;
  } else if (n >= 128) {
    int s = n - 128;
    *sticky |= *lo != 0 || (s && (*hi << (128 - s)) != 0);
    *lo = s ? *hi >> s : *hi;
    *hi = 0;
  } else {
    *sticky |= (*lo << (128 - n)) != 0;
    *lo = (*lo >> n) | (*hi << (128 - n));
    *hi >>= n;
  }
}

// 1/b for b = B / 2^127 in [1, 2), as Q1.127 in (1/2, 1], never above the true value. A 64-bit
// quotient seeds two Newton steps r' = r + r(1 - br), each of which doubles the good bits and
// stays below 1/b, so 1 - br never goes negative.
U128 Reciprocal(U128 b) {
  U128 b_hi = b >> 64;
  U128 r = ((U128{1} << 126) / (b_hi + 1)) << 64;
  for (int i = 0; i < 2; ++i) {
    U128 e = kQOne - MulQ(b, r);
    r += MulQ(r, e);
  }
  return r;
}

bool MagnitudeLess(const Big& a, const Big& b) {
  if (a.IsZero()) return !b.IsZero();
  if (b.IsZero()) return false;
  if (a.exp != b.exp) return a.exp < b.exp;
  return a.mant < b.mant;
}

}  // namespace

Big MakeBig(U128 m, int32_t exp, bool neg, bool exact) {
  Big r;
  r.neg = neg;
  r.exact = exact;
  if (m == 0) return r;
  int lz = Clz128(m);
  r.mant = m << lz;
  r.exp = exp - lz;
  return r;
}

Big BigFromInt(int64_t v) {
  U128 m = v < 0 ? -static_cast<U128>(v) : static_cast<U128>(v);
  return MakeBig(m, 127, v < 0, true);
}

Big BigFromFloat80(const Float80& x) {
  // Denormals and pseudo-denormals have the exponent of the smallest normal (SDM Vol. 1, 4.8.3.2).
  int32_t e = x.exp() == 0 ? 1 : x.exp();
  return MakeBig(x.mant, e - 16383 - 63 + 127, x.sign(), true);
}

U128 BigToQ(const Big& a) {
  if (a.IsZero() || a.exp < -127) return 0;
  return a.exp >= 0 ? a.mant << a.exp : a.mant >> -a.exp;
}

U128 SquareToQ(const Big& a) {
  if (a.IsZero()) return 0;
  // a^2 = M^2 / 2^254 * 2^(2e); as Q1.127 that is (hi * 2^128 + lo) * 2^(2e - 127).
  Wide p = MulWide(a.mant, a.mant);
  int shift = 2 * a.exp + 1;
  if (shift >= 1) return (p.hi << 1) | (p.lo >> 127);
  if (shift <= -128) return 0;
  return p.hi >> -shift;
}

Big Mul(const Big& a, const Big& b) {
  Big r;
  r.neg = a.neg != b.neg;
  r.exact = a.exact && b.exact;
  if (a.IsZero() || b.IsZero()) return r;
  Wide p = MulWide(a.mant, b.mant);
  if (p.hi >> 127) {
    r.mant = p.hi;
    r.exp = a.exp + b.exp + 1;
    r.exact = r.exact && p.lo == 0;
  } else {
    r.mant = (p.hi << 1) | (p.lo >> 127);
    r.exp = a.exp + b.exp;
    r.exact = r.exact && (p.lo << 1) == 0;
  }
  return r;
}

Big Add(const Big& a, const Big& b) {
  if (b.IsZero()) {
    Big r = a;
    r.exact = a.exact && b.exact;
    return r;
  }
  if (a.IsZero()) {
    Big r = b;
    r.exact = a.exact && b.exact;
    return r;
  }
  const Big& big = MagnitudeLess(a, b) ? b : a;
  const Big& small = MagnitudeLess(a, b) ? a : b;
  // Both as 256-bit integers scaled by 2^127 with a spare top bit for the carry.
  U128 x_hi = big.mant >> 1, x_lo = big.mant << 127;
  U128 y_hi = small.mant >> 1, y_lo = small.mant << 127;
  bool sticky = false;
  ShiftRight256(&y_hi, &y_lo, big.exp - small.exp, &sticky);
  U128 z_hi, z_lo;
  if (big.neg == small.neg) {
    z_lo = x_lo + y_lo;
    z_hi = x_hi + y_hi + (z_lo < x_lo);
  } else {
    // Bits of y lost below the window make the true difference a little smaller: step one
    // unit down so that the result stays a truncation of the true value.
    if (sticky) {
      y_hi += (y_lo == ~U128{0});
      ++y_lo;
    }
    z_lo = x_lo - y_lo;
    z_hi = x_hi - y_hi - (x_lo < y_lo);
  }
  Big r;
  r.neg = big.neg;
  r.exact = a.exact && b.exact && !sticky;
  if (z_hi == 0 && z_lo == 0) return r;
  int lz = z_hi ? Clz128(z_hi) : 128 + Clz128(z_lo);
  if (lz >= 128) {
    z_hi = z_lo << (lz - 128);
    z_lo = 0;
  } else if (lz > 0) {
    z_hi = (z_hi << lz) | (z_lo >> (128 - lz));
    z_lo <<= lz;
  }
  r.mant = z_hi;
  r.exp = big.exp + 1 - lz;
  r.exact = r.exact && z_lo == 0;
  return r;
}

Big Div(const Big& a, const Big& b) {
  Big r;
  r.neg = a.neg != b.neg;
  r.exact = a.exact && b.exact;
  if (a.IsZero()) return r;
  // The quotient of the significands scaled to [2^127, 2^128): floor(A * 2^s / B) with s = 128
  // when A < B and 127 otherwise. The Newton reciprocal gives it to a few units; the remainder
  // then corrects it to the exact truncation, so the result is never above the true quotient
  // and `exact` says whether the division left a remainder.
  const U128 a_m = a.mant, b_m = b.mant;
  const bool shift128 = a_m < b_m;
  Wide est = MulWide(a_m, Reciprocal(b_m));
  U128 q = shift128 ? (est.hi << 2) | (est.lo >> 126) : (est.hi << 1) | (est.lo >> 127);
  const U128 n_hi = shift128 ? a_m : a_m >> 1, n_lo = shift128 ? 0 : a_m << 127;
  // rem = N - q * B as a signed 256-bit value; it stays within a few B of zero.
  Wide p = MulWide(q, b_m);
  U128 rem_lo = n_lo - p.lo;
  U128 rem_hi = n_hi - p.hi - (n_lo < p.lo);
  auto negative = [&] { return (rem_hi >> 127) != 0; };
  auto add_b = [&] {
    U128 lo = rem_lo + b_m;
    rem_hi += (lo < rem_lo);
    rem_lo = lo;
  };
  auto sub_b = [&] {
    U128 lo = rem_lo - b_m;
    rem_hi -= (rem_lo < b_m);
    rem_lo = lo;
  };
  while (negative()) {
    --q;
    add_b();
  }
  while (rem_hi != 0 || rem_lo >= b_m) {
    ++q;
    sub_b();
  }
  r.mant = q;
  r.exp = a.exp - b.exp - (shift128 ? 1 : 0);
  r.exact = r.exact && rem_lo == 0;
  return r;
}

// The constants rounded to 128 bits (hexadecimal expansions of pi, ln 2 and log2 e).
Big ConstPiBig() {
  return Big{(U128{0xc90fdaa22168c234} << 64) | 0xc4c6628b80dc1cd1, 1, false, false};
}
Big ConstHalfPiBig() {
  Big r = ConstPiBig();
  r.exp = 0;
  return r;
}
Big ConstQuarterPiBig() {
  Big r = ConstPiBig();
  r.exp = -1;
  return r;
}
Big ConstThreeQuarterPiBig() {
  return Big{(U128{0x96cbe3f9990e91a7} << 64) | 0x9394c9e8a0a5159d, 1, false, false};
}
Big ConstLn2Big() {
  return Big{(U128{0xb17217f7d1cf79ab} << 64) | 0xc9e3b39803f2f6af, -1, false, false};
}
Big ConstLog2eBig() {
  return Big{(U128{0xb8aa3b295c17f0bb} << 64) | 0xbe87fed0691d3e89, 0, false, false};
}

}  // namespace m86::fpu::transc
