// INT 10h AH=4Fh: VESA BIOS Extension 2.0 on the Bochs VBE display interface (VESA BIOS
// Extension Core Functions Standard 2.0; Bochs vbe.h for the DISPI registers). Return status
// in AX: 004Fh success, 014Fh failed, 024Fh not supported by the hardware, 034Fh invalid in
// the current mode.
#include <cstdio>
#include <cstring>

#include "bios/video_services.h"
#include "bios/video_vbe_modes.h"

namespace m86::video {
namespace {

constexpr uint16_t kOk = 0x004F, kFailed = 0x014F, kNotSupported = 0x024F, kInvalid = 0x034F;

uint32_t VramBytes(VgaIo& vga) {
  const uint16_t blocks = vga.Dispi(dispi::kVideoMemory64k);
  // A DISPI without the memory register (older Bochs versions) reads 0: assume 16 MiB.
  return blocks == 0 || blocks == 0xFFFF ? 16u << 20 : uint32_t{blocks} << 16;
}

void WriteString(BiosCall& call, uint16_t seg, uint16_t off, const char* text) {
  const size_t n = std::strlen(text) + 1;
  call.WriteBlock(seg, off, std::span(reinterpret_cast<const uint8_t*>(text), n));
}

// 4F00h: VbeInfoBlock at ES:DI. A caller that put "VBE2" in the signature gets the 512-byte
// VBE 2.0 block with the OEM strings in its OemData area; others get the 256-byte block. The
// mode list goes into the block's reserved area (offset 22h), so it stays valid as long as
// the caller's buffer does.
void ControllerInfo(VgaIo& vga, BiosCall& call) {
  const uint16_t es = call.es(), di = call.di();
  uint8_t sig[4];
  call.ReadBlock(es, di, sig);
  const bool vbe2 = std::memcmp(sig, "VBE2", 4) == 0;
  const uint32_t vram = VramBytes(vga);
  const uint16_t size = vbe2 ? 512 : 256;
  for (uint16_t i = 0; i < size; ++i) call.Write8(es, static_cast<uint16_t>(di + i), 0);
  call.WriteBlock(es, di, std::span(reinterpret_cast<const uint8_t*>("VESA"), 4));
  call.Write16(es, static_cast<uint16_t>(di + 0x04), 0x0200);
  call.Write32(es, static_cast<uint16_t>(di + 0x0A),
               0x01);  // DAC switchable to 8 bits, VGA compatible
  uint16_t list = static_cast<uint16_t>(di + 0x22);
  call.Write32(es, static_cast<uint16_t>(di + 0x0E), FarPointer(es, list));
  for (const VbeMode& m : AllVbeModes()) {
    if (!VbeModeFits(m, vram)) continue;
    call.Write16(es, list, m.number);
    list = static_cast<uint16_t>(list + 2);
  }
  call.Write16(es, list, 0xFFFF);
  call.Write16(es, static_cast<uint16_t>(di + 0x12), static_cast<uint16_t>(vram >> 16));
  // Strings: in the OemData area (100h) for VBE 2.0 callers, after the mode list otherwise.
  uint16_t text = vbe2 ? static_cast<uint16_t>(di + 0x100) : static_cast<uint16_t>(list + 2);
  const auto put = [&](uint16_t field, const char* s) {
    call.Write32(es, static_cast<uint16_t>(di + field), FarPointer(es, text));
    WriteString(call, es, text, s);
    text = static_cast<uint16_t>(text + std::strlen(s) + 1);
  };
  put(0x06, "morph86 VBE");
  if (vbe2) {
    call.Write16(es, static_cast<uint16_t>(di + 0x14), 0x0100);  // OEM software revision 1.0
    put(0x16, "morph86");
    put(0x1A, "Bochs VBE display");
    put(0x1E, "1.0");
  }
  call.set_ax(kOk);
}

void ReturnModeInfo(VgaIo& vga, BiosCall& call) {
  const VbeMode* mode = FindVbeMode(call.cx() & 0x1FF);
  const uint32_t vram = VramBytes(vga);
  if (!mode || !VbeModeFits(*mode, vram)) {
    call.set_ax(kFailed);
    return;
  }
  const std::array<uint8_t, 256> info = VbeModeInfo(*mode, vram);
  call.WriteBlock(call.es(), call.di(), info);
  call.set_ax(kOk);
}

void SetMode(Bios& bios, VgaIo& vga, BiosCall& call) {
  const uint16_t bx = call.bx();
  const uint16_t number = bx & 0x1FF;
  const bool keep_memory = (bx & 0x8000) != 0;
  if (number < 0x100) {
    call.set_ax(SetVideoMode(bios, static_cast<uint8_t>(number | (keep_memory ? 0x80 : 0)))
                    ? kOk
                    : kFailed);
    return;
  }
  const VbeMode* mode = FindVbeMode(number);
  if (!mode || !VbeModeFits(*mode, VramBytes(vga))) {
    call.set_ax(kFailed);
    return;
  }
  // The VGA side as in mode 13h (graphics, chain-4, A000 64 KiB window, the 256-colour
  // palette), memory left alone: the DISPI clears it below unless asked not to.
  SetVideoMode(bios, 0x93);
  bios.Poke8(bda::kVideoEgaMisc, static_cast<uint8_t>((bios.Peek8(bda::kVideoEgaMisc) & 0x7F) |
                                                      (keep_memory ? 0x80 : 0)));
  vga.SetDispi(dispi::kEnable, 0);
  vga.SetDispi(dispi::kXres, mode->width);
  vga.SetDispi(dispi::kYres, mode->height);
  vga.SetDispi(dispi::kBpp, mode->bpp);
  vga.SetDispi(dispi::kBank, 0);
  vga.SetDispi(dispi::kVirtWidth, mode->width);
  vga.SetDispi(dispi::kXOffset, 0);
  vga.SetDispi(dispi::kYOffset, 0);
  uint16_t enable = dispi::kEnabled;
  if (bx & 0x4000) enable |= dispi::kLfbEnabled;
  if (keep_memory) enable |= dispi::kNoClear;
  vga.SetDispi(dispi::kEnable, enable);
  call.set_ax(kOk);
}

void CurrentMode(Bios& bios, VgaIo& vga, BiosCall& call) {
  const uint16_t enable = vga.Dispi(dispi::kEnable);
  if (enable & dispi::kEnabled) {
    const VbeMode* mode = FindVbeMode(vga.Dispi(dispi::kXres), vga.Dispi(dispi::kYres),
                                      static_cast<uint8_t>(vga.Dispi(dispi::kBpp)));
    if (!mode) {
      // The guest programmed the DISPI to a geometry outside the mode list.
      call.set_ax(kFailed);
      return;
    }
    call.set_bx(static_cast<uint16_t>(mode->number | ((enable & dispi::kLfbEnabled) ? 0x4000 : 0)));
  } else {
    call.set_bx(bios.Peek8(bda::kVideoMode) & 0x7F);
  }
  call.set_ax(kOk);
}

void Window(VgaIo& vga, BiosCall& call) {
  if (!vga.VbeActive()) {
    call.set_ax(kInvalid);
    return;
  }
  if (call.bl() != 0) {  // only window A exists
    call.set_ax(kFailed);
    return;
  }
  if (call.bh() == 0) {
    vga.SetDispi(dispi::kBank, call.dx());
  } else if (call.bh() == 1) {
    call.set_dx(vga.Dispi(dispi::kBank));
  } else {
    call.set_ax(kFailed);
    return;
  }
  call.set_ax(kOk);
}

void ScanLineLength(VgaIo& vga, BiosCall& call) {
  if (!vga.VbeActive()) {
    call.set_ax(kInvalid);
    return;
  }
  const uint32_t bytes_pp = (vga.Dispi(dispi::kBpp) + 7u) / 8;
  const uint32_t yres = vga.Dispi(dispi::kYres);
  const uint32_t vram = VramBytes(vga);
  uint32_t max_bytes = vram / (yres ? yres : 1);
  if (max_bytes > 0xFFFF) max_bytes = 0xFFFF;
  const uint32_t max_pixels = max_bytes / bytes_pp;
  switch (call.bl()) {
    case 0x00:  // set in pixels
    case 0x02:  // set in bytes
    {
      const uint32_t pixels = call.bl() == 0 ? call.cx() : call.cx() / bytes_pp;
      if (pixels > max_pixels) {
        call.set_ax(kInvalid);
        return;
      }
      vga.SetDispi(dispi::kVirtWidth, static_cast<uint16_t>(pixels));
      break;
    }
    case 0x01:
      break;
    case 0x03:
      call.set_bx(static_cast<uint16_t>(max_pixels * bytes_pp));
      call.set_cx(static_cast<uint16_t>(max_pixels));
      call.set_ax(kOk);
      return;
    default:
      call.set_ax(kFailed);
      return;
  }
  // Report what the hardware took: bytes and pixels per line, and how many lines fit.
  const uint32_t pixels = vga.Dispi(dispi::kVirtWidth);
  const uint32_t bytes = pixels * bytes_pp;
  call.set_bx(static_cast<uint16_t>(bytes));
  call.set_cx(static_cast<uint16_t>(pixels));
  const uint32_t lines = bytes ? vram / bytes : 0;
  call.set_dx(static_cast<uint16_t>(lines > 0xFFFF ? 0xFFFF : lines));
  call.set_ax(kOk);
}

void DisplayStart(VgaIo& vga, BiosCall& call) {
  if (!vga.VbeActive()) {
    call.set_ax(kInvalid);
    return;
  }
  switch (call.bl()) {
    case 0x00:
    case 0x80:  // the same, "during vertical retrace": the change is atomic here anyway
      vga.SetDispi(dispi::kXOffset, call.cx());
      vga.SetDispi(dispi::kYOffset, call.dx());
      break;
    case 0x01:
      call.set_bh(0);
      call.set_cx(vga.Dispi(dispi::kXOffset));
      call.set_dx(vga.Dispi(dispi::kYOffset));
      break;
    default:
      call.set_ax(kFailed);
      return;
  }
  call.set_ax(kOk);
}

// 4F08h: DAC width, 6 or 8 bits per primary (the DISPI enable register's 8-bit DAC bit).
void DacFormat(VgaIo& vga, BiosCall& call) {
  uint16_t enable = vga.Dispi(dispi::kEnable);
  if (call.bl() == 0x00) {
    if (call.bh() >= 8) {
      enable |= dispi::kDac8Bit;
    } else {
      enable &= static_cast<uint16_t>(~dispi::kDac8Bit);
    }
    vga.SetDispi(dispi::kEnable, enable);
    enable = vga.Dispi(dispi::kEnable);
  } else if (call.bl() != 0x01) {
    call.set_ax(kFailed);
    return;
  }
  call.set_bh((enable & dispi::kDac8Bit) ? 8 : 6);
  call.set_ax(kOk);
}

// 4F09h: palette entries at ES:DI as blue, green, red, alignment bytes.
void PaletteData(VgaIo& vga, BiosCall& call) {
  const uint8_t op = call.bl() & 0x7F;
  if (op == 0x02 || op == 0x03) {  // secondary palette: none
    call.set_ax(kNotSupported);
    return;
  }
  if (op > 0x01 || (call.bl() & 0x80 && op != 0x00) || call.dx() + call.cx() > 256) {
    call.set_ax(kFailed);
    return;
  }
  const bool eight_bit = (vga.Dispi(dispi::kEnable) & dispi::kDac8Bit) != 0;
  for (uint16_t i = 0; i < call.cx(); ++i) {
    const uint8_t index = static_cast<uint8_t>(call.dx() + i);
    const uint16_t off = static_cast<uint16_t>(call.di() + 4 * i);
    if (op == 0x00) {
      const Rgb c{call.Read8(call.es(), static_cast<uint16_t>(off + 2)),
                  call.Read8(call.es(), static_cast<uint16_t>(off + 1)),
                  call.Read8(call.es(), off)};
      vga.SetDac(index, c, eight_bit);
    } else {
      const Rgb c = vga.Dac(index);
      call.Write8(call.es(), off, c.b);
      call.Write8(call.es(), static_cast<uint16_t>(off + 1), c.g);
      call.Write8(call.es(), static_cast<uint16_t>(off + 2), c.r);
      call.Write8(call.es(), static_cast<uint16_t>(off + 3), 0);
    }
  }
  call.set_ax(kOk);
}

}  // namespace

void Int10Vbe(Bios& bios, BiosCall& call) {
  VgaIo vga(bios);
  switch (call.al()) {
    case 0x00:
      ControllerInfo(vga, call);
      break;
    case 0x01:
      ReturnModeInfo(vga, call);
      break;
    case 0x02:
      SetMode(bios, vga, call);
      break;
    case 0x03:
      CurrentMode(bios, vga, call);
      break;
    case 0x05:
      Window(vga, call);
      break;
    case 0x06:
      ScanLineLength(vga, call);
      break;
    case 0x07:
      DisplayStart(vga, call);
      break;
    case 0x08:
      DacFormat(vga, call);
      break;
    case 0x09:
      PaletteData(vga, call);
      break;
    case 0x15:
      // VBE/DDC (VESA VBE/DDC Standard 1.1): this display has no DDC channel, which a VBE BIOS
      // reports by failing the function; Linux's boot code asks at every boot.
      call.set_ax(kFailed);
      break;
    default: {
      // 04h (state save/restore), 0Ah (protected-mode interface), 10h (power management)
      // and OEM extensions are not provided.
      char what[32];
      std::snprintf(what, sizeof what, "INT 10h AX=4F%02Xh", call.al());
      bios.LogUnimplemented(what);
      call.set_ax(kFailed);
      break;
    }
  }
}

}  // namespace m86::video
