// A flat 32-bit TestMachine for the MMX tests: runs hand-encoded instructions that end in HLT,
// reports the vector of an exception instead of delivering it, and gives access to MM0-MM7.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "test_machine.h"

namespace m86::test {

constexpr uint32_t kMmxCode = 0x1000;   // default code address
constexpr uint32_t kMmxData = 0x20000;  // scratch data the tests address with disp32

class MmxMachine : public TestMachine {
 public:
  explicit MmxMachine(std::string_view model = "pentium2") : TestMachine(model) {
    StartFlat32(kMmxCode);
    cpu.intercept_event = [this](uint8_t vector, uint32_t, bool) {
      fault = vector;
      return true;
    };
  }

  // Places `code` followed by HLT at `addr`.
  void Place(uint32_t addr, const std::vector<uint8_t>& code) {
    for (uint8_t b : code) mem.Write(addr++, 1, b);
    mem.Write(addr, 1, 0xF4);
  }

  // Runs the code at `addr` up to its HLT; returns the exception vector raised, or -1.
  int RunAt(uint32_t addr) {
    fault = -1;
    cpu.s.halted = false;
    cpu.s.rip = addr;
    cpu.Run(1000);
    return fault;
  }

  // Places and runs `code` (followed by HLT) at the default code address.
  int Exec(std::initializer_list<uint8_t> code) {
    Place(kMmxCode, std::vector<uint8_t>(code));
    return RunAt(kMmxCode);
  }

  uint64_t Mm(int i) const { return cpu.s.fpu.r[i].mant; }
  uint16_t SignExp(int i) const { return cpu.s.fpu.r[i].sign_exp; }
  void SetMm(int i, uint64_t v, uint16_t sign_exp = 0) {
    cpu.s.fpu.r[i].mant = v;
    cpu.s.fpu.r[i].sign_exp = sign_exp;
  }
  void Write64(uint32_t addr, uint64_t v) {
    mem.Write(addr, 4, static_cast<uint32_t>(v));
    mem.Write(addr + 4, 4, static_cast<uint32_t>(v >> 32));
  }
  uint64_t Read64(uint32_t addr) {
    return mem.Read(addr, 4) | (uint64_t{mem.Read(addr + 4, 4)} << 32);
  }
  uint16_t Top() const { return (cpu.s.fpu.sw >> 11) & 7; }

  int fault = -1;
};

// Little-endian bytes of a 32-bit displacement, for hand encodings.
inline std::vector<uint8_t> Disp32(uint32_t v) {
  return {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v >> 16),
          static_cast<uint8_t>(v >> 24)};
}

}  // namespace m86::test
