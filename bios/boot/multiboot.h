// Direct boot of a multiboot kernel (the Multiboot Specification, version 0.6.96): the header
// in the first 8 KiB of the file, the image placed by its a.out kludge addresses (flag 16) or
// by its ELF32 program headers, the modules (--initrd, comma-separated, each "FILE ARGS")
// page-aligned after the kernel, and the boot information structure with the memory bounds,
// the BIOS memory map, the command line, the modules and the loader's name. The kernel starts
// in flat 32-bit protected mode with EAX=2BADB002h and EBX pointing at that structure.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bios/boot/direct_boot.h"

namespace m86 {

struct MultibootModule {
  std::vector<uint8_t> data;
  std::string cmdline;  // the module's string: its file name and arguments
};

class MultibootBoot final : public DirectBoot {
 public:
  // Whether `kernel` has a multiboot header with a valid checksum in its first 8 KiB.
  static bool Detect(const std::vector<uint8_t>& kernel);
  // Lays the kernel and modules out for a PC with `model` and `ram_bytes`; nullptr with a one-line `*error`
  // when the image is malformed, asks for what is not offered, or does not fit.
  static std::unique_ptr<MultibootBoot> Prepare(const std::vector<uint8_t>& kernel,
                                                std::vector<MultibootModule> modules,
                                                std::string cmdline, const CpuModel& model, uint32_t ram_bytes,
                                                std::string* error);

  DirectBootEntry Load(PhysicalMemory& memory, const CpuModel& model,
                       uint32_t ram_bytes) const override;

  // The boot information structure and its strings, lists and map live here (below the
  // BIOS's EBDA, clear of the IVT, the BIOS data area and the boot sector).
  static constexpr uint32_t kInfoAddress = 0x9000;
  static constexpr uint32_t kInfoEnd = 0x10000;

 private:
  MultibootBoot() = default;
  struct Segment {
    uint32_t address;
    std::vector<uint8_t> bytes;
    uint32_t zero_fill;  // bytes of zeros after `bytes` (bss)
  };
  std::vector<Segment> segments_;
  std::vector<MultibootModule> modules_;
  std::vector<uint32_t> module_addresses_;
  std::string cmdline_;
  uint32_t entry_ = 0;
};

}  // namespace m86
