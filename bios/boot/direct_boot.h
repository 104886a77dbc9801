// A kernel the BIOS starts instead of a boot sector (--kernel): INT 19h asks it to place its
// images in RAM, then enters it as its protocol requires. The images are read and checked when
// the machine is built, so bad input is reported before the guest starts; they are placed at
// each boot, so a guest reboot starts the kernel afresh.
#pragma once
#include <cstdint>

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

class DirectBoot {
 public:
  virtual ~DirectBoot() = default;
  // Writes the images into `memory` (a PC with `model` and `ram_bytes` of RAM); returns how to
  // enter them.
  virtual DirectBootEntry Load(PhysicalMemory& memory, const CpuModel& model,
                               uint32_t ram_bytes) const = 0;
};

}  // namespace m86
