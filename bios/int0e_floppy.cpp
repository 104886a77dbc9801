// IRQ 6, the diskette controller's interrupt (IBM PC AT Technical Reference, "Diskette
// Interrupt"). The built-in INT 13h never programs the controller, but a guest driver that
// does (and leaves the vector to the BIOS) still sees the flag it waits on.
#include "bios/bda.h"
#include "bios/bios.h"

namespace m86 {

void Int0ERFloppyIrq(Bios& bios, BiosCall&) {
  // Bit 7 of 0040:003E: "interrupt occurred". The ROM stub sends the end of interrupt.
  bios.Poke8(bda::kFloppyRecal, static_cast<uint8_t>(bios.Peek8(bda::kFloppyRecal) | 0x80));
}

}  // namespace m86
