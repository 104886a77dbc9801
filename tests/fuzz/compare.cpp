// Result comparison and mismatch reports.
#include "compare.h"

#include <algorithm>
#include <cstring>

#include "disasm.h"

namespace m86::fuzz {
namespace {

constexpr const char* kRegNames[8] = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
constexpr const char* kRegNames64[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp",
                                         "rsi", "rdi", "r8",  "r9",  "r10", "r11",
                                         "r12", "r13", "r14", "r15"};

uint32_t RegAt(const FuzzRegs& r, int i) {
  const uint32_t v[8] = {r.eax, r.ecx, r.edx, r.ebx, r.esp, r.ebp, r.esi, r.edi};
  return v[i];
}

// The two widths: where a run stopped, its flags, and whether to disassemble in 64-bit mode.
uint64_t StopIp(const FuzzResult& r) { return r.eip; }
uint64_t StopIp(const FuzzResult64& r) { return r.rip; }
uint32_t Flags(const FuzzResult& r) { return r.regs.eflags; }
uint32_t Flags(const FuzzResult64& r) { return static_cast<uint32_t>(r.regs.rflags); }
constexpr bool Is64(const Assembled&) { return false; }
constexpr bool Is64(const Assembled64&) { return true; }

// The registers that differ, by name.
void CompareRegisters(const FuzzResult& n, const FuzzResult& e, std::string* fields);
void CompareRegisters(const FuzzResult64& n, const FuzzResult64& e, std::string* fields);

// Exceptions that push an error code (SDM Vol. 3A, Table 6-1).
bool HasErrorCode(uint32_t vector) {
  return vector == 8 || (vector >= 10 && vector <= 14) || vector == 17;
}

template <typename A>
int IndexAt(const A& a, uint64_t eip) {
  for (size_t i = 0; i + 1 < a.offsets.size(); ++i) {
    if (kFuzzCodeAddr + a.offsets[i] == eip) return static_cast<int>(i);
  }
  return -1;
}

void Append(std::string* s, const std::string& field) {
  if (!s->empty()) *s += ' ';
  *s += field;
}

std::string Hex(uint64_t v, int digits = 8) {
  char buf[24];
  std::snprintf(buf, sizeof(buf), "%0*llx", digits, static_cast<unsigned long long>(v));
  return buf;
}

template <typename R>
std::string Describe(const R& r) {
  std::string s = OutcomeName(r.outcome);
  s += " eip=+0x" + Hex(StopIp(r) - kFuzzCodeAddr, 2);
  if (r.outcome != FuzzOutcome::kCompleted) {
    s += " vector=" + std::to_string(r.vector);
    if (HasErrorCode(r.vector)) s += " error=0x" + Hex(r.error_code, 1);
    if (r.vector == 14) s += " cr2=" + Hex(r.fault_addr);
  }
  return s;
}

// XMM registers and MXCSR, both widths.
template <int N>
void CompareSse(const FuzzXmmState<N>& n, const FuzzXmmState<N>& e, std::string* fields) {
  for (int x = 0; x < N; ++x) {
    if (n.xmm[x][0] != e.xmm[x][0] || n.xmm[x][1] != e.xmm[x][1]) {
      Append(fields, "xmm" + std::to_string(x));
    }
  }
  if (n.mxcsr != e.mxcsr) Append(fields, "mxcsr");
}

template <int N>
void PrintSse(FILE* out, const FuzzXmmState<N>& sse) {
  for (int x = 0; x < N; x += 2) {
    std::fprintf(out, "            xmm%-2d=%016llx%016llx xmm%-2d=%016llx%016llx\n", x,
                 static_cast<unsigned long long>(sse.xmm[x][1]),
                 static_cast<unsigned long long>(sse.xmm[x][0]), x + 1,
                 static_cast<unsigned long long>(sse.xmm[x + 1][1]),
                 static_cast<unsigned long long>(sse.xmm[x + 1][0]));
  }
}

template <int N>
void PrintSseDiffs(FILE* out, const FuzzXmmState<N>& native, const FuzzXmmState<N>& emu) {
  for (int x = 0; x < N; ++x) {
    const auto& n = native.xmm[x];
    const auto& e = emu.xmm[x];
    if (n[0] == e[0] && n[1] == e[1]) continue;
    std::fprintf(out, "    xmm%-3d native %016llx%016llx  emulator %016llx%016llx\n", x,
                 static_cast<unsigned long long>(n[1]), static_cast<unsigned long long>(n[0]),
                 static_cast<unsigned long long>(e[1]), static_cast<unsigned long long>(e[0]));
  }
  if (native.mxcsr != emu.mxcsr) {
    std::fprintf(out, "    mxcsr  native %08x  emulator %08x\n", native.mxcsr, emu.mxcsr);
  }
}

void CompareRegisters(const FuzzResult& n, const FuzzResult& e, std::string* fields) {
  for (int r = 0; r < 8; ++r) {
    if (RegAt(n.regs, r) != RegAt(e.regs, r)) Append(fields, kRegNames[r]);
  }
  CompareSse(n.sse, e.sse, fields);
}

void CompareRegisters(const FuzzResult64& n, const FuzzResult64& e, std::string* fields) {
  for (int r = 0; r < 16; ++r) {
    if (n.regs.gpr[r] != e.regs.gpr[r]) Append(fields, kRegNames64[r]);
  }
  CompareSse(n.sse, e.sse, fields);
}

void PrintInitial(FILE* out, const Program& p) {
  const FuzzRegs& in = p.init;
  std::fprintf(out,
               "  initial:  eax=%08x ecx=%08x edx=%08x ebx=%08x\n"
               "            esp=%08x ebp=%08x esi=%08x edi=%08x eflags=%08x [%s]\n"
               "            mxcsr=%08x\n",
               in.eax, in.ecx, in.edx, in.ebx, in.esp, in.ebp, in.esi, in.edi,
               kFuzzBaseFlags | (in.eflags & kFuzzInputFlags),
               FlagNames(in.eflags & kFuzzInputFlags).c_str(), p.sse.mxcsr);
  PrintSse(out, p.sse);
}

void PrintInitial(FILE* out, const Program64& p) {
  std::fprintf(out, "  initial:");
  for (int r = 0; r < 16; ++r) {
    std::fprintf(out, "%s%-3s=%016llx", r % 4 == 0 ? (r ? "\n            " : "  ") : " ",
                 kRegNames64[r], static_cast<unsigned long long>(p.init.gpr[r]));
  }
  const uint32_t flags = static_cast<uint32_t>(p.init.rflags) & kFuzzInputFlags;
  std::fprintf(out, "\n            rflags=%08x [%s] mxcsr=%08x\n", kFuzzBaseFlags | flags,
               FlagNames(flags).c_str(), p.sse.mxcsr);
  PrintSse(out, p.sse);
}

void PrintRegisterDiffs(FILE* out, const FuzzResult& native, const FuzzResult& emu) {
  for (int r = 0; r < 8; ++r) {
    const uint32_t nv = RegAt(native.regs, r), ev = RegAt(emu.regs, r);
    if (nv != ev) std::fprintf(out, "    %-6s native %08x  emulator %08x\n", kRegNames[r], nv, ev);
  }
  PrintSseDiffs(out, native.sse, emu.sse);
}

void PrintRegisterDiffs(FILE* out, const FuzzResult64& native, const FuzzResult64& emu) {
  for (int r = 0; r < 16; ++r) {
    const uint64_t nv = native.regs.gpr[r], ev = emu.regs.gpr[r];
    if (nv != ev) {
      std::fprintf(out, "    %-6s native %016llx  emulator %016llx\n", kRegNames64[r],
                   static_cast<unsigned long long>(nv), static_cast<unsigned long long>(ev));
    }
  }
  PrintSseDiffs(out, native.sse, emu.sse);
}

template <typename A, typename An, typename R>
Comparison CompareRuns(const A& a, const An& an, const R& native, const R& emu) {
  Comparison c;
  const int n = static_cast<int>(a.offsets.size()) - 1;
  if (native.outcome == FuzzOutcome::kCompleted ||
      StopIp(native) == kFuzzCodeAddr + a.offsets.back()) {  // or a trap on the last instruction
    c.flag_mask = an.final_undef;
  } else {
    const int at = IndexAt(a, StopIp(native));
    if (at >= 0 && at < static_cast<int>(an.undef_before.size())) {
      c.flag_mask = an.undef_before[at];
    } else {
      c.flag_mask = kFuzzArithFlags;  // stopped mid-instruction: EIP differs anyway
    }
  }
  if (native.outcome != emu.outcome) Append(&c.fields, "outcome");
  if (StopIp(native) != StopIp(emu)) Append(&c.fields, "eip");
  if (native.outcome != FuzzOutcome::kCompleted && native.outcome == emu.outcome) {
    if (native.vector != emu.vector) Append(&c.fields, "vector");
    if (HasErrorCode(native.vector) && native.error_code != emu.error_code) {
      Append(&c.fields, "error-code");
    }
    if (native.vector == 14 && native.fault_addr != emu.fault_addr) Append(&c.fields, "cr2");
  }
  CompareRegisters(native, emu, &c.fields);
  const uint32_t flag_diff = (Flags(native) ^ Flags(emu)) & ~c.flag_mask & ~kFlagRf;
  if (flag_diff) Append(&c.fields, "eflags(" + FlagNames(flag_diff) + ")");
  if (std::memcmp(native.data, emu.data, kFuzzDataSize) != 0) Append(&c.fields, "data");
  c.equal = c.fields.empty();
  // Blame the first instruction where the runs can have parted: a fault point, or else the
  // last instruction (after shrinking, the one whose effect differs).
  int blame = n - 1;
  for (const R* r : {&native, &emu}) {
    if (r->outcome == FuzzOutcome::kCompleted) continue;
    const int at = IndexAt(a, StopIp(*r));
    if (at >= 0 && at < blame) blame = at;
  }
  c.culprit = blame;
  return c;
}

template <typename A>
std::string CategoryOf(const A& a, const Comparison& c) {
  std::string name = "(empty)";
  if (c.culprit >= 0) {
    const auto& fc = *a.fuzz_case;
    const uint32_t off = a.offsets[c.culprit];
    name = Mnemonic(fc.code + off, a.offsets[c.culprit + 1] - off, kFuzzCodeAddr + off, Is64(a));
  }
  return name + ": " + c.fields;
}

// The code (bytes and disassembly, `culprit` marked) and the initial state.
template <typename P, typename A>
void PrintCase(FILE* out, const P& p, const A& a, int culprit) {
  const auto& fc = *a.fuzz_case;
  std::fprintf(out, "  code (%u bytes):", fc.code_len);
  for (uint32_t i = 0; i < fc.code_len; ++i) std::fprintf(out, " %02x", fc.code[i]);
  std::fprintf(out, "\n");
  for (size_t i = 0; i + 1 < a.offsets.size(); ++i) {
    const uint32_t off = a.offsets[i], len = a.offsets[i + 1] - off;
    std::string bytes;
    for (uint32_t k = 0; k < len; ++k) bytes += Hex(fc.code[off + k], 2) + " ";
    std::fprintf(out, "    +0x%02x  %-30s %s%s\n", off, bytes.c_str(),
                 Disassemble(fc.code + off, len, kFuzzCodeAddr + off, Is64(a)).c_str(),
                 static_cast<int>(i) == culprit ? "   <--" : "");
  }
  PrintInitial(out, p);
}

template <typename P, typename A, typename R>
void Print(FILE* out, const P& p, const A& a, const R& native, const R& emu,
           const Comparison& c) {
  PrintCase(out, p, a, c.culprit);
  std::fprintf(out, "  native:   %s\n  emulator: %s\n", Describe(native).c_str(),
               Describe(emu).c_str());
  std::fprintf(out, "  differs:  %s (undefined flags masked: %s)\n", c.fields.c_str(),
               c.flag_mask ? FlagNames(c.flag_mask).c_str() : "none");
  PrintRegisterDiffs(out, native, emu);
  if ((Flags(native) ^ Flags(emu)) & ~c.flag_mask & ~kFlagRf) {
    std::fprintf(out, "    eflags native %08x  emulator %08x\n", Flags(native), Flags(emu));
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
  return CompareRuns(a, an, native, emu);
}

Comparison Compare(const Assembled64& a, const Analysis64& an, const FuzzResult64& native,
                   const FuzzResult64& emu) {
  return CompareRuns(a, an, native, emu);
}

std::string Category(const Assembled& a, const Comparison& c) { return CategoryOf(a, c); }
std::string Category(const Assembled64& a, const Comparison& c) { return CategoryOf(a, c); }

void PrintProgram(FILE* out, const Program& p, const Assembled& a, int culprit) {
  PrintCase(out, p, a, culprit);
}

void PrintProgram(FILE* out, const Program64& p, const Assembled64& a, int culprit) {
  PrintCase(out, p, a, culprit);
}

void PrintReport(FILE* out, const Program& p, const Assembled& a, const FuzzResult& native,
                 const FuzzResult& emu, const Comparison& c) {
  Print(out, p, a, native, emu, c);
}

void PrintReport(FILE* out, const Program64& p, const Assembled64& a, const FuzzResult64& native,
                 const FuzzResult64& emu, const Comparison& c) {
  Print(out, p, a, native, emu, c);
}

}  // namespace m86::fuzz
