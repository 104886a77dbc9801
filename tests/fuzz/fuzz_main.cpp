// morph86-fuzz: differential fuzzing of the interpreter against the host CPU.
//
// Usage: morph86-fuzz [--64] [--count N] [--seed S] [--max-insns K] [--case I]
//                     [--max-reports R] [--max-shrinks M] [--verbose] [--stats]
//                     [--ignore FIELD] [--skip-op OP] [--fault-percent P] [--no-shrink]
//                     [--native-only] [--sse-percent P]
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
// analysis expected to fault. Mismatches are shrunk and printed with a disassembly. Exit status:
// 0 all passed, 1 mismatches, 2 usage error, 77 native execution unavailable (skipped).
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <utility>
#include <string>
#include <vector>

#include "analysis.h"
#include "analysis64.h"
#include "compare.h"
#include "emulator_runner.h"
#include "emulator_runner64.h"
#include "generator.h"
#include "generator64.h"
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

template <typename W>
class Fuzzer {
  using Program = typename W::Program;
  using Assembled = typename W::Assembled;
  using Analysis = typename W::Analysis;
  using FuzzResult = typename W::Result;

 public:
  Fuzzer(const Options& o, std::string child_path, NativeRunnerOptions child_options)
      : o_(o), native_(std::move(child_path), child_options) {}

  // Runs both sides; false (with a message) on a harness problem.
  bool RunBoth(const Program& p, const Assembled& a, FuzzResult* nr, FuzzResult* er) {
    *nr = W::Run(native_, *a.fuzz_case);
    if (nr->outcome == FuzzOutcome::kHarnessError || nr->outcome == FuzzOutcome::kTimeout) {
      std::printf("harness: native run failed (%s): %s\n", OutcomeName(nr->outcome),
                  native_.LastError().c_str());
      return false;
    }
    (void)p;
    if (o_.native_only) return true;
    *er = emu_.Run(*a.fuzz_case);
    return true;
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

  bool StillFails(const Program& p) {
    const Assembled a = Assemble(p);
    const Analysis an = Analyze(p);
    FuzzResult nr, er;
    if (!RunBoth(p, a, &nr, &er)) return false;
    return !CompareFiltered(a, an, nr, er).equal;
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
    FuzzResult nr, er;
    if (!RunBoth(p, a, &nr, &er)) return false;
    ++outcomes_[OutcomeName(nr.outcome)];
    if (o_.stats) {
      CountOps(p, a, nr);
      const uint32_t mask = Compare(a, an, nr, nr).flag_mask;
      for (uint32_t bit = 0; bit < 12; ++bit) {
        if (mask & (1u << bit)) ++masked_[FlagNames(1u << bit)];
      }
    }
    if (o_.native_only) {
      const std::string problem = CheckPrediction(a, an, nr);
      if (problem.empty()) return true;
      std::printf("PREDICTION case %llu (--seed %llu --case %llu): %s\n",
                  static_cast<unsigned long long>(index),
                  static_cast<unsigned long long>(o_.seed),
                  static_cast<unsigned long long>(index), problem.c_str());
      Comparison c;
      c.fields = problem;
      PrintReport(stdout, p, a, nr, nr, c);
      return false;
    }
    const Comparison c = CompareFiltered(a, an, nr, er);
    if (o_.verbose) {
      std::printf("case %llu: %zu insns, %s, %s\n", static_cast<unsigned long long>(index),
                  p.insns.size(), OutcomeName(nr.outcome), c.equal ? "ok" : "MISMATCH");
    }
    if (c.equal) return true;
    Report(index, p, a, nr, er, c);
    return false;
  }

  // Instructions that ran (natively) before the sequence ended, per operation.
  void CountOps(const Program& p, const Assembled& a, const FuzzResult& nr) {
    const uint64_t end = W::StopIp(nr) - kFuzzCodeAddr;
    for (size_t i = 0; i < p.insns.size(); ++i) {
      if (a.offsets[i] >= end && nr.outcome != FuzzOutcome::kCompleted) break;
      ++op_counts_[OpName(p.insns[i].op)];
    }
  }

  void Report(uint64_t index, const Program& p, const Assembled& a, const FuzzResult& nr,
              const FuzzResult& er, const Comparison& c) {
    if (shrinks_ >= o_.max_shrinks && o_.single_case < 0) {
      ++unshrunk_;
      return;
    }
    ++shrinks_;
    const Program small =
        o_.shrink ? Shrink(p, [this](const Program& q) { return StillFails(q); }, 300) : p;
    const Assembled sa = Assemble(small);
    const Analysis san = Analyze(small);
    FuzzResult snr, ser;
    Comparison sc = c;
    const Program* shown = &p;
    const Assembled* shown_a = &a;
    const FuzzResult* shown_nr = &nr;
    const FuzzResult* shown_er = &er;
    if (RunBoth(small, sa, &snr, &ser)) {
      sc = CompareFiltered(sa, san, snr, ser);
      if (!sc.equal) {
        shown = &small;
        shown_a = &sa;
        shown_nr = &snr;
        shown_er = &ser;
      } else {
        sc = c;  // flaky shrink result: show the original
      }
    }
    const std::string category = Category(*shown_a, sc);
    CategoryStats& stats = categories_[category];
    const bool first = stats.count++ == 0;
    if (first) stats.first_case = index;
    if ((first && reports_ < o_.max_reports) || o_.verbose || o_.single_case >= 0) {
      ++reports_;
      std::printf("MISMATCH case %llu (--seed %llu --case %llu): %s\n",
                  static_cast<unsigned long long>(index),
                  static_cast<unsigned long long>(o_.seed),
                  static_cast<unsigned long long>(index), category.c_str());
      PrintReport(stdout, *shown, *shown_a, *shown_nr, *shown_er, sc);
      std::fflush(stdout);
    }
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
    std::printf("outcomes (native):");
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
    if (!categories_.empty()) {
      std::printf("mismatch categories (after shrinking; first case):\n");
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
    return failed == 0 ? 0 : 1;
  }

 private:
  Options o_;
  NativeRunner native_;
  typename W::Emulator emu_;
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
                 "                    [--sse-percent P]\n");
    return 2;
  }
  if (!o.seed_given) {
    o.seed = static_cast<uint64_t>(
        std::chrono::system_clock::now().time_since_epoch().count());
  }
  std::printf("seed %llu\n", static_cast<unsigned long long>(o.seed));
  std::fflush(stdout);
  if (o.mode64) {
    if (!NativeRunner::Available64()) {
      std::printf("morph86-fuzz: native execution unavailable (needs an x86-64 Linux host and "
                  "the 64-bit child %s); skipping\n",
                  NativeRunner::DefaultChildPath64().c_str());
      return kSkipped;
    }
    return Fuzzer<Width64>(o, NativeRunner::DefaultChildPath64(), Width64::ChildOptions()).Main();
  }
  if (!NativeRunner::Available()) {
    std::printf("morph86-fuzz: native execution unavailable (needs an x86 Linux host and the "
                "32-bit child %s); skipping\n",
                NativeRunner::DefaultChildPath().c_str());
    return kSkipped;
  }
  return Fuzzer<Width32>(o, NativeRunner::DefaultChildPath(), NativeRunnerOptions()).Main();
}
