// morph86-bench: interpreter micro-benchmarks on the bare machine, with the host's own speed on
// the same loops. Prints one line per benchmark; benchmarks/run.sh adds QEMU's figures. The x87
// benchmarks also report MFLOPS and compare the guest's stored results with the host x87's.
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "benchmarks/native_loops.h"
#include "bios/rom_image.h"
#include "frontend/bare_machine.h"
#include "translator/jit.h"

namespace {

// An x87 benchmark: FLOPs per iteration and where the guest leaves its float64 results.
struct X87Bench {
  uint64_t flops_per_iteration;
  uint32_t output_address;
  uint32_t output_count;
  bool exact;  // basic arithmetic only: every result must equal the host x87's
  std::optional<m86::bench::X87Run> (*native)(uint32_t);
};

struct Bench {
  const char* name;
  uint32_t iterations;           // must match the ROM
  uint32_t bytes_per_iteration;  // for copy benchmarks: report bytes per second
  std::optional<double> (*native)(uint32_t);
  std::optional<X87Bench> x87 = std::nullopt;
};

// x87_poly: 1024 inputs x 16 FLOPs per pass, results exact. x87_sincos: 1024 angles x 3 FLOPs
// (FMUL, and sin and cos from FSINCOS) per pass; within the transcendentals' tolerance of one
// unit in the 64-bit significand, a result may round to a neighbouring float64 in rare cases.
const Bench kBenches[] = {
    {"reg_loop", 40000000, 0, &m86::bench::NativeRegLoop},
    {"mem_loop", 30000000, 0, &m86::bench::NativeMemLoop},
    {"call_ret", 30000000, 0, &m86::bench::NativeCallRet},
    {"rep_movsd", 40000, 16384, &m86::bench::NativeRepMovsd},
    {"x87_poly", 4000, 0, nullptr,
     X87Bench{1024 * 16, 0x210000, 1024, true, &m86::bench::NativeX87Poly}},
    {"x87_sincos", 5000, 0, nullptr,
     X87Bench{1024 * 3, 0x200000, 2048, false, &m86::bench::NativeX87SinCos}},
};

// The host runs the x87 loops far faster than any emulator: repeat them with more passes until
// the time is long enough to mean something, and scale it back to the ROM's pass count.
std::optional<m86::bench::X87Run> NativeX87(const X87Bench& x87, uint32_t iterations) {
  std::optional<m86::bench::X87Run> run = x87.native(iterations);
  if (!run) return run;
  double seconds = run->seconds;
  uint32_t scale = 1;
  while (seconds < 0.25 && scale < 4096) {
    scale *= 4;
    seconds = x87.native(iterations * scale)->seconds;
  }
  run->seconds = seconds / scale;
  return run;
}

// Counts the guest's float64 results that equal the native run's bit for bit.
uint32_t MatchingResults(m86::PhysicalMemory& memory, const X87Bench& x87,
                         const std::vector<uint64_t>& native) {
  uint32_t same = 0;
  for (uint32_t i = 0; i < x87.output_count; ++i) {
    const uint32_t at = x87.output_address + 8 * i;
    const uint64_t guest = memory.Read(at, 4) | uint64_t{memory.Read(at + 4, 4)} << 32;
    same += guest == native[i];
  }
  return same;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace m86;
  const std::string rom_dir = argc > 1 ? argv[1] : M86_BENCH_ROM_DIR;
  const char* only = argc > 2 ? argv[2] : nullptr;
  // Times are CPU seconds of this thread, so other load on the machine does not skew them.
  std::printf("%-13s %12s %9s %10s %9s %12s\n", "benchmark", "instructions", "cpu s", "MIPS",
              "native s", "emu/native");
  // Each benchmark runs translated (where this host has a translator backend) and interpreted:
  // NAME and NAME/interp.
  const bool have_jit = HostHasJitBackend();
  for (const Bench& b : kBenches) {
    if (only && std::strcmp(only, b.name) != 0) continue;
    for (const bool jit_on : {true, false}) {
      if (jit_on && !have_jit) continue;
      const RomImage rom = LoadRomImage(rom_dir + "/" + b.name + ".bin", 256 * 1024);
      if (!rom.error.empty()) {
        std::fprintf(stderr, "morph86-bench: %s\n", rom.error.c_str());
        return 2;
      }
      std::unique_ptr<Jit> jit = jit_on ? Jit::Create(JitOptions{}) : nullptr;
      BareMachine machine(DefaultModel(), 64u << 20, 0, rom.bytes, 0x80);
      machine.set_echo_console(false);
      machine.cpu().set_translator(jit.get());
      const std::string name = std::string(b.name) + (jit_on || !have_jit ? "" : "/interp");
      const double start = bench::ThreadCpuSeconds();
      const BareMachine::Result r = machine.Run(120);
      const double secs = bench::ThreadCpuSeconds() - start;
      if (r.status != 33) {
        std::fprintf(stderr, "morph86-bench: %s ended with status %d %s\n%s", name.c_str(),
                     r.status, r.report.c_str(), machine.console_output().c_str());
        return 1;
      }
      const uint64_t insns = machine.cpu().retired();
      std::optional<double> native;
      std::optional<bench::X87Run> native_x87;
      if (b.x87) {
        native_x87 = NativeX87(*b.x87, b.iterations);
        if (native_x87) native = native_x87->seconds;
      } else {
        native = b.native(b.iterations);
      }
      std::printf("%-13s %12llu %9.3f %10.1f", name.c_str(), static_cast<unsigned long long>(insns),
                  secs, insns / secs / 1e6);
      if (native)
        std::printf(" %9.3f %11.1fx", *native, secs / *native);
      else
        std::printf(" %9s %12s", "n/a", "n/a");
      if (b.bytes_per_iteration)
        std::printf("  (%.0f MB/s copied)",
                    double(b.bytes_per_iteration) * b.iterations / secs / 1e6);
      bool wrong = false;
      if (b.x87) {
        const double flops = double(b.x87->flops_per_iteration) * b.iterations;
        std::printf("  (%.0f FLOPs: %.1f MFLOPS", flops, flops / secs / 1e6);
        if (native_x87) {
          const uint32_t same = MatchingResults(machine.memory(), *b.x87, native_x87->outputs);
          std::printf(", native %.1f MFLOPS; %u/%u results equal to the host x87's",
                      flops / native_x87->seconds / 1e6, same, b.x87->output_count);
          wrong = b.x87->exact && same != b.x87->output_count;
        }
        std::printf(")");
      }
      std::printf("\n");
      if (wrong) {
        std::fprintf(stderr, "morph86-bench: %s: results differ from the host x87\n", name.c_str());
        return 1;
      }
    }
  }
  return 0;
}
