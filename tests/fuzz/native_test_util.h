// Helpers shared by the native runner tests (Catch2 v2).
#ifndef M86_TESTS_FUZZ_NATIVE_TEST_UTIL_H_
#define M86_TESTS_FUZZ_NATIVE_TEST_UTIL_H_

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>

#include "native_case.h"
#include "native_runner.h"

namespace m86::fuzz {

constexpr uint32_t kStackTop = kFuzzDataAddr + 2048;

// True if the native side can run here. Where CMake built the child
// (M86_FUZZ_NATIVE_EXPECTED) it must work; elsewhere the tests pass vacuously.
inline bool NativeReady() {
  static const bool available = NativeRunner::Available();
#ifdef M86_FUZZ_NATIVE_EXPECTED
  if (!available) {
    FAIL("native child not usable: " << NativeRunner::DefaultChildPath());
  }
#else
  if (!available) WARN("native child not available; skipping");
#endif
  return available;
}

inline NativeRunner& SharedRunner() {
  static NativeRunner runner(NativeRunner::DefaultChildPath());
  return runner;
}

inline uint32_t ReadData32(const uint8_t* data, uint32_t address) {
  uint32_t value;
  std::memcpy(&value, data + (address - kFuzzDataAddr), sizeof(value));
  return value;
}

// Cases are ~4.4 KiB: keep them on the heap. The data page gets a pattern so
// that stray writes show up.
inline std::unique_ptr<FuzzCase> MakeCase(std::initializer_list<uint8_t> code) {
  auto fuzz_case = std::make_unique<FuzzCase>();
  fuzz_case->init = {0x11111111, 0x22222222, 0x33333333, 0x44444444,
                     kStackTop,  0x66666666, 0x77777777, 0x88888888, 0};
  fuzz_case->code_len = static_cast<uint32_t>(code.size());
  // An empty list may have a null begin(), which memcpy must not get.
  if (code.size() != 0) std::memcpy(fuzz_case->code, code.begin(), code.size());
  for (uint32_t i = 0; i < kFuzzDataSize; ++i) {
    fuzz_case->data[i] = static_cast<uint8_t>(i * 7 + 3);
  }
  for (int x = 0; x < 8; ++x) {
    fuzz_case->sse.xmm[x][0] = 0x0101010101010101ull * static_cast<uint64_t>(x + 1);
    fuzz_case->sse.xmm[x][1] = ~fuzz_case->sse.xmm[x][0];
  }
  fuzz_case->sse.mxcsr = kFuzzMxcsrDefault;
  return fuzz_case;
}

}  // namespace m86::fuzz

#endif  // M86_TESTS_FUZZ_NATIVE_TEST_UTIL_H_
