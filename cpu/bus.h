// What the CPU needs from the board besides memory: port I/O and interrupt acknowledge.
#pragma once
#include <cstdint>

namespace m86 {

class PortIo {
 public:
  virtual ~PortIo() = default;
  virtual uint32_t In(uint16_t port, int size) = 0;  // size 1, 2 or 4
  virtual void Out(uint16_t port, int size, uint32_t value) = 0;
};

class InterruptController {
 public:
  virtual ~InterruptController() = default;
  // The INTA cycle: returns the vector of the highest-priority pending request.
  virtual uint8_t Acknowledge() = 0;
  // The local APIC's task-priority register, whose bits 7:4 CR8 reads and writes in 64-bit
  // mode (SDM Vol. 3A, 11.8.6.1). Boards without a local APIC keep these defaults, and CR8 is
  // then a register of the CPU's own.
  virtual bool HasTaskPriority() const { return false; }
  virtual uint8_t TaskPriority() { return 0; }
  virtual void SetTaskPriority(uint8_t) {}
};

}  // namespace m86
