// Cross-host determinism: a fixed pseudo-random run over every operation, hashed (results, flags,
// condition codes). The expected hash was recorded on an x86-64 host where the differential test
// matches the host x87 bit for bit; every other host (AArch64 under qemu-user in CI) must produce
// the same bits. A deliberate change of semantics changes the hash: the test prints the new one.
#include <catch2/catch.hpp>
#include <cinttypes>
#include <cstdio>

#include "diff_check.h"
#include "emulated_x87.h"
#include "operand_gen.h"

using namespace m86::fpu;
using namespace m86::fpu::test;

namespace {

constexpr uint64_t kExpectedHash = 0xC651989B7BAB4E94;

// Multi-byte values are hashed in little-endian order whatever the host's, so the hash
// recorded on x86-64 holds on big-endian hosts too.
struct Fnv {
  uint64_t h = 0xCBF29CE484222325ull;
  void Byte(uint8_t b) { h = (h ^ b) * 0x100000001B3ull; }
  void Bytes(const uint8_t* p, int n) {
    for (int i = 0; i < n; ++i) Byte(p[i]);
  }
  void Word(uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) Byte(static_cast<uint8_t>(v >> (8 * i)));
  }
  void Value(const Float80& x) {
    Word(x.mant, 8);
    Word(x.sign_exp, 2);
  }
};

}  // namespace

TEST_CASE("float80 results are the same on every host", "[fpu]") {
  Rng r(20240601);
  Fnv hash;
  for (int i = 0; i < 200000; ++i) {
    const OpSpec& spec = kOps[r.Below(kOpCount)];
    Float80 a = GenFloat80(r);
    Float80 b = r.Chance(2) ? GenRelated(r, a) : GenFloat80(r);
    uint8_t mem[10];
    for (uint8_t& m : mem) m = static_cast<uint8_t>(r.Next());
    if (spec.op == HostOp::kBld) mem[0] &= 0x99;
    uint32_t masks = r.Chance(3) ? r.Below(64) : 0x3F;
    uint32_t pc = r.Below(4);
    uint32_t rc = r.Below(4);
    uint16_t cw = static_cast<uint16_t>(0x40 | masks | pc << 8 | rc << 10);
    Emulated e = EmulateRun(spec.op, a, b, cw, mem);
    hash.Byte(static_cast<uint8_t>(spec.op));
    hash.Word(e.sw, 2);
    hash.Byte(e.suppress);
    if (e.results > 0) hash.Value(e.st0);
    if (e.results > 1) hash.Value(e.st1);
    hash.Bytes(e.mem, e.mem_bytes);
  }
  std::printf("fpu golden hash: %016" PRIX64 "\n", hash.h);
  CHECK(hash.h == kExpectedHash);
}
