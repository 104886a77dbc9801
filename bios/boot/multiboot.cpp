#include "bios/boot/multiboot.h"

#include <algorithm>

#include "bios/memory_map.h"

namespace m86 {
namespace {

constexpr uint32_t kHeaderMagic = 0x1BADB002;
constexpr uint32_t kBootMagic = 0x2BADB002;  // in EAX at entry
constexpr uint32_t kSearchBytes = 8192;      // the header lies within the first 8 KiB
// Header flags (Multiboot 0.6.96, 3.1.2). Bits 0-15 are requirements: a loader that does not
// know one must refuse the kernel.
constexpr uint32_t kPageAlignModules = 1u << 0, kMemoryInfo = 1u << 1, kVideoMode = 1u << 2,
                   kAoutKludge = 1u << 16;
// Boot information flags (3.3).
constexpr uint32_t kInfoMemory = 1u << 0, kInfoCmdline = 1u << 2, kInfoModules = 1u << 3,
                   kInfoMemoryMap = 1u << 6, kInfoLoaderName = 1u << 9;
// Inside the information area: the structure itself, the memory map, the module list, then
// the strings.
constexpr uint32_t kMapOffset = 0x80, kModulesOffset = 0x200, kStringsOffset = 0x400;
constexpr uint32_t kMaxModules = (kStringsOffset - kModulesOffset) / 16;
constexpr char kLoaderName[] = "morph86";

uint32_t Le32(const std::vector<uint8_t>& b, uint64_t at) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | b[at + i];
  return v;
}
uint16_t Le16(const std::vector<uint8_t>& b, uint64_t at) {
  return static_cast<uint16_t>(b[at] | (b[at + 1] << 8));
}
void Put32(std::vector<uint8_t>& b, uint32_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<uint8_t>(v >> (8 * i));
}

// The offset of the header, or -1.
int64_t FindHeader(const std::vector<uint8_t>& kernel) {
  const uint64_t limit = std::min<uint64_t>(kernel.size(), kSearchBytes);
  for (uint64_t at = 0; at + 12 <= limit; at += 4) {
    const uint32_t magic = Le32(kernel, at), flags = Le32(kernel, at + 4);
    if (magic == kHeaderMagic && magic + flags + Le32(kernel, at + 8) == 0) {
      return static_cast<int64_t>(at);
    }
  }
  return -1;
}

// Whether [address, address + size) lies in usable RAM above the information area.
bool InUsableRam(uint64_t address, uint64_t size, const CpuModel& model, uint32_t ram_bytes) {
  if (address < MultibootBoot::kInfoEnd) return false;
  MapEntry map[kMaxMapEntries];
  const int n = AddressMap(model, ram_bytes, map);
  for (int i = 0; i < n; ++i) {
    if (map[i].type == 1 && address >= map[i].base &&
        address + size <= map[i].base + map[i].length) {
      return true;
    }
  }
  return false;
}

}  // namespace

bool MultibootBoot::Detect(const std::vector<uint8_t>& kernel) { return FindHeader(kernel) >= 0; }

std::unique_ptr<MultibootBoot> MultibootBoot::Prepare(const std::vector<uint8_t>& kernel,
                                                      std::vector<MultibootModule> modules,
                                                      std::string cmdline, const CpuModel& model, uint32_t ram_bytes,
                                                      std::string* error) {
  const int64_t header = FindHeader(kernel);
  if (header < 0) {
    *error = "has no multiboot header";
    return nullptr;
  }
  const uint32_t flags = Le32(kernel, header + 4);
  const uint32_t unknown = flags & 0xFFFF & ~(kPageAlignModules | kMemoryInfo | kVideoMode);
  if (unknown) {
    *error = "requires multiboot features this loader lacks (header flags " +
             std::to_string(unknown) + ")";
    return nullptr;
  }
  auto boot = std::unique_ptr<MultibootBoot>(new MultibootBoot());
  if (flags & kAoutKludge) {
    // The addresses in the header say where the file goes (3.1.3).
    if (static_cast<uint64_t>(header) + 32 > kernel.size()) {
      *error = "has a truncated multiboot header";
      return nullptr;
    }
    const uint32_t header_addr = Le32(kernel, header + 12), load_addr = Le32(kernel, header + 16),
                   load_end = Le32(kernel, header + 20), bss_end = Le32(kernel, header + 24);
    boot->entry_ = Le32(kernel, header + 28);
    const int64_t offset = header - (static_cast<int64_t>(header_addr) - load_addr);
    const uint64_t length = load_end ? uint64_t{load_end} - load_addr
                                     : kernel.size() - static_cast<uint64_t>(std::max<int64_t>(offset, 0));
    if (header_addr < load_addr || offset < 0 || (load_end && load_end < load_addr) ||
        offset + length > kernel.size() || (bss_end && bss_end < load_addr + length)) {
      *error = "has inconsistent multiboot load addresses";
      return nullptr;
    }
    boot->segments_.push_back({load_addr,
                               std::vector<uint8_t>(kernel.begin() + offset, kernel.begin() + offset + length),
                               bss_end ? static_cast<uint32_t>(bss_end - load_addr - length) : 0u});
  } else {
    // An ELF32 executable for the 386: its loadable segments at their physical addresses
    // (System V ABI, "Program Header"; Intel386 supplement: EM_386 = 3).
    if (kernel.size() < 52 || Le32(kernel, 0) != 0x464C457F || kernel[4] != 1 || kernel[5] != 1 ||
        Le16(kernel, 18) != 3) {
      *error = "has a multiboot header without load addresses and is not an ELF32 i386 file";
      return nullptr;
    }
    boot->entry_ = Le32(kernel, 24);
    const uint32_t phoff = Le32(kernel, 28);
    const uint16_t phentsize = Le16(kernel, 42), phnum = Le16(kernel, 44);
    if (phentsize < 32 || uint64_t{phoff} + uint64_t{phnum} * phentsize > kernel.size()) {
      *error = "has a truncated ELF program header table";
      return nullptr;
    }
    for (uint32_t i = 0; i < phnum; ++i) {
      const uint64_t ph = phoff + uint64_t{i} * phentsize;
      if (Le32(kernel, ph) != 1) continue;  // PT_LOAD
      const uint32_t offset = Le32(kernel, ph + 4), paddr = Le32(kernel, ph + 12),
                     filesz = Le32(kernel, ph + 16), memsz = Le32(kernel, ph + 20);
      if (uint64_t{offset} + filesz > kernel.size() || memsz < filesz) {
        *error = "has an ELF segment outside the file";
        return nullptr;
      }
      boot->segments_.push_back({paddr,
                                 std::vector<uint8_t>(kernel.begin() + offset, kernel.begin() + offset + filesz),
                                 memsz - filesz});
    }
  }
  uint64_t kernel_end = 0;
  for (const Segment& s : boot->segments_) {
    const uint64_t size = s.bytes.size() + uint64_t{s.zero_fill};
    if (!InUsableRam(s.address, size, model, ram_bytes)) {
      *error = "loads at " + std::to_string(s.address) + " (" + std::to_string(size) +
               " bytes), outside the RAM above 64 KiB that the machine offers";
      return nullptr;
    }
    kernel_end = std::max(kernel_end, s.address + size);
  }
  if (boot->segments_.empty()) {
    *error = "has nothing to load";
    return nullptr;
  }
  // Modules follow the kernel, page-aligned (the loader always aligns them, whether asked or not).
  if (modules.size() > kMaxModules) {
    *error = "gets " + std::to_string(modules.size()) + " modules; at most " +
             std::to_string(kMaxModules) + " are supported";
    return nullptr;
  }
  uint64_t next = (kernel_end + 0xFFF) & ~uint64_t{0xFFF};
  uint64_t strings = cmdline.size() + 1 + sizeof kLoaderName;
  for (const MultibootModule& m : modules) {
    if (!InUsableRam(next, std::max<uint64_t>(m.data.size(), 1), model, ram_bytes)) {
      *error = "initrd (module) '" + m.cmdline.substr(0, 60) + "' does not fit in RAM beside the kernel";
      return nullptr;
    }
    boot->module_addresses_.push_back(static_cast<uint32_t>(next));
    next = (next + m.data.size() + 0xFFF) & ~uint64_t{0xFFF};
    strings += m.cmdline.size() + 1;
  }
  if (kStringsOffset + strings > kInfoEnd - kInfoAddress) {
    *error = "gets a command line and module names longer than the boot information area holds";
    return nullptr;
  }
  boot->modules_ = std::move(modules);
  boot->cmdline_ = std::move(cmdline);
  return boot;
}

DirectBootEntry MultibootBoot::Load(PhysicalMemory& memory, const CpuModel& model,
                                    uint32_t ram_bytes) const {
  for (const Segment& s : segments_) {
    memory.WriteBytes(s.address, s.bytes);
    const std::vector<uint8_t> zeros(s.zero_fill, 0);
    memory.WriteBytes(s.address + static_cast<uint32_t>(s.bytes.size()), zeros);
  }
  for (size_t i = 0; i < modules_.size(); ++i) memory.WriteBytes(module_addresses_[i], modules_[i].data);

  // The boot information structure (3.3) and what it points to.
  std::vector<uint8_t> info(kInfoEnd - kInfoAddress, 0);
  uint32_t string_at = kStringsOffset;
  auto add_string = [&](const std::string& text) {
    const uint32_t address = kInfoAddress + string_at;
    std::copy(text.begin(), text.end(), info.begin() + string_at);
    string_at += static_cast<uint32_t>(text.size()) + 1;
    return address;
  };
  MapEntry map[kMaxMapEntries];
  const int n = AddressMap(model, ram_bytes, map, memory.high_ram_size());
  uint32_t upper_kb = 0;
  for (int i = 0; i < n; ++i) {
    // mem_upper: the usable RAM from 1 MiB up to the first hole (3.3).
    if (map[i].type == 1 && map[i].base == 0x100000) upper_kb = static_cast<uint32_t>(map[i].length / 1024);
    const uint32_t e = kMapOffset + static_cast<uint32_t>(i) * 24;
    Put32(info, e, 20);  // the size of the entry after this field
    Put32(info, e + 4, static_cast<uint32_t>(map[i].base));
    Put32(info, e + 8, static_cast<uint32_t>(map[i].base >> 32));
    Put32(info, e + 12, static_cast<uint32_t>(map[i].length));
    Put32(info, e + 16, static_cast<uint32_t>(map[i].length >> 32));
    Put32(info, e + 20, map[i].type);
  }
  for (size_t i = 0; i < modules_.size(); ++i) {
    const uint32_t e = kModulesOffset + static_cast<uint32_t>(i) * 16;
    Put32(info, e, module_addresses_[i]);
    Put32(info, e + 4, module_addresses_[i] + static_cast<uint32_t>(modules_[i].data.size()));
    Put32(info, e + 8, add_string(modules_[i].cmdline));
  }
  Put32(info, 0, kInfoMemory | kInfoCmdline | kInfoModules | kInfoMemoryMap | kInfoLoaderName);
  Put32(info, 4, 0x9FC00 / 1024);  // mem_lower: conventional memory below the EBDA
  Put32(info, 8, upper_kb);
  Put32(info, 16, add_string(cmdline_));
  Put32(info, 20, static_cast<uint32_t>(modules_.size()));
  Put32(info, 24, kInfoAddress + kModulesOffset);
  Put32(info, 44, static_cast<uint32_t>(n) * 24);
  Put32(info, 48, kInfoAddress + kMapOffset);
  Put32(info, 64, add_string(kLoaderName));
  memory.WriteBytes(kInfoAddress, info);

  DirectBootEntry entry;
  entry.kind = DirectBootEntry::Kind::kProtected;
  entry.entry = entry_;
  entry.eax = kBootMagic;
  entry.ebx = kInfoAddress;
  return entry;
}

}  // namespace m86
