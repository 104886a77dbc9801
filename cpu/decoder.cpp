#include "cpu/decoder.h"

#include <array>
#include <cstring>
#include <string_view>

#include "cpu/state.h"

namespace m86 {
namespace {

// How the bytes after the opcode (and ModRM) are laid out, derived from a row's operand string.
// kOpSize is Iz (2 or 4 bytes), kOpSizeWide Iv (2, 4 or 8: MOV r64, imm64).
enum class Imm : uint8_t {
  kNone, kByte, kWord, kOpSize, kOpSizeWide, kAddrSize, kRelByte, kRelOpSize, kFarPtr
};

// How a row's operands use the register fields (Entry::fields), from its operand string.
namespace field {
constexpr uint8_t kRegRex = 1u << 0;    // ModRM.reg names a register REX.R extends (G V C D)
constexpr uint8_t kRegByte = 1u << 1;   // ... an 8-bit one (Gb)
constexpr uint8_t kRmRex = 1u << 2;     // ModRM.rm names a register REX.B extends (E R W U)
constexpr uint8_t kRmByte = 1u << 3;    // ... an 8-bit one (Eb, Rb)
constexpr uint8_t kOpcodeReg = 1u << 4; // the opcode's low bits name a register (Zb, Zv)
}  // namespace field

struct Entry {
  Op op = Op::UNDEFINED;
  uint16_t attrs = 0;
  Imm imm1 = Imm::kNone, imm2 = Imm::kNone;
  uint8_t fields = 0;
};

struct Row {
  int map, first, last, reg, gen_min, gen_max;
  Op op;
  std::string_view operands;
  uint16_t attrs;
};

constexpr Row kRows[] = {
#define ROW(map, first, last, reg, gmin, gmax, op, operands, attrs) \
  {map, first, last, reg, gmin, gmax, Op::op, operands, static_cast<uint16_t>(attrs)},
#include "cpu/decode_table.inc"
#undef ROW
};

constexpr const char* kOpNames[] = {
#define OP(name) #name,
#include "cpu/ops.inc"
#undef OP
};

bool OperandsUseModRM(std::string_view ops) {
  // E G M R S C D, the MMX N P Q and the XMM U V W name ModRM fields (SDM Vol. 2D, A.2.1) when alone or
  // followed by a lower-case size letter (Eb, Gv, Mp, Sw, Pq); fixed registers (ES, CS, DX, AL)
  // are all upper case.
  for (size_t i = 0; i < ops.size(); ++i) {
    const bool token_start = i == 0 || ops[i - 1] == ',';
    if (!token_start || std::string_view("EGMRSCDNPQUVW").find(ops[i]) == std::string_view::npos)
      continue;
    const bool single = i + 1 == ops.size() || ops[i + 1] == ',';
    if (single || (ops[i + 1] >= 'a' && ops[i + 1] <= 'z')) return true;
  }
  return false;
}

// The register-field use of one operand token (SDM Vol. 2D, A.2.1; REX.R and REX.B extend the
// general, control, debug and XMM registers, not the MMX or segment ones: Vol. 2A, 2.2.1.2).
uint8_t FieldsOf(std::string_view tok) {
  if (tok.empty()) return 0;
  // Fixed registers (CL, DX) use no field: "CL" is not a control register.
  if (tok.size() == 2 && tok[1] >= 'A' && tok[1] <= 'Z') return 0;
  const bool byte = tok.size() >= 2 && tok[1] == 'b';
  switch (tok[0]) {
    case 'G': return field::kRegRex | (byte ? field::kRegByte : 0);
    case 'V': case 'C': case 'D': return field::kRegRex;
    case 'E': case 'R': return field::kRmRex | (byte ? field::kRmByte : 0);
    case 'W': case 'U': case 'M': return field::kRmRex;
    case 'Z': return field::kOpcodeReg | (byte ? field::kRmByte : 0);
    default: return 0;
  }
}

Imm ImmOf(std::string_view tok) {
  if (tok == "Ib") return Imm::kByte;
  if (tok == "Iw") return Imm::kWord;
  if (tok == "Iz") return Imm::kOpSize;
  if (tok == "Iv") return Imm::kOpSizeWide;
  if (tok == "Jb") return Imm::kRelByte;
  if (tok == "Jz") return Imm::kRelOpSize;
  if (tok == "Ob" || tok == "Ov") return Imm::kAddrSize;
  if (tok == "Ap") return Imm::kFarPtr;
  return Imm::kNone;
}

// The tables hold one slot per generation and, after them, one for 64-bit mode: the P6
// generation's rows without the i64 ones and with the o64 ones (the models with long mode are
// all P6 for the decoder).
constexpr int kSlot64 = kGenP6 + 1;
constexpr int kSlots = kSlot64 + 1;

struct Tables {
  // [generation or kSlot64][map][opcode][reg]
  Entry entry[kSlots][kMapCount][256][8];
  bool modrm[kSlots][kMapCount][256];
  // Whether a mandatory prefix selects another row for this 0F/0F 38/0F 3A opcode, and the
  // feature (DecodeAttr kNeed*) each variant's rows need (the rows of one prefixed opcode need
  // the same feature; the decoder checks the selected row's own attribute in the end).
  bool prefixed[kSlots][kMapCount][256];
  uint16_t need[kSlots][kMapCount][256];
};

// Register forms (mod = 11B) of memory-only group rows that are instructions of their own,
// selected by the whole ModRM byte (SDM Vol. 2D, Table A-6, group 7). Each is #UD elsewhere.
struct RegisterForm {
  int map;
  uint8_t opcode, modrm;
  bool only64;
  Op op;
};
constexpr RegisterForm kRegisterForms[] = {
    {kMap0F, 0x01, 0xF8, true, Op::SWAPGS},  // SDM Vol. 2B, SWAPGS: valid only in 64-bit mode
    {kMap0F, 0x01, 0xF9, false, Op::RDTSCP},  // SDM Vol. 2B, RDTSCP: every mode, if CPUID says
};

Op RegisterFormOp(int map, uint8_t opcode, uint8_t modrm, bool mode64) {
  for (const RegisterForm& f : kRegisterForms)
    if (f.map == map && f.opcode == opcode && f.modrm == modrm && (mode64 || !f.only64))
      return f.op;
  return Op::UNDEFINED;
}

bool IsPrefixVariant(int map) { return map >= kMap0F && (map - kMap0F) % 4 != 0; }

// Whether a row fills table slot `slot` (a generation, or kSlot64).
bool RowInSlot(const Row& row, int slot) {
  if (slot == kSlot64) return row.gen_max == kGenP6 && !(row.attrs & kNo64);
  return slot >= row.gen_min && slot <= row.gen_max && !(row.attrs & kOnly64);
}

void BuildTables(Tables& t) {
  bool assigned[kSlots][kMapCount][256] = {};
  for (const Row& row : kRows) {
    Entry e;
    e.op = row.op;
    e.attrs = row.attrs;
    std::string_view rest = row.operands;
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      const std::string_view tok = rest.substr(0, comma);
      Imm imm = ImmOf(tok);
      if (imm != Imm::kNone) (e.imm1 == Imm::kNone ? e.imm1 : e.imm2) = imm;
      e.fields |= FieldsOf(tok);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
    bool uses_modrm = OperandsUseModRM(row.operands);
    for (int gen = 0; gen < kSlots; ++gen) {
      if (!RowInSlot(row, gen)) continue;
      for (int opc = row.first; opc <= row.last; ++opc) {
        t.modrm[gen][row.map][opc] |= uses_modrm;
        if (row.attrs & kNeedMask) t.need[gen][row.map][opc] = row.attrs & kNeedMask;
        assigned[gen][row.map][opc] = true;
        for (int reg = 0; reg < 8; ++reg)
          if (row.reg < 0 || row.reg == reg) t.entry[gen][row.map][opc][reg] = e;
      }
    }
  }
  // A prefix variant without rows of its own decodes as the prefix-less form.
  for (int gen = 0; gen < kSlots; ++gen)
    for (int map = kMap0F; map < kMapCount; ++map) {
      if (!IsPrefixVariant(map)) continue;
      const int plain = map - (map - kMap0F) % 4;
      for (int opc = 0; opc < 256; ++opc) {
        if (assigned[gen][map][opc]) {
          t.prefixed[gen][plain][opc] = true;
          continue;
        }
        t.modrm[gen][map][opc] = t.modrm[gen][plain][opc];
        t.need[gen][map][opc] = t.need[gen][plain][opc];
        std::memcpy(t.entry[gen][map][opc], t.entry[gen][plain][opc], sizeof t.entry[0][0][0]);
      }
    }
  // The first generation with an entry fills the gaps of the numbering (1 is unused).
  for (int map = 0; map < kMapCount; ++map)
    for (int opc = 0; opc < 256; ++opc) {
      t.modrm[1][map][opc] = t.modrm[0][map][opc];
      t.need[1][map][opc] = t.need[0][map][opc];
      t.prefixed[1][map][opc] = t.prefixed[0][map][opc];
      std::memcpy(t.entry[1][map][opc], t.entry[0][map][opc], sizeof t.entry[0][map][opc]);
    }
}

const Tables& GetTables() {
  static const Tables* tables = [] {
    auto* t = new Tables{};
    BuildTables(*t);
    return t;
  }();
  return *tables;
}

// Whether the model has the feature a row needs (DecodeAttr kNeed*).
bool ModelHas(const CpuModel& m, uint16_t need) {
  switch (need) {
    case 0: return true;
    case kNeedSse: return m.cpuid_features & cpuid_edx::kSse;
    case kNeedSse2: return m.cpuid_features & cpuid_edx::kSse2;
    case kNeedSse3: return m.cpuid_features_ecx & cpuid_ecx::kSse3;
    case kNeedSsse3: return m.cpuid_features_ecx & cpuid_ecx::kSsse3;
    case kNeedSse41: return m.cpuid_features_ecx & cpuid_ecx::kSse41;
    case kNeedSse42: return m.cpuid_features_ecx & cpuid_ecx::kSse42;
    case kNeedPopcnt: return m.cpuid_features_ecx & cpuid_ecx::kPopcnt;
    default: return false;
  }
}

// The map variant (0 none, 1 66, 2 F3, 3 F2) the prefixes select on this model.
int PrefixVariant(const CpuModel& m, uint8_t flags, bool saw_66) {
  if ((flags & (insn_flag::kRep | insn_flag::kRepne)) && (m.cpuid_features & cpuid_edx::kSse))
    return (flags & insn_flag::kRep) ? 2 : 3;
  if (saw_66 && (m.cpuid_features & cpuid_edx::kSse2)) return 1;
  return 0;
}

class ByteReader {
 public:
  ByteReader(const uint8_t* bytes, size_t avail) : bytes_(bytes), avail_(avail) {}
  size_t pos() const { return pos_; }
  uint32_t Take(int n) {
    uint32_t v = 0;
    for (int i = 0; i < n; ++i, ++pos_)
      if (pos_ < avail_) v |= uint32_t{bytes_[pos_]} << (8 * i);
    return v;
  }

 private:
  const uint8_t* bytes_;
  size_t avail_;
  size_t pos_ = 0;
};

// 16-bit ModRM addressing (SDM Vol. 2A, Table 2-1).
void DecodeAddress16(uint8_t mod, uint8_t rm, ByteReader& in, DecodedInsn* d) {
  static constexpr uint8_t kBase[8] = {kEbx, kEbx, kEbp, kEbp, kNoReg, kNoReg, kEbp, kEbx};
  static constexpr uint8_t kIndex[8] = {kEsi, kEdi, kEsi, kEdi, kEsi, kEdi, kNoReg, kNoReg};
  d->base = kBase[rm];
  d->index = kIndex[rm];
  if (mod == 0 && rm == 6) {
    d->base = kNoReg;
    d->disp = in.Take(2);
  } else if (mod == 1) {
    d->disp = static_cast<uint32_t>(static_cast<int8_t>(in.Take(1)));
  } else if (mod == 2) {
    d->disp = in.Take(2);
  }
  if (d->base == kEbp) d->seg = kSs;
}

// 32-bit ModRM and SIB addressing (SDM Vol. 2A, Tables 2-2 and 2-3).
void DecodeAddress32(uint8_t mod, uint8_t rm, ByteReader& in, DecodedInsn* d) {
  if (rm == 4) {
    uint8_t sib = static_cast<uint8_t>(in.Take(1));
    d->scale = sib >> 6;
    uint8_t index = (sib >> 3) & 7;
    d->index = index == 4 ? static_cast<uint8_t>(kNoReg) : index;
    d->base = sib & 7;
    if (d->base == kEbp && mod == 0) {
      d->base = kNoReg;
      d->disp = in.Take(4);
    }
  } else if (mod == 0 && rm == 5) {
    d->base = kNoReg;
    d->disp = in.Take(4);
  } else {
    d->base = rm;
  }
  if (mod == 1)
    d->disp = static_cast<uint32_t>(static_cast<int8_t>(in.Take(1)));
  else if (mod == 2)
    d->disp = in.Take(4);
  if (d->base == kEsp || d->base == kEbp) d->seg = kSs;
}

// 64-bit mode ModRM and SIB addressing (SDM Vol. 2A, 2.2.1.1-2.2.1.3 and Table 2-5): REX.X
// and REX.B extend SIB.index, SIB.base and ModRM.rm; mod 00 with rm 101 is RIP-relative (the
// SIB form with base 101 stays an absolute disp32); index 100 without REX.X means no index.
// With a 67 prefix the same forms compute a 32-bit address.
void DecodeAddress64(uint8_t mod, uint8_t rm, uint8_t rex, ByteReader& in, DecodedInsn* d) {
  const uint8_t rex_b = (rex & 1) << 3, rex_x = (rex & 2) << 2;
  if (rm == 4) {
    const uint8_t sib = static_cast<uint8_t>(in.Take(1));
    d->scale = sib >> 6;
    const uint8_t index = ((sib >> 3) & 7) | rex_x;
    d->index = index == kEsp ? static_cast<uint8_t>(kNoReg) : index;
    if ((sib & 7) == kEbp && mod == 0) {
      d->base = kNoReg;
      d->disp = in.Take(4);
    } else {
      d->base = (sib & 7) | rex_b;
    }
  } else if (mod == 0 && rm == 5) {
    d->base = kNoReg;
    d->wide |= insn_wide::kRipRel;
    d->disp = in.Take(4);
  } else {
    d->base = rm | rex_b;
  }
  if (mod == 1)
    d->disp = static_cast<uint32_t>(static_cast<int8_t>(in.Take(1)));
  else if (mod == 2)
    d->disp = in.Take(4);
  // RSP and RBP address the stack; R12 and R13 do not (the default segment follows the
  // register, which decides between #SS and #GP for a non-canonical address).
  if (d->base == kEsp || d->base == kEbp) d->seg = kSs;
}

// An immediate of `kind` with operand and address sizes in bytes (2, 4, 8). Eight-byte ones
// (Iv with REX.W, moffs64) come back whole; Iz stays 4 bytes under REX.W (sign-extended by the
// handler; SDM Vol. 2A, 2.2.1.5).
uint64_t TakeImmediate(Imm kind, unsigned op_bytes, unsigned addr_bytes, ByteReader& in) {
  auto take = [&in](unsigned n) -> uint64_t {
    if (n < 8) return in.Take(static_cast<int>(n));
    const uint64_t lo = in.Take(4);
    return lo | (uint64_t{in.Take(4)} << 32);
  };
  switch (kind) {
    case Imm::kNone: return 0;
    case Imm::kByte: return in.Take(1);
    case Imm::kWord: return in.Take(2);
    case Imm::kOpSize: return in.Take(op_bytes == 2 ? 2 : 4);
    case Imm::kOpSizeWide: return take(op_bytes);
    case Imm::kAddrSize: return take(addr_bytes);
    case Imm::kRelByte: return static_cast<uint32_t>(static_cast<int8_t>(in.Take(1)));
    case Imm::kRelOpSize:
      return op_bytes != 2 ? in.Take(4) : static_cast<uint32_t>(static_cast<int16_t>(in.Take(2)));
    case Imm::kFarPtr: return in.Take(op_bytes == 2 ? 2 : 4);
  }
  return 0;
}

// The register fields of `d` for `entry` (DecodedInsn::reg_field, rm_field).
void ResolveRegisterFields(const Entry& entry, uint8_t rex, DecodedInsn* d) {
  const bool has_rex = rex != 0;
  auto byte_reg = [has_rex](uint8_t r) {
    return has_rex && r >= 4 && r < 8 ? static_cast<uint8_t>(r | kRexByteReg) : r;
  };
  uint8_t reg = d->ext();
  if (entry.fields & field::kRegRex) reg |= (rex & 4) << 1;
  if (entry.fields & field::kRegByte) reg = byte_reg(reg);
  uint8_t rm = (entry.fields & field::kOpcodeReg) ? (d->opcode & 7) : (d->modrm & 7);
  if (entry.fields & (field::kRmRex | field::kOpcodeReg)) rm |= (rex & 1) << 3;
  if (entry.fields & field::kRmByte) rm = byte_reg(rm);
  d->reg_field = reg;
  d->rm_field = rm;
}

}  // namespace

const char* OpName(Op op) { return kOpNames[static_cast<size_t>(op)]; }

const DecodeRow* DecodeRows(size_t* count) {
  static const auto* rows = [] {
    auto* v = new DecodeRow[std::size(kRows)];
    for (size_t i = 0; i < std::size(kRows); ++i) {
      const Row& r = kRows[i];
      v[i] = DecodeRow{r.map, r.first, r.last, r.reg, r.gen_min, r.gen_max, r.op,
                       r.operands.data(), r.attrs};
    }
    return v;
  }();
  *count = std::size(kRows);
  return rows;
}

DecodeStatus Decode(const CpuModel& model, CodeMode mode, const uint8_t* bytes, size_t avail,
                    DecodedInsn* d) {
  const Tables& t = GetTables();
  const bool mode64 = mode == CodeMode::k64;
  const bool code32 = mode != CodeMode::k16;
  const int gen = mode64 ? kSlot64 : model.gen;
  ByteReader in(bytes, avail);
  // Longer instructions are #GP(0): 15 bytes from the 80386 on (SDM Vol. 2A, 2.3.11), 10 on
  // the 80286 (model.h).
  const size_t max_len = model.max_insn_length;
  *d = DecodedInsn{};
  d->base = d->index = kNoReg;
  d->seg = kDs;
  bool o32 = code32, a32 = code32 && !mode64;
  int seg_override = -1;
  bool saw_66 = false, check_feature = false;
  // The REX prefix (64-bit mode, 40-4F) counts only as the last prefix: another prefix after
  // it makes it ignored (SDM Vol. 2A, 2.2.1).
  uint8_t rex = 0;
  uint8_t opcode;
  int map = 0;
  // Prefixes, in any order and repeated (SDM Vol. 2A, 2.1.1). The 8086 and 80286 know F1 as a
  // second LOCK; 64-67 arrived with the 80386.
  for (;;) {
    if (in.pos() >= max_len) {
      d->op = Op::TOO_LONG;
      d->len = static_cast<uint8_t>(max_len);
      return DecodeStatus::kOk;
    }
    if (in.pos() >= avail) return DecodeStatus::kNeedMoreBytes;
    opcode = static_cast<uint8_t>(in.Take(1));
    if (mode64 && (opcode & 0xF0) == 0x40) {
      rex = opcode;
      continue;
    }
    const uint8_t rex_before = rex;
    rex = 0;
    switch (opcode) {
      // In 64-bit mode the CS, DS, ES and SS overrides are ignored: those segments have no
      // base or limit there (SDM Vol. 2A, 2.1.1, group 2; Vol. 1, 3.3.7.1).
      case 0x26: if (!mode64) seg_override = kEs; continue;
      case 0x2E: if (!mode64) seg_override = kCs; continue;
      case 0x36: if (!mode64) seg_override = kSs; continue;
      case 0x3E: if (!mode64) seg_override = kDs; continue;
      case 0xF0: d->flags |= insn_flag::kLock; continue;
      case 0xF2: d->flags = (d->flags & ~insn_flag::kRep) | insn_flag::kRepne; continue;
      case 0xF3: d->flags = (d->flags & ~insn_flag::kRepne) | insn_flag::kRep; continue;
      default: break;
    }
    if (gen < kGen386 && opcode == 0xF1) { d->flags |= insn_flag::kLock; continue; }
    if (gen >= kGen386) {
      if (opcode == 0x64) { seg_override = kFs; continue; }
      if (opcode == 0x65) { seg_override = kGs; continue; }
      if (opcode == 0x66) { o32 = !code32; saw_66 = true; continue; }
      // 64-bit mode: 67 selects 32-bit addresses (SDM Vol. 2A, Table 2-4).
      if (opcode == 0x67) { a32 = mode64 || !code32; continue; }
    }
    rex = rex_before;  // the opcode: a REX right before it stays in effect
    break;
  }
  if (opcode == 0x0F && gen >= kGen286) {
    map = kMap0F;
    opcode = static_cast<uint8_t>(in.Take(1));
    // The three-byte maps arrived with SSSE3; before it 0F 38 and 0F 3A are undefined.
    if ((opcode == 0x38 || opcode == 0x3A) && (model.cpuid_features_ecx & cpuid_ecx::kSsse3)) {
      map = opcode == 0x38 ? kMap0F38 : kMap0F3A;
      opcode = static_cast<uint8_t>(in.Take(1));
    }
    if (t.prefixed[gen][map][opcode]) {
      const int variant = PrefixVariant(model, d->flags, saw_66);
      if (variant && ModelHas(model, t.need[gen][map + variant][opcode])) map += variant;
    }
    check_feature = true;
  }
  d->opcode = opcode;
  const Entry* entry = &t.entry[gen][map][opcode][0];
  if (t.modrm[gen][map][opcode]) {
    d->modrm = static_cast<uint8_t>(in.Take(1));
    entry = &t.entry[gen][map][opcode][d->ext()];
    uint8_t mod = d->modrm >> 6;
    if (mod != 3 && !(entry->attrs & kCtrlReg)) {
      d->flags |= insn_flag::kMemOp;
      if (mode64)
        DecodeAddress64(mod, d->modrm & 7, rex, in, d);
      else if (a32)
        DecodeAddress32(mod, d->modrm & 7, in, d);
      else
        DecodeAddress16(mod, d->modrm & 7, in, d);
    }
  }
  ResolveRegisterFields(*entry, rex, d);
  // 64-bit mode operand size (SDM Vol. 2A, 2.2.1.2 and Table 2-4): REX.W gives 64 and wins
  // over 66; the d64 rows default to 64 and the f64 rows always have it.
  bool o64 = false;
  if (mode64) {
    if (rex) d->wide |= insn_wide::kRex;
    if (rex & 8) d->wide |= insn_wide::kRexW;
    o64 = (rex & 8) || (entry->attrs & kForce64) || ((entry->attrs & kDefault64) && !saw_66);
    if (o64) o32 = false;
  }
  const unsigned op_bytes = o64 ? 8 : o32 ? 4 : 2;
  const unsigned addr_bytes = mode64 && !a32 ? 8 : a32 ? 4 : 2;
  // The row's own feature: group opcodes (0F AE) mix features by ModRM.reg.
  const bool lacks_feature = check_feature && !ModelHas(model, entry->attrs & kNeedMask);
  d->op = lacks_feature ? Op::UNDEFINED : entry->op;
  // 90 with REX.B is XCHG r8, rAX: only 90 without it is NOP (SDM Vol. 2B, NOP and XCHG).
  if (mode64 && map == kMapOneByte && opcode == 0x90 && (rex & 1)) {
    d->op = Op::XCHG_ZveAX;
    d->rm_field = kR8;
  }
  const uint64_t imm = TakeImmediate(entry->imm1, op_bytes, addr_bytes, in);
  d->imm = static_cast<uint32_t>(imm);
  if (imm >> 32) d->disp = static_cast<uint32_t>(imm >> 32);  // no ModRM: imm64, moffs64
  if (entry->imm1 == Imm::kFarPtr)
    d->imm2 = static_cast<uint16_t>(in.Take(2));
  else if (entry->imm2 != Imm::kNone)
    d->imm2 = static_cast<uint16_t>(TakeImmediate(entry->imm2, op_bytes, addr_bytes, in));

  if (in.pos() > max_len) {
    d->op = Op::TOO_LONG;
    d->len = static_cast<uint8_t>(max_len);
    return DecodeStatus::kOk;
  }
  if (in.pos() > avail) return DecodeStatus::kNeedMoreBytes;
  d->len = static_cast<uint8_t>(in.pos());
  if (seg_override >= 0) {
    d->seg = static_cast<uint8_t>(seg_override);
    d->flags |= insn_flag::kSegOverride;
  }
  if (o32) d->flags |= insn_flag::kO32;
  if (o64) d->wide |= insn_wide::kO64;
  if (a32) d->flags |= insn_flag::kA32;
  else if (mode64) d->wide |= insn_wide::kA64;
  if (entry->attrs & kEnd) d->flags |= insn_flag::kEndsBlock;
  const bool lock_ok = (entry->attrs & kLock) && d->mem();
  if ((entry->attrs & kMem) && !d->mem() && model.has_invalid_opcode)
    d->op = RegisterFormOp(map, opcode, d->modrm, mode64);
  // The 80386 introduced #UD for LOCK on an instruction or operand that cannot be locked.
  if ((d->flags & insn_flag::kLock) && !lock_ok && gen >= kGen386) d->op = Op::UNDEFINED;
  if (d->op == Op::UNDEFINED) d->flags |= insn_flag::kEndsBlock;
  return DecodeStatus::kOk;
}

}  // namespace m86
