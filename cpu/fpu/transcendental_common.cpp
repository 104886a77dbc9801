// Operand screening and the final rounding shared by the x87 transcendentals.
#include "cpu/fpu/transcendental_internal.h"

namespace m86::fpu::transc {
namespace {

constexpr uint64_t kIntegerBit = uint64_t{1} << 63;
constexpr uint64_t kQuietBit = uint64_t{1} << 62;
constexpr int32_t kBias = 16383;
constexpr int32_t kMaxBiased = 0x7FFF;

Float80 Pack(bool neg, int32_t biased, uint64_t mant) {
  Float80 r;
  r.mant = mant;
  r.sign_exp = static_cast<uint16_t>((neg ? 0x8000 : 0) | (biased & 0x7FFF));
  return r;
}

thread_local Big last_unrounded;

}  // namespace

Big& LastUnrounded() { return last_unrounded; }

Kind KindOf(const Float80& x) {
  bool integer = (x.mant & kIntegerBit) != 0;
  if (x.exp() == 0) return x.mant == 0 ? Kind::kZero : Kind::kDenormal;
  if (x.exp() == kMaxBiased) {
    // Pseudo-infinities and pseudo-NaNs (integer bit clear) are unsupported (SDM Vol. 1, 8.2.2).
    if (!integer) return Kind::kUnsupported;
    if ((x.mant << 1) == 0) return Kind::kInfinity;
    return (x.mant & kQuietBit) ? Kind::kQNaN : Kind::kSNaN;
  }
  return integer ? Kind::kNormal : Kind::kUnsupported;  // unnormals are unsupported
}

Float80 MakeZero(bool neg) { return Pack(neg, 0, 0); }
Float80 MakeInfinity(bool neg) { return Pack(neg, kMaxBiased, kIntegerBit); }
Float80 IndefiniteNaN() { return DefaultNaN(); }
Float80 Quiet(const Float80& nan) {
  Float80 r = nan;
  r.mant |= kQuietBit;
  return r;
}

bool Signal(FpEnv& env, uint8_t flag) {
  env.raised |= flag;
  if (env.masks & flag) return true;
  env.suppress_result = true;
  return false;
}

Float80 InvalidResult(FpEnv& env) {
  Signal(env, kInvalid);
  return IndefiniteNaN();
}

bool ScreenNaN1(const Float80& x, Kind k, FpEnv& env, Float80* result) {
  if (k == Kind::kUnsupported) {
    *result = InvalidResult(env);
    return true;
  }
  if (!IsNaNKind(k)) return false;
  if (k == Kind::kSNaN) Signal(env, kInvalid);
  *result = Quiet(x);
  return true;
}

bool ScreenNaN2(const Float80& a, Kind ka, const Float80& b, Kind kb, FpEnv& env,
                Float80* result) {
  // An unsupported operand wins over any NaN (the host x87 agrees).
  if (ka == Kind::kUnsupported || kb == Kind::kUnsupported) {
    *result = InvalidResult(env);
    return true;
  }
  if (!IsNaNKind(ka) && !IsNaNKind(kb)) return false;
  if (ka == Kind::kSNaN || kb == Kind::kSNaN) Signal(env, kInvalid);
  // SDM Vol. 1, Table 4-7: a single NaN is returned quieted; a QNaN beats an SNaN; between two
  // NaNs of the same kind the larger significand wins, and on a tie the positive one.
  const Float80* pick;
  if (!IsNaNKind(kb)) {
    pick = &a;
  } else if (!IsNaNKind(ka)) {
    pick = &b;
  } else if (ka != kb) {
    pick = ka == Kind::kQNaN ? &a : &b;
  } else if (a.mant != b.mant) {
    pick = a.mant > b.mant ? &a : &b;
  } else {
    pick = a.sign() ? &b : &a;
  }
  *result = Quiet(*pick);
  return true;
}

Float80 RoundBig(const Big& v, FpEnv& env) {
  last_unrounded = v;
  env.raised |= kPrecision;
  if (v.IsZero()) {
    env.rounded_up = false;
    return MakeZero(v.neg);
  }
  // The shared register rounding at 64 bits: the precision control does not apply to the
  // transcendentals (SDM Vol. 1, 8.1.5.2). An approximation carries a sticky bit far below the
  // rounding position so that it never passes for exact.
  Precision saved = env.precision;
  env.precision = Precision::kExtended;
  Float80 r = RoundToPrecision(v.neg, v.exp + kBias, v.mant | (v.exact ? 0 : 1), env);
  env.precision = saved;
  // The rounding raises UE for a masked tiny result only when it is inexact; the x87 counts
  // every transcendental result as inexact, so an exact denormal result raises UE too.
  if (r.exp() == 0 && (env.masks & kUnderflow)) env.raised |= kUnderflow;
  return r;
}

Float80 ReturnInexact(const Float80& x, FpEnv& env) {
  env.raised |= kPrecision;
  env.rounded_up = false;
  return x;
}

}  // namespace m86::fpu::transc
