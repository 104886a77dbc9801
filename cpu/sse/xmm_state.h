// The SSE register file as CpuState holds it: XMM0-XMM15 and MXCSR (SDM Vol. 1, 10.2).
// Each register is two 64-bit halves, lane 0 in the low bits of q[0]; lanes are reached by
// shifts, never by reinterpreting host memory, so every host sees the same lane order.
#pragma once
#include <cstdint>

namespace m86 {

struct Xmm {
  uint64_t q[2];  // q[0]: bits 0-63, q[1]: bits 64-127

  // Lane i of width T (uint8_t .. uint64_t), counted from bit 0.
  template <typename T>
  T Get(int i) const {
    constexpr int kPerHalf = 8 / sizeof(T);
    return static_cast<T>(q[i / kPerHalf] >> (8 * sizeof(T) * (i % kPerHalf)));
  }
  template <typename T>
  void Set(int i, T v) {
    constexpr int kPerHalf = 8 / sizeof(T);
    constexpr uint64_t kMask = sizeof(T) == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * sizeof(T))) - 1;
    const int shift = 8 * sizeof(T) * (i % kPerHalf);
    uint64_t& half = q[i / kPerHalf];
    half = (half & ~(kMask << shift)) | ((uint64_t{v} & kMask) << shift);
  }
  friend bool operator==(const Xmm& a, const Xmm& b) { return a.q[0] == b.q[0] && a.q[1] == b.q[1]; }
};

// MXCSR fields (SDM Vol. 1, 10.2.3, Figure 10-3).
namespace mxcsr {
constexpr uint32_t kIe = 1u << 0, kDe = 1u << 1, kZe = 1u << 2, kOe = 1u << 3, kUe = 1u << 4,
                   kPe = 1u << 5, kDaz = 1u << 6, kMasks = 0x3Fu << 7, kRc = 3u << 13,
                   kFz = 1u << 15;
constexpr uint32_t kFlags = 0x3F;
constexpr int kMaskShift = 7, kRcShift = 13;
constexpr uint32_t kReset = 0x1F80;  // all exceptions masked, round to nearest (Vol. 3A, 9.1.1)
}  // namespace mxcsr

struct SseState {
  Xmm xmm[16] = {};  // XMM8-15 exist in 64-bit mode only
  uint32_t mxcsr = mxcsr::kReset;
};

}  // namespace m86
