// Differential test of the float80 arithmetic against the host's x87 (x86-64 hosts): random
// operands weighted toward special values, every rounding and precision control, masked and
// unmasked exceptions; results compared bit for bit with the status-word flags and condition
// codes. M86_FPU_SEED=<n> repeats a run, M86_FPU_CASES=<n> changes its length.
#include <catch2/catch.hpp>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "diff_check.h"
#include "operand_gen.h"

using namespace m86::fpu;
using namespace m86::fpu::test;

namespace {

uint16_t RandomCw(Rng& r, bool allow_unmasked) {
  // PC = 01 is reserved; the reference host rounds to 64 bits there, as the arithmetic does.
  static constexpr uint16_t kPc[] = {0, 2, 3, 0, 2, 3, 1};
  uint16_t masks = 0x3F;
  if (allow_unmasked && r.Chance(3)) masks = static_cast<uint16_t>(r.Below(64));
  uint16_t pc = kPc[r.Below(7)];
  uint16_t rc = static_cast<uint16_t>(r.Below(4));
  return static_cast<uint16_t>(0x40 | masks | pc << 8 | rc << 10);
}

// FSCALE's scale factor: small integers, fractions, huge magnitudes and the specials.
Float80 GenScale(Rng& r) {
  switch (r.Below(4)) {
    case 0: return FromInt64(static_cast<int64_t>(r.Below(200)) - 100);
    case 1: return FromInt64(static_cast<int64_t>(r.Below(80000)) - 40000);
    case 2: {
      bool sign = r.Chance(2);
      uint32_t exp = 16383 + r.Below(40) - 8;
      return MakeF(sign, exp, r.Next() | 1ull << 63);
    }
    default: return GenFloat80(r);
  }
}

// An FPREM modulus: exponent differences across the complete (< 64) and partial ranges.
Float80 GenModulus(Rng& r, const Float80& a) {
  if (r.Chance(4)) return GenFloat80(r);
  int32_t e = static_cast<int32_t>(a.exp()) - static_cast<int32_t>(r.Below(230)) + 8;
  if (e < 1 || e > 0x7FFE) return GenFloat80(r);
  bool sign = r.Chance(2);
  return MakeF(sign, static_cast<uint32_t>(e), GenSignificand(r) | 1ull << 63);
}

void GenMemory(HostOp op, Rng& r, uint8_t mem[10]) {
  uint64_t v = r.Next();
  switch (op) {
    case HostOp::kLd32: {
      static constexpr uint32_t kExp[] = {0, 0, 0xFF, 0xFF, 1, 0xFE, 127};
      uint32_t bits = static_cast<uint32_t>(v);
      if (r.Chance(2)) bits = (bits & 0x807FFFFF) | kExp[r.Below(7)] << 23;
      if (r.Chance(8)) bits &= 0xFF800000;
      std::memcpy(mem, &bits, 4);
      break;
    }
    case HostOp::kLd64: {
      static constexpr uint64_t kExp[] = {0, 0, 0x7FF, 0x7FF, 1, 0x7FE, 1023};
      if (r.Chance(2)) v = (v & 0x800FFFFFFFFFFFFFull) | kExp[r.Below(7)] << 52;
      if (r.Chance(8)) v &= 0xFFF0000000000000ull;
      std::memcpy(mem, &v, 8);
      break;
    }
    case HostOp::kBld:
      for (int i = 0; i < 9; ++i) {
        uint8_t byte = static_cast<uint8_t>(r.Next());
        if (!r.Chance(12)) byte = static_cast<uint8_t>((byte >> 4) % 10 << 4 | (byte & 15) % 10);
        if (r.Chance(3)) byte = 0;
        mem[i] = byte;
      }
      mem[9] = r.Chance(4) ? static_cast<uint8_t>(r.Next()) : r.Chance(2) ? 0x80 : 0;
      break;
    case HostOp::kLdConst: mem[0] = static_cast<uint8_t>(r.Below(7)); break;
    default:  // integer loads: random magnitudes
      v >>= r.Below(64);
      if (r.Chance(2)) v = 0 - v;
      std::memcpy(mem, &v, 8);
      break;
  }
}

// The float32/float64 source of FADD m32 and friends: random like a load, or the first operand
// rounded to the format (with a nudge), which makes cancellations, equal values and equal NaN
// payloads common.
void GenMemorySource(bool m64, const Float80& a, Rng& r, uint8_t mem[10]) {
  if (r.Chance(2)) {
    GenMemory(m64 ? HostOp::kLd64 : HostOp::kLd32, r, mem);
    return;
  }
  FpEnv env;
  uint64_t bits = m64 ? ToFloat64(a, env) : ToFloat32(a, env);
  if (r.Chance(3)) bits ^= 1;
  if (r.Chance(4)) bits ^= m64 ? 1ull << 63 : 1ull << 31;
  std::memcpy(mem, &bits, m64 ? 8 : 4);
}

struct Stats {
  uint64_t runs = 0, matched = 0, mismatched = 0, excluded = 0;
  uint64_t flags[8] = {};  // host status word bits 0-7 seen: how well the cases cover each path
};

uint64_t EnvNumber(const char* name, uint64_t fallback) {
  const char* s = std::getenv(name);
  return s && *s ? std::strtoull(s, nullptr, 0) : fallback;
}

}  // namespace

TEST_CASE("float80 arithmetic matches the host x87 bit for bit", "[fpu][host]") {
  if (!HostAvailable()) {
    WARN("not an x86-64 host: the x87 differential test is skipped");
    return;
  }
  const uint64_t seed = EnvNumber(
      "M86_FPU_SEED",
      static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
  const uint64_t cases = EnvNumber("M86_FPU_CASES", 300000);
  std::printf("fpu host differential: seed %" PRIu64 " (M86_FPU_SEED), %" PRIu64 " cases\n", seed,
              cases);
  Rng r(seed);
  int total_weight = 0;
  for (const OpSpec& s : kOps) total_weight += s.weight;
  Stats stats[kOpCount];
  uint64_t mismatches = 0;
  for (uint64_t i = 0; i < cases; ++i) {
    int pick = static_cast<int>(r.Below(static_cast<uint32_t>(total_weight)));
    int k = 0;
    while (pick >= kOps[k].weight) pick -= kOps[k++].weight;
    const OpSpec& spec = kOps[k];
    Float80 a = GenFloat80(r);
    Float80 b = spec.op == HostOp::kScale                                 ? GenScale(r)
                : spec.op == HostOp::kPrem || spec.op == HostOp::kPrem1 ? GenModulus(r, a)
                                                                          : GenRelated(r, a);
    if (spec.kind == Kind::kBinary && spec.op != HostOp::kScale && r.Chance(4)) std::swap(a, b);
    uint8_t mem[10];
    for (uint8_t& m : mem) m = 0xA5;
    if (spec.kind == Kind::kLoad || spec.kind == Kind::kConst) GenMemory(spec.op, r, mem);
    if (spec.kind == Kind::kMemSource) GenMemorySource(spec.op >= HostOp::kAddM64, a, r, mem);
    uint16_t cw = RandomCw(r, spec.register_result);
    HostState h;
    Outcome outcome = RunCase(spec, a, b, cw, mem, mismatches < 40, &h);
    Stats& st = stats[k];
    ++st.runs;
    for (int bit = 0; bit < 8; ++bit) st.flags[bit] += (h.sw >> bit) & 1;
    switch (outcome) {
      case Outcome::kMatched: ++st.matched; break;
      case Outcome::kExcluded: ++st.excluded; break;
      case Outcome::kMismatched:
        ++st.mismatched;
        ++mismatches;
        break;
    }
  }
  for (int k = 0; k < kOpCount; ++k) {
    std::printf("  %-10s %7" PRIu64 " runs %7" PRIu64 " bit-exact %5" PRIu64 " mismatched %5" PRIu64
                " excluded\n",
                kOps[k].name, stats[k].runs, stats[k].matched, stats[k].mismatched,
                stats[k].excluded);
    static constexpr const char* kFlagNames[] = {"IE", "DE", "ZE", "OE", "UE", "PE", "SF", "ES"};
    std::printf("  %-10s", "");
    for (int bit = 0; bit < 8; ++bit) {
      if (bit != 6) std::printf(" %s %-6" PRIu64, kFlagNames[bit], stats[k].flags[bit]);
    }
    std::printf("\n");
  }
  CHECK(mismatches == 0);
}
