// The 64-bit sequence generator: random initial state (R14/R15/RSP as address registers),
// then instructions proposed one at a time and kept only when the 64-bit analysis accepts
// them.
#include "generator64.h"

#include <string_view>

#include "analysis64.h"
#include "sse_operands.h"

namespace m86::fuzz {
namespace {

constexpr uint64_t kEdge64[] = {0,
                                1,
                                0x7FFFFFFFFFFFFFFFull,
                                0x8000000000000000ull,
                                0xFFFFFFFFFFFFFFFFull,
                                0x00000000FFFFFFFFull,
                                0x0000000100000000ull,
                                0xFFFFFFFF80000000ull,
                                0x000000007FFFFFFFull,
                                0x8000000000000001ull,
                                0xFFFFFFFF00000000ull};

class Generator64 {
 public:
  Generator64(Rng& rng, const GenOptions& options)
      : r_(rng), options_(options), choice_(rng), an_(FuzzRegs64{}) {}

  Program64 Run() {
    InitState();
    an_ = Analyzer64(p_.init);
    const int wanted = 1 + static_cast<int>(r_.Below(static_cast<uint32_t>(options_.max_insns)));
    GrowSequence(
        r_, wanted, &an_, &p_.insns,
        [this](std::vector<GenInsn>* proposal) { return Propose(proposal); },
        [](const AbsState64& st) {
          const auto rsp = st.val[kEsp];
          return rsp && *rsp >= kFuzzDataAddr + 16 && *rsp <= kFuzzDataAddr + kFuzzDataSize;
        });
    return std::move(p_);
  }

 private:
  uint64_t Value64() {
    const uint32_t roll = r_.Below(100);
    if (roll < 25) return r_.Pick(kEdge64) ^ (r_.Percent(30) ? uint64_t{1} << r_.Below(64) : 0);
    if (roll < 45) return choice_.Value();  // zero-extended 32-bit edge values
    if (roll < 55) return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(
        choice_.Value())));
    return r_.Next();
  }

  void InitState() {
    for (int r = 0; r < 16; ++r) {
      const uint32_t roll = r_.Below(100);
      if (roll < 25) {
        p_.init.gpr[r] = choice_.DataPointer(8);
      } else if (r == kEcx && roll < 60) {
        p_.init.gpr[r] = r_.Pick(kShiftCounts);
      } else {
        p_.init.gpr[r] = Value64();
      }
    }
    const uint32_t roll = r_.Below(100);
    if (roll < 5) {
      p_.init.gpr[kEsp] = kFuzzDataAddr + kFuzzDataSize;
    } else {
      p_.init.gpr[kEsp] = kFuzzDataAddr + 64 + (r_.Below(kFuzzDataSize - 64) & ~7u);
    }
    p_.init.gpr[kR14] = kFuzzDataAddr + r_.Below(kFuzzDataSize);
    p_.init.gpr[kR15] = r_.Below(r_.Percent(50) ? 16 : 256);
    p_.init.rflags = r_.U32() & kFuzzArithFlags;
    if (r_.Percent(25)) p_.init.rflags |= kFlagDf;
    RandomSseState(r_, &p_.sse, [this] { return Value64(); });
    for (uint32_t run = 0; run < kFuzzDataSize; run += 64) {
      const uint32_t kind = r_.Below(100);
      for (uint32_t i = run; i < run + 64; i += 8) {
        const uint64_t v = kind < 55 ? r_.Next() : kind < 70 ? 0 : kind < 80 ? ~0ull : Value64();
        for (int b = 0; b < 8; ++b) p_.data[i + b] = static_cast<uint8_t>(v >> (8 * b));
      }
    }
  }

  // A register that explicit operands may name (not RSP, R14, R15; byte 4-7 without REX are
  // AH..BH and fine).
  uint8_t FreeRegister() {
    for (;;) {
      const auto r = static_cast<uint8_t>(r_.Below(16));
      if (!IsPinned64(r)) return r;
    }
  }

  // LEA r64, [R14 + disp32]: sets a register to a data page address (SDM Vol. 2A, LEA).
  GenInsn LeaData(int reg, uint64_t address) {
    GenInsn g = PlainInsn(Op::LEA, 0x8D);
    g.has_modrm = true;
    g.mem = true;
    g.rex = 8;
    g.reg = static_cast<uint8_t>(reg);
    g.m.base = kR14;
    g.m.disp = static_cast<uint32_t>(address - p_.init.gpr[kR14]);
    g.m.disp_size = 4;
    return g;
  }
  // A data page address for an access of `size` bytes; now and then one that faults.
  uint64_t Target(uint32_t size, bool* fault) {
    *fault = r_.Percent(options_.fault_percent);
    if (*fault) {
      switch (r_.Below(4)) {
        case 0: return kFuzzDataAddr - 1 - r_.Below(size);
        case 1: return kFuzzDataAddr + kFuzzDataSize - size + 1 + r_.Below(size);
        case 2: return kFuzzDataAddr + kFuzzDataSize + r_.Below(kFuzzPageSize - size);
        default: return kFuzzCodeAddr + r_.Below(kFuzzPageSize - size);  // writes fault
      }
    }
    const uint32_t room = kFuzzDataSize - size;
    const uint32_t roll = r_.Below(100);
    const uint64_t t = roll < 8    ? kFuzzDataAddr + r_.Below(16)
                       : roll < 16 ? kFuzzDataAddr + room - r_.Below(16)
                                   : kFuzzDataAddr + r_.Below(room + 1);
    return MostlyAligned(r_, t, size);
  }

  // Addressing forms that reach `ea` from the values the analysis knows.
  void Address(GenInsn& g, uint64_t ea) {
    const AbsState64& st = an_.state();
    MemRef m;
    const uint32_t roll = r_.Below(100);
    auto disp_from = [&](uint64_t base) { return static_cast<uint32_t>(ea - base); };
    if (roll < 30) {
      m.rip_rel = true;
      m.disp = static_cast<uint32_t>(ea);
    } else if (roll < 55) {
      m.base = kR14;
      m.disp = disp_from(*st.val[kR14]);
    } else if (roll < 70) {
      m.base = kR14;
      m.index = kR15;
      m.scale = static_cast<uint8_t>(r_.Below(4));
      m.disp = disp_from(*st.val[kR14] + (*st.val[kR15] << m.scale));
    } else if (roll < 90) {
      // Any register whose value is known and near enough for a disp32.
      int known[16], n = 0;
      for (int r = 0; r < 16; ++r) {
        if (st.val[r] && *st.val[r] - ea + 0x7FFFFFFFull < 0xFFFFFFFFull) known[n++] = r;
      }
      const int base = known[r_.Below(static_cast<uint32_t>(n))];  // R14 is always there
      m.base = static_cast<uint8_t>(base);
      m.disp = disp_from(*st.val[base]);
    } else {
      m.disp = static_cast<uint32_t>(ea);  // [disp32] through a SIB byte without base
      m.force_sib = true;
    }
    if (!m.rip_rel && m.base != kNoReg) {
      const auto d = static_cast<int32_t>(m.disp);
      m.disp_size = (d == 0 && r_.Percent(50)) ? 0 : (d >= -128 && d <= 127) ? 1 : 4;
    }
    if (!m.rip_rel && m.base == kNoReg && m.index == kNoReg) m.force_sib = true;
    m.force_sib = m.force_sib || r_.Percent(5);
    g.m = m;
    // A 32-bit address size changes nothing below 4 GiB (SDM Vol. 2A, 2.2.1.3).
    if (r_.Percent(4)) g.p67 = true;
    if (r_.Percent(5)) g.seg = r_.Pick({kEs, kCs, kSs, kDs});  // ignored in 64-bit mode
  }

  bool Propose(std::vector<GenInsn>* out);
  bool ProposeSse(std::vector<GenInsn>* out);
  void ProposeString(GenInsn& g, std::vector<GenInsn>* out);

  Rng& r_;
  GenOptions options_;
  OperandChoice choice_;
  Program64 p_;
  Analyzer64 an_;
};

void Generator64::ProposeString(GenInsn& g, std::vector<GenInsn>* out) {
  const AbsState64& st = an_.state();
  const bool compares = g.op == Op::CMPS_b || g.op == Op::CMPS_v || g.op == Op::SCAS_b ||
                        g.op == Op::SCAS_v;
  if (r_.Percent(50)) g.rep = (compares && r_.Percent(50)) ? 0xF2 : 0xF3;
  uint64_t n = 1;
  if (g.rep) {
    const auto rcx = st.val[kEcx];
    if (rcx && *rcx <= 16) {
      n = *rcx;
    } else {
      n = r_.Percent(15) ? r_.Below(2) : r_.Below(17);
      out->push_back(MovImm32(kEcx, static_cast<uint32_t>(n)));
    }
  }
  int df = st.df;
  if (df < 0 || r_.Percent(5)) {
    df = static_cast<int>(r_.Below(2));
    out->push_back(PlainInsn(df ? Op::STD : Op::CLD, df ? 0xFD : 0xFC));
  }
  const uint64_t size = static_cast<uint64_t>(OperandSize(g));
  const uint64_t span = (n == 0 ? 1 : n) * size;
  const bool src = g.op == Op::MOVS_b || g.op == Op::MOVS_v || g.op == Op::CMPS_b ||
                   g.op == Op::CMPS_v || g.op == Op::LODS_b || g.op == Op::LODS_v;
  const bool dst = g.op != Op::LODS_b && g.op != Op::LODS_v;
  auto prepare = [&](int reg) {
    const uint64_t start = kFuzzDataAddr + r_.Below(static_cast<uint32_t>(kFuzzDataSize - span + 1)) +
                           (df ? span - size : 0);
    out->push_back(LeaData(reg, start));
  };
  if (src) prepare(kEsi);
  if (dst) prepare(kEdi);
}

// An SSE form with XMM0-15 (REX.R and REX.B), on memory anywhere the 64-bit addressing forms
// reach; one in four names a general register (SseGprForms), which REX.W often widens to 64
// bits (MOVQ, PEXTRQ, PINSRQ, CVTSI2SS r/m64, CVTSS2SI r64...). A general register it writes
// is never RSP, R14 or R15.
bool Generator64::ProposeSse(std::vector<GenInsn>* out) {
  const bool gpr = r_.Percent(25);
  GenInsn g;
  if (!SseForm(r_, choice_, gpr ? SseGprForms() : SseForms(), options_.skip_ops, 16, &g)) {
    return false;
  }
  if (r_.Percent(gpr ? 40 : 10)) g.rex |= 8;  // REX.W changes none of the XMM-only forms
  if (g.operands[0] == 'G') g.reg = FreeRegister();
  if (g.operands[0] == 'E' && !g.mem) g.rm = FreeRegister();
  if (g.mem) {
    bool fault = false;
    Address(g, Target(SseMemoryOf(g).size, &fault));
  }
  out->push_back(g);
  return true;
}

bool Generator64::Propose(std::vector<GenInsn>* out) {
  if (r_.Percent(options_.sse_percent)) return ProposeSse(out);
  const Template* picked = PickTemplate(r_, options_.skip_ops);
  if (!picked || !ValidIn64(picked->op)) return false;
  const Template& t = *picked;
  GenInsn g = FromTemplate(t);
  const int index = static_cast<int>(p_.insns.size());
  const bool byte = IsByteOp(g.op);

  if (!byte && g.op != Op::CMPXCHG8B && r_.Percent(40)) g.rex |= 8;  // REX.W
  if (Allows66(g.op) && !(g.rex & 8) && r_.Percent(15)) g.p66 = true;
  FillImmediates(g, r_, choice_);

  const std::string_view ops = g.operands;
  const bool has_z = ops.find('Z') != std::string_view::npos;
  if (has_z) {
    const uint8_t reg = FreeRegister();
    g.opcode = static_cast<uint8_t>((g.opcode & ~7) | (reg & 7));
    g.opreg_ext = reg >= 8;
    if (g.op == Op::MOV_ZvIv && (g.rex & 8)) {
      g.imm_size = 8;
      g.imm_hi = static_cast<uint32_t>(Value64() >> 32);
    }
  }
  g.has_modrm = ops.find('E') != std::string_view::npos ||
                ops.find('G') != std::string_view::npos || ops.find('M') != std::string_view::npos;
  if (g.has_modrm) {
    g.reg = t.reg >= 0 ? static_cast<uint8_t>(t.reg) : FreeRegister();
    const bool mem_only = (g.attrs & kMem) || ops.find('M') != std::string_view::npos;
    const bool has_e = ops.find('E') != std::string_view::npos;
    g.mem = mem_only || (has_e && r_.Percent(45));
    if (!g.mem) {
      g.rm = FreeRegister();
    } else if (g.op == Op::LEA || g.op == Op::NOP) {
      Address(g, r_.Percent(80) ? kFuzzDataAddr + r_.Below(kFuzzDataSize) : Value64() >> 40);
    } else {
      bool fault = false;
      const uint64_t ea = Target(MemorySize64(g), &fault);
      Address(g, ea);
    }
  } else if (g.moffs) {
    bool fault = false;
    g.m = MemRef{};
    g.m.disp = static_cast<uint32_t>(Target(static_cast<uint32_t>(OperandSize(g)), &fault));
    g.moffs_size = 8;
    if (r_.Percent(10)) {
      g.p67 = true;
      g.moffs_size = 4;
    }
  }
  // Byte registers 4-7: AH..BH, or with any REX prefix SPL..DIL (SDM Vol. 2A, 2.2.1.2).
  if (byte && r_.Percent(30)) g.rex |= 0x40;
  if (g.mem && (g.attrs & kLock) && r_.Percent(15)) g.lock = true;
  if (r_.Percent(1) && r_.Percent(30)) g.lock = true;  // #UD unless lockable

  switch (g.op) {
    case Op::JCC_Jb: case Op::JCC_Jz: case Op::JMP_Jb: case Op::JMP_Jz: case Op::CALL_Jz:
    case Op::LOOP: case Op::LOOPE: case Op::LOOPNE: case Op::JCXZ:
      AimForward(g, r_, index);
      break;
    case Op::DIV_Eb: case Op::DIV_Ev: case Op::IDIV_Eb: case Op::IDIV_Ev:
      // Usually extend the dividend first (SDM Vol. 2A, DIV/IDIV): MOV AH/EDX, 0 or
      // CBW/CWD/CDQ/CQO at the divide's size.
      if (r_.Percent(60)) out->push_back(DividendExtension(g));
      break;
    default:
      if (IsStringOp(g.op)) ProposeString(g, out);
      break;
  }
  AppendProposed(g, out);
  return true;
}

}  // namespace

Program64 Generate64(Rng& rng, const GenOptions& options) {
  Generator64 gen(rng, options);
  return gen.Run();
}

}  // namespace m86::fuzz
