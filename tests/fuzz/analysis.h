// Abstract execution of a generated program: which register values are known, which status
// flags are undefined, and whether every memory access provably stays inside the data page or
// faults on a page nothing is mapped at. A native store anywhere else would corrupt the child
// process, so only programs this analysis accepts are ever run.
#ifndef M86_TESTS_FUZZ_ANALYSIS_H_
#define M86_TESTS_FUZZ_ANALYSIS_H_

#include <array>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "program.h"

namespace m86::fuzz {

// Ordered: the worst verdict of an instruction's parts wins.
enum class Verdict : uint8_t {
  kOk,        // runs to completion
  kMayFault,  // may raise an exception that depends on data (#DE, #BR, #OF)
  kFaults,    // deliberately faults (guard page, CS write, LOCK misuse...): safe
  kReject,    // unsafe or not comparable: must not be run
};

struct AbsState {
  std::array<uint32_t, 8> val{};
  uint8_t known = 0;     // bit r: val[r] is the value of register r
  uint32_t undef = 0;    // status flags whose value is undefined
  int8_t df = 0;         // EFLAGS.DF: 0, 1, or -1 when unknown
  bool reachable = true;

  bool Known(int r) const { return (known >> r) & 1; }
  std::optional<uint32_t> Get(int r) const {
    return Known(r) ? std::optional<uint32_t>(val[r]) : std::nullopt;
  }
  void Set(int r, std::optional<uint32_t> v) {
    if (v) {
      val[r] = *v;
      known = static_cast<uint8_t>(known | (1u << r));
    } else {
      known = static_cast<uint8_t>(known & ~(1u << r));
    }
  }
};

// The state where two paths join.
AbsState Merge(const AbsState& a, const AbsState& b);

// Where an access lands, page by page (linear = offset: all segments are flat).
Verdict ClassifyRange(uint32_t linear, uint32_t size, bool write);

class Analyzer {
 public:
  explicit Analyzer(const FuzzRegs& init);
  // Analyzes instruction number size(); `why` receives a short reason for kReject/kFaults.
  Verdict Feed(const GenInsn& g, const char** why = nullptr);
  // State before the next instruction (branches to it merged in).
  const AbsState& state() const { return st_; }
  size_t size() const { return undef_before_.size(); }
  // Undefined flags before each instruction analyzed so far.
  const std::vector<uint32_t>& undef_before() const { return undef_before_; }
  // Reachability of each instruction analyzed so far.
  const std::vector<bool>& reachable() const { return reachable_; }
  // State at the end of the sequence, with every branch past the last instruction merged.
  AbsState Final() const;
  uint32_t FinalUndef() const { return Final().undef; }

 private:
  AbsState st_;
  std::vector<std::pair<int, AbsState>> pending_;  // taken branches to later instructions
  std::vector<uint32_t> undef_before_;
  std::vector<bool> reachable_;
};

struct Analysis {
  bool valid = false;
  int bad_index = -1;        // first reachable instruction judged kReject
  const char* why = nullptr;
  std::vector<uint32_t> undef_before;
  uint32_t final_undef = 0;
  // Each instruction's verdict, kOk for unreachable ones.
  std::vector<Verdict> verdicts;
};
Analysis Analyze(const Program& p);

// Analyze with any analyzer (Analyzer, Analyzer64): valid when no reachable instruction is
// rejected.
template <typename A>
Analysis AnalyzeWith(A an, const std::vector<GenInsn>& insns) {
  Analysis a;
  a.valid = true;
  for (size_t i = 0; i < insns.size(); ++i) {
    const bool live = an.state().reachable;
    const char* why = nullptr;
    const Verdict v = an.Feed(insns[i], &why);
    a.verdicts.push_back(live ? v : Verdict::kOk);
    if (live && v == Verdict::kReject && a.valid) {
      a.valid = false;
      a.bad_index = static_cast<int>(i);
      a.why = why;
    }
  }
  a.undef_before = an.undef_before();
  a.final_undef = an.FinalUndef();
  return a;
}

// Moves the states of the branches taken to instruction `next` into *st, joined by `merge`.
template <typename State, typename MergeFn>
void JoinBranches(std::vector<std::pair<int, State>>* pending, int next, State* st,
                  MergeFn merge) {
  for (size_t i = 0; i < pending->size();) {
    if ((*pending)[i].first == next) {
      *st = merge(*st, (*pending)[i].second);
      pending->erase(pending->begin() + static_cast<std::ptrdiff_t>(i));
    } else {
      ++i;
    }
  }
}

// Executes one instruction abstractly (analysis_step.cpp). Sets *taken for relative
// branches (the state on the taken path) and *falls_through to false for JMP and CALL.
struct StepOut {
  Verdict verdict = Verdict::kOk;
  const char* why = nullptr;
  bool branch = false;
  bool falls_through = true;
  AbsState taken;

  // Keeps the worst verdict and its reason.
  void Raise(Verdict v, const char* reason) {
    if (v > verdict) {
      verdict = v;
      why = reason;
    }
  }
};
StepOut Step(const GenInsn& g, AbsState& st);

}  // namespace m86::fuzz

#endif  // M86_TESTS_FUZZ_ANALYSIS_H_
