// Direct boot of a Linux bzImage by the Linux/x86 boot protocol (Documentation/arch/x86/
// boot.rst in the kernel's sources), versions 2.02 and later: the real-mode setup code runs
// first, through the BIOS (it asks INT 15h E820h for memory, INT 10h for the video mode), then
// enters the protected-mode kernel, which the loader has placed at 1 MiB. The initrd goes as
// high as usable RAM and the kernel's `initrd_addr_max` allow; the command line sits after the
// setup code's heap.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bios/boot/direct_boot.h"

namespace m86 {

class LinuxBoot final : public DirectBoot {
 public:
  // Checks that `kernel` is a bzImage of protocol 2.02 or later and that it, `initrd` and
  // `cmdline` fit a PC with `model` and `ram_bytes` of RAM; nullptr with a one-line `*error` otherwise.
  static std::unique_ptr<LinuxBoot> Prepare(std::vector<uint8_t> kernel, std::vector<uint8_t> initrd,
                                            std::string cmdline, const CpuModel& model, uint32_t ram_bytes,
                                            std::string* error);

  DirectBootEntry Load(PhysicalMemory& memory, const CpuModel& model,
                       uint32_t ram_bytes) const override;

  bool ImagesForFirmware(uint32_t ram_bytes, FirmwareBootImages* out,
                         std::string* error) const override;

  uint16_t protocol() const { return protocol_; }
  uint32_t initrd_address() const { return initrd_address_; }

  // Where the loader puts the pieces (boot.rst, "Loading the rest of the kernel" and the
  // sample memory layout): the setup code at 0x10000 with its stack and heap up to 0x1E000,
  // the command line at 0x1E000 (below 0xA0000 as 2.02 requires), the kernel at 1 MiB.
  static constexpr uint32_t kSetupBase = 0x10000;
  static constexpr uint32_t kHeapEnd = 0xE000;  // offset from kSetupBase
  static constexpr uint32_t kCmdlineAddress = kSetupBase + kHeapEnd;
  static constexpr uint32_t kCmdlineRoom = 0x2000;  // to 0x20000
  static constexpr uint32_t kKernelAddress = 0x100000;
  // External firmware keeps its own tables and data at the top of RAM (SeaBIOS: its high
  // memory zone of 256 KiB and the ACPI tables); the initrd stays this far below RAM's end.
  static constexpr uint32_t kFirmwareTopReserve = 1u << 20;

 private:
  LinuxBoot() = default;
  // The setup code with the header fields a boot loader fills in, for an initrd at
  // `initrd_address`.
  std::vector<uint8_t> CompletedSetup(uint32_t initrd_address) const;
  std::vector<uint8_t> setup_, kernel_, initrd_;
  std::string cmdline_;
  uint16_t protocol_ = 0;
  uint16_t vid_mode_ = 0xFFFF;
  uint32_t initrd_address_ = 0;
  uint64_t kernel_end_ = 0;   // the kernel's extent from 1 MiB, decompression included
  uint64_t initrd_limit_ = 0;  // initrd_addr_max + 1
};

// Whether `kernel` starts with the boot protocol's setup header (boot flag AA55h and "HdrS").
bool LinuxBootHeaderPresent(const std::vector<uint8_t>& kernel);

// A kernel command line's `vga=` value as the boot protocol's vid_mode: normal (0xFFFF),
// ext (0xFFFE), ask (0xFFFD) or a number (decimal or 0x hex); `fallback` when there is none or
// it is not one of those.
uint16_t VideoModeFromCmdline(const std::string& cmdline, uint16_t fallback);

}  // namespace m86
