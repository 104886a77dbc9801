// Builds the generator's instruction catalog from the decoder rows.
#include "catalog.h"

#include <cstring>
#include <initializer_list>
#include <string_view>

#include "cpu/model.h"

namespace m86::fuzz {
namespace {

constexpr Generation kGeneration = kGenP6;  // the pentiumpro model the emulator runs

// Relative weight (tenths) of each operation the fuzzer may generate; absent ones are never
// generated. Privileged or trapping ones (CLI, HLT, UD2) are rare deliberate faults. Left out:
// segment loads, far transfers, RET/IRET (backward control flow), INT n and I/O (the host
// kernel, not the CPU, decides their outcome), POPF (TF/AC would change the run), system
// instructions, x87 and CPUID/RDTSC (host-dependent values).
struct Weight {
  Op op;
  uint32_t tenths;
};
constexpr Weight kWhitelist[] = {
    {Op::ALU_EbGb, 30}, {Op::ALU_EvGv, 30}, {Op::ALU_GbEb, 30}, {Op::ALU_GvEv, 30},
    {Op::ALU_ALIb, 15}, {Op::ALU_eAXIz, 15}, {Op::GRP1_EbIb, 25}, {Op::GRP1_EvIz, 25},
    {Op::GRP1_EvIb, 25}, {Op::TEST_EbGb, 8}, {Op::TEST_EvGv, 8}, {Op::TEST_ALIb, 5},
    {Op::TEST_eAXIz, 5}, {Op::TEST_EbIb, 8}, {Op::TEST_EvIz, 8},
    {Op::MOV_EbGb, 12}, {Op::MOV_EvGv, 15}, {Op::MOV_GbEb, 12}, {Op::MOV_GvEv, 15},
    {Op::MOV_ALOb, 5}, {Op::MOV_eAXOv, 5}, {Op::MOV_ObAL, 5}, {Op::MOV_OveAX, 5},
    {Op::MOV_ZbIb, 8}, {Op::MOV_ZvIv, 10}, {Op::MOV_EbIb, 8}, {Op::MOV_EvIz, 8},
    {Op::LEA, 20}, {Op::XCHG_EbGb, 8}, {Op::XCHG_EvGv, 10}, {Op::XCHG_ZveAX, 6},
    {Op::NOP, 3}, {Op::CBW, 6}, {Op::CWD, 6}, {Op::LAHF, 6}, {Op::SAHF, 8}, {Op::XLAT, 6},
    {Op::MOVZX_GvEb, 10}, {Op::MOVZX_GvEw, 8}, {Op::MOVSX_GvEb, 10}, {Op::MOVSX_GvEw, 8},
    {Op::BSWAP, 6}, {Op::CMOV, 20},
    {Op::NOT_Eb, 8}, {Op::NOT_Ev, 8}, {Op::NEG_Eb, 10}, {Op::NEG_Ev, 10}, {Op::INC_Zv, 10},
    {Op::DEC_Zv, 10}, {Op::INC_Eb, 8}, {Op::INC_Ev, 8}, {Op::DEC_Eb, 8}, {Op::DEC_Ev, 8},
    {Op::MUL_Eb, 12}, {Op::MUL_Ev, 12}, {Op::IMUL_Eb, 12}, {Op::IMUL_Ev, 12},
    {Op::DIV_Eb, 12}, {Op::DIV_Ev, 12}, {Op::IDIV_Eb, 12}, {Op::IDIV_Ev, 12},
    {Op::IMUL_GvEv, 10}, {Op::IMUL_GvEvIz, 8}, {Op::IMUL_GvEvIb, 8},
    {Op::XADD_EbGb, 8}, {Op::XADD_EvGv, 8}, {Op::CMPXCHG_EbGb, 10}, {Op::CMPXCHG_EvGv, 10},
    {Op::CMPXCHG8B, 8},
    {Op::SHIFT_Eb1, 15}, {Op::SHIFT_Ev1, 15}, {Op::SHIFT_EbCL, 20}, {Op::SHIFT_EvCL, 20},
    {Op::SHIFT_EbIb, 20}, {Op::SHIFT_EvIb, 20}, {Op::SHLD_Ib, 12}, {Op::SHLD_CL, 12},
    {Op::SHRD_Ib, 12}, {Op::SHRD_CL, 12},
    {Op::DAA, 10}, {Op::DAS, 10}, {Op::AAA, 10}, {Op::AAS, 10}, {Op::AAM, 10}, {Op::AAD, 10},
    {Op::SALC, 5},
    {Op::CLC, 4}, {Op::STC, 4}, {Op::CMC, 4}, {Op::CLD, 4}, {Op::STD, 4}, {Op::CLI, 1},
    {Op::STI, 1}, {Op::HLT, 1}, {Op::UD2, 1}, {Op::PUSHF, 5},
    {Op::PUSH_Zv, 15}, {Op::POP_Zv, 15}, {Op::PUSH_Iz, 6}, {Op::PUSH_Ib, 6},
    {Op::PUSH_Ev, 6}, {Op::POP_Ev, 6}, {Op::PUSHA, 3}, {Op::POPA, 3}, {Op::ENTER, 8},
    {Op::LEAVE, 8},
    {Op::JCC_Jb, 20}, {Op::JCC_Jz, 6}, {Op::JMP_Jb, 4}, {Op::JMP_Jz, 3}, {Op::CALL_Jz, 3},
    {Op::LOOP, 5}, {Op::LOOPE, 4}, {Op::LOOPNE, 4}, {Op::JCXZ, 5},
    {Op::SETCC, 15}, {Op::INTO, 2}, {Op::BOUND, 3},
    {Op::MOVS_b, 8}, {Op::MOVS_v, 8}, {Op::CMPS_b, 8}, {Op::CMPS_v, 8}, {Op::STOS_b, 8},
    {Op::STOS_v, 8}, {Op::LODS_b, 6}, {Op::LODS_v, 6}, {Op::SCAS_b, 8}, {Op::SCAS_v, 8},
    {Op::BT_EvGv, 10}, {Op::BTS_EvGv, 10}, {Op::BTR_EvGv, 10}, {Op::BTC_EvGv, 10},
    {Op::BT_GRP8, 15}, {Op::BSF, 12}, {Op::BSR, 12},
};

// The row the decoder uses for (map, opcode, reg): the last matching one (decode_table.inc:
// later rows override earlier ones).
const DecodeRow* Resolve(const DecodeRow* rows, size_t count, int map, int opcode, int reg) {
  const DecodeRow* found = nullptr;
  for (size_t i = 0; i < count; ++i) {
    const DecodeRow& r = rows[i];
    if (r.map == map && opcode >= r.first && opcode <= r.last &&
        (r.reg < 0 || r.reg == reg) && r.gen_min <= kGeneration && kGeneration <= r.gen_max) {
      found = &r;
    }
  }
  return found;
}

struct Built {
  std::vector<OpEntry> entries;
  uint32_t total = 0;
};

// Calls add(row, map, opcode, reg) for every encoding of `maps` the decoder resolves to a row;
// reg is -1 when the ModRM reg field does not select the row.
template <typename AddFn>
void ForEachResolved(std::initializer_list<int> maps, AddFn add) {
  size_t count = 0;
  const DecodeRow* rows = DecodeRows(&count);
  for (int map : maps) {
    for (int opcode = 0; opcode < 256; ++opcode) {
      const DecodeRow* per_reg[8];
      bool same = true;
      for (int reg = 0; reg < 8; ++reg) {
        per_reg[reg] = Resolve(rows, count, map, opcode, reg);
        same = same && per_reg[reg] == per_reg[0];
      }
      if (same) {
        if (per_reg[0]) add(per_reg[0], map, opcode, -1);
        continue;
      }
      for (int reg = 0; reg < 8; ++reg) {
        if (per_reg[reg]) add(per_reg[reg], map, opcode, reg);
      }
    }
  }
}

Template MakeTemplate(const DecodeRow* row, int map, int opcode, int reg) {
  return Template{row->op, static_cast<uint8_t>(map), static_cast<uint8_t>(opcode), reg,
                  row->operands, row->attrs};
}

// Operand strings made only of XMM operands (V, W, U) and an imm8: no general register, no
// MMX register, no memory-only operand.
bool XmmOnly(std::string_view operands) {
  while (!operands.empty()) {
    const size_t comma = operands.find(',');
    const std::string_view tok = operands.substr(0, comma);
    operands = comma == std::string_view::npos ? std::string_view() : operands.substr(comma + 1);
    if (tok.empty() || (tok[0] != 'V' && tok[0] != 'W' && tok[0] != 'U' && tok != "Ib")) {
      return false;
    }
  }
  return true;
}

bool IsApproximation(Op op) {
  return op == Op::RCPPS || op == Op::RCPSS || op == Op::RSQRTPS || op == Op::RSQRTSS;
}

const Built& Build() {
  static const Built built = [] {
    Built b;
    for (const Weight& w : kWhitelist) b.entries.push_back(OpEntry{w.op, w.tenths, {}});
    ForEachResolved({kMapOneByte, kMap0F}, [&](const DecodeRow* row, int map, int opcode,
                                               int reg) {
      for (OpEntry& e : b.entries) {
        if (e.op == row->op) e.forms.push_back(MakeTemplate(row, map, opcode, reg));
      }
    });
    std::erase_if(b.entries, [](const OpEntry& e) { return e.forms.empty(); });
    for (const OpEntry& e : b.entries) b.total += e.weight;
    return b;
  }();
  return built;
}

}  // namespace

const std::vector<Template>& SseForms() {
  static const std::vector<Template> forms = [] {
    std::vector<Template> out;
    ForEachResolved({kMap0F, kMap660F, kMapF30F, kMapF20F, kMap0F38, kMap660F38, kMap0F3A,
                     kMap660F3A},
                    [&](const DecodeRow* row, int map, int opcode, int reg) {
                      const uint16_t need = row->attrs & kNeedMask;
                      // MASKMOVDQU stores to [RDI] without naming it. The reciprocal
                      // approximations' bits are the processor's own (SDM Vol. 2B, RCPPS:
                      // relative error only bounded), so they differ from host to host.
                      if (need < kNeedSse || need > kNeedSse42 || !XmmOnly(row->operands) ||
                          row->op == Op::MASKMOVDQU || IsApproximation(row->op)) {
                        return;
                      }
                      out.push_back(MakeTemplate(row, map, opcode, reg));
                    });
    return out;
  }();
  return forms;
}

const std::vector<OpEntry>& Catalog() { return Build().entries; }
uint32_t CatalogWeight() { return Build().total; }

const Template* FindTemplate(Op op, uint8_t map, uint8_t opcode) {
  for (const OpEntry& e : Catalog()) {
    if (e.op != op) continue;
    for (const Template& t : e.forms) {
      if (t.map == map && t.opcode == opcode) return &t;
    }
  }
  for (const Template& t : SseForms()) {
    if (t.op == op && t.map == map && t.opcode == opcode) return &t;
  }
  return nullptr;
}

}  // namespace m86::fuzz
