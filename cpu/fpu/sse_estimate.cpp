// RCPPS/RCPSS and RSQRTPS/RSQRTSS: approximate reciprocals and reciprocal square roots.
//
// The SDM (Vol. 2B, RCPPS, RSQRTPS) bounds only the relative error, |error| <= 1.5 * 2^-12; the
// bits differ between Intel and AMD processors and are undocumented. morph86 uses its own
// deterministic tables: the value at the midpoint of each of 2048 intervals of the significand
// (4096 for the square root, one set per exponent parity), rounded to 16 bits. The interval
// half-width contributes at most 2^-12 and the rounding 2^-16 of relative error, within the
// bound. The SDM's special cases: a zero or denormal source gives an infinity of its sign, an
// infinity a zero, a NaN its quieted self; RSQRT of a negative nonzero number is the QNaN
// indefinite; tiny results are flushed to zero. No exception is raised; MXCSR is not read.
#include "cpu/fpu/sse_internal.h"

namespace m86::fpu::sse {
namespace {

constexpr int kIndexBits = 11;
constexpr int kEntryBits = 16;  // entries in [2^15, 2^16): the value times 2^16

constexpr uint64_t Isqrt64(uint64_t n) {
  uint64_t root = 0;
  for (int bit = 31; bit >= 0; --bit) {
    const uint64_t trial = root | (uint64_t{1} << bit);
    if (trial * trial <= n) root = trial;
  }
  return root;
}

struct Tables {
  uint16_t reciprocal[1 << kIndexBits];
  uint16_t reciprocal_sqrt[2][1 << kIndexBits];  // [exponent parity][index]
};

// The interval i covers significands 1 + i/2^11 .. 1 + (i+1)/2^11; its midpoint is
// d / 2^12 with d = 2^12 + 2i + 1. Rounded to nearest: round(y) = (floor(2y) + 1) / 2.
constexpr Tables MakeTables() {
  Tables t{};
  for (int i = 0; i < (1 << kIndexBits); ++i) {
    const uint64_t d = (uint64_t{1} << 12) + 2 * i + 1;
    // 2^16 / (d / 2^12) = 2^28 / d.
    t.reciprocal[i] = static_cast<uint16_t>(((uint64_t{1} << 29) / d + 1) >> 1);
    // 2^16 / sqrt(d / 2^12) = sqrt(2^44 / d); an odd exponent halves the radicand's scale.
    t.reciprocal_sqrt[0][i] = static_cast<uint16_t>((Isqrt64((uint64_t{1} << 46) / d) + 1) >> 1);
    t.reciprocal_sqrt[1][i] = static_cast<uint16_t>((Isqrt64((uint64_t{1} << 45) / d) + 1) >> 1);
  }
  return t;
}
constexpr Tables kTables = MakeTables();

// A result 2^(biased - 127) * entry / 2^15 (entry in [2^15, 2^16)), flushed to zero when tiny.
uint32_t PackEstimate(bool sign, int32_t biased, uint16_t entry) {
  const uint32_t sign_bit = sign ? 0x80000000u : 0;
  if (biased <= 0) return sign_bit;
  const uint32_t frac = (uint32_t{entry} - (1u << (kEntryBits - 1))) << (23 - (kEntryBits - 1));
  return sign_bit | static_cast<uint32_t>(biased) << 23 | frac;
}

// The special operands of both: true with *out set unless `a` is a normal number. A denormal is
// a zero, so it gives an infinity.
bool SpecialEstimate(const Operand& a, bool sqrt, uint32_t* out) {
  uint64_t r = 0;
  switch (a.kind) {
    case Kind::kQNaN:
    case Kind::kSNaN:
      r = Quiet(a.bits, kSingle);
      break;
    case Kind::kZero:
      r = kSingle.Infinity(a.sign);
      break;
    case Kind::kInfinity:
      r = sqrt && a.sign ? kSingle.Indefinite() : kSingle.Zero(a.sign);
      break;
    case Kind::kFinite:
      if (!sqrt || !a.sign) return false;
      r = kSingle.Indefinite();  // the square root of a negative number
      break;
  }
  *out = static_cast<uint32_t>(r);
  return true;
}

uint32_t ReciprocalLane(uint32_t x) {
  const Operand a = Unpack(x, kSingle, LaneEnv(kMxcsrDaz));
  uint32_t special = 0;
  if (SpecialEstimate(a, false, &special)) return special;
  // x = 2^e * m, 1/x = 2^(-e-1) * (2/m) with 2/m in (1, 2].
  const uint32_t index = (x >> (23 - kIndexBits)) & ((1u << kIndexBits) - 1);
  return PackEstimate(a.sign, 127 - a.exp - 1, kTables.reciprocal[index]);
}

uint32_t ReciprocalSqrtLane(uint32_t x) {
  const Operand a = Unpack(x, kSingle, LaneEnv(kMxcsrDaz));
  uint32_t special = 0;
  if (SpecialEstimate(a, true, &special)) return special;
  // x = 2^(2k) * M with M = m or 2m in [1, 4): 1/sqrt(x) = 2^(-k-1) * (2/sqrt(M)).
  const int32_t k = a.exp >> 1;  // floor(e / 2), also for negative e
  const uint32_t index = (x >> (23 - kIndexBits)) & ((1u << kIndexBits) - 1);
  return PackEstimate(false, 127 - k - 1, kTables.reciprocal_sqrt[a.exp & 1][index]);
}

}  // namespace
}  // namespace m86::fpu::sse

namespace m86::fpu {

using namespace sse;

SseResult SseReciprocal(SseShape shape, const Xmm& dst, const Xmm& src) {
  return ForLanes(shape, dst, kMxcsrDefault,
                  [&](int i, LaneEnv&) -> uint64_t { return ReciprocalLane(src.F32(i)); });
}

SseResult SseReciprocalSqrt(SseShape shape, const Xmm& dst, const Xmm& src) {
  return ForLanes(shape, dst, kMxcsrDefault,
                  [&](int i, LaneEnv&) -> uint64_t { return ReciprocalSqrtLane(src.F32(i)); });
}

}  // namespace m86::fpu
