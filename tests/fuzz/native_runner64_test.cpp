// Hand-written cases for the 64-bit native child whose results follow from the
// SDM: the trampoline keeps every register, XMM register and MXCSR, faults
// report their vector and address, and hostile sequences leave the child
// usable.
#include <signal.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <initializer_list>
#include <memory>

#include "native_case64.h"
#include "native_runner.h"

namespace m86::fuzz {
namespace {

constexpr uint64_t kStackTop64 = kFuzzDataAddr + 2048;
constexpr int kRax = 0, kRcx = 1, kRdx = 2, kRsp = 4, kR8 = 8, kR9 = 9, kR15 = 15;

bool Native64Ready() {
  static const bool available = NativeRunner::Available64();
#ifdef M86_FUZZ_NATIVE64_EXPECTED
  if (!available) FAIL("64-bit native child not usable: " << NativeRunner::DefaultChildPath64());
#else
  if (!available) WARN("64-bit native child not available; skipping");
#endif
  return available;
}

NativeRunner& Runner64() {
  static NativeRunner runner(NativeRunner::DefaultChildPath64(), [] {
    NativeRunnerOptions options;
    options.mode = NativeMode::k64;
    return options;
  }());
  return runner;
}

std::unique_ptr<FuzzCase64> MakeCase64(std::initializer_list<uint8_t> code) {
  auto c = std::make_unique<FuzzCase64>();
  for (int r = 0; r < 16; ++r) c->init.gpr[r] = 0x1111111111111111ull * (r + 1);
  c->init.gpr[kRsp] = kStackTop64;
  for (int x = 0; x < 16; ++x) {
    c->sse.xmm[x][0] = 0x0101010101010101ull * (x + 1);
    c->sse.xmm[x][1] = ~c->sse.xmm[x][0];
  }
  c->sse.mxcsr = kFuzzMxcsrDefault;
  c->code_len = static_cast<uint32_t>(code.size());
  if (code.size() != 0) std::memcpy(c->code, code.begin(), code.size());
  for (uint32_t i = 0; i < kFuzzDataSize; ++i) c->data[i] = static_cast<uint8_t>(i * 7 + 3);
  return c;
}

uint64_t ReadData64(const uint8_t* data, uint64_t address) {
  uint64_t value;
  std::memcpy(&value, data + (address - kFuzzDataAddr), sizeof(value));
  return value;
}

TEST_CASE("64-bit: empty sequence returns the whole initial state", "[fuzz][native64]") {
  if (!Native64Ready()) return;
  auto c = MakeCase64({});
  c->init.rflags = kFuzzInputFlags | kFlagTf | kFlagAc;  // TF and AC are dropped.
  c->sse.mxcsr = 0x7F80 | 0x3F;  // RC = 11 (truncate), FZ clear, all six flags set
  const FuzzResult64 r = Runner64().Run64(*c);
  REQUIRE(r.outcome == FuzzOutcome::kCompleted);
  CHECK(std::memcmp(r.regs.gpr, c->init.gpr, sizeof(r.regs.gpr)) == 0);
  CHECK(r.regs.rflags == (kFuzzBaseFlags | kFuzzInputFlags));
  CHECK(std::memcmp(r.sse.xmm, c->sse.xmm, sizeof(r.sse.xmm)) == 0);
  CHECK(r.sse.mxcsr == c->sse.mxcsr);
  CHECK(r.rip == kFuzzCodeAddr);
  CHECK(std::memcmp(r.data, c->data, kFuzzDataSize) == 0);
}

TEST_CASE("64-bit: REX.W ADD and a 32-bit write that zero-extends", "[fuzz][native64]") {
  if (!Native64Ready()) return;
  // 4C 01 C8: ADD RAX, R9 (REX.W R; ModRM C8: reg 001+8, rm RAX).
  // 41 B8 imm32: MOV R8D, imm32 clears bits 63:32 (SDM Vol 1, 3.4.1.1).
  auto c = MakeCase64({0x4C, 0x01, 0xC8, 0x41, 0xB8, 0xFF, 0xFF, 0xFF, 0xFF});
  c->init.gpr[kRax] = 0x7FFFFFFFFFFFFFFFull;
  c->init.gpr[kR9] = 1;
  c->init.rflags = kFlagCf | kFlagZf;
  const FuzzResult64 r = Runner64().Run64(*c);
  REQUIRE(r.outcome == FuzzOutcome::kCompleted);
  CHECK(r.regs.gpr[kRax] == 0x8000000000000000ull);
  // OF: positive + positive = negative; SF: bit 63; AF: F + 1; PF: low byte 00.
  CHECK((r.regs.rflags & kFuzzInputFlags) == (kFlagOf | kFlagSf | kFlagAf | kFlagPf));
  CHECK(r.regs.gpr[kR8] == 0xFFFFFFFFull);
  CHECK(r.rip == kFuzzCodeAddr + 9);
}

TEST_CASE("64-bit: RIP-relative store lands in the data page", "[fuzz][native64]") {
  if (!Native64Ready()) return;
  // 48 89 05 disp32: MOV [RIP+disp32], RAX; RIP is the next instruction's address
  // (SDM Vol 2A, 2.2.1.6).
  const uint32_t target = kFuzzDataAddr + 0x100;
  const uint32_t disp = target - (kFuzzCodeAddr + 7);
  auto c = MakeCase64({0x48, 0x89, 0x05, static_cast<uint8_t>(disp), static_cast<uint8_t>(disp >> 8),
                       static_cast<uint8_t>(disp >> 16), static_cast<uint8_t>(disp >> 24)});
  const FuzzResult64 r = Runner64().Run64(*c);
  REQUIRE(r.outcome == FuzzOutcome::kCompleted);
  CHECK(ReadData64(r.data, target) == c->init.gpr[kRax]);
}

TEST_CASE("64-bit: SSE results and MXCSR flags come back", "[fuzz][native64]") {
  if (!Native64Ready()) return;
  // 66 41 0F FE C7: PADDD XMM0, XMM15. F3 0F 5E C9: DIVSS XMM1, XMM1 with
  // XMM1's low lane 0.0: 0/0 is invalid (IE, MXCSR bit 0), masked -> QNaN.
  auto c = MakeCase64({0x66, 0x41, 0x0F, 0xFE, 0xC7, 0xF3, 0x0F, 0x5E, 0xC9});
  c->sse.xmm[0][0] = 0x0000000100000002ull;
  c->sse.xmm[0][1] = 0xFFFFFFFF00000000ull;
  c->sse.xmm[15][0] = 0x0000000300000004ull;
  c->sse.xmm[15][1] = 0x0000000100000001ull;
  c->sse.xmm[1][0] = 0;
  const FuzzResult64 r = Runner64().Run64(*c);
  REQUIRE(r.outcome == FuzzOutcome::kCompleted);
  CHECK(r.sse.xmm[0][0] == 0x0000000400000006ull);
  CHECK(r.sse.xmm[0][1] == 0x0000000000000001ull);
  CHECK((r.sse.xmm[1][0] & 0xFFFFFFFF) == 0xFFC00000u);  // the default QNaN
  CHECK(r.sse.mxcsr == (kFuzzMxcsrDefault | 1));
}

TEST_CASE("64-bit: faults report vector, address and the state before them",
          "[fuzz][native64]") {
  if (!Native64Ready()) return;
  SECTION("divide by zero") {
    // 90: NOP. 48 F7 F1: DIV RCX with RCX = 0.
    auto c = MakeCase64({0x90, 0x48, 0xF7, 0xF1});
    c->init.gpr[kRcx] = 0;
    const FuzzResult64 r = Runner64().Run64(*c);
    REQUIRE(r.outcome == FuzzOutcome::kDivideError);
    CHECK(r.rip == kFuzzCodeAddr + 1);
    CHECK(r.vector == 0);
    CHECK(r.regs.gpr[kRdx] == c->init.gpr[kRdx]);
  }
  SECTION("store to the guard page after the data page") {
    // 4C 89 3A: MOV [RDX], R15 with RDX just past the data page.
    auto c = MakeCase64({0x4C, 0x89, 0x3A});
    c->init.gpr[kRdx] = kFuzzDataAddr + kFuzzDataSize;
    const FuzzResult64 r = Runner64().Run64(*c);
    REQUIRE(r.outcome == FuzzOutcome::kMemoryFault);
    CHECK(r.vector == 14);
    CHECK(r.fault_addr == kFuzzDataAddr + kFuzzDataSize);
    CHECK(r.error_code == 6);  // user, write, not present (SDM Vol 3A, 4.7)
    CHECK(r.signal == SIGSEGV);
  }
  SECTION("UD2 keeps the XMM registers of the moment") {
    // 66 45 0F EF FF: PXOR XMM15, XMM15; 0F 0B: UD2.
    auto c = MakeCase64({0x66, 0x45, 0x0F, 0xEF, 0xFF, 0x0F, 0x0B});
    const FuzzResult64 r = Runner64().Run64(*c);
    REQUIRE(r.outcome == FuzzOutcome::kInvalidOpcode);
    CHECK(r.rip == kFuzzCodeAddr + 5);
    CHECK(r.sse.xmm[15][0] == 0);
    CHECK(r.sse.xmm[15][1] == 0);
    CHECK(r.sse.xmm[14][0] == c->sse.xmm[14][0]);
    CHECK(r.regs.gpr[kR15] == c->init.gpr[kR15]);
  }
}

TEST_CASE("64-bit: hostile sequences leave the child usable", "[fuzz][native64]") {
  if (!Native64Ready()) return;
  const auto next_case_works = [] {
    auto c = MakeCase64({0x48, 0xFF, 0xC0});  // INC RAX
    const FuzzResult64 r = Runner64().Run64(*c);
    REQUIRE(r.outcome == FuzzOutcome::kCompleted);
    CHECK(r.regs.gpr[kRax] == c->init.gpr[kRax] + 1);
  };
  const uint32_t starts = Runner64().StartCount();
  SECTION("system calls are trapped") {
    // B8 3C 00 00 00 0F 05: exit(...) via SYSCALL; then CD 80 (INT 80h) alone.
    auto c = MakeCase64({0xB8, 0x3C, 0x00, 0x00, 0x00, 0x0F, 0x05});
    FuzzResult64 r = Runner64().Run64(*c);
    CHECK(r.outcome == FuzzOutcome::kOtherSignal);
    CHECK(r.signal == SIGSYS);
    auto i80 = MakeCase64({0xB8, 0x01, 0x00, 0x00, 0x00, 0xCD, 0x80});
    r = Runner64().Run64(*i80);
    CHECK(r.outcome != FuzzOutcome::kCompleted);
    CHECK(r.outcome != FuzzOutcome::kHarnessError);
  }
  SECTION("an endless loop times out") {
    auto c = MakeCase64({0xEB, 0xFE});  // JMP $
    const FuzzResult64 r = Runner64().Run64(*c);
    CHECK(r.outcome == FuzzOutcome::kTimeout);
    CHECK(r.rip == kFuzzCodeAddr);
  }
  SECTION("a null FS selector, then a fault") {
    // 31 C0: XOR EAX, EAX; 8E E0: MOV FS, AX; 0F 0B: UD2.
    auto c = MakeCase64({0x31, 0xC0, 0x8E, 0xE0, 0x0F, 0x0B});
    const FuzzResult64 r = Runner64().Run64(*c);
    CHECK(r.outcome == FuzzOutcome::kInvalidOpcode);
  }
  SECTION("a null FS selector, then the end") {
    auto c = MakeCase64({0x31, 0xC0, 0x8E, 0xE0});
    const FuzzResult64 r = Runner64().Run64(*c);
    CHECK(r.outcome == FuzzOutcome::kCompleted);
  }
  SECTION("RSP pointing nowhere, and AC with a misaligned stack") {
    // 9C: PUSHFQ faults at RSP 8 (nothing is mapped in the first 64 KiB).
    auto c = MakeCase64({0x9C});
    c->init.gpr[kRsp] = 8;
    const FuzzResult64 r = Runner64().Run64(*c);
    CHECK(r.outcome == FuzzOutcome::kMemoryFault);
    CHECK(r.fault_addr == 0);
  }
  next_case_works();
  CHECK(Runner64().StartCount() == starts);
}

TEST_CASE("64-bit: a case of the wrong width is refused", "[fuzz][native64]") {
  if (!Native64Ready()) return;
  FuzzCase narrow{};
  const FuzzResult r = Runner64().Run(narrow);
  CHECK(r.outcome == FuzzOutcome::kHarnessError);
}

}  // namespace
}  // namespace m86::fuzz
