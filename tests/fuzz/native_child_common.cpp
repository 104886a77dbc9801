// Width-independent parts of the native children; see native_child_common.h.
#include "native_child_common.h"

#include <signal.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstddef>
#include <cstdio>
#include <cstring>

namespace m86::fuzz {
namespace {

constexpr int kHandledSignals[] = {SIGSEGV, SIGBUS, SIGFPE,  SIGILL,
                                   SIGTRAP, SIGSYS, SIGVTALRM};
constexpr size_t kAltStackSize = 64 * 1024;

uint32_t g_cpu_timeout_ms = 100;
alignas(16) uint8_t g_alt_stack[kAltStackSize];

}  // namespace

bool InitExecutor(uint32_t cpu_timeout_ms) {
  g_cpu_timeout_ms = cpu_timeout_ms == 0 ? 1 : cpu_timeout_ms;
  // Signals must not be delivered on the sequence's stack: its stack pointer
  // points into the compared data page, or anywhere at all.
  stack_t alt{};
  alt.ss_sp = g_alt_stack;
  alt.ss_size = sizeof(g_alt_stack);
  if (sigaltstack(&alt, nullptr) != 0) {
    perror("morph86-fuzz-native: sigaltstack");
    return false;
  }
  struct sigaction action {};
  action.sa_sigaction = M86FuzzSignalEntry;
  action.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigfillset(&action.sa_mask);
  for (int sig : kHandledSignals) {
    if (sigaction(sig, &action, nullptr) != 0) {
      perror("morph86-fuzz-native: sigaction");
      return false;
    }
  }
  return true;
}

uint32_t CpuTimeoutMs() { return g_cpu_timeout_ms; }

void SetCpuTimer(uint32_t first_us, uint32_t interval_us) {
  itimerval timer{};
  timer.it_value.tv_sec = static_cast<time_t>(first_us / 1000000);
  timer.it_value.tv_usec = static_cast<suseconds_t>(first_us % 1000000);
  timer.it_interval.tv_sec = static_cast<time_t>(interval_us / 1000000);
  timer.it_interval.tv_usec = static_cast<suseconds_t>(interval_us % 1000000);
  // ITIMER_VIRTUAL counts user CPU time only, so a loaded host does not turn
  // short sequences into spurious timeouts.
  setitimer(ITIMER_VIRTUAL, &timer, nullptr);
}

FuzzOutcome OutcomeForSignal(int sig) {
  switch (sig) {
    case SIGFPE: return FuzzOutcome::kDivideError;
    case SIGILL: return FuzzOutcome::kInvalidOpcode;
    case SIGSEGV:
    case SIGBUS: return FuzzOutcome::kMemoryFault;
    case SIGVTALRM: return FuzzOutcome::kTimeout;
    default: return FuzzOutcome::kOtherSignal;
  }
}

void WriteStderr(const char* text) {
  // write() is async-signal-safe, fprintf is not.
  ssize_t ignored = write(STDERR_FILENO, text, strlen(text));
  (void)ignored;
}

bool OutsideSequence(int sig, uintptr_t ip) {
  if (!m86_fuzz_running) {
    if (sig == SIGVTALRM) return true;
    WriteStderr("morph86-fuzz-native: fatal signal outside a sequence\n");
    signal(sig, SIG_DFL);
    raise(sig);  // Pending until the handler returns (sig is blocked).
    return true;
  }
  return sig == SIGVTALRM && ip >= reinterpret_cast<uintptr_t>(m86_fuzz_tramp_begin) &&
         ip < reinterpret_cast<uintptr_t>(m86_fuzz_tramp_end);
}

bool LoadCode(const uint8_t* code, uint32_t code_len, const uint8_t* terminator,
              uint32_t terminator_len) {
  auto* page = reinterpret_cast<uint8_t*>(static_cast<uintptr_t>(kFuzzCodeAddr));
  if (mprotect(page, kFuzzPageSize, PROT_READ | PROT_WRITE) != 0) return false;
  memset(page, kFuzzCodeFill, kFuzzPageSize);
  memcpy(page, code, code_len);
  memcpy(page + code_len, terminator, terminator_len);
  // mprotect is a system call, so the new bytes are visible to instruction
  // fetch by the time we jump there (SDM Vol 3, "Handling Self- and
  // Cross-Modifying Code").
  return mprotect(page, kFuzzPageSize, PROT_READ | PROT_EXEC) == 0;
}

}  // namespace m86::fuzz
