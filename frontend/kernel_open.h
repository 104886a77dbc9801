// --kernel, --initrd and --append: reads the files and picks the protocol (a Linux bzImage by
// its setup header, else a multiboot kernel by its header), so that every problem with them is
// one line before the guest starts.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "bios/boot/direct_boot.h"

namespace m86 {

std::unique_ptr<DirectBoot> OpenDirectBoot(const std::string& kernel, const std::string& initrd,
                                           const std::string& append, const CpuModel& model,
                                           uint32_t ram_bytes,
                                           std::string* error);

}  // namespace m86
