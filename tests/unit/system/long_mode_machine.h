// IA-32e mode for the system tests: 4-level page tables, 16-byte descriptors, the documented
// entry sequence, and a runner that records exceptions instead of delivering them.
#pragma once
#include <cstdint>
#include <initializer_list>

#include <catch2/catch.hpp>

#include "cpu/descriptors.h"
#include "system_machine.h"

namespace m86::test::lm {

namespace t = m86::test;

constexpr uint32_t kPml4 = 0x20000, kPdpt = 0x21000, kPd = 0x22000;
constexpr uint32_t kP = 1, kRw = 2;
// After the machine's GDT: 16-byte descriptors of a 64-bit TSS (88) and an LDT (98), 64-bit
// code segments at DPL 0 (A8) and DPL 3 (B3), and a code segment with both L and D (B8).
constexpr uint16_t kSelTss64 = 0x88, kSelLdt64 = 0x98, kSelCode64 = 0xA8, kSelUserCode64 = 0xB3,
                   kSelLongBig = 0xB8;
constexpr uint32_t kGdtLimit64 = 0xBF;
// The IDT of 16-byte gates replaces the machine's at the same address.
constexpr uint32_t kIdtLimit64 = 0x41F;

// 4-level tables mapping linear pages 1-511 to themselves. The page directory's entry 0 points at
// the directory itself, which so is also the page table. The PML4 entry has only P, which makes
// it a valid PAE PDPTE too, so the tables give the same translations with the 3-level PAE walk.
inline void BuildTables(SystemMachine& m) {
  m.Write64(kPml4, kPdpt | kP);
  m.Write64(kPdpt, kPd | kP | kRw);
  m.Write64(kPd, kPd | kP | kRw);
  for (uint32_t i = 1; i < 512; ++i) m.Write64(kPd + 8 * i, (i << 12) | kP | kRw);
  // 88: 64-bit TSS at kTssBase (available); 98: LDT at kLdtBase.
  m.Write64(t::kGdtBase + kSelTss64, t::MakeDescriptor(t::kTssBase, 0x67, 0x89, 0));
  m.Write64(t::kGdtBase + kSelTss64 + 8, 0);
  m.Write64(t::kGdtBase + kSelLdt64, t::MakeDescriptor(t::kLdtBase, 0x17, 0x82, 0));
  m.Write64(t::kGdtBase + kSelLdt64 + 8, 0);
  m.Write64(t::kGdtBase + kSelCode64, t::MakeDescriptor(0, 0xFFFFF, 0x9B, 0xA));  // G, L
  m.Write64(t::kGdtBase + (kSelUserCode64 & ~7u), t::MakeDescriptor(0, 0xFFFFF, 0xFB, 0xA));
  m.Write64(t::kGdtBase + kSelLongBig, t::MakeDescriptor(0, 0xFFFFF, 0x9B, 0xE));  // G, D, L
}

// A 16-byte IDT gate (SDM Vol. 3A, Figure 6-8): access byte, IST index, 64-bit offset.
inline void SetGate64(SystemMachine& m, uint8_t vector, uint16_t sel, uint64_t offset,
                      uint8_t access, uint8_t ist = 0) {
  const uint32_t at = t::kIdtBase + 16u * vector;
  m.Write64(at, t::MakeGate(sel, static_cast<uint32_t>(offset), access) | (uint64_t{ist} << 32));
  m.Write64(at + 8, offset >> 32);
}

// WRMSR EFER.LME, CR4.PAE, CR3, CR0.PG: the documented order (SDM Vol. 3A, 10.8.5).
inline const std::initializer_list<uint8_t> kEnter = {
    0xB9, 0x80, 0x00, 0x00, 0xC0,  // mov ecx, C0000080h
    0x0F, 0x32,                    // rdmsr
    0x0D, 0x00, 0x01, 0x00, 0x00,  // or eax, 100h (LME)
    0x0F, 0x30,                    // wrmsr
    0x0F, 0x20, 0xE0,              // mov eax, cr4
    0x83, 0xC8, 0x20,              // or eax, 20h (PAE)
    0x0F, 0x22, 0xE0,              // mov cr4, eax
    0xB8, 0x00, 0x00, 0x02, 0x00,  // mov eax, kPml4
    0x0F, 0x22, 0xD8,              // mov cr3, eax
    0x0F, 0x20, 0xC0,              // mov eax, cr0
    0x0D, 0x00, 0x00, 0x00, 0x80,  // or eax, 80000000h (PG)
    0x0F, 0x22, 0xC0,              // mov cr0, eax
};
inline const uint32_t kAfterEnter = t::kCodeBase + static_cast<uint32_t>(kEnter.size());

// Runs until HLT or an exception, which is recorded instead of delivered; returns its vector
// (-1 for none) and the error code in *error.
inline int Run(SystemMachine& m, uint32_t* error = nullptr) {
  int vector = -1;
  m.cpu.intercept_event = [&](uint8_t v, uint32_t e, bool) {
    vector = v;
    if (error) *error = e;
    return true;
  };
  m.cpu.s.halted = false;
  m.RunToHalt();
  m.cpu.intercept_event = nullptr;
  return vector;
}

// Runs one instruction; an exception with vector `stop_at` (any vector with kAnyVector) is
// recorded, not delivered. Returns the recorded vector or -1, and the error code in *error.
constexpr int kAnyVector = -1;
inline int StepRecording(SystemMachine& m, int stop_at, uint32_t* error = nullptr) {
  int seen = -1;
  m.cpu.intercept_event = [&](uint8_t v, uint32_t e, bool) {
    if (stop_at != kAnyVector && v != stop_at) return false;
    seen = v;
    if (error) *error = e;
    return true;
  };
  m.cpu.Step();
  m.cpu.intercept_event = nullptr;
  return seen;
}
inline int Step(SystemMachine& m, uint32_t* error = nullptr) {
  return StepRecording(m, kAnyVector, error);
}

// Protected mode at CPL 0, through kEnter into compatibility mode; `then` runs next. The
// caller built the tables.
inline int EnterAndRun(SystemMachine& m, std::initializer_list<uint8_t> then, uint32_t* error = nullptr) {
  m.Code(kEnter);
  m.Code(then, kAfterEnter);
  m.StartProtected();
  m.cpu.s.gdtr.limit = kGdtLimit64;
  m.cpu.s.idtr.limit = kIdtLimit64;
  return Run(m, error);
}

// From compatibility mode after EnterAndRun: CS becomes the 64-bit code segment, with `code` at
// `at` as the next instruction and RSP = `rsp`.
inline void SwitchTo64(SystemMachine& m, std::initializer_list<uint8_t> code, uint32_t at,
                       uint64_t rsp) {
  Descriptor d;
  REQUIRE(ReadDescriptor(m.cpu, kSelCode64, &d) == DescriptorLookup::kOk);
  LoadSegmentCache(m.cpu, m.cpu.s.seg[kCs], kSelCode64, d);
  m.Code(code, at);
  m.cpu.s.rip = at;
  m.cpu.s.gpr[kEsp] = rsp;
  m.cpu.s.halted = false;
  m.cpu.OnModeChange();
  REQUIRE(Code64(m.cpu.s));
}

}  // namespace m86::test::lm
