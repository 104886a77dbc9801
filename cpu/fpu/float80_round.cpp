// The rounding core: precision, rounding control, overflow and underflow with their masked and
// unmasked responses (SDM Vol. 1, 4.8.4, 4.9.1.4-4.9.1.6, 8.1.5.2-8.1.5.3, 8.5.4-8.5.6).
#include "cpu/fpu/float80_internal.h"

namespace m86::fpu {
namespace detail {
namespace {

uint64_t LargestSignificand(int bits) { return ~0ull << (64 - bits); }

}  // namespace

bool RoundsUp(Rounding rc, bool sign, U128 kept, U128 rest, U128 lsb) {
  if (rest == 0) return false;
  switch (rc) {
    case Rounding::kNearest: {
      U128 half = lsb >> 1;
      return rest > half || (rest == half && (kept & lsb));
    }
    case Rounding::kDown: return sign;
    case Rounding::kUp: return !sign;
    case Rounding::kTowardZero: return false;
  }
  return false;
}

Packed RoundCore(bool sign, int32_t exp, U128 sig, const Format& fmt, bool register_dest,
                 FpEnv& env) {
  if (sig == 0) return {sign, fmt.emin - 1, 0};
  int lz = Clz128(sig);
  sig <<= lz;
  exp -= lz;
  // Round with an unbounded exponent first: that result decides overflow and tininess (SDM
  // Vol. 1, 4.9.1.5: "the result of rounding with unbounded exponent ... is non-zero and tiny").
  const U128 lsb = U128{1} << (128 - fmt.bits);
  U128 rest = sig & (lsb - 1);
  U128 kept = sig - rest;
  bool inexact = rest != 0;
  bool up = RoundsUp(env.rounding, sign, kept, rest, lsb);
  U128 rounded = kept;
  int32_t rexp = exp;
  if (up) {
    rounded += lsb;
    if (rounded == 0) {  // carried out of the significand
      rounded = U128{1} << 127;
      ++rexp;
    }
  }
  if (rexp > fmt.emax) {
    env.raised |= kOverflow;
    if (!(env.masks & kOverflow)) {
      if (!register_dest) {
        // Memory destination: nothing is stored (SDM Vol. 1, 8.5.4).
        env.suppress_result = true;
        return {sign, fmt.emax + 1, kIntBit};
      }
      rexp -= kWrapBias;
      if (rexp > fmt.emax) {
        // FSCALE's massive overflow: still out of range after the wrap, a properly signed
        // infinity whatever the rounding control (8.5.4), inexact and rounded up.
        env.raised |= kPrecision;
        env.rounded_up = true;
        return {sign, fmt.emax + 1, kIntBit};
      }
      if (inexact) env.raised |= kPrecision;
      env.rounded_up = up;
      return {sign, rexp, static_cast<uint64_t>(rounded >> 64)};
    }
    // Masked: infinity or the largest finite number, per the rounding direction (Table 4-10).
    env.raised |= kPrecision;
    bool to_inf = env.rounding == Rounding::kNearest ||
                  (env.rounding == Rounding::kUp && !sign) ||
                  (env.rounding == Rounding::kDown && sign);
    env.rounded_up = to_inf;
    if (to_inf) return {sign, fmt.emax + 1, kIntBit};
    return {sign, fmt.emax, LargestSignificand(fmt.bits)};
  }
  if (rexp < fmt.emin) {
    if (!(env.masks & kUnderflow)) {
      env.raised |= kUnderflow;
      if (!register_dest) {
        env.suppress_result = true;
        return {sign, fmt.emin - 1, 0};
      }
      rexp += kWrapBias;
      if (rexp < fmt.emin) {
        // Massive underflow (FSCALE): a properly signed zero, inexact (8.5.5).
        env.raised |= kPrecision;
        env.rounded_up = false;
        return {sign, fmt.emin - 1, 0};
      }
      if (inexact) env.raised |= kPrecision;
      env.rounded_up = up;
      return {sign, rexp, static_cast<uint64_t>(rounded >> 64)};
    }
    // Masked: denormalize, then round at the same bit position (the format's precision counted
    // from the integer bit of the minimum exponent). UE only when that loses bits (4.9.1.5).
    U128 den = ShiftRightJam(sig, fmt.emin - exp);
    U128 drest = den & (lsb - 1);
    U128 dkept = den - drest;
    bool dup = RoundsUp(env.rounding, sign, dkept, drest, lsb);
    if (dup) dkept += lsb;
    if (drest != 0) env.raised |= kUnderflow | kPrecision;
    env.rounded_up = dup;
    int32_t dexp = (dkept >> 127) ? fmt.emin : fmt.emin - 1;
    return {sign, dexp, static_cast<uint64_t>(dkept >> 64)};
  }
  if (inexact) env.raised |= kPrecision;
  env.rounded_up = up;
  return {sign, rexp, static_cast<uint64_t>(rounded >> 64)};
}

Float80 RoundRegister(bool sign, int32_t exp, U128 sig, int bits, FpEnv& env) {
  return PackExtended(RoundCore(sign, exp, sig, Format{bits, 1, 0x7FFE}, true, env));
}

}  // namespace detail

Float80 RoundToPrecision(bool sign, int32_t exponent, unsigned __int128 significand,
                         FpEnv& env) {
  return detail::PackExtended(detail::RoundCore(sign, exponent, significand,
                                                detail::RegisterFormat(env.precision), true, env));
}

}  // namespace m86::fpu
