// morph86-sst: runs SingleStepTests vector files (../shared/singlestep) on the interpreter.
//   morph86-sst [--cpu MODEL] [--verbose] [--limit N] [--skip-missing] [--jit on|check]
//               [--expected-failures FILE] PATH...
// Debugging: --test N runs only the N-th test of each file, --trace prints each instruction.
// PATH is a folder of *.MOO.gz files (with its metadata.json) or single files. Exit status:
// 0 when every gating test passed, 1 when some failed, 2 for bad usage or unreadable input,
// 77 (--skip-missing) when a PATH does not exist.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/sst/runner.h"
#include "translator/jit.h"

namespace fs = std::filesystem;
using namespace m86::sst;

namespace {

constexpr int kExitSkip = 77;

int Usage(const char* msg) {
  std::fprintf(stderr, "morph86-sst: %s\nusage: morph86-sst [--cpu MODEL] [--verbose] [--limit N] "
                       "[--skip-missing] [--jit on|check] [--expected-failures FILE] [--test N] [--trace] PATH...\n", msg);
  return 2;
}

bool IsMooFile(const fs::path& p) {
  std::string n = p.filename().string();
  std::transform(n.begin(), n.end(), n.begin(), [](unsigned char ch) { return std::toupper(ch); });
  return n.ends_with(".MOO.GZ") || n.ends_with(".MOO");
}

// What a folder provides to the files in it: metadata and the revocation list.
struct FolderInfo {
  bool has_metadata = false;
  Metadata metadata;
  RevocationList revoked;
};

}  // namespace

int main(int argc, char** argv) {
  RunnerOptions options;
  m86::JitOptions jit_options;
  std::unique_ptr<m86::Jit> jit;  // outlives the runner's CPUs (declared before the runner)
  m86::sst::HashList expected_failures;
  bool skip_missing = false;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--cpu" && i + 1 < argc) {
      auto m = m86::ModelByName(argv[++i]);
      if (!m) return Usage(("unknown CPU model '" + std::string(argv[i]) + "' (known: " +
                            std::string(m86::ModelNames()) + ")").c_str());
      options.model = *m;
    } else if (a == "--limit" && i + 1 < argc) {
      char* end = nullptr;
      options.limit = std::strtoull(argv[++i], &end, 10);
      if (!end || *end) return Usage("--limit needs a number");
    } else if (a == "--test" && i + 1 < argc) {
      char* end = nullptr;
      options.only_test = std::strtoll(argv[++i], &end, 10);
      if (!end || *end || options.only_test < 0) return Usage("--test needs a test number");
    } else if (a == "--jit" && i + 1 < argc) {
      const std::string mode = argv[++i];
      if (mode != "on" && mode != "check") return Usage("--jit takes on or check");
      jit_options.mode = mode == "on" ? m86::JitMode::kOn : m86::JitMode::kCheck;
      jit_options.threshold = 0;
      jit = m86::Jit::Create(jit_options);
      if (!jit) return Usage("--jit: this host has no translator backend");
      options.translator = jit.get();
    } else if (a == "--trace") {
      options.trace = true;
    } else if (a == "--verbose" || a == "-v") {
      options.verbose = true;
    } else if (a == "--skip-missing") {
      skip_missing = true;
    } else if (a == "--expected-failures" && i + 1 < argc) {
      std::string error;
      if (!expected_failures.Load(argv[++i], &error)) return Usage(error.c_str());
      options.expected_failures = &expected_failures;
    } else if (a == "--help" || a == "-h") {
      Usage("runs SingleStepTests vectors");
      return 0;
    } else if (a.starts_with("-")) {
      return Usage(("unknown option " + a).c_str());
    } else {
      paths.push_back(a);
    }
  }
  if (paths.empty()) return Usage("no PATH given");

  // Expand folders into their vector files, sorted by name.
  std::vector<std::pair<std::string, std::string>> files;  // (file, folder)
  for (const std::string& p : paths) {
    std::error_code ec;
    if (!fs::exists(p, ec)) {
      if (skip_missing) {
        std::printf("skipped: ../shared/singlestep not found (%s)\n", p.c_str());
        return kExitSkip;
      }
      std::fprintf(stderr, "morph86-sst: %s: no such file or folder\n", p.c_str());
      return 2;
    }
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> in_dir;
      for (const auto& e : fs::directory_iterator(p, ec))
        if (e.is_regular_file() && IsMooFile(e.path())) in_dir.push_back(e.path().string());
      if (ec || in_dir.empty()) {
        std::fprintf(stderr, "morph86-sst: %s: no .MOO.gz files\n", p.c_str());
        return 2;
      }
      std::sort(in_dir.begin(), in_dir.end());
      for (auto& f : in_dir) files.emplace_back(f, p);
    } else {
      files.emplace_back(p, fs::path(p).parent_path().string());
    }
  }

  std::map<std::string, FolderInfo> folders;
  Runner runner(options, stdout);
  Totals totals;
  for (const auto& [file, folder] : files) {
    auto [it, fresh] = folders.try_emplace(folder);
    FolderInfo& fi = it->second;
    if (fresh) {
      const fs::path dir = folder.empty() ? fs::path(".") : fs::path(folder);
      std::string error;
      if (fs::exists(dir / "metadata.json")) {
        if (!fi.metadata.Load((dir / "metadata.json").string(), &error)) {
          std::fprintf(stderr, "morph86-sst: %s\n", error.c_str());
          return 2;
        }
        fi.has_metadata = true;
      } else {
        std::fprintf(stderr, "morph86-sst: warning: no metadata.json in %s: every flag compared\n",
                     dir.string().c_str());
      }
      if (fs::exists(dir / "revocation_list.txt") &&
          !fi.revoked.Load((dir / "revocation_list.txt").string(), &error)) {
        std::fprintf(stderr, "morph86-sst: %s\n", error.c_str());
        return 2;
      }
    }
    bool found = false;
    OpcodeInfo info = fi.metadata.Lookup(FileKey(file), &found);
    if (fi.has_metadata && !found)
      std::fprintf(stderr, "morph86-sst: warning: %s has no metadata entry\n", file.c_str());
    std::string error;
    if (!runner.RunFile(file, info, &fi.revoked, &totals, &error)) {
      std::fprintf(stderr, "morph86-sst: %s: %s\n", file.c_str(), error.c_str());
      return 2;
    }
    std::fflush(stdout);
  }
  std::printf("%llu passed, %llu failed, %llu skipped, %llu expected-failures, %llu "
              "undefined-failed, %llu undefined-passed\n",
              static_cast<unsigned long long>(totals.passed),
              static_cast<unsigned long long>(totals.failed),
              static_cast<unsigned long long>(totals.skipped),
              static_cast<unsigned long long>(totals.expected_failures),
              static_cast<unsigned long long>(totals.undefined_failed),
              static_cast<unsigned long long>(totals.undefined_passed));
  return totals.failed ? 1 : 0;
}
