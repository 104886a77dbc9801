// FBLD and FBSTP: 18-digit packed BCD (SDM Vol. 1, 4.7; Vol. 2 FBLD/FBSTP).
#include "cpu/fpu/float80_internal.h"

namespace m86::fpu {

using namespace detail;

namespace {

constexpr uint64_t kMaxBcd = 999999999999999999ull;  // 18 nines

}  // namespace

// Digits above 9 are undefined per the SDM (FBLD: "the result is undefined"); they are weighed
// here as their binary values (digit * 10^position), which cannot overflow 64 bits (at most
// 15 * 111...1 < 2^61) and so stays exact.
Float80 FromBcd(const uint8_t bytes[10], FpEnv& env) {
  (void)env;
  uint64_t value = 0;
  for (int i = 8; i >= 0; --i) {
    value = value * 10 + (bytes[i] >> 4);
    value = value * 10 + (bytes[i] & 0xF);
  }
  bool sign = bytes[9] & 0x80;
  // -0 loads as -0 (SDM Vol. 2, FBLD: "the sign of the source is preserved, including -0").
  if (value == 0) return Make(sign, 0, 0);
  int lz = Clz64(value);
  return Make(sign, static_cast<uint16_t>(kBias + 63 - lz), value << lz);
}

void ToBcd(const Float80& a, uint8_t bytes[10], FpEnv& env) {
  uint64_t m = 0;
  if (IsUnsupported(a) || IsNaN(a) || IsInf(a) ||
      !IntegerMagnitude(a, env.rounding, kMaxBcd, &m, env)) {
    // The packed BCD indefinite, FFFF C000 0000 0000 0000 (SDM Vol. 1, 4.7).
    Signal(env, kInvalid);
    for (int i = 0; i < 7; ++i) bytes[i] = 0;
    bytes[7] = 0xC0;
    bytes[8] = 0xFF;
    bytes[9] = 0xFF;
    return;
  }
  for (int i = 0; i < 9; ++i) {
    uint8_t lo = static_cast<uint8_t>(m % 10);
    m /= 10;
    uint8_t hi = static_cast<uint8_t>(m % 10);
    m /= 10;
    bytes[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  bytes[9] = a.sign() ? 0x80 : 0;
}

}  // namespace m86::fpu
