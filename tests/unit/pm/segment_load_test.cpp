// Protected-mode loads of DS/ES/FS/GS/SS (SDM Vol. 2B, MOV: protected-mode exceptions).
#include <catch2/catch.hpp>

#include "pm_machine.h"

using namespace m86;
using m86::test::Emitter;
using m86::test::PmMachine;

namespace {

struct Outcome {
  uint32_t vector;  // 0x77: no fault
  uint32_t error;
};

// Runs `mov eax, sel; mov reg, ax; mov ebx, 0x77` at `cpl`, then stops (HLT at CPL 0, INT 30h
// to a halting ring-0 handler at CPL 3).
Outcome RunLoad(PmMachine& m, SegReg reg, uint16_t sel, int cpl = 0) {
  m.InstallRecordingHandlers();
  Emitter(m, 0x21000).Hlt();
  m.SetIdtGate(0x30, PmMachine::kCode0, 0x21000, 0xEE);
  Emitter e(m, 0x10000);
  e.MovRegImm32(kEax, sel).MovSregReg(reg, kEax).MovRegImm32(kEbx, 0x77);
  if (cpl == 0) e.Hlt(); else e.Int(0x30);
  m.Start(0x10000, cpl);
  m.cpu.s.gpr[kEbx] = 0;
  REQUIRE(m.Go() == StopReason::kHaltedNoIntr);
  return {m.Reg(kEbx), m.Reg(kEax)};
}

}  // namespace

TEST_CASE("Data segment registers accept null selectors, which fault on use", "[pm][segload]") {
  PmMachine m;
  const Outcome o = RunLoad(m, kDs, 0x0003);
  CHECK(o.vector == 0x77);
  CHECK(m.cpu.s.seg[kDs].selector == 0x0003);
  CHECK_FALSE(m.cpu.s.seg[kDs].readable);
  // A later access through the null DS is #GP(0).
  PmMachine m2;
  m2.InstallRecordingHandlers();
  Emitter(m2, 0x10000).MovRegImm32(kEax, 0).MovSregReg(kDs, kEax).LoadEax(0x100).Hlt();
  m2.Start(0x10000);
  m2.Go();
  CHECK(m2.Reg(kEbx) == kVecGp);
  CHECK(m2.Reg(kEax) == 0);
}

TEST_CASE("Segment load faults carry the SDM's vectors and error codes", "[pm][segload]") {
  struct Case {
    const char* what;
    SegReg reg;
    uint16_t sel;
    int cpl;
    uint32_t vector, error;
  };
  // Extra descriptors: 40 read-only data, 48 execute-only code, 50 not-present data,
  // 58 conforming readable code DPL 0, 60 writable data DPL 0.
  const Case cases[] = {
      {"SS null", kSs, 0x0000, 0, kVecGp, 0},
      {"DS beyond the GDT limit", kDs, 0x1000, 0, kVecGp, 0x1000},
      {"DS in an absent LDT", kDs, 0x0044, 0, kVecGp, 0x0044},
      {"DS DPL 0 data at CPL 3", kDs, 0x0013, 3, kVecGp, 0x0010},
      {"DS RPL 3 > DPL 0", kDs, 0x0013, 0, kVecGp, 0x0010},
      {"SS RPL != CPL", kSs, 0x0013, 0, kVecGp, 0x0010},
      {"SS DPL != CPL", kSs, 0x0023 & ~3, 0, kVecGp, 0x0020},
      {"SS code segment", kSs, 0x0008, 0, kVecGp, 0x0008},
      {"SS read-only data", kSs, 0x0040, 0, kVecGp, 0x0040},
      {"DS execute-only code", kDs, 0x0048, 0, kVecGp, 0x0048},
      {"DS system descriptor (TSS)", kDs, PmMachine::kTssSel, 0, kVecGp, PmMachine::kTssSel},
      {"DS not present", kDs, 0x0050, 0, kVecNp, 0x0050},
      {"SS not present", kSs, 0x0050, 0, kVecSs, 0x0050},
      {"ES readable code", kEs, 0x0008, 0, 0x77, 0},
      {"GS conforming code DPL 0 at CPL 3", kGs, 0x005B, 3, 0x77, 0},
      {"FS read-only data", kFs, 0x0040, 0, 0x77, 0},
      {"SS DPL 3 at CPL 3", kSs, 0x0023, 3, 0x77, 0},
  };
  for (const Case& k : cases) {
    SECTION(k.what) {
      PmMachine m;
      m.SetSegment(0x40, 0, 0xFFFFF, 0x91, 0xC);
      m.SetSegment(0x48, 0, 0xFFFFF, 0x99, 0xC);
      m.SetSegment(0x50, 0, 0xFFFFF, 0x13, 0xC);
      m.SetSegment(0x58, 0, 0xFFFFF, 0x9F, 0xC);
      const Outcome o = RunLoad(m, k.reg, k.sel, k.cpl);
      CHECK(o.vector == k.vector);
      if (k.vector != 0x77) CHECK(o.error == k.error);
      else if (k.cpl == 0) CHECK(m.cpu.s.seg[k.reg].selector == k.sel);
      else if (k.reg == kSs) CHECK(m.Stack(16) == k.sel);  // INT 30h switched stacks
      else CHECK(m.cpu.s.seg[k.reg].selector == k.sel);
    }
  }
}

TEST_CASE("A segment load sets the descriptor's accessed bit", "[pm][segload]") {
  PmMachine m;
  m.SetSegment(0x60, 0x12340, 0xFFF, 0x92, 0x4);
  CHECK(m.AccessByte(0x60) == 0x92);
  RunLoad(m, kEs, 0x60);
  CHECK(m.AccessByte(0x60) == 0x93);
  CHECK(m.cpu.s.seg[kEs].base == 0x12340);
  CHECK(m.cpu.s.seg[kEs].limit == 0xFFF);
  CHECK(m.cpu.s.seg[kEs].writable);
}
