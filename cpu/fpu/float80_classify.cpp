// Classification, constants, sign operations and the x87's NaN rules.
#include "cpu/fpu/float80_internal.h"

namespace m86::fpu {

using detail::kIntBit;
using detail::kMaxExp;
using detail::kQuietBit;
using detail::U128;

FpClass Classify(const Float80& x) {
  uint16_t e = x.exp();
  bool j = x.mant & kIntBit;
  if (e == 0) {
    if (x.mant == 0) return FpClass::kZero;
    return j ? FpClass::kPseudoDenormal : FpClass::kDenormal;
  }
  if (!j) return FpClass::kUnsupported;  // unnormal, pseudo-zero, pseudo-infinity, pseudo-NaN
  if (e != kMaxExp) return FpClass::kNormal;
  if ((x.mant << 1) == 0) return FpClass::kInfinity;
  return (x.mant & kQuietBit) ? FpClass::kQNaN : FpClass::kSNaN;
}

namespace {

// The constants to 128 bits; the load rounds them per RC (SDM Vol. 1, 8.3.8: the 387 and later
// keep them to more than 64 bits and round per the rounding control).
Float80 RoundedConstant(uint16_t exp, U128 sig, Rounding rc) {
  uint64_t hi = static_cast<uint64_t>(sig >> 64);
  uint64_t lo = static_cast<uint64_t>(sig);
  bool up = false;
  switch (rc) {
    case Rounding::kNearest:
      up = lo > (1ull << 63) || (lo == (1ull << 63) && (hi & 1));
      break;
    case Rounding::kUp: up = lo != 0; break;
    case Rounding::kDown:
    case Rounding::kTowardZero: break;
  }
  return Float80{hi + up, exp};  // none of the constants carries out of the significand
}

constexpr U128 Const128(uint64_t hi, uint64_t lo) { return (U128{hi} << 64) | lo; }

}  // namespace

Float80 ConstOne() { return Float80{kIntBit, 0x3FFF}; }
Float80 ConstZero(bool negative) { return detail::Make(negative, 0, 0); }
Float80 ConstPi(Rounding rc) {
  return RoundedConstant(0x4000, Const128(0xC90FDAA22168C234, 0xC4C6628B80DC1CD1), rc);
}
Float80 ConstLog2e(Rounding rc) {
  return RoundedConstant(0x3FFF, Const128(0xB8AA3B295C17F0BB, 0xBE87FED0691D3E88), rc);
}
Float80 ConstLog2_10(Rounding rc) {
  return RoundedConstant(0x4000, Const128(0xD49A784BCD1B8AFE, 0x492BF6FF4DAFDB4C), rc);
}
Float80 ConstLog10_2(Rounding rc) {
  return RoundedConstant(0x3FFD, Const128(0x9A209A84FBCFF798, 0x8F8959AC0B7C9178), rc);
}
Float80 ConstLn2(Rounding rc) {
  return RoundedConstant(0x3FFE, Const128(0xB17217F7D1CF79AB, 0xC9E3B39803F2F6AF), rc);
}
Float80 DefaultNaN() { return Float80{0xC000000000000000ull, 0xFFFF}; }

Float80 Abs(const Float80& a) { return Float80{a.mant, static_cast<uint16_t>(a.sign_exp & 0x7FFF)}; }
Float80 Negate(const Float80& a) {
  return Float80{a.mant, static_cast<uint16_t>(a.sign_exp ^ 0x8000)};
}

namespace detail {

Float80 PropagateNaN(const Float80& a, FpEnv& env) {
  if (IsSNaN(a)) Signal(env, kInvalid);
  return Quiet(a);
}

// SDM Vol. 1, Table 4-7: an SNaN raises IE and is quieted; a QNaN beats an SNaN; of two NaNs of
// the same kind the one with the larger significand wins. Equal significands: the positive one
// (measured on the reference hardware; the SDM does not say).
Float80 PropagateNaN(const Float80& a, const Float80& b, FpEnv& env) {
  bool sa = IsSNaN(a), sb = IsSNaN(b);
  if (sa || sb) Signal(env, kInvalid);
  if (!IsNaN(b)) return Quiet(a);
  if (!IsNaN(a)) return Quiet(b);
  if (sa != sb) return sa ? Quiet(b) : Quiet(a);
  if (a.mant != b.mant) return Quiet(a.mant > b.mant ? a : b);
  return Quiet(a.sign() ? b : a);
}

bool ScreenOperands(const Float80& a, const Float80& b, FpEnv& env, Float80* out) {
  if (IsUnsupported(a) || IsUnsupported(b)) {
    *out = Invalid(env);
    return true;
  }
  if (IsNaN(a) || IsNaN(b)) {
    *out = PropagateNaN(a, b, env);
    return true;
  }
  return false;
}

bool ScreenOperand(const Float80& a, FpEnv& env, Float80* out) {
  if (IsUnsupported(a)) {
    *out = Invalid(env);
    return true;
  }
  if (IsNaN(a)) {
    *out = PropagateNaN(a, env);
    return true;
  }
  return false;
}

}  // namespace detail
}  // namespace m86::fpu
