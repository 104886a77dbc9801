// morph86-hostile: runs random hostile guests (boot sectors of random code, port I/O and BIOS
// calls, real- and protected-mode ROMs with random tables) as real morph86 processes and fails
// on a crash, a sanitizer report, a run that outlives its --timeout by more than a second, or
// a disk image the guest managed to change.
//
// usage: morph86-hostile --morph86 PATH [--seed S] [--count N] [--jobs J] [--timeout SEC]
//                        [--slack SEC] [--max-seconds SEC] [--case I] [--out DIR]
// The seed is printed first (a time-based one without --seed); `--seed S --case I` runs one
// case again and keeps its images. Exit status: 0 all passed, 1 failures, 2 bad usage.
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "case_runner.h"

namespace m86::hostile {
namespace {

struct Options {
  RunnerConfig config;
  uint64_t seed = 0;
  bool seed_given = false;
  uint64_t count = 100;
  int jobs = 2;
  double max_seconds = 0;  // 0: no limit
  int64_t single_case = -1;
};

bool Parse(int argc, char** argv, Options* o) {
  o->config.out_dir = "hostile-failures";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string name = argv[i];
    const char* value = argv[i + 1];
    char* end = nullptr;
    const double number = std::strtod(value, &end);
    const bool numeric = end != value && *end == '\0' && number >= 0;
    if (name == "--morph86") o->config.morph86 = value;
    else if (name == "--out") o->config.out_dir = value;
    else if (!numeric) return false;
    else if (name == "--seed") o->seed = std::strtoull(value, nullptr, 0), o->seed_given = true;
    else if (name == "--count") o->count = static_cast<uint64_t>(number);
    else if (name == "--jobs" && number >= 1) o->jobs = static_cast<int>(number);
    else if (name == "--timeout" && number > 0) o->config.timeout = number;
    else if (name == "--slack") o->config.slack = number;
    else if (name == "--max-seconds") o->max_seconds = number;
    else if (name == "--case") o->single_case = static_cast<int64_t>(number);
    else return false;
  }
  return argc % 2 == 1 && !o->config.morph86.empty();
}

// Runs the cases on `jobs` threads; returns the number that failed.
int RunAll(const Options& o) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  std::atomic<uint64_t> next{0};
  std::mutex lock;
  uint64_t ran = 0;
  int failed = 0;
  double worst_late = -1e9;
  std::map<std::string, int> kinds, statuses;
  auto worker = [&] {
    for (;;) {
      const uint64_t index = next++;
      const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
      if (index >= o.count || (o.max_seconds > 0 && elapsed > o.max_seconds)) return;
      const CaseResult r = RunCase(o.config, o.seed, index, false);
      std::lock_guard<std::mutex> hold(lock);
      ++ran;
      ++kinds[GuestKindName(r.kind)];
      ++statuses[r.exit_status == 124 ? "timeout" : "status " + std::to_string(r.exit_status)];
      worst_late = std::max(worst_late, r.late);
      if (r.failed) {
        ++failed;
        std::fputs(r.report.c_str(), stdout);
        std::fflush(stdout);
      }
    }
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < o.jobs; ++i) threads.emplace_back(worker);
  for (std::thread& t : threads) t.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("morph86-hostile: %llu cases in %.1f s, %d failed; latest end %.2f s after a timeout\n",
              static_cast<unsigned long long>(ran), seconds, failed, worst_late);
  std::printf("  kinds:");
  for (const auto& [name, n] : kinds) std::printf(" %s %d", name.c_str(), n);
  std::printf("\n  endings:");
  for (const auto& [name, n] : statuses) std::printf(" %s: %d,", name.c_str(), n);
  std::printf("\n");
  return failed;
}

}  // namespace
}  // namespace m86::hostile

int main(int argc, char** argv) {
  using namespace m86::hostile;
  Options o;
  if (!Parse(argc, argv, &o)) {
    std::fprintf(stderr,
                 "usage: morph86-hostile --morph86 PATH [--seed S] [--count N] [--jobs J] "
                 "[--timeout SEC] [--slack SEC] [--max-seconds SEC] [--case I] [--out DIR]\n");
    return 2;
  }
  if (!o.seed_given)
    o.seed = static_cast<uint64_t>(std::chrono::system_clock::now().time_since_epoch().count());
  std::printf("morph86-hostile: seed %llu, timeout %g s, %s\n",
              static_cast<unsigned long long>(o.seed), o.config.timeout, o.config.morph86.c_str());
  char work[] = "/tmp/morph86-hostile.XXXXXX";
  if (!mkdtemp(work)) {
    std::perror("morph86-hostile: mkdtemp");
    return 2;
  }
  o.config.work_dir = work;
  ::mkdir(o.config.out_dir.c_str(), 0755);
  MeasureOverheads(&o.config);
  std::printf("  start-up and exit: %.2f s bare, %.2f s PC (not counted as lateness)\n",
              o.config.overhead_bare, o.config.overhead_pc);
  int failed;
  if (o.single_case >= 0) {
    const CaseResult r = RunCase(o.config, o.seed, static_cast<uint64_t>(o.single_case), true);
    std::fputs(r.report.c_str(), stdout);
    std::printf("case %lld (%s): %s, status %d\n", static_cast<long long>(o.single_case),
                GuestKindName(r.kind), r.failed ? "FAILED" : "passed", r.exit_status);
    failed = r.failed ? 1 : 0;
  } else {
    failed = RunAll(o);
  }
  ::rmdir(work);
  return failed ? 1 : 0;
}
