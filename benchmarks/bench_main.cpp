// morph86-bench: interpreter micro-benchmarks on the bare machine, with the host's own speed on
// the same loops. Prints one line per benchmark; benchmarks/run.sh adds QEMU's figures.
#include <ctime>
#include <cstdio>
#include <cstring>
#include <string>

#include "benchmarks/native_loops.h"
#include "bios/rom_image.h"
#include "frontend/bare_machine.h"

namespace {

struct Bench {
  const char* name;
  uint32_t iterations;  // must match the ROM
  uint32_t bytes_per_iteration;  // for copy benchmarks: report bytes per second
  std::optional<double> (*native)(uint32_t);
};

constexpr Bench kBenches[] = {
    {"reg_loop", 40000000, 0, &m86::bench::NativeRegLoop},
    {"mem_loop", 30000000, 0, &m86::bench::NativeMemLoop},
    {"call_ret", 30000000, 0, &m86::bench::NativeCallRet},
    {"rep_movsd", 40000, 16384, &m86::bench::NativeRepMovsd},
};

}  // namespace

int main(int argc, char** argv) {
  using namespace m86;
  const std::string rom_dir = argc > 1 ? argv[1] : M86_BENCH_ROM_DIR;
  const char* only = argc > 2 ? argv[2] : nullptr;
  // Times are CPU seconds of this thread, so other load on the machine does not skew them.
  std::printf("%-10s %12s %9s %10s %9s %12s\n", "benchmark", "instructions", "cpu s", "MIPS",
              "native s", "emu/native");
  for (const Bench& b : kBenches) {
    if (only && std::strcmp(only, b.name) != 0) continue;
    const RomImage rom = LoadRomImage(rom_dir + "/" + b.name + ".bin", 256 * 1024);
    if (!rom.error.empty()) {
      std::fprintf(stderr, "morph86-bench: %s\n", rom.error.c_str());
      return 2;
    }
    BareMachine machine(DefaultModel(), 64u << 20, rom.bytes, 0x80);
    machine.set_echo_console(false);
    const double start = bench::ThreadCpuSeconds();
    const BareMachine::Result r = machine.Run(120);
    const double secs = bench::ThreadCpuSeconds() - start;
    if (r.status != 33) {
      std::fprintf(stderr, "morph86-bench: %s ended with status %d %s\n%s", b.name, r.status,
                   r.report.c_str(), machine.console_output().c_str());
      return 1;
    }
    const uint64_t insns = machine.cpu().retired();
    const std::optional<double> native = b.native(b.iterations);
    std::printf("%-10s %12llu %9.3f %10.1f", b.name, static_cast<unsigned long long>(insns), secs,
                insns / secs / 1e6);
    if (native)
      std::printf(" %9.3f %11.1fx", *native, secs / *native);
    else
      std::printf(" %9s %12s", "n/a", "n/a");
    if (b.bytes_per_iteration)
      std::printf("  (%.0f MB/s copied)", double(b.bytes_per_iteration) * b.iterations / secs / 1e6);
    std::printf("\n");
  }
  return 0;
}
