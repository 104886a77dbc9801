// RAM sizes as `-m` takes them: QEMU's spellings, a number of MiB or a number with a size
// suffix (512M, 1G, 1.5G, 262144K), optionally as size=N.
#pragma once
#include <cstdint>
#include <string>

namespace m86 {

// The guest RAM morph86 offers: at least 1 MiB, at most 3 GiB below the 4 GiB line (the
// firmware and device windows live above 3 GiB).
constexpr uint32_t kMinMemoryMib = 1;
constexpr uint32_t kMaxMemoryMib = 3072;

// Parses `text` into whole MiB; false with `*error` set (for a one-line message) otherwise.
bool ParseMemorySize(const std::string& text, uint32_t* mib, std::string* error);

}  // namespace m86
