// The VGA as QEMU's "standard VGA" PCI function (vendor 1234h, device 1111h, class 03 00 00,
// revision 2, subsystem 1AF4:1100), the device SeaBIOS's vgabios-stdvga.bin and Linux's bochs
// DRM driver look for. BAR0 is the linear framebuffer (32-bit prefetchable memory, the size of
// video memory): the VBE LFB follows it when the guest moves it. The expansion ROM BAR (30h)
// holds the video BIOS image given with --vga-bios, which SeaBIOS finds and runs as the PCI
// option ROM. QEMU's MMIO BAR2 (the VGA and DISPI registers in memory space) is left out: the
// bochs driver falls back to the I/O ports when BAR2 is not a memory BAR.
#pragma once
#include <cstdint>
#include <vector>

#include "cpu/phys_memory.h"
#include "devices/pci/pci_function.h"
#include "devices/vga/vga.h"

namespace m86 {

class StdVgaPci final : public PciFunction {
 public:
  // `rom` may be empty (no expansion ROM: the BAR reads zero and cannot be sized).
  StdVgaPci(Vga& vga, PhysicalMemory& memory, std::vector<uint8_t> rom);
  ~StdVgaPci() override;

  // For firmware that assigns no PCI resources (the built-in BIOS): BAR0 at `lfb` with memory
  // decoding on, the state PCI firmware would leave.
  void ConfigureAsFirmware(uint32_t lfb);
  uint32_t rom_size() const { return static_cast<uint32_t>(rom_.size()); }

 private:
  // The ROM BAR's window: reads come from the image, writes are ignored.
  class RomWindow final : public MmioHandler {
   public:
    explicit RomWindow(const StdVgaPci& owner) : owner_(owner) {}
    uint32_t MmioRead(uint32_t addr, int size) override;
    void MmioWrite(uint32_t, int, uint32_t) override {}

   private:
    const StdVgaPci& owner_;
  };

  void OnConfigWrite(uint8_t offset, int size) override;
  // Maps BAR0 and the ROM where they are decoded now, and unmaps where they were.
  void UpdateMappings();

  Vga& vga_;
  PhysicalMemory& memory_;
  std::vector<uint8_t> rom_;  // padded to the ROM BAR's size
  RomWindow rom_window_{*this};
  uint32_t lfb_mapped_ = 0, rom_mapped_ = 0;  // 0: not mapped
};

}  // namespace m86
