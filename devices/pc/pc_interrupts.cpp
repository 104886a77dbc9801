#include "devices/pc/pc_interrupts.h"

namespace m86 {

PcInterrupts::PcInterrupts(DualPic& pic, LocalApic* local_apic)
    : pic_(pic), local_apic_(local_apic) {
  pic_.set_intr = [this](bool level) {
    pic_intr_ = level;
    Update();
  };
  if (local_apic_) {
    local_apic_->on_change = [this] { Update(); };
    local_apic_->on_eoi = [this](uint8_t vector) {
      if (io_apic_) io_apic_->EndOfInterrupt(vector);
    };
  }
}

void PcInterrupts::SetIrq(int irq, bool level) {
  pic_.SetIrq(irq, level);
  if (io_apic_) io_apic_->SetIrq(irq == 0 ? 2 : irq, level);
}

bool PcInterrupts::PicPasses() const {
  if (!ApicActive()) return true;
  const uint32_t lint0 = local_apic_->state().lvt[LocalApic::kLvtLint0];
  return !(lint0 & (1u << 16)) && ((lint0 >> 8) & 7) == 7;
}

void PcInterrupts::Update() {
  const bool level = (pic_intr_ && PicPasses()) || (ApicActive() && local_apic_->PendingVector() >= 0);
  if (level == intr_) return;
  intr_ = level;
  if (set_intr) set_intr(level);
}

// CR8 reaches the TPR at offset 80h as an MMIO write would; the APIC's on_change then
// recomputes INTR, since a lower priority may let a pending vector through.
uint8_t PcInterrupts::TaskPriority() { return static_cast<uint8_t>(local_apic_->ReadRegister(0x080)); }
void PcInterrupts::SetTaskPriority(uint8_t tpr) { local_apic_->WriteRegister(0x080, tpr); }

uint8_t PcInterrupts::Acknowledge() {
  uint8_t vector;
  if (ApicActive() && local_apic_->PendingVector() >= 0) {
    vector = local_apic_->Acknowledge();
  } else if (pic_intr_ && PicPasses()) {
    vector = pic_.Acknowledge();
  } else if (ApicActive()) {
    vector = local_apic_->Acknowledge();  // nothing left: the spurious vector
  } else {
    vector = pic_.Acknowledge();  // the 8259's own spurious IRQ 7
  }
  Update();
  return vector;
}

void PcInterrupts::Deliver(const ApicMessage& message) {
  // One processor: every message is for its local APIC, whatever the destination.
  if (ApicActive()) local_apic_->Deliver(message);
}

void PcInterrupts::SetApicGloballyEnabled(bool enabled) {
  apic_enabled_ = enabled;
  Update();
}

}  // namespace m86
