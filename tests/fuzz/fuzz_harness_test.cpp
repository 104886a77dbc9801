// Tests of the fuzzer's own parts: the encoder against the emulator's decoder, the safety
// analysis, the undefined-flag tracking, the comparison, the emulator runner and the shrinker.
// None needs the native child.
#include <catch2/catch.hpp>
#include <cstring>

#include "analysis.h"
#include "catalog.h"
#include "compare.h"
#include "emulator_runner.h"
#include "generator.h"
#include "harness_test_util.h"
#include "shrink.h"
#include "sse_operands.h"

namespace m86::fuzz {
namespace {

constexpr uint32_t kStack = kFuzzDataAddr + 2048;

Program BaseProgram() {
  Program p;
  p.init = FuzzRegs{1, 2, 3, kFuzzDataAddr + 0x100, kStack, 6, 7, 8, 0};
  return p;
}

// MOV [disp32], EAX via 89 /r with an absolute address.
GenInsn StoreAbsolute(uint32_t address) {
  GenInsn g = Insn(Op::MOV_EvGv, 0, 0x89);
  g.has_modrm = true;
  g.mem = true;
  g.m.disp = address;
  return g;
}

TEST_CASE("generated instructions decode as generated", "[fuzz][harness]") {
  const CpuModel& model = **ModelByName("nehalem");  // the emulator runner's model
  Rng rng(12345);
  GenOptions options;
  options.max_insns = 16;
  int checked = 0, sse = 0, sse_memory = 0;
  for (int i = 0; i < 3000; ++i) {
    const Program p = Generate(rng, options);
    const Analysis an = Analyze(p);
    INFO("program " << i << ": " << (an.why ? an.why : ""));
    REQUIRE(an.valid);
    const Assembled a = Assemble(p);
    REQUIRE(a.ok);
    for (size_t k = 0; k < p.insns.size(); ++k) {
      const uint8_t* bytes = a.fuzz_case->code + a.offsets[k];
      const uint32_t len = a.offsets[k + 1] - a.offsets[k];
      DecodedInsn d{};
      REQUIRE(Decode(model, CodeMode::k32, bytes, len, &d) == DecodeStatus::kOk);
      const GenInsn& g = p.insns[k];
      INFO("op " << OpName(g.op) << " decoded as " << OpName(d.op));
      CHECK(d.len == len);
      // LOCK on an operation or operand that cannot be locked decodes as #UD.
      const bool bad_lock = g.lock && !((g.attrs & kLock) && g.mem);
      CHECK(d.op == (bad_lock ? Op::UNDEFINED : g.op));
      if (IsSseOp(g.op)) {
        // XMM0-7 only: 32-bit code has no REX.
        CHECK(g.reg < 8);
        CHECK(g.rm < 8);
        ++sse;
        sse_memory += g.mem;
      }
      ++checked;
    }
  }
  CHECK(checked > 10000);
  CHECK(sse > checked / 10);
  CHECK(sse_memory > sse / 5);
}

TEST_CASE("memory accesses must stay in the data page or fault", "[fuzz][harness]") {
  CHECK(ClassifyRange(kFuzzDataAddr, 4, true) == Verdict::kOk);
  CHECK(ClassifyRange(kFuzzDataAddr + kFuzzDataSize - 4, 4, true) == Verdict::kOk);
  CHECK(ClassifyRange(kFuzzDataAddr + kFuzzDataSize - 2, 4, true) == Verdict::kFaults);
  CHECK(ClassifyRange(kFuzzDataAddr - 1, 2, false) == Verdict::kFaults);
  CHECK(ClassifyRange(kFuzzCodeAddr + 8, 4, true) == Verdict::kFaults);
  CHECK(ClassifyRange(kFuzzCodeAddr + 8, 4, false) == Verdict::kReject);
  CHECK(ClassifyRange(kFuzzDataAddr + 2 * kFuzzPageSize, 4, true) == Verdict::kReject);
  CHECK(ClassifyRange(0x100, 4, true) == Verdict::kFaults);
  CHECK(ClassifyRange(0xFFFFFFFE, 4, false) == Verdict::kReject);

  Program p = BaseProgram();
  p.insns.push_back(StoreAbsolute(kFuzzDataAddr + 0x10));
  CHECK(Analyze(p).valid);
  p.insns.push_back(StoreAbsolute(0x00400000));  // someone else's memory
  const Analysis bad = Analyze(p);
  CHECK_FALSE(bad.valid);
  CHECK(bad.bad_index == 1);
}

TEST_CASE("SSE memory operands: size, direction and alignment", "[fuzz][harness]") {
  auto mem = [](Op op, uint8_t map, uint8_t opcode, uint32_t address) {
    GenInsn g = Insn(op, map, opcode);
    g.has_modrm = true;
    g.mem = true;
    g.m.disp = address;
    return g;
  };
  const GenInsn movss = mem(Op::MOVSS_VW, kMapF30F, 0x10, kFuzzDataAddr + kFuzzDataSize - 4);
  CHECK(SseMemoryOf(movss).size == 4);
  CHECK_FALSE(SseMemoryOf(movss).write);
  CHECK_FALSE(SseMemoryOf(movss).required);
  const GenInsn store = mem(Op::MOVAPS_WV, kMap0F, 0x29, kFuzzDataAddr + 0x40);
  CHECK(SseMemoryOf(store).size == 16);
  CHECK(SseMemoryOf(store).write);
  const GenInsn movlps = mem(Op::MOVLPS_MV, kMap0F, 0x13, kFuzzDataAddr);
  CHECK(SseMemoryOf(movlps).size == 8);
  CHECK(SseMemoryOf(movlps).required);
  CHECK(SseMemoryOf(movlps).write);

  Program p = BaseProgram();
  p.insns = {movss, store, movlps};
  Analysis an = Analyze(p);
  REQUIRE(an.valid);
  CHECK(an.verdicts == std::vector<Verdict>{Verdict::kOk, Verdict::kOk, Verdict::kOk});
  // Off a 16-byte boundary the aligned forms raise #GP: the analysis cannot tell which.
  p.insns = {mem(Op::MOVAPS_WV, kMap0F, 0x29, kFuzzDataAddr + 0x48)};
  an = Analyze(p);
  REQUIRE(an.valid);
  CHECK(an.verdicts[0] == Verdict::kMayFault);
  // The last 16 bytes of an m128 past the page's end: the guard page.
  p.insns = {mem(Op::MOVAPS_VW, kMap0F, 0x28, kFuzzDataAddr + kFuzzDataSize - 8)};
  CHECK(Analyze(p).verdicts[0] == Verdict::kFaults);
  // MOVSS fits there.
  p.insns = {mem(Op::MOVSS_WV, kMapF30F, 0x11, kFuzzDataAddr + kFuzzDataSize - 4)};
  CHECK(Analyze(p).verdicts[0] == Verdict::kOk);
  // A store to the code page faults; one elsewhere is rejected.
  p.insns = {mem(Op::MOVAPS_WV, kMap0F, 0x29, kFuzzCodeAddr)};
  CHECK(Analyze(p).verdicts[0] == Verdict::kFaults);
  p.insns = {mem(Op::MOVAPS_WV, kMap0F, 0x29, 0x08000000)};
  CHECK_FALSE(Analyze(p).valid);
}

TEST_CASE("an unknown base register makes a store unsafe", "[fuzz][harness]") {
  Program p = BaseProgram();
  // IMUL EBX, EBX: EBX becomes unknown; then MOV [EBX], EAX.
  p.insns.push_back(RegForm(Op::IMUL_GvEv, 1, 0xAF, kEbx, kEbx));
  GenInsn store = Insn(Op::MOV_EvGv, 0, 0x89);
  store.has_modrm = true;
  store.mem = true;
  store.m.base = kEbx;
  store.m.disp_size = 0;
  p.insns.push_back(store);
  CHECK_FALSE(Analyze(p).valid);
  // MOV EBX, imm32 makes it known again.
  GenInsn mov = Insn(Op::MOV_ZvIv, 0, 0xBB);
  mov.imm_size = 4;
  mov.imm = kFuzzDataAddr + 0x40;
  p.insns.insert(p.insns.begin() + 1, mov);
  CHECK(Analyze(p).valid);
}

TEST_CASE("undefined flags are tracked per flag", "[fuzz][harness]") {
  Program p = BaseProgram();
  p.insns.push_back(RegForm(Op::MUL_Ev, 0, 0xF7, 4, kEcx));  // MUL ECX: SF ZF AF PF undefined
  Analysis an = Analyze(p);
  REQUIRE(an.valid);
  CHECK(an.final_undef == (kFlagSf | kFlagZf | kFlagAf | kFlagPf));
  // JZ reads the undefined ZF: rejected.
  GenInsn jz = Insn(Op::JCC_Jb, 0, 0x74);
  jz.rel_size = 1;
  jz.target = 2;
  p.insns.push_back(jz);
  CHECK_FALSE(Analyze(p).valid);
  // JC reads CF, which MUL defines.
  p.insns.back() = Insn(Op::JCC_Jb, 0, 0x72);
  p.insns.back().rel_size = 1;
  p.insns.back().target = 2;
  CHECK(Analyze(p).valid);
  // ADD redefines everything.
  p.insns.push_back(RegForm(Op::ALU_EvGv, 0, 0x01, kEax, kEdx));
  an = Analyze(p);
  CHECK(an.final_undef == 0);
  // SHL EAX, CL with CL = 2: OF and AF undefined, the rest defined.
  p.init.ecx = 2;
  p.insns.push_back(RegForm(Op::SHIFT_EvCL, 0, 0xD3, 4, kEax));
  CHECK(Analyze(p).final_undef == (kFlagOf | kFlagAf));
  // With CL = 0 nothing changes.
  p.init.ecx = 0x20;
  CHECK(Analyze(p).final_undef == 0);
}

TEST_CASE("a skipped instruction's undefined flags join at the target", "[fuzz][harness]") {
  Program p = BaseProgram();
  p.insns.push_back(RegForm(Op::ALU_EvGv, 0, 0x01, kEax, kEdx));  // ADD: all defined
  GenInsn jc = Insn(Op::JCC_Jb, 0, 0x72);
  jc.rel_size = 1;
  jc.target = 3;  // skips the AND
  p.insns.push_back(jc);
  p.insns.push_back(RegForm(Op::ALU_EvGv, 0, 0x21, kEax, kEdx));  // AND: AF undefined
  const Analysis an = Analyze(p);
  REQUIRE(an.valid);
  CHECK(an.final_undef == kFlagAf);
}

TEST_CASE("comparison masks only the undefined flags", "[fuzz][harness]") {
  Program p = BaseProgram();
  p.insns.push_back(RegForm(Op::ALU_EvGv, 0, 0x21, kEax, kEdx));  // AND: AF undefined
  const Assembled a = Assemble(p);
  const Analysis an = Analyze(p);
  FuzzResult native{}, emu{};
  native.outcome = emu.outcome = FuzzOutcome::kCompleted;
  native.eip = emu.eip = kFuzzCodeAddr + a.fuzz_case->code_len;
  native.regs.eflags = kFuzzBaseFlags | kFlagAf;
  emu.regs.eflags = kFuzzBaseFlags;
  CHECK(Compare(a, an, native, emu).equal);
  emu.regs.eflags = kFuzzBaseFlags | kFlagAf | kFlagCf;
  Comparison c = Compare(a, an, native, emu);
  CHECK_FALSE(c.equal);
  CHECK(c.fields == "eflags(CF)");
  emu.regs.eflags = native.regs.eflags;
  emu.data[17] = 1;
  emu.regs.edi = 5;
  c = Compare(a, an, native, emu);
  CHECK(c.fields == "edi data");
  emu = native;
  emu.sse.xmm[7][1] = 1;
  emu.sse.mxcsr = kFuzzMxcsrDefault | 0x20;
  CHECK(Compare(a, an, native, emu).fields == "xmm7 mxcsr");
}

TEST_CASE("the emulator runner reports completion, faults and traps", "[fuzz][harness]") {
  static EmulatorRunner runner;
  auto fuzz_case = std::make_unique<FuzzCase>();
  fuzz_case->init = FuzzRegs{1, 2, 3, 4, kStack, 6, 7, 8, kFlagCf | kFlagDf};
  for (uint32_t i = 0; i < kFuzzDataSize; ++i) fuzz_case->data[i] = static_cast<uint8_t>(i);

  SECTION("empty sequence") {
    const FuzzResult r = runner.Run(*fuzz_case);
    REQUIRE(r.outcome == FuzzOutcome::kCompleted);
    CHECK(r.eip == kFuzzCodeAddr);
    CHECK(r.regs.eflags == (kFuzzBaseFlags | kFlagCf | kFlagDf));
    CHECK(r.regs.esp == kStack);
    CHECK(std::memcmp(r.data, fuzz_case->data, kFuzzDataSize) == 0);
  }
  SECTION("push lands in the data page") {
    const uint8_t code[] = {0x50};  // PUSH EAX
    std::memcpy(fuzz_case->code, code, sizeof(code));
    fuzz_case->code_len = sizeof(code);
    const FuzzResult r = runner.Run(*fuzz_case);
    REQUIRE(r.outcome == FuzzOutcome::kCompleted);
    CHECK(r.eip == kFuzzCodeAddr + 1);
    CHECK(r.regs.esp == kStack - 4);
    CHECK(r.data[kStack - 4 - kFuzzDataAddr] == 1);
  }
  SECTION("store to the guard page above the data page") {
    // 89 05 disp32: MOV [0x301000], EAX, after a NOP.
    const uint8_t code[] = {0x90, 0x89, 0x05, 0x00, 0x10, 0x30, 0x00};
    std::memcpy(fuzz_case->code, code, sizeof(code));
    fuzz_case->code_len = sizeof(code);
    const FuzzResult r = runner.Run(*fuzz_case);
    REQUIRE(r.outcome == FuzzOutcome::kMemoryFault);
    CHECK(r.vector == 14);
    CHECK(r.error_code == 6);  // not present, write, user
    CHECK(r.fault_addr == 0x301000);
    CHECK(r.eip == kFuzzCodeAddr + 1);
  }
  SECTION("store to the read-only code page") {
    const uint8_t code[] = {0x89, 0x05, 0x10, 0x00, 0x20, 0x00};  // MOV [0x200010], EAX
    std::memcpy(fuzz_case->code, code, sizeof(code));
    fuzz_case->code_len = sizeof(code);
    const FuzzResult r = runner.Run(*fuzz_case);
    REQUIRE(r.outcome == FuzzOutcome::kMemoryFault);
    CHECK(r.error_code == 7);  // protection, write, user
  }
  SECTION("divide error") {
    const uint8_t code[] = {0x31, 0xC9, 0xF7, 0xF1};  // XOR ECX, ECX; DIV ECX
    std::memcpy(fuzz_case->code, code, sizeof(code));
    fuzz_case->code_len = sizeof(code);
    const FuzzResult r = runner.Run(*fuzz_case);
    REQUIRE(r.outcome == FuzzOutcome::kDivideError);
    CHECK(r.eip == kFuzzCodeAddr + 2);
    CHECK(r.regs.ecx == 0);
  }
  SECTION("XMM registers and MXCSR go in and come out") {
    // DIVPS XMM0, XMM7: 1/3 in single precision is 3EAAAAAB rounded to nearest, 3EAAAAAA
    // rounded toward zero (MXCSR.RC = 11b), and inexact either way (PE, SDM Vol. 1, 4.9.1.6).
    const uint8_t code[] = {0x0F, 0x5E, 0xC7};
    std::memcpy(fuzz_case->code, code, sizeof(code));
    fuzz_case->code_len = sizeof(code);
    fuzz_case->sse.xmm[0][0] = fuzz_case->sse.xmm[0][1] = 0x3F8000003F800000ull;
    fuzz_case->sse.xmm[7][0] = fuzz_case->sse.xmm[7][1] = 0x4040000040400000ull;
    fuzz_case->sse.xmm[5][1] = 0x0123456789ABCDEFull;
    for (const uint32_t rc : {0u, 3u}) {
      fuzz_case->sse.mxcsr = kFuzzMxcsrDefault | rc << 13;
      const FuzzResult r = runner.Run(*fuzz_case);
      REQUIRE(r.outcome == FuzzOutcome::kCompleted);
      const uint64_t third = rc == 0 ? 0x3EAAAAAB3EAAAAABull : 0x3EAAAAAA3EAAAAAAull;
      CHECK(r.sse.xmm[0][0] == third);
      CHECK(r.sse.xmm[0][1] == third);
      CHECK(r.sse.xmm[5][1] == 0x0123456789ABCDEFull);
      CHECK(r.sse.mxcsr == (fuzz_case->sse.mxcsr | 0x20));
    }
  }
  SECTION("CLI is privileged at IOPL 0") {
    const uint8_t code[] = {0xFA};
    std::memcpy(fuzz_case->code, code, sizeof(code));
    fuzz_case->code_len = sizeof(code);
    const FuzzResult r = runner.Run(*fuzz_case);
    REQUIRE(r.outcome == FuzzOutcome::kMemoryFault);
    CHECK(r.vector == 13);
  }
}

TEST_CASE("shrinking keeps the failing instruction and drops the rest", "[fuzz][harness]") {
  Rng rng(7);
  GenOptions options;
  options.max_insns = 20;
  Program p;
  int target = -1;
  for (int tries = 0; tries < 1000 && target < 0; ++tries) {
    p = Generate(rng, options);
    for (size_t i = 0; i < p.insns.size(); ++i) {
      if (p.insns[i].op == Op::SETCC && p.insns.size() > 4) target = static_cast<int>(i);
    }
  }
  REQUIRE(target >= 0);
  auto has_setcc = [](const Program& q) {
    for (const GenInsn& g : q.insns) {
      if (g.op == Op::SETCC) return true;
    }
    return false;
  };
  const Program small = Shrink(p, has_setcc, 500);
  CHECK(has_setcc(small));
  CHECK(small.insns.size() < p.insns.size());
  CHECK(Analyze(small).valid);
}

}  // namespace
}  // namespace m86::fuzz
