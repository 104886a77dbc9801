#include "cpu/decoder.h"

#include <array>
#include <cstring>
#include <string_view>

#include "cpu/state.h"

namespace m86 {
namespace {

// How the bytes after the opcode (and ModRM) are laid out, derived from a row's operand string.
enum class Imm : uint8_t { kNone, kByte, kWord, kOpSize, kAddrSize, kRelByte, kRelOpSize, kFarPtr };

struct Entry {
  Op op = Op::UNDEFINED;
  uint16_t attrs = 0;
  Imm imm1 = Imm::kNone, imm2 = Imm::kNone;
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

Imm ImmOf(std::string_view tok) {
  if (tok == "Ib") return Imm::kByte;
  if (tok == "Iw") return Imm::kWord;
  if (tok == "Iz") return Imm::kOpSize;
  if (tok == "Jb") return Imm::kRelByte;
  if (tok == "Jz") return Imm::kRelOpSize;
  if (tok == "Ob" || tok == "Ov") return Imm::kAddrSize;
  if (tok == "Ap") return Imm::kFarPtr;
  return Imm::kNone;
}

struct Tables {
  // [generation][map][opcode][reg]
  Entry entry[kGenP6 + 1][kMapCount][256][8];
  bool modrm[kGenP6 + 1][kMapCount][256];
  // Whether a mandatory prefix selects another row for this 0F/0F 38/0F 3A opcode, and the
  // feature (DecodeAttr kNeed*) each variant's rows need (the rows of one prefixed opcode need
  // the same feature; the decoder checks the selected row's own attribute in the end).
  bool prefixed[kGenP6 + 1][kMapCount][256];
  uint16_t need[kGenP6 + 1][kMapCount][256];
};

bool IsPrefixVariant(int map) { return map >= kMap0F && (map - kMap0F) % 4 != 0; }

void BuildTables(Tables& t) {
  bool assigned[kGenP6 + 1][kMapCount][256] = {};
  for (const Row& row : kRows) {
    Entry e;
    e.op = row.op;
    e.attrs = row.attrs;
    std::string_view rest = row.operands;
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      Imm imm = ImmOf(rest.substr(0, comma));
      if (imm != Imm::kNone) (e.imm1 == Imm::kNone ? e.imm1 : e.imm2) = imm;
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
    bool uses_modrm = OperandsUseModRM(row.operands);
    for (int gen = row.gen_min; gen <= row.gen_max; ++gen) {
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
  for (int gen = 0; gen <= kGenP6; ++gen)
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

uint32_t TakeImmediate(Imm kind, bool o32, bool a32, ByteReader& in) {
  switch (kind) {
    case Imm::kNone: return 0;
    case Imm::kByte: return in.Take(1);
    case Imm::kWord: return in.Take(2);
    case Imm::kOpSize: return in.Take(o32 ? 4 : 2);
    case Imm::kAddrSize: return in.Take(a32 ? 4 : 2);
    case Imm::kRelByte: return static_cast<uint32_t>(static_cast<int8_t>(in.Take(1)));
    case Imm::kRelOpSize:
      return o32 ? in.Take(4) : static_cast<uint32_t>(static_cast<int16_t>(in.Take(2)));
    case Imm::kFarPtr: return in.Take(o32 ? 4 : 2);
  }
  return 0;
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

DecodeStatus Decode(const CpuModel& model, bool code32, const uint8_t* bytes, size_t avail,
                    DecodedInsn* d) {
  const Tables& t = GetTables();
  const int gen = model.gen;
  ByteReader in(bytes, avail);
  // Longer instructions are #GP(0): 15 bytes from the 80386 on (SDM Vol. 2A, 2.3.11), 10 on
  // the 80286 (model.h).
  const size_t max_len = model.max_insn_length;
  *d = DecodedInsn{};
  d->base = d->index = kNoReg;
  d->seg = kDs;
  bool o32 = code32, a32 = code32;
  int seg_override = -1;
  bool saw_66 = false, check_feature = false;
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
    switch (opcode) {
      case 0x26: seg_override = kEs; continue;
      case 0x2E: seg_override = kCs; continue;
      case 0x36: seg_override = kSs; continue;
      case 0x3E: seg_override = kDs; continue;
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
      if (opcode == 0x67) { a32 = !code32; continue; }
    }
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
    entry = &t.entry[gen][map][opcode][d->reg()];
    uint8_t mod = d->modrm >> 6;
    if (mod != 3 && !(entry->attrs & kCtrlReg)) {
      d->flags |= insn_flag::kMemOp;
      if (a32)
        DecodeAddress32(mod, d->rm(), in, d);
      else
        DecodeAddress16(mod, d->rm(), in, d);
    }
  }
  // The row's own feature: group opcodes (0F AE) mix features by ModRM.reg.
  const bool lacks_feature = check_feature && !ModelHas(model, entry->attrs & kNeedMask);
  d->op = lacks_feature ? Op::UNDEFINED : entry->op;
  d->imm = TakeImmediate(entry->imm1, o32, a32, in);
  if (entry->imm1 == Imm::kFarPtr)
    d->imm2 = static_cast<uint16_t>(in.Take(2));
  else if (entry->imm2 != Imm::kNone)
    d->imm2 = static_cast<uint16_t>(TakeImmediate(entry->imm2, o32, a32, in));

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
  if (a32) d->flags |= insn_flag::kA32;
  if (entry->attrs & kEnd) d->flags |= insn_flag::kEndsBlock;
  const bool lock_ok = (entry->attrs & kLock) && d->mem();
  if ((entry->attrs & kMem) && !d->mem() && model.has_invalid_opcode) d->op = Op::UNDEFINED;
  // The 80386 introduced #UD for LOCK on an instruction or operand that cannot be locked.
  if ((d->flags & insn_flag::kLock) && !lock_ok && gen >= kGen386) d->op = Op::UNDEFINED;
  if (d->op == Op::UNDEFINED) d->flags |= insn_flag::kEndsBlock;
  return DecodeStatus::kOk;
}

}  // namespace m86
