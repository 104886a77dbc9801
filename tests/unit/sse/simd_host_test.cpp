// Host-differential test of the SIMD instructions (x86-64 hosts; skipped with a message
// elsewhere): every row of simd_cases.cpp in its register and memory forms, on random inputs
// biased toward lane edges, run natively (simd_native.cpp) and on a bare nehalem CPU in flat
// 32-bit protected mode with CR4.OSFXSR set; XMM0-7, MM0-7, MXCSR, the general registers, the
// arithmetic flags and the memory operand's area must agree. The seed is printed;
// M86_SIMD_SEED reruns one and M86_SIMD_ONLY="name" limits the run to one row.
#include <catch2/catch.hpp>

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

SimdState RandomState(std::mt19937_64& rng) {
  SimdState s{};
  for (auto& x : s.xmm) x[0] = EdgeBiased(rng), x[1] = EdgeBiased(rng);
  for (uint64_t& m : s.mm) m = EdgeBiased(rng);
  for (uint64_t& g : s.gpr) g = static_cast<uint32_t>(EdgeBiased(rng));
  s.gpr[4] = 0;
  // The arithmetic flags, bit 1 and IF; rounding control and sticky flags vary, exceptions
  // stay masked.
  s.flags = 0x202 | (rng() & 0x8D5);
  s.mxcsr = 0x1F80 | (rng() & 0x603F);
  for (uint8_t& b : s.mem) b = static_cast<uint8_t>(rng());
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
  const uint64_t seed = seed_env ? std::strtoull(seed_env, nullptr, 0) : std::random_device{}();
  std::printf("SIMD host-differential seed: %" PRIu64 " (M86_SIMD_SEED=%" PRIu64 " reruns it)\n", seed, seed);
  const auto& cases = SimdCases();
  int mismatches = 0, runs = 0;
  for (size_t row = 0; row < cases.size(); ++row) {
    const SimdCase& k = cases[row];
    if (only && std::strcmp(only, k.name) != 0) continue;
    for (int form = 0; form < 2; ++form) {
      const bool mem = form == 1;
      if ((mem && k.forms == Forms::kRegOnly) || (!mem && k.forms == Forms::kMemOnly)) continue;
      // Each row has its own stream, so M86_SIMD_ONLY reproduces a row's cases exactly.
      std::mt19937_64 rng(Splitmix(seed ^ Splitmix(row * 2 + form)));
      for (int it = 0; it < kIterations; ++it) {
        const Instance inst = Build(k, mem, rng);
        SimdState in = RandomState(rng);
        SimdState native = in, emulated = in;
        if (inst.mem) native.gpr[kEbx] = reinterpret_cast<uintptr_t>(native.mem + inst.mem_offset);
        if (k.uses_edi) native.gpr[kEdi] = reinterpret_cast<uintptr_t>(native.mem);
        RunNative(inst.bytes, native);
        const int fault = RunEmulated(inst, k, emulated);
        ++runs;
        std::string diff = fault >= 0 ? " emulator raised vector " + std::to_string(fault)
                                      : Compare(native, emulated, inst.mem, k.uses_edi);
        if (diff.empty()) continue;
        if (++mismatches <= 40)
          std::printf("mismatch: %s [%s] (%s)%s\n  reproduce: M86_SIMD_SEED=%" PRIu64
                      " M86_SIMD_ONLY=\"%s\" sse_test\n",
                      k.name, Hex(inst.bytes).c_str(), mem ? "memory" : "register", diff.c_str(), seed,
                      k.name);
      }
    }
  }
  std::printf("SIMD host-differential: %d cases over %zu rows, %d mismatches\n", runs, cases.size(),
              mismatches);
  CHECK(mismatches == 0);
  CHECK(runs > 0);
}

}  // namespace
}  // namespace m86::test
