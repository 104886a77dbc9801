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
  const uint8_t reg = static_cast<uint8_t>(g.reg << 3);
  const uint32_t disp = EffectiveDisp(m);
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
  const bool need_sib = m.index != kNoReg || m.base == kEsp || m.force_sib;
  if (m.base == kNoReg) {
    if (!need_sib) {
      out[(*n)++] = reg | 5;  // mod 00 rm 101: [disp32]
    } else {
      out[(*n)++] = reg | 4;
      const uint8_t index = m.index == kNoReg ? 4 : m.index;
      out[(*n)++] = static_cast<uint8_t>((m.scale << 6) | (index << 3) | 5);
    }
    Put(out, n, disp, 4);
    return;
  }
  int size = m.disp_size;
  if (size == 0 && m.base == kEbp) size = 1;  // mod 00 with base 101 means "no base"
  const uint8_t mod = size == 0 ? 0 : (size == 1 ? 1 : 2);
  if (!need_sib) {
    out[(*n)++] = static_cast<uint8_t>(mod << 6) | reg | m.base;
  } else {
    out[(*n)++] = static_cast<uint8_t>(mod << 6) | reg | 4;
    const uint8_t index = m.index == kNoReg ? 4 : m.index;
    out[(*n)++] = static_cast<uint8_t>((m.scale << 6) | (index << 3) | m.base);
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
  return g.p66 ? 2 : 4;
}

int Encode(const GenInsn& g, int32_t rel, uint8_t* out) {
  int n = 0;
  if (g.lock) out[n++] = 0xF0;
  if (g.rep) out[n++] = g.rep;
  if (g.seg < 6) out[n++] = kSegPrefix[g.seg];
  if (g.p66) out[n++] = 0x66;
  if (g.p67) out[n++] = 0x67;
  if (g.map == 1) out[n++] = 0x0F;
  out[n++] = g.opcode;
  if (g.has_modrm) {
    if (g.mem) {
      PutMemory(g, out, &n);
    } else {
      out[n++] = static_cast<uint8_t>(0xC0 | (g.reg << 3) | g.rm);
    }
  }
  if (g.moffs) Put(out, &n, g.m.disp, g.p67 ? 2 : 4);
  Put(out, &n, g.imm, g.imm_size);
  Put(out, &n, g.imm2, g.imm2_size);
  Put(out, &n, static_cast<uint32_t>(rel), g.rel_size);
  return n;
}

int EncodedLength(const GenInsn& g) {
  uint8_t scratch[32];
  return Encode(g, 0, scratch);
}

Assembled Assemble(const Program& p) {
  Assembled a;
  a.fuzz_case = std::make_unique<FuzzCase>();
  FuzzCase& fc = *a.fuzz_case;
  fc.init = p.init;
  std::memcpy(fc.data, p.data.data(), kFuzzDataSize);
  const size_t n = p.insns.size();
  a.offsets.resize(n + 1);
  uint32_t offset = 0;
  for (size_t i = 0; i < n; ++i) {
    a.offsets[i] = offset;
    offset += static_cast<uint32_t>(EncodedLength(p.insns[i]));
  }
  a.offsets[n] = offset;
  if (offset > kFuzzMaxCode) return a;
  fc.code_len = offset;
  for (size_t i = 0; i < n; ++i) {
    const GenInsn& g = p.insns[i];
    int32_t rel = 0;
    if (g.rel_size != 0) {
      const size_t target = g.target < 0 ? i + 1 : std::min(static_cast<size_t>(g.target), n);
      const uint32_t next = a.offsets[i + 1];
      rel = static_cast<int32_t>(a.offsets[target] - next);
      if (g.rel_size == 1 && rel > 127) return a;
    }
    Encode(g, rel, fc.code + a.offsets[i]);
  }
  a.ok = true;
  return a;
}

void RemoveInsn(Program* p, size_t index) {
  p->insns.erase(p->insns.begin() + static_cast<std::ptrdiff_t>(index));
  for (GenInsn& g : p->insns) {
    if (g.rel_size != 0 && g.target > static_cast<int>(index)) --g.target;
  }
}

}  // namespace m86::fuzz
