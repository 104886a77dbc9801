// The binary32/binary64 core: unpacking (DAZ), rounding straight to the format (FTZ), the SSE
// NaN rules and the exception bookkeeping shared by every SSE operation.
#include "cpu/fpu/sse_internal.h"

namespace m86::fpu::sse {

using detail::Clz128;
using detail::Clz64;
using detail::RoundsUp;
using detail::ShiftRightJam;

Operand Unpack(uint64_t bits, const Format& f, const LaneEnv& env) {
  Operand o{bits, Kind::kFinite, (bits & f.SignBit()) != 0, false, 0, 0};
  const uint64_t field = (bits >> f.frac_bits) & f.ExpField();
  const uint64_t frac = bits & f.FracMask();
  if (field == f.ExpField()) {
    o.kind = frac == 0 ? Kind::kInfinity : (frac & f.QuietBit()) ? Kind::kQNaN : Kind::kSNaN;
    return o;
  }
  if (field == 0) {
    // DAZ: a denormal source is a zero of the same sign, without DE (SDM Vol. 1, 10.2.3.4).
    if (frac == 0 || (env.mxcsr & kMxcsrDaz)) {
      o.kind = Kind::kZero;
      return o;
    }
    o.denormal = true;
    const int lz = Clz64(frac);
    o.sig = frac << lz;
    o.exp = 1 - f.Bias() - (lz - (63 - f.frac_bits));
    return o;
  }
  o.sig = (frac | (uint64_t{1} << f.frac_bits)) << (63 - f.frac_bits);
  o.exp = static_cast<int32_t>(field) - f.Bias();
  return o;
}

uint64_t Quiet(uint64_t bits, const Format& f) { return bits | f.QuietBit(); }

uint64_t RoundPack(bool sign, int32_t exp, U128 sig, const Format& f, Rounding rc, LaneEnv& env) {
  const int lz = Clz128(sig);
  sig <<= lz;
  exp -= lz;
  const int precision = f.frac_bits + 1;
  const U128 lsb = U128{1} << (128 - precision);
  const int32_t emin = 1 - f.Bias();
  const int32_t emax = f.Bias();
  // Round with an unbounded exponent first: it decides overflow and tininess (SDM Vol. 1,
  // 4.9.1.5; x86 detects tininess after rounding).
  const U128 rest = sig & (lsb - 1);
  U128 kept = sig - rest;
  int32_t rexp = exp;
  if (RoundsUp(rc, sign, kept, rest, lsb)) {
    kept += lsb;
    if (kept == 0) {  // carried out of the significand
      kept = U128{1} << 127;
      ++rexp;
    }
  }
  if (rexp > emax) {
    // Unmasked: #XM, nothing is stored (SDM Vol. 1, 11.5.2.4); PE comes with OE only when the
    // significand was rounded (measured), as for the x87's wrapped result. Masked: infinity or
    // the largest finite number per the rounding direction (4.9.1.4, Table 4-10), inexact.
    if (!env.Masked(kOverflow)) {
      env.post |= kOverflow | (rest != 0 ? kPrecision : 0);
      return f.Infinity(sign);
    }
    env.post |= kOverflow | kPrecision;
    const bool to_infinity = rc == Rounding::kNearest || (rc == Rounding::kUp && !sign) ||
                             (rc == Rounding::kDown && sign);
    if (to_infinity) return f.Infinity(sign);
    return f.Infinity(sign) - 1;
  }
  if (rexp < emin) {
    if (!env.Masked(kUnderflow)) {
      // Unmasked: UE for any tiny result, exact or not (11.5.2.5), PE when the significand was
      // rounded; nothing is stored.
      env.post |= kUnderflow | (rest != 0 ? kPrecision : 0);
      return f.Zero(sign);
    }
    if (env.mxcsr & kMxcsrFtz) {
      env.post |= kUnderflow | kPrecision;  // SDM Vol. 1, 10.2.3.3
      return f.Zero(sign);
    }
    // Denormalize, then round at the same bit position; UE only when that loses bits.
    const U128 den = ShiftRightJam(sig, emin - exp);
    const U128 drest = den & (lsb - 1);
    U128 dkept = den - drest;
    if (RoundsUp(rc, sign, dkept, drest, lsb)) dkept += lsb;
    if (drest != 0) env.post |= kUnderflow | kPrecision;
    // A carry into bit 127 makes the smallest normal number: the fraction field then reads 0
    // and the exponent field 1, which the addition below produces by itself.
    const uint64_t field = static_cast<uint64_t>(dkept >> (128 - precision));
    return (sign ? f.SignBit() : 0) | field;
  }
  if (rest != 0) env.post |= kPrecision;
  const uint64_t frac = static_cast<uint64_t>(kept >> (128 - precision)) & f.FracMask();
  const uint64_t field = static_cast<uint64_t>(rexp + f.Bias());
  return (sign ? f.SignBit() : 0) | field << f.frac_bits | frac;
}

uint64_t PropagateNaN(const Operand& a, const Operand* b, const Format& f, LaneEnv& env) {
  if (a.kind == Kind::kSNaN || (b && b->kind == Kind::kSNaN)) env.pre |= kInvalid;
  return Quiet(a.IsNaN() ? a.bits : b->bits, f);
}

void Finish(const LaneEnv& env, uint8_t* flags, bool* fault) {
  const uint8_t unmasked = static_cast<uint8_t>(~env.masks() & 0x3F);
  if (env.pre & unmasked) {
    // An unmasked pre-computation exception: post-computation ones are not reported.
    *flags = env.pre;
    *fault = true;
    return;
  }
  *flags = env.pre | env.post;
  *fault = (env.post & unmasked) != 0;
}

}  // namespace m86::fpu::sse
