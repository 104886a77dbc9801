// Option ROMs the emulator hands to external firmware: the direct-boot loader
// (bios/rom/linuxboot.asm) that SeaBIOS runs from fw_cfg's "genroms/" files.
#pragma once
#include <cstdint>
#include <vector>

namespace m86 {

// Completes an option ROM image: pads it to whole 512-byte blocks, writes the block count at
// offset 2, the checksum of its PnP expansion header (when offset 1Ah points at one) and a
// last byte that makes the whole image sum to zero (PCI Firmware Specification 3.0, 5.1; PnP
// BIOS Specification 1.0A, 3.3), as firmware checks before running a ROM.
void FinishOptionRom(std::vector<uint8_t>* rom);

// The direct-boot loader, finished, as fw_cfg offers it ("genroms/linuxboot.bin").
std::vector<uint8_t> LinuxBootOptionRom();

}  // namespace m86
