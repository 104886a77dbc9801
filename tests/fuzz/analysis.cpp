// The analysis driver: page classification, joins at branch targets, whole-program checks.
#include "analysis.h"

namespace m86::fuzz {
namespace {

constexpr uint32_t kLowLimit = 0x10000;  // below Linux's default vm.mmap_min_addr

// Pages the native child provably has nothing at: the guard pages around the code and data
// pages (native_child.cpp maps them PROT_NONE) and the first 64 KiB.
bool IsUnmappedPage(uint32_t page) {
  const uint32_t code = kFuzzCodeAddr >> 12, data = kFuzzDataAddr >> 12;
  return page < (kLowLimit >> 12) || page == code - 1 || page == code + 1 || page == data - 1 ||
         page == data + 1;
}

Verdict ClassifyPage(uint32_t page, bool write) {
  if (page == kFuzzDataAddr >> 12) return Verdict::kOk;
  if (IsUnmappedPage(page)) return Verdict::kFaults;
  // The code page is read-only: a write faults. Its bytes past the sequence differ between
  // the two sides (the native terminator holds a host address), so reads are not compared.
  if (page == kFuzzCodeAddr >> 12) return write ? Verdict::kFaults : Verdict::kReject;
  return Verdict::kReject;
}

}  // namespace

Verdict ClassifyRange(uint32_t linear, uint32_t size, bool write) {
  if (size == 0) return Verdict::kOk;
  const uint32_t last = linear + size - 1;
  if (last < linear) return Verdict::kReject;  // wraps around 4 GiB
  Verdict worst = Verdict::kOk;
  for (uint32_t page = linear >> 12;; ++page) {
    const Verdict v = ClassifyPage(page, write);
    if (v > worst) worst = v;
    if (page == last >> 12) break;
  }
  return worst;
}

AbsState Merge(const AbsState& a, const AbsState& b) {
  if (!a.reachable) return b;
  if (!b.reachable) return a;
  AbsState m = a;
  m.known = 0;
  for (int r = 0; r < 8; ++r) {
    if (a.Known(r) && b.Known(r) && a.val[r] == b.val[r]) m.Set(r, a.val[r]);
  }
  m.undef = a.undef | b.undef;
  m.df = a.df == b.df ? a.df : -1;
  return m;
}

Analyzer::Analyzer(const FuzzRegs& init) {
  const uint32_t regs[8] = {init.eax, init.ecx, init.edx, init.ebx,
                            init.esp, init.ebp, init.esi, init.edi};
  for (int r = 0; r < 8; ++r) st_.Set(r, regs[r]);
  st_.df = (init.eflags & kFlagDf) ? 1 : 0;
}

Verdict Analyzer::Feed(const GenInsn& g, const char** why) {
  const int index = static_cast<int>(undef_before_.size());
  undef_before_.push_back(st_.undef);
  reachable_.push_back(st_.reachable);
  StepOut out = Step(g, st_);
  if (out.branch) {
    out.taken.reachable = st_.reachable;
    // Only forward branches are generated; anything else is treated as a fall-through.
    if (g.target > index) pending_.emplace_back(g.target, out.taken);
  }
  if (!out.falls_through) st_.reachable = false;
  JoinBranches(&pending_, index + 1, &st_, Merge);
  if (why) *why = out.why;
  return out.verdict;
}

AbsState Analyzer::Final() const {
  AbsState s = st_;
  for (const auto& [target, taken] : pending_) s = Merge(s, taken);
  return s;
}

Analysis Analyze(const Program& p) { return AnalyzeWith(Analyzer(p.init), p.insns); }

}  // namespace m86::fuzz
