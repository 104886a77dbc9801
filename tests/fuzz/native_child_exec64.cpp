// Entry/exit trampoline and signal handling of the 64-bit native child; the
// control flow is that of the 32-bit child (native_child_exec.cpp):
//   ExecuteCase -> sigsetjmp -> M86FuzzEnter (asm) --jmp--> sequence
//     sequence ends:  terminator JMP -> M86FuzzExit (asm) -> returns from
//                     M86FuzzEnter as from a normal function.
//     sequence faults / times out: kernel -> M86FuzzSignalEntry (asm) ->
//                     M86FuzzOnSignal (on the alternate stack) -> siglongjmp
//                     back into ExecuteCase.
#if !defined(__x86_64__)
#error "native_child_exec64.cpp must be compiled for x86-64"
#endif

#include <asm/prctl.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include <cstddef>
#include <cstring>

#include "native_child_common.h"
#include "native_child_exec.h"

using m86::fuzz::FuzzRegs64;
using m86::fuzz::FuzzSse;

// State shared with the assembly below; C linkage so the asm can name it. The
// asm addresses it RIP-relative, so no register is needed to reach it.
extern "C" {
FuzzRegs64 m86_fuzz_in;    // Registers to load; rflags already sanitized.
FuzzRegs64 m86_fuzz_out;   // Registers captured by the exit stub.
FuzzSse m86_fuzz_sse_in;   // XMM0-15 and MXCSR to load (MXCSR sanitized).
FuzzSse m86_fuzz_sse_out;  // Captured by the exit stub.
uint64_t m86_fuzz_c_rsp;   // C stack pointer while the sequence runs.
// 1 from just before the jump to the sequence until its registers are saved
// (see the 32-bit child).
volatile sig_atomic_t m86_fuzz_running;
uint64_t m86_fuzz_code_entry = m86::fuzz::kFuzzCodeAddr;
// MXCSR power-up value (SDM Vol 1, 10.2.3), restored for the C code.
uint32_t m86_fuzz_mxcsr = m86::fuzz::kFuzzMxcsrDefault;
// The child's FS base (glibc's thread pointer), put back after every
// sequence in case one replaced it (MOV FS, WRFSBASE).
uint64_t m86_fuzz_fs_base;
// Private stack for the exit stub's PUSHFQ: the sequence's RSP may point
// anywhere (or into the compared data page).
uint64_t m86_fuzz_exit_stack[8];

void M86FuzzEnter();  // Loads the state and jumps to kFuzzCodeAddr.
void M86FuzzExit();   // Jump target of the terminator; never called.
void M86FuzzOnSignal(int sig, siginfo_t* info, void* context);
}

// The asm hard-codes these offsets.
static_assert(offsetof(FuzzRegs64, gpr) == 0 && offsetof(FuzzRegs64, rflags) == 128);
static_assert(offsetof(FuzzSse, xmm) == 0 && offsetof(FuzzSse, mxcsr) == 256);
static_assert(ARCH_SET_FS == 0x1002 && SYS_arch_prctl == 158);

// As in the 32-bit child, only MOV, LEA and JMP (which change no flag, SDM
// Vol 2) run between POPFQ and the sequence, and between its end and PUSHFQ.
asm(R"(
  .pushsection .text
  .intel_syntax noprefix
  # arch_prctl(ARCH_SET_FS, m86_fuzz_fs_base); clobbers RAX RCX RDI RSI R11.
  .macro M86_RESTORE_FS
  mov eax, 158
  mov edi, 0x1002
  mov rsi, qword ptr [rip + m86_fuzz_fs_base]
  syscall
  .endm
  .macro M86_XMM_ALL op, mem, first
  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
  .if \first
  \op xmm\n, xmmword ptr [rip + \mem + 16 * \n]
  .else
  \op xmmword ptr [rip + \mem + 16 * \n], xmm\n
  .endif
  .endr
  .endm

  .globl m86_fuzz_tramp_begin
m86_fuzz_tramp_begin:

  .globl M86FuzzEnter
  .type M86FuzzEnter, @function
M86FuzzEnter:
  # SysV: RBX RBP R12-R15 are callee-saved; the exit stub restores them.
  push rbp
  push rbx
  push r12
  push r13
  push r14
  push r15
  mov qword ptr [rip + m86_fuzz_c_rsp], rsp
  # Defined x87 state for every case (FNINIT, SDM Vol 2A), then the case's
  # MXCSR and XMM registers.
  fninit
  ldmxcsr dword ptr [rip + m86_fuzz_sse_in + 256]
  M86_XMM_ALL movdqu, m86_fuzz_sse_in, 1
  # POPFQ at CPL 3 cannot change IF or IOPL (SDM Vol 2B, POPF); the value
  # was built as kFuzzBaseFlags | (init & kFuzzInputFlags).
  push qword ptr [rip + m86_fuzz_in + 128]
  popfq
  mov rax, qword ptr [rip + m86_fuzz_in + 0]
  mov rcx, qword ptr [rip + m86_fuzz_in + 8]
  mov rdx, qword ptr [rip + m86_fuzz_in + 16]
  mov rbx, qword ptr [rip + m86_fuzz_in + 24]
  mov rbp, qword ptr [rip + m86_fuzz_in + 40]
  mov rsi, qword ptr [rip + m86_fuzz_in + 48]
  mov rdi, qword ptr [rip + m86_fuzz_in + 56]
  mov r8, qword ptr [rip + m86_fuzz_in + 64]
  mov r9, qword ptr [rip + m86_fuzz_in + 72]
  mov r10, qword ptr [rip + m86_fuzz_in + 80]
  mov r11, qword ptr [rip + m86_fuzz_in + 88]
  mov r12, qword ptr [rip + m86_fuzz_in + 96]
  mov r13, qword ptr [rip + m86_fuzz_in + 104]
  mov r14, qword ptr [rip + m86_fuzz_in + 112]
  mov r15, qword ptr [rip + m86_fuzz_in + 120]
  mov rsp, qword ptr [rip + m86_fuzz_in + 32]
  mov dword ptr [rip + m86_fuzz_running], 1
  jmp qword ptr [rip + m86_fuzz_code_entry]
  .size M86FuzzEnter, .-M86FuzzEnter

  .globl M86FuzzExit
  .type M86FuzzExit, @function
M86FuzzExit:
  mov qword ptr [rip + m86_fuzz_out + 0], rax
  mov qword ptr [rip + m86_fuzz_out + 8], rcx
  mov qword ptr [rip + m86_fuzz_out + 16], rdx
  mov qword ptr [rip + m86_fuzz_out + 24], rbx
  mov qword ptr [rip + m86_fuzz_out + 32], rsp
  mov qword ptr [rip + m86_fuzz_out + 40], rbp
  mov qword ptr [rip + m86_fuzz_out + 48], rsi
  mov qword ptr [rip + m86_fuzz_out + 56], rdi
  mov qword ptr [rip + m86_fuzz_out + 64], r8
  mov qword ptr [rip + m86_fuzz_out + 72], r9
  mov qword ptr [rip + m86_fuzz_out + 80], r10
  mov qword ptr [rip + m86_fuzz_out + 88], r11
  mov qword ptr [rip + m86_fuzz_out + 96], r12
  mov qword ptr [rip + m86_fuzz_out + 104], r13
  mov qword ptr [rip + m86_fuzz_out + 112], r14
  mov qword ptr [rip + m86_fuzz_out + 120], r15
  mov dword ptr [rip + m86_fuzz_running], 0
  lea rsp, [rip + m86_fuzz_exit_stack + 64]
  pushfq
  pop qword ptr [rip + m86_fuzz_out + 128]
  M86_XMM_ALL movdqu, m86_fuzz_sse_out, 0
  stmxcsr dword ptr [rip + m86_fuzz_sse_out + 256]
  # Back to plain user flags before any C code: the ABI requires DF=0, and
  # AC would make misaligned accesses fault (Linux sets CR0.AM).
  push 0x202
  popfq
  fninit
  ldmxcsr dword ptr [rip + m86_fuzz_mxcsr]
  M86_RESTORE_FS
  mov rsp, qword ptr [rip + m86_fuzz_c_rsp]
  pop r15
  pop r14
  pop r13
  pop r12
  pop rbx
  pop rbp
  ret
  .size M86FuzzExit, .-M86FuzzExit

  .globl m86_fuzz_tramp_end
m86_fuzz_tramp_end:

  .globl M86FuzzSignalEntry
  .type M86FuzzSignalEntry, @function
M86FuzzSignalEntry:
  # The kernel clears DF and TF for a handler but leaves AC and the FS base
  # as the sequence had them. The handler's arguments (RDI RSI RDX) survive
  # the system call on the alternate stack.
  push 0x202
  popfq
  push rdi
  push rsi
  push rdx
  M86_RESTORE_FS
  pop rdx
  pop rsi
  pop rdi
  jmp M86FuzzOnSignal
  .size M86FuzzSignalEntry, .-M86FuzzSignalEntry
  .att_syntax prefix
  .popsection
)");

namespace m86::fuzz {
namespace {

FaultCapture<FuzzRegs64, FuzzSse, uint64_t> g_fault;
sigjmp_buf g_jump;

// Register order of FuzzRegs64 (the encoding order) in the kernel's frame.
constexpr int kGregOfReg[16] = {REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP,
                                REG_RSI, REG_RDI, REG_R8,  REG_R9,  REG_R10, REG_R11,
                                REG_R12, REG_R13, REG_R14, REG_R15};

}  // namespace
}  // namespace m86::fuzz

// Reached only through M86FuzzSignalEntry, with flags and FS repaired.
extern "C" void M86FuzzOnSignal(int sig, siginfo_t* info, void* context) {
  using namespace m86::fuzz;
  const auto* uc = static_cast<const ucontext_t*>(context);
  const greg_t* gregs = uc->uc_mcontext.gregs;
  const auto rip = static_cast<uint64_t>(gregs[REG_RIP]);
  if (OutsideSequence(sig, rip)) return;

  g_fault.signal = sig;
  for (int r = 0; r < 16; ++r) g_fault.regs.gpr[r] = static_cast<uint64_t>(gregs[kGregOfReg[r]]);
  g_fault.regs.rflags = static_cast<uint64_t>(gregs[REG_EFL]) & ~uint64_t{kFlagRf};
  // The kernel saved the interrupted XMM registers and MXCSR in the frame's
  // FXSAVE image (SDM Vol 2A, FXSAVE layout).
  const fpregset_t fp = uc->uc_mcontext.fpregs;
  if (fp != nullptr) {
    static_assert(sizeof(fp->_xmm[0]) == 16);
    memcpy(g_fault.sse.xmm, fp->_xmm, sizeof(g_fault.sse.xmm));
    g_fault.sse.mxcsr = fp->mxcsr;
  }
  g_fault.ip = rip;
  const bool is_exception = sig != SIGVTALRM && sig != SIGSYS;
  g_fault.vector = is_exception ? static_cast<uint64_t>(gregs[REG_TRAPNO]) : 0;
  g_fault.error_code = is_exception ? static_cast<uint64_t>(gregs[REG_ERR]) : 0;
  g_fault.fault_addr = (sig == SIGSEGV || sig == SIGBUS)
                           ? reinterpret_cast<uintptr_t>(info->si_addr)
                           : 0;
  m86_fuzz_running = 0;
  siglongjmp(g_jump, 1);
}

namespace m86::fuzz {

void ExecuteCase(const FuzzCase64& fuzz_case, FuzzResult64* result) {
  memset(result, 0, sizeof(*result));
  if (m86_fuzz_fs_base == 0) syscall(SYS_arch_prctl, ARCH_GET_FS, &m86_fuzz_fs_base);
  // JMP [RIP+0] (FF /4, ModRM 25 = RIP-relative disp32 0) and the address
  // (SDM Vol 2A, 2.2.1.6 "RIP-Relative Addressing").
  uint8_t terminator[kFuzzTerminatorLen64] = {0xFF, 0x25};
  const uint64_t exit = reinterpret_cast<uintptr_t>(&M86FuzzExit);
  memcpy(terminator + 6, &exit, sizeof(exit));
  if (fuzz_case.code_len > kFuzzMaxCode ||
      !LoadCode(fuzz_case.code, fuzz_case.code_len, terminator, sizeof(terminator))) {
    result->outcome = FuzzOutcome::kHarnessError;
    return;
  }
  auto* data_page = reinterpret_cast<uint8_t*>(uintptr_t{kFuzzDataAddr});
  memcpy(data_page, fuzz_case.data, kFuzzDataSize);
  m86_fuzz_in = fuzz_case.init;
  m86_fuzz_in.rflags = kFuzzBaseFlags | (fuzz_case.init.rflags & kFuzzInputFlags);
  m86_fuzz_sse_in = fuzz_case.sse;
  m86_fuzz_sse_in.mxcsr &= kFuzzMxcsrMask;

  RunSequence(g_jump, M86FuzzEnter, m86_fuzz_out, m86_fuzz_sse_out, g_fault,
              uint64_t{kFuzzCodeAddr + fuzz_case.code_len}, result, &result->rip);
  result->regs.rflags &= ~uint64_t{kFlagRf};
  memcpy(result->data, data_page, kFuzzDataSize);
}

}  // namespace m86::fuzz
