#include "tests/sst/runner.h"

#include <algorithm>
#include <cinttypes>
#include <cstdarg>

#include "cpu/bus.h"
#include "cpu/cpu.h"
#include "cpu/phys_memory.h"
#include "cpu/segments.h"

namespace m86::sst {
namespace {

// The vectors were captured with nothing on the bus: an IN reads all ones (E4/E5/EC/ED files),
// OUT goes nowhere.
class FloatingBus final : public PortIo {
 public:
  uint32_t In(uint16_t, int size) override {
    return size >= 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
  }
  void Out(uint16_t, int, uint32_t) override {}
};

constexpr int kMaxSteps286 = 64;  // a 286 test that has not reached its HLT by then fails
constexpr int kMaxRepSlices = 64;  // Step()s one 8086 REP string instruction may take

// True for an 8086 REP/REPNE-prefixed string instruction: MOVS CMPS STOS LODS SCAS (60-6F
// are jumps on the 8086).
bool IsRepString8086(std::span<const uint8_t> bytes) {
  bool rep = false;
  for (uint8_t b : bytes) {
    switch (b) {
      case 0x26: case 0x2E: case 0x36: case 0x3E: case 0xF0: case 0xF1: continue;
      case 0xF2: case 0xF3: rep = true; continue;
      default:
        return rep && ((b >= 0xA4 && b <= 0xA7) || (b >= 0xAA && b <= 0xAF));
    }
  }
  return false;
}

// The 286 cannot set FLAGS bits 12-15 in real mode (NOTES.md, step 5).
constexpr uint16_t kFlags286RealMask = 0x0FFF;

constexpr Gpr kGprOf[] = {kEax, kEbx, kEcx, kEdx};
constexpr Gpr kGprOf2[] = {kEsp, kEbp, kEsi, kEdi};
constexpr SegReg kSegOf[] = {kCs, kSs, kDs, kEs};

void AppendF(std::string* s, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
void AppendF(std::string* s, const char* fmt, ...) {
  char buf[256];
  va_list ap;
  va_start(ap, fmt);
  const int n = std::vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n > 0) s->append(buf, std::min<size_t>(static_cast<size_t>(n), sizeof buf - 1));
}

}  // namespace

// One CPU per model, with memory covering its address bus and the state right after RESET.
struct Runner::Machine {
  explicit Machine(const CpuModel& m)
      : model(m), memory(m.address_mask + 1), cpu(m, memory, bus), pristine(cpu.s) {}
  const CpuModel& model;
  FloatingBus bus;
  PhysicalMemory memory;
  Cpu cpu;
  CpuState pristine;
  bool check_failure_reported = false;
};

const CpuModel* ModelForMooCpu(const std::string& cpu_name) {
  std::string_view name = cpu_name;
  if (name == "8086" || name == "8088") return *ModelByName("8086");
  if (name == "C286" || name == "286 " || name == "80286") return *ModelByName("80286");
  return nullptr;
}

Runner::Runner(const RunnerOptions& options, std::FILE* out) : options_(options), out_(out) {}
Runner::~Runner() = default;

Runner::Machine& Runner::MachineFor(const CpuModel& model) {
  for (auto& m : machines_)
    if (&m->model == &model) return *m;
  machines_.push_back(std::make_unique<Machine>(model));
  machines_.back()->cpu.set_translator(options_.translator);
  return *machines_.back();
}

// Where the FLAGS image of an exception the test raised sits: the third word of the interrupt
// frame at the final SS:SP (the handler's first instruction is the HLT, or the 8086 test ends at
// the handler's entry). The 286 files name the exception (EXCP); the 8086 files do not, so an
// exception is recognized by its frame: SP six bytes lower and CS:IP at the IVT entry the test
// provided. ~0u when the test raised none.
uint32_t Runner::FlagImageAddress(const MooTest& t) const {
  const MooState& init = t.init;
  const MooState& fin = t.final;
  auto final_reg = [&](int r) { return fin.Has(r) ? fin.regs[r] : init.regs[r]; };
  const uint16_t sp = final_reg(kMooSp);
  const uint32_t image = (uint32_t{final_reg(kMooSs)} << 4) + static_cast<uint16_t>(sp + 4);
  if (t.has_exception) return image;
  if (static_cast<uint16_t>(init.regs[kMooSp] - 6) != sp || !fin.Has(kMooCs)) return ~0u;
  const uint32_t target = (uint32_t{final_reg(kMooCs)} << 16) | final_reg(kMooIp);
  uint8_t ivt[1024];
  uint32_t present[32] = {};  // one bit per IVT byte the test initialized
  for (const RamByte& b : file_.Ram(init))
    if (b.address < sizeof ivt) {
      ivt[b.address] = b.value;
      present[b.address / 32] |= 1u << (b.address % 32);
    }
  for (uint32_t v = 0; v < 256; ++v) {
    if (((present[v / 8] >> ((v % 8) * 4)) & 0xF) != 0xF) continue;
    const uint32_t entry = (uint32_t{ivt[4 * v + 3]} << 24) | (uint32_t{ivt[4 * v + 2]} << 16) |
                           (uint32_t{ivt[4 * v + 1]} << 8) | ivt[4 * v];
    if (entry == target) return image;
  }
  return ~0u;
}

bool Runner::RunTest(Machine& m, const MooTest& t, uint16_t flags_mask, std::string* diff) {
  Cpu& c = m.cpu;
  const bool is_286 = m.model.gen == kGen286;
  const uint32_t addr_mask = m.model.address_mask;
  uint8_t* ram = m.memory.ram();
  const MooState& init = t.init;
  const MooState& fin = t.final;

  // Registers: the segment caches and control state come back from RESET, then the test's own.
  c.s = m.pristine;
  for (int i = 0; i < 4; ++i) {
    c.s.gpr[kGprOf[i]] = init.regs[kMooAx + i];
    c.s.gpr[kGprOf2[i]] = init.regs[kMooSp + i];
    LoadSegmentRealMode(c, kSegOf[i], init.regs[kMooCs + i]);
  }
  c.s.rip = init.regs[kMooIp];
  uint16_t init_flags = init.regs[kMooFlags];
  if (is_286) init_flags &= kFlags286RealMask;
  c.s.lazy.op = LazyOp::kNone;
  c.s.halted = false;
  c.SetFlags(init_flags, ~0u);  // also recomputes what the dispatcher must look at
  for (const RamByte& b : file_.Ram(init)) ram[b.address & addr_mask] = b.value;

  // Execute: the 8086 vectors end after the instruction, the 286 ones at the HLT behind it.
  StopReason stop = StopReason::kBudget;
  if (is_286) {
    for (int i = 0; i < kMaxSteps286 && !c.s.halted; ++i) {
      stop = c.Step();
      if (stop == StopReason::kTripleFault) break;
    }
  } else {
    // A REP string instruction may yield after a slice of its iterations (leaving IP on it so
    // events can be taken); the 8086 vectors end when it has finished.
    const bool rep_string = IsRepString8086(file_.Bytes(t));
    const uint32_t start = c.s.rip;
    const uint16_t start_cs = c.s.seg[kCs].selector;
    stop = c.Step();
    for (int i = 0; rep_string && i < kMaxRepSlices && c.s.rip == start &&
                    c.s.seg[kCs].selector == start_cs && (c.s.gpr[kEcx] & 0xFFFF) != 0;
         ++i)
      stop = c.Step();
  }

  bool ok = true;
  // --jit check: the first difference between a translated run and the interpreter's fails
  // the test that met it (the CPU checks no later run, so it is reported once).
  if (!c.check_failure().empty() && !m.check_failure_reported) {
    m.check_failure_reported = true;
    ok = false;
    if (diff) AppendF(diff, " [%s]", c.check_failure().c_str());
  }
  const uint16_t actual[kMooRegCount] = {
      static_cast<uint16_t>(c.s.gpr[kEax]), static_cast<uint16_t>(c.s.gpr[kEbx]),
      static_cast<uint16_t>(c.s.gpr[kEcx]), static_cast<uint16_t>(c.s.gpr[kEdx]),
      c.s.seg[kCs].selector, c.s.seg[kSs].selector, c.s.seg[kDs].selector, c.s.seg[kEs].selector,
      static_cast<uint16_t>(c.s.gpr[kEsp]), static_cast<uint16_t>(c.s.gpr[kEbp]),
      static_cast<uint16_t>(c.s.gpr[kEsi]), static_cast<uint16_t>(c.s.gpr[kEdi]),
      static_cast<uint16_t>(c.s.rip), static_cast<uint16_t>(c.GetFlags())};
  for (int r = 0; r < kMooRegCount; ++r) {
    uint16_t expected = fin.Has(r) ? fin.regs[r] : init.regs[r];
    if (r == kMooFlags && !fin.Has(r)) expected = init_flags;
    const uint16_t mask = r == kMooFlags ? flags_mask : 0xFFFF;
    if (((expected ^ actual[r]) & mask) == 0) continue;
    ok = false;
    if (diff) AppendF(diff, " %s=%04X(want %04X)", MooRegName(r), actual[r], expected);
  }
  if (is_286 && !c.s.halted) {
    ok = false;
    if (diff)
      AppendF(diff, stop == StopReason::kTripleFault ? " [triple fault]" : " [no HLT reached]");
  }
  uint32_t flag_image = FlagImageAddress(t);
  if (flag_image != ~0u) flag_image &= addr_mask;
  for (const RamByte& b : file_.Ram(fin)) {
    const uint32_t addr = b.address & addr_mask;
    const uint8_t got = ram[addr];
    uint8_t mask = 0xFF;
    // The FLAGS image an exception pushed holds the same undefined flags as the register.
    if (addr == flag_image) mask = flags_mask & 0xFF;
    if (flag_image != ~0u && addr == ((flag_image + 1) & addr_mask)) mask = flags_mask >> 8;
    if (((got ^ b.value) & mask) == 0) continue;
    ok = false;
    if (diff) AppendF(diff, " [%05X]=%02X(want %02X)", b.address, got, b.value);
  }

  // Leave memory clean for the next test, and drop anything the CPU still has pending (a triple
  // fault is reported at the next Step): halted with nothing to wake it, Step executes nothing.
  for (const RamByte& b : file_.Ram(init)) ram[b.address & addr_mask] = 0;
  for (const RamByte& b : file_.Ram(fin)) ram[b.address & addr_mask] = 0;
  if (!ok) {
    c.s.halted = true;
    c.SetFlags(0, ~0u);
    c.Step();
  }
  return ok;
}

bool Runner::RunFile(const std::string& path, const OpcodeInfo& info,
                     const RevocationList* revoked, Totals* totals, std::string* error) {
  if (!ReadMooFile(path, &file_, error, &scratch_)) return false;
  const CpuModel* model = options_.model ? options_.model : ModelForMooCpu(file_.cpu_name);
  if (!model) {
    *error = "unknown CPU '" + file_.cpu_name + "' in the MOO header (use --cpu)";
    return false;
  }
  const std::string name = path.substr(path.find_last_of('/') + 1);
  size_t count = file_.tests.size();
  if (options_.limit && options_.limit < count) count = static_cast<size_t>(options_.limit);
  if (IsSkipped(info.status)) {
    totals->skipped += count;
    std::fprintf(out_, "%s: skipped (%s, %zu tests)\n", name.c_str(), StatusName(info.status),
                 count);
    return true;
  }
  Machine& m = MachineFor(*model);
  if (options_.trace) {
    m.cpu.on_trace = [this](const Cpu& c, const DecodedInsn& d) {
      std::fprintf(out_, "    %04X:%04X %-16s len %u ax=%04X bx=%04X cx=%04X dx=%04X sp=%04X bp=%04X si=%04X di=%04X ss=%04X ds=%04X es=%04X fl=%04X\n",
                   c.s.seg[kCs].selector, static_cast<uint16_t>(c.insn_eip()), OpName(d.op), d.len,
                   static_cast<uint16_t>(c.s.gpr[kEax]), static_cast<uint16_t>(c.s.gpr[kEbx]),
                   static_cast<uint16_t>(c.s.gpr[kEcx]), static_cast<uint16_t>(c.s.gpr[kEdx]),
                   static_cast<uint16_t>(c.s.gpr[kEsp]), static_cast<uint16_t>(c.s.gpr[kEbp]),
                   static_cast<uint16_t>(c.s.gpr[kEsi]), static_cast<uint16_t>(c.s.gpr[kEdi]), c.s.seg[kSs].selector, c.s.seg[kDs].selector,
                   c.s.seg[kEs].selector, c.s.eflags & 0xFFFF);
    };
  } else {
    m.cpu.on_trace = nullptr;
  }
  const bool gating = IsGating(info.status);
  uint64_t passed = 0, failed = 0, skipped = 0;
  std::string report;
  int shown = 0;
  for (size_t i = 0; i < count; ++i) {
    if (options_.only_test >= 0 && static_cast<int64_t>(i) != options_.only_test) continue;
    const MooTest& t = file_.tests[i];
    if (revoked && revoked->size() && t.has_hash && revoked->Contains(HashHex(t))) {
      ++skipped;
      continue;
    }
    const bool want_diff = options_.verbose || shown < options_.shown_failures;
    diff_.clear();
    const bool expected_to_fail = options_.expected_failures && t.has_hash &&
                                  options_.expected_failures->Contains(HashHex(t));
    const bool ok = RunTest(m, t, info.flags_mask, want_diff ? &diff_ : nullptr);
    if (expected_to_fail) {
      if (ok) {
        ++failed;
        AppendF(&report, "  #%zu %s: expected to fail but passed: remove it from the list\n", i,
                HashHex(t).c_str());
      } else {
        ++totals->expected_failures;
        AppendF(&report, "  #%zu %s: expected failure: %s\n", i, HashHex(t).c_str(),
                options_.expected_failures->Note(HashHex(t)).c_str());
      }
      continue;
    }
    if (ok) {
      ++passed;
      continue;
    }
    ++failed;
    if (!want_diff) continue;
    ++shown;
    AppendF(&report, "  #%zu %.*s [", i, static_cast<int>(file_.Name(t).size()),
            file_.Name(t).data());
    for (uint8_t b : file_.Bytes(t)) AppendF(&report, "%02X", b);
    report += "]";
    if (t.has_exception) AppendF(&report, " exception %u", t.exception_vector);
    if (t.has_hash) {
      report += ' ';
      report.append(HashHex(t), 0, 12);
    }
    report += ':';
    report += diff_;
    report += '\n';
  }
  totals->skipped += skipped;
  if (gating) {
    totals->passed += passed;
    totals->failed += failed;
    if (failed) ++totals->files_failed;
    if (failed)
      std::fprintf(out_, "%s: failed (%" PRIu64 " of %" PRIu64 " tests)\n", name.c_str(), failed,
                   passed + failed);
    else
      std::fprintf(out_, "%s: passed (%" PRIu64 " tests)\n", name.c_str(), passed);
  } else {
    totals->undefined_passed += passed;
    totals->undefined_failed += failed;
    std::fprintf(out_, "%s: undefined, %" PRIu64 " of %" PRIu64 " tests differ (not gating)\n",
                 name.c_str(), failed, passed + failed);
  }
  if (skipped) std::fprintf(out_, "  %" PRIu64 " revoked tests skipped\n", skipped);
  std::fputs(report.c_str(), out_);
  return true;
}

}  // namespace m86::sst
