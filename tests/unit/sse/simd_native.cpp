// The native side of the host-differential SIMD test (simd_native.h). The encodings of the
// instructions under test use XMM0-7/MM0-7 and the eight legacy registers without REX, so the
// bytes mean the same in 64-bit mode; the surrounding loads and stores address the state
// through R15.
#include "simd_native.h"

#include <cstddef>
#include <cstring>
#include <stdexcept>

#if defined(__x86_64__) && defined(__linux__)
#include <sys/mman.h>
#include <ucontext.h>
#include <xmmintrin.h>

#include <csetjmp>
#include <csignal>
#define M86_NATIVE_SIMD 1
#endif

namespace m86::test {

#if M86_NATIVE_SIMD

namespace {

class Emitter {
 public:
  void Bytes(std::initializer_list<uint8_t> b) { code.insert(code.end(), b); }
  void Disp(size_t offset) {
    for (int i = 0; i < 4; ++i) code.push_back(static_cast<uint8_t>(offset >> (8 * i)));
  }
  // [R15 + disp32] with ModRM.reg = reg: mod 10, rm 111 (REX.B makes it R15).
  void R15(uint8_t reg, size_t offset) {
    code.push_back(static_cast<uint8_t>(0x87 | (reg << 3)));
    Disp(offset);
  }
  std::vector<uint8_t> code;
};

constexpr uint8_t kRsp = 4;

std::vector<uint8_t> Generate(const std::vector<uint8_t>& insn) {
  Emitter e;
  e.Bytes({0x53, 0x55, 0x41, 0x54, 0x41, 0x55, 0x41, 0x56, 0x41, 0x57});  // push rbx..r15
  e.Bytes({0x49, 0x89, 0xFF});                                            // mov r15, rdi
  e.Bytes({0x41, 0x0F, 0xAE}), e.R15(3, offsetof(SimdState, host_mxcsr));  // stmxcsr
  e.Bytes({0x41, 0x0F, 0xAE}), e.R15(2, offsetof(SimdState, mxcsr));       // ldmxcsr
  for (uint8_t i = 0; i < 8; ++i) {
    e.Bytes({0xF3, 0x41, 0x0F, 0x6F}), e.R15(i, offsetof(SimdState, xmm) + 16 * i);  // movdqu
    e.Bytes({0x41, 0x0F, 0x6F}), e.R15(i, offsetof(SimdState, mm) + 8 * i);          // movq
  }
  e.Bytes({0x41, 0xFF}), e.R15(6, offsetof(SimdState, flags));  // push qword [r15+flags]
  e.Bytes({0x9D});                                              // popfq
  for (uint8_t r = 0; r < 8; ++r)
    if (r != kRsp) e.Bytes({0x49, 0x8B}), e.R15(r, offsetof(SimdState, gpr) + 8 * r);  // mov
  e.code.insert(e.code.end(), insn.begin(), insn.end());
  e.Bytes({0x9C});                                              // pushfq
  e.Bytes({0x41, 0x8F}), e.R15(0, offsetof(SimdState, flags));  // pop qword [r15+flags]
  for (uint8_t r = 0; r < 8; ++r)
    if (r != kRsp) e.Bytes({0x49, 0x89}), e.R15(r, offsetof(SimdState, gpr) + 8 * r);  // mov
  for (uint8_t i = 0; i < 8; ++i) {
    e.Bytes({0xF3, 0x41, 0x0F, 0x7F}), e.R15(i, offsetof(SimdState, xmm) + 16 * i);
    e.Bytes({0x41, 0x0F, 0x7F}), e.R15(i, offsetof(SimdState, mm) + 8 * i);
  }
  e.Bytes({0x41, 0x0F, 0xAE}), e.R15(3, offsetof(SimdState, mxcsr));       // stmxcsr
  e.Bytes({0x0F, 0x77});                                                  // emms
  e.Bytes({0x41, 0x0F, 0xAE}), e.R15(2, offsetof(SimdState, host_mxcsr));  // ldmxcsr
  e.Bytes({0x41, 0x5F, 0x41, 0x5E, 0x41, 0x5D, 0x41, 0x5C, 0x5D, 0x5B, 0xC3});  // pop..., ret
  return e.code;
}

// One executable page, reused for every instruction.
uint8_t* CodePage() {
  static uint8_t* page = [] {
    void* p = mmap(nullptr, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS,
                   -1, 0);
    if (p == MAP_FAILED) throw std::runtime_error("mmap of an executable page failed");
    return static_cast<uint8_t*>(p);
  }();
  return page;
}

// An unmasked SIMD floating-point exception arrives as SIGFPE with the registers of the faulting
// instruction in the signal context; the handler copies them into the state being run and
// jumps back out of the generated code.
sigjmp_buf g_fault_jump;
SimdState* g_running = nullptr;

void OnSigfpe(int, siginfo_t*, void* context) {
  const auto* uc = static_cast<const ucontext_t*>(context);
  const auto* fp = uc->uc_mcontext.fpregs;
  SimdState& s = *g_running;
  s.mxcsr = fp->mxcsr;
  for (int i = 0; i < 8; ++i) {
    std::memcpy(s.xmm[i], &fp->_xmm[i], sizeof s.xmm[i]);
    // MMi is ST(i) here: the MMX loads before the instruction set TOP to 0.
    std::memcpy(&s.mm[i], fp->_st[i].significand, sizeof s.mm[i]);
  }
  static constexpr int kGregs[8] = {REG_RAX, REG_RCX, REG_RDX, REG_RBX,
                                    REG_RSP, REG_RBP, REG_RSI, REG_RDI};
  for (int r = 0; r < 8; ++r) s.gpr[r] = static_cast<uint64_t>(uc->uc_mcontext.gregs[kGregs[r]]);
  s.flags = static_cast<uint64_t>(uc->uc_mcontext.gregs[REG_EFL]);
  s.faulted = true;
  siglongjmp(g_fault_jump, 1);
}

void InstallSigfpeHandler() {
  static const bool installed = [] {
    struct sigaction sa {};
    sa.sa_sigaction = OnSigfpe;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    return sigaction(SIGFPE, &sa, nullptr) == 0;
  }();
  if (!installed) throw std::runtime_error("installing the SIGFPE handler failed");
}

}  // namespace

bool NativeSimdAvailable() { return true; }

void RunNative(const std::vector<uint8_t>& insn, SimdState& state) {
  const std::vector<uint8_t> code = Generate(insn);
  uint8_t* page = CodePage();
  std::memcpy(page, code.data(), code.size());
  __builtin___clear_cache(reinterpret_cast<char*>(page), reinterpret_cast<char*>(page + code.size()));
  InstallSigfpeHandler();
  state.faulted = false;
  g_running = &state;
  // The signal mask is saved and restored, or SIGFPE would stay blocked after the jump; the
  // generated code's pushes are abandoned with its stack frame.
  if (sigsetjmp(g_fault_jump, 1)) {
    _mm_setcsr(state.host_mxcsr);
    __builtin_ia32_emms();
    g_running = nullptr;
    return;
  }
  reinterpret_cast<void (*)(SimdState*)>(page)(&state);
  g_running = nullptr;
}

#else

bool NativeSimdAvailable() { return false; }
void RunNative(const std::vector<uint8_t>&, SimdState&) {}

#endif

}  // namespace m86::test
