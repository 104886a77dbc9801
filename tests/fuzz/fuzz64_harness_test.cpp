// Tests of the 64-bit parts of the fuzzer: REX / RIP-relative / imm64 encoding, the generator
// against Capstone's 64-bit decoder, the 64-bit analysis, the comparison and the shrinker.
// None needs the native child or an emulator that runs 64-bit code.
#include <catch2/catch.hpp>
#include <cstring>
#include <vector>

#include "analysis64.h"
#include "catalog.h"
#include "compare.h"
#include "disasm.h"
#include "generator64.h"
#include "harness_test_util.h"
#include "shrink.h"
#include "sse_operands.h"

namespace m86::fuzz {
namespace {

constexpr uint64_t kStack64 = kFuzzDataAddr + 2048;

Program64 BaseProgram64() {
  Program64 p;
  for (int r = 0; r < 16; ++r) p.init.gpr[r] = 0x100 * r;
  p.init.gpr[kEsp] = kStack64;
  p.init.gpr[kR14] = kFuzzDataAddr + 0x100;
  p.init.gpr[kR15] = 4;
  p.sse.mxcsr = kFuzzMxcsrDefault;
  return p;
}

GenInsn Reg64(Op op, uint8_t opcode, uint8_t reg, uint8_t rm, bool w) {
  GenInsn g = RegForm(op, 0, opcode, reg, rm);
  if (w) g.rex = 8;
  return g;
}

// MOV [RIP -> address], RAX (REX.W 89 /r).
GenInsn StoreRipRelative(uint32_t address) {
  GenInsn g = Insn(Op::MOV_EvGv, 0, 0x89);
  g.has_modrm = true;
  g.mem = true;
  g.rex = 8;
  g.m.rip_rel = true;
  g.m.disp = address;
  return g;
}

std::vector<uint8_t> Bytes(const GenInsn& g, uint32_t address = kFuzzCodeAddr) {
  uint8_t out[32];
  const int n = Encode(g, 0, out, address);
  return std::vector<uint8_t>(out, out + n);
}

Verdict Verdict64(const Program64& p, const GenInsn& g) {
  Analyzer64 an(p.init);
  return an.Feed(g);
}

TEST_CASE("64-bit encodings follow the SDM's REX and ModRM rules", "[fuzz][harness64]") {
  // MOV R8D, imm32: REX.B, B8+0 (SDM Vol. 2A, 2.2.1.7).
  GenInsn mov = Insn(Op::MOV_ZvIv, 0, 0xB8);
  mov.opreg_ext = true;
  mov.imm_size = 4;
  mov.imm = 0x11223344;
  CHECK(Bytes(mov) == std::vector<uint8_t>{0x41, 0xB8, 0x44, 0x33, 0x22, 0x11});
  // MOV RAX, imm64: REX.W B8 io.
  GenInsn wide = Insn(Op::MOV_ZvIv, 0, 0xB8);
  wide.rex = 8;
  wide.imm_size = 8;
  wide.imm = 0x55667788;
  wide.imm_hi = 0x11223344;
  CHECK(Bytes(wide) == std::vector<uint8_t>{0x48, 0xB8, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33,
                                            0x22, 0x11});
  // ADD R9, RBP: REX.W + REX.B (rm = R9), 01 /r with reg RBP.
  CHECK(Bytes(Reg64(Op::ALU_EvGv, 0x01, kEbp, kR9, true)) ==
        std::vector<uint8_t>{0x49, 0x01, 0xE9});
  // MOV AL, SPL needs a REX prefix without other bits (SDM Vol. 2A, 2.2.1.2).
  GenInsn spl = Reg64(Op::MOV_EbGb, 0x88, kEsp, kEax, false);
  spl.rex = 0x40;
  CHECK(Bytes(spl) == std::vector<uint8_t>{0x40, 0x88, 0xE0});
  // MOV EAX, [R13]: base 101 with mod 00 would mean RIP/disp32, so a disp8 of 0.
  GenInsn r13 = Insn(Op::MOV_GvEv, 0, 0x8B);
  r13.has_modrm = r13.mem = true;
  r13.m.base = kR13;
  r13.m.disp_size = 0;
  CHECK(Bytes(r13) == std::vector<uint8_t>{0x41, 0x8B, 0x45, 0x00});
  // MOV EAX, [R12 + R15*4]: base 100 needs a SIB byte; index R15 sets REX.X.
  GenInsn r12 = r13;
  r12.m.base = kR12;
  r12.m.index = kR15;
  r12.m.scale = 2;
  CHECK(Bytes(r12) == std::vector<uint8_t>{0x43, 0x8B, 0x04, 0xBC});
  // CMP dword [RIP -> target], imm8: the displacement counts from the end of the
  // instruction, immediate included (SDM Vol. 2A, 2.2.1.6).
  GenInsn cmp = Insn(Op::GRP1_EvIb, 0, 0x83);
  cmp.has_modrm = cmp.mem = true;
  cmp.reg = 7;
  cmp.m.rip_rel = true;
  cmp.m.disp = kFuzzDataAddr + 0x10;
  cmp.imm_size = 1;
  cmp.imm = 5;
  const uint32_t disp = kFuzzDataAddr + 0x10 - (kFuzzCodeAddr + 0x20 + 7);
  CHECK(Bytes(cmp, kFuzzCodeAddr + 0x20) ==
        std::vector<uint8_t>{0x83, 0x3D, static_cast<uint8_t>(disp), static_cast<uint8_t>(disp >> 8),
                             static_cast<uint8_t>(disp >> 16), static_cast<uint8_t>(disp >> 24),
                             0x05});
  // PADDD XMM0, XMM15: the mandatory 66 before REX.B (SDM Vol. 2A, 2.2.1).
  GenInsn paddd = Insn(Op::PADDD_X, kMap660F, 0xFE);
  paddd.has_modrm = true;
  paddd.rm = 15;
  CHECK(Bytes(paddd) == std::vector<uint8_t>{0x66, 0x41, 0x0F, 0xFE, 0xC7});
  // PCMPISTRI XMM9, XMM1, 0x0C: 66 REX.R 0F 3A 63 /r ib.
  GenInsn pcmp = Insn(Op::PCMPISTRI, kMap660F3A, 0x63);
  pcmp.has_modrm = true;
  pcmp.reg = 9;
  pcmp.rm = 1;
  pcmp.imm_size = 1;
  pcmp.imm = 0x0C;
  CHECK(Bytes(pcmp) == std::vector<uint8_t>{0x66, 0x44, 0x0F, 0x3A, 0x63, 0xC9, 0x0C});
  // MOV RAX, moffs64: REX.W A1 with an 8-byte address.
  GenInsn moffs = Insn(Op::MOV_eAXOv, 0, 0xA1);
  moffs.rex = 8;
  moffs.moffs = true;
  moffs.moffs_size = 8;
  moffs.m.disp = kFuzzDataAddr;
  CHECK(Bytes(moffs) == std::vector<uint8_t>{0x48, 0xA1, 0x00, 0x00, 0x30, 0x00, 0, 0, 0, 0});
}

TEST_CASE("generated 64-bit programs are valid and decode at their lengths", "[fuzz][harness64]") {
  Rng rng(6464);
  GenOptions options;
  options.max_insns = 16;
  int decoded = 0;
  for (int i = 0; i < 2000; ++i) {
    const Program64 p = Generate64(rng, options);
    const Analysis64 an = Analyze(p);
    INFO("program " << i << ": " << (an.why ? an.why : ""));
    REQUIRE(an.valid);
    const Assembled64 a = Assemble(p);
    REQUIRE(a.ok);
    for (size_t k = 0; k < p.insns.size(); ++k) {
      const uint8_t* bytes = a.fuzz_case->code + a.offsets[k];
      const uint32_t len = a.offsets[k + 1] - a.offsets[k];
      const size_t got = DecodedLength(bytes, len, kFuzzCodeAddr + a.offsets[k], true);
      const GenInsn& g = p.insns[k];
      INFO("instruction " << k << " " << OpName(g.op));
      // Capstone refuses 82 (a deliberate #UD here), checks LOCK only for some instructions,
      // and does not know every hint NOP of 0F 18-1F.
      const bool bad_lock = g.lock && !((g.attrs & kLock) && g.mem);
      if (g.map == 0 && g.opcode == 0x82) {
        CHECK(got == 0);
      } else if (!bad_lock && g.op != Op::NOP) {
        std::string hex;
        for (uint32_t b = 0; b < len; ++b) hex += std::to_string(bytes[b]) + " ";
        INFO("bytes " << hex);
        CHECK(got == len);
        ++decoded;
      }
    }
  }
  CHECK(decoded > 10000);
}

TEST_CASE("the same seed gives the same 64-bit program", "[fuzz][harness64]") {
  GenOptions options;
  Rng a(99), b(99);
  const Assembled64 x = Assemble(Generate64(a, options));
  const Assembled64 y = Assemble(Generate64(b, options));
  REQUIRE(x.fuzz_case->code_len == y.fuzz_case->code_len);
  CHECK(std::memcmp(x.fuzz_case.get(), y.fuzz_case.get(), sizeof(FuzzCase64)) == 0);
}

TEST_CASE("R14, R15 and RSP stay address registers", "[fuzz][harness64]") {
  const Program64 p = BaseProgram64();
  // MOV R14, RAX (REX.W 89 /r, rm R14) would lose the data pointer.
  CHECK(Verdict64(p, Reg64(Op::MOV_EvGv, 0x89, kEax, kR14, true)) == Verdict::kReject);
  // MOV RAX, R14 only reads it.
  CHECK(Verdict64(p, Reg64(Op::MOV_EvGv, 0x89, kR14, kEax, true)) == Verdict::kOk);
  // ADD RSP, RAX: RSP moves only with PUSH, POP and CALL.
  CHECK(Verdict64(p, Reg64(Op::ALU_EvGv, 0x01, kEax, kEsp, true)) == Verdict::kReject);
  // CMP RSP, RAX reads it.
  CHECK(Verdict64(p, Reg64(Op::ALU_EvGv, 0x39, kEax, kEsp, true)) == Verdict::kOk);
  // MOV AH, 1 is not SPL: byte register 4 without REX.
  GenInsn ah = Insn(Op::MOV_ZbIb, 0, 0xB4);
  ah.imm_size = 1;
  CHECK(Verdict64(p, ah) == Verdict::kOk);
  ah.rex = 0x40;  // now SPL
  CHECK(Verdict64(p, ah) == Verdict::kReject);
}

TEST_CASE("SSE forms with general registers: sizes and written registers", "[fuzz][harness64]") {
  const Program64 p = BaseProgram64();
  auto sse = [](Op op, uint8_t map, uint8_t opcode, uint8_t reg, uint8_t rm, bool w) {
    GenInsn g = RegForm(op, map, opcode, reg, rm);
    if (w) g.rex = 8;
    return g;
  };
  // MOVD/MOVQ r/m, xmm (66 0F 7E /r): a register destination is written, a pinned one never.
  CHECK(Verdict64(p, sse(Op::MOVD_EV, kMap660F, 0x7E, 3, kEax, true)) == Verdict::kOk);
  CHECK(Verdict64(p, sse(Op::MOVD_EV, kMap660F, 0x7E, 3, kR14, true)) == Verdict::kReject);
  // MOVD xmm, r/m (66 0F 6E /r) only reads R15.
  CHECK(Verdict64(p, sse(Op::MOVD_VE, kMap660F, 0x6E, 3, kR15, false)) == Verdict::kOk);
  // CVTSS2SI r, xmm (F3 0F 2D /r) writes its G register.
  CHECK(Verdict64(p, sse(Op::CVTSS2SI, kMapF30F, 0x2D, kEsp, 1, true)) == Verdict::kReject);
  Analyzer64 an(p.init);
  REQUIRE(an.Feed(sse(Op::CVTSS2SI, kMapF30F, 0x2D, kEbx, 1, true)) == Verdict::kOk);
  CHECK_FALSE(an.state().val[kEbx].has_value());
  CHECK(an.state().val[kEcx] == p.init.gpr[kEcx]);
  // Memory sizes: the element for PEXTRB/PINSRB, REX.W widens PEXTRD to PEXTRQ, MOVD to MOVQ
  // and POPCNT, EXTRACTPS stays m32.
  GenInsn g = sse(Op::PEXTRB, kMap660F3A, 0x14, 1, 0, false);
  g.mem = true;
  CHECK(SseMemoryOf(g).size == 1);
  CHECK(SseMemoryOf(g).write);
  g = sse(Op::PEXTRD, kMap660F3A, 0x16, 1, 0, true);
  CHECK(SseMemoryOf(g).size == 8);
  g = sse(Op::EXTRACTPS, kMap660F3A, 0x17, 1, 0, true);
  CHECK(SseMemoryOf(g).size == 4);
  g = sse(Op::POPCNT, kMapF30F, 0xB8, 1, 0, false);
  CHECK(SseMemoryOf(g).size == 4);
  CHECK_FALSE(SseMemoryOf(g).write);
  g.rex = 8;
  CHECK(SseMemoryOf(g).size == 8);
  g = sse(Op::CRC32_Eb, kMapF20F38, 0xF0, 1, 0, true);
  CHECK(SseMemoryOf(g).size == 1);
  // A PEXTRQ store in the last 4 bytes of the data page reaches the guard page.
  g = sse(Op::PEXTRD, kMap660F3A, 0x16, 1, 0, true);
  g.mem = true;
  g.m.rip_rel = true;
  g.m.disp = kFuzzDataAddr + kFuzzDataSize - 4;
  g.imm_size = 1;
  CHECK(Verdict64(p, g) == Verdict::kFaults);
  g.rex = 0;  // PEXTRD fits
  CHECK(Verdict64(p, g) == Verdict::kOk);
}

TEST_CASE("64-bit memory operands land in the data page or fault", "[fuzz][harness64]") {
  const Program64 p = BaseProgram64();
  CHECK(Verdict64(p, StoreRipRelative(kFuzzDataAddr + 8)) == Verdict::kOk);
  CHECK(Verdict64(p, StoreRipRelative(kFuzzDataAddr + kFuzzDataSize - 4)) == Verdict::kFaults);
  CHECK(Verdict64(p, StoreRipRelative(kFuzzCodeAddr + 64)) == Verdict::kFaults);  // read-only
  CHECK(Verdict64(p, StoreRipRelative(0x500000)) == Verdict::kReject);
  // [R14 + R15*8 + disp8] = data + 0x100 + 32 - 16.
  GenInsn indexed = StoreRipRelative(0);
  indexed.m = MemRef{};
  indexed.m.base = kR14;
  indexed.m.index = kR15;
  indexed.m.scale = 3;
  indexed.m.disp_size = 1;
  indexed.m.disp = static_cast<uint32_t>(-16);
  CHECK(Verdict64(p, indexed) == Verdict::kOk);
  // A base register whose value is not known after MUL wrote it.
  Analyzer64 an(p.init);
  GenInsn mul = Reg64(Op::MUL_Ev, 0xF7, 4, kEcx, true);
  REQUIRE(an.Feed(mul) == Verdict::kOk);
  indexed.m.base = kEdx;
  indexed.m.index = kNoReg;
  CHECK(an.Feed(indexed) == Verdict::kReject);
  // FS points at the host's thread data.
  GenInsn fs = StoreRipRelative(kFuzzDataAddr);
  fs.seg = kFs;
  CHECK(Verdict64(p, fs) == Verdict::kReject);
  // PUSH at the bottom of the data page stores into the guard page below it.
  Program64 low = p;
  low.init.gpr[kEsp] = kFuzzDataAddr + 4;
  CHECK(Verdict64(low, Insn(Op::PUSH_Zv, 0, 0x50)) == Verdict::kFaults);
}

TEST_CASE("64-bit flags: shift counts are masked to six bits", "[fuzz][harness64]") {
  const Program64 p = BaseProgram64();
  // SHL r/m, imm8 with a count of 40: a 64-bit shift by 40 defines CF; a 32-bit one shifts by
  // 8 (40 AND 1FH) and defines it too; OF is undefined for counts above 1 (SDM Vol. 2B, SAL).
  GenInsn shl = Reg64(Op::SHIFT_EvIb, 0xC1, 4, kEax, true);
  shl.imm_size = 1;
  shl.imm = 40;
  Analyzer64 an(p.init);
  REQUIRE(an.Feed(shl) == Verdict::kOk);
  CHECK(an.state().undef == (kFlagOf | kFlagAf));
  // With a count of 64 the 64-bit shift masks to 0 and changes no flag.
  shl.imm = 64;
  Analyzer64 zero(p.init);
  REQUIRE(zero.Feed(shl) == Verdict::kOk);
  CHECK(zero.state().undef == 0);
}

TEST_CASE("64-bit string operations need known pointers, count and DF", "[fuzz][harness64]") {
  Program64 p = BaseProgram64();
  GenInsn movs = Insn(Op::MOVS_b, 0, 0xA4);
  p.init.gpr[kEsi] = 0x500000;  // nothing of the sequence's there
  CHECK(Verdict64(p, movs) == Verdict::kReject);
  p.init.gpr[kEsi] = kFuzzDataAddr + 16;
  p.init.gpr[kEdi] = kFuzzDataAddr + 64;
  CHECK(Verdict64(p, movs) == Verdict::kOk);
  movs.rep = 0xF3;
  movs.rex = 8;  // MOVSQ
  p.init.gpr[kEcx] = 8;
  CHECK(Verdict64(p, movs) == Verdict::kOk);
  p.init.gpr[kEcx] = 600;  // 4800 bytes: past the page
  CHECK(Verdict64(p, movs) == Verdict::kReject);
}

TEST_CASE("64-bit comparison names registers, XMM and MXCSR and masks undefined flags",
          "[fuzz][harness64]") {
  Program64 p = BaseProgram64();
  GenInsn shl = Reg64(Op::SHIFT_EvIb, 0xC1, 4, kEax, true);
  shl.imm_size = 1;
  shl.imm = 3;
  p.insns = {shl};
  const Assembled64 a = Assemble(p);
  const Analysis64 an = Analyze(p);
  FuzzResult64 native{};
  native.outcome = FuzzOutcome::kCompleted;
  native.rip = kFuzzCodeAddr + a.offsets.back();
  FuzzResult64 emu = native;
  emu.regs.rflags ^= kFlagOf | kFlagAf;  // undefined after a shift by 3
  CHECK(Compare(a, an, native, emu).equal);
  emu.regs.gpr[kR11] = 1;
  emu.sse.xmm[9][1] = 2;
  emu.sse.mxcsr = 1;
  emu.regs.rflags ^= kFlagCf;
  const Comparison c = Compare(a, an, native, emu);
  CHECK_FALSE(c.equal);
  CHECK(c.fields == "r11 xmm9 mxcsr eflags(CF)");
  CHECK(Category(a, c) == "shl: r11 xmm9 mxcsr eflags(CF)");
}

TEST_CASE("shrinking a 64-bit program keeps the failing instruction", "[fuzz][harness64]") {
  Rng rng(7);
  GenOptions options;
  options.max_insns = 20;
  Program64 p;
  // A program with a BSWAP somewhere, which plays the part of the miscompared instruction.
  for (int tries = 0; tries < 10000; ++tries) {
    p = Generate64(rng, options);
    bool has = false;
    for (const GenInsn& g : p.insns) has = has || g.op == Op::BSWAP;
    if (has && p.insns.size() > 4) break;
  }
  auto fails = [](const Program64& q) {
    for (const GenInsn& g : q.insns) {
      if (g.op == Op::BSWAP) return true;
    }
    return false;
  };
  REQUIRE(fails(p));
  const Program64 small = Shrink(p, fails, 500);
  REQUIRE(small.insns.size() == 1);
  CHECK(small.insns[0].op == Op::BSWAP);
  for (int r = 0; r < 16; ++r) {
    if (!IsPinned64(r)) CHECK(small.init.gpr[r] == 0);
  }
  CHECK(small.sse.xmm[3][0] == 0);
  CHECK(small.sse.mxcsr == kFuzzMxcsrDefault);
}

}  // namespace
}  // namespace m86::fuzz
