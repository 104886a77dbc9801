// Which EFLAGS bits software may change, per model and mode (shared by POPF and IRET).
#pragma once
#include <cstdint>

namespace m86 {
class Cpu;
// The EFLAGS bits POPF may change at the current model, mode, CPL and IOPL.
uint32_t PopfWritableMask(const Cpu& c);
}  // namespace m86
