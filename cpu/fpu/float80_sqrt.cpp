// FSQRT, correctly rounded (SDM Vol. 2, FSQRT result table; precision control applies, 8.1.5.2).
#include "cpu/fpu/float80_internal.h"

namespace m86::fpu {
namespace detail {

// Newton's iteration from above, first on the top 64 bits in 64-bit arithmetic (to about 32
// bits), then one 128-bit step and an exact correction.
uint64_t Isqrt128(U128 n) {
  const uint64_t hi = static_cast<uint64_t>(n >> 64);  // in [2^62, 2^64)
  uint64_t x = 1ull << 32;  // >= sqrt(hi): the iteration decreases monotonically to the floor
  for (;;) {
    uint64_t y = (x + hi / x) >> 1;
    if (y >= x) break;
    x = y;
  }
  // x = floor(sqrt(hi)), so x * 2^32 is within 2^32 of sqrt(n) and below it.
  U128 r = U128{x} << 32;
  r = (r + n / r) >> 1;  // at or just above the root
  // The root is below 2^64; clamping first keeps the squares below 2^128.
  const U128 kMax = ~uint64_t{0};
  if (r > kMax) r = kMax;
  while (r * r > n) --r;
  while (r < kMax && (r + 1) * (r + 1) <= n) ++r;
  return static_cast<uint64_t>(r);
}

}  // namespace detail

using namespace detail;

Float80 Sqrt(const Float80& a, FpEnv& env) {
  Float80 out;
  if (ScreenOperand(a, env, &out)) return out;
  if (IsZero(a)) return a;  // sqrt(-0) = -0
  if (a.sign()) return Invalid(env);  // negative nonzero, -inf included
  if (IsInf(a)) return a;
  if (IsDenormal(a) && !Signal(env, kDenormal)) return a;
  Unpacked x = Unpack(a);
  // value = x.sig * 2^e with e = exp - bias - 63. Write it as n * 2^k with k even and n in
  // [2^126, 2^128); then sqrt(value) = sqrt(n) * 2^(k/2), and r = floor(sqrt(n)) has 64 bits.
  // With rem = n - r^2: the root's fraction is >= 1/2 exactly when rem > r (it is never exactly
  // 1/2), and the root is exact when rem = 0. That gives the round and sticky bits.
  const int32_t e = x.exp - kBias - 63;
  const bool odd = e & 1;
  const U128 n = U128{x.sig} << (odd ? 63 : 64);
  const int32_t k = e - (odd ? 63 : 64);
  const uint64_t r = Isqrt128(n);
  const U128 rem = n - U128{r} * r;
  U128 sig = U128{r} << 64;
  if (rem > r) sig |= U128{1} << 63;
  if (rem != 0) sig |= 1;
  // Bit 127 of sig (bit 63 of r) weighs 2^(63 + k/2).
  return RoundRegister(false, 63 + k / 2 + kBias, sig, RegisterFormat(env.precision).bits, env);
}

}  // namespace m86::fpu
