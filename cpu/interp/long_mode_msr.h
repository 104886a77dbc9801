// The MSRs of the C000_0000H range that long mode, SYSCALL, execute-disable and RDTSCP bring
// (SDM Vol. 4, Table 2-2; Vol. 3A, 2.2.1 and 5.8.8). A model has each only when its CPUID
// table's leaf 80000001H:EDX reports the feature; otherwise the access is #GP(0) like any
// other MSR the processor lacks.
#pragma once
#include <cstdint>

#include "cpu/msr.h"

namespace m86 {

class Cpu;

constexpr bool IsLongModeMsr(uint32_t index) { return (index >> 16) == 0xC000; }
MsrResult ReadLongModeMsr(const Cpu& c, uint32_t index, uint64_t* out);
MsrResult WriteLongModeMsr(Cpu& c, uint32_t index, uint64_t value);

}  // namespace m86
