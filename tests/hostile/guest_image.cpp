#include "guest_image.h"

#include <algorithm>

namespace m86::hostile {
namespace {

const char* const kModels[] = {"8086", "80286", "80386", "80486", "pentium", "pentium-mmx",
                               "pentiumpro", "pentium2"};
// Protected-mode guests need an 80386 or later (they use 32-bit registers to get there).
const char* const kModels386[] = {"80386", "80486", "pentium", "pentium-mmx", "pentiumpro",
                                  "pentium2"};

void AddCpuAndMemory(Rng& rng, bool needs_386, GuestImage* g) {
  g->options.push_back("--cpu");
  g->options.push_back(needs_386 ? rng.Pick(kModels386) : rng.Pick(kModels));
  static const char* const kMegabytes[] = {"1", "2", "4", "16", "64"};
  g->options.push_back("-m");
  g->options.push_back(rng.Pick(kMegabytes));
}

// The PC's own options: the clock, what a triple fault does, where it boots from.
void AddPcOptions(Rng& rng, GuestImage* g) {
  g->options.insert(g->options.end(), {"--display", "none", "--serial", "none"});
  g->options.push_back("--clock");
  g->options.push_back(rng.Percent(50) ? "realtime" : "instructions");
  if (rng.Percent(30)) g->options.push_back("--no-reboot");
  if (!g->hard_disk.empty() && rng.Percent(40)) {
    static const char* const kOrders[] = {"c", "ca", "ac"};
    g->options.push_back("--boot");
    g->options.push_back(rng.Pick(kOrders));
  }
}

// Drive C: on some PCs: random sectors, sometimes starting with the boot sector of drive A:.
void MaybeAddHardDisk(Rng& rng, GuestImage* g) {
  if (!rng.Percent(40)) return;
  static const uint32_t kSectors[] = {1, 2, 17, 63, 1024, 2880, 4096};
  const uint32_t sectors = rng.Pick(kSectors);
  g->hard_disk.reserve(size_t{sectors} * 512);
  for (uint32_t i = 0; i < sectors * 64; ++i) {
    const uint64_t v = rng.Next();
    for (int b = 0; b < 8; ++b) g->hard_disk.push_back(static_cast<uint8_t>(v >> (8 * b)));
  }
  if (rng.Percent(50)) std::copy(g->floppy.begin(), g->floppy.begin() + 512, g->hard_disk.begin());
}

}  // namespace

const char* GuestKindName(GuestKind kind) {
  switch (kind) {
    case GuestKind::kRandomBoot: return "random-boot";
    case GuestKind::kPortIoBoot: return "port-io-boot";
    case GuestKind::kBiosCallBoot: return "bios-call-boot";
    case GuestKind::kProtectedBoot: return "protected-boot";
    case GuestKind::kRealRom: return "real-rom";
    case GuestKind::kProtectedRom: return "protected-rom";
  }
  return "?";
}

GuestImage MakeGuest(uint64_t seed) {
  Rng rng(seed);
  GuestImage g;
  g.kind = static_cast<GuestKind>(rng.Below(kGuestKinds));
  switch (g.kind) {
    case GuestKind::kRandomBoot: MakeRandomBoot(rng, &g); break;
    case GuestKind::kPortIoBoot: MakePortIoBoot(rng, &g); break;
    case GuestKind::kBiosCallBoot: MakeBiosCallBoot(rng, &g); break;
    case GuestKind::kProtectedBoot: MakeProtectedBoot(rng, &g); break;
    case GuestKind::kRealRom: MakeRealRom(rng, &g); break;
    case GuestKind::kProtectedRom: MakeProtectedRom(rng, &g); break;
  }
  g.pc = !g.floppy.empty();
  AddCpuAndMemory(rng, g.kind == GuestKind::kProtectedBoot || g.kind == GuestKind::kProtectedRom, &g);
  if (g.pc) {
    MaybeAddHardDisk(rng, &g);
    AddPcOptions(rng, &g);
  } else {
    g.options.insert(g.options.begin(), {"--machine", "bare"});
  }
  return g;
}

}  // namespace m86::hostile
