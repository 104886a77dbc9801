// The emulator side of the differential fuzzer.
#include "emulator_runner.h"

#include <array>
#include <csignal>
#include <cstring>

#include "cpu/segments.h"

namespace m86::fuzz {
namespace {

constexpr uint32_t kRamBytes = 4u << 20;
constexpr uint32_t kPageDirectory = 0x1000;
constexpr uint32_t kPageTable = 0x2000;  // maps linear 0-4 MiB
// Page-table entry bits (SDM Vol. 3A, 4.3).
constexpr uint32_t kPtePresent = 1, kPteWritable = 2, kPteUser = 4;
// Sequences are forward-only, so this is far more than any can retire.
constexpr uint64_t kBudget = 100000;
constexpr uint8_t kInt3 = 0xCC;

}  // namespace

SequenceMachine::SequenceMachine(const char* model_name)
    : mem_(kRamBytes), cpu_(**ModelByName(model_name), mem_, io_) {
  cpu_.intercept_event = [this](uint8_t vector, uint32_t error_code, bool software) {
    stopped_ = true;
    vector_ = vector;
    error_code_ = error_code;
    software_ = software;
    return true;
  };
}

SequenceMachine::Stop SequenceMachine::Execute(const uint8_t* code, uint32_t code_len,
                                               const uint8_t* data,
                                               const std::function<void()>& load_state,
                                               uint8_t* data_out) {
  Stop stop;
  if (code_len > kFuzzMaxCode) return stop;
  // The sequence, then INT3 everywhere else: the INT3 right after the code is the terminator
  // (a trap, so it stops with the IP one past it), and stray jumps land on the others.
  static std::array<uint8_t, kFuzzPageSize> page;
  page.fill(kInt3);
  std::memcpy(page.data(), code, code_len);
  mem_.WriteBytes(kFuzzCodeAddr, page);
  mem_.WriteBytes(kFuzzDataAddr, std::span<const uint8_t>(data, kFuzzDataSize));
  load_state();
  stopped_ = false;
  const StopReason why = cpu_.Run(kBudget);
  mem_.ReadBytes(kFuzzDataAddr, std::span<uint8_t>(data_out, kFuzzDataSize));
  if (why != StopReason::kStopRequested || !stopped_) {
    if (why == StopReason::kBudget) stop.outcome = FuzzOutcome::kTimeout;
    return stop;
  }
  if (vector_ == kVecBp && software_ && cpu_.s.rip == kFuzzCodeAddr + code_len + 1) {
    stop.outcome = FuzzOutcome::kCompleted;
    return stop;
  }
  stop.vector = vector_;
  stop.error_code = error_code_;
  stop.outcome = OutcomeOfVector(vector_, &stop.signal);
  return stop;
}

EmulatorRunner::EmulatorRunner() : SequenceMachine("nehalem") { SetUpMachine(); }

void EmulatorRunner::SetUpMachine() {
  // Identity-mapped code and data pages; the pages around them (and everything else) are not
  // present, so accesses fault exactly where the native child's guard pages make them fault.
  mem_.Write(kPageDirectory, 4, kPageTable | kPtePresent | kPteWritable | kPteUser);
  mem_.Write(kPageTable + ((kFuzzCodeAddr >> 12) & 1023) * 4, 4,
             kFuzzCodeAddr | kPtePresent | kPteUser);
  mem_.Write(kPageTable + ((kFuzzDataAddr >> 12) & 1023) * 4, 4,
             kFuzzDataAddr | kPtePresent | kPteWritable | kPteUser);
  CpuState& s = cpu_.s;
  s.cr3 = kPageDirectory;
  // SSE enabled with unmasked exceptions as #XM, as Linux runs it (SDM Vol. 3A, 13.1.3).
  s.cr4 = cr4::kOsfxsr | cr4::kOsxmmexcpt;
  // PE, MP, ET, NE, WP, PG (SDM Vol. 3A, 2.5); AM stays clear, as does EFLAGS.AC.
  s.cr0 = cr0::kPe | cr0::kMp | cr0::kEt | cr0::kNe | cr0::kWp | cr0::kPg;
  cpu_.FlushTlb();
}

void SequenceMachine::EnterUserMode(uint16_t cs_selector, uint16_t cs_size, uint64_t flags) {
  CpuState& s = cpu_.s;
  for (int r = 0; r < 6; ++r) {
    Segment& seg = s.seg[r];
    seg.selector = r == kCs ? cs_selector : 0x2B;
    seg.base = 0;
    seg.limit = 0xFFFFFFFFu;
    seg.attr = static_cast<uint16_t>((r == kCs ? 0xFB | cs_size : 0xF3 | seg_attr::kBig) |
                                     seg_attr::kGranular);
    RefreshSegmentChecks(cpu_, seg);
  }
  s.cpl = 3;
  s.halted = false;
  s.rip = kFuzzCodeAddr;
  s.eflags = kFuzzBaseFlags | (static_cast<uint32_t>(flags) & kFuzzInputFlags);
  s.lazy.op = LazyOp::kNone;
}

void EmulatorRunner::LoadState(const FuzzCase& fuzz_case) {
  // __USER32_CS, a 32-bit (D/B) code segment.
  EnterUserMode(0x23, seg_attr::kBig, fuzz_case.init.eflags);
  const FuzzRegs& in = fuzz_case.init;
  const uint32_t regs[8] = {in.eax, in.ecx, in.edx, in.ebx, in.esp, in.ebp, in.esi, in.edi};
  for (int r = 0; r < 8; ++r) cpu_.s.gpr[r] = regs[r];
  LoadSse(fuzz_case.sse);
  cpu_.OnModeChange();
}

FuzzResult EmulatorRunner::Run(const FuzzCase& fuzz_case) {
  FuzzResult result{};
  const Stop stop = Execute(fuzz_case.code, fuzz_case.code_len, fuzz_case.data,
                            [&] { LoadState(fuzz_case); }, result.data);
  const CpuState& s = cpu_.s;
  result.regs = FuzzRegs{Reg32(s, kEax), Reg32(s, kEcx), Reg32(s, kEdx), Reg32(s, kEbx),
                         Reg32(s, kEsp), Reg32(s, kEbp), Reg32(s, kEsi), Reg32(s, kEdi),
                         cpu_.GetFlags() & ~kFlagRf};
  SaveSse(&result.sse);
  result.eip = static_cast<uint32_t>(ReportStop(stop, fuzz_case.code_len, &result));
  return result;
}

FuzzOutcome OutcomeOfVector(uint8_t vector, uint32_t* signal) {
  switch (vector) {
    case kVecDe:
      *signal = SIGFPE;
      return FuzzOutcome::kDivideError;
    case kVecUd:
      *signal = SIGILL;
      return FuzzOutcome::kInvalidOpcode;
    case kVecBp: case kVecDb:
      *signal = SIGTRAP;
      return FuzzOutcome::kOtherSignal;
    default:
      *signal = (vector == kVecSs || vector == kVecAc) ? SIGBUS : SIGSEGV;
      return FuzzOutcome::kMemoryFault;
  }
}

}  // namespace m86::fuzz
