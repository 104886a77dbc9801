// Physical addresses: 64-bit values, since PAE and 4-level paging reach past 4 GiB (MAXPHYADDR
// up to 52 bits, SDM Vol. 3A, 4.1.4).
#pragma once
#include <cstdint>

namespace m86 {

using PhysAddr = uint64_t;
// The widest physical address the architecture allows; block keys and TLB entries rely on it.
constexpr int kMaxPhysAddrBits = 52;
// The first byte above the 32-bit physical space, where RAM past the PCI hole continues.
constexpr PhysAddr k4GiB = PhysAddr{1} << 32;

}  // namespace m86
