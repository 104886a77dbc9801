// The sequence generator: random initial state, then instructions proposed one at a time and
// kept only when the analysis accepts them.
#include "generator.h"

#include <string_view>

#include "analysis.h"
#include "catalog.h"
#include "operand_choice.h"
#include "sse_operands.h"

namespace m86::fuzz {

bool IsStringOp(Op op) {
  switch (op) {
    case Op::MOVS_b: case Op::MOVS_v: case Op::CMPS_b: case Op::CMPS_v: case Op::STOS_b:
    case Op::STOS_v: case Op::LODS_b: case Op::LODS_v: case Op::SCAS_b: case Op::SCAS_v:
      return true;
    default:
      return false;
  }
}

// Branches are excluded (a 16-bit operand size truncates EIP), and so are BSWAP (undefined),
// ENTER/LEAVE and CMPXCHG8B.
bool Allows66(Op op) {
  switch (op) {
    case Op::JCC_Jb: case Op::JCC_Jz: case Op::JMP_Jb: case Op::JMP_Jz: case Op::CALL_Jz:
    case Op::LOOP: case Op::LOOPE: case Op::LOOPNE: case Op::JCXZ: case Op::BSWAP:
    case Op::ENTER: case Op::LEAVE: case Op::CMPXCHG8B:
      return false;
    default:
      return !IsByteOp(op);
  }
}

GenInsn FromTemplate(const Template& t) {
  GenInsn g;
  g.op = t.op;
  g.map = t.map;
  g.opcode = t.opcode;
  g.operands = t.operands;
  g.attrs = t.attrs;
  return g;
}

const Template* PickTemplate(Rng& r, const std::vector<Op>& skip_ops) {
  uint32_t roll = r.Below(CatalogWeight());
  for (const OpEntry& e : Catalog()) {
    if (roll >= e.weight) {
      roll -= e.weight;
      continue;
    }
    for (Op skip : skip_ops) {
      if (skip == e.op) return nullptr;
    }
    return &e.forms[r.Below(static_cast<uint32_t>(e.forms.size()))];
  }
  return nullptr;
}

void FillImmediates(GenInsn& g, Rng& r, OperandChoice& choice) {
  const int s = OperandSize(g);
  std::string_view ops = g.operands;
  while (!ops.empty()) {
    const size_t comma = ops.find(',');
    const std::string_view tok = ops.substr(0, comma);
    ops = comma == std::string_view::npos ? std::string_view() : ops.substr(comma + 1);
    if (tok.size() < 2) continue;
    const char size_code = tok[1];
    if (tok[0] == 'I') {
      const uint8_t size = size_code == 'b' ? 1 : size_code == 'w' ? 2 : (s == 2 ? 2 : 4);
      if (g.imm_size == 0) {
        g.imm_size = size;
        g.imm = choice.Immediate(size);
      } else {
        g.imm2_size = size;
        g.imm2 = choice.Immediate(size);
      }
    } else if (tok[0] == 'J') {
      g.rel_size = size_code == 'b' ? 1 : 4;
    } else if (tok[0] == 'O') {
      g.moffs = true;
    }
  }
  // Operation-specific immediates.
  switch (g.op) {
    case Op::SHIFT_EbIb: case Op::SHIFT_EvIb: case Op::SHLD_Ib: case Op::SHRD_Ib:
      g.imm = r.Percent(75) ? r.Pick(kShiftCounts) : r.Below(256);
      break;
    case Op::AAM: case Op::AAD:
      g.imm = r.Percent(60) ? 10 : r.Percent(5) ? 0 : r.Below(256);
      break;
    case Op::ENTER: {
      constexpr uint32_t kSizes[] = {0, 0, 4, 8, 12, 16, 32, 64, 3};
      g.imm = r.Percent(80) ? r.Pick(kSizes) : r.Below(128);
      g.imm2 = r.Below(3) | (r.Percent(5) ? 0x20u : 0u);  // bits 5-7 are ignored
      break;
    }
    default:
      break;
  }
}

void AimForward(GenInsn& g, Rng& r, int index) {
  if ((g.op == Op::LOOP || g.op == Op::LOOPE || g.op == Op::LOOPNE || g.op == Op::JCXZ) &&
      r.Percent(20)) {
    g.p67 = true;
  }
  g.target = index + 1 + static_cast<int>(r.Below(5));
}

void AppendProposed(GenInsn g, std::vector<GenInsn>* out) {
  if (g.rel_size != 0 && g.target >= 0) g.target += static_cast<int>(out->size());
  out->push_back(g);
}

GenInsn PlainInsn(Op op, uint8_t opcode) {
  const Template* t = FindTemplate(op, 0, opcode);
  GenInsn g;
  g.op = op;
  g.opcode = opcode;
  g.operands = t ? t->operands : "";
  g.attrs = t ? t->attrs : 0;
  return g;
}

GenInsn MovImm32(int reg, uint32_t value) {
  GenInsn g = PlainInsn(Op::MOV_ZvIv, static_cast<uint8_t>(0xB8 + (reg & 7)));
  g.opreg_ext = reg >= 8;
  g.imm_size = 4;
  g.imm = value;
  return g;
}

GenInsn DividendExtension(const GenInsn& div) {
  const bool is_signed = div.op == Op::IDIV_Eb || div.op == Op::IDIV_Ev;
  GenInsn g;
  if (div.op == Op::DIV_Eb || div.op == Op::IDIV_Eb) {
    if (is_signed) return PlainInsn(Op::CBW, 0x98);  // AX = sext(AL)
    g = PlainInsn(Op::MOV_ZbIb, 0xB4);               // MOV AH, 0
    g.imm_size = 1;
    return g;
  }
  if (is_signed) {
    g = PlainInsn(Op::CWD, 0x99);  // CWD, CDQ, or CQO with REX.W
    g.rex = div.rex & 8;
  } else {
    g = MovImm32(kEdx, 0);  // in 64-bit mode zero-extended to RDX
    if (div.p66) g.imm_size = 2;
  }
  g.p66 = div.p66;
  return g;
}

bool SseForm(Rng& r, OperandChoice& choice, const std::vector<Template>& forms,
             const std::vector<Op>& skip_ops, int regs, GenInsn* g) {
  const Template& t = forms[r.Below(static_cast<uint32_t>(forms.size()))];
  for (Op skip : skip_ops) {
    if (skip == t.op) return false;
  }
  *g = FromTemplate(t);
  g->has_modrm = true;
  const auto n = static_cast<uint32_t>(regs);
  g->reg = t.reg >= 0 ? static_cast<uint8_t>(t.reg) : static_cast<uint8_t>(r.Below(n));
  g->rm = static_cast<uint8_t>(r.Below(n));
  const SseMemory m = SseMemoryOf(*g);
  g->mem = m.required || (m.allowed && r.Percent(40));
  FillImmediates(*g, r, choice);
  return true;
}

namespace {

class Generator {
 public:
  Generator(Rng& rng, const GenOptions& options)
      : r_(rng), options_(options), choice_(rng), an_(FuzzRegs{}) {}

  Program Run() {
    InitState();
    an_ = Analyzer(p_.init);
    const int wanted = 1 + static_cast<int>(r_.Below(static_cast<uint32_t>(options_.max_insns)));
    GrowSequence(
        r_, wanted, &an_, &p_.insns,
        [this](std::vector<GenInsn>* proposal) { return Propose(proposal); },
        [](const AbsState& st) {
          // Keep the stack in the data page so that later pushes stay possible.
          const auto esp = st.Get(kEsp);
          return esp && *esp >= kFuzzDataAddr && *esp <= kFuzzDataAddr + kFuzzDataSize;
        });
    return std::move(p_);
  }

 private:
  void InitState() {
    uint32_t* regs[8] = {&p_.init.eax, &p_.init.ecx, &p_.init.edx, &p_.init.ebx,
                         &p_.init.esp, &p_.init.ebp, &p_.init.esi, &p_.init.edi};
    for (int reg = 0; reg < 8; ++reg) {
      const uint32_t roll = r_.Below(100);
      uint32_t v;
      if (roll < 35) {
        v = choice_.DataPointer(4);
      } else if (reg == kEcx && roll < 65) {
        v = r_.Pick(kShiftCounts);
      } else {
        v = choice_.Value();
      }
      *regs[reg] = v;
    }
    // The stack lives in the data page; sometimes right at its ends.
    const uint32_t roll = r_.Below(100);
    if (roll < 5) {
      p_.init.esp = kFuzzDataAddr + kFuzzDataSize;
    } else if (roll < 10) {
      p_.init.esp = kFuzzDataAddr + r_.Below(16);
    } else {
      p_.init.esp = kFuzzDataAddr + 64 + (r_.Below(kFuzzDataSize - 64) & (roll < 20 ? ~0u : ~3u));
    }
    p_.init.eflags = r_.U32() & kFuzzArithFlags;
    if (r_.Percent(25)) p_.init.eflags |= kFlagDf;
    RandomSseState(r_, &p_.sse, [this] {
      if (r_.Percent(50)) return r_.Next();
      const uint64_t high = choice_.Value();  // two edge-biased doublewords, in this order
      return high << 32 | choice_.Value();
    });
    // The data page: 64-byte runs of random bytes, zeros, ones, or edge values.
    for (uint32_t run = 0; run < kFuzzDataSize; run += 64) {
      const uint32_t kind = r_.Below(100);
      for (uint32_t i = run; i < run + 64; i += 4) {
        uint32_t v = kind < 55 ? r_.U32() : kind < 70 ? 0 : kind < 80 ? ~0u : choice_.Value();
        for (int b = 0; b < 4; ++b) p_.data[i + b] = static_cast<uint8_t>(v >> (8 * b));
      }
    }
  }

  bool Propose(std::vector<GenInsn>* out);
  void ProposeString(GenInsn& g, std::vector<GenInsn>* out);

  Rng& r_;
  GenOptions options_;
  OperandChoice choice_;
  Program p_;
  Analyzer an_;
};

void Generator::ProposeString(GenInsn& g, std::vector<GenInsn>* out) {
  const AbsState& st = an_.state();
  const bool compares = g.op == Op::CMPS_b || g.op == Op::CMPS_v || g.op == Op::SCAS_b ||
                        g.op == Op::SCAS_v;
  if (r_.Percent(50)) g.rep = (compares && r_.Percent(50)) ? 0xF2 : 0xF3;
  if (r_.Percent(3)) g.p67 = true;  // SI/DI below 64 KiB: faults, CX counts
  if (r_.Percent(8)) g.seg = r_.Pick({kEs, kCs, kSs, kDs});
  uint32_t n = 1;
  if (g.rep) {
    const auto cx = st.Get(kEcx);
    const uint32_t mask = g.p67 ? 0xFFFF : 0xFFFFFFFF;
    if (cx && (*cx & mask) <= 16) {
      n = *cx & mask;
    } else if (r_.Percent(85)) {
      n = r_.Percent(15) ? r_.Below(2) : r_.Below(17);
      out->push_back(MovImm32(kEcx, n));
    }
  }
  int df = st.df;
  if (df < 0 || r_.Percent(5)) {
    df = static_cast<int>(r_.Below(2));
    out->push_back(PlainInsn(df ? Op::STD : Op::CLD, df ? 0xFD : 0xFC));
  }
  if (g.p67) return;
  const uint32_t size = static_cast<uint32_t>(OperandSize(g));
  const uint32_t span = (n == 0 ? 1 : n) * size;
  const bool reads_src = g.op == Op::MOVS_b || g.op == Op::MOVS_v || g.op == Op::CMPS_b ||
                         g.op == Op::CMPS_v || g.op == Op::LODS_b || g.op == Op::LODS_v;
  const bool uses_dst = g.op != Op::LODS_b && g.op != Op::LODS_v;
  auto prepare = [&](int reg) {
    const auto v = st.Get(reg);
    // Lowest and highest byte the walk touches from a start at v.
    auto fits = [&](uint32_t start) {
      const uint32_t lo = df ? start - (span - size) : start;
      return lo >= kFuzzDataAddr && lo + span <= kFuzzDataAddr + kFuzzDataSize;
    };
    if (v && fits(*v) && !r_.Percent(10)) return;
    uint32_t start;
    if (r_.Percent(3)) {
      start = df ? kFuzzDataAddr + r_.Below(span) : kFuzzDataAddr + kFuzzDataSize - r_.Below(span) - 1;
    } else {
      start = kFuzzDataAddr + r_.Below(kFuzzDataSize - span + 1) + (df ? span - size : 0);
    }
    out->push_back(MovImm32(reg, start));
  };
  if (reads_src) prepare(kEsi);
  if (uses_dst) prepare(kEdi);
}

bool Generator::Propose(std::vector<GenInsn>* out) {
  if (r_.Percent(options_.sse_percent)) {
    GenInsn g;
    if (!SseForm(r_, choice_, SseForms(), options_.skip_ops, 8, &g)) return false;
    if (g.mem && !choice_.Memory(g, an_.state(), options_.fault_percent)) return false;
    out->push_back(g);
    return true;
  }
  const Template* picked = PickTemplate(r_, options_.skip_ops);
  if (!picked) return false;
  const Template& t = *picked;
  GenInsn g = FromTemplate(t);
  const AbsState& st = an_.state();
  const int index = static_cast<int>(p_.insns.size());

  if (Allows66(g.op) && r_.Percent(20)) g.p66 = true;
  if (!Allows66(g.op) && IsByteOp(g.op) && r_.Percent(2)) g.p66 = true;  // ignored prefix
  FillImmediates(g, r_, choice_);

  std::string_view ops = g.operands;
  g.has_modrm = ops.find('E') != std::string_view::npos ||
                ops.find('G') != std::string_view::npos || ops.find('M') != std::string_view::npos;
  if (g.has_modrm) {
    g.reg = t.reg >= 0 ? static_cast<uint8_t>(t.reg) : static_cast<uint8_t>(r_.Below(8));
    const bool mem_only = (g.attrs & kMem) || ops.find('M') != std::string_view::npos;
    const bool has_e = ops.find('E') != std::string_view::npos;
    g.mem = mem_only || (has_e && r_.Percent(45));
    if (!g.mem) {
      g.rm = static_cast<uint8_t>(r_.Below(8));
    } else if (g.op == Op::LEA || g.op == Op::NOP) {
      choice_.AnyAddress(g, st);  // no memory access: anything goes
    } else if (!choice_.Memory(g, st, options_.fault_percent)) {
      return false;
    }
  } else if (g.moffs) {
    if (!choice_.Moffs(g, options_.fault_percent)) return false;
  }
  if (g.mem && (g.attrs & kLock) && r_.Percent(15)) g.lock = true;
  if (r_.Percent(1) && r_.Percent(30)) g.lock = true;  // #UD unless lockable

  switch (g.op) {
    case Op::JCC_Jb: case Op::JCC_Jz: case Op::JMP_Jb: case Op::JMP_Jz: case Op::CALL_Jz:
    case Op::LOOP: case Op::LOOPE: case Op::LOOPNE: case Op::JCXZ:
      AimForward(g, r_, index);
      break;
    case Op::XLAT: {
      const auto bx = st.Get(kEbx);
      if ((!bx || *bx < kFuzzDataAddr || *bx > kFuzzDataAddr + kFuzzDataSize - 256) &&
          r_.Percent(85)) {
        out->push_back(MovImm32(kEbx, kFuzzDataAddr + r_.Below(kFuzzDataSize - 256)));
      }
      break;
    }
    case Op::LEAVE: case Op::ENTER: {
      const auto bp = st.Get(kEbp);
      const bool needs = g.op == Op::LEAVE || (g.imm2 & 0x1F) >= 2;
      if (needs && (!bp || *bp < kFuzzDataAddr + 8 || *bp > kFuzzDataAddr + kFuzzDataSize - 4) &&
          r_.Percent(85)) {
        const uint32_t esp = *st.Get(kEsp);
        uint32_t v = esp + (r_.Below(64) & ~3u);
        if (v < kFuzzDataAddr + 8 || v > kFuzzDataAddr + kFuzzDataSize - 4) {
          v = kFuzzDataAddr + 8 + (r_.Below(kFuzzDataSize - 12) & ~3u);
        }
        out->push_back(MovImm32(kEbp, v));
      }
      break;
    }
    case Op::DIV_Eb: case Op::DIV_Ev: case Op::IDIV_Eb: case Op::IDIV_Ev:
      // Random dividends overflow the quotient most of the time (#DE ends the sequence):
      // usually extend the dividend first, as compilers do, so the divide can complete.
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

Program Generate(Rng& rng, const GenOptions& options) {
  Generator gen(rng, options);
  return gen.Run();
}

}  // namespace m86::fuzz
