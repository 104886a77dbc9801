// Pieces of the native children (32-bit morph86-fuzz-native, 64-bit
// morph86-fuzz-native64) that do not depend on the register width: signal
// set-up, the CPU-time limit and loading a sequence into the code page.
// Internal to the child programs; see native_child.cpp.
#ifndef M86_TESTS_FUZZ_NATIVE_CHILD_COMMON_H_
#define M86_TESTS_FUZZ_NATIVE_CHILD_COMMON_H_

#include <setjmp.h>
#include <signal.h>

#include <cstdint>

#include "native_case.h"

// The sigaction handler of each child's trampoline (assembly in
// native_child_exec*.cpp): repairs what a sequence may have broken, then
// tail-jumps to M86FuzzOnSignal.
extern "C" {
void M86FuzzSignalEntry(int sig, siginfo_t* info, void* context);
// Defined by each trampoline: 1 while a sequence runs, and the trampoline's
// code range.
extern volatile sig_atomic_t m86_fuzz_running;
extern const char m86_fuzz_tramp_begin[];
extern const char m86_fuzz_tramp_end[];
}

namespace m86::fuzz {

// Re-fire period of the CPU timer when a tick lands inside a trampoline.
constexpr uint32_t kTimerRetryUs = 5000;

// Installs the alternate signal stack and routes the fault and timer signals
// to M86FuzzSignalEntry. cpu_timeout_ms bounds the user CPU time of one
// sequence (CpuTimeoutMs). Returns false and prints a message on failure.
bool InitExecutor(uint32_t cpu_timeout_ms);
uint32_t CpuTimeoutMs();

// Arms ITIMER_VIRTUAL (user CPU time); zeros disarm it.
void SetCpuTimer(uint32_t first_us, uint32_t interval_us);
FuzzOutcome OutcomeForSignal(int sig);
// write(2) to stderr: usable in a signal handler.
void WriteStderr(const char* text);

// For a signal at instruction pointer ip: true if it is no fault of a
// sequence and the handler must just return. A timer tick before or after a
// sequence, or inside the trampoline (the timer fires again shortly), is
// ignored; any other signal outside a sequence is a bug of the child itself,
// which then dies with the signal's default action so the parent notices.
bool OutsideSequence(int sig, uintptr_t ip);

// Fills the code page with kFuzzCodeFill, then the sequence, then the
// terminator; the page is writable only meanwhile.
bool LoadCode(const uint8_t* code, uint32_t code_len, const uint8_t* terminator,
              uint32_t terminator_len);

// What a child's M86FuzzOnSignal saw; read by ExecuteCase after siglongjmp.
template <typename Regs, typename Sse, typename Word>
struct FaultCapture {
  int signal;
  Regs regs;
  Sse sse;
  Word ip, vector, error_code, fault_addr;
};

// Runs the loaded sequence through the child's `enter` (M86FuzzEnter) under the CPU timer and
// fills *result and *ip: at the terminator from the exit stub's out_regs and out_sse (ip =
// end), after a signal from what the handler put in `fault` before jumping back to `jump`.
template <typename Result, typename Regs, typename Sse, typename Word>
void RunSequence(sigjmp_buf jump, void (*enter)(), const Regs& out_regs, const Sse& out_sse,
                 const FaultCapture<Regs, Sse, Word>& fault, Word end, Result* result,
                 Word* ip) {
  SetCpuTimer(CpuTimeoutMs() * 1000, kTimerRetryUs);
  // savemask=1: the handler runs with all signals blocked; siglongjmp must
  // restore the normal mask or the next fault would kill the process.
  if (sigsetjmp(jump, 1) == 0) {
    enter();
    SetCpuTimer(0, 0);
    result->outcome = FuzzOutcome::kCompleted;
    result->regs = out_regs;
    result->sse = out_sse;
    *ip = end;
  } else {
    SetCpuTimer(0, 0);
    result->outcome = OutcomeForSignal(fault.signal);
    result->signal = static_cast<uint32_t>(fault.signal);
    result->regs = fault.regs;
    result->sse = fault.sse;
    *ip = fault.ip;
    result->vector = fault.vector;
    result->error_code = fault.error_code;
    result->fault_addr = fault.fault_addr;
  }
}

}  // namespace m86::fuzz

#endif  // M86_TESTS_FUZZ_NATIVE_CHILD_COMMON_H_
