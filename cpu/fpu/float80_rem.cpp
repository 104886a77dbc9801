// FPREM and FPREM1: exact partial remainders (SDM Vol. 2, FPREM and FPREM1 pages).
#include "cpu/fpu/float80_internal.h"

namespace m86::fpu {

using namespace detail;

Float80 PartialRemainder(const Float80& a, const Float80& b, bool ieee, FpEnv& env,
                         uint8_t* quotient_bits, bool* complete) {
  *quotient_bits = 0;
  *complete = true;
  Float80 out;
  if (ScreenOperands(a, b, env, &out)) return out;
  // The FPREM/FPREM1 results tables: an infinite dividend or a zero modulus is invalid.
  if (IsInf(a) || IsZero(b)) return Invalid(env);
  if ((IsDenormal(a) || IsDenormal(b)) && !Signal(env, kDenormal)) return a;
  if (IsZero(a)) return a;
  Unpacked x = Unpack(a), y = Unpack(b);
  // An infinite modulus leaves the dividend, normalized like any other result (a pseudo-denormal
  // comes back normal, a denormal raises UE when that is unmasked).
  if (IsInf(b)) return RoundRegister(x.sign, x.exp, U128{x.sig} << 64, 64, env);
  const int32_t d = x.exp - y.exp;
  if (d >= 64) {
    // Partial reduction (C2 = 1): the dividend's exponent drops by n in [32, 63], the SDM's
    // "implementation-dependent number". Measured on the reference hardware, n = 32 + d mod 32,
    // which leaves an exponent difference that is a multiple of 32; the quotient truncates for
    // FPREM1 too, and C0 C1 C3 come back cleared.
    const int32_t n = 32 + d % 32;
    U128 num = U128{x.sig} << n;
    uint64_t r = static_cast<uint64_t>(num % y.sig);
    *complete = false;
    return RoundRegister(x.sign, x.exp - n, U128{r} << 64, 64, env);
  }
  if (d < -1) return RoundRegister(x.sign, x.exp, U128{x.sig} << 64, 64, env);
  // Exact division of x.sig * 2^(d+1) by y.sig * 2: the remainder counts units of half an ulp
  // of the modulus, which keeps d = -1 (where FPREM1 may round the quotient up to 1) uniform.
  U128 num = U128{x.sig} << (d + 1);
  U128 den = U128{y.sig} << 1;
  U128 q = num / den;
  U128 r = num % den;
  bool sign = x.sign;
  if (ieee && (2 * r > den || (2 * r == den && (q & 1)))) {
    ++q;
    r = den - r;
    sign = !sign;
  }
  *quotient_bits = static_cast<uint8_t>(q & 7);
  if (r == 0) return Make(x.sign, 0, 0);
  // Bit 0 of r weighs 2^(y.exp - bias - 64), so bit 127 weighs 2^(y.exp + 63 - bias).
  return RoundRegister(sign, y.exp + 63, r, 64, env);
}

}  // namespace m86::fpu
