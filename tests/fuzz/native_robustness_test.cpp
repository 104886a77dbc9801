// Native cases that try to break the harness rather than test instruction
// semantics: hostile stack pointers and flags, leftover FPU state, bad child
// binaries. Each checks that the runner keeps producing correct results.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <string>

#include "native_runner.h"
#include "native_test_util.h"

namespace m86::fuzz {
namespace {

// After a hostile case, an ordinary one must still work in the same child.
void CheckStillHealthy(NativeRunner& runner, uint32_t starts_before) {
  auto fuzz_case = MakeCase({0x40, 0x50});  // INC EAX; PUSH EAX
  const FuzzResult result = runner.Run(*fuzz_case);
  INFO(runner.LastError());
  REQUIRE(result.outcome == FuzzOutcome::kCompleted);
  CHECK(result.regs.eax == fuzz_case->init.eax + 1);
  CHECK(ReadData32(result.data, kStackTop - 4) == fuzz_case->init.eax + 1);
  // 11111112h: low byte 12h has two set bits, so PF=1 (INC leaves CF alone).
  CHECK(result.regs.eflags == (kFuzzBaseFlags | kFlagPf));
  CHECK(runner.StartCount() == starts_before);
}

TEST_CASE("faults with a garbage stack pointer", "[fuzz][native]") {
  if (!NativeReady()) return;
  NativeRunner& runner = SharedRunner();
  const uint32_t starts = runner.StartCount();
  SECTION("ud2 with ESP = 1") {
    auto fuzz_case = MakeCase({0x0F, 0x0B});
    fuzz_case->init.esp = 1;
    const FuzzResult result = runner.Run(*fuzz_case);
    REQUIRE(result.outcome == FuzzOutcome::kInvalidOpcode);
    CHECK(result.regs.esp == 1);
  }
  SECTION("push with ESP = 0 wraps to the top of the address space") {
    auto fuzz_case = MakeCase({0x50});
    fuzz_case->init.esp = 0;
    const FuzzResult result = runner.Run(*fuzz_case);
    REQUIRE(result.outcome == FuzzOutcome::kMemoryFault);
    CHECK(result.regs.esp == 0);
    CHECK(result.fault_addr == 0xFFFFFFFC);
  }
  CheckStillHealthy(runner, starts);
}

TEST_CASE("hostile EFLAGS do not leak into the harness", "[fuzz][native]") {
  if (!NativeReady()) return;
  NativeRunner& runner = SharedRunner();
  const uint32_t starts = runner.StartCount();
  SECTION("DF set at a fault") {
    const FuzzResult result = runner.Run(*MakeCase({0xFD, 0x0F, 0x0B}));
    REQUIRE(result.outcome == FuzzOutcome::kInvalidOpcode);
    CHECK((result.regs.eflags & kFlagDf) != 0);
  }
  SECTION("TF set by popfd single-steps after the next instruction") {
    // PUSH 100h; POPFD; NOP. The trap comes after the NOP, not after the
    // POPFD that set TF (SDM Vol 3, "Single-Step Exception Condition").
    const FuzzResult result =
        runner.Run(*MakeCase({0x68, 0x00, 0x01, 0x00, 0x00, 0x9D, 0x90}));
    REQUIRE(result.outcome == FuzzOutcome::kOtherSignal);
    CHECK(result.signal == SIGTRAP);
    CHECK(result.vector == 1);
    CHECK(result.eip == kFuzzCodeAddr + 7);
    CHECK(result.regs.esp == kStackTop);
  }
  SECTION("AC set by popfd makes a misaligned load #AC") {
    // PUSH 40000h; POPFD; MOV EAX, [ESP+1]. Linux runs with CR0.AM=1.
    const FuzzResult result = runner.Run(*MakeCase(
        {0x68, 0x00, 0x00, 0x04, 0x00, 0x9D, 0x8B, 0x44, 0x24, 0x01}));
    REQUIRE(result.outcome == FuzzOutcome::kMemoryFault);
    CHECK(result.signal == SIGBUS);
    CHECK(result.vector == 17);
    CHECK(result.eip == kFuzzCodeAddr + 6);
  }
  SECTION("AC and TF still set when the sequence completes") {
    // PUSH 40000h; POPFD: completes with AC=1 (TF would trap at the JMP).
    const FuzzResult result =
        runner.Run(*MakeCase({0x68, 0x00, 0x00, 0x04, 0x00, 0x9D}));
    REQUIRE(result.outcome == FuzzOutcome::kCompleted);
    CHECK((result.regs.eflags & kFlagAc) != 0);
  }
  CheckStillHealthy(runner, starts);
}

TEST_CASE("segment loads do not leak into the harness", "[fuzz][native]") {
  if (!NativeReady()) return;
  // Outside the contract, but a stray one must not kill the child: a null
  // selector is legal in DS/ES/FS/GS (SDM Vol 2B, MOV: loading a null
  // selector does not fault; using the segment does).
  NativeRunner& runner = SharedRunner();
  const uint32_t starts = runner.StartCount();
  SECTION("null DS and GS at the end of the sequence") {
    // XOR EAX, EAX; MOV DS, AX; MOV GS, AX (8E /r, ModRM reg = Sreg).
    const FuzzResult result =
        runner.Run(*MakeCase({0x31, 0xC0, 0x8E, 0xD8, 0x8E, 0xE8}));
    REQUIRE(result.outcome == FuzzOutcome::kCompleted);
    CHECK(result.regs.eax == 0);
  }
  SECTION("null DS at a fault") {
    // XOR EAX, EAX; MOV DS, AX; MOV ECX, [300000h] -> #GP(0).
    const FuzzResult result = runner.Run(*MakeCase(
        {0x31, 0xC0, 0x8E, 0xD8, 0x8B, 0x0D, 0x00, 0x00, 0x30, 0x00}));
    REQUIRE(result.outcome == FuzzOutcome::kMemoryFault);
    CHECK(result.vector == 13);
    CHECK(result.eip == kFuzzCodeAddr + 4);
  }
  CheckStillHealthy(runner, starts);
}

TEST_CASE("each case starts with FNINIT x87 state", "[fuzz][native]") {
  if (!NativeReady()) return;
  NativeRunner& runner = SharedRunner();
  const uint32_t starts = runner.StartCount();
  // FLD1 nine times overflows the 8-register x87 stack (masked #IS).
  auto overflow = MakeCase({});
  for (int i = 0; i < 9; ++i) {
    overflow->code[2 * i] = 0xD9;
    overflow->code[2 * i + 1] = 0xE8;
  }
  overflow->code_len = 18;
  REQUIRE(runner.Run(*overflow).outcome == FuzzOutcome::kCompleted);
  // FLDCW [300000h] with 0C7Fh (round toward zero, single precision).
  auto load_cw = MakeCase({0xD9, 0x2D, 0x00, 0x00, 0x30, 0x00});
  load_cw->data[0] = 0x7F;
  load_cw->data[1] = 0x0C;
  REQUIRE(runner.Run(*load_cw).outcome == FuzzOutcome::kCompleted);
  // FNSTCW [300000h]; FNSTSW AX: FNINIT state is FCW=037Fh, FSW=0.
  auto store_cw = MakeCase({0xD9, 0x3D, 0x00, 0x00, 0x30, 0x00, 0xDF, 0xE0});
  const FuzzResult result = runner.Run(*store_cw);
  REQUIRE(result.outcome == FuzzOutcome::kCompleted);
  CHECK(result.data[0] == 0x7F);
  CHECK(result.data[1] == 0x03);
  CHECK((result.regs.eax & 0xFFFF) == 0);
  CheckStillHealthy(runner, starts);
}

TEST_CASE("the data page is reset for every case", "[fuzz][native]") {
  if (!NativeReady()) return;
  auto writer = MakeCase({0xA3, 0x00, 0x00, 0x30, 0x00});  // MOV [300000h], EAX
  REQUIRE(SharedRunner().Run(*writer).outcome == FuzzOutcome::kCompleted);
  auto idle = MakeCase({});
  const FuzzResult result = SharedRunner().Run(*idle);
  CHECK(std::memcmp(result.data, idle->data, kFuzzDataSize) == 0);
}

TEST_CASE("bad child binaries fail cleanly", "[fuzz][native]") {
  if (!NativeReady()) return;
  NativeRunnerOptions options;
  options.io_timeout_ms = 300;
  SECTION("missing binary") {
    CHECK_FALSE(NativeRunner::Available("/nonexistent/morph86-fuzz-native"));
    NativeRunner runner("/nonexistent/morph86-fuzz-native", options);
    CHECK_FALSE(runner.IsRunning());
    CHECK(runner.Run(*MakeCase({})).outcome == FuzzOutcome::kHarnessError);
    CHECK_FALSE(runner.LastError().empty());
  }
  SECTION("exits without a handshake") {
    if (access("/bin/true", X_OK) != 0) return;
    NativeRunner runner("/bin/true", options);
    CHECK_FALSE(runner.IsRunning());
    CHECK(runner.Run(*MakeCase({})).outcome == FuzzOutcome::kHarnessError);
  }
  SECTION("never answers") {
    // A stand-in child that ignores its arguments and stays silent.
    char path[] = "/tmp/m86-fuzz-silent-XXXXXX";
    const int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    const char kScript[] = "#!/bin/sh\nexec sleep 30\n";
    REQUIRE(write(fd, kScript, sizeof(kScript) - 1) ==
            static_cast<ssize_t>(sizeof(kScript) - 1));
    fchmod(fd, 0700);
    close(fd);
    NativeRunner runner(path, options);
    unlink(path);
    CHECK_FALSE(runner.IsRunning());
    CHECK(runner.LastError().find("handshake") != std::string::npos);
  }
}

}  // namespace
}  // namespace m86::fuzz
