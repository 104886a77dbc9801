// IA32_MISC_ENABLE (MSR 1A0h; SDM Vol. 4, Table 2-2): architectural from the Pentium 4 (family
// 0Fh) and present in family 6 from model 0Dh on. Operating systems read it early (Linux clears
// XD disable before it enables NX), so the models that have it must answer.
#pragma once
#include <cstdint>

#include "cpu/cpu.h"

namespace m86 {

bool HasMiscEnable(const Cpu& c);
MsrResult ReadMiscEnable(const Cpu& c, uint64_t* out);
MsrResult WriteMiscEnable(Cpu& c, uint64_t value);

// Bit 34 set: CPUID.80000001H:EDX.NX reads 0 and EFER.NXE cannot be set.
inline bool XdDisabled(const Cpu& c) { return (c.s.msr.misc_enable & misc_enable::kXdDisable) != 0; }
// Bit 22 set: CPUID.0 reports at most leaf 2 and the higher basic leaves act as out of range.
inline bool CpuidMaxvalLimited(const Cpu& c) {
  return (c.s.msr.misc_enable & misc_enable::kLimitCpuidMaxval) != 0;
}

}  // namespace m86
