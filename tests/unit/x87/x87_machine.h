// A TestMachine for the x87 tests: runs hand-encoded code in 32-bit flat protected mode or in
// real mode, stops at HLT or at the first exception (recorded, not delivered), and converts
// between host doubles and the 80-bit register format for writing expectations.
#pragma once
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string_view>

#include "cpu/fpu/x87_state.h"
#include "test_machine.h"

namespace m86::test {

constexpr uint32_t kX87Code = 0x1000, kX87Data = 0x8000;

// The register format of a finite or infinite double (exact: every double fits).
inline fpu::Float80 F80(double v) {
  uint64_t bits;
  std::memcpy(&bits, &v, 8);
  const uint16_t sign = static_cast<uint16_t>((bits >> 63) << 15);
  const int e = static_cast<int>((bits >> 52) & 0x7FF);
  uint64_t frac = bits & ((1ull << 52) - 1);
  if (e == 0 && frac == 0) return {0, sign};
  if (e == 0x7FF) return {(1ull << 63) | (frac << 11), static_cast<uint16_t>(sign | 0x7FFF)};
  if (e == 0) {  // a double denormal is a normal extended number
    int shift = 0;
    while (!(frac & (1ull << 52))) frac <<= 1, ++shift;
    return {frac << 11, static_cast<uint16_t>(sign | (16383 - 1022 - shift))};
  }
  return {(1ull << 63) | (frac << 11), static_cast<uint16_t>(sign | (e - 1023 + 16383))};
}

// The double a register value equals, for values that are exactly representable.
inline double D(const fpu::Float80& x) {
  if (x.exp() == 0 && x.mant == 0) return x.sign() ? -0.0 : 0.0;
  double m = static_cast<double>(x.mant) / 9223372036854775808.0;  // 2^63
  int e = static_cast<int>(x.exp()) - 16383;
  double v = m;
  for (; e > 0; --e) v *= 2;
  for (; e < 0; ++e) v /= 2;
  return x.sign() ? -v : v;
}

inline const fpu::Float80 kIndefinite{0xC000000000000000ull, 0xFFFF};

class X87Machine : public TestMachine {
 public:
  explicit X87Machine(std::string_view model = "pentiumpro") : TestMachine(model) {
    cpu.intercept_event = [this](uint8_t v, uint32_t error, bool software) {
      if (software) return false;
      vector = v;
      error_code = error;
      return true;
    };
    cpu.on_ferr = [this](bool level) {
      ferr = level;
      ++ferr_changes;
    };
    cpu.s.cr0 |= cr0::kNe;      // native #MF reporting unless a test clears it
    ResetX87(cpu.s.fpu, true);  // start as after FNINIT
  }

  // Runs `code` at kX87Code until HLT or an exception; returns the vector or -1.
  int Run32(std::initializer_list<uint8_t> code) {
    Poke(kX87Code, code);
    StartFlat32(kX87Code);
    return Go();
  }
  int Run32(const uint8_t* code, size_t size) {
    for (size_t i = 0; i < size; ++i) mem.Write(kX87Code + static_cast<uint32_t>(i), 1, code[i]);
    StartFlat32(kX87Code);
    return Go();
  }
  // The same in real mode at 0000:kX87Code (16-bit operand and address size).
  int Run16(std::initializer_list<uint8_t> code) {
    cpu.s.cr0 &= ~cr0::kPe;
    Poke(kX87Code, code);
    StartReal(0, kX87Code);
    cpu.OnModeChange();
    return Go();
  }

  X87State& fpu() { return cpu.s.fpu; }
  int top() const { return (cpu.s.fpu.sw >> 11) & 7; }
  const fpu::Float80& st(int i) const { return cpu.s.fpu.r[(top() + i) & 7]; }
  bool empty(int i) const { return ((cpu.s.fpu.tw >> (2 * ((top() + i) & 7))) & 3) == 3; }
  uint16_t cc() const { return cpu.s.fpu.sw & 0x4700; }

  void Put16(uint32_t a, uint16_t v) { mem.Write(a, 2, v); }
  void Put32(uint32_t a, uint32_t v) { mem.Write(a, 4, v); }
  void Put64(uint32_t a, uint64_t v) {
    Put32(a, static_cast<uint32_t>(v));
    Put32(a + 4, static_cast<uint32_t>(v >> 32));
  }
  void Put80(uint32_t a, const fpu::Float80& v) {
    Put64(a, v.mant);
    Put16(a + 8, v.sign_exp);
  }
  void PutDouble(uint32_t a, double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, 8);
    Put64(a, bits);
  }
  void PutFloat(uint32_t a, float v) {
    uint32_t bits;
    std::memcpy(&bits, &v, 4);
    Put32(a, bits);
  }
  uint16_t Get16(uint32_t a) { return static_cast<uint16_t>(mem.Read(a, 2)); }
  uint32_t Get32(uint32_t a) { return mem.Read(a, 4); }
  uint64_t Get64(uint32_t a) { return Get32(a) | (uint64_t{Get32(a + 4)} << 32); }
  fpu::Float80 Get80(uint32_t a) { return {Get64(a), Get16(a + 8)}; }

  int vector = -1;
  uint32_t error_code = 0;
  bool ferr = false;
  int ferr_changes = 0;

 private:
  int Go() {
    vector = -1;
    cpu.s.halted = false;
    RunToHalt(100000);
    return vector;
  }
};

// Little-endian bytes of a 32-bit address, for hand-encoded [disp32] operands.
#define X87_A32(a)                                                                          \
  static_cast<uint8_t>(a), static_cast<uint8_t>((a) >> 8), static_cast<uint8_t>((a) >> 16), \
      static_cast<uint8_t>((a) >> 24)
#define X87_A16(a) static_cast<uint8_t>(a), static_cast<uint8_t>((a) >> 8)

}  // namespace m86::test
