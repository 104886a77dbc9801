// PcBoard::DigestState: the whole machine through the field lists of cpu/state_fields.h and
// devices/state_fields.h. Host-side values (the realtime clock's origin, callbacks, caches such
// as the soft TLB and translated blocks) stay out: they differ between hosts and runs without
// being guest-visible state.
#include "cpu/state_fields.h"
#include "devices/pc/pc_board.h"
#include "devices/state_fields.h"

namespace m86 {

void PcBoard::DigestState(StateDigest& d) {
  cpu_->GetFlags();  // materializes the lazy flags, so the digest sees EFLAGS as the guest does
  d(cpu_->s);
  d(cpu_->a20());
  d(memory_.ram_size());
  d.Bytes(memory_.ram(), memory_.ram_size());
  if (const uint64_t high = memory_.high_ram_size()) {  // RAM from 4 GiB, where there is any
    d(high);
    d.Bytes(memory_.ram() + memory_.ram_size(), high);
  }
  d(pic_.state());
  d(pit_->state());
  d(rtc_->state());
  d(com1_->state());
  d(com2_->state());
  d(keyboard_.state());
  d(mouse_.state());
  d(kbc_->state());
  d(dma_->state());
  d(fdc_->state());
  d(system_ports_->state());
  d(pci_.state());
  d(fw_cfg_.state());
  d(pm_->pm_state());
  d(ide_->ide_state());
  for (int i = 0; i < 2; ++i) {
    d(ide_->channel(i).state());
    d(ide_->bus_master_channel(i).state());
  }
  d(local_apic_ != nullptr);
  if (local_apic_) {
    d(local_apic_->state());
    d(io_apic_->state());
  }
  for (int dev = 0; dev < PciHost::kDevices; ++dev) {
    for (int fn = 0; fn < PciHost::kFunctions; ++fn) {
      if (const PciFunction* f = pci_.function(dev, fn)) d(f->state());
    }
  }
  d(vga_->state());
  d(static_cast<uint64_t>(vga_->state().vram.size()));
  d.Bytes(vga_->state().vram.data(), vga_->state().vram.size());
  d(scheduler_.now());
  d(kbc_a20_);
  d(port92_a20_);
  d(reset_pending_);
}

}  // namespace m86
