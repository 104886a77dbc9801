// Interrupt request lines from devices to the interrupt controllers.
#pragma once

namespace m86 {

// The board's ISA IRQ inputs 0-15 (IRQ 2 is the cascade on the PC).
class IrqSink {
 public:
  virtual ~IrqSink() = default;
  // Drives input `irq` to `level` (edge-triggered inputs see the rising edge).
  virtual void SetIrq(int irq, bool level) = 0;
};

}  // namespace m86
