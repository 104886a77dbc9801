// Interrupt messages between APICs (Intel SDM Vol. 3A, 11.6 and 11.11; 82093AA I/O APIC
// datasheet, 3.2.4): what an I/O APIC redirection entry or a local APIC's ICR sends, and the
// sink that delivers it to local APICs.
#pragma once
#include <cstdint>

namespace m86 {

enum class ApicDeliveryMode : uint8_t {
  kFixed = 0, kLowestPriority = 1, kSmi = 2, kNmi = 4, kInit = 5, kStartup = 6, kExtInt = 7,
};

struct ApicMessage {
  uint8_t vector = 0;
  ApicDeliveryMode mode = ApicDeliveryMode::kFixed;
  bool logical = false;      // destination mode: logical (true) or physical APIC ID
  uint8_t destination = 0;
  bool level = false;        // trigger mode: level-triggered interrupts want an EOI message
};

class ApicBus {
 public:
  virtual ~ApicBus() = default;
  virtual void Deliver(const ApicMessage& message) = 0;
};

}  // namespace m86
