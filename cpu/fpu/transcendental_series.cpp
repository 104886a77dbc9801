// The series kernels of the x87 transcendentals. Each reduces its argument until a short
// polynomial with Q1.127 coefficients reaches about 2^-127, evaluated by Horner's rule in
// fixed point where every partial sum stays in [0, 2): the truncation errors then add up to a
// few units of 2^-127, far below the half unit of 2^-64 the final rounding needs.
#include <array>

#include "cpu/fpu/transcendental_internal.h"

namespace m86::fpu::transc {
namespace {

constexpr U128 Factorial(int n) {
  U128 f = 1;
  for (int i = 2; i <= n; ++i) f *= static_cast<U128>(i);
  return f;
}

// 1/(2k+1)! for sin, 1/(2k)! for cos, 1/(k+1)! for expm1 and 1/(2k+1) for atan and atanh, as
// Q1.127. 34! still fits in 128 bits, which covers every term used.
constexpr int kSinTerms = 16;  // (pi/4)^35 / 35! < 2^-140
constexpr int kCosTerms = 17;  // (pi/4)^36 / 36! < 2^-140
constexpr int kExpTerms = 32;  // ln2^34 / 34! < 2^-140
constexpr int kAtanTerms = 13; // (1/32)^28 / 29 < 2^-140
constexpr int kAtanhTerms = 26; // (3 - 2 sqrt 2)^54 / 55 < 2^-140 (|s| <= 0.1716)

template <int N, typename F>
constexpr std::array<U128, N + 1> Table(F f) {
  std::array<U128, N + 1> t{};
  for (int k = 0; k <= N; ++k) t[k] = f(k);
  return t;
}

constexpr auto kSinCoef = Table<kSinTerms>([](int k) { return kQOne / Factorial(2 * k + 1); });
constexpr auto kCosCoef = Table<kCosTerms>([](int k) { return kQOne / Factorial(2 * k); });
constexpr auto kExpCoef = Table<kExpTerms>([](int k) { return kQOne / Factorial(k + 1); });
// (2j+2)/(2j+3)!: tan(r) = r + r^3 D(r^2) / cos(r) with D(z) = sum (-1)^j (2j+2)/(2j+3)! z^j.
constexpr auto kTanCoef = Table<kSinTerms>(
    [](int j) { return kQOne / (static_cast<U128>(2 * j + 3) * Factorial(2 * j + 1)); });
constexpr auto kOddInv =
    Table<kAtanhTerms>([](int k) { return kQOne / static_cast<U128>(2 * k + 1); });

constexpr U128 Q(uint64_t hi, uint64_t lo) { return (U128{hi} << 64) | lo; }

// atan(j/16) for j = 0..16 as Q1.127, rounded to nearest.
constexpr U128 kAtanTable[17] = {
    0,
    Q(0x07fd56edcb3f7a71, 0xb6593c96e071706b), Q(0x0feadd4d5617b6e3, 0x2c897989f3e888ef),
    Q(0x17b97b4bce5b0226, 0x8f6169f103938e91), Q(0x1f5b75f92c80dd62, 0xadb8f3debef442fd),
    Q(0x26c4ee6e0fd7979a, 0x716aed26349ebcca), Q(0x2dec3283c9bde11c, 0xe2a8c848b73f9121),
    Q(0x34c9dd879847f96d, 0x909f257a40079c4e), Q(0x3b58ce0ac3769ed1, 0x5bf9117b2f0ea341),
    Q(0x4195fa536cc33f15, 0x25b504e5b0d28ae0), Q(0x47802eaf7bfacfcd, 0xae41af0b32e21ba4),
    Q(0x4d17c07338deed10, 0x21137c711027f9de), Q(0x525e3e8c9a7b8492, 0x0cd43f9522bed64f),
    Q(0x5756261c5a6c6040, 0x0a392f179f290385), Q(0x5c029f15e118cf39, 0xe596d2a90852221f),
    Q(0x606742dc56293320, 0x44eeb16237497d12), Q(0x6487ed5110b4611a, 0x62633145c06e0e69),
};

// sqrt(2) as Q1.127: larger significands are halved so that log2 works on [sqrt(2)/2, sqrt(2)).
constexpr U128 kSqrt2 = Q(0xb504f333f9de6484, 0x597d89b3754abe9f);

// Sum over k = 0..terms of c[k] z^k, split as E(z^2) + z O(z^2) into the even and odd
// coefficients: two independent Horner chains, half as long, for the processor to overlap.
struct EvenOdd {
  U128 even, odd;
};
EvenOdd SplitSeries(const U128* c, int terms, U128 z) {
  U128 w = MulQ(z, z);
  int last_even = terms & ~1, last_odd = (terms - 1) | 1;
  EvenOdd r{c[last_even], terms >= 1 ? c[last_odd] : 0};
  for (int k = last_even - 2; k >= 0; k -= 2) r.even = c[k] + MulQ(w, r.even);
  for (int k = last_odd - 2; k >= 1; k -= 2) r.odd = c[k] + MulQ(w, r.odd);
  return r;
}

// c[0] - c[1] z + c[2] z^2 - ... for coefficients that decrease fast enough that the even part
// exceeds z times the odd part; every partial sum stays below 2.
U128 AlternatingSeries(const U128* c, int terms, U128 z) {
  EvenOdd p = SplitSeries(c, terms, z);
  return p.even - MulQ(z, p.odd);
}

// c[0] + c[1] z + c[2] z^2 + ..., all terms positive and the sum below 2.
U128 PositiveSeries(const U128* c, int terms, U128 z) {
  EvenOdd p = SplitSeries(c, terms, z);
  return p.even + MulQ(z, p.odd);
}

// The kernels that are nearly the identity for small arguments (sin, tan, atan) or nearly 1
// (cos) add a separately computed correction, x - x^3 P(x^2) or 1 - x^2 P(x^2), to the exact
// leading term. The correction keeps its own relative precision however small it gets, so the
// sum knows on which side of the leading term the true value lies: sin(x) for a tiny x must
// round to x with C1 = 1 (rounded up) to nearest, and to the value below x toward zero.
Big Correction(const Big& x, const Big& x2, U128 poly) {
  return Mul(Mul(x, x2), BigFromQ(poly, false, false));
}

// atan(t) = t - t^3 (1/3 - t^2/5 + ...) for |t| <= 1/32.
Big AtanSmall(const Big& t) {
  Big t2 = Mul(t, t);
  U128 a = AlternatingSeries(kOddInv.data() + 1, kAtanTerms - 1, BigToQ(t2));
  return Sub(t, Correction(t, t2, a));
}

// log2((1 + s) / (1 - s)) = 2 atanh(s) log2(e) = 2 log2(e) s (1 + s^2/3 + s^4/5 + ...).
Big Log2Atanh(const Big& s) {
  U128 a = PositiveSeries(kOddInv.data(), kAtanhTerms, SquareToQ(s));
  Big two_log2e = ConstLog2eBig();
  two_log2e.exp += 1;
  return Mul(Mul(s, BigFromQ(a, false, false)), two_log2e);
}

}  // namespace

void SinCosKernel(const Big& r, Big* sin_out, Big* cos_out) {
  Big r2 = Mul(r, r);
  U128 z = BigToQ(r2);
  if (sin_out) {
    // sin(r) = r - r^3 (1/3! - r^2/5! + ...)
    U128 s = AlternatingSeries(kSinCoef.data() + 1, kSinTerms - 1, z);
    *sin_out = Sub(r, Correction(r, r2, s));
  }
  if (cos_out) {
    // cos(r) = 1 - r^2 (1/2! - r^2/4! + ...)
    U128 c = AlternatingSeries(kCosCoef.data() + 1, kCosTerms - 1, z);
    *cos_out = Sub(BigFromInt(1), Mul(r2, BigFromQ(c, false, false)));
  }
}

Big TanKernel(const Big& r) {
  Big r2 = Mul(r, r);
  Big c;
  SinCosKernel(r, nullptr, &c);
  U128 d = AlternatingSeries(kTanCoef.data(), kSinTerms - 1, BigToQ(r2));
  return Add(r, Div(Correction(r, r2, d), c));
}

Big CotKernel(const Big& r) {
  // cot(r) = 1/r - r D(r^2) / (sin(r)/r), from cos(r) - sin(r)/r = -r^2 D(r^2): 1/r is exact
  // for r a power of two (near multiples of p/2 r is a few bits), and the correction then
  // decides on which side of it the result lies.
  Big r2 = Mul(r, r);
  U128 z = BigToQ(r2);
  U128 t = AlternatingSeries(kSinCoef.data() + 1, kSinTerms - 1, z);
  Big sinc = Sub(BigFromInt(1), Mul(r2, BigFromQ(t, false, false)));
  U128 d = AlternatingSeries(kTanCoef.data(), kSinTerms - 1, z);
  return Sub(Div(BigFromInt(1), r), Div(Mul(r, BigFromQ(d, false, false)), sinc));
}

Big AtanKernel(const Big& q) {
  if (q.IsZero()) return q;
  if (q.exp < -5) return AtanSmall(q);
  // atan(q) = atan(c) + atan((q - c) / (1 + qc)) with c = j/16 the nearest table point.
  U128 qq = BigToQ(q);
  int j = static_cast<int>((qq + (U128{1} << 122)) >> 123);
  Big c = MakeBig(static_cast<U128>(j), 127 - 4, false, true);
  Big t = Div(Sub(q, c), Add(BigFromInt(1), Mul(q, c)));
  Big base = BigFromQ(kAtanTable[j], false, false);
  if (t.IsZero()) return base;
  return Add(base, AtanSmall(t));
}

Big Log2Kernel(const Big& w) {
  // w = m * 2^e with m in [sqrt(2)/2, sqrt(2)), so log2(m) = log2((1 + s)/(1 - s)) with
  // s = (m - 1)/(m + 1), |s| <= 3 - 2 sqrt(2); m - 1 and m + 1 are exact.
  int32_t e = w.exp;
  Big m{w.mant, 0, false, w.exact};
  if (w.mant > kSqrt2) {
    m.exp = -1;
    e += 1;
  }
  Big num = Sub(m, BigFromInt(1));
  Big log2m;
  if (!num.IsZero()) log2m = Log2Atanh(Div(num, Add(m, BigFromInt(1))));
  log2m.exact = num.IsZero() && w.exact;
  return e == 0 ? log2m : Add(BigFromInt(e), log2m);
}

Big Log2p1Kernel(const Big& x) {
  if (x.IsZero()) return x;
  // 1 + x = (1 + s)/(1 - s) with s = x / (2 + x).
  return Log2Atanh(Div(x, Add(BigFromInt(2), x)));
}

Big Exp2m1Kernel(const Big& x) {
  if (x.IsZero()) return x;
  // With t = x ln 2 and u = |t| <= ln 2: expm1(u) = u (1 + u/2 + u^2/6 + ...) has only
  // positive terms, and expm1(-u) = -expm1(u) / (1 + expm1(u)).
  Big t = Mul(x, ConstLn2Big());
  Big u = t;
  u.neg = false;
  Big m = Mul(u, BigFromQ(PositiveSeries(kExpCoef.data(), kExpTerms, BigToQ(u)), false, false));
  if (!x.neg) return m;
  return Neg(Div(m, Add(BigFromInt(1), m)));
}

}  // namespace m86::fpu::transc
