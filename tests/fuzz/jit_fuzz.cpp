// The translator on the emulated side of the fuzzer.
#include "jit_fuzz.h"

#include <cinttypes>
#include <cstdio>

namespace m86::fuzz {

bool ParseJitMode(const std::string& text, JitMode* mode) {
  if (text == "off") {
    *mode = JitMode::kOff;
  } else if (text == "on") {
    *mode = JitMode::kOn;
  } else if (text == "check") {
    *mode = JitMode::kCheck;
  } else {
    return false;
  }
  return true;
}

const char* JitModeName(JitMode mode) {
  switch (mode) {
    case JitMode::kOff: return "off";
    case JitMode::kOn: return "on";
    case JitMode::kCheck: return "check";
  }
  return "?";
}

std::unique_ptr<Jit> CreateFuzzJit(JitMode mode) {
  if (mode == JitMode::kOff) return nullptr;
  JitOptions options;
  options.mode = mode;
  options.threshold = 0;
  return Jit::Create(options);
}

std::string JitCheckCategory(const std::string& report) {
  // "jit check: the block at CS:RIP (physical P, N instructions: OP OP ...) differs translated;
  // WHAT: interpreter X, translated Y" (Cpu::RunChecked).
  static constexpr char kOpsMark[] = "instructions:";
  static constexpr char kDiffMark[] = ") differs translated; ";
  const size_t ops = report.find(kOpsMark);
  const size_t diff = report.find(kDiffMark);
  if (ops == std::string::npos || diff == std::string::npos || diff < ops) return report;
  const size_t ops_begin = ops + sizeof kOpsMark - 1;
  std::string key = "jit-check:" + report.substr(ops_begin, diff - ops_begin) + " | ";
  const size_t what_begin = diff + sizeof kDiffMark - 1;
  // The item, without its values: up to the colon before "interpreter" (a memory difference
  // names its physical address there, which is left out too).
  size_t what_end = report.find(": interpreter", what_begin);
  if (what_end == std::string::npos) what_end = report.size();
  std::string what = report.substr(what_begin, what_end - what_begin);
  if (what.rfind("memory", 0) == 0) what = "memory";
  return key + what;
}

void JitTally::Add(const Cpu& cpu) {
  completed_runs += cpu.translated_runs();
  checked_runs += cpu.checked_runs();
}

std::string JitTally::Summary() const {
  char line[200];
  std::snprintf(line, sizeof line,
                "jit: %" PRIu64 " translated block runs checked against the interpreter, %" PRIu64
                " translated runs to a block's end",
                checked_runs, completed_runs);
  return line;
}

}  // namespace m86::fuzz
