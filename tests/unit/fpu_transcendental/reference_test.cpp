// Reference values computed with high-precision arithmetic (gen_reference.py): the emulation
// must return the correctly rounded result and its C1 on every host, AArch64 included.
#include <catch2/catch.hpp>

#include <cinttypes>
#include <cstdio>

#include "host_transcendental.h"

namespace m86::fpu::test {
namespace {

struct Reference {
  TransOp op;
  int rc;
  Float80 a, b;  // ST(0) and ST(1)
  Float80 expected;
  bool rounded_up;
};

const Reference kReferences[] = {
#include "reference_vectors.inc"
};

}  // namespace

TEST_CASE("transcendentals are correctly rounded on reference values", "[fpu][transcendental]") {
  int failures = 0;
  for (const Reference& ref : kReferences) {
    TransState emu;
    uint16_t cw = static_cast<uint16_t>(0x037F | ref.rc << 10);
    EmuTransRun(ref.op, ref.a, ref.b, cw, &emu);
    // The result whose rounding C1 reports: ST(1) after FPTAN's push, ST(0) otherwise.
    const Float80& got = ref.op == TransOp::kPtan ? emu.st1 : emu.st0;
    bool c1 = (emu.sw >> 9) & 1;
    if (got == ref.expected && c1 == ref.rounded_up && (emu.sw & 0x3F) == kPrecision) continue;
    ++failures;
    std::printf("%s rc=%d a=%04x:%016" PRIx64 " b=%04x:%016" PRIx64 ": got %04x:%016" PRIx64
                " C1=%d sw=%04x, expected %04x:%016" PRIx64 " C1=%d\n",
                TransOpName(ref.op), ref.rc, ref.a.sign_exp, ref.a.mant, ref.b.sign_exp, ref.b.mant,
                got.sign_exp, got.mant, c1, emu.sw, ref.expected.sign_exp, ref.expected.mant,
                ref.rounded_up);
  }
  INFO(sizeof(kReferences) / sizeof(kReferences[0]) << " reference values");
  CHECK(failures == 0);
}

}  // namespace m86::fpu::test
