// RAM sizes as `-m` takes them: QEMU's spellings, a number of MiB or a number with a size
// suffix (512M, 1G, 1.5G, 262144K), optionally as size=N; and where the RAM goes.
#pragma once
#include <cstdint>
#include <string>

#include "cpu/model.h"

namespace m86 {

// The guest RAM morph86 offers: at least 1 MiB, at most 1 TiB. At most 3 GiB of it lies below
// the 4 GiB line (the firmware and device windows live above 3 GiB); the rest continues at
// 4 GiB, as on QEMU's PC, where only a model with PAE reaches it.
constexpr uint32_t kMinMemoryMib = 1;
constexpr uint32_t kMaxMemoryMib = 1u << 20;
constexpr uint32_t kMaxLowMemoryMib = 3072;

// Parses `text` into whole MiB; false with `*error` set (for a one-line message) otherwise.
bool ParseMemorySize(const std::string& text, uint32_t* mib, std::string* error);

// The RAM below 4 GiB (from 0) and from 4 GiB for `mib` MiB of it.
struct RamLayout {
  uint32_t below_4g;
  uint64_t above_4g;
};
RamLayout SplitMemory(uint32_t mib);
// Empty when `model`'s physical addresses (MAXPHYADDR) reach the end of the RAM, else a
// one-line reason.
std::string CheckMemoryReach(const RamLayout& ram, const CpuModel& model);

}  // namespace m86
