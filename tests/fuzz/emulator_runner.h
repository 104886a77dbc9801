// Runs a FuzzCase on morph86's CPU (nehalem model: SSE through SSE4.2, as the host has) in the
// environment the native child gives a sequence: 32-bit protected mode, CPL 3, IOPL 0, flat
// segments, SSE enabled, paging with the code page user read-only, the data page user
// read-write and nothing else user-accessible.
#ifndef M86_TESTS_FUZZ_EMULATOR_RUNNER_H_
#define M86_TESTS_FUZZ_EMULATOR_RUNNER_H_

#include <cstdint>
#include <functional>

#include "cpu/cpu.h"
#include "native_case.h"

namespace m86::fuzz {

// How Linux reports exception `vector` to the native children (arch/x86/kernel/traps.c): the
// outcome and the signal number.
FuzzOutcome OutcomeOfVector(uint8_t vector, uint32_t* signal);

// Port I/O for a machine without devices.
class NullIo final : public PortIo {
 public:
  uint32_t In(uint16_t, int) override { return 0xFFFFFFFFu; }
  void Out(uint16_t, int, uint32_t) override {}
};

// What both emulator runners share: RAM, a CPU with no devices, and running a sequence until
// the first exception, which the CPU reports instead of delivering.
class SequenceMachine {
 public:
  SequenceMachine(const SequenceMachine&) = delete;
  SequenceMachine& operator=(const SequenceMachine&) = delete;

  // Runs blocks through `translator` (--jit on|check), which must outlive this machine: its
  // host code belongs to the CPU's blocks. In check mode the CPU keeps the first difference
  // between a translated and an interpreted run (Cpu::check_failure) and checks no further
  // block, so a machine that found one is replaced rather than reused.
  void AttachTranslator(BlockTranslator* translator) { cpu_.set_translator(translator); }
  // The CPU, for its translation statistics and check report.
  const Cpu& cpu() const { return cpu_; }

 protected:
  explicit SequenceMachine(const char* model_name);

  // How a sequence stopped: kCompleted at the INT3 after the code, otherwise the exception
  // (vector, error code, and the signal Linux would send) or a harness problem.
  struct Stop {
    FuzzOutcome outcome = FuzzOutcome::kHarnessError;
    uint8_t vector = 0;
    uint32_t error_code = 0;
    uint32_t signal = 0;
  };
  // Writes the code (INT3 after it and everywhere else on its page) and the data page, calls
  // load_state to set the registers, runs, and copies the data page to data_out.
  Stop Execute(const uint8_t* code, uint32_t code_len, const uint8_t* data,
               const std::function<void()>& load_state, uint8_t* data_out);

  // CPL 3 at the start of the code page, with flat DPL 3 segments set directly in the
  // descriptor caches under Linux's user selectors: CS execute/read (0xFB) with `cs_size`
  // (kBig, or kLong in 64-bit mode), the others read/write (0xF3) and kBig; page-granular.
  // The status flags and DF come from `flags`.
  void EnterUserMode(uint16_t cs_selector, uint16_t cs_size, uint64_t flags);

  // The outcome and exception of `stop` into a result of either width (CR2 for #PF); returns
  // where the sequence stopped: the end of the code, or the faulting instruction.
  template <typename R>
  uint64_t ReportStop(const Stop& stop, uint32_t code_len, R* result) const {
    result->outcome = stop.outcome;
    result->vector = stop.vector;
    result->error_code = stop.error_code;
    result->signal = stop.signal;
    if (stop.vector == kVecPf && stop.outcome == FuzzOutcome::kMemoryFault) {
      result->fault_addr = static_cast<decltype(result->fault_addr)>(cpu_.s.cr2);
    }
    return stop.outcome == FuzzOutcome::kCompleted ? kFuzzCodeAddr + code_len : cpu_.s.rip;
  }

  // XMM0..XMM(N-1) and MXCSR into and out of the CPU.
  template <int N>
  void LoadSse(const FuzzXmmState<N>& in) {
    for (int x = 0; x < N; ++x) {
      cpu_.s.sse.xmm[x].q[0] = in.xmm[x][0];
      cpu_.s.sse.xmm[x].q[1] = in.xmm[x][1];
    }
    cpu_.s.sse.mxcsr = in.mxcsr & kFuzzMxcsrMask;
  }
  template <int N>
  void SaveSse(FuzzXmmState<N>* out) const {
    for (int x = 0; x < N; ++x) {
      out->xmm[x][0] = cpu_.s.sse.xmm[x].q[0];
      out->xmm[x][1] = cpu_.s.sse.xmm[x].q[1];
    }
    out->mxcsr = cpu_.s.sse.mxcsr;
  }

  NullIo io_;
  PhysicalMemory mem_;
  Cpu cpu_;

 private:
  // The event intercept_event stopped at.
  bool stopped_ = false;
  uint8_t vector_ = 0;
  uint32_t error_code_ = 0;
  bool software_ = false;
};

class EmulatorRunner : public SequenceMachine {
 public:
  EmulatorRunner();

  // Same result format as NativeRunner::Run: kCompleted at the end of the code, otherwise
  // the exception that stopped it (vector, error code, CR2 for #PF) with the state before
  // the faulting instruction (after it for traps).
  FuzzResult Run(const FuzzCase& fuzz_case);

 private:
  void SetUpMachine();
  void LoadState(const FuzzCase& fuzz_case);
};

}  // namespace m86::fuzz

#endif  // M86_TESTS_FUZZ_EMULATOR_RUNNER_H_
