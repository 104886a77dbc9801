// morph86: the command-line entry point.
#include <cstdio>
#include <memory>

#include "bios/rom_image.h"
#include "frontend/bare_machine.h"
#include "frontend/options.h"
#include "frontend/trace.h"

int main(int argc, char** argv) {
  using namespace m86;
  const ParseResult parsed = ParseOptions(argc, argv);
  if (!parsed.error.empty()) {
    std::fprintf(stderr, "morph86: %s\n", parsed.error.c_str());
    return 2;
  }
  const Options& o = parsed.options;
  if (o.show_help) {
    std::fputs(parsed.help.c_str(), stdout);
    return 0;
  }
  if (o.show_version) {
    std::puts("morph86 0.1");
    return 0;
  }
  constexpr uint32_t kMaxRom = 256 * 1024;
  const RomImage rom = LoadRomImage(o.rom, kMaxRom);
  if (!rom.error.empty()) {
    std::fprintf(stderr, "morph86: %s\n", rom.error.c_str());
    return 2;
  }
  std::FILE* trace_file = nullptr;
  if (!o.trace_file.empty()) {
    trace_file = std::fopen(o.trace_file.c_str(), "w");
    if (!trace_file) {
      std::fprintf(stderr, "morph86: cannot write trace file '%s'\n", o.trace_file.c_str());
      return 2;
    }
  }
  // A copy, so --fpu can take the 80387 out of an 80386; it outlives the machine.
  const CpuModel& base = **ModelByName(o.cpu);
  const CpuModel model = WithFpu(base, base.has_fpu && o.fpu != "none");
  BareMachine machine(model, o.memory_mb << 20, rom.bytes, o.post_port);
  std::unique_ptr<Tracer> tracer;
  if (trace_file) {
    tracer = std::make_unique<Tracer>(trace_file);
    machine.cpu().on_trace = [&tracer](const Cpu& cpu, const DecodedInsn& d) {
      tracer->Trace(const_cast<Cpu&>(cpu), d);
    };
  }
  const BareMachine::Result result = machine.Run(o.timeout_seconds);
  std::fflush(stdout);
  if (!result.report.empty()) std::fprintf(stderr, "morph86: %s\n", result.report.c_str());
  if (auto post = machine.last_post_code()) std::fprintf(stderr, "post: 0x%02X\n", *post);
  if (trace_file) std::fclose(trace_file);
  return result.status;
}
