// A protected-mode test machine: GDT, IDT and TSS in RAM, segment caches loaded directly (the
// system instructions are not needed), and a tiny emitter for hand-encoded code.
#pragma once
#include <cstdint>
#include <initializer_list>

#include "cpu/descriptors.h"
#include "test_machine.h"

namespace m86::test {

// Emits instruction bytes at a physical address.
class Emitter {
 public:
  Emitter(TestMachine& m, uint32_t addr) : m_(m), at_(addr) {}
  uint32_t here() const { return at_; }
  Emitter& Bytes(std::initializer_list<uint8_t> b) {
    for (uint8_t x : b) m_.mem.Write(at_++, 1, x);
    return *this;
  }
  Emitter& Imm16(uint32_t v) { return Bytes({uint8_t(v), uint8_t(v >> 8)}); }
  Emitter& Imm32(uint32_t v) { return Bytes({uint8_t(v), uint8_t(v >> 8), uint8_t(v >> 16), uint8_t(v >> 24)}); }

  // Encodings in the code's default operand size (the caller knows whether it is 16 or 32).
  Emitter& Hlt() { return Bytes({0xF4}); }
  Emitter& Int(uint8_t n) { return Bytes({0xCD, n}); }
  Emitter& Iret() { return Bytes({0xCF}); }
  Emitter& Retf() { return Bytes({0xCB}); }
  Emitter& RetfImm(uint16_t n) { return Bytes({0xCA}).Imm16(n); }
  Emitter& PushReg(int r) { return Bytes({uint8_t(0x50 + r)}); }
  Emitter& PopReg(int r) { return Bytes({uint8_t(0x58 + r)}); }
  Emitter& MovRegImm32(int r, uint32_t v) { return Bytes({uint8_t(0xB8 + r)}).Imm32(v); }
  Emitter& MovRegImm16(int r, uint16_t v) { return Bytes({uint8_t(0xB8 + r)}).Imm16(v); }
  Emitter& MovSregReg(SegReg s, int r) { return Bytes({0x8E, uint8_t(0xC0 | (s << 3) | r)}); }
  Emitter& MovRegSreg(int r, SegReg s) { return Bytes({0x8C, uint8_t(0xC0 | (s << 3) | r)}); }
  Emitter& MovRegReg(int dst, int src) { return Bytes({0x89, uint8_t(0xC0 | (src << 3) | dst)}); }
  // 32-bit code: CALL/JMP ptr16:32; 16-bit code: ptr16:16.
  Emitter& CallFar32(uint16_t sel, uint32_t off) { return Bytes({0x9A}).Imm32(off).Imm16(sel); }
  Emitter& JmpFar32(uint16_t sel, uint32_t off) { return Bytes({0xEA}).Imm32(off).Imm16(sel); }
  Emitter& CallFar16(uint16_t sel, uint16_t off) { return Bytes({0x9A}).Imm16(off).Imm16(sel); }
  // PUSH imm32 (32-bit code) / imm16 (16-bit code).
  Emitter& PushImm32(uint32_t v) { return Bytes({0x68}).Imm32(v); }
  Emitter& PushImm16(uint16_t v) { return Bytes({0x68}).Imm16(v); }
  // MOV EAX, [disp32] and MOV [disp32], EAX (32-bit code, DS).
  Emitter& LoadEax(uint32_t addr) { return Bytes({0xA1}).Imm32(addr); }
  Emitter& StoreEax(uint32_t addr) { return Bytes({0xA3}).Imm32(addr); }

 private:
  TestMachine& m_;
  uint32_t at_;
};

// Fixed layout: GDT at 0x1000, IDT at 0x2000, TSS0 at 0x3000, ring-0 stack below 0x9000,
// ring-3 stack below 0x8000, code from 0x10000.
class PmMachine : public TestMachine {
 public:
  static constexpr uint32_t kGdt = 0x1000, kIdt = 0x2000, kTss0 = 0x3000;
  static constexpr uint32_t kStack0 = 0x9000, kStack3 = 0x8000;
  static constexpr uint16_t kCode0 = 0x08, kData0 = 0x10, kCode3 = 0x1B, kData3 = 0x23,
                            kTssSel = 0x28, kCode16 = 0x30, kFree = 0x40;

  explicit PmMachine(std::string_view model = "pentiumpro") : TestMachine(model) {
    const bool is286 = cpu.model().gen == kGen286;
    const uint8_t big = is286 ? 0 : 0xC;  // G and D/B (reserved on the 80286)
    const uint32_t flat = is286 ? 0xFFFF : 0xFFFFF;
    SetSegment(kCode0, 0, flat, 0x9B, big);
    SetSegment(kData0, 0, flat, 0x93, big);
    SetSegment(kCode3, 0, flat, 0xFB, big);
    SetSegment(kData3, 0, flat, 0xF3, big);
    SetSegment(kTssSel, kTss0, is286 ? 0x2B : 0x67, is286 ? 0x83 : 0x8B, 0);  // busy: current
    SetSegment(kCode16, 0, 0xFFFF, 0x9B, 0);
    cpu.s.cr0 |= cr0::kPe;
    cpu.s.gdtr = TableRegister{kGdt, 0xFFF};
    cpu.s.idtr = TableRegister{kIdt, 0x7FF};
    Descriptor d;
    ReadDescriptor(cpu, kTssSel, &d);
    LoadSegmentCache(cpu, cpu.s.tr, kTssSel, d);
    // Ring-0 stack in TSS0 (32-bit or 16-bit format).
    if (is286) {
      mem.Write(kTss0 + 2, 2, kStack0);
      mem.Write(kTss0 + 4, 2, kData0);
    } else {
      mem.Write(kTss0 + 4, 4, kStack0);
      mem.Write(kTss0 + 8, 4, kData0);
    }
  }

  // A code or data segment descriptor (access byte, flags nibble G D/B L AVL in bits 3..0).
  void SetSegment(uint16_t sel, uint32_t base, uint32_t limit, uint8_t access, uint8_t flags) {
    const uint32_t lo = (limit & 0xFFFF) | (base << 16);
    const uint32_t hi = ((base >> 16) & 0xFF) | (uint32_t{access} << 8) | (limit & 0xF0000) |
                        (uint32_t{flags} << 20) | (base & 0xFF000000u);
    WriteDescriptor(kGdt + (sel & ~7u), lo, hi);
  }
  // A gate descriptor (call, interrupt, trap or task gate) at `addr`.
  void SetGateAt(uint32_t addr, uint16_t sel, uint32_t offset, uint8_t access, uint8_t params = 0) {
    WriteDescriptor(addr, (offset & 0xFFFF) | (uint32_t{sel} << 16),
                    (offset & 0xFFFF0000u) | (uint32_t{access} << 8) | params);
  }
  void SetGdtGate(uint16_t gate_sel, uint16_t sel, uint32_t offset, uint8_t access, uint8_t params = 0) {
    SetGateAt(kGdt + (gate_sel & ~7u), sel, offset, access, params);
  }
  void SetIdtGate(uint8_t vector, uint16_t sel, uint32_t offset, uint8_t access) {
    SetGateAt(kIdt + vector * 8u, sel, offset, access);
  }
  void WriteDescriptor(uint32_t addr, uint32_t lo, uint32_t hi) {
    mem.Write(addr, 4, lo);
    mem.Write(addr + 4, 4, hi);
  }
  uint8_t AccessByte(uint16_t sel) { return static_cast<uint8_t>(Peek(kGdt + (sel & ~7u) + 5, 1)); }

  // Loads a segment register's cache straight from the GDT, without checks.
  void LoadSeg(SegReg r, uint16_t sel) {
    Descriptor d;
    ReadDescriptor(cpu, sel, &d);
    LoadSegmentCache(cpu, cpu.s.seg[r], sel, d);
  }
  // Starts at CPL 0 (or 3) with flat segments at `eip`.
  void Start(uint32_t eip, int cpl = 0) {
    const uint16_t code = cpl ? kCode3 : kCode0, data = cpl ? kData3 : kData0;
    for (SegReg r : {kEs, kDs, kFs, kGs, kSs}) LoadSeg(r, data);
    LoadSeg(kCs, code);
    cpu.s.cpl = static_cast<uint8_t>(cpl);
    cpu.s.rip = eip;
    cpu.s.gpr[kEsp] = cpl ? kStack3 : kStack0;
    cpu.OnModeChange();
  }
  // Handlers for vectors 0-31 that record the vector in EBX, pop any error code into EAX
  // (0xEEEEEEEE when none) and halt, leaving the frame's remains on the stack.
  void InstallRecordingHandlers(uint32_t code_addr = 0x20000) {
    for (uint32_t v = 0; v < 32; ++v) {
      const bool has_error = v == 8 || (v >= 10 && v <= 14) || v == 17;
      Emitter e(*this, code_addr + v * 16);
      e.MovRegImm32(kEbx, v);
      if (has_error) e.PopReg(kEax); else e.MovRegImm32(kEax, 0xEEEEEEEE);
      e.Hlt();
      SetIdtGate(static_cast<uint8_t>(v), kCode0, code_addr + v * 16, 0x8E);
    }
  }
  StopReason Go(uint64_t max = 100000) {
    cpu.s.halted = false;
    return cpu.Run(max);
  }
  uint32_t Reg(Gpr r) const { return cpu.s.gpr[r]; }
  uint32_t Stack(uint32_t offset) { return Peek(cpu.s.seg[kSs].base + cpu.s.gpr[kEsp] + offset, 4); }
};

}  // namespace m86::test
