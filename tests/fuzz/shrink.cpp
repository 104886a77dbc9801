// Delta-debugging style minimization of a failing program.
#include "shrink.h"

#include "analysis.h"
#include "analysis64.h"

namespace m86::fuzz {
namespace {

// The register simplifications of each width, as edits: zero each initial register, then the
// status flags and DF, MXCSR back to its default, then each XMM register. RSP, and in 64-bit
// mode R14 and R15, hold addresses and stay.
template <typename P>
using Edits = std::vector<std::function<void(P&)>>;

template <typename P>
void AddSseEdits(const P& p, Edits<P>* out) {
  if (p.sse.mxcsr != kFuzzMxcsrDefault) {
    out->push_back([](P& q) { q.sse.mxcsr = kFuzzMxcsrDefault; });
  }
  for (size_t x = 0; x < std::size(p.sse.xmm); ++x) {
    if (p.sse.xmm[x][0] != 0 || p.sse.xmm[x][1] != 0) {
      out->push_back([x](P& q) { q.sse.xmm[x][0] = q.sse.xmm[x][1] = 0; });
    }
  }
}

Edits<Program> RegisterEdits(const Program& p) {
  Edits<Program> out;
  uint32_t FuzzRegs::*regs[] = {&FuzzRegs::eax, &FuzzRegs::ecx, &FuzzRegs::edx,
                                &FuzzRegs::ebx, &FuzzRegs::ebp, &FuzzRegs::esi,
                                &FuzzRegs::edi};
  for (auto reg : regs) {
    if (p.init.*reg != 0) out.push_back([reg](Program& q) { q.init.*reg = 0; });
  }
  for (uint32_t flags : {kFuzzArithFlags, kFlagDf}) {
    if (p.init.eflags & flags) out.push_back([flags](Program& q) { q.init.eflags &= ~flags; });
  }
  AddSseEdits(p, &out);
  return out;
}

Edits<Program64> RegisterEdits(const Program64& p) {
  Edits<Program64> out;
  for (int r = 0; r < 16; ++r) {
    if (!IsPinned64(r) && p.init.gpr[r] != 0) {
      out.push_back([r](Program64& q) { q.init.gpr[r] = 0; });
    }
  }
  for (uint64_t flags : {uint64_t{kFuzzArithFlags}, uint64_t{kFlagDf}}) {
    if (p.init.rflags & flags) out.push_back([flags](Program64& q) { q.init.rflags &= ~flags; });
  }
  AddSseEdits(p, &out);
  return out;
}

template <typename Program>
class Shrinker {
 public:
  Shrinker(const Program& p, const std::function<bool(const Program&)>& fails, int max_runs)
      : best_(p), fails_(fails), runs_left_(max_runs) {}

  Program Run() {
    DropInstructions();
    SimplifyRegisters();
    SimplifyData();
    DropInstructions();  // simpler values may have made more instructions irrelevant
    return best_;
  }

 private:
  // Keeps `candidate` if it is valid and still fails.
  bool Try(const Program& candidate) {
    if (runs_left_ <= 0) return false;
    if (!Analyze(candidate).valid || !Assemble(candidate).ok) return false;
    --runs_left_;
    if (!fails_(candidate)) return false;
    best_ = candidate;
    return true;
  }

  // Removes runs of instructions, halving the run length down to single instructions, and
  // repeats single removals while they still succeed.
  void DropInstructions() {
    size_t chunk = best_.insns.size() / 2;
    if (chunk == 0) chunk = 1;
    for (;;) {
      bool changed = false;
      for (size_t i = 0; i + chunk <= best_.insns.size();) {
        Program candidate = best_;
        for (size_t k = 0; k < chunk; ++k) RemoveInsn(&candidate.insns, i);
        if (Try(candidate)) {
          changed = true;
        } else {
          i += chunk;
        }
      }
      if (chunk > 1) {
        chunk /= 2;
      } else if (!changed || runs_left_ <= 0) {
        break;
      }
    }
  }

  void SimplifyRegisters() {
    for (const auto& edit : RegisterEdits(best_)) {
      Program candidate = best_;
      edit(candidate);
      Try(candidate);
    }
  }

  void SimplifyData() {
    Program zero = best_;
    zero.data.fill(0);
    if (Try(zero)) return;
    for (size_t block = 0; block < kFuzzDataSize; block += 512) {
      Program candidate = best_;
      bool nonzero = false;
      for (size_t i = block; i < block + 512; ++i) {
        nonzero = nonzero || candidate.data[i] != 0;
        candidate.data[i] = 0;
      }
      if (nonzero) Try(candidate);
    }
  }

  Program best_;
  const std::function<bool(const Program&)>& fails_;
  int runs_left_;
};

}  // namespace

Program Shrink(const Program& p, const std::function<bool(const Program&)>& fails, int max_runs) {
  return Shrinker<Program>(p, fails, max_runs).Run();
}

Program64 Shrink(const Program64& p, const std::function<bool(const Program64&)>& fails,
                 int max_runs) {
  return Shrinker<Program64>(p, fails, max_runs).Run();
}

}  // namespace m86::fuzz
