// FSIN, FCOS, FSINCOS, FPTAN and FPATAN (SDM Vol. 2A, instruction pages; Vol. 1, 8.3.7-8.3.10).
#include "cpu/fpu/float80.h"
#include "cpu/fpu/transcendental_internal.h"

namespace m86::fpu {
namespace {

using transc::Big;
using transc::Kind;
using transc::U128;

// p/2 in units of 2^-65, where p = 0.C90FDAA2 2168C234 C * 2^2 is the x87's 66-bit value of pi
// (SDM Vol. 1, 8.3.8). The hardware reduces with p, not pi, so results for large arguments
// follow p (the host x87 agrees bit for bit near multiples of pi).
constexpr U128 kHalfP = (U128{0x3} << 64) | 0x243f6a8885a308d3;

// x = k * p/2 + r with |r| <= p/4, computed exactly: x < 2^63 is an integer multiple of 2^-65
// below 2^128 once it reaches 1/2, and k < 2^63.
struct Reduced {
  Big r;
  unsigned quadrant = 0;  // k mod 4
};

Reduced Reduce(const Float80& x) {
  Reduced out;
  Big b = transc::BigFromFloat80(x);
  b.neg = false;
  if (b.exp < -1) {
    out.r = b;
    return out;
  }
  U128 scaled = static_cast<U128>(x.mant) << (b.exp + 2);  // |x| * 2^65
  U128 k = scaled / kHalfP;
  U128 rem = scaled - k * kHalfP;
  bool neg = false;
  if (2 * rem > kHalfP) {  // kHalfP is odd: there is no tie
    rem = kHalfP - rem;
    neg = true;
    ++k;
  }
  out.r = transc::MakeBig(rem, 127 - 65, neg, true);
  out.quadrant = static_cast<unsigned>(k & 3);
  return out;
}

// The checks FSIN, FCOS, FSINCOS and FPTAN share. Returns true when `*result` is final;
// zeros are left to the caller.
bool ScreenTrig(const Float80& x, Kind k, FpEnv& env, bool* out_of_range, Float80* result) {
  *out_of_range = false;
  if (transc::ScreenNaN1(x, k, env, result)) return true;
  if (k == Kind::kInfinity) {
    *result = transc::InvalidResult(env);
    return true;
  }
  // |x| >= 2^63: the operand stays as it is and C2 reports it (SDM Vol. 2A, FSIN).
  if (k == Kind::kNormal && x.exp() >= 16383 + 63) {
    *out_of_range = true;
    *result = x;
    return true;
  }
  if (k == Kind::kDenormal && !transc::Signal(env, kDenormal)) {
    *result = x;
    return true;
  }
  return false;
}

// sin and cos of x from the reduced argument: sin(r + k pi/2) cycles sin, cos, -sin, -cos.
// Either output may be null, and only the kernels needed are evaluated.
void SinCosOf(const Float80& x, Big* s, Big* c) {
  Reduced red = Reduce(x);
  const bool odd = red.quadrant & 1;
  Big sr, cr;
  transc::SinCosKernel(red.r, (s && !odd) || (c && odd) ? &sr : nullptr,
                       (s && odd) || (c && !odd) ? &cr : nullptr);
  if (s) {
    *s = odd ? cr : sr;
    if (((red.quadrant & 2) != 0) != x.sign()) *s = transc::Neg(*s);
  }
  if (c) {
    *c = odd ? sr : cr;
    if (red.quadrant == 1 || red.quadrant == 2) *c = transc::Neg(*c);
  }
}

// tan(r + k pi/2) is tan(r) for even k and -cot(r) for odd k.
Big TanOf(const Float80& x) {
  Reduced red = Reduce(x);
  Big t = (red.quadrant & 1) ? transc::Neg(transc::CotKernel(red.r)) : transc::TanKernel(red.r);
  if (x.sign()) t = transc::Neg(t);
  return t;
}

Float80 One() {
  Float80 r;
  r.mant = uint64_t{1} << 63;
  r.sign_exp = 0x3FFF;
  return r;
}

}  // namespace

Float80 Sin(const Float80& x, FpEnv& env, bool* out_of_range) {
  Kind k = transc::KindOf(x);
  Float80 result;
  if (ScreenTrig(x, k, env, out_of_range, &result)) return result;
  if (k == Kind::kZero) return x;  // sin(+-0) = +-0 exactly
  Big s;
  SinCosOf(x, &s, nullptr);
  return transc::RoundBig(s, env);
}

Float80 Cos(const Float80& x, FpEnv& env, bool* out_of_range) {
  Kind k = transc::KindOf(x);
  Float80 result;
  if (ScreenTrig(x, k, env, out_of_range, &result)) return result;
  if (k == Kind::kZero) return One();  // cos(+-0) = +1 exactly
  Big c;
  SinCosOf(x, nullptr, &c);
  return transc::RoundBig(c, env);
}

Float80 SinCos(const Float80& x, FpEnv& env, bool* out_of_range, Float80* cos_out) {
  Kind k = transc::KindOf(x);
  Float80 result;
  if (ScreenTrig(x, k, env, out_of_range, &result)) {
    *cos_out = result;
    return result;
  }
  if (k == Kind::kZero) {
    *cos_out = One();
    return x;
  }
  Big s, c;
  SinCosOf(x, &s, &c);
  *cos_out = transc::RoundBig(c, env);
  // C1 reports the rounding of the sine, as on the host x87.
  return transc::RoundBig(s, env);
}

Float80 Tan(const Float80& x, FpEnv& env, bool* out_of_range) {
  Kind k = transc::KindOf(x);
  Float80 result;
  if (ScreenTrig(x, k, env, out_of_range, &result)) return result;
  if (k == Kind::kZero) return x;  // tan(+-0) = +-0 exactly
  return transc::RoundBig(TanOf(x), env);
}

Float80 Atan2(const Float80& y, const Float80& x, FpEnv& env) {
  Kind ky = transc::KindOf(y), kx = transc::KindOf(x);
  Float80 result;
  if (transc::ScreenNaN2(y, ky, x, kx, env, &result)) return result;
  if ((ky == Kind::kDenormal || kx == Kind::kDenormal) && !transc::Signal(env, kDenormal)) {
    return y;
  }
  bool y_neg = y.sign(), x_neg = x.sign();
  auto signed_const = [&](Big c) {
    c.neg = y_neg;
    return transc::RoundBig(c, env);
  };
  // The special operands of the FPATAN table (SDM Vol. 2A, FPATAN): the angle of the point
  // (x, y), including signed zeros and infinities.
  if (ky == Kind::kZero) {
    return x_neg ? signed_const(transc::ConstPiBig()) : y;
  }
  if (ky == Kind::kInfinity) {
    if (kx == Kind::kInfinity) {
      return signed_const(x_neg ? transc::ConstThreeQuarterPiBig() : transc::ConstQuarterPiBig());
    }
    return signed_const(transc::ConstHalfPiBig());
  }
  if (kx == Kind::kZero) return signed_const(transc::ConstHalfPiBig());
  if (kx == Kind::kInfinity) {
    return x_neg ? signed_const(transc::ConstPiBig()) : transc::MakeZero(y_neg);
  }
  // Both finite and nonzero: atan of the smaller magnitude over the larger keeps the kernel's
  // argument in [0, 1]; the octant fixes the rest without cancellation (every subtraction
  // below leaves at least pi/4).
  Big a = transc::BigFromFloat80(y), b = transc::BigFromFloat80(x);
  a.neg = b.neg = false;
  bool swap = a.exp > b.exp || (a.exp == b.exp && a.mant > b.mant);
  Big angle = swap ? transc::Sub(transc::ConstHalfPiBig(), transc::AtanKernel(transc::Div(b, a)))
                   : transc::AtanKernel(transc::Div(a, b));
  if (x_neg) angle = transc::Sub(transc::ConstPiBig(), angle);
  angle.neg = y_neg;
  return transc::RoundBig(angle, env);
}

}  // namespace m86::fpu
