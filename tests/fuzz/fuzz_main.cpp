// morph86-fuzz: differential fuzzing of the interpreter against the host CPU.
//
// Usage: morph86-fuzz [--count N] [--seed S] [--max-insns K] [--case I] [--max-reports R]
//                     [--max-shrinks M] [--verbose] [--stats] [--ignore FIELD]
//                     [--skip-op OP] [--fault-percent P]
//
// --ignore drops a comparison field (eax..edi, eflags, data, cr2, error-code, vector, eip,
// outcome) and --skip-op an operation (its ops.inc name, e.g. XADD_EvGv), both repeatable:
// they let a run look past a known, already reported bug. --fault-percent sets how often a
// memory operand is aimed at a guard page on purpose (default 2).
//
// Each case is a random user-mode instruction sequence (generator.h) run natively in a 32-bit
// child process (native_runner.h) and on the emulated Pentium Pro (emulator_runner.h); the
// general registers, EFLAGS (minus flags undefined at that point), the data page and any
// exception must agree. Mismatches are shrunk and printed with a disassembly. Exit status:
// 0 all passed, 1 mismatches, 2 usage error, 77 native execution unavailable (skipped).
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "analysis.h"
#include "compare.h"
#include "emulator_runner.h"
#include "generator.h"
#include "native_runner.h"
#include "shrink.h"

namespace m86::fuzz {
namespace {

constexpr int kSkipped = 77;

struct Options {
  uint64_t count = 1000;
  uint64_t seed = 0;
  bool seed_given = false;
  int max_insns = 12;
  uint32_t fault_percent = 2;
  int64_t single_case = -1;
  int max_reports = 10;
  int max_shrinks = 200;
  bool verbose = false;
  bool stats = false;
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
    if (std::strcmp(arg, "--verbose") == 0) {
      o->verbose = true;
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

class Fuzzer {
 public:
  explicit Fuzzer(const Options& o) : o_(o), native_(NativeRunner::DefaultChildPath()) {}

  // Runs both sides; false (with a message) on a harness problem.
  bool RunBoth(const Program& p, const Assembled& a, FuzzResult* nr, FuzzResult* er) {
    *nr = native_.Run(*a.fuzz_case);
    if (nr->outcome == FuzzOutcome::kHarnessError || nr->outcome == FuzzOutcome::kTimeout) {
      std::printf("harness: native run failed (%s): %s\n", OutcomeName(nr->outcome),
                  native_.LastError().c_str());
      return false;
    }
    (void)p;
    *er = emu_.Run(*a.fuzz_case);
    return true;
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
    const Program p = Generate(rng, gen);
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
    const uint32_t end = nr.eip - kFuzzCodeAddr;
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
        Shrink(p, [this](const Program& q) { return StillFails(q); }, 300);
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
  EmulatorRunner emu_;
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
                 "usage: morph86-fuzz [--count N] [--seed S] [--max-insns K (1-64)] [--case I]\n"
                 "                    [--max-reports R] [--max-shrinks M] [--verbose] [--stats]\n"
                 "                    [--ignore FIELD]... [--skip-op OP]... [--fault-percent P]\n");
    return 2;
  }
  if (!o.seed_given) {
    o.seed = static_cast<uint64_t>(
        std::chrono::system_clock::now().time_since_epoch().count());
  }
  std::printf("seed %llu\n", static_cast<unsigned long long>(o.seed));
  std::fflush(stdout);
  if (!NativeRunner::Available()) {
    std::printf("morph86-fuzz: native execution unavailable (needs an x86 Linux host and the "
                "32-bit child %s); skipping\n",
                NativeRunner::DefaultChildPath().c_str());
    return kSkipped;
  }
  return Fuzzer(o).Main();
}
