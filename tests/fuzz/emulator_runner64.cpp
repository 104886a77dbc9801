// The emulator side of the 64-bit differential fuzzer. Until the mode switch exists the CPU
// is put into 64-bit mode by writing its state directly.
#include "emulator_runner64.h"

#include "cpu/segments.h"

namespace m86::fuzz {
namespace {

// The four paging levels (SDM Vol. 3A, 4.5 "4-Level Paging"): one table each, enough for
// the 2 MiB region [0x200000, 0x400000) that holds both pages.
constexpr uint64_t kPml4 = 0x1000, kPdpt = 0x2000, kPd = 0x3000, kPt = 0x4000;
constexpr uint64_t kPtePresent = 1, kPteWritable = 2, kPteUser = 4;

static_assert(kFuzzCodeAddr >> 21 == kFuzzDataAddr >> 21, "one page table maps both pages");

}  // namespace

EmulatorRunner64::EmulatorRunner64() : SequenceMachine("nehalem") { SetUpMachine(); }

void EmulatorRunner64::SetUpMachine() {
  const uint64_t table = kPtePresent | kPteWritable | kPteUser;
  const uint64_t code = kFuzzCodeAddr, data = kFuzzDataAddr;
  // Entries are 64-bit; every address here is below 4 GiB, so the high halves stay zero.
  auto entry = [this](uint64_t at, uint64_t value) {
    mem_.Write(static_cast<uint32_t>(at), 4, static_cast<uint32_t>(value));
    mem_.Write(static_cast<uint32_t>(at + 4), 4, static_cast<uint32_t>(value >> 32));
  };
  entry(kPml4 + 8 * ((code >> 39) & 511), kPdpt | table);
  entry(kPdpt + 8 * ((code >> 30) & 511), kPd | table);
  entry(kPd + 8 * ((code >> 21) & 511), kPt | table);
  entry(kPt + 8 * ((code >> 12) & 511), code | kPtePresent | kPteUser);
  entry(kPt + 8 * ((data >> 12) & 511), data | table);
  CpuState& s = cpu_.s;
  s.cr3 = kPml4;
  // PAE and the SSE enables (SDM Vol. 3A, 2.5 and 13.1.3); long mode active (EFER.LMA, set
  // by the CPU when paging is enabled with LME, SDM Vol. 3A, 10.8.5).
  s.cr4 = cr4::kPae | cr4::kOsfxsr | cr4::kOsxmmexcpt;
  s.efer = efer::kLme | efer::kLma;
  s.cr0 = cr0::kPe | cr0::kMp | cr0::kEt | cr0::kNe | cr0::kWp | cr0::kPg;
  cpu_.FlushTlb();
}

void EmulatorRunner64::LoadState(const FuzzCase64& fuzz_case) {
  // __USER_CS, a 64-bit code segment (L set).
  EnterUserMode(0x33, seg_attr::kLong, fuzz_case.init.rflags);
  for (int r = 0; r < 16; ++r) cpu_.s.gpr[r] = fuzz_case.init.gpr[r];
  LoadSse(fuzz_case.sse);
  cpu_.OnModeChange();
  cpu_.FlushTlb();
}

FuzzResult64 EmulatorRunner64::Run(const FuzzCase64& fuzz_case) {
  FuzzResult64 result{};
  const Stop stop = Execute(fuzz_case.code, fuzz_case.code_len, fuzz_case.data,
                            [&] { LoadState(fuzz_case); }, result.data);
  const CpuState& s = cpu_.s;
  for (int r = 0; r < 16; ++r) result.regs.gpr[r] = s.gpr[r];
  result.regs.rflags = cpu_.GetFlags() & ~kFlagRf;
  SaveSse(&result.sse);
  result.rip = ReportStop(stop, fuzz_case.code_len, &result);
  return result;
}

}  // namespace m86::fuzz
