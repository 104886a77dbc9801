// Runs hand-encoded real-mode code on one CPU model, for the arithmetic family tests.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <string_view>

#include "test_machine.h"

namespace m86::test {

// Status flag bits, for readable expectations.
constexpr uint32_t kOF = 0x800, kSF = 0x80, kZF = 0x40, kAF = 0x10, kPF = 0x04, kCF = 0x01;
constexpr uint32_t kStatusFlags = kOF | kSF | kZF | kAF | kPF | kCF;

class ArithMachine {
 public:
  static constexpr uint32_t kCode = 0x1000, kHandler = 0x3000, kStackTop = 0xF000;

  explicit ArithMachine(std::string_view model) : m_(model, 1u << 20) {
    m_.mem.Write(0, 2, kHandler);  // #DE: a HLT at 0000:3000
    m_.mem.Write(2, 2, 0);
    m_.mem.Write(kHandler, 1, 0xF4);
  }

  void SetReg(Gpr r, uint32_t v) { regs_[r] = v; }
  void SetFlags(uint32_t status) { flags_ = status; }
  void Poke(uint32_t addr, int size, uint32_t v) { m_.mem.Write(addr, size, v); }
  uint32_t Peek(uint32_t addr, int size) { return m_.mem.Read(addr, size); }

  // Runs `code` then a HLT at 0000:1000 (data segments 0). Returns false when the code raised
  // #DE instead of reaching the HLT.
  bool Run(std::initializer_list<uint8_t> code) {
    uint32_t a = kCode;
    for (uint8_t b : code) m_.mem.Write(a++, 1, b);
    m_.mem.Write(a++, 1, 0xF4);
    m_.StartReal(0, kCode);
    m_.cpu.s.halted = false;
    for (int r = 0; r < 8; ++r)
      if (r != kEsp) m_.cpu.s.gpr[r] = regs_[r];
    m_.cpu.SetFlags(flags_ | 0x2, ~0u);
    m_.RunToHalt(100);
    for (int r = 0; r < 8; ++r) regs_[r] = m_.cpu.s.gpr[r];
    return m_.cpu.s.rip == a;
  }

  uint32_t Reg(Gpr r) const { return m_.cpu.s.gpr[r]; }
  uint16_t Ax() const { return static_cast<uint16_t>(m_.cpu.s.gpr[kEax]); }
  uint32_t Flags() { return m_.cpu.GetFlags() & kStatusFlags; }
  // The FLAGS image the #DE delivery pushed (real mode: IP, CS, FLAGS from SP up).
  uint32_t PushedFlags() { return m_.mem.Read(m_.cpu.s.gpr[kEsp] + 4, 2) & kStatusFlags; }

 private:
  TestMachine m_;
  uint32_t regs_[8] = {};
  uint32_t flags_ = 0;
};

}  // namespace m86::test
