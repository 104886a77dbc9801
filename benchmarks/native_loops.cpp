#include "benchmarks/native_loops.h"

#include <ctime>
#include <vector>

namespace m86::bench {

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

namespace {

template <typename F>
double Seconds(F&& body) {
  const double start = ThreadCpuSeconds();
  body();
  return ThreadCpuSeconds() - start;
}

}  // namespace

#if defined(__x86_64__)

std::optional<double> NativeRegLoop(uint32_t iterations) {
  return Seconds([&] {
    uint32_t a = 0, b = 0x12345, d = 0, s = 0, c = iterations;
    asm volatile(
        "1:\n"
        "add %%ebx, %%eax\n"
        "xor %%eax, %%edx\n"
        "sub $3, %%ebx\n"
        "inc %%esi\n"
        "dec %%ecx\n"
        "jnz 1b\n"
        : "+a"(a), "+b"(b), "+c"(c), "+d"(d), "+S"(s)
        :
        : "cc");
  });
}

std::optional<double> NativeMemLoop(uint32_t iterations) {
  std::vector<uint8_t> buffer(0x10000 + 4);
  return Seconds([&] {
    uint64_t base = reinterpret_cast<uint64_t>(buffer.data()), si = 0;
    uint32_t c = iterations, a = 0;
    asm volatile(
        "1:\n"
        "mov (%[base],%[si]), %%eax\n"
        "add %%ecx, %%eax\n"
        "mov %%eax, (%[base],%[si])\n"
        "add $4, %k[si]\n"
        "and $0xFFFF, %k[si]\n"
        "dec %%ecx\n"
        "jnz 1b\n"
        : "+a"(a), "+c"(c), [si] "+r"(si)
        : [base] "r"(base)
        : "cc", "memory");
  });
}

std::optional<double> NativeCallRet(uint32_t iterations) {
  return Seconds([&] {
    uint32_t c = iterations, a = 0;
    // The red zone below RSP belongs to the compiler: step over it before calling.
    asm volatile(
        "sub $128, %%rsp\n"
        "jmp 2f\n"
        "3:\n"
        "add %%ecx, %%eax\n"
        "ret\n"
        "2:\n"
        "call 3b\n"
        "dec %%ecx\n"
        "jnz 2b\n"
        "add $128, %%rsp\n"
        : "+a"(a), "+c"(c)
        :
        : "cc", "memory");
  });
}

std::optional<double> NativeRepMovsd(uint32_t iterations) {
  std::vector<uint32_t> src(4096, 1), dst(4096);
  return Seconds([&] {
    for (uint32_t i = 0; i < iterations; ++i) {
      void* s = src.data();
      void* d = dst.data();
      uint64_t n = 4096;
      asm volatile("cld\nrep movsl" : "+S"(s), "+D"(d), "+c"(n) : : "memory");
    }
  });
}

#else

std::optional<double> NativeRegLoop(uint32_t) { return std::nullopt; }
std::optional<double> NativeMemLoop(uint32_t) { return std::nullopt; }
std::optional<double> NativeCallRet(uint32_t) { return std::nullopt; }
std::optional<double> NativeRepMovsd(uint32_t) { return std::nullopt; }

#endif

}  // namespace m86::bench
