// Host-differential test of the SIMD instructions (x86-64 hosts; skipped with a message
// elsewhere): every row of simd_cases.cpp in its register and memory forms, on random inputs
// biased toward lane edges, run natively (simd_native.cpp) and on a bare nehalem CPU in flat
// 32-bit protected mode with CR4.OSFXSR set; XMM0-7, MM0-7, MXCSR, the general registers, the
// arithmetic flags and the memory operand's area must agree. The seed is printed;
// M86_SIMD_SEED reruns one and M86_SIMD_ONLY="name" limits the run to one row.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include "simd_cases.h"
#include "simd_native.h"
#include "test_machine.h"

namespace m86::test {
namespace {

constexpr uint32_t kCode = 0x10000, kData = 0x20000;
constexpr int kIterations = 64;  // per row and form
constexpr uint8_t kEbx = 3;
// General registers a ModRM field may name: not ESP, and not EBX, the memory operand's base
// (a host pointer natively); (E)DI too when it addresses the implicit store.
constexpr uint8_t kGprChoices[] = {0, 1, 2, 5, 6, 7};

uint64_t Splitmix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// A 64-bit value whose 16-bit lanes are often lane edges (0, all ones, the sign bit, its
// neighbours), so saturation, sign and carry paths all get exercised.
uint64_t EdgeBiased(std::mt19937_64& rng) {
  static constexpr uint16_t kEdges[] = {0x0000, 0xFFFF, 0x8000, 0x7FFF, 0x0001, 0x00FF,
                                        0xFF00, 0x0080, 0x007F, 0xFF80, 0x8001, 0xFFFE};
  if (rng() % 3 == 0) return rng();
  uint64_t v = 0;
  for (int i = 0; i < 4; ++i) {
    const uint64_t lane = rng() % 2 ? kEdges[rng() % std::size(kEdges)] : (rng() & 0xFFFF);
    v |= lane << (16 * i);
  }
  return v;
}

// Floating-point lanes biased toward the values with their own rules: signed zeros, infinities,
// quiet and signaling NaNs, denormals, the smallest and largest normals, and numbers near 1 and
// near the integer conversion limits (2^31, 2^63). `kMantBits` and `kBias` give the format.
template <int kMantBits, int kExpBits>
uint64_t FloatEdge(std::mt19937_64& rng) {
  constexpr uint64_t kMant = (uint64_t{1} << kMantBits) - 1;
  constexpr uint64_t kExpMax = (uint64_t{1} << kExpBits) - 1, kBias = kExpMax >> 1;
  const uint64_t sign = (rng() & 1) << (kMantBits + kExpBits);
  const uint64_t mant = rng() & kMant;
  auto make = [&](uint64_t exp, uint64_t m) { return sign | (exp << kMantBits) | m; };
  switch (rng() % 12) {
    case 0: return make(0, 0);
    case 1: return make(kExpMax, 0);
    case 2: return make(kExpMax, mant | (uint64_t{1} << (kMantBits - 1)));  // quiet NaN
    case 3: return make(kExpMax, (mant >> 1) | 1);                           // signaling NaN
    case 4: return make(0, mant | 1);                                        // denormal
    case 5: return make(1 + rng() % 2, mant);
    case 6: return make(kExpMax - 1 - rng() % 2, mant);
    case 7: return make(kBias + 31 - rng() % 3 + (rng() % 2 ? 32 : 0), rng() % 2 ? 0 : mant);
    default: return make(kBias - 8 + rng() % 16, rng() % 4 ? mant : mant & ~(kMant >> 3));
  }
}

// A 64-bit half for a floating-point row: two binary32 lanes, one binary64 or integer lanes.
uint64_t FloatBiased(std::mt19937_64& rng) {
  switch (rng() % 3) {
    case 0: return FloatEdge<23, 8>(rng) | (FloatEdge<23, 8>(rng) << 32);
    case 1: return FloatEdge<52, 11>(rng);
    default: return EdgeBiased(rng);
  }
}

struct Instance {
  std::vector<uint8_t> bytes;
  bool mem = false;
  uint32_t mem_offset = 0;  // misalignment of the memory operand within SimdState::mem
};

Instance Build(const SimdCase& k, bool mem, std::mt19937_64& rng) {
  Instance in;
  in.mem = mem;
  in.bytes = k.opcode;
  auto pick = [&](Operand kind) -> uint8_t {
    if (kind == Operand::kGpr) {
      uint8_t r;
      do r = kGprChoices[rng() % std::size(kGprChoices)]; while (k.uses_edi && r == 7);
      return r;
    }
    return static_cast<uint8_t>(rng() % 8);
  };
  const uint8_t reg = k.group_reg >= 0 ? static_cast<uint8_t>(k.group_reg) : pick(k.reg);
  const uint8_t rm = mem ? kEbx : pick(k.rm);
  in.bytes.push_back(static_cast<uint8_t>((mem ? 0x00 : 0xC0) | (reg << 3) | rm));
  if (k.imm8) in.bytes.push_back(static_cast<uint8_t>(rng() % 4 == 0 ? rng() % 20 : rng()));
  if (mem && !k.aligned) in.mem_offset = static_cast<uint32_t>(rng() % 17);
  return in;
}

SimdState RandomState(const SimdCase& k, std::mt19937_64& rng) {
  SimdState s{};
  auto value = [&] { return k.fp ? FloatBiased(rng) : EdgeBiased(rng); };
  for (auto& x : s.xmm) x[0] = value(), x[1] = value();
  for (uint64_t& m : s.mm) m = value();
  for (uint64_t& g : s.gpr) g = static_cast<uint32_t>(EdgeBiased(rng));
  s.gpr[4] = 0;
  // The arithmetic flags, bit 1 and IF; rounding control and sticky flags vary, exceptions
  // stay masked.
  s.flags = 0x202 | (rng() & 0x8D5);
  s.mxcsr = 0x1F80 | (rng() & 0x603F);
  // Floating-point rows: any rounding, DAZ and FTZ, and half the time some exceptions unmasked.
  if (k.fp) s.mxcsr = (static_cast<uint32_t>(rng()) & 0xE07F) | (rng() % 2 ? 0x1F80 : rng() & 0x1F80);
  for (uint8_t& b : s.mem) b = static_cast<uint8_t>(rng());
  if (k.fp)
    for (size_t i = 0; i < sizeof s.mem; i += 8) {
      const uint64_t v = FloatBiased(rng);
      for (int j = 0; j < 8; ++j) s.mem[i + j] = static_cast<uint8_t>(v >> (8 * j));
    }
  return s;
}

// Runs the instance on the emulator from `in`, returning the vector of an exception or -1.
int RunEmulated(const Instance& inst, const SimdCase& k, SimdState& s) {
  TestMachine m("nehalem", 1u << 20);
  m.StartFlat32(kCode);
  m.cpu.s.cr4 |= cr4::kOsfxsr | cr4::kOsxmmexcpt;
  int fault = -1;
  m.cpu.intercept_event = [&](uint8_t vector, uint32_t, bool) {
    fault = vector;
    return true;
  };
  for (int i = 0; i < 8; ++i) {
    m.cpu.s.sse.xmm[i] = Xmm{{s.xmm[i][0], s.xmm[i][1]}};
    m.cpu.s.fpu.r[i].mant = s.mm[i];
  }
  for (int r = 0; r < 8; ++r)
    if (r != kEsp) m.cpu.s.gpr[r] = static_cast<uint32_t>(s.gpr[r]);
  if (inst.mem) m.cpu.s.gpr[kEbx] = kData + inst.mem_offset;
  if (k.uses_edi) m.cpu.s.gpr[kEdi] = kData;
  m.cpu.SetFlags(static_cast<uint32_t>(s.flags), 0x8D5 | flag::kIf);
  m.cpu.s.sse.mxcsr = s.mxcsr;
  for (size_t i = 0; i < sizeof s.mem; ++i) m.mem.Write(kData + static_cast<uint32_t>(i), 1, s.mem[i]);
  uint32_t at = kCode;
  for (uint8_t b : inst.bytes) m.mem.Write(at++, 1, b);
  m.mem.Write(at, 1, 0xF4);
  m.cpu.Step();
  for (int i = 0; i < 8; ++i) {
    s.xmm[i][0] = m.cpu.s.sse.xmm[i].q[0];
    s.xmm[i][1] = m.cpu.s.sse.xmm[i].q[1];
    s.mm[i] = m.cpu.s.fpu.r[i].mant;
  }
  for (int r = 0; r < 8; ++r) s.gpr[r] = m.cpu.s.gpr[r];
  s.flags = m.cpu.GetFlags();
  s.mxcsr = m.cpu.s.sse.mxcsr;
  for (size_t i = 0; i < sizeof s.mem; ++i) s.mem[i] = static_cast<uint8_t>(m.mem.Read(kData + static_cast<uint32_t>(i), 1));
  return fault;
}

std::string Hex(const std::vector<uint8_t>& bytes) {
  std::string out;
  char buf[4];
  for (uint8_t b : bytes) std::snprintf(buf, sizeof buf, "%02X ", b), out += buf;
  if (!out.empty()) out.pop_back();
  return out;
}

// What differs between the native and emulated results, or "".
std::string Compare(const SimdState& n, const SimdState& e, bool mem, bool uses_edi) {
  char buf[160];
  std::string diff;
  for (int i = 0; i < 8; ++i) {
    if (n.xmm[i][0] != e.xmm[i][0] || n.xmm[i][1] != e.xmm[i][1]) {
      std::snprintf(buf, sizeof buf, " xmm%d host %016" PRIX64 "%016" PRIX64 " emu %016" PRIX64 "%016" PRIX64, i,
                    n.xmm[i][1], n.xmm[i][0], e.xmm[i][1], e.xmm[i][0]);
      diff += buf;
    }
    if (n.mm[i] != e.mm[i]) {
      std::snprintf(buf, sizeof buf, " mm%d host %016" PRIX64 " emu %016" PRIX64, i, n.mm[i], e.mm[i]);
      diff += buf;
    }
  }
  for (int r = 0; r < 8; ++r) {
    if (r == kEsp || (mem && r == kEbx) || (uses_edi && r == kEdi)) continue;
    if (static_cast<uint32_t>(n.gpr[r]) != static_cast<uint32_t>(e.gpr[r])) {
      std::snprintf(buf, sizeof buf, " gpr%d host %08X emu %08X", r, static_cast<uint32_t>(n.gpr[r]),
                    static_cast<uint32_t>(e.gpr[r]));
      diff += buf;
    }
  }
  if ((n.flags & 0x8D5) != (e.flags & 0x8D5)) {
    std::snprintf(buf, sizeof buf, " flags host %03X emu %03X", static_cast<unsigned>(n.flags & 0x8D5),
                  static_cast<unsigned>(e.flags & 0x8D5));
    diff += buf;
  }
  if (n.mxcsr != e.mxcsr) {
    std::snprintf(buf, sizeof buf, " mxcsr host %08X emu %08X", n.mxcsr, e.mxcsr);
    diff += buf;
  }
  if (std::memcmp(n.mem, e.mem, sizeof n.mem) != 0) diff += " memory differs";
  return diff;
}

TEST_CASE("SIMD instructions agree with the host CPU", "[sse][host]") {
  if (!NativeSimdAvailable()) {
    WARN("skipped: the host-differential SIMD test needs an x86-64 Linux host");
    return;
  }
  const char* seed_env = std::getenv("M86_SIMD_SEED");
  const char* only = std::getenv("M86_SIMD_ONLY");
  // M86_SIMD_DIVISOR=N runs 1/N of each row's cases: the sanitizer build looks for memory
  // errors, not for more coverage, and builds a machine per case at a hundred times the cost.
  const char* divisor_env = std::getenv("M86_SIMD_DIVISOR");
  const int divisor = divisor_env ? std::max(1, std::atoi(divisor_env)) : 1;
  const uint64_t seed = seed_env ? std::strtoull(seed_env, nullptr, 0) : std::random_device{}();
  std::printf("SIMD host-differential seed: %" PRIu64 " (M86_SIMD_SEED=%" PRIu64 " reruns it)\n", seed, seed);
  const auto& cases = SimdCases();
  int mismatches = 0, runs = 0, xm_faults = 0;
  for (size_t row = 0; row < cases.size(); ++row) {
    const SimdCase& k = cases[row];
    if (only && std::strcmp(only, k.name) != 0) continue;
    for (int form = 0; form < 2; ++form) {
      const bool mem = form == 1;
      if ((mem && k.forms == Forms::kRegOnly) || (!mem && k.forms == Forms::kMemOnly)) continue;
      // Each row has its own stream, so M86_SIMD_ONLY reproduces a row's cases exactly.
      std::mt19937_64 rng(Splitmix(seed ^ Splitmix(row * 2 + form)));
      const int iterations = std::max(1, (k.iterations > 0 ? k.iterations : kIterations) / divisor);
      for (int it = 0; it < iterations; ++it) {
        Instance inst = Build(k, mem, rng);
        SimdState in = RandomState(k, rng);
        if (k.shape) k.shape(it, inst.bytes, in, rng);
        SimdState native = in, emulated = in;
        if (inst.mem) native.gpr[kEbx] = reinterpret_cast<uintptr_t>(native.mem + inst.mem_offset);
        if (k.uses_edi) native.gpr[kEdi] = reinterpret_cast<uintptr_t>(native.mem);
        RunNative(inst.bytes, native);
        const int fault = RunEmulated(inst, k, emulated);
        ++runs;
        // A host SIGFPE must be #XM on the emulator (CR4.OSXMMEXCPT is set) and the reverse;
        // either way the registers, MXCSR and memory must then agree.
        std::string diff;
        if (native.faulted) {
          ++xm_faults;
          if (fault != kVecXm)
            diff = " host raised #XM, emulator " +
                   (fault < 0 ? std::string("did not") : "vector " + std::to_string(fault));
        } else if (fault >= 0) {
          diff = " emulator raised vector " + std::to_string(fault);
        }
        if (diff.empty()) diff = Compare(native, emulated, inst.mem, k.uses_edi);
        if (diff.empty()) continue;
        if (++mismatches <= 40)
          std::printf("mismatch: %s [%s] (%s)%s\n  reproduce: M86_SIMD_SEED=%" PRIu64
                      " M86_SIMD_ONLY=\"%s\" sse_test\n",
                      k.name, Hex(inst.bytes).c_str(), mem ? "memory" : "register", diff.c_str(), seed,
                      k.name);
      }
    }
  }
  std::printf("SIMD host-differential: %d cases over %zu rows (%d #XM), %d mismatches\n", runs,
              cases.size(), xm_faults, mismatches);
  CHECK(mismatches == 0);
  CHECK(runs > 0);
}

}  // namespace
}  // namespace m86::test
