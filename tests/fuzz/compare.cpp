// Result comparison and mismatch reports.
#include "compare.h"

#include <algorithm>
#include <cstring>

#include "disasm.h"

namespace m86::fuzz {
namespace {

constexpr const char* kRegNames[8] = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};

uint32_t RegAt(const FuzzRegs& r, int i) {
  const uint32_t v[8] = {r.eax, r.ecx, r.edx, r.ebx, r.esp, r.ebp, r.esi, r.edi};
  return v[i];
}

// Exceptions that push an error code (SDM Vol. 3A, Table 6-1).
bool HasErrorCode(uint32_t vector) {
  return vector == 8 || (vector >= 10 && vector <= 14) || vector == 17;
}

int IndexAt(const Assembled& a, uint32_t eip) {
  for (size_t i = 0; i + 1 < a.offsets.size(); ++i) {
    if (kFuzzCodeAddr + a.offsets[i] == eip) return static_cast<int>(i);
  }
  return -1;
}

void Append(std::string* s, const std::string& field) {
  if (!s->empty()) *s += ' ';
  *s += field;
}

std::string Hex(uint32_t v, int digits = 8) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%0*x", digits, v);
  return buf;
}

std::string Describe(const FuzzResult& r) {
  std::string s = OutcomeName(r.outcome);
  s += " eip=+0x" + Hex(r.eip - kFuzzCodeAddr, 2);
  if (r.outcome != FuzzOutcome::kCompleted) {
    s += " vector=" + std::to_string(r.vector);
    if (HasErrorCode(r.vector)) s += " error=0x" + Hex(r.error_code, 1);
    if (r.vector == 14) s += " cr2=" + Hex(r.fault_addr);
  }
  return s;
}

}  // namespace

const char* OutcomeName(FuzzOutcome outcome) {
  switch (outcome) {
    case FuzzOutcome::kCompleted: return "completed";
    case FuzzOutcome::kDivideError: return "#DE";
    case FuzzOutcome::kInvalidOpcode: return "#UD";
    case FuzzOutcome::kMemoryFault: return "fault";
    case FuzzOutcome::kOtherSignal: return "trap";
    case FuzzOutcome::kTimeout: return "timeout";
    case FuzzOutcome::kHarnessError: return "harness-error";
  }
  return "?";
}

std::string FlagNames(uint32_t flags) {
  static constexpr struct { uint32_t bit; const char* name; } kNames[] = {
      {kFlagCf, "CF"}, {kFlagPf, "PF"}, {kFlagAf, "AF"}, {kFlagZf, "ZF"}, {kFlagSf, "SF"},
      {kFlagTf, "TF"}, {kFlagIf, "IF"}, {kFlagDf, "DF"}, {kFlagOf, "OF"}, {kFlagAc, "AC"}};
  std::string s;
  uint32_t rest = flags;
  for (const auto& n : kNames) {
    if (!(flags & n.bit)) continue;
    if (!s.empty()) s += ',';
    s += n.name;
    rest &= ~n.bit;
  }
  if (rest) {
    if (!s.empty()) s += ',';
    s += "0x";
    s += Hex(rest, 1);
  }
  return s;
}

Comparison Compare(const Assembled& a, const Analysis& an, const FuzzResult& native,
                   const FuzzResult& emu) {
  Comparison c;
  const int n = static_cast<int>(a.offsets.size()) - 1;
  if (native.outcome == FuzzOutcome::kCompleted ||
      native.eip == kFuzzCodeAddr + a.offsets.back()) {  // or a trap on the last instruction
    c.flag_mask = an.final_undef;
  } else {
    const int at = IndexAt(a, native.eip);
    if (at >= 0 && at < static_cast<int>(an.undef_before.size())) {
      c.flag_mask = an.undef_before[at];
    } else {
      c.flag_mask = kFuzzArithFlags;  // stopped mid-instruction: EIP differs anyway
    }
  }
  if (native.outcome != emu.outcome) Append(&c.fields, "outcome");
  if (native.eip != emu.eip) Append(&c.fields, "eip");
  if (native.outcome != FuzzOutcome::kCompleted && native.outcome == emu.outcome) {
    if (native.vector != emu.vector) Append(&c.fields, "vector");
    if (HasErrorCode(native.vector) && native.error_code != emu.error_code) {
      Append(&c.fields, "error-code");
    }
    if (native.vector == 14 && native.fault_addr != emu.fault_addr) Append(&c.fields, "cr2");
  }
  for (int r = 0; r < 8; ++r) {
    if (RegAt(native.regs, r) != RegAt(emu.regs, r)) Append(&c.fields, kRegNames[r]);
  }
  const uint32_t flag_diff = (native.regs.eflags ^ emu.regs.eflags) & ~c.flag_mask & ~kFlagRf;
  if (flag_diff) Append(&c.fields, "eflags(" + FlagNames(flag_diff) + ")");
  if (std::memcmp(native.data, emu.data, kFuzzDataSize) != 0) Append(&c.fields, "data");
  c.equal = c.fields.empty();
  // Blame the first instruction where the runs can have parted: a fault point, or else the
  // last instruction (after shrinking, the one whose effect differs).
  int blame = n - 1;
  for (const FuzzResult* r : {&native, &emu}) {
    if (r->outcome == FuzzOutcome::kCompleted) continue;
    const int at = IndexAt(a, r->eip);
    if (at >= 0 && at < blame) blame = at;
  }
  c.culprit = blame;
  return c;
}

std::string Category(const Assembled& a, const Comparison& c) {
  std::string name = "(empty)";
  if (c.culprit >= 0) {
    const FuzzCase& fc = *a.fuzz_case;
    const uint32_t off = a.offsets[c.culprit];
    name = Mnemonic(fc.code + off, a.offsets[c.culprit + 1] - off, kFuzzCodeAddr + off);
  }
  return name + ": " + c.fields;
}

void PrintReport(FILE* out, const Program& p, const Assembled& a, const FuzzResult& native,
                 const FuzzResult& emu, const Comparison& c) {
  const FuzzCase& fc = *a.fuzz_case;
  std::fprintf(out, "  code (%u bytes):", fc.code_len);
  for (uint32_t i = 0; i < fc.code_len; ++i) std::fprintf(out, " %02x", fc.code[i]);
  std::fprintf(out, "\n");
  for (size_t i = 0; i + 1 < a.offsets.size(); ++i) {
    const uint32_t off = a.offsets[i], len = a.offsets[i + 1] - off;
    std::string bytes;
    for (uint32_t k = 0; k < len; ++k) bytes += Hex(fc.code[off + k], 2) + " ";
    std::fprintf(out, "    +0x%02x  %-30s %s%s\n", off, bytes.c_str(),
                 Disassemble(fc.code + off, len, kFuzzCodeAddr + off).c_str(),
                 static_cast<int>(i) == c.culprit ? "   <--" : "");
  }
  const FuzzRegs& in = p.init;
  std::fprintf(out,
               "  initial:  eax=%08x ecx=%08x edx=%08x ebx=%08x\n"
               "            esp=%08x ebp=%08x esi=%08x edi=%08x eflags=%08x [%s]\n",
               in.eax, in.ecx, in.edx, in.ebx, in.esp, in.ebp, in.esi, in.edi,
               kFuzzBaseFlags | (in.eflags & kFuzzInputFlags),
               FlagNames(in.eflags & kFuzzInputFlags).c_str());
  std::fprintf(out, "  native:   %s\n  emulator: %s\n", Describe(native).c_str(),
               Describe(emu).c_str());
  std::fprintf(out, "  differs:  %s (undefined flags masked: %s)\n", c.fields.c_str(),
               c.flag_mask ? FlagNames(c.flag_mask).c_str() : "none");
  for (int r = 0; r < 8; ++r) {
    const uint32_t nv = RegAt(native.regs, r), ev = RegAt(emu.regs, r);
    if (nv != ev) std::fprintf(out, "    %-6s native %08x  emulator %08x\n", kRegNames[r], nv, ev);
  }
  if ((native.regs.eflags ^ emu.regs.eflags) & ~c.flag_mask & ~kFlagRf) {
    std::fprintf(out, "    eflags native %08x  emulator %08x\n", native.regs.eflags,
                 emu.regs.eflags);
  }
  // Differing data bytes, as runs.
  int runs = 0;
  for (uint32_t i = 0; i < kFuzzDataSize && runs < 8;) {
    if (native.data[i] == emu.data[i]) {
      ++i;
      continue;
    }
    uint32_t end = i;
    while (end < kFuzzDataSize && end - i < 16 && native.data[end] != emu.data[end]) ++end;
    std::string nb, eb, ib;
    for (uint32_t k = i; k < end; ++k) {
      nb += Hex(native.data[k], 2) + " ";
      eb += Hex(emu.data[k], 2) + " ";
      ib += Hex(p.data[k], 2) + " ";
    }
    std::fprintf(out, "    data %08x: native %s| emulator %s| initial %s\n", kFuzzDataAddr + i,
                 nb.c_str(), eb.c_str(), ib.c_str());
    ++runs;
    i = end;
  }
}

}  // namespace m86::fuzz
