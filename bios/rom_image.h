// Loading firmware ROM images from files.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace m86 {

struct RomImage {
  std::vector<uint8_t> bytes;
  std::string error;  // empty on success: one line naming the problem otherwise
};

// The reset vector is the last 16 bytes below 1 MiB (F000:FFF0): a shorter image would leave
// the CPU's first instruction in the 0xFF padding.
constexpr uint32_t kMinRomSize = 16;

// Reads a ROM image: a regular file of kMinRomSize to `max_size` bytes (checked from its size
// before it is read). Images shorter than a power of two (at least 4 KiB) are padded at the
// front with 0xFF so that their last byte stays last (the reset vector sits in the final 16
// bytes).
RomImage LoadRomImage(const std::string& path, uint32_t max_size);

// PC firmware for --bios: 64 to 256 KiB in whole 64 KiB units (the sizes of SeaBIOS's images
// and of the flash parts the firmware area is decoded for), mapped as it is.
constexpr uint32_t kMaxPcFirmware = 256u << 10;
RomImage LoadPcFirmware(const std::string& path);

// A PCI option ROM for --vga-bios: at most 256 KiB, starting with the 55AAh signature (PCI
// Firmware Specification 3.0, 5.1).
RomImage LoadOptionRom(const std::string& path);

}  // namespace m86
