// Entry/exit trampoline and signal handling of the 32-bit native child.
//
// Control flow of one case:
//   ExecuteCase -> sigsetjmp -> M86FuzzEnter (asm) --jmp--> sequence
//     sequence ends:  terminator JMP -> M86FuzzExit (asm) -> returns from
//                     M86FuzzEnter as from a normal function.
//     sequence faults / times out: kernel -> M86FuzzSignalEntry (asm) ->
//                     M86FuzzOnSignal (on the alternate stack) -> siglongjmp
//                     back into ExecuteCase.
#if !defined(__i386__)
#error "native_child_exec.cpp must be compiled for 32-bit x86 (-m32)"
#endif

#include "native_child_exec.h"

#include "native_child_common.h"

#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <ucontext.h>
#include <unistd.h>

#include <cstddef>
#include <cstdio>
#include <cstring>

using m86::fuzz::FuzzRegs;
using m86::fuzz::FuzzSse32;

// State shared with the assembly below. C linkage so the asm can name it;
// addressed absolutely, which is why the child is built non-PIE.
extern "C" {
FuzzRegs m86_fuzz_in;           // Registers to load; eflags already sanitized.
FuzzRegs m86_fuzz_out;          // Registers captured by the exit stub.
FuzzSse32 m86_fuzz_sse_in;      // XMM0-7 and MXCSR to load (MXCSR sanitized).
FuzzSse32 m86_fuzz_sse_out;     // Captured by the exit stub.
uint32_t m86_fuzz_c_esp;        // C stack pointer while the sequence runs.
// 1 from just before the jump to the sequence until its registers are saved.
// Set and cleared inside the trampoline, so a timer tick in the C code
// around it can never be mistaken for a timeout of the sequence.
volatile sig_atomic_t m86_fuzz_running;
uint16_t m86_fuzz_segs[5];      // DS ES FS GS SS of the child, see below.
uint32_t m86_fuzz_code_entry = m86::fuzz::kFuzzCodeAddr;
// MXCSR power-up value 1F80H: all SIMD exceptions masked, round to nearest
// (SDM Vol 1, 10.2.3 "MXCSR Control and Status Register").
uint32_t m86_fuzz_mxcsr = 0x1F80;
// Tiny private stack for the exit stub's PUSHFD: the sequence's ESP may point
// anywhere (or into the compared data page), so it must not be used.
uint32_t m86_fuzz_exit_stack[8];

void M86FuzzEnter();  // Loads m86_fuzz_in and jumps to kFuzzCodeAddr.
void M86FuzzExit();   // Jump target of the terminator; never called.
void M86FuzzOnSignal(int sig, siginfo_t* info, void* context);
}

// The asm hard-codes these offsets.
static_assert(offsetof(FuzzRegs, eax) == 0 && offsetof(FuzzRegs, ecx) == 4 &&
              offsetof(FuzzRegs, edx) == 8 && offsetof(FuzzRegs, ebx) == 12 &&
              offsetof(FuzzRegs, esp) == 16 && offsetof(FuzzRegs, ebp) == 20 &&
              offsetof(FuzzRegs, esi) == 24 && offsetof(FuzzRegs, edi) == 28 &&
              offsetof(FuzzRegs, eflags) == 32);
static_assert(offsetof(FuzzSse32, xmm) == 0 && offsetof(FuzzSse32, mxcsr) == 128);
static_assert(m86::fuzz::kFuzzBaseFlags == 0x202);  // Hard-coded below.

// Only MOV is used between POPFD and the jump to the sequence, and between
// the sequence's end and PUSHFD, because MOV (also to a segment register)
// does not touch EFLAGS (SDM Vol 2B, MOV: "Flags Affected: None"). JMP does
// not either.
//
// Segment registers: the contract says sequences never load them, but a
// stray POP ES / MOV GS / LDS would otherwise break the child (glibc keeps
// TLS in GS, and a null DS makes every C memory access #GP). So the exit stub
// and the signal entry reload all of them from m86_fuzz_segs before touching
// memory through DS. They read it with a CS override: the sequence cannot
// change CS without a far transfer, and Linux's user code segment is
// readable (SDM Vol 3, "Segment Descriptor Types").
asm(R"(
  .pushsection .text
  .intel_syntax noprefix
  .macro M86_RESTORE_SEGMENTS
  mov ss, word ptr cs:[m86_fuzz_segs+8]
  mov ds, word ptr cs:[m86_fuzz_segs+0]
  mov es, word ptr cs:[m86_fuzz_segs+2]
  mov fs, word ptr cs:[m86_fuzz_segs+4]
  mov gs, word ptr cs:[m86_fuzz_segs+6]
  .endm
  .macro M86_XMM_ALL op, mem, first
  .irp n, 0,1,2,3,4,5,6,7
  .if \first
  \op xmm\n, xmmword ptr [\mem + 16 * \n]
  .else
  \op xmmword ptr [\mem + 16 * \n], xmm\n
  .endif
  .endr
  .endm

  .globl m86_fuzz_tramp_begin
m86_fuzz_tramp_begin:

  .globl M86FuzzEnter
  .type M86FuzzEnter, @function
M86FuzzEnter:
  # cdecl: EBX ESI EDI EBP are callee-saved; the exit stub restores them.
  push ebp
  push ebx
  push esi
  push edi
  mov dword ptr [m86_fuzz_c_esp], esp
  mov word ptr [m86_fuzz_segs+0], ds
  mov word ptr [m86_fuzz_segs+2], es
  mov word ptr [m86_fuzz_segs+4], fs
  mov word ptr [m86_fuzz_segs+6], gs
  mov word ptr [m86_fuzz_segs+8], ss
  # Defined x87 state for every case: FNINIT sets FCW=037FH and empties the
  # register stack (SDM Vol 2A); then the case's MXCSR and XMM registers.
  fninit
  ldmxcsr dword ptr [m86_fuzz_sse_in+128]
  M86_XMM_ALL movdqu, m86_fuzz_sse_in, 1
  # POPFD at CPL 3 with IOPL 0 cannot change IF or IOPL (SDM Vol 2B, POPF);
  # the value was built as kFuzzBaseFlags | (init & kFuzzInputFlags).
  push dword ptr [m86_fuzz_in+32]
  popfd
  mov eax, dword ptr [m86_fuzz_in+0]
  mov ecx, dword ptr [m86_fuzz_in+4]
  mov edx, dword ptr [m86_fuzz_in+8]
  mov ebx, dword ptr [m86_fuzz_in+12]
  mov ebp, dword ptr [m86_fuzz_in+20]
  mov esi, dword ptr [m86_fuzz_in+24]
  mov edi, dword ptr [m86_fuzz_in+28]
  mov esp, dword ptr [m86_fuzz_in+16]
  mov dword ptr [m86_fuzz_running], 1
  jmp dword ptr [m86_fuzz_code_entry]
  .size M86FuzzEnter, .-M86FuzzEnter

  .globl M86FuzzExit
  .type M86FuzzExit, @function
M86FuzzExit:
  M86_RESTORE_SEGMENTS
  mov dword ptr [m86_fuzz_out+0], eax
  mov dword ptr [m86_fuzz_out+4], ecx
  mov dword ptr [m86_fuzz_out+8], edx
  mov dword ptr [m86_fuzz_out+12], ebx
  mov dword ptr [m86_fuzz_out+16], esp
  mov dword ptr [m86_fuzz_out+20], ebp
  mov dword ptr [m86_fuzz_out+24], esi
  mov dword ptr [m86_fuzz_out+28], edi
  mov dword ptr [m86_fuzz_running], 0
  mov esp, offset m86_fuzz_exit_stack+32
  pushfd
  pop dword ptr [m86_fuzz_out+32]
  M86_XMM_ALL movdqu, m86_fuzz_sse_out, 0
  stmxcsr dword ptr [m86_fuzz_sse_out+128]
  # Back to plain user flags before any C code: the ABI requires DF=0, and a
  # sequence may have set TF (single-step) or AC (alignment checking, which
  # Linux enables via CR0.AM) with POPFD.
  push 0x202
  popfd
  fninit
  ldmxcsr dword ptr [m86_fuzz_mxcsr]
  mov esp, dword ptr [m86_fuzz_c_esp]
  pop edi
  pop esi
  pop ebx
  pop ebp
  ret
  .size M86FuzzExit, .-M86FuzzExit

  .globl m86_fuzz_tramp_end
m86_fuzz_tramp_end:

  .globl M86FuzzSignalEntry
  .type M86FuzzSignalEntry, @function
M86FuzzSignalEntry:
  # The kernel gives a handler flat DS/ES/SS and clears DF and TF, but leaves
  # FS, GS and AC as the sequence had them.
  M86_RESTORE_SEGMENTS
  push 0x202
  popfd
  jmp M86FuzzOnSignal
  .size M86FuzzSignalEntry, .-M86FuzzSignalEntry
  .att_syntax prefix
  .popsection
)");

namespace m86::fuzz {
namespace {

FaultCapture<FuzzRegs, FuzzSse32, uint32_t> g_fault;
sigjmp_buf g_jump;

}  // namespace
}  // namespace m86::fuzz

// Reached only through M86FuzzSignalEntry, with segments and flags repaired.
extern "C" void M86FuzzOnSignal(int sig, siginfo_t* info, void* context) {
  using namespace m86::fuzz;
  const auto* uc = static_cast<const ucontext_t*>(context);
  const greg_t* gregs = uc->uc_mcontext.gregs;
  const auto eip = static_cast<uint32_t>(gregs[REG_EIP]);
  if (OutsideSequence(sig, eip)) return;

  g_fault.signal = sig;
  g_fault.regs.eax = static_cast<uint32_t>(gregs[REG_EAX]);
  g_fault.regs.ecx = static_cast<uint32_t>(gregs[REG_ECX]);
  g_fault.regs.edx = static_cast<uint32_t>(gregs[REG_EDX]);
  g_fault.regs.ebx = static_cast<uint32_t>(gregs[REG_EBX]);
  // Linux fills both sc->sp and sc->sp_at_signal with the interrupted ESP.
  g_fault.regs.esp = static_cast<uint32_t>(gregs[REG_ESP]);
  g_fault.regs.ebp = static_cast<uint32_t>(gregs[REG_EBP]);
  g_fault.regs.esi = static_cast<uint32_t>(gregs[REG_ESI]);
  g_fault.regs.edi = static_cast<uint32_t>(gregs[REG_EDI]);
  g_fault.regs.eflags = static_cast<uint32_t>(gregs[REG_EFL]) & ~kFlagRf;
  // The kernel saved the interrupted XMM registers and MXCSR in the frame's
  // FPU area: the FSAVE image, then (magic 0, X86_FXSR_MAGIC) the FXSAVE
  // environment, MXCSR and the registers (glibc's struct _fpstate for i386).
  const auto* fp = reinterpret_cast<const struct _fpstate*>(uc->uc_mcontext.fpregs);
  if (fp != nullptr && fp->magic == 0) {
    static_assert(sizeof(fp->_xmm) == sizeof(g_fault.sse.xmm));
    memcpy(g_fault.sse.xmm, fp->_xmm, sizeof(g_fault.sse.xmm));
    g_fault.sse.mxcsr = fp->mxcsr;
  }
  g_fault.ip = eip;
  const bool is_exception = sig != SIGVTALRM && sig != SIGSYS;
  g_fault.vector = is_exception ? static_cast<uint32_t>(gregs[REG_TRAPNO]) : 0;
  g_fault.error_code = is_exception ? static_cast<uint32_t>(gregs[REG_ERR]) : 0;
  g_fault.fault_addr =
      (sig == SIGSEGV || sig == SIGBUS)
          ? static_cast<uint32_t>(reinterpret_cast<uintptr_t>(info->si_addr))
          : 0;
  m86_fuzz_running = 0;
  // The kernel delivered us with DF=0 on the alternate stack; siglongjmp
  // restores the C stack, callee-saved registers and the signal mask.
  siglongjmp(g_jump, 1);
}

namespace m86::fuzz {
namespace {

// Writes the sequence, its terminator and the INT3 fill into the code page,
// which is writable only while we do so.
bool LoadSequence(const FuzzCase& fuzz_case) {
  // JMP rel32 (E9 cd): target = address of the next instruction + rel32
  // (SDM Vol 2A, JMP). Changes no register and no flag.
  const uint32_t next = kFuzzCodeAddr + fuzz_case.code_len + kFuzzTerminatorLen;
  const uint32_t rel =
      static_cast<uint32_t>(reinterpret_cast<uintptr_t>(&M86FuzzExit)) - next;
  uint8_t terminator[kFuzzTerminatorLen] = {0xE9};
  memcpy(terminator + 1, &rel, sizeof(rel));
  return LoadCode(fuzz_case.code, fuzz_case.code_len, terminator, kFuzzTerminatorLen);
}

}  // namespace

void ExecuteCase(const FuzzCase& fuzz_case, FuzzResult* result) {
  memset(result, 0, sizeof(*result));
  auto* data_page = reinterpret_cast<uint8_t*>(kFuzzDataAddr);
  if (fuzz_case.code_len > kFuzzMaxCode || !LoadSequence(fuzz_case)) {
    result->outcome = FuzzOutcome::kHarnessError;
    return;
  }
  memcpy(data_page, fuzz_case.data, kFuzzDataSize);
  m86_fuzz_in = fuzz_case.init;
  m86_fuzz_in.eflags =
      kFuzzBaseFlags | (fuzz_case.init.eflags & kFuzzInputFlags);
  m86_fuzz_sse_in = fuzz_case.sse;
  m86_fuzz_sse_in.mxcsr &= kFuzzMxcsrMask;

  RunSequence(g_jump, M86FuzzEnter, m86_fuzz_out, m86_fuzz_sse_out, g_fault,
              kFuzzCodeAddr + fuzz_case.code_len, result, &result->eip);
  result->regs.eflags &= ~kFlagRf;
  memcpy(result->data, data_page, kFuzzDataSize);
}

}  // namespace m86::fuzz
