// Hand-written native cases whose results follow from the SDM; they check the
// child's trampoline, fault capture and the runner's process handling.
#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstring>
#include <random>
#include <thread>

#include "native_runner.h"
#include "native_test_util.h"

namespace m86::fuzz {
namespace {

void CheckRegsEqual(const FuzzRegs& got, const FuzzRegs& want) {
  CHECK(got.eax == want.eax);
  CHECK(got.ecx == want.ecx);
  CHECK(got.edx == want.edx);
  CHECK(got.ebx == want.ebx);
  CHECK(got.esp == want.esp);
  CHECK(got.ebp == want.ebp);
  CHECK(got.esi == want.esi);
  CHECK(got.edi == want.edi);
}

TEST_CASE("empty sequence returns the initial state", "[fuzz][native]") {
  if (!NativeReady()) return;
  auto fuzz_case = MakeCase({});
  fuzz_case->init.eflags = kFuzzInputFlags | kFlagTf | kFlagAc;  // TF/AC dropped.
  const FuzzResult result = SharedRunner().Run(*fuzz_case);
  REQUIRE(result.outcome == FuzzOutcome::kCompleted);
  CheckRegsEqual(result.regs, fuzz_case->init);
  CHECK(result.regs.eflags == (kFuzzBaseFlags | kFuzzInputFlags));
  CHECK(result.eip == kFuzzCodeAddr);
  CHECK(result.signal == 0);
  CHECK(std::memcmp(result.data, fuzz_case->data, kFuzzDataSize) == 0);
}

TEST_CASE("add eax, ebx sets the status flags", "[fuzz][native]") {
  if (!NativeReady()) return;
  // 01 /r: ADD r/m32, r32; ModRM D8 = mod 11, reg EBX, rm EAX.
  auto fuzz_case = MakeCase({0x01, 0xD8});
  SECTION("signed overflow") {
    fuzz_case->init.eax = 0x7FFFFFFF;
    fuzz_case->init.ebx = 1;
    fuzz_case->init.eflags = kFlagCf | kFlagZf;  // Both must be cleared.
    const FuzzResult result = SharedRunner().Run(*fuzz_case);
    REQUIRE(result.outcome == FuzzOutcome::kCompleted);
    CHECK(result.regs.eax == 0x80000000);
    // OF: positive + positive = negative. SF: bit 31. AF: carry out of bit 3
    // (F + 1). PF: low byte 00 has an even number (0) of set bits.
    CHECK((result.regs.eflags & kFuzzInputFlags) ==
          (kFlagOf | kFlagSf | kFlagAf | kFlagPf));
    CHECK((result.regs.eflags & ~kFuzzInputFlags) == kFuzzBaseFlags);
    CHECK(result.eip == kFuzzCodeAddr + 2);
  }
  SECTION("unsigned carry to zero") {
    fuzz_case->init.eax = 0xFFFFFFFF;
    fuzz_case->init.ebx = 1;
    fuzz_case->init.eflags = kFlagOf | kFlagSf;  // Both must be cleared.
    const FuzzResult result = SharedRunner().Run(*fuzz_case);
    REQUIRE(result.outcome == FuzzOutcome::kCompleted);
    CHECK(result.regs.eax == 0);
    CHECK((result.regs.eflags & kFuzzInputFlags) ==
          (kFlagCf | kFlagZf | kFlagAf | kFlagPf));
  }
}

TEST_CASE("div by zero is #DE at the div", "[fuzz][native]") {
  if (!NativeReady()) return;
  // 90: NOP. F7 /6 (ModRM F1 = reg 6, rm ECX): DIV ECX. ECX = 0 -> #DE,
  // a fault, so EIP points at the DIV and EAX/EDX are unchanged.
  auto fuzz_case = MakeCase({0x90, 0xF7, 0xF1});
  fuzz_case->init.ecx = 0;
  const FuzzResult result = SharedRunner().Run(*fuzz_case);
  REQUIRE(result.outcome == FuzzOutcome::kDivideError);
  CHECK(result.eip == kFuzzCodeAddr + 1);
  CHECK(result.vector == 0);
  CHECK(result.signal == SIGFPE);
  CheckRegsEqual(result.regs, fuzz_case->init);
}

TEST_CASE("div with a quotient", "[fuzz][native]") {
  if (!NativeReady()) return;
  auto fuzz_case = MakeCase({0xF7, 0xF1});  // DIV ECX: EDX:EAX / ECX.
  fuzz_case->init.eax = 100;
  fuzz_case->init.edx = 0;
  fuzz_case->init.ecx = 7;
  const FuzzResult result = SharedRunner().Run(*fuzz_case);
  REQUIRE(result.outcome == FuzzOutcome::kCompleted);
  CHECK(result.regs.eax == 14);
  CHECK(result.regs.edx == 2);
}

TEST_CASE("XMM0-7 and MXCSR go in and come back", "[fuzz][native]") {
  if (!NativeReady()) return;
  // PADDD XMM0, XMM7 (66 0F FE /r), then DIVSS XMM1, XMM2 (F3 0F 5E /r) with 1.0 / 0.0: the
  // masked divide-by-zero gives +infinity and sets MXCSR.ZE (SDM Vol. 1, 4.9.1.3).
  auto fuzz_case = MakeCase({0x66, 0x0F, 0xFE, 0xC7, 0xF3, 0x0F, 0x5E, 0xCA});
  fuzz_case->sse.xmm[1][0] = 0x3F800000;
  fuzz_case->sse.xmm[2][0] = 0;
  fuzz_case->sse.mxcsr = 0x7F80;  // RC = 11 (truncate)
  const FuzzResult result = SharedRunner().Run(*fuzz_case);
  REQUIRE(result.outcome == FuzzOutcome::kCompleted);
  CHECK(result.sse.xmm[0][0] == 0x0909090909090909ull);  // 01.. + 08.. per dword
  CHECK(result.sse.xmm[0][1] == 0xF6F6F6F5F6F6F6F5ull);  // FE.. + F7.., carries dropped
  CHECK(result.sse.xmm[1][0] == 0x7F800000);
  CHECK(result.sse.xmm[7][1] == fuzz_case->sse.xmm[7][1]);
  CHECK(result.sse.mxcsr == (0x7F80 | 0x4));
}

TEST_CASE("a fault reports XMM0-7 and MXCSR from before it", "[fuzz][native]") {
  if (!NativeReady()) return;
  // PXOR XMM3, XMM3 (66 0F EF /r); UD2.
  auto fuzz_case = MakeCase({0x66, 0x0F, 0xEF, 0xDB, 0x0F, 0x0B});
  fuzz_case->sse.mxcsr = kFuzzMxcsrDefault | 0x20;  // PE already set
  const FuzzResult result = SharedRunner().Run(*fuzz_case);
  REQUIRE(result.outcome == FuzzOutcome::kInvalidOpcode);
  CHECK(result.eip == kFuzzCodeAddr + 4);
  CHECK(result.sse.xmm[3][0] == 0);
  CHECK(result.sse.xmm[3][1] == 0);
  CHECK(result.sse.xmm[4][0] == fuzz_case->sse.xmm[4][0]);
  CHECK(result.sse.mxcsr == fuzz_case->sse.mxcsr);
}

TEST_CASE("ud2 is #UD after earlier effects", "[fuzz][native]") {
  if (!NativeReady()) return;
  auto fuzz_case = MakeCase({0x40, 0x0F, 0x0B});  // INC EAX; UD2.
  const FuzzResult result = SharedRunner().Run(*fuzz_case);
  REQUIRE(result.outcome == FuzzOutcome::kInvalidOpcode);
  CHECK(result.eip == kFuzzCodeAddr + 1);
  CHECK(result.vector == 6);
  CHECK(result.regs.eax == fuzz_case->init.eax + 1);
}

TEST_CASE("stores land in the data buffer", "[fuzz][native]") {
  if (!NativeReady()) return;
  // A3 moffs32: MOV [0x00300010], EAX.  89 /r (ModRM 0B = reg ECX, rm [EBX]):
  // MOV [EBX], ECX.
  auto fuzz_case = MakeCase({0xA3, 0x10, 0x00, 0x30, 0x00, 0x89, 0x0B});
  fuzz_case->init.ebx = kFuzzDataAddr + 0x100;
  const FuzzResult result = SharedRunner().Run(*fuzz_case);
  REQUIRE(result.outcome == FuzzOutcome::kCompleted);
  CHECK(ReadData32(result.data, kFuzzDataAddr + 0x10) == fuzz_case->init.eax);
  CHECK(ReadData32(result.data, kFuzzDataAddr + 0x100) == fuzz_case->init.ecx);
  std::memcpy(fuzz_case->data + 0x10, &fuzz_case->init.eax, 4);
  std::memcpy(fuzz_case->data + 0x100, &fuzz_case->init.ecx, 4);
  CHECK(std::memcmp(result.data, fuzz_case->data, kFuzzDataSize) == 0);
}

TEST_CASE("push and pop use the data buffer as stack", "[fuzz][native]") {
  if (!NativeReady()) return;
  auto fuzz_case = MakeCase({0x50, 0x53, 0x59});  // PUSH EAX; PUSH EBX; POP ECX.
  const FuzzResult result = SharedRunner().Run(*fuzz_case);
  REQUIRE(result.outcome == FuzzOutcome::kCompleted);
  CHECK(result.regs.ecx == fuzz_case->init.ebx);
  CHECK(result.regs.esp == kStackTop - 4);
  CHECK(ReadData32(result.data, kStackTop - 4) == fuzz_case->init.eax);
  CHECK(ReadData32(result.data, kStackTop - 8) == fuzz_case->init.ebx);
}

TEST_CASE("direction flag is loaded and reported", "[fuzz][native]") {
  if (!NativeReady()) return;
  SECTION("std sets DF") {
    auto fuzz_case = MakeCase({0xFD});  // STD
    const FuzzResult result = SharedRunner().Run(*fuzz_case);
    REQUIRE(result.outcome == FuzzOutcome::kCompleted);
    CHECK((result.regs.eflags & kFlagDf) != 0);
  }
  SECTION("initial DF drives string instructions") {
    // LODSB with DF=1: AL = [ESI], then ESI decrements (SDM Vol 2A, LODS).
    auto fuzz_case = MakeCase({0xAC});
    fuzz_case->init.esi = kFuzzDataAddr + 0x20;
    fuzz_case->init.eflags = kFlagDf;
    const FuzzResult result = SharedRunner().Run(*fuzz_case);
    REQUIRE(result.outcome == FuzzOutcome::kCompleted);
    CHECK((result.regs.eax & 0xFF) == fuzz_case->data[0x20]);
    CHECK(result.regs.esi == kFuzzDataAddr + 0x1F);
    CHECK((result.regs.eflags & kFlagDf) != 0);
  }
  SECTION("cld clears it") {
    auto fuzz_case = MakeCase({0xFC});  // CLD
    fuzz_case->init.eflags = kFlagDf;
    const FuzzResult result = SharedRunner().Run(*fuzz_case);
    REQUIRE(result.outcome == FuzzOutcome::kCompleted);
    CHECK((result.regs.eflags & kFlagDf) == 0);
  }
}

TEST_CASE("pushfd shows the documented EFLAGS image", "[fuzz][native]") {
  if (!NativeReady()) return;
  auto fuzz_case = MakeCase({0x9C});  // PUSHFD
  fuzz_case->init.eflags = kFlagCf | kFlagOf | kFlagDf;
  const FuzzResult result = SharedRunner().Run(*fuzz_case);
  REQUIRE(result.outcome == FuzzOutcome::kCompleted);
  CHECK(ReadData32(result.data, kStackTop - 4) ==
        (kFuzzBaseFlags | kFlagCf | kFlagOf | kFlagDf));
}

TEST_CASE("memory faults are precise", "[fuzz][native]") {
  if (!NativeReady()) return;
  SECTION("load from the guard page after the data buffer") {
    // INC ECX; A1 moffs32: MOV EAX, [0x00301000].
    auto fuzz_case = MakeCase({0x41, 0xA1, 0x00, 0x10, 0x30, 0x00});
    const FuzzResult result = SharedRunner().Run(*fuzz_case);
    REQUIRE(result.outcome == FuzzOutcome::kMemoryFault);
    CHECK(result.eip == kFuzzCodeAddr + 1);
    CHECK(result.vector == 14);  // #PF
    CHECK(result.fault_addr == kFuzzDataAddr + kFuzzDataSize);
    CHECK(result.signal == SIGSEGV);
    CHECK(result.regs.eax == fuzz_case->init.eax);
    CHECK(result.regs.ecx == fuzz_case->init.ecx + 1);
  }
  SECTION("store to the read-only code page") {
    auto fuzz_case = MakeCase({0xA3, 0x00, 0x00, 0x20, 0x00});  // MOV [code], EAX
    const FuzzResult result = SharedRunner().Run(*fuzz_case);
    REQUIRE(result.outcome == FuzzOutcome::kMemoryFault);
    CHECK(result.vector == 14);
    CHECK((result.error_code & 3) == 3);  // #PF error code: P=1, W/R=1.
    CHECK(result.fault_addr == kFuzzCodeAddr);
  }
  SECTION("push below the data buffer leaves ESP unchanged") {
    auto fuzz_case = MakeCase({0x50});  // PUSH EAX
    fuzz_case->init.esp = kFuzzDataAddr;
    const FuzzResult result = SharedRunner().Run(*fuzz_case);
    REQUIRE(result.outcome == FuzzOutcome::kMemoryFault);
    CHECK(result.regs.esp == kFuzzDataAddr);
    CHECK(result.fault_addr == kFuzzDataAddr - 4);
    CHECK(std::memcmp(result.data, fuzz_case->data, kFuzzDataSize) == 0);
  }
}

TEST_CASE("traps and system calls are other signals", "[fuzz][native]") {
  if (!NativeReady()) return;
  SECTION("int3 traps after the instruction") {
    const FuzzResult result = SharedRunner().Run(*MakeCase({0xCC}));
    REQUIRE(result.outcome == FuzzOutcome::kOtherSignal);
    CHECK(result.signal == SIGTRAP);
    CHECK(result.vector == 3);
    CHECK(result.eip == kFuzzCodeAddr + 1);
  }
  SECTION("int 0x80 from the sequence is blocked") {
    auto fuzz_case = MakeCase({0xCD, 0x80});  // INT 80h with EAX = 1: exit
    fuzz_case->init.eax = 1;
    const FuzzResult result = SharedRunner().Run(*fuzz_case);
    REQUIRE(result.outcome == FuzzOutcome::kOtherSignal);
    CHECK(result.signal == SIGSYS);
    CHECK(SharedRunner().Run(*MakeCase({})).outcome == FuzzOutcome::kCompleted);
  }
  SECTION("running past the terminator hits the INT3 fill") {
    const FuzzResult result = SharedRunner().Run(*MakeCase({0xEB, 0x05}));
    CHECK(result.outcome == FuzzOutcome::kOtherSignal);  // JMP +5 skips it.
    CHECK(result.eip == kFuzzCodeAddr + 2 + 5 + 1);
  }
}

TEST_CASE("endless loops time out and the runner recovers",
          "[fuzz][native]") {
  if (!NativeReady()) return;
  NativeRunnerOptions options;
  options.cpu_timeout_ms = 50;
  NativeRunner runner(NativeRunner::DefaultChildPath(), options);
  const FuzzResult result = runner.Run(*MakeCase({0x40, 0xEB, 0xFE}));  // JMP $
  REQUIRE(result.outcome == FuzzOutcome::kTimeout);
  CHECK(result.eip == kFuzzCodeAddr + 1);
  CHECK(result.regs.eax == 0x11111112);
  CHECK(runner.Run(*MakeCase({0x90})).outcome == FuzzOutcome::kCompleted);
  CHECK(runner.StartCount() == 1);
}

TEST_CASE("runner restarts a dead child", "[fuzz][native]") {
  if (!NativeReady()) return;
  NativeRunner runner(NativeRunner::DefaultChildPath());
  REQUIRE(runner.IsRunning());
  REQUIRE(kill(runner.ChildPid(), SIGKILL) == 0);  // Our own child, by pid.
  SECTION("killed long before the case") {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  SECTION("killed just before the case") {}
  const FuzzResult result = runner.Run(*MakeCase({0x40}));
  INFO(runner.LastError());
  REQUIRE(result.outcome == FuzzOutcome::kCompleted);
  CHECK(result.regs.eax == 0x11111112);
  CHECK(runner.StartCount() == 2);
}

TEST_CASE("malformed cases are rejected", "[fuzz][native]") {
  if (!NativeReady()) return;
  auto fuzz_case = MakeCase({});
  fuzz_case->code_len = kFuzzMaxCode + 1;
  CHECK(SharedRunner().Run(*fuzz_case).outcome == FuzzOutcome::kHarnessError);
  CHECK(SharedRunner().Run(*MakeCase({})).outcome == FuzzOutcome::kCompleted);
}

TEST_CASE("many cases through one child", "[fuzz][native]") {
  if (!NativeReady()) return;
  // ADD EAX, EBX; SBB ECX, ECX (ECX = -CF): checks the carry on many values.
  auto fuzz_case = MakeCase({0x01, 0xD8, 0x19, 0xC9});
  std::mt19937 rng(12345);
  constexpr int kCases = 5000;
  const uint32_t starts = SharedRunner().StartCount();
  const auto begin = std::chrono::steady_clock::now();
  int mismatches = 0;
  for (int i = 0; i < kCases; ++i) {
    fuzz_case->init.eax = static_cast<uint32_t>(rng());
    fuzz_case->init.ebx = static_cast<uint32_t>(rng());
    fuzz_case->init.eflags = static_cast<uint32_t>(rng()) & kFuzzInputFlags;
    const FuzzResult result = SharedRunner().Run(*fuzz_case);
    const uint64_t sum = uint64_t{fuzz_case->init.eax} + fuzz_case->init.ebx;
    const uint32_t carry_mask = (sum >> 32) != 0 ? 0xFFFFFFFF : 0;
    if (result.outcome != FuzzOutcome::kCompleted ||
        result.regs.eax != static_cast<uint32_t>(sum) ||
        result.regs.ecx != carry_mask) {
      ++mismatches;
    }
  }
  const double seconds = std::chrono::duration<double>(
      std::chrono::steady_clock::now() - begin).count();
  CHECK(mismatches == 0);
  CHECK(SharedRunner().StartCount() == starts);
  WARN(kCases << " cases in " << seconds << " s ("
              << static_cast<int>(kCases / seconds) << " cases/s)");
}

}  // namespace
}  // namespace m86::fuzz
