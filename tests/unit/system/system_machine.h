// A TestMachine with descriptor tables in memory for the system-instruction tests: a GDT, an
// IDT (and real-mode IVT) whose entries lead to one HLT per vector, and 32-bit TSSs.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <string_view>

#include "test_machine.h"

namespace m86::test {

// Memory layout; linear = physical.
constexpr uint32_t kGdtBase = 0x1000, kIdtBase = 0x2000, kStubBase = 0x3000,
                   kTssBase = 0x5000, kTss2Base = 0x5100, kTss16Base = 0x5200, kLdtBase = 0x6000,
                   kCodeBase = 0x7000, kUserCode = 0x7800, kDataBase = 0x8000,
                   kStackTop = 0x9000, kUserStackTop = 0xA000;

// GDT selectors (see BuildTables).
constexpr uint16_t kSelCode = 0x08, kSelData = 0x10, kSelUserCode = 0x1B, kSelUserData = 0x23,
                   kSelTss = 0x28, kSelLdt = 0x30, kSelDataDpl2 = 0x38, kSelConforming = 0x40,
                   kSelNotPresent = 0x48, kSelCallGate = 0x50, kSelCode16 = 0x58,
                   kSelTss16 = 0x60, kSelIntGate = 0x68, kSelTss2 = 0x70, kSelByteLimit = 0x78,
                   kSelLdtNotPresent = 0x80;
constexpr uint32_t kGdtLimit = 0x87;
constexpr int kVectors = 32;

// An 8-byte descriptor: base, byte limit (20 bits), access byte, flags nibble (G D/B 0 AVL).
constexpr uint64_t MakeDescriptor(uint32_t base, uint32_t limit, uint8_t access, uint8_t flags) {
  const uint32_t lo = (base << 16) | (limit & 0xFFFF);
  const uint32_t hi = ((base >> 16) & 0xFF) | (uint32_t{access} << 8) | (limit & 0xF0000) |
                      (uint32_t{flags} << 20) | (base & 0xFF000000u);
  return (uint64_t{hi} << 32) | lo;
}
constexpr uint64_t MakeGate(uint16_t selector, uint32_t offset, uint8_t access) {
  const uint32_t lo = (uint32_t{selector} << 16) | (offset & 0xFFFF);
  const uint32_t hi = (offset & 0xFFFF0000u) | (uint32_t{access} << 8);
  return (uint64_t{hi} << 32) | lo;
}

class SystemMachine : public TestMachine {
 public:
  explicit SystemMachine(std::string_view model = "pentiumpro") : TestMachine(model) {
    BuildTables();
  }
  explicit SystemMachine(const CpuModel& model) : TestMachine(model) { BuildTables(); }

  void Write32(uint32_t addr, uint32_t v) { mem.Write(addr, 4, v); }
  void Write64(uint32_t addr, uint64_t v) {
    Write32(addr, static_cast<uint32_t>(v));
    Write32(addr + 4, static_cast<uint32_t>(v >> 32));
  }
  void Code(std::initializer_list<uint8_t> bytes, uint32_t addr = kCodeBase) { Poke(addr, bytes); }

  void BuildTables() {
    const uint64_t gdt[] = {
        0,
        MakeDescriptor(0, 0xFFFFF, 0x9B, 0xC),              // 08 code, DPL 0
        MakeDescriptor(0, 0xFFFFF, 0x93, 0xC),              // 10 data, DPL 0
        MakeDescriptor(0, 0xFFFFF, 0xFB, 0xC),              // 18 code, DPL 3
        MakeDescriptor(0, 0xFFFFF, 0xF3, 0xC),              // 20 data, DPL 3
        MakeDescriptor(kTssBase, 0x67, 0x8B, 0),            // 28 busy 32-bit TSS (the task)
        MakeDescriptor(kLdtBase, 0x17, 0x82, 0),            // 30 LDT
        MakeDescriptor(0, 0xFFFFF, 0xD3, 0xC),              // 38 data, DPL 2
        MakeDescriptor(0, 0xFFFFF, 0x9E, 0xC),              // 40 conforming readable code
        MakeDescriptor(0, 0xFFFFF, 0x13, 0xC),              // 48 data, not present
        MakeGate(kSelCode, kCodeBase, 0x8C),                // 50 32-bit call gate
        MakeDescriptor(0x10000, 0xFFFF, 0x9B, 0),           // 58 16-bit code
        MakeDescriptor(kTss16Base, 0x2B, 0x81, 0),          // 60 available 16-bit TSS
        MakeGate(kSelCode, kCodeBase, 0x8E),                // 68 interrupt gate (invalid here)
        MakeDescriptor(kTss2Base, 0x67, 0x89, 0),           // 70 available 32-bit TSS
        MakeDescriptor(0, 0xFFFFF, 0x93, 0x4),              // 78 data, byte-granular limit
        MakeDescriptor(kLdtBase, 0x17, 0x02, 0),            // 80 LDT, not present
    };
    static_assert(sizeof gdt == kGdtLimit + 1);
    for (uint32_t i = 0; i < sizeof gdt / 8; ++i) Write64(kGdtBase + 8 * i, gdt[i]);
    for (uint32_t v = 0; v < kVectors; ++v) {
      const uint32_t stub = kStubBase + 8 * v;
      Write64(kIdtBase + 8 * v, MakeGate(kSelCode, stub, 0x8E));
      Write32(4 * v, stub);  // real-mode IVT: 0000:stub
      Poke(stub, {0xF4});    // hlt
    }
    Write32(kTssBase + 4, kStackTop);  // ESP0
    Write32(kTssBase + 8, kSelData);   // SS0
  }

  // Protected mode at CPL 0 with the tables loaded and flat segments from GDT 08/10.
  void StartProtected(uint32_t eip = kCodeBase) {
    StartFlat32(eip);
    cpu.s.gdtr = TableRegister{kGdtBase, kGdtLimit};
    cpu.s.idtr = TableRegister{kIdtBase, kVectors * 8 - 1};
    Segment& tr = cpu.s.tr;
    tr.selector = kSelTss;
    tr.base = kTssBase;
    tr.limit = 0x67;
    tr.attr = 0x8B;
    cpu.s.gpr[kEsp] = kStackTop;
    cpu.s.halted = false;
  }
  // Real mode at 0000:ip with the IVT at 0.
  void StartRealAt(uint16_t ip = kCodeBase) {
    cpu.s.cr0 &= ~(cr0::kPe | cr0::kPg);
    cpu.s.cpl = 0;
    cpu.FlushTlb();
    StartReal(0, ip);
    cpu.s.idtr = TableRegister{0, 0x3FF};
    cpu.s.halted = false;
  }

  // The vector whose HLT stub stopped the CPU, or -1 when it stopped elsewhere.
  int HaltedVector() const {
    const uint32_t eip = cpu.s.rip;
    if (!cpu.s.halted || eip <= kStubBase || eip > kStubBase + 8 * kVectors) return -1;
    if ((eip - kStubBase - 1) % 8 != 0) return -1;
    return static_cast<int>((eip - kStubBase - 1) / 8);
  }
  // The dword at ESP + 4 * index (the exception frame).
  uint32_t Stack(int index) {
    return mem.Read(cpu.s.seg[kSs].base + cpu.s.gpr[kEsp] + 4 * index, 4);
  }
  uint16_t Stack16(int index) {
    return static_cast<uint16_t>(
        mem.Read(cpu.s.seg[kSs].base + (cpu.s.gpr[kEsp] & 0xFFFF) + 2 * index, 2));
  }
};

}  // namespace m86::test
