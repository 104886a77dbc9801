// Host pointers into guest memory for runs of accesses within one page (REP string
// instructions). The translation is the one a single access would do, with the same faults;
// pages a direct host access must not touch (MMIO, unmapped, ROM for writes, pages holding
// translated code, pages watched by data breakpoints) give nullptr, and the caller falls back
// to Cpu::Read/Cpu::Write.
#pragma once
#include <cstdint>

namespace m86 {

class Cpu;

// Host address of linear `lin` for reads up to the end of its page; raises #PF as a read of
// that byte would (with the current privilege) and sets the accessed bits.
const uint8_t* HostPointerForRead(Cpu& c, uint64_t lin);
// Host address of linear `lin` for writes up to the end of its page; raises #PF as a write
// would and sets the accessed and dirty bits. nullptr also for RAM pages holding translated
// code, so that writes to them go through the code-invalidation path.
uint8_t* HostPointerForWrite(Cpu& c, uint64_t lin);

}  // namespace m86
