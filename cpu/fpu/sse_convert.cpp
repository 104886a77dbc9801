// CVT*: conversions between binary32, binary64 and 32/64-bit integers, scalar, packed and the
// MMX forms (SDM Vol. 2A, CVTDQ2PD ... CVTTSS2SI; Vol. 1, 11.5.2.1 for the integer indefinite).
#include "cpu/fpu/sse_internal.h"

namespace m86::fpu::sse {

using detail::RoundsUp;
using detail::ShiftRightJam;

uint64_t ConvertLane(uint64_t bits, const Format& from, const Format& to, LaneEnv& env) {
  const Operand a = Unpack(bits, from, env);
  switch (a.kind) {
    case Kind::kSNaN:
    case Kind::kQNaN: {
      // The payload keeps its top bits: widened with zeros below, narrowed by truncation.
      if (a.kind == Kind::kSNaN) env.pre |= kInvalid;
      const uint64_t frac = bits & from.FracMask();
      const uint64_t moved = to.frac_bits > from.frac_bits
                                 ? frac << (to.frac_bits - from.frac_bits)
                                 : frac >> (from.frac_bits - to.frac_bits);
      return to.Infinity(a.sign) | moved | to.QuietBit();
    }
    case Kind::kInfinity:
      return to.Infinity(a.sign);
    case Kind::kZero:
      return to.Zero(a.sign);
    case Kind::kFinite:
      break;
  }
  CheckDenormal(a, nullptr, env);
  return RoundPack(a.sign, a.exp, U128{a.sig} << 64, to, env);
}

uint64_t IntToFloat(int64_t value, const Format& f, LaneEnv& env) {
  if (value == 0) return f.Zero(false);
  const bool sign = value < 0;
  const uint64_t magnitude = sign ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  return RoundPack(sign, 63, U128{magnitude} << 64, f, env);
}

uint64_t FloatToInt(uint64_t bits_in, const Format& f, int bits, bool truncate, LaneEnv& env) {
  const uint64_t indefinite = uint64_t{1} << (bits - 1);
  const uint64_t mask = bits == 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
  const Operand a = Unpack(bits_in, f, env);
  if (a.kind == Kind::kZero) return 0;
  if (a.kind != Kind::kFinite || a.exp > 63) {
    env.pre |= kInvalid;
    return indefinite;
  }
  const Rounding rc = truncate ? Rounding::kTowardZero : env.rounding();
  // A fixed-point value with 64 fraction bits (those shifted further out are sticky).
  const U128 fixed = ShiftRightJam(U128{a.sig} << 64, 63 - a.exp);
  const U128 one = U128{1} << 64;
  const U128 rest = fixed & (one - 1);
  const U128 kept = fixed - rest;
  const U128 magnitude = (kept >> 64) + RoundsUp(rc, a.sign, kept, rest, one);
  if (magnitude > (a.sign ? U128{indefinite} : U128{indefinite - 1})) {
    env.pre |= kInvalid;
    return indefinite;
  }
  if (rest != 0) env.post |= kPrecision;
  const uint64_t m = static_cast<uint64_t>(magnitude);
  return (a.sign ? 0 - m : m) & mask;
}

}  // namespace m86::fpu::sse

namespace m86::fpu {

using namespace sse;

namespace {

int64_t Int32Lane(uint64_t q, int i) {
  return static_cast<int32_t>(static_cast<uint32_t>(q >> (32 * i)));
}

SseIntResult ScalarToInt(uint64_t src, const Format& f, int bits, bool truncate, uint32_t mxcsr) {
  LaneEnv env(mxcsr);
  SseIntResult r;
  r.value = FloatToInt(src, f, bits, truncate, env);
  Finish(env, &r.flags, &r.fault);
  return r;
}

}  // namespace

SseResult CvtSs2Sd(const Xmm& dst, const Xmm& src, uint32_t mxcsr) {
  return ForLanes(true, 1, dst, mxcsr, [&](int, LaneEnv& env) {
    return ConvertLane(src.F32(0), kSingle, kDouble, env);
  });
}

SseResult CvtSd2Ss(const Xmm& dst, const Xmm& src, uint32_t mxcsr) {
  return ForLanes(false, 1, dst, mxcsr, [&](int, LaneEnv& env) {
    return ConvertLane(src.F64(0), kDouble, kSingle, env);
  });
}

SseResult CvtPs2Pd(const Xmm& src, uint32_t mxcsr) {
  return ForLanes(true, 2, Xmm{}, mxcsr, [&](int i, LaneEnv& env) {
    return ConvertLane(src.F32(i), kSingle, kDouble, env);
  });
}

SseResult CvtPd2Ps(const Xmm& src, uint32_t mxcsr) {
  return ForLanes(false, 2, Xmm{}, mxcsr, [&](int i, LaneEnv& env) {
    return ConvertLane(src.F64(i), kDouble, kSingle, env);
  });
}

SseResult CvtDq2Ps(const Xmm& src, uint32_t mxcsr) {
  return ForLanes(false, 4, Xmm{}, mxcsr, [&](int i, LaneEnv& env) {
    return IntToFloat(static_cast<int32_t>(src.F32(i)), kSingle, env);
  });
}

SseResult CvtPs2Dq(const Xmm& src, bool truncate, uint32_t mxcsr) {
  return ForLanes(false, 4, Xmm{}, mxcsr, [&](int i, LaneEnv& env) {
    return FloatToInt(src.F32(i), kSingle, 32, truncate, env);
  });
}

SseResult CvtDq2Pd(const Xmm& src) {
  return ForLanes(true, 2, Xmm{}, kMxcsrDefault, [&](int i, LaneEnv& env) {
    return IntToFloat(static_cast<int32_t>(src.F32(i)), kDouble, env);
  });
}

SseResult CvtPd2Dq(const Xmm& src, bool truncate, uint32_t mxcsr) {
  return ForLanes(false, 2, Xmm{}, mxcsr, [&](int i, LaneEnv& env) {
    return FloatToInt(src.F64(i), kDouble, 32, truncate, env);
  });
}

SseResult CvtSi2Ss(const Xmm& dst, int64_t value, uint32_t mxcsr) {
  return ForLanes(false, 1, dst, mxcsr,
                  [&](int, LaneEnv& env) { return IntToFloat(value, kSingle, env); });
}

SseResult CvtSi2Sd(const Xmm& dst, int64_t value, uint32_t mxcsr) {
  return ForLanes(true, 1, dst, mxcsr,
                  [&](int, LaneEnv& env) { return IntToFloat(value, kDouble, env); });
}

SseIntResult CvtSs2Si(uint32_t src, int bits, bool truncate, uint32_t mxcsr) {
  return ScalarToInt(src, kSingle, bits, truncate, mxcsr);
}

SseIntResult CvtSd2Si(uint64_t src, int bits, bool truncate, uint32_t mxcsr) {
  return ScalarToInt(src, kDouble, bits, truncate, mxcsr);
}

SseResult CvtPi2Ps(const Xmm& dst, uint64_t mm, uint32_t mxcsr) {
  return ForLanes(false, 2, dst, mxcsr,
                  [&](int i, LaneEnv& env) { return IntToFloat(Int32Lane(mm, i), kSingle, env); });
}

SseResult CvtPs2Pi(uint64_t src, bool truncate, uint32_t mxcsr) {
  return ForLanes(false, 2, Xmm{}, mxcsr, [&](int i, LaneEnv& env) {
    return FloatToInt(static_cast<uint32_t>(src >> (32 * i)), kSingle, 32, truncate, env);
  });
}

SseResult CvtPi2Pd(uint64_t mm) {
  return ForLanes(true, 2, Xmm{}, kMxcsrDefault,
                  [&](int i, LaneEnv& env) { return IntToFloat(Int32Lane(mm, i), kDouble, env); });
}

SseResult CvtPd2Pi(const Xmm& src, bool truncate, uint32_t mxcsr) {
  return ForLanes(false, 2, Xmm{}, mxcsr, [&](int i, LaneEnv& env) {
    return FloatToInt(src.F64(i), kDouble, 32, truncate, env);
  });
}

}  // namespace m86::fpu
