// CMOS RAM access through the RTC's index and data ports (70h/71h), as BIOS code does it.
#pragma once
#include <cstdint>

#include "cpu/bus.h"

namespace m86 {

inline uint8_t CmosRead(PortIo& io, uint8_t index) {
  io.Out(0x70, 1, index);
  return static_cast<uint8_t>(io.In(0x71, 1));
}
inline void CmosWrite(PortIo& io, uint8_t index, uint8_t value) {
  io.Out(0x70, 1, index);
  io.Out(0x71, 1, value);
}

}  // namespace m86
