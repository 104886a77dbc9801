// Wire protocol between the differential fuzzer and the 64-bit native child
// (morph86-fuzz-native64), which runs sequences in 64-bit mode on the host CPU.
// The memory map (code page, data page, guard pages), the outcomes and the
// handshake are those of the 32-bit protocol (native_case.h); the state adds
// R8-R15, the 64-bit RFLAGS and RIP, XMM0-XMM15 and MXCSR. Fixed-size PODs of
// uint64_t / uint32_t / uint8_t, written to the socket as raw bytes.
#ifndef M86_TESTS_FUZZ_NATIVE_CASE64_H_
#define M86_TESTS_FUZZ_NATIVE_CASE64_H_

#include <cstddef>
#include <cstdint>

#include "native_case.h"

namespace m86::fuzz {

// RAX RCX RDX RBX RSP RBP RSI RDI R8..R15 in the order of their encoding
// (SDM Vol. 2A, 2.2.1.2 "More on REX Prefix Fields"), then RFLAGS.
struct FuzzRegs64 {
  uint64_t gpr[16];
  uint64_t rflags;
};

// XMM0-XMM15 and MXCSR.
using FuzzSse = FuzzXmmState<16>;

// The terminator after the sequence (native side): JMP [RIP+0] with the
// absolute 64-bit target right after it (FF 25 00000000 imm64), which works
// wherever the child's code was loaded and changes no register or flag.
constexpr uint32_t kFuzzTerminatorLen64 = 14;

struct FuzzCase64 {
  FuzzRegs64 init;  // init.rflags: only kFuzzInputFlags are used.
  FuzzSse sse;      // sse.mxcsr: only kFuzzMxcsrMask bits are used.
  uint32_t code_len;  // <= kFuzzMaxCode
  uint32_t pad;
  uint8_t code[kFuzzMaxCode];
  uint8_t data[kFuzzDataSize];
};

struct FuzzResult64 {
  FuzzOutcome outcome;
  uint32_t signal;      // Host signal number, 0 for kCompleted.
  // As FuzzResult: the state at the terminator, before a fault or after a
  // trap; rflags without RF.
  FuzzRegs64 regs;
  FuzzSse sse;
  uint64_t rip;         // Faulting / trapping RIP, or code + code_len.
  uint64_t vector;      // Exception vector (trapno), or 0.
  uint64_t error_code;  // Exception error code, or 0.
  uint64_t fault_addr;  // si_addr for SIGSEGV/SIGBUS (CR2 for #PF), else 0.
  uint8_t data[kFuzzDataSize];
};

constexpr uint32_t kFuzzHelloMagic64 = 0x3436384D;  // "M864" little-endian.

static_assert(sizeof(FuzzRegs64) == 17 * 8);
static_assert(sizeof(FuzzSse) == 16 * 16 + 8);
static_assert(sizeof(FuzzCase64) == 17 * 8 + 264 + 8 + kFuzzMaxCode + kFuzzDataSize);
static_assert(offsetof(FuzzResult64, data) == 8 + 17 * 8 + 264 + 4 * 8);
static_assert(kFuzzMaxCode + kFuzzTerminatorLen64 <= kFuzzPageSize);

}  // namespace m86::fuzz

#endif  // M86_TESTS_FUZZ_NATIVE_CASE64_H_
