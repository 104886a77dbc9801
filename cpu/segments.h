// Segment registers: loading them in every mode, and the derived access-check fields.
#pragma once
#include <cstdint>

#include "cpu/state.h"

namespace m86 {

class Cpu;

// Derives Segment::lo/hi/readable/writable from base, limit and attributes.
void RefreshSegmentChecks(const Cpu& cpu, Segment& seg);
// Real mode and V86: base = selector << 4 (SDM Vol. 3A, 20.1.1 and 20.2.1).
void LoadSegmentRealMode(Cpu& cpu, SegReg reg, uint16_t selector);
// MOV/POP/LDS-family loads of a data or stack segment register in any mode, with every
// protected-mode check (SDM Vol. 3A, 5.4-5.6; Vol. 2, MOV and POP). Faults as the SDM says.
void LoadSegment(Cpu& cpu, SegReg reg, uint16_t selector);
// Protected mode (not V86) part of LoadSegment (cpu/pm/segment_load.cpp).
void LoadSegmentProtected(Cpu& cpu, SegReg reg, uint16_t selector);

bool InProtectedMode(const Cpu& cpu);  // CR0.PE set and not V86
bool InV86Mode(const Cpu& cpu);

}  // namespace m86
