// Delta-debugging style minimization of a failing program.
#include "shrink.h"

#include "analysis.h"

namespace m86::fuzz {
namespace {

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
        for (size_t k = 0; k < chunk; ++k) RemoveInsn(&candidate, i);
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
    uint32_t FuzzRegs::*regs[] = {&FuzzRegs::eax, &FuzzRegs::ecx, &FuzzRegs::edx,
                                  &FuzzRegs::ebx, &FuzzRegs::ebp, &FuzzRegs::esi,
                                  &FuzzRegs::edi};
    for (auto reg : regs) {
      if (best_.init.*reg == 0) continue;
      Program candidate = best_;
      candidate.init.*reg = 0;
      Try(candidate);
    }
    if ((best_.init.eflags & kFuzzArithFlags) != 0) {
      Program candidate = best_;
      candidate.init.eflags &= ~kFuzzArithFlags;
      Try(candidate);
    }
    if (best_.init.eflags & kFlagDf) {
      Program candidate = best_;
      candidate.init.eflags &= ~kFlagDf;
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
  return Shrinker(p, fails, max_runs).Run();
}

}  // namespace m86::fuzz
