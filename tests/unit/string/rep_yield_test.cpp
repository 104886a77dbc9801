// REP iterations count toward Cpu::Run's budget: a long REP stops at an iteration boundary when
// the budget is spent, with EIP at the instruction and the registers of the iterations done,
// and resumes in the next run, so a run ends on time with interrupts disabled.
#include <catch2/catch.hpp>

#include "test_machine.h"

using namespace m86;
using m86::test::TestMachine;

namespace {

constexpr uint32_t kCode = 0x1000;
constexpr uint32_t kSrc = 0x100000, kDst = 0x400000;

// Runs `budget` at a time until the CPU halts; returns the number of runs.
int RunInSlices(TestMachine& m, uint64_t budget) {
  int runs = 1;
  while (m.cpu.Run(budget) == StopReason::kBudget) ++runs;
  return runs;
}

}  // namespace

TEST_CASE("A long REP LODSB stops when the budget is spent and resumes", "[string][yield]") {
  constexpr uint32_t kCount = 100'000;
  TestMachine m;
  for (uint32_t i = 0; i < kCount; ++i) m.mem.Write(kSrc + i, 1, i * 7);
  m.Poke(kCode, {0xF3, 0xAC, 0xF4});  // rep lodsb; hlt
  m.StartFlat32(kCode);               // IF = 0: nothing else would stop it
  m.cpu.s.gpr[kEsi] = kSrc;
  m.cpu.s.gpr[kEcx] = kCount;
  REQUIRE(m.cpu.Run(1000) == StopReason::kBudget);
  CHECK(m.cpu.s.rip == kCode);
  const uint32_t done = m.cpu.s.gpr[kEsi] - kSrc;
  CHECK(done > 0);
  CHECK(done < kCount);
  CHECK(m.cpu.s.gpr[kEcx] == kCount - done);
  CHECK((m.cpu.s.gpr[kEax] & 0xFF) == ((done - 1) * 7 & 0xFF));  // the last byte loaded
  CHECK(RunInSlices(m, 1000) > 1);
  CHECK(m.cpu.s.rip == kCode + 3);
  CHECK(m.cpu.s.gpr[kEcx] == 0);
  CHECK(m.cpu.s.gpr[kEsi] == kSrc + kCount);
  CHECK((m.cpu.s.gpr[kEax] & 0xFF) == ((kCount - 1) * 7 & 0xFF));
}

TEST_CASE("A bulk REP MOVSD stops on the budget with ESI, EDI and ECX consistent",
          "[string][yield]") {
  constexpr uint32_t kDwords = 0x40000;  // 1 MiB
  const bool down = GENERATE(false, true);
  TestMachine m;
  for (uint32_t i = 0; i < kDwords; ++i) m.mem.Write(kSrc + 4 * i, 4, i ^ 0x5A5A0000);
  m.Poke(kCode, {0xF3, 0xA5, 0xF4});  // rep movsd; hlt
  m.StartFlat32(kCode);
  const uint32_t first = down ? 4 * (kDwords - 1) : 0;  // the first element's offset
  m.cpu.s.gpr[kEsi] = kSrc + first;
  m.cpu.s.gpr[kEdi] = kDst + first;
  m.cpu.s.gpr[kEcx] = kDwords;
  m.cpu.SetFlags(down ? flag::kDf : 0, flag::kDf);
  REQUIRE(m.cpu.Run(5000) == StopReason::kBudget);
  CHECK(m.cpu.s.rip == kCode);
  const uint32_t moved = kDwords - m.cpu.s.gpr[kEcx];
  CHECK(moved > 0);
  CHECK(moved < kDwords);
  const uint32_t step = down ? 0u - 4 * moved : 4 * moved;
  CHECK(m.cpu.s.gpr[kEsi] == kSrc + first + step);
  CHECK(m.cpu.s.gpr[kEdi] == kDst + first + step);
  RunInSlices(m, 5000);
  CHECK(m.cpu.s.gpr[kEcx] == 0);
  uint32_t mismatches = 0;
  for (uint32_t i = 0; i < kDwords; ++i) mismatches += m.Peek(kDst + 4 * i, 4) != (i ^ 0x5A5A0000);
  CHECK(mismatches == 0);
}

TEST_CASE("REP INSB counts every port read toward the budget", "[string][yield]") {
  TestMachine m;
  m.Poke(kCode, {0xF3, 0x6C, 0xF4});  // rep insb; hlt
  m.StartFlat32(kCode);
  m.cpu.s.gpr[kEdx] = 0x201;
  m.cpu.s.gpr[kEdi] = kDst;
  m.cpu.s.gpr[kEcx] = 0xFFFFFFFF;
  REQUIRE(m.cpu.Run(100) == StopReason::kBudget);
  CHECK(m.cpu.s.rip == kCode);
  CHECK(m.io.reads.size() >= 100);
  CHECK(m.io.reads.size() < 200);  // it polls after every iteration
  CHECK(m.cpu.s.gpr[kEcx] == 0xFFFFFFFF - m.io.reads.size());
  CHECK(m.cpu.s.gpr[kEdi] == kDst + m.io.reads.size());
}

TEST_CASE("A loop of short REPs ends a run after its iterations, not its instructions",
          "[string][yield]") {
  TestMachine m;
  // again: mov ecx, 1000; mov edi, kDst; rep stosb; jmp again
  m.Poke(kCode, {0xB9, 0xE8, 0x03, 0x00, 0x00, 0xBF, 0x00, 0x00, 0x40, 0x00, 0xF3, 0xAA, 0xEB, 0xF2});
  m.StartFlat32(kCode);
  const uint64_t before = m.cpu.retired();
  REQUIRE(m.cpu.Run(50'000) == StopReason::kBudget);
  // 50,000 units of work are about 50 REPs of 1,000 iterations: some 200 instructions.
  CHECK(m.cpu.retired() - before < 400);
}

TEST_CASE("Slicing a REP differently gives the same result", "[string][yield]") {
  auto final_state = [](uint64_t budget) {
    TestMachine m;
    for (uint32_t i = 0; i < 0x30000; ++i) m.mem.Write(kSrc + i, 1, i * 13);
    // rep movsb; mov ecx, 0x30000; mov edi, kSrc; mov al, 0x3A; repne scasb; hlt
    m.Poke(kCode, {0xF3, 0xA4, 0xB9, 0x00, 0x00, 0x03, 0x00, 0xBF, 0x00, 0x00, 0x10, 0x00,
                   0xB0, 0x3A, 0xF2, 0xAE, 0xF4});
    m.StartFlat32(kCode);
    m.cpu.s.gpr[kEsi] = kSrc;
    m.cpu.s.gpr[kEdi] = kDst;
    m.cpu.s.gpr[kEcx] = 0x30000;
    RunInSlices(m, budget);
    std::vector<uint32_t> state(m.cpu.s.gpr, m.cpu.s.gpr + 8);
    state.push_back(m.cpu.s.rip);
    state.push_back(m.cpu.GetFlags() & ~flag::kRf);
    state.push_back(m.Peek(kDst + 0x2FFFC, 4));
    return state;
  };
  const std::vector<uint32_t> whole = final_state(10'000'000);
  CHECK(final_state(1) == whole);
  CHECK(final_state(4097) == whole);
  CHECK(final_state(50'000) == whole);
}

TEST_CASE("A REP with 16-bit addressing is short enough to finish in one run", "[string][yield]") {
  TestMachine m("8086");  // which resumes an interrupted REP at its last prefix (model.h)
  m.Poke(kCode, {0x26, 0xF3, 0xAC, 0xF4});  // es rep lodsb; hlt
  m.StartReal(0, kCode);
  m.cpu.s.gpr[kEcx] = 0xFFFF;
  m.cpu.Run(100);
  CHECK(m.cpu.s.gpr[kEcx] == 0);
  CHECK(m.cpu.s.gpr[kEsi] == 0xFFFF);
}

TEST_CASE("Step runs a whole REP whatever the last run's budget", "[string][yield]") {
  TestMachine m;
  m.Poke(kCode, {0xF3, 0xAA, 0xF4});  // rep stosb; hlt
  m.StartFlat32(kCode);
  m.cpu.s.gpr[kEdi] = kDst;
  m.cpu.s.gpr[kEcx] = 20'000;
  m.cpu.Step();
  CHECK(m.cpu.s.rip == kCode + 2);
  CHECK(m.cpu.s.gpr[kEcx] == 0);
  CHECK(m.cpu.s.gpr[kEdi] == kDst + 20'000);
}
