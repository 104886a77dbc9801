// The host's monotonic clock in nanoseconds: what realtime guest time follows.
#pragma once
#include <chrono>
#include <cstdint>

namespace m86 {

inline uint64_t HostMonotonicNs() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

}  // namespace m86
