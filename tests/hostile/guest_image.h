// One hostile guest: what it is (a ROM for the bare machine, or disks for the PC), the
// morph86 options it runs with, and how each kind is made from a seed.
#ifndef M86_TESTS_HOSTILE_GUEST_IMAGE_H_
#define M86_TESTS_HOSTILE_GUEST_IMAGE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "rng.h"

namespace m86::hostile {

using fuzz::Rng;

enum class GuestKind {
  kRandomBoot,      // PC: a boot sector of random code
  kPortIoBoot,      // PC: random OUT/IN/OUTS/INS to device ports, in a loop
  kBiosCallBoot,    // PC: INT xx with random registers, in a loop
  kProtectedBoot,   // PC: a boot sector that enters protected mode through random tables
  kRealRom,         // bare: a ROM of random real-mode code
  kProtectedRom,    // bare: random GDT, IDT, TSS and page tables, then random code
};
constexpr int kGuestKinds = 6;
const char* GuestKindName(GuestKind kind);

struct GuestImage {
  GuestKind kind;
  bool pc = false;
  std::vector<uint8_t> rom;        // the bare machine's ROM
  std::vector<uint8_t> floppy;     // the PC's drive A: image (1.44 MB)
  std::vector<uint8_t> hard_disk;  // the PC's drive C: image; empty: none
  std::vector<std::string> options;  // morph86 options besides the images and --timeout
};

// The guest of case seed `seed` (the kind too is drawn from it).
GuestImage MakeGuest(uint64_t seed);

// The kinds' makers (guest_boot_sectors.cpp and guest_roms.cpp).
void MakeRandomBoot(Rng& rng, GuestImage* g);
void MakePortIoBoot(Rng& rng, GuestImage* g);
void MakeBiosCallBoot(Rng& rng, GuestImage* g);
void MakeProtectedBoot(Rng& rng, GuestImage* g);
void MakeRealRom(Rng& rng, GuestImage* g);
void MakeProtectedRom(Rng& rng, GuestImage* g);

}  // namespace m86::hostile

#endif  // M86_TESTS_HOSTILE_GUEST_IMAGE_H_
