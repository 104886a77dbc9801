// Runs SingleStepTests vectors on the interpreter (NOTES.md, "Running a test"): loads each
// test's initial state into a real-mode CPU, executes, compares registers, flags and RAM.
#pragma once
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cpu/model.h"
#include "cpu/native_code.h"
#include "tests/sst/metadata.h"
#include "tests/sst/moo_reader.h"

namespace m86::sst {

struct RunnerOptions {
  const CpuModel* model = nullptr;  // nullptr: infer from each file's MOO header
  bool verbose = false;             // print every failing test, not only the first few
  uint64_t limit = 0;               // tests per file; 0 runs all
  int shown_failures = 3;           // failing tests printed per file without --verbose
  int64_t only_test = -1;           // run only the test with this position in each file
  bool trace = false;               // print every executed instruction (with only_test)
  // Tests whose captured result is known to be wrong (a hardware capture glitch no consistent
  // CPU reproduces), each with its reason. They are reported, never counted as passed; one
  // that starts passing fails the run so the list cannot go stale.
  const HashList* expected_failures = nullptr;
  // --jit on|check: every instruction runs translated (a translator at threshold 0), and with
  // check also interpreted and compared.
  m86::BlockTranslator* translator = nullptr;
};

struct Totals {
  uint64_t passed = 0, failed = 0, skipped = 0;
  uint64_t undefined_passed = 0, undefined_failed = 0;
  uint64_t expected_failures = 0;  // listed in the expected-failures file, and still failing
  uint64_t files_failed = 0;
};

// The model a MOO header's CPU name stands for ("8086" -> 8086, "C286" -> 80286), or nullptr.
const CpuModel* ModelForMooCpu(const std::string& cpu_name);

class Runner {
 public:
  Runner(const RunnerOptions& options, std::FILE* out);
  ~Runner();
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  // Runs every test of one file under `info`; tests whose hash is in `revoked` are skipped.
  // Returns false (with `error`) when the file cannot be read or names an unknown CPU.
  bool RunFile(const std::string& path, const OpcodeInfo& info, const RevocationList* revoked,
               Totals* totals, std::string* error);

 private:
  struct Machine;
  Machine& MachineFor(const CpuModel& model);
  // Runs one test; on failure appends a description of the differences to `diff`.
  bool RunTest(Machine& m, const MooTest& t, uint16_t flags_mask, std::string* diff);
  uint32_t FlagImageAddress(const MooTest& t) const;

  RunnerOptions options_;
  std::FILE* out_;
  std::vector<std::unique_ptr<Machine>> machines_;
  MooFile file_;
  std::vector<uint8_t> scratch_;
  std::string diff_;
};

}  // namespace m86::sst
