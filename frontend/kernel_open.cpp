#include "frontend/kernel_open.h"

#include <vector>

#include "bios/boot/image_file.h"
#include "bios/boot/linux_boot.h"
#include "bios/boot/multiboot.h"
#include "frontend/message_text.h"

namespace m86 {
namespace {

// Splits "a,b c,d" at commas: each part is a module's file and, after the first space, its
// arguments.
std::vector<std::string> SplitModules(const std::string& list) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t comma = list.find(',', start);
    parts.push_back(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) return parts;
    start = comma + 1;
  }
}

}  // namespace

std::unique_ptr<DirectBoot> OpenDirectBoot(const std::string& kernel, const std::string& initrd,
                                           const std::string& append, const CpuModel& model,
                                           uint32_t ram_bytes,
                                           std::string* error) {
  std::vector<uint8_t> image;
  if (!ReadImageFile("kernel", kernel, ram_bytes, &image, error)) return nullptr;
  const std::string name = "kernel " + QuoteText(kernel);
  std::string why;
  if (!MultibootBoot::Detect(image) || LinuxBootHeaderPresent(image)) {
    std::vector<uint8_t> ramdisk;
    if (!initrd.empty() && !ReadImageFile("initrd", initrd, ram_bytes, &ramdisk, error)) return nullptr;
    auto boot = LinuxBoot::Prepare(std::move(image), std::move(ramdisk), append, model, ram_bytes, &why);
    if (!boot) *error = name + " " + why;
    return boot;
  }
  std::vector<MultibootModule> modules;
  if (!initrd.empty()) {
    for (const std::string& part : SplitModules(initrd)) {
      MultibootModule m;
      m.cmdline = part;
      const std::string file = part.substr(0, part.find(' '));
      if (!ReadImageFile("multiboot module", file, ram_bytes, &m.data, error)) return nullptr;
      modules.push_back(std::move(m));
    }
  }
  // The kernel's command line starts with its own file name, as GRUB and QEMU pass it
  // (Multiboot 0.6.96, 3.3, leaves the form to the loader).
  const std::string cmdline = append.empty() ? kernel : kernel + " " + append;
  auto boot = MultibootBoot::Prepare(image, std::move(modules), cmdline, model, ram_bytes, &why);
  if (!boot) *error = name + " " + why;
  return boot;
}

}  // namespace m86
