// Where the PC's interrupts meet the CPU. Device IRQ lines go to the 8259 pair and, on boards
// with APICs, to the I/O APIC too (ISA IRQ 0 on pin 2, the others on the pin of their number,
// as the MP table and the MADT describe it). The CPU's INTR is the local APIC's pending vector
// or, while the 8259 may pass (the APIC globally disabled through IA32_APIC_BASE, or LINT0
// programmed as ExtINT and unmasked: virtual wire mode, SDM Vol. 3A, 11.5.1 and MP 1.4, 3.6.2),
// the 8259's INTR; the acknowledge cycle asks whichever drives it, the local APIC first.
#pragma once
#include <cstdint>
#include <functional>

#include "cpu/bus.h"
#include "devices/apic/io_apic.h"
#include "devices/apic/local_apic.h"
#include "devices/irq/irq_line.h"
#include "devices/pic/dual_pic.h"

namespace m86 {

class PcInterrupts final : public InterruptController, public IrqSink, public ApicBus {
 public:
  // `local_apic` is null on boards without APICs (then there is no I/O APIC either).
  PcInterrupts(DualPic& pic, LocalApic* local_apic);
  void set_io_apic(IoApic* io_apic) { io_apic_ = io_apic; }
  std::function<void(bool level)> set_intr;  // the CPU's INTR input

  void SetIrq(int irq, bool level) override;
  uint8_t Acknowledge() override;
  bool HasTaskPriority() const override { return local_apic_ != nullptr; }
  uint8_t TaskPriority() override;
  void SetTaskPriority(uint8_t tpr) override;
  void Deliver(const ApicMessage& message) override;  // from the I/O APIC
  // IA32_APIC_BASE bit 11: the local APIC globally enabled.
  void SetApicGloballyEnabled(bool enabled);
  // Recomputes INTR (after the 8259 or the local APIC changed).
  void Update();

 private:
  bool PicPasses() const;
  bool ApicActive() const { return local_apic_ && apic_enabled_; }

  DualPic& pic_;
  LocalApic* local_apic_;
  IoApic* io_apic_ = nullptr;
  bool pic_intr_ = false;
  bool apic_enabled_ = true;
  bool intr_ = false;
};

}  // namespace m86
