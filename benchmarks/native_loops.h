// The benchmark loops run natively on the host, for the emulated-to-native ratio.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

namespace m86::bench {

// CPU time of the calling thread: the figures stay meaningful on a loaded machine.
double ThreadCpuSeconds();

// Seconds the host takes for the loop with `iterations`, or nullopt on hosts without x86
// inline assembly. The instruction sequences match benchmarks/roms/*.asm one for one.
std::optional<double> NativeRegLoop(uint32_t iterations);
std::optional<double> NativeMemLoop(uint32_t iterations);
std::optional<double> NativeCallRet(uint32_t iterations);
std::optional<double> NativeRepMovsd(uint32_t iterations);

// The x87 loops: seconds, and the float64 results they store (bit patterns, in the order of the
// guest's output tables), for a bit-for-bit comparison with the emulated run.
struct X87Run {
  double seconds;
  std::vector<uint64_t> outputs;
};
std::optional<X87Run> NativeX87Poly(uint32_t passes);
std::optional<X87Run> NativeX87SinCos(uint32_t passes);

}  // namespace m86::bench
