#include "bios/boot/option_rom.h"

#include <cstddef>

namespace m86 {

extern const unsigned char kLinuxBootRom[];
extern const unsigned kLinuxBootRom_size;

namespace {

uint8_t Sum(const uint8_t* p, size_t n) {
  uint8_t s = 0;
  for (size_t i = 0; i < n; ++i) s = static_cast<uint8_t>(s + p[i]);
  return s;
}

}  // namespace

void FinishOptionRom(std::vector<uint8_t>* rom) {
  std::vector<uint8_t>& r = *rom;
  // One byte more than the code so the checksum byte never overwrites it.
  r.resize((r.size() + 1 + 511) / 512 * 512, 0);
  r[2] = static_cast<uint8_t>(r.size() / 512);
  const size_t pnp = r[0x1A] | (r[0x1B] << 8);
  if (pnp != 0 && pnp + 0x20 <= r.size() && r[pnp] == '$' && r[pnp + 1] == 'P' &&
      r[pnp + 2] == 'n' && r[pnp + 3] == 'P') {
    const size_t length = size_t{r[pnp + 5]} * 16;  // in 16-byte units
    r[pnp + 9] = 0;
    r[pnp + 9] = static_cast<uint8_t>(0 - Sum(&r[pnp], length));
  }
  r.back() = 0;
  r.back() = static_cast<uint8_t>(0 - Sum(r.data(), r.size()));
}

std::vector<uint8_t> LinuxBootOptionRom() {
  std::vector<uint8_t> rom(kLinuxBootRom, kLinuxBootRom + kLinuxBootRom_size);
  FinishOptionRom(&rom);
  return rom;
}

}  // namespace m86
