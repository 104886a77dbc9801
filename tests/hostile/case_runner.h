// Runs one hostile case as a real morph86 process and judges it: a crash (signal), a
// sanitizer report, a run still going a second after its --timeout, or a disk image the guest
// changed fails it. A failing case's images are saved with the command line that reproduces it.
#ifndef M86_TESTS_HOSTILE_CASE_RUNNER_H_
#define M86_TESTS_HOSTILE_CASE_RUNNER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "guest_image.h"

namespace m86::hostile {

struct RunnerConfig {
  std::string morph86;     // the executable under test
  std::string work_dir;    // scratch files (one set per case at a time)
  std::string out_dir;     // where failing cases' images go
  double timeout = 0.5;    // --timeout of every run
  double slack = 1.0;      // how long after the timeout a run may still end
  // Start-up and exit of a run that ends at once, per machine: not counted as lateness.
  double overhead_bare = 0, overhead_pc = 0;
};

struct CaseResult {
  GuestKind kind;
  bool failed = false;
  std::string report;   // for a failure: what went wrong and how to reproduce it
  int exit_status = -1;
  double late = 0;      // seconds past the timeout, start-up and exit taken off
};

// Measures RunnerConfig's overheads: morph86 spinning in `jmp $` with a 0.01 s timeout.
void MeasureOverheads(RunnerConfig* config);

// Runs case `index` of `seed`. `keep` saves its images in out_dir even when it passes.
CaseResult RunCase(const RunnerConfig& config, uint64_t seed, uint64_t index, bool keep);

}  // namespace m86::hostile

#endif  // M86_TESTS_HOSTILE_CASE_RUNNER_H_
