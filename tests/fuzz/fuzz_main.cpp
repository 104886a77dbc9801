// morph86-fuzz: differential fuzzing of the interpreter against the host CPU.
//
// Usage: morph86-fuzz [--64] [--count N] [--seed S] [--max-insns K] [--case I]
//                     [--max-reports R] [--max-shrinks M] [--verbose] [--stats]
//                     [--ignore FIELD] [--skip-op OP] [--fault-percent P] [--no-shrink]
//                     [--native-only] [--sse-percent P] [--jit off|on|check]
//                     [--emulator-only]
//
// --ignore drops a comparison field (eax..edi, eflags, data, cr2, error-code, vector, eip,
// outcome) and --skip-op an operation (its ops.inc name, e.g. XADD_EvGv), both repeatable:
// they let a run look past a known, already reported bug. --fault-percent sets how often a
// memory operand is aimed at a guard page on purpose (default 2), --sse-percent how many
// proposals come from the SSE forms (default 20; 100 generates SSE instructions only).
//
// Each case is a random user-mode instruction sequence (generator.h) run natively in a 32-bit
// child process (native_runner.h) and on the emulated Nehalem (emulator_runner.h); the
// general registers, EFLAGS (minus flags undefined at that point), XMM0-7, MXCSR, the data
// page and any exception must agree. With --64 the sequences are 64-bit-mode ones (generator64.h), run in
// the 64-bit child and on the emulated Nehalem in 64-bit mode (emulator_runner64.h), and
// R8-R15, XMM0-15 and MXCSR are compared too. --native-only leaves the emulator out and checks
// the analysis against the host instead: a sequence may stop early only at an instruction the
// analysis expected to fault. Mismatches are shrunk and printed with a disassembly.
//
// --jit on|check attaches the translator to the emulated side at threshold 0, so nearly every
// block runs translated: with on, the host then checks translated code; with check, each
// translated block run is also interpreted from the same state and compared (Cpu::RunChecked),
// and the first difference is a failure of its own ("JIT CHECK"). --emulator-only (with
// --jit check) leaves the host out: translated against interpreted only, on any x86-64 host.
//
// Exit status: 0 all passed, 1 failures (mismatches, translation-check differences, or a --jit
// run in which nothing ran translated), 2 usage error, 77 native execution unavailable
// (skipped).
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis.h"
#include "analysis64.h"
#include "compare.h"
#include "emulator_runner.h"
#include "emulator_runner64.h"
#include "generator.h"
#include "generator64.h"
#include "jit_fuzz.h"
#include "native_runner.h"
#include "shrink.h"

namespace m86::fuzz {
namespace {

constexpr int kSkipped = 77;

struct Options {
  bool mode64 = false;
  uint64_t count = 1000;
  uint64_t seed = 0;
  bool seed_given = false;
  int max_insns = 12;
  uint32_t fault_percent = 2;
  uint32_t sse_percent = kSsePercent;
  int64_t single_case = -1;
  int max_reports = 10;
  int max_shrinks = 200;
  bool verbose = false;
  bool stats = false;
  bool shrink = true;  // --no-shrink: report mismatches as generated
  bool native_only = false;  // --native-only: check the analysis against the host, no emulator
  bool emulator_only = false;  // --emulator-only: translated against interpreted, no host
  JitMode jit = JitMode::kOff;  // --jit: the translator on the emulated side
  std::string jit_text = "off";
  std::vector<std::string> ignore;  // comparison fields left out (--ignore)
  std::vector<Op> skip_ops;         // operations not generated (--skip-op)
};

// The operation named `name` (as OpName spells it), or Op::kCount.
Op OpByName(const std::string& name) {
  for (size_t i = 0; i < static_cast<size_t>(Op::kCount); ++i) {
    if (name == OpName(static_cast<Op>(i))) return static_cast<Op>(i);
  }
  return Op::kCount;
}

bool ParseU64(const char* text, uint64_t* out) {
  char* end = nullptr;
  errno = 0;
  const unsigned long long v = std::strtoull(text, &end, 0);
  if (errno != 0 || end == text || *end != '\0') return false;
  *out = v;
  return true;
}

bool Parse(int argc, char** argv, Options* o) {
  for (int i = 1; i < argc; ++i) {
    const char* arg = argv[i];
    const bool has_value = i + 1 < argc;
    uint64_t v = 0;
    if (std::strcmp(arg, "--64") == 0) {
      o->mode64 = true;
    } else if (std::strcmp(arg, "--verbose") == 0) {
      o->verbose = true;
    } else if (std::strcmp(arg, "--native-only") == 0) {
      o->native_only = true;
    } else if (std::strcmp(arg, "--emulator-only") == 0) {
      o->emulator_only = true;
    } else if (std::strcmp(arg, "--jit") == 0 && has_value) {
      o->jit_text = argv[++i];
    } else if (std::strcmp(arg, "--no-shrink") == 0) {
      o->shrink = false;
    } else if (std::strcmp(arg, "--stats") == 0) {
      o->stats = true;
    } else if (std::strcmp(arg, "--ignore") == 0 && has_value) {
      o->ignore.emplace_back(argv[++i]);
    } else if (std::strcmp(arg, "--skip-op") == 0 && has_value) {
      const Op op = OpByName(argv[++i]);
      if (op == Op::kCount) return false;
      o->skip_ops.push_back(op);
    } else if (!has_value || !ParseU64(argv[i + 1], &v)) {
      return false;
    } else if (std::strcmp(arg, "--count") == 0) {
      o->count = v;
      ++i;
    } else if (std::strcmp(arg, "--seed") == 0) {
      o->seed = v;
      o->seed_given = true;
      ++i;
    } else if (std::strcmp(arg, "--max-insns") == 0 && v >= 1 && v <= 64) {
      o->max_insns = static_cast<int>(v);
      ++i;
    } else if (std::strcmp(arg, "--fault-percent") == 0 && v <= 100) {
      o->fault_percent = static_cast<uint32_t>(v);
      ++i;
    } else if (std::strcmp(arg, "--sse-percent") == 0 && v <= 100) {
      o->sse_percent = static_cast<uint32_t>(v);
      ++i;
    } else if (std::strcmp(arg, "--case") == 0) {
      o->single_case = static_cast<int64_t>(v);
      ++i;
    } else if (std::strcmp(arg, "--max-reports") == 0) {
      o->max_reports = static_cast<int>(v);
      ++i;
    } else if (std::strcmp(arg, "--max-shrinks") == 0) {
      o->max_shrinks = static_cast<int>(v);
      ++i;
    } else {
      return false;
    }
  }
  return true;
}

// What is wrong with a combination of valid options, or "".
std::string Conflict(const Options& o) {
  if (o.native_only && o.emulator_only) return "--native-only and --emulator-only exclude each other";
  if (o.native_only && o.jit != JitMode::kOff) return "--native-only runs no emulator to attach --jit to";
  if (o.emulator_only && o.jit != JitMode::kCheck) {
    return "--emulator-only compares translated with interpreted runs: it needs --jit check";
  }
  return "";
}

// The command line that generates case `index` again, with the options that shape it.
std::string ReproduceCommand(const Options& o, uint64_t index) {
  std::string cmd = "morph86-fuzz";
  const auto add = [&cmd](const std::string& part) { cmd += " " + part; };
  if (o.mode64) add("--64");
  if (o.emulator_only) add("--emulator-only");
  if (o.native_only) add("--native-only");
  if (o.jit != JitMode::kOff) add(std::string("--jit ") + JitModeName(o.jit));
  const Options defaults;
  if (o.max_insns != defaults.max_insns) add("--max-insns " + std::to_string(o.max_insns));
  if (o.fault_percent != defaults.fault_percent) {
    add("--fault-percent " + std::to_string(o.fault_percent));
  }
  if (o.sse_percent != defaults.sse_percent) add("--sse-percent " + std::to_string(o.sse_percent));
  for (const Op op : o.skip_ops) add(std::string("--skip-op ") + OpName(op));
  add("--seed " + std::to_string(o.seed) + " --case " + std::to_string(index));
  return cmd;
}

struct CategoryStats {
  uint64_t count = 0;
  uint64_t first_case = 0;
};

// The two widths: their programs, generators, children and emulated machines.
struct Width32 {
  using Program = fuzz::Program;
  using Assembled = fuzz::Assembled;
  using Analysis = fuzz::Analysis;
  using Result = FuzzResult;
  using Emulator = EmulatorRunner;
  static Program Generate(Rng& r, const GenOptions& g) { return fuzz::Generate(r, g); }
  static Result Run(NativeRunner& n, const FuzzCase& c) { return n.Run(c); }
  static uint64_t StopIp(const Result& r) { return r.eip; }
};

struct Width64 {
  using Program = Program64;
  using Assembled = Assembled64;
  using Analysis = Analysis64;
  using Result = FuzzResult64;
  using Emulator = EmulatorRunner64;
  static Program Generate(Rng& r, const GenOptions& g) { return Generate64(r, g); }
  static NativeRunnerOptions ChildOptions() {
    NativeRunnerOptions options;
    options.mode = NativeMode::k64;
    return options;
  }
  static Result Run(NativeRunner& n, const FuzzCase64& c) { return n.Run64(c); }
  static uint64_t StopIp(const Result& r) { return r.rip; }
};

// What went wrong in a case, in the order it is looked for.
enum class Failure {
  kNone,
  kJitCheck,      // a translated block run differed from its interpreted run (--jit check)
  kEmulatorRun,   // --emulator-only: the emulated run did not end (timeout, harness)
  kMismatch,      // the host and the emulator disagree
};

template <typename W>
class Fuzzer {
  using Program = typename W::Program;
  using Assembled = typename W::Assembled;
  using Analysis = typename W::Analysis;
  using FuzzResult = typename W::Result;
  using Emulator = typename W::Emulator;

  // One case's runs: on the host (unless --emulator-only), on the emulator (unless
  // --native-only), and the emulated run's translation-check report (empty if none).
  struct Runs {
    FuzzResult native{};
    FuzzResult emulated{};
    std::string jit_check;
  };

  struct Judgement {
    Failure failure = Failure::kNone;
    Comparison comparison;  // kMismatch: what differs
  };

 public:
  Fuzzer(const Options& o, std::unique_ptr<Jit> jit, std::string child_path,
         NativeRunnerOptions child_options)
      : o_(o), jit_(std::move(jit)) {
    if (!o_.emulator_only) native_.emplace(std::move(child_path), child_options);
    if (!o_.native_only) NewEmulator();
  }

  // A fresh emulated machine with the translator attached. A CPU that found a translation
  // difference checks no block after it (translation_check.cpp), so it is replaced.
  void NewEmulator() {
    if (emu_) jit_tally_.Add(emu_->cpu());
    emu_.reset();  // its blocks' host code goes before another machine's is made
    emu_ = std::make_unique<Emulator>();
    if (jit_) emu_->AttachTranslator(jit_.get());
  }

  // Runs the case on the selected sides; false (with a message) on a harness problem.
  bool RunSides(const Assembled& a, Runs* runs) {
    if (native_) {
      runs->native = W::Run(*native_, *a.fuzz_case);
      const FuzzOutcome outcome = runs->native.outcome;
      if (outcome == FuzzOutcome::kHarnessError || outcome == FuzzOutcome::kTimeout) {
        std::printf("harness: native run failed (%s): %s\n", OutcomeName(outcome),
                    native_->LastError().c_str());
        return false;
      }
    }
    if (emu_) {
      runs->emulated = emu_->Run(*a.fuzz_case);
      runs->jit_check = emu_->cpu().check_failure();
      if (!runs->jit_check.empty()) NewEmulator();
    }
    return true;
  }

  // The result the statistics describe: the host's, or the emulator's without a host.
  const FuzzResult& Reference(const Runs& runs) const {
    return o_.emulator_only ? runs.emulated : runs.native;
  }

  // --native-only: the host must stop only where the analysis allowed it to, at an
  // instruction it judged may fault (#DE...) or faults (guard page, LOCK...). Empty if so.
  std::string CheckPrediction(const Assembled& a, const Analysis& an, const FuzzResult& nr) {
    if (nr.outcome == FuzzOutcome::kCompleted) return "";
    const uint64_t ip = W::StopIp(nr);
    for (size_t i = 0; i + 1 < a.offsets.size(); ++i) {
      if (kFuzzCodeAddr + a.offsets[i] != ip) continue;
      if (an.verdicts[i] == Verdict::kMayFault || an.verdicts[i] == Verdict::kFaults) return "";
      return std::string("unpredicted ") + OutcomeName(nr.outcome);
    }
    return std::string(OutcomeName(nr.outcome)) + " inside an instruction";
  }

  // Compare() minus the fields the user chose to ignore.
  Comparison CompareFiltered(const Assembled& a, const Analysis& an, const FuzzResult& nr,
                             const FuzzResult& er) {
    Comparison c = Compare(a, an, nr, er);
    if (o_.ignore.empty() || c.equal) return c;
    std::string kept;
    size_t pos = 0;
    while (pos < c.fields.size()) {
      size_t end = c.fields.find(' ', pos);
      if (end == std::string::npos) end = c.fields.size();
      const std::string field = c.fields.substr(pos, end - pos);
      const std::string name = field.substr(0, field.find('('));
      bool ignored = false;
      for (const std::string& i : o_.ignore) ignored = ignored || i == name;
      if (!ignored) kept += (kept.empty() ? "" : " ") + field;
      pos = end + 1;
    }
    c.fields = kept;
    c.equal = kept.empty();
    return c;
  }

  // A translation difference comes first: the emulated run stopped at it, so its final state
  // is not comparable with the host's.
  Judgement Judge(const Assembled& a, const Analysis& an, const Runs& runs) {
    Judgement v;
    if (!runs.jit_check.empty()) {
      v.failure = Failure::kJitCheck;
    } else if (o_.emulator_only) {
      const FuzzOutcome outcome = runs.emulated.outcome;
      if (outcome == FuzzOutcome::kHarnessError || outcome == FuzzOutcome::kTimeout) {
        v.failure = Failure::kEmulatorRun;
      }
    } else {
      v.comparison = CompareFiltered(a, an, runs.native, runs.emulated);
      if (!v.comparison.equal) v.failure = Failure::kMismatch;
    }
    return v;
  }

  // Whether `p` still fails the way the case being shrunk did.
  bool StillFails(const Program& p, Failure failure) {
    const Assembled a = Assemble(p);
    const Analysis an = Analyze(p);
    Runs runs;
    if (!RunSides(a, &runs)) return false;
    return Judge(a, an, runs).failure == failure;
  }

  Program ShrinkFailing(const Program& p, Failure failure) {
    if (!o_.shrink) return p;
    return Shrink(p, [this, failure](const Program& q) { return StillFails(q, failure); }, 300);
  }

  // Returns true if the case passed.
  bool RunCase(uint64_t index) {
    Rng rng(CaseSeed(o_.seed, index));
    GenOptions gen;
    gen.max_insns = o_.max_insns;
    gen.skip_ops = o_.skip_ops;
    gen.fault_percent = o_.fault_percent;
    gen.sse_percent = o_.sse_percent;
    const Program p = W::Generate(rng, gen);
    const Analysis an = Analyze(p);
    const Assembled a = Assemble(p);
    if (!an.valid || !a.ok) {
      std::printf("harness: case %llu: generator produced an invalid program (%s)\n",
                  static_cast<unsigned long long>(index), an.why ? an.why : "too long");
      return false;
    }
    Runs runs;
    if (!RunSides(a, &runs)) return false;
    const FuzzResult& ran = Reference(runs);
    ++outcomes_[OutcomeName(ran.outcome)];
    if (o_.stats) {
      CountOps(p, a, ran);
      const uint32_t mask = Compare(a, an, ran, ran).flag_mask;
      for (uint32_t bit = 0; bit < 12; ++bit) {
        if (mask & (1u << bit)) ++masked_[FlagNames(1u << bit)];
      }
    }
    if (o_.native_only) {
      const std::string problem = CheckPrediction(a, an, runs.native);
      if (problem.empty()) return true;
      std::printf("PREDICTION case %llu (--seed %llu --case %llu): %s\n",
                  static_cast<unsigned long long>(index),
                  static_cast<unsigned long long>(o_.seed),
                  static_cast<unsigned long long>(index), problem.c_str());
      Comparison c;
      c.fields = problem;
      PrintReport(stdout, p, a, runs.native, runs.native, c);
      return false;
    }
    const Judgement v = Judge(a, an, runs);
    if (o_.verbose) {
      static constexpr const char* kVerdictNames[] = {"ok", "JIT CHECK", "EMULATOR RUN",
                                                      "MISMATCH"};
      std::printf("case %llu: %zu insns, %s, %s\n", static_cast<unsigned long long>(index),
                  p.insns.size(), OutcomeName(ran.outcome),
                  kVerdictNames[static_cast<int>(v.failure)]);
    }
    switch (v.failure) {
      case Failure::kNone: return true;
      case Failure::kJitCheck: ReportJitCheck(index, p, runs.jit_check); break;
      case Failure::kEmulatorRun:
        ReportEmulatorRun(index, p, a, runs.emulated);
        break;
      case Failure::kMismatch:
        Report(index, p, a, runs.native, runs.emulated, v.comparison);
        break;
    }
    return false;
  }

  // Instructions that ran before the sequence ended, per operation.
  void CountOps(const Program& p, const Assembled& a, const FuzzResult& ran) {
    const uint64_t end = W::StopIp(ran) - kFuzzCodeAddr;
    for (size_t i = 0; i < p.insns.size(); ++i) {
      if (a.offsets[i] >= end && ran.outcome != FuzzOutcome::kCompleted) break;
      ++op_counts_[OpName(p.insns[i].op)];
    }
  }

  // Whether a failure in `category` gets its report printed; counts it either way.
  bool Tally(uint64_t index, const std::string& category) {
    CategoryStats& stats = categories_[category];
    const bool first = stats.count++ == 0;
    if (first) stats.first_case = index;
    if ((first && reports_ < o_.max_reports) || o_.verbose || o_.single_case >= 0) {
      ++reports_;
      return true;
    }
    return false;
  }

  // Whether another failure may be shrunk (each costs up to 300 runs).
  bool MayShrink() {
    if (shrinks_ >= o_.max_shrinks && o_.single_case < 0) {
      ++unshrunk_;
      return false;
    }
    ++shrinks_;
    return true;
  }

  void PrintHeading(const char* kind, uint64_t index, const std::string& category) {
    std::printf("%s case %llu (--seed %llu --case %llu): %s\n  reproduce: %s\n", kind,
                static_cast<unsigned long long>(index), static_cast<unsigned long long>(o_.seed),
                static_cast<unsigned long long>(index), category.c_str(),
                ReproduceCommand(o_, index).c_str());
  }

  // A translation-check failure: shrunk while the check still fails, then printed with the
  // check's report (the block, its operations and the first difference) and the program.
  void ReportJitCheck(uint64_t index, const Program& p, std::string report) {
    if (!MayShrink()) return;
    Program small = ShrinkFailing(p, Failure::kJitCheck);
    Assembled sa = Assemble(small);
    Runs runs;
    if (!RunSides(sa, &runs) || runs.jit_check.empty()) {
      small = p;  // flaky shrink result: show the original
      sa = Assemble(small);
    } else {
      report = runs.jit_check;
    }
    const std::string category = JitCheckCategory(report);
    if (!Tally(index, category)) return;
    PrintHeading("JIT CHECK", index, category);
    std::printf("  %s\n", report.c_str());
    PrintProgram(stdout, small, sa, -1);
    std::fflush(stdout);
  }

  // --emulator-only: the emulated run neither completed nor stopped at an exception.
  void ReportEmulatorRun(uint64_t index, const Program& p, const Assembled& a,
                         const FuzzResult& er) {
    const std::string category = std::string("emulator run: ") + OutcomeName(er.outcome);
    if (!Tally(index, category)) return;
    PrintHeading("EMULATOR RUN", index, category);
    PrintProgram(stdout, p, a, -1);
    std::fflush(stdout);
  }

  void Report(uint64_t index, const Program& p, const Assembled& a, const FuzzResult& nr,
              const FuzzResult& er, const Comparison& c) {
    if (!MayShrink()) return;
    const Program small = ShrinkFailing(p, Failure::kMismatch);
    const Assembled sa = Assemble(small);
    const Analysis san = Analyze(small);
    Runs shrunk;
    Comparison sc = c;
    const Program* shown = &p;
    const Assembled* shown_a = &a;
    const FuzzResult* shown_nr = &nr;
    const FuzzResult* shown_er = &er;
    if (RunSides(sa, &shrunk)) {
      const Judgement v = Judge(sa, san, shrunk);
      if (v.failure == Failure::kMismatch) {
        sc = v.comparison;
        shown = &small;
        shown_a = &sa;
        shown_nr = &shrunk.native;
        shown_er = &shrunk.emulated;
      }  // else a flaky shrink result: show the original
    }
    const std::string category = Category(*shown_a, sc);
    if (!Tally(index, category)) return;
    PrintHeading("MISMATCH", index, category);
    PrintReport(stdout, *shown, *shown_a, *shown_nr, *shown_er, sc);
    std::fflush(stdout);
  }

  // The translator's share of the run, and a failure when it translated nothing: a run that
  // asked for --jit would then have tested only the interpreter.
  bool ReportJit() {
    if (!jit_) return true;
    // The translator's own report (translations, refusals, inline share) counts the runs of
    // the last machine only, which is every run unless a check failure replaced one.
    if (o_.stats) std::printf("%s", jit_->StatsReport(emu_->cpu()).c_str());
    jit_tally_.Add(emu_->cpu());
    emu_.reset();
    std::printf("%s\n", jit_tally_.Summary().c_str());
    if (o_.single_case >= 0 || o_.count == 0) return true;
    const uint64_t tested =
        o_.jit == JitMode::kCheck ? jit_tally_.checked_runs : jit_tally_.completed_runs;
    if (tested > 0) return true;
    std::printf("jit: no block ran translated%s: --jit %s tested nothing\n",
                o_.jit == JitMode::kCheck ? " and checked" : "", JitModeName(o_.jit));
    return false;
  }

  int Main() {
    uint64_t passed = 0, failed = 0;
    const auto start = std::chrono::steady_clock::now();
    if (o_.single_case >= 0) {
      (RunCase(static_cast<uint64_t>(o_.single_case)) ? passed : failed)++;
    } else {
      for (uint64_t i = 0; i < o_.count; ++i) (RunCase(i) ? passed : failed)++;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("outcomes (%s):", o_.emulator_only ? "emulator" : "native");
    for (const auto& [name, n] : outcomes_) {
      std::printf(" %s %llu", name.c_str(), static_cast<unsigned long long>(n));
    }
    std::printf("; %.1f s\n", seconds);
    if (o_.stats) {
      std::printf("status flags masked as undefined at the end:");
      for (const auto& [name, n] : masked_) {
        std::printf(" %s %llu", name.c_str(), static_cast<unsigned long long>(n));
      }
      std::printf("\noperations reached:\n");
      for (const auto& [name, n] : op_counts_) {
        std::printf("  %8llu  %s\n", static_cast<unsigned long long>(n), name.c_str());
      }
    }
    const bool jit_tested = ReportJit();
    if (!categories_.empty()) {
      std::printf("failure categories (after shrinking; first case):\n");
      for (const auto& [name, stats] : categories_) {
        std::printf("  %6llu  %s  (case %llu)\n", static_cast<unsigned long long>(stats.count),
                    name.c_str(), static_cast<unsigned long long>(stats.first_case));
      }
    }
    if (unshrunk_ > 0) {
      std::printf("  %6llu  not shrunk or categorized (--max-shrinks %d)\n",
                  static_cast<unsigned long long>(unshrunk_), o_.max_shrinks);
    }
    std::printf("%llu passed, %llu failed\n", static_cast<unsigned long long>(passed),
                static_cast<unsigned long long>(failed));
    return failed == 0 && jit_tested ? 0 : 1;
  }

 private:
  Options o_;
  std::unique_ptr<Jit> jit_;  // outlives every machine: their blocks hold its host code
  std::optional<NativeRunner> native_;
  std::unique_ptr<Emulator> emu_;
  JitTally jit_tally_;
  std::map<std::string, CategoryStats> categories_;
  std::map<std::string, uint64_t> outcomes_;
  std::map<std::string, uint64_t> op_counts_;
  std::map<std::string, uint64_t> masked_;
  int shrinks_ = 0;
  int reports_ = 0;
  uint64_t unshrunk_ = 0;
};

}  // namespace
}  // namespace m86::fuzz

int main(int argc, char** argv) {
  using namespace m86::fuzz;
  Options o;
  if (!Parse(argc, argv, &o)) {
    std::fprintf(stderr,
                 "usage: morph86-fuzz [--64] [--count N] [--seed S] [--max-insns K (1-64)]\n"
                 "                    [--case I] [--max-reports R] [--max-shrinks M] [--verbose]\n"
                 "                    [--stats] [--no-shrink] [--native-only]\n"
                 "                    [--ignore FIELD]... [--skip-op OP]... [--fault-percent P]\n"
                 "                    [--sse-percent P] [--jit off|on|check] [--emulator-only]\n");
    return 2;
  }
  if (!ParseJitMode(o.jit_text, &o.jit)) {
    std::fprintf(stderr, "morph86-fuzz: --jit takes off, on or check, not '%s'\n",
                 o.jit_text.c_str());
    return 2;
  }
  if (const std::string conflict = Conflict(o); !conflict.empty()) {
    std::fprintf(stderr, "morph86-fuzz: %s\n", conflict.c_str());
    return 2;
  }
  std::unique_ptr<m86::Jit> jit = CreateFuzzJit(o.jit);
  if (o.jit != m86::JitMode::kOff && !jit) {
    std::fprintf(stderr, "morph86-fuzz: --jit %s: this host has no translator backend\n",
                 JitModeName(o.jit));
    return 2;
  }
  if (!o.seed_given) {
    o.seed = static_cast<uint64_t>(
        std::chrono::system_clock::now().time_since_epoch().count());
  }
  std::printf("seed %llu\n", static_cast<unsigned long long>(o.seed));
  std::fflush(stdout);
  if (o.mode64) {
    if (!o.emulator_only && !NativeRunner::Available64()) {
      std::printf("morph86-fuzz: native execution unavailable (needs an x86-64 Linux host and "
                  "the 64-bit child %s); skipping\n",
                  NativeRunner::DefaultChildPath64().c_str());
      return kSkipped;
    }
    return Fuzzer<Width64>(o, std::move(jit), NativeRunner::DefaultChildPath64(),
                           Width64::ChildOptions())
        .Main();
  }
  if (!o.emulator_only && !NativeRunner::Available()) {
    std::printf("morph86-fuzz: native execution unavailable (needs an x86 Linux host and the "
                "32-bit child %s); skipping\n",
                NativeRunner::DefaultChildPath().c_str());
    return kSkipped;
  }
  return Fuzzer<Width32>(o, std::move(jit), NativeRunner::DefaultChildPath(),
                         NativeRunnerOptions())
      .Main();
}
