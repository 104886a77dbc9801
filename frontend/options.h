// The command line (Boost.Program_options), with QEMU's spellings where QEMU has the option.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace m86 {

struct Options {
  std::string machine = "bare";
  std::string rom;
  std::string cpu = "pentiumpro";
  std::string fpu;  // --fpu none|387 (80386 only); empty: the model's default (387)
  uint32_t memory_mb = 16;
  uint16_t post_port = 0x80;
  double timeout_seconds = 0;  // 0: none
  std::string trace_file;
  bool show_help = false;
  bool show_version = false;
};

struct ParseResult {
  Options options;
  std::string error;  // one line; empty on success
  std::string help;   // the help text, when asked for
};

// Parses argv. Accepts QEMU's single-dash long options (-m, -cpu, -machine) as well.
ParseResult ParseOptions(int argc, const char* const* argv);

}  // namespace m86
