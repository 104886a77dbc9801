// Conversions between the register format and the memory formats: FLD/FST m32/m64, FILD, FIST
// (SDM Vol. 2 instruction pages; Vol. 1, 4.2.2 and 8.2).
#include "cpu/fpu/float80_internal.h"

namespace m86::fpu {

using namespace detail;

namespace {

// The exact extended value of a float32/float64 (`frac_bits` and `exp_bias` describe the
// format), signalling nothing: NaNs keep their kind, denormals come back normalized and marked.
FpOperand Widen(bool sign, uint32_t exp, uint64_t frac, int frac_bits, int32_t exp_bias,
                uint32_t exp_max) {
  if (exp == exp_max) {
    if (frac == 0) return FpOperand(Infinity(sign), false);
    return FpOperand(Make(sign, kMaxExp, kIntBit | (frac << (63 - frac_bits))), false);
  }
  if (exp == 0) {
    if (frac == 0) return FpOperand(Make(sign, 0, 0), false);
    int lz = Clz64(frac);
    // value = frac * 2^(1 - exp_bias - frac_bits) = (frac << lz) * 2^(e - bias - 63).
    int32_t e = 1 - exp_bias - frac_bits + 63 - lz + kBias;
    return FpOperand(Make(sign, static_cast<uint16_t>(e), frac << lz), true);
  }
  return FpOperand(Make(sign, static_cast<uint16_t>(static_cast<int32_t>(exp) - exp_bias + kBias),
                        kIntBit | (frac << (63 - frac_bits))),
                   false);
}

// FLD m32/m64: exact. An SNaN raises IE and loads quieted (SDM Vol. 2, FLD: #IA), a denormal
// raises DE and loads normalized (FLD: #D).
Float80 FromIeee(const FpOperand& x, FpEnv& env) {
  if (IsSNaN(x.value)) {
    Signal(env, kInvalid);
    return Quiet(x.value);
  }
  if (x.denormal) Signal(env, kDenormal);
  return x.value;
}

FpOperand Widen32(uint32_t bits) {
  return Widen(bits >> 31, (bits >> 23) & 0xFF, bits & 0x7FFFFF, 23, 127, 0xFF);
}
FpOperand Widen64(uint64_t bits) {
  return Widen(bits >> 63, (bits >> 52) & 0x7FF, bits & ((1ull << 52) - 1), 52, 1023, 0x7FF);
}

// FST m32/m64: rounds to the format; returns the sign, biased exponent field and fraction.
struct IeeeParts {
  bool sign;
  uint32_t exp;
  uint64_t frac;
};
IeeeParts ToIeee(const Float80& a, const Format& fmt, int32_t exp_bias, uint32_t exp_max,
                 FpEnv& env) {
  const int frac_bits = fmt.bits - 1;
  const uint64_t frac_mask = (1ull << frac_bits) - 1;
  if (IsUnsupported(a)) {
    Signal(env, kInvalid);
    return {true, exp_max, 1ull << (frac_bits - 1)};  // the real indefinite
  }
  if (IsNaN(a)) {
    // The NaN keeps its sign and the top of its payload, quieted (SDM Vol. 1, 4.8.3.5).
    if (IsSNaN(a)) Signal(env, kInvalid);
    return {a.sign(), exp_max, ((a.mant | kQuietBit) >> (63 - frac_bits)) & frac_mask};
  }
  if (IsInf(a)) return {a.sign(), exp_max, 0};
  if (IsZero(a)) return {a.sign(), 0, 0};
  Unpacked x = Unpack(a);
  Packed p = RoundCore(x.sign, x.exp, U128{x.sig} << 64, fmt, false, env);
  // p.exp is emin - 1 for denormals and zero, emax + 1 for infinity: fields 0 and exp_max.
  uint32_t field = static_cast<uint32_t>(p.exp - (kBias - exp_bias));
  return {p.sign, field, (p.mant >> (64 - fmt.bits)) & frac_mask};
}

}  // namespace

Float80 FromFloat32(uint32_t bits, FpEnv& env) { return FromIeee(Widen32(bits), env); }
Float80 FromFloat64(uint64_t bits, FpEnv& env) { return FromIeee(Widen64(bits), env); }
FpOperand MemoryOperand32(uint32_t bits) { return Widen32(bits); }
FpOperand MemoryOperand64(uint64_t bits) { return Widen64(bits); }

Float80 FromInt64(int64_t value) {
  if (value == 0) return Float80{};
  bool sign = value < 0;
  uint64_t mag = sign ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  int lz = Clz64(mag);
  return Make(sign, static_cast<uint16_t>(kBias + 63 - lz), mag << lz);
}

uint32_t ToFloat32(const Float80& a, FpEnv& env) {
  IeeeParts p = ToIeee(a, kSingleFormat, 127, 0xFF, env);
  return (p.sign ? 0x80000000u : 0) | (p.exp << 23) | static_cast<uint32_t>(p.frac);
}

uint64_t ToFloat64(const Float80& a, FpEnv& env) {
  IeeeParts p = ToIeee(a, kDoubleFormat, 1023, 0x7FF, env);
  return (p.sign ? 1ull << 63 : 0) | (uint64_t{p.exp} << 52) | p.frac;
}

namespace detail {

bool IntegerMagnitude(const Float80& a, Rounding rc, uint64_t limit, uint64_t* magnitude,
                      FpEnv& env) {
  Unpacked x = Unpack(a);
  if (x.sig == 0) {
    *magnitude = 0;
    return true;
  }
  const int32_t e = x.exp - kBias;  // weight of the integer bit
  if (e > 63) return false;
  if (e == 63) {
    *magnitude = x.sig;
    return x.sig <= limit;
  }
  // value = sig * 2^(e - 63): shift the fraction out, keeping round and sticky information.
  const int32_t shift = 63 - e;  // >= 1
  uint64_t m, rest, half;
  if (shift >= 64) {
    m = 0;
    half = 1ull << 63;
    rest = shift == 64 ? x.sig : 1;  // below one half: only "nonzero" matters
  } else {
    m = x.sig >> shift;
    rest = x.sig & ((1ull << shift) - 1);
    half = 1ull << (shift - 1);
  }
  bool up = false;
  if (rest != 0) {
    switch (rc) {
      case Rounding::kNearest: up = rest > half || (rest == half && (m & 1)); break;
      case Rounding::kDown: up = x.sign; break;
      case Rounding::kUp: up = !x.sign; break;
      case Rounding::kTowardZero: break;
    }
  }
  m += up;  // no carry out: shift >= 1 leaves m < 2^63
  if (m > limit) return false;
  if (rest != 0) env.raised |= kPrecision;
  env.rounded_up = up;
  *magnitude = m;
  return true;
}

}  // namespace detail

uint64_t ToInt(const Float80& a, int bits, FpEnv& env) {
  const uint64_t indefinite = 1ull << (bits - 1);
  const uint64_t mask = bits == 64 ? ~0ull : (1ull << bits) - 1;
  if (IsUnsupported(a) || IsNaN(a) || IsInf(a)) {
    Signal(env, kInvalid);
    return indefinite;
  }
  // Negative values reach one further than positive ones: -2^(bits-1) is representable.
  uint64_t m;
  uint64_t limit = a.sign() ? indefinite : indefinite - 1;
  if (!IntegerMagnitude(a, env.rounding, limit, &m, env)) {
    Signal(env, kInvalid);
    return indefinite;
  }
  return (a.sign() ? 0 - m : m) & mask;
}

}  // namespace m86::fpu
