// Tests of the translator on the fuzzer's emulated side (jit_fuzz.h): that an attached Jit
// really translates and checks the sequences, and that a translation that differs from the
// interpreter is caught and reported in the form JitCheckCategory groups.
#include <catch2/catch.hpp>
#include <cstring>
#include <memory>

#include "analysis.h"
#include "emulator_runner.h"
#include "generator.h"
#include "jit_fuzz.h"
#include "program.h"

namespace m86::fuzz {
namespace {

// A deliberately wrong translator: it takes only the block NOP; NOP; JMP +0 and "runs" it as
// the interpreter would, except that EAX comes out one higher. Every other block it refuses,
// so that block alone runs translated.
//
// A sequence's first instruction always runs interpreted: loading the state (OnModeChange)
// and writing the code (OnCodeWrite) leave the CPU's pending end of block set, so the first
// block runs one instruction. The test sequences therefore start with one more NOP.
class OffByOneTranslator final : public BlockTranslator {
 public:
  uint32_t threshold() const override { return 0; }
  JitMode mode() const override { return JitMode::kCheck; }
  bool CacheFull() const override { return false; }
  void OnCacheFlushed() override {}

  std::unique_ptr<NativeCode> Translate(Cpu& cpu, const Block& b) override {
    if (b.insns.size() != 3 || b.insns[0].d.op != Op::NOP || b.insns[1].d.op != Op::NOP ||
        b.insns[2].d.op != Op::JMP_Jb || b.byte_len != 4)
      return nullptr;
    auto code = std::make_unique<Code>();
    code->entry = &Run;
    code->rip = cpu.s.rip;
    code->cs_base = cpu.s.seg[kCs].base;
    code->cs_lo = cpu.s.seg[kCs].lo;
    code->cs_hi = cpu.s.seg[kCs].hi;
    code->mode_key = b.mode_key;
    return code;
  }

 private:
  struct Code final : NativeCode {
    bool PatchExit(uint32_t, const void*) override { return false; }
  };
  // The block's 4 bytes end in JMP +0: the next RIP is its end. 3 instructions completed.
  static uint64_t Run(Cpu* cpu) {
    cpu->s.rip += 4;
    cpu->s.gpr[kEax] = static_cast<uint32_t>(cpu->s.gpr[kEax] + 1);
    return 3;
  }
};

std::unique_ptr<FuzzCase> CaseWithCode(const std::vector<uint8_t>& code) {
  auto c = std::make_unique<FuzzCase>();
  c->init = FuzzRegs{0x10, 2, 3, 4, kFuzzDataAddr + 2048, 6, 7, 8, 0};
  c->sse.mxcsr = kFuzzMxcsrDefault;
  std::memcpy(c->code, code.data(), code.size());
  c->code_len = static_cast<uint32_t>(code.size());
  return c;
}

TEST_CASE("a translation that differs from the interpreter is reported", "[fuzz][jit]") {
  OffByOneTranslator translator;
  EmulatorRunner runner;
  runner.AttachTranslator(&translator);
  // NOP; then the block NOP; NOP; JMP +0
  const auto fuzz_case = CaseWithCode({0x90, 0x90, 0x90, 0xEB, 0x00});
  runner.Run(*fuzz_case);
  const std::string& report = runner.cpu().check_failure();
  INFO(report);
  CHECK(runner.cpu().checked_runs() == 1);
  CHECK(report.find("RAX: interpreter 10, translated 11") != std::string::npos);
  CHECK(JitCheckCategory(report) == "jit-check: NOP NOP JMP_Jb | RAX");

  // A block the translator refuses runs interpreted and unchecked: nothing to report.
  EmulatorRunner clean;
  clean.AttachTranslator(&translator);
  const FuzzResult r = clean.Run(*CaseWithCode({0x90, 0x40}));  // NOP; INC EAX
  CHECK(r.outcome == FuzzOutcome::kCompleted);
  CHECK(r.regs.eax == 0x11);
  CHECK(clean.cpu().checked_runs() == 0);
  CHECK(clean.cpu().check_failure().empty());
}

TEST_CASE("check reports are grouped by operations and the first difference", "[fuzz][jit]") {
  CHECK(JitCheckCategory("jit check: the block at 0023:200000 (physical 200000, 2 instructions: "
                         "MOV_EvGv ALU_EvGv) differs translated; EFLAGS: interpreter 246, "
                         "translated 202") == "jit-check: MOV_EvGv ALU_EvGv | EFLAGS");
  CHECK(JitCheckCategory("jit check: the block at 0033:200000 (physical 200000, 1 instructions: "
                         "PUSH_Zv) differs translated; memory at physical 2017FC: interpreter 01, "
                         "translated 02") == "jit-check: PUSH_Zv | memory");
  CHECK(JitCheckCategory("something else") == "something else");
}

TEST_CASE("--jit takes off, on or check", "[fuzz][jit]") {
  JitMode mode = JitMode::kOff;
  CHECK(ParseJitMode("check", &mode));
  CHECK(mode == JitMode::kCheck);
  CHECK(ParseJitMode("on", &mode));
  CHECK(mode == JitMode::kOn);
  CHECK(ParseJitMode("off", &mode));
  CHECK(mode == JitMode::kOff);
  CHECK_FALSE(ParseJitMode("yes", &mode));
  CHECK(mode == JitMode::kOff);
  CHECK(CreateFuzzJit(JitMode::kOff) == nullptr);
}

TEST_CASE("generated sequences run translated and agree with the interpreter", "[fuzz][jit]") {
  std::unique_ptr<Jit> jit = CreateFuzzJit(JitMode::kCheck);
  if (!jit) {
    WARN("no translator backend on this host");
    return;
  }
  CHECK(jit->threshold() == 0);
  EmulatorRunner interpreted, translated;
  translated.AttachTranslator(jit.get());
  Rng rng(77);
  GenOptions options;
  for (int i = 0; i < 500; ++i) {
    const Program p = Generate(rng, options);
    const Assembled a = Assemble(p);
    REQUIRE(a.ok);
    const FuzzResult want = interpreted.Run(*a.fuzz_case);
    const FuzzResult got = translated.Run(*a.fuzz_case);
    INFO("program " << i << ": " << translated.cpu().check_failure());
    REQUIRE(translated.cpu().check_failure().empty());
    CHECK(got.outcome == want.outcome);
    CHECK(got.eip == want.eip);
    CHECK(std::memcmp(&got.regs, &want.regs, sizeof got.regs) == 0);
    CHECK(std::memcmp(got.data, want.data, kFuzzDataSize) == 0);
  }
  // Threshold 0: nearly every block was translated before its first run, and checked.
  CHECK(translated.cpu().checked_runs() >= 500);
}

}  // namespace
}  // namespace m86::fuzz
