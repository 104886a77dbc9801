// A kernel the BIOS starts instead of a boot sector (--kernel): INT 19h asks it to place its
// images in RAM, then enters it as its protocol requires. The images are read and checked when
// the machine is built, so bad input is reported before the guest starts; they are placed at
// each boot, so a guest reboot starts the kernel afresh.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "cpu/model.h"
#include "cpu/phys_memory.h"

namespace m86 {

struct DirectBootEntry {
  enum class Kind : uint8_t {
    kRealMode,   // far jump to segment:0 with DS=ES=FS=GS=SS=`data_segment`, SP=`stack_pointer`
    kProtected,  // 32-bit flat protected mode at `entry`, EAX=`eax`, EBX=`ebx`, paging off
  };
  Kind kind = Kind::kRealMode;
  uint16_t code_segment = 0, data_segment = 0, stack_pointer = 0;
  uint32_t entry = 0, eax = 0, ebx = 0;
};

// The images as QEMU's fw_cfg kernel items hand them to external firmware (fw_cfg.rst, items
// 0x07-0x18: an address, a size and the data for each of the setup code, the kernel, the initrd
// and the command line), ready to be copied: the setup header is already completed, so the
// firmware's loader (bios/rom/linuxboot.asm) only copies and jumps.
struct FirmwareBootImages {
  uint32_t setup_address = 0, kernel_address = 0, initrd_address = 0, cmdline_address = 0;
  std::vector<uint8_t> setup, kernel, initrd, cmdline;  // cmdline ends with its NUL
};

class DirectBoot {
 public:
  virtual ~DirectBoot() = default;
  // Writes the images into `memory` (a PC with `model` and `ram_bytes` of RAM); returns how to
  // enter them.
  virtual DirectBootEntry Load(PhysicalMemory& memory, const CpuModel& model,
                               uint32_t ram_bytes) const = 0;
  // The images for external firmware (--bios) on a PC with `ram_bytes` of RAM; false with a
  // one-line `*error` when this kind of kernel cannot be booted that way.
  virtual bool ImagesForFirmware(uint32_t ram_bytes, FirmwareBootImages* out,
                                 std::string* error) const {
    (void)ram_bytes;
    (void)out;
    *error = "can be booted by the built-in BIOS only (external firmware loads Linux bzImages)";
    return false;
  }
};

}  // namespace m86
