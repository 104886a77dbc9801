// Encoding of generated instructions (SDM Vol. 2A, chapter 2 "Instruction Format").
#include "program.h"

#include <algorithm>
#include <cstring>

namespace m86::fuzz {
namespace {

constexpr uint8_t kSegPrefix[6] = {0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65};  // ES CS SS DS FS GS

void Put(uint8_t* out, int* n, uint32_t value, int size) {
  for (int i = 0; i < size; ++i) out[(*n)++] = static_cast<uint8_t>(value >> (8 * i));
}

// ModRM (+ SIB + displacement) of a memory operand. The displacement is widened where the
// requested form does not exist (no base, or EBP as base with mod 00), which keeps the
// effective address identical (EffectiveDisp).
void PutMemory(const GenInsn& g, uint8_t* out, int* n) {
  const MemRef& m = g.m;
  const uint8_t reg = static_cast<uint8_t>((g.reg & 7) << 3);
  const uint32_t disp = EffectiveDisp(m);
  if (m.rip_rel) {
    out[(*n)++] = reg | 5;  // 64-bit mode: mod 00 rm 101 is [RIP + disp32]
    Put(out, n, 0, 4);      // patched by Encode once the length is known
    return;
  }
  if (m.a16) {
    if (m.abs16) {
      out[(*n)++] = reg | 6;  // mod 00 rm 110: [disp16]
      Put(out, n, disp, 2);
      return;
    }
    int size = m.disp_size;
    if (size == 0 && m.rm16 == 6) size = 1;  // [BP] needs mod 01 with disp8 0
    const uint8_t mod = size == 0 ? 0 : (size == 1 ? 1 : 2);
    out[(*n)++] = static_cast<uint8_t>(mod << 6) | reg | m.rm16;
    Put(out, n, disp, size);
    return;
  }
  const bool need_sib = m.index != kNoReg || (m.base & 7) == kEsp || m.force_sib;
  if (m.base == kNoReg) {
    if (!need_sib) {
      out[(*n)++] = reg | 5;  // mod 00 rm 101: [disp32]
    } else {
      out[(*n)++] = reg | 4;
      const uint8_t index = m.index == kNoReg ? 4 : (m.index & 7);
      out[(*n)++] = static_cast<uint8_t>((m.scale << 6) | (index << 3) | 5);
    }
    Put(out, n, disp, 4);
    return;
  }
  int size = m.disp_size;
  // mod 00 with base 101 means "no base" (also for R13, whose low bits are 101).
  if (size == 0 && (m.base & 7) == kEbp) size = 1;
  const uint8_t mod = size == 0 ? 0 : (size == 1 ? 1 : 2);
  if (!need_sib) {
    out[(*n)++] = static_cast<uint8_t>(mod << 6) | reg | (m.base & 7);
  } else {
    out[(*n)++] = static_cast<uint8_t>(mod << 6) | reg | 4;
    const uint8_t index = m.index == kNoReg ? 4 : (m.index & 7);
    out[(*n)++] = static_cast<uint8_t>((m.scale << 6) | (index << 3) | (m.base & 7));
  }
  Put(out, n, disp, size);
}

}  // namespace

uint32_t EffectiveDisp(const MemRef& m) {
  if (!m.a16 && m.base == kNoReg) return m.disp;
  if (m.a16 && m.abs16) return m.disp & 0xFFFF;
  switch (m.disp_size) {
    case 0: return 0;
    case 1: return static_cast<uint32_t>(static_cast<int8_t>(m.disp));
    case 2: return static_cast<uint32_t>(static_cast<int16_t>(m.disp));
    default: return m.disp;
  }
}

bool IsByteOp(Op op) {
  switch (op) {
    case Op::ALU_EbGb: case Op::ALU_GbEb: case Op::ALU_ALIb: case Op::GRP1_EbIb:
    case Op::TEST_EbGb: case Op::TEST_ALIb: case Op::TEST_EbIb: case Op::NOT_Eb:
    case Op::NEG_Eb: case Op::INC_Eb: case Op::DEC_Eb: case Op::MUL_Eb: case Op::IMUL_Eb:
    case Op::DIV_Eb: case Op::IDIV_Eb: case Op::XADD_EbGb: case Op::CMPXCHG_EbGb:
    case Op::SHIFT_Eb1: case Op::SHIFT_EbCL: case Op::SHIFT_EbIb: case Op::MOV_EbGb:
    case Op::MOV_GbEb: case Op::MOV_ALOb: case Op::MOV_ObAL: case Op::MOV_ZbIb:
    case Op::MOV_EbIb: case Op::XCHG_EbGb: case Op::SETCC: case Op::MOVS_b: case Op::CMPS_b:
    case Op::STOS_b: case Op::LODS_b: case Op::SCAS_b: case Op::XLAT: case Op::LAHF:
    case Op::SAHF: case Op::SALC: case Op::DAA: case Op::DAS: case Op::AAA: case Op::AAS:
    case Op::AAM: case Op::AAD:
      return true;
    default:
      return false;
  }
}

int OperandSize(const GenInsn& g) {
  if (IsByteOp(g.op)) return 1;
  if (g.rex & 8) return 8;  // REX.W wins over 0x66 (SDM Vol. 2A, 2.2.1.2)
  return g.p66 ? 2 : 4;
}

uint8_t RexByte(const GenInsn& g) {
  auto high = [](uint8_t r) { return r != kNoReg && (r & 8) != 0; };
  uint8_t rex = g.rex;
  if (g.has_modrm && high(g.reg)) rex |= 4;                               // R
  if (g.has_modrm && g.mem && !g.m.rip_rel && high(g.m.index)) rex |= 2;  // X
  if (g.has_modrm && (g.mem ? (!g.m.rip_rel && high(g.m.base)) : high(g.rm))) rex |= 1;
  if (g.opreg_ext) rex |= 1;                                              // B
  return rex == 0 ? 0 : static_cast<uint8_t>(0x40 | rex);
}

int Encode(const GenInsn& g, int32_t rel, uint8_t* out, uint32_t address) {
  int n = 0;
  if (g.lock) out[n++] = 0xF0;
  if (g.rep) out[n++] = g.rep;
  if (g.seg < 6) out[n++] = kSegPrefix[g.seg];
  if (g.p66) out[n++] = 0x66;
  if (g.p67) out[n++] = 0x67;
  // The map's mandatory prefix (66 F3 F2) comes after the others, and REX right before the
  // escape bytes (SDM Vol. 2A, 2.1.2 and 2.2.1; the maps of Vol. 2D, A.3).
  const int group = g.map == 0 ? -1 : (g.map - 1) / 4;  // 0F, 0F 38, 0F 3A
  const int variant = g.map == 0 ? 0 : (g.map - 1) % 4;  // none, 66, F3, F2
  if (variant != 0) out[n++] = variant == 1 ? 0x66 : variant == 2 ? 0xF3 : 0xF2;
  if (const uint8_t rex = RexByte(g); rex != 0) out[n++] = rex;  // right before the opcode
  if (group >= 0) out[n++] = 0x0F;
  if (group == 1) out[n++] = 0x38;
  if (group == 2) out[n++] = 0x3A;
  out[n++] = g.opcode;
  int rip_disp_at = -1;
  if (g.has_modrm) {
    if (g.mem) {
      if (g.m.rip_rel) rip_disp_at = n + 1;
      PutMemory(g, out, &n);
    } else {
      out[n++] = static_cast<uint8_t>(0xC0 | ((g.reg & 7) << 3) | (g.rm & 7));
    }
  }
  if (g.moffs) {
    const int size = g.moffs_size != 0 ? g.moffs_size : (g.p67 ? 2 : 4);
    Put(out, &n, g.m.disp, size < 4 ? size : 4);
    Put(out, &n, 0, size - 4 > 0 ? size - 4 : 0);  // addresses are below 4 GiB
  }
  if (g.imm_size == 8) {
    Put(out, &n, g.imm, 4);
    Put(out, &n, g.imm_hi, 4);
  } else {
    Put(out, &n, g.imm, g.imm_size);
  }
  Put(out, &n, g.imm2, g.imm2_size);
  Put(out, &n, static_cast<uint32_t>(rel), g.rel_size);
  if (rip_disp_at >= 0) {
    // The displacement counts from the end of the instruction, immediates included.
    int at = rip_disp_at;
    Put(out, &at, g.m.disp - (address + static_cast<uint32_t>(n)), 4);
  }
  return n;
}

int EncodedLength(const GenInsn& g) {
  uint8_t scratch[32];
  return Encode(g, 0, scratch);
}

bool AssembleCode(const std::vector<GenInsn>& insns, uint8_t* code, uint32_t* code_len,
                  std::vector<uint32_t>* offsets) {
  const size_t n = insns.size();
  offsets->resize(n + 1);
  uint32_t offset = 0;
  for (size_t i = 0; i < n; ++i) {
    (*offsets)[i] = offset;
    offset += static_cast<uint32_t>(EncodedLength(insns[i]));
  }
  (*offsets)[n] = offset;
  if (offset > kFuzzMaxCode) return false;
  *code_len = offset;
  for (size_t i = 0; i < n; ++i) {
    const GenInsn& g = insns[i];
    int32_t rel = 0;
    if (g.rel_size != 0) {
      const size_t target = g.target < 0 ? i + 1 : std::min(static_cast<size_t>(g.target), n);
      const uint32_t next = (*offsets)[i + 1];
      rel = static_cast<int32_t>((*offsets)[target] - next);
      if (g.rel_size == 1 && rel > 127) return false;
    }
    Encode(g, rel, code + (*offsets)[i], kFuzzCodeAddr + (*offsets)[i]);
  }
  return true;
}

Assembled Assemble(const Program& p) {
  Assembled a;
  a.fuzz_case = std::make_unique<FuzzCase>();
  FuzzCase& fc = *a.fuzz_case;
  fc.init = p.init;
  fc.sse = p.sse;
  std::memcpy(fc.data, p.data.data(), kFuzzDataSize);
  a.ok = AssembleCode(p.insns, fc.code, &fc.code_len, &a.offsets);
  return a;
}

void RemoveInsn(std::vector<GenInsn>* insns, size_t index) {
  insns->erase(insns->begin() + static_cast<std::ptrdiff_t>(index));
  for (GenInsn& g : *insns) {
    if (g.rel_size != 0 && g.target > static_cast<int>(index)) --g.target;
  }
}

void RemoveInsn(Program* p, size_t index) { RemoveInsn(&p->insns, index); }

}  // namespace m86::fuzz
