// #NM, pending exceptions (#MF and FERR#), undefined escapes, the last-instruction pointers,
// unmasked responses and the 80386 without a coprocessor (SDM Vol. 1, 8.1.8 and 8.5-8.7;
// Vol. 3A, 2.5 Table 2-2 and 22.18.6).
#include <catch2/catch.hpp>

#include "cpu/cpu.h"
#include "x87_machine.h"

using namespace m86;
using namespace m86::test;

namespace {

// fninit; fldcw [d] (ZE unmasked); fld1; fldz; fdivp st1, st0 -> ZE pending. 14 bytes.
#define X87_RAISE_ZE 0xDB, 0xE3, 0xD9, 0x2D, X87_A32(kX87Data), 0xD9, 0xE8, 0xD9, 0xEE, 0xDE, 0xF9
constexpr uint32_t kAfterRaise = kX87Code + 14;
constexpr uint16_t kCwZeUnmasked = 0x037B;

}  // namespace

TEST_CASE("#NM: CR0.EM and CR0.TS on escapes, MP and TS on WAIT", "[x87][nm]") {
  X87Machine m;
  m.cpu.s.cr0 |= cr0::kEm;
  CHECK(m.Run32({0xD9, 0xE8, 0xF4}) == kVecNm);  // fld1
  CHECK(m.Run32({0xDB, 0xE3, 0xF4}) == kVecNm);  // fninit: the no-wait forms too
  CHECK(m.Run32({0xD9, 0xD1, 0xF4}) == kVecNm);  // an undefined escape
  CHECK(m.Run32({0x9B, 0xF4}) == -1);            // wait: EM alone does not matter
  m.cpu.s.cr0 = (m.cpu.s.cr0 & ~cr0::kEm) | cr0::kTs;
  CHECK(m.Run32({0xD9, 0xE8, 0xF4}) == kVecNm);
  CHECK(m.Run32({0x9B, 0xF4}) == -1);  // TS without MP
  m.cpu.s.cr0 |= cr0::kMp;
  CHECK(m.Run32({0x9B, 0xF4}) == kVecNm);
  CHECK(m.cpu.s.rip == kX87Code);
  m.cpu.s.cr0 &= ~cr0::kTs;
  CHECK(m.Run32({0x9B, 0xD9, 0xE8, 0xF4}) == -1);
  CHECK(m.top() == 7);
}

TEST_CASE("An unmasked exception is delivered as #MF by the next waiting instruction",
          "[x87][mf]") {
  X87Machine m;
  m.Put16(kX87Data, kCwZeUnmasked);
  // ...; fnstsw ax; fnstcw [d+2]; fld1 (faults); hlt
  REQUIRE(m.Run32({X87_RAISE_ZE, 0xDF, 0xE0, 0xD9, 0x3D, X87_A32(kX87Data + 2), 0xD9, 0xE8,
                   0xF4}) == kVecMf);
  CHECK(m.cpu.s.rip == kAfterRaise + 8);
  CHECK((m.cpu.s.gpr[kEax] & 0xFFFF) == (0x3000 | x87sw::kZe | x87sw::kEs | x87sw::kB));
  CHECK(m.top() == 6);                  // nothing popped: the unmasked ZE suppressed the result
  CHECK(m.fpu().fip == kX87Code + 12);  // the FDIVP
  CHECK(m.fpu().fop == 0x6F9);
  CHECK(!m.ferr);
  // WAIT (and FWAIT-prefixed forms) deliver it as well.
  REQUIRE(m.Run32({X87_RAISE_ZE, 0x9B, 0xF4}) == kVecMf);
  CHECK(m.cpu.s.rip == kAfterRaise);
  // A pending exception comes before a fault of the operand fetch. Real mode: fninit;
  // fldcw [8000h]; fld1; fldz; fdivp; fld dword [0FFFEh] (beyond the limit).
  X87Machine r;
  r.Put16(kX87Data, kCwZeUnmasked);
  REQUIRE(r.Run16({0xDB, 0xE3, 0xD9, 0x2E, X87_A16(kX87Data), 0xD9, 0xE8, 0xD9, 0xEE, 0xDE, 0xF9,
                   0xD9, 0x06, X87_A16(0xFFFE), 0xF4}) == kVecMf);
  r.fpu().sw &= static_cast<uint16_t>(~(x87sw::kZe | x87sw::kEs | x87sw::kB));
  REQUIRE(r.Run16({0xD9, 0x06, X87_A16(0xFFFE), 0xF4}) == kVecGp);
  // FNCLEX clears it; the next instruction runs.
  REQUIRE(m.Run32({X87_RAISE_ZE, 0xDB, 0xE2, 0xD9, 0xE8, 0xF4}) == -1);
  CHECK(m.top() == 5);
  CHECK((m.fpu().sw & 0xFF) == 0);
}

TEST_CASE("With CR0.NE clear the exception goes to FERR#, not #MF", "[x87][ferr]") {
  X87Machine m;
  m.cpu.s.cr0 &= ~cr0::kNe;
  m.Put16(kX87Data, kCwZeUnmasked);
  // ...; fld1; hlt
  REQUIRE(m.Run32({X87_RAISE_ZE, 0xD9, 0xE8, 0xF4}) == -1);
  CHECK(m.ferr);
  CHECK(m.ferr_changes == 1);
  CHECK(m.top() == 5);  // the FLD1 ran (as under IGNNE#)
  CHECK((m.fpu().sw & x87sw::kEs) != 0);
  // fnclex deasserts FERR#.
  REQUIRE(m.Run32({0xDB, 0xE2, 0xF4}) == -1);
  CHECK(!m.ferr);
  CHECK(m.ferr_changes == 2);
}

TEST_CASE("FLDCW that unmasks a raised flag makes it pending", "[x87][mf]") {
  X87Machine m;
  m.Put16(kX87Data, kCwZeUnmasked);
  // fninit; fld1; fldz; fdivp (ZE masked, raised); fldcw [d] (unmask); fld1 -> #MF; hlt
  REQUIRE(m.Run32({0xDB, 0xE3, 0xD9, 0xE8, 0xD9, 0xEE, 0xDE, 0xF9, 0xD9, 0x2D, X87_A32(kX87Data),
                   0xD9, 0xE8, 0xF4}) == kVecMf);
  CHECK(m.cpu.s.rip == kX87Code + 14);
  // FNINIT clears the pending exception without waiting.
  REQUIRE(m.Run32({0xDB, 0xE3, 0xD9, 0xE8, 0xF4}) == -1);
}

TEST_CASE("Undefined escapes: #UD without checking pending exceptions", "[x87][ud]") {
  X87Machine m;
  const uint8_t undefined[][2] = {{0xD9, 0xD1}, {0xD9, 0xE2}, {0xD9, 0xEF}, {0xDA, 0xE8},
                                  {0xDB, 0xE5}, {0xDB, 0xF8}, {0xDD, 0xF0}, {0xDE, 0xD8},
                                  {0xDF, 0xE1}, {0xDF, 0xF8}};
  for (const auto& u : undefined) {
    INFO("escape " << std::hex << int{u[0]} << " " << int{u[1]});
    CHECK(m.Run32({u[0], u[1], 0xF4}) == kVecUd);
  }
  // Memory forms without an instruction: D9 /1, DB /4, DB /6, DD /5 (and FISTTP, SSE3).
  CHECK(m.Run32({0xD9, 0x0D, X87_A32(kX87Data), 0xF4}) == kVecUd);
  CHECK(m.Run32({0xDB, 0x25, X87_A32(kX87Data), 0xF4}) == kVecUd);
  CHECK(m.Run32({0xDD, 0x2D, X87_A32(kX87Data), 0xF4}) == kVecUd);
  CHECK(m.Run32({0xDB, 0x0D, X87_A32(kX87Data), 0xF4}) == kVecUd);
  m.Put16(kX87Data, kCwZeUnmasked);
  CHECK(m.Run32({X87_RAISE_ZE, 0xD9, 0xD1, 0xF4}) == kVecUd);
  // FNOP, FENI/FDISI/FSETPM (no-ops) are defined.
  CHECK(m.Run32({0xDB, 0xE3, 0xD9, 0xD0, 0xDB, 0xE0, 0xDB, 0xE1, 0xDB, 0xE4, 0xF4}) == -1);
}

TEST_CASE("Control instructions leave the last-instruction pointers", "[x87][pointers]") {
  X87Machine m;
  m.PutDouble(kX87Data + 8, 1.0);
  m.Put16(kX87Data, 0x037F);
  // 1000 fninit; 1002 fld qword [d+8]; 1008 fnstcw [d+2]; 100E fldcw [d]; 1014 fnstsw ax;
  // 1016 fnclex; 1018 fnstenv [d+32]; hlt
  REQUIRE(m.Run32({0xDB, 0xE3, 0xDD, 0x05, X87_A32(kX87Data + 8), 0xD9, 0x3D, X87_A32(kX87Data + 2),
                   0xD9, 0x2D, X87_A32(kX87Data), 0xDF, 0xE0, 0xDB, 0xE2, 0xD9, 0x35,
                   X87_A32(kX87Data + 32), 0xF4}) == -1);
  CHECK(m.fpu().fip == kX87Code + 2);
  CHECK(m.fpu().fop == 0x505);
  CHECK(m.fpu().fdp == kX87Data + 8);
  // A register instruction keeps the data pointer; FNOP updates the instruction pointer.
  REQUIRE(m.Run32({0xD9, 0xD0, 0xF4}) == -1);
  CHECK(m.fpu().fip == kX87Code);
  CHECK(m.fpu().fop == 0x1D0);
  CHECK(m.fpu().fdp == kX87Data + 8);
}

TEST_CASE("Unmasked responses: no store, no push, no pop", "[x87][unmasked]") {
  X87Machine m;
  m.Put16(kX87Data, 0x0377);                                                   // OM unmasked
  m.Put80(kX87Data + 16, fpu::Float80{0x8000000000000000ull, 0x3FFF + 1000});  // 2^1000
  m.Put32(kX87Data + 32, 0x12345678);
  // fninit; fldcw [d]; fld tword [d+16]; fstp dword [d+32]; hlt
  REQUIRE(m.Run32({0xDB, 0xE3, 0xD9, 0x2D, X87_A32(kX87Data), 0xDB, 0x2D, X87_A32(kX87Data + 16),
                   0xD9, 0x1D, X87_A32(kX87Data + 32), 0xF4}) == -1);
  CHECK(m.Get32(kX87Data + 32) == 0x12345678u);
  CHECK(m.top() == 7);
  CHECK((m.fpu().sw & (x87sw::kOe | x87sw::kEs)) == (x87sw::kOe | x87sw::kEs));
  // A signaling NaN loaded from m32 with IE unmasked is not pushed.
  m.Put16(kX87Data, 0x037E);
  m.Put32(kX87Data + 32, 0x7F800001u);
  REQUIRE(m.Run32({0xDB, 0xE3, 0xD9, 0x2D, X87_A32(kX87Data), 0xD9, 0x05, X87_A32(kX87Data + 32),
                   0xF4}) == -1);
  CHECK(m.top() == 0);
  CHECK(m.fpu().tw == 0xFFFF);
  CHECK((m.fpu().sw & (x87sw::kIe | x87sw::kEs)) == (x87sw::kIe | x87sw::kEs));
  // Masked, it becomes the QNaN.
  REQUIRE(m.Run32({0xDB, 0xE3, 0xD9, 0x05, X87_A32(kX87Data + 32), 0xF4}) == -1);
  CHECK(m.st(0) == fpu::Float80{0xC000010000000000ull, 0x7FFF});
  CHECK((m.fpu().sw & x87sw::kIe) != 0);
}

TEST_CASE("80386 without an 80387: escapes do nothing, EM gives #NM", "[x87][no387]") {
  static const CpuModel no387 = WithFpu(**ModelByName("80386"), false);
  PhysicalMemory mem(1u << 20);
  RecordingIo io;
  Cpu cpu(no387, mem, io);
  int vector = -1;
  cpu.intercept_event = [&vector](uint8_t v, uint32_t, bool) {
    vector = v;
    return true;
  };
  // The detection sequence: mov word [8000h], 5A5Ah; fninit; fnstsw [8000h]; hlt
  const uint8_t code[] = {0xC7, 0x06, 0x00, 0x80, 0x5A, 0x5A, 0xDB,
                          0xE3, 0xDD, 0x3E, 0x00, 0x80, 0xF4};
  for (size_t i = 0; i < sizeof code; ++i) mem.Write(0x1000 + i, 1, code[i]);
  auto run = [&] {
    vector = -1;
    for (int r = 0; r < 6; ++r) LoadSegmentRealMode(cpu, static_cast<SegReg>(r), 0);
    cpu.s.rip = 0x1000;
    cpu.s.halted = false;
    cpu.OnModeChange();
    cpu.Run(1000);
  };
  cpu.s.cr0 &= ~cr0::kEm;
  run();
  CHECK(vector == -1);
  CHECK(mem.Read(0x8000, 2) == 0x5A5A);
  cpu.s.cr0 |= cr0::kEm;
  run();
  CHECK(vector == kVecNm);

  // With the 387 (the default), the status word is stored.
  X87Machine with387("80386");
  REQUIRE(with387.Run16({0xC7, 0x06, 0x00, 0x80, 0x5A, 0x5A, 0xDB, 0xE3, 0xDD, 0x3E, 0x00, 0x80,
                         0xF4}) == -1);
  CHECK(with387.Get16(0x8000) == 0);
  CHECK(no387.has_fpu == false);
  CHECK(ModelByName("80386").value()->has_fpu);
}
