// Status-flag effects per operation (SDM Vol. 2A/2B, "Flags Affected" of each instruction).
#include "flag_rules.h"

namespace m86::fuzz {
namespace {

constexpr uint32_t kCf = kFlagCf, kPf = kFlagPf, kAf = kFlagAf, kZf = kFlagZf, kSf = kFlagSf,
                   kOf = kFlagOf;
constexpr uint32_t kAll = kFuzzArithFlags;

constexpr FlagEffect kNone{};
constexpr FlagEffect kArith{0, kAll, 0};                       // ADD SUB CMP NEG XADD CMPXCHG
constexpr FlagEffect kLogic{0, kCf | kOf | kSf | kZf | kPf, kAf};  // AND OR XOR TEST
constexpr FlagEffect kIncDec{0, kAll & ~kCf, 0};               // CF unaffected
constexpr FlagEffect kMul{0, kCf | kOf, kSf | kZf | kAf | kPf};
constexpr FlagEffect kDiv{0, 0, kAll};
constexpr FlagEffect kBitTest{0, kCf, kOf | kSf | kAf | kPf};  // ZF unaffected
constexpr FlagEffect kBitScan{0, kZf, kCf | kOf | kSf | kAf | kPf};

// ALU operation from opcode bits 5-3 or the ModRM reg field: ADD OR ADC SBB AND SUB XOR CMP.
FlagEffect AluFlags(int alu) {
  switch (alu) {
    case 1: case 4: case 6: return kLogic;
    case 2: case 3: return FlagEffect{kCf, kAll, 0};
    default: return kArith;
  }
}

// SHL/SAL/SHR/SAR/ROL/ROR/RCL/RCR for one masked count (SDM Vol. 2B, "SAL/SAR/SHL/SHR" and
// "RCL/RCR/ROL/ROR": a masked count of 0 affects no flag; OF is defined only for 1-bit
// shifts; AF is undefined for a non-zero count; SHL/SHR leave CF undefined when the count is
// at least the operand width).
FlagEffect ShiftFlags(int kind, uint32_t masked, int width) {
  if (masked == 0) return kNone;
  const uint32_t of = masked == 1 ? kOf : 0;
  const uint32_t of_undef = masked == 1 ? 0 : kOf;
  switch (kind) {
    case 0: case 1:  // ROL ROR
      return FlagEffect{0, kCf | of, of_undef};
    case 2: case 3:  // RCL RCR
      return FlagEffect{kCf, kCf | of, of_undef};
    case 7:  // SAR
      return FlagEffect{0, kCf | kSf | kZf | kPf | of, kAf | of_undef};
    default:  // SHL SHR SAL(/6)
      if (static_cast<int>(masked) >= width) return FlagEffect{0, kSf | kZf | kPf, kCf | kOf | kAf};
      return FlagEffect{0, kCf | kSf | kZf | kPf | of, kAf | of_undef};
  }
}

// SHLD/SHRD (SDM Vol. 2B): count 0 affects nothing; above the operand size everything is
// undefined (and so is the result, which the generator avoids).
FlagEffect DoubleShiftFlags(uint32_t masked, int width) {
  if (masked == 0) return kNone;
  if (static_cast<int>(masked) > width) return kDiv;
  if (masked == 1) return FlagEffect{0, kCf | kOf | kSf | kZf | kPf, kAf};
  return FlagEffect{0, kCf | kSf | kZf | kPf, kOf | kAf};
}

void AddShiftOutcomes(FlagOutcomes* out, int kind, std::optional<uint32_t> count, int width,
                      bool double_shift) {
  auto one = [&](uint32_t c) {
    return double_shift ? DoubleShiftFlags(c, width) : ShiftFlags(kind, c, width);
  };
  // The count is masked to 5 bits, 6 with REX.W (SDM Vol. 2B, SAL/SAR/SHL/SHR).
  if (count) {
    out->Add(one(*count & (width == 64 ? 0x3F : 0x1F)));
    return;
  }
  // Representatives of every case: 0, 1, 2..width-1, and >= width.
  out->Add(one(0));
  out->Add(one(1));
  out->Add(one(2));
  if (width < 32) out->Add(one(31));
}

}  // namespace

uint32_t FlagOutcomes::Read() const {
  uint32_t r = 0;
  for (int i = 0; i < count; ++i) r |= alt[i].read;
  return r;
}

uint32_t FlagOutcomes::Apply(uint32_t undefined_before) const {
  if (count == 0) return undefined_before;
  uint32_t result = 0;
  for (int i = 0; i < count; ++i) {
    const FlagEffect& e = alt[i];
    result |= (undefined_before & ~(e.defined | e.undefined)) | e.undefined;
  }
  return result;
}

uint32_t ConditionFlags(uint8_t cc) {
  switch ((cc & 0xF) >> 1) {
    case 0: return kOf;              // O, NO
    case 1: return kCf;              // B, AE
    case 2: return kZf;              // Z, NZ
    case 3: return kCf | kZf;        // BE, A
    case 4: return kSf;              // S, NS
    case 5: return kPf;              // P, NP
    case 6: return kSf | kOf;        // L, GE
    default: return kZf | kSf | kOf; // LE, G
  }
}

FlagOutcomes FlagsOf(const GenInsn& g, std::optional<uint32_t> count) {
  FlagOutcomes out;
  const int width = OperandSize(g) * 8;
  switch (g.op) {
    case Op::ALU_EbGb: case Op::ALU_EvGv: case Op::ALU_GbEb: case Op::ALU_GvEv:
    case Op::ALU_ALIb: case Op::ALU_eAXIz:
      out.Add(AluFlags((g.opcode >> 3) & 7));
      break;
    case Op::GRP1_EbIb: case Op::GRP1_EvIz: case Op::GRP1_EvIb:
      out.Add(AluFlags(g.reg));
      break;
    case Op::TEST_EbGb: case Op::TEST_EvGv: case Op::TEST_ALIb: case Op::TEST_eAXIz:
    case Op::TEST_EbIb: case Op::TEST_EvIz:
      out.Add(kLogic);
      break;
    case Op::NEG_Eb: case Op::NEG_Ev: case Op::XADD_EbGb: case Op::XADD_EvGv:
    case Op::CMPXCHG_EbGb: case Op::CMPXCHG_EvGv:
      out.Add(kArith);
      break;
    case Op::INC_Zv: case Op::DEC_Zv: case Op::INC_Eb: case Op::INC_Ev: case Op::DEC_Eb:
    case Op::DEC_Ev:
      out.Add(kIncDec);
      break;
    case Op::MUL_Eb: case Op::MUL_Ev: case Op::IMUL_Eb: case Op::IMUL_Ev: case Op::IMUL_GvEv:
    case Op::IMUL_GvEvIz: case Op::IMUL_GvEvIb:
      out.Add(kMul);
      break;
    case Op::DIV_Eb: case Op::DIV_Ev: case Op::IDIV_Eb: case Op::IDIV_Ev:
      out.Add(kDiv);
      break;
    case Op::CMPXCHG8B:
      out.Add(FlagEffect{0, kZf, 0});
      break;
    case Op::SHIFT_Eb1: case Op::SHIFT_Ev1:
      AddShiftOutcomes(&out, g.reg, 1u, width, false);
      break;
    case Op::SHIFT_EbCL: case Op::SHIFT_EvCL: case Op::SHIFT_EbIb: case Op::SHIFT_EvIb:
      AddShiftOutcomes(&out, g.reg, count, width, false);
      break;
    case Op::SHLD_Ib: case Op::SHLD_CL: case Op::SHRD_Ib: case Op::SHRD_CL:
      AddShiftOutcomes(&out, 0, count, width, true);
      break;
    case Op::BT_EvGv: case Op::BTS_EvGv: case Op::BTR_EvGv: case Op::BTC_EvGv:
    case Op::BT_GRP8:
      out.Add(kBitTest);
      break;
    case Op::BSF: case Op::BSR:
      out.Add(kBitScan);
      break;
    // Decimal adjust (SDM Vol. 2A, DAA/DAS/AAA/AAS/AAM/AAD).
    case Op::DAA: case Op::DAS:
      out.Add(FlagEffect{kAf | kCf, kCf | kAf | kSf | kZf | kPf, kOf});
      break;
    case Op::AAA: case Op::AAS:
      out.Add(FlagEffect{kAf, kAf | kCf, kOf | kSf | kZf | kPf});
      break;
    case Op::AAM: case Op::AAD:
      out.Add(FlagEffect{0, kSf | kZf | kPf, kOf | kAf | kCf});
      break;
    case Op::SALC:
      out.Add(FlagEffect{kCf, 0, 0});
      break;
    case Op::CLC: case Op::STC:
      out.Add(FlagEffect{0, kCf, 0});
      break;
    case Op::CMC:
      out.Add(FlagEffect{kCf, kCf, 0});
      break;
    case Op::LAHF:
      out.Add(FlagEffect{kSf | kZf | kAf | kPf | kCf, 0, 0});
      break;
    case Op::SAHF:
      out.Add(FlagEffect{0, kSf | kZf | kAf | kPf | kCf, 0});
      break;
    case Op::PUSHF:
      out.Add(FlagEffect{kAll, 0, 0});
      break;
    case Op::JCC_Jb: case Op::JCC_Jz: case Op::SETCC: case Op::CMOV:
      out.Add(FlagEffect{ConditionFlags(g.opcode), 0, 0});
      break;
    case Op::LOOPE: case Op::LOOPNE:
      out.Add(FlagEffect{kZf, 0, 0});
      break;
    case Op::INTO:
      out.Add(FlagEffect{kOf, 0, 0});
      break;
    case Op::CMPS_b: case Op::CMPS_v: case Op::SCAS_b: case Op::SCAS_v:
      // With REP and a count of 0 nothing is compared and no flag changes.
      if (g.rep != 0 && (!count || *count == 0)) out.Add(kNone);
      if (g.rep == 0 || !count || *count != 0) out.Add(kArith);
      break;
    default:
      break;
  }
  return out;
}

}  // namespace m86::fuzz
