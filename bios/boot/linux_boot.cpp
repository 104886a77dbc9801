#include "bios/boot/linux_boot.h"

#include <algorithm>
#include <cstdlib>

#include "bios/memory_map.h"

namespace m86 {
namespace {

// The setup header (boot.rst, "The real-mode kernel header"): offsets in the file.
namespace hdr {
constexpr uint32_t kSetupSects = 0x1F1, kVidMode = 0x1FA, kBootFlag = 0x1FE, kMagic = 0x202,
                   kVersion = 0x206, kTypeOfLoader = 0x210, kLoadFlags = 0x211,
                   kRamdiskImage = 0x218, kRamdiskSize = 0x21C, kHeapEndPtr = 0x224,
                   kCmdLinePtr = 0x228, kInitrdAddrMax = 0x22C, kCmdlineSize = 0x238,
                   kInitSize = 0x260;
}  // namespace hdr
constexpr uint8_t kLoadedHigh = 0x01, kCanUseHeap = 0x80;
constexpr uint8_t kLoaderUndefined = 0xFF;  // type_of_loader: a loader without an assigned id

uint32_t Le(const std::vector<uint8_t>& b, uint32_t at, int size) {
  uint32_t v = 0;
  for (int i = size - 1; i >= 0; --i) v = (v << 8) | b[at + i];
  return v;
}
void PutLe(std::vector<uint8_t>& b, uint32_t at, int size, uint32_t v) {
  for (int i = 0; i < size; ++i) b[at + i] = static_cast<uint8_t>(v >> (8 * i));
}

std::string Mib(uint64_t bytes) { return std::to_string((bytes + (1 << 20) - 1) >> 20) + " MiB"; }

}  // namespace

bool LinuxBootHeaderPresent(const std::vector<uint8_t>& kernel) {
  return kernel.size() >= 0x400 && Le(kernel, hdr::kBootFlag, 2) == 0xAA55 &&
         Le(kernel, hdr::kMagic, 4) == 0x53726448;  // "HdrS"
}

uint16_t VideoModeFromCmdline(const std::string& cmdline, uint16_t fallback) {
  size_t at = 0;
  std::string value;
  // The last vga= word wins, as the kernel's own parsing of its command line does.
  while ((at = cmdline.find("vga=", at)) != std::string::npos) {
    if (at == 0 || cmdline[at - 1] == ' ') {
      const size_t end = cmdline.find(' ', at);
      value = cmdline.substr(at + 4, end == std::string::npos ? std::string::npos : end - at - 4);
    }
    at += 4;
  }
  if (value.empty()) return fallback;
  if (value == "normal") return 0xFFFF;
  if (value == "ext") return 0xFFFE;
  if (value == "ask") return 0xFFFD;
  char* end = nullptr;
  const unsigned long mode = std::strtoul(value.c_str(), &end, 0);
  if (*end != '\0' || mode > 0xFFFF) return fallback;
  return static_cast<uint16_t>(mode);
}

std::unique_ptr<LinuxBoot> LinuxBoot::Prepare(std::vector<uint8_t> kernel, std::vector<uint8_t> initrd,
                                              std::string cmdline, const CpuModel& model, uint32_t ram_bytes,
                                              std::string* error) {
  if (!LinuxBootHeaderPresent(kernel)) {
    *error = "is not a Linux bzImage (no boot protocol header) nor a multiboot kernel";
    return nullptr;
  }
  auto boot = std::unique_ptr<LinuxBoot>(new LinuxBoot());
  boot->protocol_ = static_cast<uint16_t>(Le(kernel, hdr::kVersion, 2));
  if (boot->protocol_ < 0x0202) {
    *error = "uses Linux boot protocol " + std::to_string(boot->protocol_ >> 8) + "." +
             std::to_string(boot->protocol_ & 0xFF) + "; 2.02 or later is needed";
    return nullptr;
  }
  if (!(kernel[hdr::kLoadFlags] & kLoadedHigh)) {
    *error = "is a zImage (loaded below 1 MiB); only bzImage kernels are supported";
    return nullptr;
  }
  // setup_sects of 0 means 4 (boot.rst, "Details of header fields").
  const uint32_t setup_sects = kernel[hdr::kSetupSects] ? kernel[hdr::kSetupSects] : 4;
  const uint32_t setup_bytes = (setup_sects + 1) * 512;
  if (setup_bytes >= kernel.size() || setup_bytes > kHeapEnd) {
    *error = "has a setup part of " + std::to_string(setup_bytes) + " bytes that does not fit";
    return nullptr;
  }
  const uint32_t cmdline_max =
      std::min<uint32_t>(boot->protocol_ >= 0x0206 ? Le(kernel, hdr::kCmdlineSize, 4) : 255,
                         kCmdlineRoom - 1);
  if (cmdline.size() > cmdline_max) {
    *error = "takes a command line of at most " + std::to_string(cmdline_max) + " bytes (--append has " +
             std::to_string(cmdline.size()) + ")";
    return nullptr;
  }
  // The kernel decompresses in place and needs init_size bytes from its load address
  // (protocol 2.10); the initrd must stay clear of that.
  const uint64_t payload = kernel.size() - setup_bytes;
  const uint64_t kernel_extent =
      std::max<uint64_t>(payload, boot->protocol_ >= 0x020A ? Le(kernel, hdr::kInitSize, 4) : 0);
  const uint64_t kernel_end = kKernelAddress + kernel_extent;
  const uint64_t ram_top = UsableRamTop(model, ram_bytes);
  if (kernel_end > ram_top) {
    *error = "needs " + Mib(kernel_end) + " of RAM to unpack; the machine has " + Mib(ram_bytes);
    return nullptr;
  }
  // The initrd as high as possible, page-aligned, below usable RAM's end and initrd_addr_max
  // (protocol 2.03; 0x37FFFFFF before).
  const uint64_t addr_max =
      boot->protocol_ >= 0x0203 ? uint64_t{Le(kernel, hdr::kInitrdAddrMax, 4)} : 0x37FFFFFFu;
  const uint64_t initrd_limit = std::min<uint64_t>(ram_top, addr_max + 1);
  if (!initrd.empty()) {
    const uint64_t start = (initrd_limit - std::min<uint64_t>(initrd.size(), initrd_limit)) & ~uint64_t{0xFFF};
    if (initrd.size() > initrd_limit || start < ((kernel_end + 0xFFF) & ~uint64_t{0xFFF})) {
      *error = "initrd of " + Mib(initrd.size()) + " does not fit in RAM beside the kernel (" +
               Mib(ram_bytes) + "; try a larger -m)";
      return nullptr;
    }
    boot->initrd_address_ = static_cast<uint32_t>(start);
  }
  boot->kernel_end_ = kernel_end;
  boot->initrd_limit_ = addr_max + 1;
  boot->vid_mode_ = VideoModeFromCmdline(cmdline, static_cast<uint16_t>(Le(kernel, hdr::kVidMode, 2)));
  boot->setup_.assign(kernel.begin(), kernel.begin() + setup_bytes);
  boot->kernel_.assign(kernel.begin() + setup_bytes, kernel.end());
  boot->initrd_ = std::move(initrd);
  boot->cmdline_ = std::move(cmdline);
  return boot;
}

// The header fields a boot loader must fill in (boot.rst, "Details of header fields").
std::vector<uint8_t> LinuxBoot::CompletedSetup(uint32_t initrd_address) const {
  std::vector<uint8_t> setup = setup_;
  setup[hdr::kTypeOfLoader] = kLoaderUndefined;
  setup[hdr::kLoadFlags] = static_cast<uint8_t>(setup[hdr::kLoadFlags] | kCanUseHeap);
  PutLe(setup, hdr::kHeapEndPtr, 2, kHeapEnd - 0x200);
  PutLe(setup, hdr::kCmdLinePtr, 4, kCmdlineAddress);
  PutLe(setup, hdr::kVidMode, 2, vid_mode_);
  PutLe(setup, hdr::kRamdiskImage, 4, initrd_.empty() ? 0 : initrd_address);
  PutLe(setup, hdr::kRamdiskSize, 4, static_cast<uint32_t>(initrd_.size()));
  return setup;
}

bool LinuxBoot::ImagesForFirmware(uint32_t ram_bytes, FirmwareBootImages* out,
                                  std::string* error) const {
  // The same layout as under the built-in BIOS, except that the initrd keeps clear of the
  // firmware's area at the top of RAM.
  uint32_t initrd_address = 0;
  if (!initrd_.empty()) {
    const uint64_t top = std::min<uint64_t>(initrd_limit_, ram_bytes > kFirmwareTopReserve
                                                               ? ram_bytes - kFirmwareTopReserve
                                                               : 0);
    const uint64_t start = (top - std::min<uint64_t>(initrd_.size(), top)) & ~uint64_t{0xFFF};
    if (initrd_.size() > top || start < ((kernel_end_ + 0xFFF) & ~uint64_t{0xFFF})) {
      *error = "initrd of " + Mib(initrd_.size()) + " does not fit in RAM beside the kernel and "
               "the firmware (" + Mib(ram_bytes) + "; try a larger -m)";
      return false;
    }
    initrd_address = static_cast<uint32_t>(start);
  }
  out->setup_address = kSetupBase;
  out->setup = CompletedSetup(initrd_address);
  out->kernel_address = kKernelAddress;
  out->kernel = kernel_;
  out->initrd_address = initrd_address;
  out->initrd = initrd_;
  out->cmdline_address = kCmdlineAddress;
  out->cmdline.assign(cmdline_.begin(), cmdline_.end());
  out->cmdline.push_back(0);
  return true;
}

DirectBootEntry LinuxBoot::Load(PhysicalMemory& memory, const CpuModel&, uint32_t) const {
  memory.WriteBytes(kSetupBase, CompletedSetup(initrd_address_));
  std::vector<uint8_t> cmdline(cmdline_.begin(), cmdline_.end());
  cmdline.push_back(0);
  memory.WriteBytes(kCmdlineAddress, cmdline);
  memory.WriteBytes(kKernelAddress, kernel_);
  if (!initrd_.empty()) memory.WriteBytes(initrd_address_, initrd_);
  // Enter the setup code at segment + 20h with the stack at the heap's end and interrupts
  // off (boot.rst, "Running the kernel").
  DirectBootEntry entry;
  entry.kind = DirectBootEntry::Kind::kRealMode;
  entry.data_segment = kSetupBase >> 4;
  entry.code_segment = static_cast<uint16_t>(entry.data_segment + 0x20);
  entry.stack_pointer = kHeapEnd;
  return entry;
}

}  // namespace m86
