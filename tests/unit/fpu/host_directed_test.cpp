// Directed edge cases against the host x87, each under every rounding control, precision control
// and a set of exception masks: the boundaries random operands reach only rarely (tininess
// before/after rounding, overflow by rounding, denormal results under precision control, integer
// and BCD store limits, FSCALE extremes, FPREM partial-reduction steps and FPREM1 ties).
#include <catch2/catch.hpp>
#include <cstdio>
#include <vector>

#include "diff_check.h"
#include "operand_gen.h"

using namespace m86::fpu;
using namespace m86::fpu::test;

namespace {

struct Case {
  HostOp op;
  Float80 a, b;
};

// n * 2^k exactly (n fits 63 bits).
Float80 Q(int64_t n, int k) {
  Float80 x = FromInt64(n);
  if (n != 0) x.sign_exp = static_cast<uint16_t>(x.sign_exp + k);
  return x;
}
Float80 F(uint16_t sign_exp, uint64_t mant) { return Float80{mant, sign_exp}; }

std::vector<Case> DirectedCases() {
  std::vector<Case> v;
  const Float80 one = Q(1, 0), zero{}, neg_zero = F(0x8000, 0);
  // Products that are tiny before rounding and exactly 2^-16382 after, at each precision.
  v.push_back({HostOp::kMul, F(0x0001, 0xFFFFFF0000000000), F(0x3FFE, 0x8000008000000000)});
  v.push_back({HostOp::kMul, F(0x0001, 0xFFFFFFFFFFFFF800), F(0x3FFE, 0x8000000000000400)});
  v.push_back({HostOp::kMul, F(0x0001, 0xFFFFFFFFFFFFFFFF), F(0x3FFE, 0x8000000000000001)});
  v.push_back({HostOp::kMul, F(0x8001, 0xFFFFFF0000000000), F(0x3FFE, 0x8000008000000000)});
  // The same products at the top: overflow only by rounding.
  v.push_back({HostOp::kMul, F(0x7FFE, 0xFFFFFF0000000000), F(0x3FFF, 0x8000008000000000)});
  v.push_back({HostOp::kMul, F(0x7FFE, 0xFFFFFFFFFFFFF800), F(0x3FFF, 0x8000000000000400)});
  v.push_back({HostOp::kMul, F(0xFFFE, 0xFFFFFFFFFFFFFFFF), F(0x3FFF, 0x8000000000000001)});
  v.push_back({HostOp::kAdd, F(0x7FFE, 0xFFFFFFFFFFFFFFFF), F(0x7FBE, 0x8000000000000000)});
  v.push_back({HostOp::kAdd, F(0x7FFE, 0xFFFFFF0000000000), F(0x7FE6, 0x8000000000000000)});
  // Denormal results with bits below the 24- and 53-bit positions.
  v.push_back({HostOp::kSub, F(0x0001, 0xC000000000000001), F(0x0001, 0x8000000000000000)});
  v.push_back({HostOp::kSub, F(0x0001, 0xC000008000000000), F(0x0001, 0x8000000000000000)});
  v.push_back({HostOp::kAdd, F(0x0000, 0x0000000000000001), F(0x0000, 0x7FFFFFFFFFFFFFFF)});
  v.push_back({HostOp::kAdd, F(0x0000, 0x8000000000000001), zero});  // pseudo-denormal
  v.push_back({HostOp::kAdd, F(0x0000, 0x4000000000000001), neg_zero});
  v.push_back({HostOp::kDiv, F(0x0001, 0x8000000000000000), Q(3, 0)});
  v.push_back({HostOp::kDiv, F(0x0040, 0xAAAAAAAAAAAAAAAA), F(0x7FF0, 0xC000000000000000)});
  v.push_back({HostOp::kMul, F(0x0000, 0x0000000000000001), F(0x3FFE, 0xFFFFFFFFFFFFFFFF)});
  // Exact cancellation signs and zero sums under every rounding control.
  v.push_back({HostOp::kSub, Q(3, -2), Q(3, -2)});
  v.push_back({HostOp::kAdd, neg_zero, zero});
  v.push_back({HostOp::kAdd, neg_zero, neg_zero});
  v.push_back({HostOp::kSub, neg_zero, zero});
  // Halfway sums at 24/53/64 bits.
  v.push_back({HostOp::kAdd, Q(1, 0), Q(1, -24)});
  v.push_back({HostOp::kAdd, Q(3, 0), Q(1, -23)});
  v.push_back({HostOp::kAdd, Q(1, 0), Q(1, -53)});
  v.push_back({HostOp::kAdd, Q(1, 0), Q(1, -64)});
  v.push_back({HostOp::kAdd, Q(3, 0), Q(-1, -63)});
  v.push_back({HostOp::kDiv, one, Q(3, 0)});
  v.push_back({HostOp::kDiv, Q(-2, 0), Q(3, 0)});
  // Square roots: exact squares and the neighbourhood of the extremes.
  for (Float80 a : {Q(4, 0), Q(9, -2), F(0x0000, 0x0000000000000004), F(0x0000, 0x8000000000000000),
                    F(0x7FFE, 0xFFFFFFFFFFFFFFFF), F(0x0001, 0x8000000000000000), Q(2, 0),
                    F(0x8000, 0x0000000000000001), neg_zero}) {
    v.push_back({HostOp::kSqrt, a, zero});
  }
  // FRNDINT ties and the top of the fraction range.
  for (Float80 a : {Q(1, -1), Q(3, -1), Q(5, -1), Q(-1, -1), Q(-3, -1), Q((1ll << 62) + 1, -1),
                    Q((1ll << 62) - 1, 0), F(0x403D, 0xFFFFFFFFFFFFFFFF), F(0x3FFD, 0xFFFFFFFFFFFFFFFF),
                    F(0x0000, 0x0000000000000001), F(0x8000, 0x8000000000000000)}) {
    v.push_back({HostOp::kRndint, a, zero});
  }
  // Integer stores at their limits (ties included).
  for (Float80 a : {Q(65535, -1), Q(65537, -1), Q(-65537, -1), Q(-65535, -1), Q(32768, 0),
                    Q(-32768, 0), Q(-32769, 0), Q((1ll << 32) - 1, -1), Q(-(1ll << 32) - 1, -1),
                    Q(1ll << 31, 0), Q(-(1ll << 31), 0), Q((1ll << 62) - 1, 1), Q(-(1ll << 62), 1),
                    F(0xC03E, 0x8000000000000001), F(0x403E, 0x8000000000000000), Q(1, -1),
                    Q(-1, -1), Q(3, -1), F(0x0000, 0x0000000000000001), neg_zero}) {
    v.push_back({HostOp::kIst16, a, zero});
    v.push_back({HostOp::kIst32, a, zero});
    v.push_back({HostOp::kIst64, a, zero});
  }
  // BCD stores: the 18-digit limit, ties, negative zeros.
  const int64_t kMax = 999999999999999999ll;
  for (Float80 a : {Q(kMax, 0), Q(kMax + 1, 0), Q(2 * kMax + 1, -1), Q(-(2 * kMax + 1), -1),
                    Q(-2, -2), Q(-3, -1), neg_zero, Q(1, -1), Q(123456789, 0),
                    F(0x0000, 0x0000000000000001)}) {
    v.push_back({HostOp::kBstp, a, zero});
  }
  // Stores to single and double at the format's thresholds.
  for (Float80 a : {F(0x3F80, 0xFFFFFF8000000000), F(0x3F80, 0xFFFFFF7FFFFFFFFF),
                    F(0x407E, 0xFFFFFF8000000000), F(0x407E, 0xFFFFFF0000000000),
                    F(0x3F69, 0x8000000000000000), F(0x3F69, 0xC000000000000000),
                    F(0x3F6A, 0x8000000000000000), F(0x3C00, 0xFFFFFFFFFFFFFC00),
                    F(0x43FE, 0xFFFFFFFFFFFFFC00), F(0x3BCC, 0x8000000000000000),
                    F(0x3BCD, 0xC000000000000000), F(0x0000, 0x8000000000000000)}) {
    v.push_back({HostOp::kSt32, a, zero});
    v.push_back({HostOp::kSt64, a, zero});
  }
  // FSCALE: huge, fractional and boundary scale factors.
  for (Float80 b : {Q(1ll << 31, 0), Q(-(1ll << 31), 0), Q(1ll << 32, 0), F(0x403E, 0xFFFFFFFFFFFFFFFF),
                    F(0xC03E, 0xFFFFFFFFFFFFFFFF), Q(24576, 0), Q(-24576, 0), Q(16384, 0),
                    Q(-16445, 0), Q(-16446, 0), Q(-1, -1), Q(3, -1), F(0x3FFE, 0xFFFFFFFFFFFFFFFF),
                    F(0x0000, 0x0000000000000001)}) {
    for (Float80 a : {one, F(0x7FFE, 0xFFFFFFFFFFFFFFFF), F(0x0000, 0x0000000000000001),
                      F(0x8001, 0x8000000000000000)}) {
      v.push_back({HostOp::kScale, a, b});
    }
  }
  // FPREM/FPREM1 around the partial-reduction limit and FPREM1's ties.
  for (int d : {62, 63, 64, 65, 95, 96, 97, 127, 128, 200}) {
    Float80 a = F(static_cast<uint16_t>(0x3FFF + d), 0xC90FDAA22168C234);
    v.push_back({HostOp::kPrem, a, one});
    v.push_back({HostOp::kPrem1, a, one});
  }
  for (int n : {1, 3, 5, 7, -1, -3}) {
    v.push_back({HostOp::kPrem1, Q(n, -1), one});
    v.push_back({HostOp::kPrem, Q(n, -1), one});
  }
  v.push_back({HostOp::kPrem1, Q(3, -2), Q(1, 0)});
  v.push_back({HostOp::kPrem, F(0x0000, 0x0000000000000003), F(0x0000, 0x0000000000000002)});
  // FXTRACT of zeros and denormals; compares of equal values in different encodings.
  for (Float80 a : {zero, neg_zero, F(0x0000, 0x0000000000000001), F(0x8000, 0x8000000000000000)}) {
    v.push_back({HostOp::kXtract, a, zero});
  }
  v.push_back({HostOp::kCom, F(0x0000, 0x8000000000000000), F(0x0001, 0x8000000000000000)});
  v.push_back({HostOp::kUcom, zero, neg_zero});
  v.push_back({HostOp::kCom, F(0x7FFF, 0xC000000000000000), one});
  return v;
}

}  // namespace

TEST_CASE("float80 directed edge cases match the host x87", "[fpu][host]") {
  if (!HostAvailable()) {
    WARN("not an x86-64 host: the directed x87 comparison is skipped");
    return;
  }
  static constexpr uint16_t kMasks[] = {0x3F, 0x00, 0x2F, 0x37, 0x3D, 0x3E, 0x1F, 0x3B};
  static constexpr uint16_t kPc[] = {0, 2, 3};
  uint8_t mem[10];
  uint64_t runs = 0, mismatches = 0, excluded = 0;
  for (const Case& c : DirectedCases()) {
    for (uint16_t masks : kMasks) {
      for (uint16_t pc : kPc) {
        for (uint16_t rc = 0; rc < 4; ++rc) {
          for (uint8_t& m : mem) m = 0xA5;
          uint16_t cw = static_cast<uint16_t>(0x40 | masks | pc << 8 | rc << 10);
          HostState h;
          ++runs;
          Outcome o = RunCase(FindOp(c.op), c.a, c.b, cw, mem, mismatches < 40, &h);
          mismatches += o == Outcome::kMismatched;
          excluded += o == Outcome::kExcluded;
        }
      }
    }
  }
  std::printf("fpu directed host cases: %llu runs, %llu mismatched, %llu excluded\n",
              static_cast<unsigned long long>(runs), static_cast<unsigned long long>(mismatches),
              static_cast<unsigned long long>(excluded));
  CHECK(mismatches == 0);
}
