#include "case_runner.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

#include "child_process.h"
#include "rng.h"

namespace m86::hostile {
namespace {

// A run still going this long after its timeout is killed and reported as hung.
constexpr double kHangSeconds = 30;
// Standard error beyond this means a guest can flood the host's logs.
constexpr size_t kMaxStderrBytes = 1 << 20;

bool WriteFile(const std::string& path, const std::vector<uint8_t>& bytes, bool read_only) {
  ::chmod(path.c_str(), 0644);  // a read-only file from an earlier case may be there
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  f.close();
  return f && ::chmod(path.c_str(), read_only ? 0444 : 0644) == 0;
}

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

bool SameBytes(const std::string& path, const std::vector<uint8_t>& bytes) {
  const std::string now = ReadFile(path);
  return now.size() == bytes.size() && std::memcmp(now.data(), bytes.data(), bytes.size()) == 0;
}

const char* const kSanitizerMarks[] = {"AddressSanitizer", "LeakSanitizer",
                                       "UndefinedBehaviorSanitizer", "runtime error:"};

// The images of one case on disk and the command line that runs them.
struct CaseFiles {
  std::string rom, floppy, hard_disk;
  bool read_only = false;  // without --snapshot, the images have no write permission
  std::vector<std::string> argv;
};

CaseFiles WriteCase(const RunnerConfig& config, const GuestImage& g, const std::string& stem,
                    bool snapshot) {
  CaseFiles f;
  f.argv = {config.morph86};
  f.argv.insert(f.argv.end(), g.options.begin(), g.options.end());
  if (!g.pc) {
    f.rom = stem + ".rom";
    WriteFile(f.rom, g.rom, false);
    f.argv.insert(f.argv.end(), {"--rom", f.rom});
  } else {
    f.read_only = !snapshot;
    f.floppy = stem + ".fda.img";
    WriteFile(f.floppy, g.floppy, f.read_only);
    f.argv.insert(f.argv.end(), {"--fda", f.floppy});
    if (!g.hard_disk.empty()) {
      f.hard_disk = stem + ".hda.img";
      WriteFile(f.hard_disk, g.hard_disk, f.read_only);
      f.argv.insert(f.argv.end(), {"--hda", f.hard_disk});
    }
    if (snapshot) f.argv.push_back("--snapshot");
  }
  char timeout[32];
  std::snprintf(timeout, sizeof timeout, "%g", config.timeout);
  f.argv.insert(f.argv.end(), {"--timeout", timeout});
  return f;
}

void RemoveCase(const CaseFiles& f) {
  for (const std::string& p : {f.rom, f.floppy, f.hard_disk})
    if (!p.empty()) std::remove(p.c_str());
}

// What is wrong with a finished run, or "" when nothing is.
std::string Judge(const RunnerConfig& config, const GuestImage& g, const CaseFiles& files,
                  const ChildResult& r, const std::string& errors, double late) {
  if (!r.started) return "morph86 did not start";
  if (r.killed) return "still running " + std::to_string(kHangSeconds) + " s after its timeout: killed";
  if (r.signal) return std::string("killed by signal ") + std::to_string(r.signal) + " (" + strsignal(r.signal) + ")";
  for (const char* mark : kSanitizerMarks)
    if (errors.find(mark) != std::string::npos) return std::string("sanitizer report (") + mark + ")";
  if (r.exit_status == 2) return "morph86 refused the command line (status 2)";
  if (errors.size() > kMaxStderrBytes) return "standard error grew to " + std::to_string(errors.size()) + " bytes";
  if (late > config.slack) {
    char line[96];
    std::snprintf(line, sizeof line, "ended %.2f s after its %g s timeout", late, config.timeout);
    return line;
  }
  if (g.pc && !SameBytes(files.floppy, g.floppy)) return "the drive A: image changed";
  if (!g.hard_disk.empty() && !SameBytes(files.hard_disk, g.hard_disk)) return "the drive C: image changed";
  return "";
}

struct Attempt {
  ChildResult child;
  std::string errors;
  double late = 0;
};

Attempt RunOnce(const RunnerConfig& config, const GuestImage& g, const CaseFiles& files,
                const std::string& stderr_path) {
  Attempt a;
  a.child = RunChild(files.argv, stderr_path, config.timeout + kHangSeconds);
  a.errors = ReadFile(stderr_path);
  const double overhead = g.pc ? config.overhead_pc : config.overhead_bare;
  a.late = a.child.seconds - config.timeout - overhead;
  return a;
}

std::string Reproducer(const RunnerConfig& config, const GuestImage& g, uint64_t seed,
                       uint64_t index, const std::string& reason, const std::string& errors,
                       bool snapshot) {
  const std::string stem = config.out_dir + "/hostile-" + std::to_string(seed) + "-" + std::to_string(index);
  const CaseFiles saved = WriteCase(config, g, stem, snapshot);
  std::ofstream(stem + ".stderr.txt") << errors;
  std::ostringstream out;
  out << "FAIL case " << index << " of seed " << seed << " (" << GuestKindName(g.kind) << "): " << reason
      << "\n  reproduce: " << ShellCommand(saved.argv)
      << "\n  (or: morph86-hostile --morph86 " << config.morph86 << " --seed " << seed << " --case " << index << ")"
      << "\n  its standard error: " << stem << ".stderr.txt\n";
  std::istringstream lines(errors);
  std::string line;
  for (int n = 0; n < 12 && std::getline(lines, line); ++n) out << "  | " << line << "\n";
  return out.str();
}

// A guest that spins in `jmp $` on the machine `like` runs on, with its options (but its own
// disks): the yardstick for how long a run takes on this host just now.
GuestImage SpinningGuest(const GuestImage& like) {
  GuestImage spin;
  spin.kind = like.kind;
  spin.pc = like.pc;
  for (size_t i = 0; i < like.options.size(); ++i) {
    if (like.options[i] == "--boot") ++i;  // the spinner has no drive C:
    else spin.options.push_back(like.options[i]);
  }
  if (!like.pc) {
    spin.rom.assign(0x10000, 0);
    spin.rom[0xFFF0] = 0xEB;  // jmp $
    spin.rom[0xFFF1] = 0xFE;
  } else {
    spin.floppy.assign(1474560, 0);
    spin.floppy[0] = 0xEB;
    spin.floppy[1] = 0xFE;
    spin.floppy[510] = 0x55;
    spin.floppy[511] = 0xAA;
  }
  return spin;
}

}  // namespace

void MeasureOverheads(RunnerConfig* config) {
  RunnerConfig quick = *config;
  quick.timeout = 0.01;
  double* overheads[] = {&config->overhead_bare, &config->overhead_pc};
  for (int i = 0; i < 2; ++i) {
    GuestImage like;
    like.pc = i == 1;
    like.options = {"-m", "64"};
    if (!like.pc) like.options.insert(like.options.begin(), {"--machine", "bare"});
    const GuestImage spin = SpinningGuest(like);
    const CaseFiles files = WriteCase(quick, spin, config->work_dir + "/spin", true);
    double worst = 0;
    for (int run = 0; run < 2; ++run) {
      const Attempt a = RunOnce(quick, spin, files, config->work_dir + "/spin.stderr");
      worst = std::max(worst, a.late);
    }
    *overheads[i] = worst;
    RemoveCase(files);
  }
}

CaseResult RunCase(const RunnerConfig& config, uint64_t seed, uint64_t index, bool keep) {
  const GuestImage g = MakeGuest(fuzz::CaseSeed(seed, index));
  Rng rng(fuzz::CaseSeed(seed, index) ^ 0x5A17);
  const bool snapshot = rng.Percent(50);
  const std::string stem = config.work_dir + "/case-" + std::to_string(index);
  const CaseFiles files = WriteCase(config, g, stem, snapshot);
  const std::string stderr_path = stem + ".stderr";
  Attempt a = RunOnce(config, g, files, stderr_path);
  std::string reason = Judge(config, g, files, a.child, a.errors, a.late);
  // A loaded host slows every run's start and exit: a late case runs again right after a
  // guest that only spins, with the same options, and fails only when it is late against
  // that yardstick twice.
  const GuestImage spin = SpinningGuest(g);
  const CaseFiles spin_files = WriteCase(config, spin, stem + "-spin", true);
  for (int retry = 0; retry < 2 && reason.rfind("ended ", 0) == 0; ++retry) {
    const Attempt yardstick = RunOnce(config, spin, spin_files, stderr_path);
    a = RunOnce(config, g, files, stderr_path);
    a.late = a.child.seconds - yardstick.child.seconds;
    reason = Judge(config, g, files, a.child, a.errors, a.late);
  }
  RemoveCase(spin_files);
  CaseResult result;
  result.kind = g.kind;
  result.exit_status = a.child.exit_status;
  result.late = a.late;
  result.failed = !reason.empty();
  if (result.failed) result.report = Reproducer(config, g, seed, index, reason, a.errors, snapshot);
  if (keep && !result.failed) {
    const std::string kept = config.out_dir + "/hostile-" + std::to_string(seed) + "-" + std::to_string(index);
    result.report = "  command: " + ShellCommand(WriteCase(config, g, kept, snapshot).argv) + "\n";
  }
  RemoveCase(files);
  std::remove(stderr_path.c_str());
  return result;
}

}  // namespace m86::hostile
