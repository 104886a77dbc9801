// The protected-mode I/O permission check shared by IN/OUT and INS/OUTS.
#pragma once
#include <cstdint>

namespace m86 {
class Cpu;
// #GP(0) unless CPL <= IOPL (outside V86) or the TSS I/O bitmap allows all `size` ports.
void CheckIoPermission(Cpu& c, uint16_t port, int size);
}  // namespace m86
