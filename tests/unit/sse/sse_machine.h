// A flat 32-bit machine for the SSE tests: the MMX test machine with CR4.OSFXSR set and
// access to the XMM registers.
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "mmx/mmx_machine.h"

namespace m86::test {

constexpr uint32_t kArea = kMmxData;  // 16-byte aligned

class SseMachine : public MmxMachine {
 public:
  explicit SseMachine(std::string_view model = "nehalem") : MmxMachine(model) {
    cpu.s.cr4 |= cr4::kOsfxsr;
  }
  Xmm& X(int i) { return cpu.s.sse.xmm[i]; }
  std::vector<uint32_t> Cpuid(uint32_t leaf, uint32_t subleaf = 0) {
    cpu.s.gpr[kEax] = leaf;
    cpu.s.gpr[kEcx] = subleaf;
    REQUIRE(Exec({0x0F, 0xA2}) == -1);
    return {Reg32(cpu.s, kEax), Reg32(cpu.s, kEbx), Reg32(cpu.s, kEcx), Reg32(cpu.s, kEdx)};
  }
};

}  // namespace m86::test
