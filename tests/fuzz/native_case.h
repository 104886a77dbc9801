// Wire protocol between the differential fuzzer (64-bit parent) and the
// 32-bit native child that executes guest instruction sequences on the host
// CPU. Everything here is a fixed-size POD of uint64_t / uint32_t / uint8_t
// fields whose layout is identical under -m32 and x86-64 (the 8-byte fields
// sit at 8-byte offsets in 8-byte-aligned structs; the static_asserts below
// check it in both builds): the structs are written to and read from a socket
// as raw bytes.
#ifndef M86_TESTS_FUZZ_NATIVE_CASE_H_
#define M86_TESTS_FUZZ_NATIVE_CASE_H_

#include <cstddef>
#include <cstdint>

namespace m86::fuzz {

// General registers in the order of their encoding, EAX ECX EDX EBX ESP EBP
// ESI EDI (SDM Vol 2A, table "Register Codes Associated With +rb, +rw, +rd"),
// then EFLAGS.
struct FuzzRegs {
  uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi, eflags;
};

// Memory map seen by a sequence (linear = effective address, flat segments):
//   [kFuzzCodeAddr, +kFuzzPageSize)  code page, read + execute, NOT writable.
//       Bytes [0, code_len) are the sequence, then a kFuzzTerminatorLen-byte
//       terminator (a JMP back into the child, address-dependent contents),
//       and the rest of the page is filled with kFuzzCodeFill (INT3).
//   [kFuzzDataAddr, +kFuzzDataSize)  data page, read + write, not executable.
//   The page directly before and after each of the two regions is reserved
//   PROT_NONE natively, so accesses just outside them fault deterministically.
//   Anything else belongs to the child process and must not be touched.
constexpr uint32_t kFuzzPageSize = 4096;
constexpr uint32_t kFuzzCodeAddr = 0x00200000;
constexpr uint32_t kFuzzDataAddr = 0x00300000;
constexpr uint32_t kFuzzDataSize = 4096;
constexpr uint32_t kFuzzMaxCode = 256;
constexpr uint32_t kFuzzTerminatorLen = 5;  // E9 rel32 (JMP rel32).
constexpr uint8_t kFuzzCodeFill = 0xCC;     // INT3 -> SIGTRAP if reached.

// EFLAGS bits (SDM Vol 1, Figure 3-8).
constexpr uint32_t kFlagCf = 1u << 0;
constexpr uint32_t kFlagReserved1 = 1u << 1;  // Always reads as 1.
constexpr uint32_t kFlagPf = 1u << 2;
constexpr uint32_t kFlagAf = 1u << 4;
constexpr uint32_t kFlagZf = 1u << 6;
constexpr uint32_t kFlagSf = 1u << 7;
constexpr uint32_t kFlagTf = 1u << 8;
constexpr uint32_t kFlagIf = 1u << 9;
constexpr uint32_t kFlagDf = 1u << 10;
constexpr uint32_t kFlagOf = 1u << 11;
constexpr uint32_t kFlagRf = 1u << 16;
constexpr uint32_t kFlagAc = 1u << 18;

// The six status flags.
constexpr uint32_t kFuzzArithFlags =
    kFlagCf | kFlagPf | kFlagAf | kFlagZf | kFlagSf | kFlagOf;
// Flags taken from FuzzCase::init.eflags; every other bit is ignored.
constexpr uint32_t kFuzzInputFlags = kFuzzArithFlags | kFlagDf;
// EFLAGS as a sequence starts with, apart from kFuzzInputFlags: IF=1 and the
// reserved bit 1 (Linux user mode, IOPL 0). So PUSHFD in a sequence stores
// kFuzzBaseFlags | (init.eflags & kFuzzInputFlags); TF, AC, ID are clear.
constexpr uint32_t kFuzzBaseFlags = kFlagIf | kFlagReserved1;

// XMM0..XMM(N-1), low quadword first, and MXCSR (SDM Vol. 1, 10.2): XMM0-7
// in the 32-bit protocol, XMM0-15 in the 64-bit one (native_case64.h).
template <int N>
struct alignas(8) FuzzXmmState {
  uint64_t xmm[N][2];
  uint32_t mxcsr;
  uint32_t pad;
};
using FuzzSse32 = FuzzXmmState<8>;

// MXCSR bits a sequence may set through the initial state: the six exception
// flags, DAZ, the six masks, RC and FZ (SDM Vol. 1, Figure 10-3). Reserved
// bits would make LDMXCSR raise #GP.
constexpr uint32_t kFuzzMxcsrMask = 0xFFFF;
constexpr uint32_t kFuzzMxcsrDefault = 0x1F80;  // power-up value, all masked

struct FuzzCase {
  FuzzRegs init;  // init.eflags: only kFuzzInputFlags are used.
  uint32_t code_len;  // <= kFuzzMaxCode
  FuzzSse32 sse;      // sse.mxcsr: only kFuzzMxcsrMask bits are used.
  uint8_t code[kFuzzMaxCode];
  uint8_t data[kFuzzDataSize];  // Initial contents of the data page.
};

enum class FuzzOutcome : uint32_t {
  kCompleted,      // Reached the terminator (EIP == kFuzzCodeAddr + code_len).
  kDivideError,    // SIGFPE (#DE, vector 0).
  kInvalidOpcode,  // SIGILL (#UD, vector 6).
  kMemoryFault,    // SIGSEGV / SIGBUS: #PF, but also #GP, #SS, #AC, INT n...
                   // FuzzResult::vector tells which.
  kOtherSignal,    // e.g. SIGTRAP (INT3, vector 3), SIGSYS (blocked syscall).
  kTimeout,        // CPU time limit hit (endless loop); regs are a snapshot.
  kHarnessError,   // Parent side only: child died, protocol error, bad case.
};

struct FuzzResult {
  FuzzOutcome outcome;
  // kCompleted: state at the terminator. Faults: state as delivered to the
  // signal handler, i.e. before the faulting instruction (faults are precise,
  // SDM Vol 3, "Exception Classifications"); for traps such as INT3 the
  // state after the instruction. eflags is the full register minus RF (the
  // CPU sets RF in the EFLAGS image it pushes for most faults, SDM Vol 3,
  // "Instruction-Breakpoint Exception Condition"); compare it under
  // kFuzzInputFlags plus whatever else the comparer cares about.
  FuzzRegs regs;
  uint32_t eip;         // Faulting / trapping EIP, or code + code_len.
  uint32_t vector;      // Exception vector from the kernel (trapno), or 0.
  uint32_t error_code;  // Exception error code (e.g. #PF bits), or 0.
  uint32_t fault_addr;  // si_addr for SIGSEGV/SIGBUS (CR2 for #PF), else 0.
  uint32_t signal;      // Host signal number, 0 for kCompleted.
  uint32_t pad;
  FuzzSse32 sse;        // XMM0-7 and MXCSR, at the same point as regs.
  uint8_t data[kFuzzDataSize];  // Data page after the sequence (or at fault).
};

// The child's first message after a successful start-up; lets the parent
// check that both sides agree on the protocol and struct layout.
struct FuzzHello {
  uint32_t magic;
  uint32_t version;
  uint32_t case_size;
  uint32_t result_size;
};
constexpr uint32_t kFuzzHelloMagic = 0x4E36384D;  // "M86N" little-endian.
constexpr uint32_t kFuzzProtocolVersion = 2;

static_assert(sizeof(FuzzRegs) == 9 * 4);
static_assert(sizeof(FuzzSse32) == 8 * 16 + 8);
static_assert(offsetof(FuzzCase, sse) == 40);
static_assert(sizeof(FuzzCase) == 9 * 4 + 4 + 136 + kFuzzMaxCode + kFuzzDataSize);
static_assert(offsetof(FuzzResult, sse) == 64);
static_assert(sizeof(FuzzResult) == 4 + 9 * 4 + 6 * 4 + 136 + kFuzzDataSize);
static_assert(offsetof(FuzzResult, data) == 200);
static_assert(sizeof(FuzzHello) == 16);
static_assert(kFuzzMaxCode + kFuzzTerminatorLen <= kFuzzPageSize);
static_assert(kFuzzDataSize == kFuzzPageSize);

}  // namespace m86::fuzz

#endif  // M86_TESTS_FUZZ_NATIVE_CASE_H_
