// Video part of POST: the EGA/VGA data area bytes a VGA BIOS initialises, then mode 3 (which
// also points INT 1Fh and INT 43h at the ROM fonts). Prints nothing.
#include "bios/video_services.h"

namespace m86 {

void VideoPost(Bios& bios) {
  // 487h: 256 KiB, VGA active, colour display, cursor emulation on (bit 0 clear).
  bios.Poke8(bda::kVideoEgaMisc, 0x60);
  // 488h: feature connector bits and the EGA switch setting for a colour display with 80
  // columns (IBM EGA Technical Reference, switch settings 1001b).
  bios.Poke8(bda::kVideoEgaSwitches, 0xF9);
  // 489h: VGA active (bit 0), display switching enabled (bit 6), 400-line text (bits 7,4 = 01).
  bios.Poke8(bda::kVideoVgaFlags, 0x51);
  bios.Poke32(bda::kVideoSavePtr, 0);  // no save pointer table
  video::VgaIo vga(bios);
  vga.Out8(video::kVideoEnablePort, 0x01);
  video::SetVideoMode(bios, 0x03);
}

}  // namespace m86
