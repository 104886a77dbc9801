// The 64-bit analysis: abstract execution of each generated operation (SDM Vol. 2, the
// "Operation" and "64-Bit Mode" parts of each instruction) reduced to known register values,
// the memory ranges touched, RSP and the status flags.
#include "analysis64.h"

#include <string_view>

#include "catalog.h"
#include "flag_rules.h"
#include "generator.h"
#include "analysis_sse.h"
#include "sse_operands.h"

namespace m86::fuzz {
namespace {

using Val = std::optional<uint64_t>;

// Operations whose E operand, in register form, is only read.
bool ReadsOnlyE(const GenInsn& g) {
  switch (g.op) {
    case Op::ALU_EbGb: case Op::ALU_EvGv: return ((g.opcode >> 3) & 7) == 7;  // CMP
    case Op::GRP1_EbIb: case Op::GRP1_EvIz: case Op::GRP1_EvIb: return g.reg == 7;
    case Op::BT_GRP8: return g.reg == 4;
    case Op::TEST_EbGb: case Op::TEST_EvGv: case Op::TEST_EbIb: case Op::TEST_EvIz:
    case Op::PUSH_Ev: case Op::BT_EvGv: case Op::MUL_Eb: case Op::MUL_Ev: case Op::IMUL_Eb:
    case Op::IMUL_Ev: case Op::DIV_Eb: case Op::DIV_Ev: case Op::IDIV_Eb: case Op::IDIV_Ev:
      return true;
    default:
      // Forms with a G destination read E: MOV Gv,Ev, MOVZX, CMOV, BSF, IMUL Gv,Ev...
      return std::string_view(g.operands).substr(0, 1) == "G";
  }
}

// Operations whose G operand is only read.
bool ReadsOnlyG(Op op) {
  switch (op) {
    case Op::ALU_EbGb: case Op::ALU_EvGv: case Op::TEST_EbGb: case Op::TEST_EvGv:
    case Op::MOV_EbGb: case Op::MOV_EvGv: case Op::BT_EvGv: case Op::BTS_EvGv:
    case Op::BTR_EvGv: case Op::BTC_EvGv: case Op::CMPXCHG_EbGb: case Op::CMPXCHG_EvGv:
    case Op::SHLD_Ib: case Op::SHLD_CL: case Op::SHRD_Ib: case Op::SHRD_CL:
      return true;
    default:
      return false;
  }
}

struct Ctx64 {
  const GenInsn& g;
  AbsState64& st;
  StepOut out;

  void Raise(Verdict v, const char* why) { out.Raise(v, why); }
  void Reject(const char* why) { Raise(Verdict::kReject, why); }

  // The register an operand number names: without any REX prefix, byte registers 4-7 are
  // AH CH DH BH (SDM Vol. 2A, 2.2.1.2, Table 3-1).
  int Gpr(int r, bool byte) const {
    return (byte && r >= 4 && r < 8 && RexByte(g) == 0) ? (r & 3) : r;
  }
  void Written(int r, bool byte, bool explicit_operand) {
    const int gpr = Gpr(r, byte);
    if (explicit_operand && IsPinned64(gpr)) Reject("writes an address register");
    st.val[gpr].reset();
  }

  // SDM Vol. 2A, 2.2.1.3 (displacement sign-extended to 64 bits) and 2.2.1.6 (RIP-relative:
  // the generator stores the absolute target).
  Val Address() const {
    const MemRef& m = g.m;
    if (m.rip_rel) return uint64_t{m.disp};
    uint64_t sum = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(
        EffectiveDisp(m))));
    if (m.base != kNoReg) {
      if (!st.val[m.base]) return std::nullopt;
      sum += *st.val[m.base];
    }
    if (m.index != kNoReg) {
      if (!st.val[m.index]) return std::nullopt;
      sum += *st.val[m.index] << m.scale;
    }
    return g.p67 ? (sum & 0xFFFFFFFFu) : sum;
  }
  // In 64-bit mode ES, CS, SS and DS have base 0 and no limit check (SDM Vol. 3A, 3.2.4), so
  // those overrides change nothing; FS and GS are the host's thread pointers.
  void Access(Val addr, uint64_t size, bool write) {
    if (g.seg == kFs || g.seg == kGs) return Reject("FS/GS: host TLS segments");
    if (!addr) return Reject("address not known");
    if (*addr + size > (uint64_t{1} << 32)) return Reject("access above 4 GiB");
    const Verdict v = ClassifyRange(static_cast<uint32_t>(*addr), static_cast<uint32_t>(size),
                                    write);
    Raise(v, v == Verdict::kReject ? "access outside the data page" : "faulting access");
  }
  void MemAccess(uint64_t size, bool write) { Access(Address(), size, write); }

  void Push(int size) {
    const Val rsp = st.val[kEsp];
    if (!rsp) return Reject("RSP not known");
    Access(*rsp - size, size, true);
    st.val[kEsp] = *rsp - size;
  }
  void Pop(int size) {
    const Val rsp = st.val[kEsp];
    if (!rsp) return Reject("RSP not known");
    Access(*rsp, size, false);
    st.val[kEsp] = *rsp + size;
  }
  void Branch(bool conditional) {
    out.branch = true;
    out.falls_through = conditional;
  }
};

// MOVS CMPS STOS LODS SCAS with or without REP (SDM Vol. 2B, REP/REPE/REPNE): RSI and RDI
// walk `count` elements in the direction DF gives.
void String64(Ctx64& c, std::optional<uint32_t>* count) {
  const GenInsn& g = c.g;
  uint64_t n = 1;
  if (g.rep) {
    const Val rcx = c.st.val[kEcx];
    if (!rcx) return c.Reject("REP count not known");
    n = g.p67 ? (*rcx & 0xFFFFFFFFu) : *rcx;
    if (n > 64) return c.Reject("REP count too large");
    *count = static_cast<uint32_t>(n);
  }
  if (c.st.df < 0) return c.Reject("DF not known");
  const uint64_t size = static_cast<uint64_t>(OperandSize(g));
  const bool src = g.op == Op::MOVS_b || g.op == Op::MOVS_v || g.op == Op::CMPS_b ||
                   g.op == Op::CMPS_v || g.op == Op::LODS_b || g.op == Op::LODS_v;
  const bool dst = g.op != Op::LODS_b && g.op != Op::LODS_v;
  const bool store = g.op == Op::MOVS_b || g.op == Op::MOVS_v || g.op == Op::STOS_b ||
                     g.op == Op::STOS_v;
  auto walk = [&](int reg, bool write, bool may_override) {
    const Val start = c.st.val[reg];
    if (n == 0) return;
    if (!start) return c.Reject("string pointer not known");
    const uint64_t first = g.p67 ? (*start & 0xFFFFFFFFu) : *start;
    const uint64_t lo = c.st.df ? first - (n - 1) * size : first;
    // Only the source takes a segment override; ES (base 0 here) is fixed for the destination.
    if (!may_override && (g.seg == kFs || g.seg == kGs)) return;
    c.Access(lo, n * size, write);
  };
  if (src) walk(kEsi, false, true);
  if (dst) walk(kEdi, store, false);
  c.Written(kEsi, false, false);
  c.Written(kEdi, false, false);
  if (g.rep) c.Written(kEcx, false, false);
  if (g.op == Op::LODS_b || g.op == Op::LODS_v) c.Written(kEax, false, false);
}

}  // namespace

bool ValidIn64(Op op) {
  switch (op) {
    case Op::PUSHA: case Op::POPA: case Op::BOUND: case Op::DAA: case Op::DAS: case Op::AAA:
    case Op::AAS: case Op::AAM: case Op::AAD: case Op::SALC: case Op::INTO: case Op::INC_Zv:
    case Op::DEC_Zv: case Op::XLAT: case Op::ENTER: case Op::LEAVE:
      return false;
    default:
      return true;
  }
}

int StackSize64(const GenInsn& g) { return g.p66 ? 2 : 8; }

uint32_t MemorySize64(const GenInsn& g) {
  if (IsSseOp(g.op)) return SseMemoryOf(g).size;
  switch (g.op) {
    case Op::CMPXCHG8B: return 8;
    case Op::MOVZX_GvEb: case Op::MOVSX_GvEb: case Op::SETCC: return 1;
    case Op::MOVZX_GvEw: case Op::MOVSX_GvEw: return 2;
    case Op::PUSH_Ev: case Op::POP_Ev: return static_cast<uint32_t>(StackSize64(g));
    default: return static_cast<uint32_t>(OperandSize(g));
  }
}

Analyzer64::Analyzer64(const FuzzRegs64& init) {
  for (int r = 0; r < 16; ++r) st_.val[r] = init.gpr[r];
  st_.df = (init.rflags & kFlagDf) ? 1 : 0;
}

namespace {

StepOut Step64(const GenInsn& g, AbsState64& st) {
  Ctx64 c{g, st, {}};
  const int s = OperandSize(g);
  const bool byte = IsByteOp(g.op);
  std::optional<uint32_t> count;
  if (!ValidIn64(g.op)) c.Reject("not valid in 64-bit mode");
  if (g.op == Op::CMPXCHG8B && (g.rex & 8)) c.Reject("CMPXCHG16B needs alignment");
  if (g.lock && !((g.attrs & kLock) && g.mem)) {
    c.Raise(Verdict::kFaults, "#UD: LOCK");
    return c.out;
  }
  // 82 (the alias of 80) is invalid in 64-bit mode (SDM Vol. 2D, Table A-2, note "i64").
  if (g.map == 0 && g.opcode == 0x82) {
    c.Raise(Verdict::kFaults, "#UD: 82 in 64-bit mode");
    return c.out;
  }
  if (g.map >= kMap660F || IsSseOp(g.op)) {
    SseStep(c, g, [&](int r, bool explicit_operand) { c.Written(r, false, explicit_operand); });
    return c.out;
  }
  const std::string_view ops = g.operands;
  const bool has_g = ops.find('G') != std::string_view::npos;
  const int opreg = (g.opcode & 7) | (g.opreg_ext ? 8 : 0);

  // Memory operand (LEA and the multi-byte NOP do not access it).
  if (g.has_modrm && g.mem && g.op != Op::LEA && g.op != Op::NOP && !IsStringOp(g.op)) {
    const bool write = !ReadsOnlyE(g) && g.op != Op::PUSH_Ev && g.op != Op::CMOV;
    const uint32_t size = MemorySize64(g);
    if (g.op == Op::BT_EvGv || g.op == Op::BTS_EvGv || g.op == Op::BTR_EvGv ||
        g.op == Op::BTC_EvGv) {
      c.Reject("BT with a register offset on memory");
    } else if (g.op == Op::POP_Ev) {
      // POP with an RSP-based operand evaluates it after the increment (SDM Vol. 2B, POP).
      if (g.m.base == kEsp || g.m.index == kEsp) c.Reject("POP to an RSP-based operand");
      c.Pop(StackSize64(g));
      c.MemAccess(size, true);
    } else if (g.op == Op::PUSH_Ev) {
      c.MemAccess(size, false);
      c.Push(StackSize64(g));
    } else {
      c.MemAccess(size, write);
    }
  } else if (g.has_modrm && !g.mem && !ReadsOnlyE(g)) {
    c.Written(g.rm, byte, true);
  }
  if (g.has_modrm && has_g && !ReadsOnlyG(g.op) && g.op != Op::LEA) c.Written(g.reg, byte, true);

  switch (g.op) {
    case Op::MOV_ZbIb: c.Written(opreg, true, true); break;
    case Op::MOV_ZvIv: {
      c.Written(opreg, false, true);
      // A 32-bit write zero-extends into bits 63:32 (SDM Vol. 1, 3.4.1.1).
      if (s == 8) st.val[opreg] = (uint64_t{g.imm_hi} << 32) | g.imm;
      if (s == 4) st.val[opreg] = uint64_t{g.imm};
      break;
    }
    case Op::LEA: {
      c.Written(g.reg, false, true);
      const Val ea = c.Address();
      if (ea && s == 8) st.val[g.reg] = *ea;
      if (ea && s == 4) st.val[g.reg] = *ea & 0xFFFFFFFFu;
      break;
    }
    case Op::MOV_ALOb: case Op::MOV_eAXOv: case Op::MOV_ObAL: case Op::MOV_OveAX: {
      const bool store = g.op == Op::MOV_ObAL || g.op == Op::MOV_OveAX;
      c.Access(uint64_t{g.m.disp}, static_cast<uint64_t>(s), store);
      if (!store) c.Written(kEax, false, false);
      break;
    }
    case Op::ALU_ALIb: case Op::ALU_eAXIz:
      if (((g.opcode >> 3) & 7) != 7) c.Written(kEax, false, false);
      break;
    case Op::XCHG_ZveAX:
      c.Written(opreg, false, true);
      c.Written(kEax, false, false);
      break;
    case Op::BSWAP:
      if (s == 2) c.Reject("16-bit BSWAP is undefined");
      c.Written(opreg, false, true);
      break;
    case Op::CBW: case Op::LAHF: c.Written(kEax, false, false); break;
    case Op::CWD: c.Written(kEdx, false, false); break;
    case Op::DIV_Eb: case Op::DIV_Ev: case Op::IDIV_Eb: case Op::IDIV_Ev:
      c.Raise(Verdict::kMayFault, "#DE");
      [[fallthrough]];
    case Op::MUL_Eb: case Op::MUL_Ev: case Op::IMUL_Eb: case Op::IMUL_Ev:
      c.Written(kEax, false, false);
      c.Written(kEdx, false, false);
      break;
    case Op::CMPXCHG_EbGb: case Op::CMPXCHG_EvGv: c.Written(kEax, false, false); break;
    case Op::CMPXCHG8B:
      c.Written(kEax, false, false);
      c.Written(kEdx, false, false);
      break;
    case Op::SHIFT_EbCL: case Op::SHIFT_EvCL: case Op::SHLD_CL: case Op::SHRD_CL:
      if (st.val[kEcx]) count = static_cast<uint32_t>(*st.val[kEcx] & 0xFF);
      break;
    case Op::SHIFT_EbIb: case Op::SHIFT_EvIb: case Op::SHLD_Ib: case Op::SHRD_Ib:
      count = g.imm & 0xFF;
      break;
    case Op::CLD: st.df = 0; break;
    case Op::STD: st.df = 1; break;
    case Op::CLI: case Op::STI: case Op::HLT: c.Raise(Verdict::kFaults, "#GP: privileged"); break;
    case Op::UD2: c.Raise(Verdict::kFaults, "#UD: UD2"); break;
    case Op::PUSHF: case Op::PUSH_Iz: case Op::PUSH_Ib: c.Push(StackSize64(g)); break;
    case Op::PUSH_Zv: c.Push(StackSize64(g)); break;
    case Op::PUSH_Ev:
      if (!g.mem) c.Push(StackSize64(g));
      break;
    case Op::POP_Ev:
      if (!g.mem) c.Pop(StackSize64(g));
      break;
    case Op::POP_Zv:
      c.Pop(StackSize64(g));
      c.Written(opreg, false, true);
      break;
    case Op::JCC_Jb: case Op::JCC_Jz: c.Branch(true); break;
    case Op::JMP_Jb: case Op::JMP_Jz: c.Branch(false); break;
    case Op::CALL_Jz:
      c.Push(8);
      c.Branch(false);
      break;
    case Op::LOOP: case Op::LOOPE: case Op::LOOPNE:
      c.Written(kEcx, false, false);
      c.Branch(true);
      break;
    case Op::JCXZ: c.Branch(true); break;
    default:
      if (IsStringOp(g.op)) String64(c, &count);
      break;
  }
  if ((g.op == Op::SHLD_Ib || g.op == Op::SHRD_Ib || g.op == Op::SHLD_CL ||
       g.op == Op::SHRD_CL) && s == 2 && (!count || (*count & 0x1F) > 16)) {
    c.Reject("16-bit SHxD count > 16");
  }
  const FlagOutcomes flags = FlagsOf(g, count);
  if (flags.Read() & st.undef) c.Reject("reads an undefined flag");
  st.undef = flags.Apply(st.undef);
  if (!st.val[kEsp]) c.Reject("RSP no longer known");
  return c.out;
}

AbsState64 Merge64(const AbsState64& a, const AbsState64& b) {
  if (!a.reachable) return b;
  if (!b.reachable) return a;
  AbsState64 m = a;
  for (int r = 0; r < 16; ++r) {
    if (a.val[r] != b.val[r]) m.val[r].reset();
  }
  m.undef = a.undef | b.undef;
  m.df = a.df == b.df ? a.df : -1;
  return m;
}

}  // namespace

Verdict Analyzer64::Feed(const GenInsn& g, const char** why) {
  const int index = static_cast<int>(undef_before_.size());
  undef_before_.push_back(st_.undef);
  StepOut out = Step64(g, st_);
  if (out.branch && g.target > index) {
    AbsState64 taken = st_;
    pending_.emplace_back(g.target, taken);
  }
  if (!out.falls_through) st_.reachable = false;
  JoinBranches(&pending_, index + 1, &st_, Merge64);
  if (why) *why = out.why;
  return out.verdict;
}

uint32_t Analyzer64::FinalUndef() const {
  AbsState64 s = st_;
  for (const auto& [target, taken] : pending_) s = Merge64(s, taken);
  return s.undef;
}

Analysis64 Analyze(const Program64& p) { return AnalyzeWith(Analyzer64(p.init), p.insns); }

}  // namespace m86::fuzz
