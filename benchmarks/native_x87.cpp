// The x87 benchmark loops of benchmarks/roms/x87_poly.asm and x87_sincos.asm, run natively: the
// same instructions on the same float64 constants, in 64-bit mode (where the x87 computes
// exactly as in 32-bit mode), so the stored results can be compared bit for bit.
#include <cstring>

#include "benchmarks/native_loops.h"

namespace m86::bench {

#if defined(__x86_64__)

namespace {

constexpr uint32_t kTableSize = 1024;  // TABLE_SIZE in both ROMs

// 1/k! for k = 0..8: the `coef` table of x87_poly.asm.
constexpr uint64_t kPolyCoefficients[9] = {
    0x3FF0000000000000, 0x3FF0000000000000, 0x3FE0000000000000,
    0x3FC5555555555555, 0x3FA5555555555555, 0x3F81111111111111,
    0x3F56C16C16C16C17, 0x3F2A01A01A01A01A, 0x3EFA01A01A01A01A};
constexpr uint64_t kSinCosStep = 0x3F7921FB54442D18;  // pi/512, `step` of x87_sincos.asm

}  // namespace

std::optional<X87Run> NativeX87Poly(uint32_t passes) {
  std::vector<double> inputs(kTableSize), outputs(kTableSize);
  for (uint32_t i = 0; i < kTableSize; ++i) inputs[i] = i / double(kTableSize);  // exact
  const double start = ThreadCpuSeconds();
  uint32_t pass = passes, index = 0;
  // FNINIT gives the control word the SysV ABI expects on return (037FH) and an empty stack.
  asm volatile(
      "fninit\n"
      "1:\n"
      "xor %%ecx, %%ecx\n"
      "2:\n"
      "fldl (%[in],%%rcx,8)\n"
      "fldl 64(%[coef])\n"
      "fmul %%st(1), %%st\n faddl 56(%[coef])\n"
      "fmul %%st(1), %%st\n faddl 48(%[coef])\n"
      "fmul %%st(1), %%st\n faddl 40(%[coef])\n"
      "fmul %%st(1), %%st\n faddl 32(%[coef])\n"
      "fmul %%st(1), %%st\n faddl 24(%[coef])\n"
      "fmul %%st(1), %%st\n faddl 16(%[coef])\n"
      "fmul %%st(1), %%st\n faddl 8(%[coef])\n"
      "fmul %%st(1), %%st\n faddl 0(%[coef])\n"
      "fstpl (%[out],%%rcx,8)\n"
      "fstp %%st(0)\n"
      "inc %%ecx\n"
      "cmp %[size], %%ecx\n"
      "jne 2b\n"
      "dec %%edx\n"
      "jnz 1b\n"
      : "+d"(pass), "+c"(index)
      : [in] "r"(inputs.data()), [out] "r"(outputs.data()), [coef] "r"(kPolyCoefficients),
        [size] "i"(kTableSize)
      : "cc", "memory", "st", "st(1)");
  X87Run run{ThreadCpuSeconds() - start, std::vector<uint64_t>(kTableSize)};
  std::memcpy(run.outputs.data(), outputs.data(), kTableSize * sizeof(double));
  return run;
}

std::optional<X87Run> NativeX87SinCos(uint32_t passes) {
  std::vector<double> table(2 * kTableSize);  // sines, then cosines: the guest's layout
  uint32_t scratch = 0;
  const double start = ThreadCpuSeconds();
  uint32_t pass = passes, index = 0;
  asm volatile(
      "fninit\n"
      "1:\n"
      "xor %%ecx, %%ecx\n"
      "2:\n"
      "mov %%ecx, (%[scratch])\n"
      "fildl (%[scratch])\n"
      "fmull (%[step])\n"
      "fsincos\n"
      "fstpl (%[cos],%%rcx,8)\n"
      "fstpl (%[sin],%%rcx,8)\n"
      "inc %%ecx\n"
      "cmp %[size], %%ecx\n"
      "jne 2b\n"
      "dec %%edx\n"
      "jnz 1b\n"
      : "+d"(pass), "+c"(index)
      : [scratch] "r"(&scratch), [step] "r"(&kSinCosStep), [sin] "r"(table.data()),
        [cos] "r"(table.data() + kTableSize), [size] "i"(kTableSize)
      : "cc", "memory", "st", "st(1)");
  X87Run run{ThreadCpuSeconds() - start, std::vector<uint64_t>(2 * kTableSize)};
  std::memcpy(run.outputs.data(), table.data(), table.size() * sizeof(double));
  return run;
}

#else

std::optional<X87Run> NativeX87Poly(uint32_t) { return std::nullopt; }
std::optional<X87Run> NativeX87SinCos(uint32_t) { return std::nullopt; }

#endif

}  // namespace m86::bench
