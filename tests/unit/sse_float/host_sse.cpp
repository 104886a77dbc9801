#include "host_sse.h"

#if defined(__x86_64__)
#include <ucontext.h>

#include <csetjmp>
#include <csignal>
#include <cstring>

namespace m86::fpu::test {
namespace {

sigjmp_buf g_jump;
HostFault g_fault;

void OnSigfpe(int, siginfo_t*, void* context) {
  const auto* uc = static_cast<const ucontext_t*>(context);
  g_fault.mxcsr = uc->uc_mcontext.fpregs->mxcsr;
  std::memcpy(g_fault.xmm0, &uc->uc_mcontext.fpregs->_xmm[0], sizeof g_fault.xmm0);
  siglongjmp(g_jump, 1);
}

}  // namespace

void InstallFaultHandler() {
  struct sigaction sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = OnSigfpe;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGFPE, &sa, nullptr);
}

bool RunHost(HostFn fn, int imm, HostIo* io, HostFault* fault) {
  // The signal mask is saved and restored: SIGFPE stays blocked after a longjmp otherwise.
  if (sigsetjmp(g_jump, 1)) {
    *fault = g_fault;
    return false;
  }
  fn(io, imm);
  return true;
}

}  // namespace m86::fpu::test
#endif
