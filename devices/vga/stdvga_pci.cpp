#include "devices/vga/stdvga_pci.h"

#include <algorithm>

namespace m86 {
namespace {

uint32_t RoundUpPow2(uint32_t v) {
  uint32_t p = 1;
  while (p < v) p <<= 1;
  return p;
}

}  // namespace

StdVgaPci::StdVgaPci(Vga& vga, PhysicalMemory& memory, std::vector<uint8_t> rom)
    : PciFunction({.vendor = 0x1234, .device = 0x1111, .revision = 0x02,
                   .class_code = 0x030000, .subsystem_vendor = 0x1AF4, .subsystem = 0x1100}),
      vga_(vga),
      memory_(memory),
      rom_(std::move(rom)) {
  vga_.set_lfb_base(0);
  DefineBar(0, BarKind::kMemory32, vga_.config().vram_bytes, /*prefetchable=*/true);
  if (!rom_.empty()) {
    // The BAR decodes a power of two of at least 2 KiB (PCI 3.0, 6.2.5.2); bytes past the
    // image read as zero there.
    const uint32_t size = RoundUpPow2(std::max<uint32_t>(static_cast<uint32_t>(rom_.size()), 0x800));
    rom_.resize(size, 0);
    DefineExpansionRom(size);
  }
}

StdVgaPci::~StdVgaPci() = default;

void StdVgaPci::ConfigureAsFirmware(uint32_t lfb) {
  ConfigWrite(pci_reg::kBar0, 4, lfb);
  ConfigWrite(pci_reg::kCommand, 2, command() | pci_command::kMemorySpace);
}

void StdVgaPci::OnConfigWrite(uint8_t offset, int size) {
  const auto touches = [&](uint8_t reg, int bytes) { return offset < reg + bytes && offset + size > reg; };
  if (touches(pci_reg::kCommand, 2) || touches(pci_reg::kBar0, 4) || touches(pci_reg::kExpansionRom, 4)) {
    UpdateMappings();
  }
}

// A BAR is decoded while Memory Space is on and it holds an address (firmware sizing a BAR
// writes all ones with decoding off; an address of 0 is treated as unassigned, as
// operating systems do).
void StdVgaPci::UpdateMappings() {
  const uint32_t vram = vga_.config().vram_bytes;
  const uint32_t lfb = memory_enabled() ? BarAddress(0) : 0;
  if (lfb != lfb_mapped_) {
    if (lfb_mapped_) memory_.UnmapWindow(lfb_mapped_, vram, &vga_);
    if (lfb) memory_.MapWindow(lfb, vram, &vga_);
    lfb_mapped_ = lfb;
    vga_.set_lfb_base(lfb);
  }
  const uint32_t rom = !rom_.empty() && ExpansionRomDecoded() ? ExpansionRomAddress() : 0;
  if (rom != rom_mapped_) {
    const uint32_t size = static_cast<uint32_t>(rom_.size());
    if (rom_mapped_) memory_.UnmapWindow(rom_mapped_, size, &rom_window_);
    if (rom) memory_.MapWindow(rom, size, &rom_window_);
    rom_mapped_ = rom;
  }
}

uint32_t StdVgaPci::RomWindow::MmioRead(uint32_t addr, int size) {
  const uint32_t offset = addr - owner_.rom_mapped_;
  uint32_t v = 0;
  for (int i = 0; i < size; ++i) {
    const uint32_t at = offset + static_cast<uint32_t>(i);
    v |= uint32_t{at < owner_.rom_.size() ? owner_.rom_[at] : uint8_t{0xFF}} << (8 * i);
  }
  return v;
}

}  // namespace m86
