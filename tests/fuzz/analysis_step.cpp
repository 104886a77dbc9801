// Abstract semantics of each whitelisted operation (SDM Vol. 2, the "Operation" section of
// each instruction), reduced to what the fuzzer needs: known register values, the memory
// ranges touched, the stack pointer, and the status flags.
#include <optional>

#include "analysis.h"
#include "analysis_ctx.h"
#include "catalog.h"
#include "flag_rules.h"
#include "analysis_sse.h"

namespace m86::fuzz {
namespace {

using detail::Ctx;
using detail::Mask;
using detail::SignExtend;
using Val = std::optional<uint32_t>;

Val Alu(int alu, int size, Val a, Val b) {
  if (!a || !b) return std::nullopt;
  uint32_t r;
  switch (alu) {
    case 0: r = *a + *b; break;
    case 1: r = *a | *b; break;
    case 4: r = *a & *b; break;
    case 5: r = *a - *b; break;
    case 6: r = *a ^ *b; break;
    default: return std::nullopt;  // ADC SBB need the carry
  }
  return r & Mask(size);
}

// E op= src for the ALU group; CMP (7) only reads.
void AluOnE(Ctx& c, int alu, int size, Val src) {
  if (alu == 7) {
    c.ReadE(size);
    return;
  }
  if (c.g.mem) return c.MemAccess(size, true);
  c.SetReg(c.g.rm, size, Alu(alu, size, c.Reg(c.g.rm, size), src));
}

// Read-modify-write of E with an unknown result.
void ClobberE(Ctx& c, int size) {
  if (c.g.mem) return c.MemAccess(size, true);
  c.SetReg(c.g.rm, size, std::nullopt);
}

}  // namespace

StepOut Step(const GenInsn& g, AbsState& st) {
  Ctx c{g, st, {}};
  const int s = OperandSize(g);
  std::optional<uint32_t> count;  // shift or REP count for the flag rules
  // LOCK is #UD unless the operation allows it and has a memory destination (SDM Vol. 2A,
  // LOCK); the exception comes before any operand access.
  if (g.lock && !((g.attrs & kLock) && g.mem)) {
    c.Raise(Verdict::kFaults, "#UD: LOCK");
    return c.out;
  }
  if (g.map >= kMap660F || IsSseOp(g.op)) {
    SseStep(c, g, [&](int r, bool) { c.SetReg(r, 4, std::nullopt); });
    return c.out;
  }
  switch (g.op) {
    case Op::MOV_EbGb: case Op::MOV_EvGv: c.WriteE(s, c.Reg(g.reg, s)); break;
    case Op::MOV_GbEb: case Op::MOV_GvEv: c.SetReg(g.reg, s, c.ReadE(s)); break;
    case Op::MOV_EbIb: case Op::MOV_EvIz: c.WriteE(s, g.imm & Mask(s)); break;
    case Op::MOV_ZbIb: case Op::MOV_ZvIv: c.SetReg(g.opcode & 7, s, g.imm & Mask(s)); break;
    case Op::MOV_ALOb: case Op::MOV_eAXOv: case Op::MOV_ObAL: case Op::MOV_OveAX: {
      const bool store = g.op == Op::MOV_ObAL || g.op == Op::MOV_OveAX;
      const uint32_t addr = g.p67 ? (g.m.disp & 0xFFFF) : g.m.disp;
      c.Access(addr, s, store, g.seg != kNoSeg ? g.seg : uint8_t{kDs});
      if (!store) c.SetReg(kEax, s, std::nullopt);
      break;
    }
    case Op::LEA: {
      const Val ea = c.Address();
      c.SetReg(g.reg, s, ea ? Val(*ea & Mask(s)) : Val());
      break;
    }
    case Op::XCHG_EbGb: case Op::XCHG_EvGv:
      if (g.mem) {
        c.MemAccess(s, true);
        c.SetReg(g.reg, s, std::nullopt);
      } else {
        const Val a = c.Reg(g.rm, s), b = c.Reg(g.reg, s);
        c.SetReg(g.rm, s, b);
        c.SetReg(g.reg, s, a);
      }
      break;
    case Op::XCHG_ZveAX: {
      const Val a = c.Reg(g.opcode & 7, s), b = c.Reg(kEax, s);
      c.SetReg(g.opcode & 7, s, b);
      c.SetReg(kEax, s, a);
      break;
    }
    case Op::NOP: break;  // 0F 1F /0 does not access its memory operand
    case Op::CBW: {
      const Val v = c.Reg(kEax, s / 2);
      c.SetReg(kEax, s, v ? Val(SignExtend(*v, s / 2) & Mask(s)) : Val());
      break;
    }
    case Op::CWD: {
      const Val v = c.Reg(kEax, s);
      c.SetReg(kEdx, s, v ? Val((*v >> (8 * s - 1)) & 1 ? Mask(s) : 0) : Val());
      break;
    }
    case Op::LAHF: c.SetReg(4, 1, std::nullopt); break;  // AH
    case Op::SAHF: break;
    case Op::XLAT: {
      // AL = [EBX + unsigned AL] (SDM Vol. 2B, XLAT).
      const Val bx = c.Reg(kEbx, g.p67 ? 2 : 4), al = c.Reg(kEax, 1);
      const uint8_t seg = g.seg != kNoSeg ? g.seg : uint8_t{kDs};
      if (g.p67) {
        c.Access(bx && al ? Val((*bx + *al) & 0xFFFF) : Val(), 1, false, seg);
      } else if (bx && al) {
        c.Access(*bx + *al, 1, false, seg);
      } else if (bx) {
        c.Access(*bx, 256, false, seg);
      } else {
        c.Reject("XLAT base not known");
      }
      c.SetReg(kEax, 1, std::nullopt);
      break;
    }
    case Op::MOVZX_GvEb: case Op::MOVZX_GvEw: case Op::MOVSX_GvEb: case Op::MOVSX_GvEw: {
      const int from = (g.op == Op::MOVZX_GvEb || g.op == Op::MOVSX_GvEb) ? 1 : 2;
      const bool sign = g.op == Op::MOVSX_GvEb || g.op == Op::MOVSX_GvEw;
      const Val v = c.ReadE(from);
      c.SetReg(g.reg, s, v ? Val((sign ? SignExtend(*v, from) : *v) & Mask(s)) : Val());
      break;
    }
    case Op::BSWAP: {
      // A 16-bit BSWAP has an undefined result (SDM Vol. 2A, BSWAP).
      if (s != 4) c.Reject("16-bit BSWAP is undefined");
      const Val v = c.st.Get(g.opcode & 7);
      c.st.Set(g.opcode & 7, v ? Val(__builtin_bswap32(*v)) : Val());
      break;
    }
    case Op::CMOV: {
      // The source is read whatever the condition (SDM Vol. 2A, CMOVcc).
      const Val v = c.ReadE(s), old = c.Reg(g.reg, s);
      c.SetReg(g.reg, s, (v && old && *v == *old) ? v : Val());
      break;
    }
    case Op::ALU_EbGb: case Op::ALU_EvGv:
      AluOnE(c, (g.opcode >> 3) & 7, s, c.Reg(g.reg, s));
      break;
    case Op::ALU_GbEb: case Op::ALU_GvEv: {
      const int alu = (g.opcode >> 3) & 7;
      const Val src = c.ReadE(s);
      if (alu != 7) c.SetReg(g.reg, s, Alu(alu, s, c.Reg(g.reg, s), src));
      break;
    }
    case Op::ALU_ALIb: case Op::ALU_eAXIz: {
      const int alu = (g.opcode >> 3) & 7;
      if (alu != 7) c.SetReg(kEax, s, Alu(alu, s, c.Reg(kEax, s), g.imm & Mask(s)));
      break;
    }
    case Op::GRP1_EbIb: case Op::GRP1_EvIz: AluOnE(c, g.reg, s, g.imm & Mask(s)); break;
    case Op::GRP1_EvIb: AluOnE(c, g.reg, s, SignExtend(g.imm, 1) & Mask(s)); break;
    case Op::TEST_EbGb: case Op::TEST_EvGv: case Op::TEST_EbIb: case Op::TEST_EvIz:
      c.ReadE(s);
      break;
    case Op::TEST_ALIb: case Op::TEST_eAXIz: break;
    case Op::NOT_Eb: case Op::NOT_Ev: case Op::NEG_Eb: case Op::NEG_Ev:
    case Op::INC_Eb: case Op::INC_Ev: case Op::DEC_Eb: case Op::DEC_Ev: {
      if (g.mem) {
        c.MemAccess(s, true);
        break;
      }
      const Val v = c.Reg(g.rm, s);
      Val r;
      if (v) {
        switch (g.op) {
          case Op::NOT_Eb: case Op::NOT_Ev: r = ~*v; break;
          case Op::NEG_Eb: case Op::NEG_Ev: r = 0u - *v; break;
          case Op::INC_Eb: case Op::INC_Ev: r = *v + 1; break;
          default: r = *v - 1; break;
        }
        *r &= Mask(s);
      }
      c.SetReg(g.rm, s, r);
      break;
    }
    case Op::INC_Zv: case Op::DEC_Zv: {
      const Val v = c.Reg(g.opcode & 7, s);
      const uint32_t d = g.op == Op::INC_Zv ? 1u : ~0u;
      c.SetReg(g.opcode & 7, s, v ? Val((*v + d) & Mask(s)) : Val());
      break;
    }
    case Op::DIV_Eb: case Op::DIV_Ev: case Op::IDIV_Eb: case Op::IDIV_Ev:
      c.Raise(Verdict::kMayFault, "#DE");
      [[fallthrough]];
    case Op::MUL_Eb: case Op::MUL_Ev: case Op::IMUL_Eb: case Op::IMUL_Ev:
      c.ReadE(s);
      c.SetReg(kEax, s == 1 ? 2 : s, std::nullopt);
      if (s != 1) c.SetReg(kEdx, s, std::nullopt);
      break;
    case Op::IMUL_GvEv: case Op::IMUL_GvEvIz: case Op::IMUL_GvEvIb:
    case Op::BSF: case Op::BSR:
      c.ReadE(s);
      c.SetReg(g.reg, s, std::nullopt);
      break;
    case Op::XADD_EbGb: case Op::XADD_EvGv:
      if (g.mem) {
        c.MemAccess(s, true);
        c.SetReg(g.reg, s, std::nullopt);
      } else {
        // TEMP = SRC + DEST; SRC = DEST; DEST = TEMP (SDM Vol. 2B, XADD).
        const Val d = c.Reg(g.rm, s), src = c.Reg(g.reg, s);
        c.SetReg(g.reg, s, d);
        c.SetReg(g.rm, s, Alu(0, s, d, src));
      }
      break;
    case Op::CMPXCHG_EbGb: case Op::CMPXCHG_EvGv:
      ClobberE(c, s);  // the destination is written back even when the compare fails
      c.SetReg(kEax, s, std::nullopt);
      break;
    case Op::CMPXCHG8B:
      c.MemAccess(8, true);
      c.st.Set(kEax, std::nullopt);
      c.st.Set(kEdx, std::nullopt);
      break;
    case Op::SHIFT_Eb1: case Op::SHIFT_Ev1: ClobberE(c, s); break;
    case Op::SHIFT_EbCL: case Op::SHIFT_EvCL:
      count = c.Reg(kEcx, 1);
      ClobberE(c, s);
      break;
    case Op::SHIFT_EbIb: case Op::SHIFT_EvIb:
      count = g.imm & 0xFF;
      ClobberE(c, s);
      break;
    case Op::SHLD_Ib: case Op::SHRD_Ib: case Op::SHLD_CL: case Op::SHRD_CL:
      count = (g.op == Op::SHLD_Ib || g.op == Op::SHRD_Ib) ? Val(g.imm & 0xFF) : c.Reg(kEcx, 1);
      // A 16-bit double shift by more than 16 has an undefined result (SDM Vol. 2B, SHLD).
      if (s == 2 && (!count || (*count & 0x1F) > 16)) c.Reject("16-bit SHxD count > 16");
      ClobberE(c, s);
      break;
    case Op::BT_EvGv: case Op::BTS_EvGv: case Op::BTR_EvGv: case Op::BTC_EvGv: {
      const bool write = g.op != Op::BT_EvGv;
      if (!g.mem) {
        if (write) c.SetReg(g.rm, s, std::nullopt);
        break;
      }
      // A register bit offset is signed and selects the operand-sized unit at
      // EA + size * (offset DIV width) (SDM Vol. 2A, BT). Implementations may touch the
      // aligned dword around it, so the range is widened.
      const Val off = c.Reg(g.reg, s);
      const Val ea = c.Address();
      if (!off || !ea) {
        c.Reject("BT bit offset not known");
        break;
      }
      const int32_t bit = static_cast<int32_t>(SignExtend(*off, s));
      const int32_t width = 8 * s;
      const int32_t unit = bit >= 0 ? bit / width : -((-bit + width - 1) / width);
      const uint32_t addr = *ea + static_cast<uint32_t>(unit * s);
      c.Access(addr - 4, s + 8, write, c.MemSeg());
      break;
    }
    case Op::BT_GRP8:
      if (g.reg == 4) {
        c.ReadE(s);
      } else {
        ClobberE(c, s);
      }
      break;
    case Op::AAM:
      if ((g.imm & 0xFF) == 0) c.Raise(Verdict::kFaults, "#DE: AAM 0");
      c.SetReg(kEax, 2, std::nullopt);
      break;
    case Op::DAA: case Op::DAS: case Op::AAA: case Op::AAS: case Op::AAD: case Op::SALC:
      c.SetReg(kEax, 2, std::nullopt);
      break;
    case Op::CLC: case Op::STC: case Op::CMC: break;
    case Op::CLD: c.st.df = 0; break;
    case Op::STD: c.st.df = 1; break;
    // CPL 3 with IOPL 0: #GP(0) (SDM Vol. 2A, CLI/STI; HLT is privileged).
    case Op::CLI: case Op::STI: case Op::HLT: c.Raise(Verdict::kFaults, "#GP: privileged"); break;
    case Op::UD2: c.Raise(Verdict::kFaults, "#UD: UD2"); break;
    case Op::PUSHF: c.Push(s); break;
    case Op::PUSH_Zv: c.Push(s); break;
    case Op::POP_Zv:
      c.Pop(s);
      c.SetReg(g.opcode & 7, s, std::nullopt);
      break;
    case Op::PUSH_Iz: case Op::PUSH_Ib: c.Push(s); break;
    case Op::PUSH_Ev:
      c.ReadE(s);  // an ESP base uses ESP before the push
      c.Push(s);
      break;
    case Op::POP_Ev:
      // An ESP base is evaluated after the increment (SDM Vol. 2B, POP).
      c.Pop(s);
      c.WriteE(s, std::nullopt);
      break;
    case Op::PUSHA: case Op::POPA: {
      const Val esp = c.st.Get(kEsp);
      if (!esp) {
        c.Reject("ESP not known");
        break;
      }
      const bool push = g.op == Op::PUSHA;
      c.Access(push ? *esp - 8 * s : *esp, 8 * s, push, kSs);
      c.st.Set(kEsp, push ? *esp - 8 * s : *esp + 8 * s);
      if (!push) {
        for (int r = 0; r < 8; ++r) {
          if (r != kEsp) c.SetReg(r, s, std::nullopt);
        }
      }
      break;
    }
    case Op::ENTER: detail::Enter(c); break;
    case Op::LEAVE: {
      const Val ebp = c.st.Get(kEbp);
      if (!ebp) {
        c.Reject("LEAVE with EBP not known");
        break;
      }
      c.st.Set(kEsp, *ebp);
      c.Pop(s);
      c.SetReg(kEbp, s, std::nullopt);
      break;
    }
    case Op::JCC_Jb: case Op::JCC_Jz: c.Branch(true); break;
    case Op::JMP_Jb: case Op::JMP_Jz: c.Branch(false); break;
    case Op::CALL_Jz:
      c.Push(s);
      c.Branch(false);
      break;
    case Op::LOOP: case Op::LOOPE: case Op::LOOPNE: {
      const int size = g.p67 ? 2 : 4;
      const Val cx = c.Reg(kEcx, size);
      c.SetReg(kEcx, size, cx ? Val((*cx - 1) & Mask(size)) : Val());
      c.Branch(true);
      break;
    }
    case Op::JCXZ: c.Branch(true); break;
    case Op::SETCC: c.WriteE(1, std::nullopt); break;
    case Op::INTO: c.Raise(Verdict::kMayFault, "#OF"); break;
    case Op::BOUND:
      c.MemAccess(2 * s, false);
      c.Raise(Verdict::kMayFault, "#BR");
      break;
    case Op::MOVS_b: case Op::MOVS_v: case Op::CMPS_b: case Op::CMPS_v: case Op::STOS_b:
    case Op::STOS_v: case Op::LODS_b: case Op::LODS_v: case Op::SCAS_b: case Op::SCAS_v:
      detail::StringOp(c, &count);
      break;
    default:
      c.Reject("operation not modelled");
      break;
  }
  // Multi-store instructions whose partial effects on a fault the SDM leaves open.
  if ((g.op == Op::ENTER || g.op == Op::PUSHA || g.op == Op::POPA) &&
      c.out.verdict == Verdict::kFaults) {
    c.Reject("faulting multi-access stack operation");
  }
  const FlagOutcomes flags = FlagsOf(g, count);
  if (flags.Read() & st.undef) c.Reject("reads an undefined flag");
  st.undef = flags.Apply(st.undef);
  if (!st.Known(kEsp)) c.Reject("ESP no longer known");
  if (c.out.branch) c.out.taken = st;
  return c.out;
}

}  // namespace m86::fuzz
