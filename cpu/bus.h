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
};

}  // namespace m86
