// CPU access to video memory: the window decode of 0xA0000-0xBFFFF (graphics controller misc
// register, memory map select), the plane addressing (sequential, odd/even, chain-4), the
// latches, write modes 0-3 and read modes 0-1 (IBM VGA Technical Reference, "Graphics
// Controller Registers" and "Sequencer Registers"), and the packed VBE memory behind the
// banked window and the linear framebuffer.
#include "cpu/le_bytes.h"
#include "devices/vga/vga.h"

namespace m86 {
namespace {

// Latches and multi-byte accesses move four bytes with one little-endian load or store, so
// plane n (or byte n of a word access) is bits 8n..8n+7 on every host.

// A 4-bit plane selection spread to one byte per plane: bit n -> 0xFF in byte n.
constexpr uint32_t Expand(uint8_t nibble) {
  return ((nibble & 1) ? 0x000000FFu : 0) | ((nibble & 2) ? 0x0000FF00u : 0) |
         ((nibble & 4) ? 0x00FF0000u : 0) | ((nibble & 8) ? 0xFF000000u : 0);
}

constexpr uint8_t RotateRight(uint8_t value, int count) {
  return static_cast<uint8_t>((value >> count) | (value << ((8 - count) & 7)));
}

}  // namespace

void Vga::UpdateDecode() {
  const VgaState& s = state_;
  Decode d;
  d.ram_enabled = (s.misc_output & 0x02) != 0;
  switch ((s.gc[gc::kMisc] >> 2) & 3) {
    case 0: d.window_base = 0xA0000; d.window_end = 0xC0000; break;
    case 1: d.window_base = 0xA0000; d.window_end = 0xB0000; break;
    case 2: d.window_base = 0xB0000; d.window_end = 0xB8000; break;
    default: d.window_base = 0xB8000; d.window_end = 0xC0000; break;
  }
  uint8_t memory_mode = s.seq[seq::kMemoryMode];
  if (VbeActive()) {
    // DISPI modes bank 64 KiB of video memory into 0xA0000 whatever the VGA registers say;
    // 4 bpp modes keep the VGA's planar write path with sequential plane addressing.
    d.window_base = 0xA0000;
    d.window_end = 0xB0000;
    d.ram_enabled = true;
    d.bank_offset = uint32_t{s.vbe_bank} << 16;
    if (s.vbe_bpp == 4) {
      d.write = d.read = Addressing::kPlanar;
      d.plane_mask = static_cast<uint32_t>(s.vram.size() / 4 - 1);
    } else {
      d.write = d.read = Addressing::kPacked;
    }
  } else if (memory_mode & 0x08) {
    d.write = d.read = Addressing::kChain4;
  } else {
    // Sequencer memory mode bit 2 governs writes, graphics mode bit 4 reads; the graphics
    // misc "chain odd/even" bit only repeats the same address substitution.
    d.write = (memory_mode & 0x04) ? Addressing::kPlanar : Addressing::kOddEven;
    d.read = (s.gc[gc::kMode] & 0x10) ? Addressing::kOddEven : Addressing::kPlanar;
  }
  d.plain_write = (s.gc[gc::kMode] & 3) == 0 && s.gc[gc::kEnableSetReset] == 0 &&
                  s.gc[gc::kDataRotate] == 0 && s.gc[gc::kBitMask] == 0xFF;
  decode_ = d;
}

// Every read loads all four latches from the addressed plane offset, then returns one plane
// (read mode 0) or the colour compare result (read mode 1).
uint8_t Vga::ReadPlanes(uint32_t plane_offset, int plane) {
  VgaState& s = state_;
  s.latch = LoadLe<uint32_t>(&s.vram[size_t{plane_offset} << 2]);
  if (s.gc[gc::kMode] & 0x08) {
    uint32_t differ = (s.latch ^ Expand(s.gc[gc::kColorCompare] & 0x0F)) &
                      Expand(s.gc[gc::kColorDontCare] & 0x0F);
    differ |= differ >> 16;
    differ |= differ >> 8;
    return static_cast<uint8_t>(~differ);
  }
  return static_cast<uint8_t>(s.latch >> (8 * plane));
}

void Vga::WritePlanes(uint32_t plane_offset, uint8_t plane_mask, uint8_t value) {
  VgaState& s = state_;
  const uint8_t* g = s.gc;
  uint32_t latch = s.latch;
  uint32_t data;
  uint32_t bit_mask = g[gc::kBitMask];
  int write_mode = decode_.plain_write ? 4 : g[gc::kMode] & 3;
  switch (write_mode) {
    case 4: data = value * 0x01010101u; break;  // write mode 0 with nothing enabled
    case 0: {
      // Rotated CPU data, replaced by set/reset in the planes enable set/reset selects.
      uint32_t esr = Expand(g[gc::kEnableSetReset] & 0x0F);
      data = RotateRight(value, g[gc::kDataRotate] & 7) * 0x01010101u;
      data = (data & ~esr) | (Expand(g[gc::kSetReset] & 0x0F) & esr);
      break;
    }
    case 1: data = latch; break;  // the latches, unmodified: no logic op, no bit mask
    case 2: data = Expand(value & 0x0F); break;
    default:
      // Write mode 3: the rotated CPU byte ANDed with the bit mask register is the bit mask;
      // set/reset supplies the colour for every plane.
      bit_mask &= RotateRight(value, g[gc::kDataRotate] & 7);
      data = Expand(g[gc::kSetReset] & 0x0F);
      break;
  }
  if (write_mode < 4 && write_mode != 1) {
    switch ((g[gc::kDataRotate] >> 3) & 3) {
      case 1: data &= latch; break;
      case 2: data |= latch; break;
      case 3: data ^= latch; break;
      default: break;
    }
    uint32_t mask32 = bit_mask * 0x01010101u;
    data = (data & mask32) | (latch & ~mask32);
  }
  uint32_t planes = Expand(plane_mask & 0x0F);
  uint8_t* cell = &s.vram[size_t{plane_offset} << 2];
  StoreLe(cell, (LoadLe<uint32_t>(cell) & ~planes) | (data & planes));
}

uint8_t Vga::ReadWindow(uint32_t offset) {
  const Decode& d = decode_;
  switch (d.read) {
    case Addressing::kPacked: {
      uint32_t i = d.bank_offset + offset;
      return i < state_.vram.size() ? state_.vram[i] : 0xFF;
    }
    case Addressing::kChain4: return ReadPlanes(offset & ~3u & d.plane_mask, offset & 3);
    case Addressing::kOddEven:
      return ReadPlanes(offset & ~1u & d.plane_mask,
                        (state_.gc[gc::kReadMapSelect] & 2) | (offset & 1));
    case Addressing::kPlanar:
    default:
      return ReadPlanes((d.bank_offset + offset) & d.plane_mask,
                        state_.gc[gc::kReadMapSelect] & 3);
  }
}

void Vga::WriteWindow(uint32_t offset, uint8_t value) {
  const Decode& d = decode_;
  uint8_t map_mask = state_.seq[seq::kMapMask];
  switch (d.write) {
    case Addressing::kPacked: {
      uint32_t i = d.bank_offset + offset;
      if (i < state_.vram.size()) state_.vram[i] = value;
      return;
    }
    case Addressing::kChain4: {
      // Mode 13h: address bits 0-1 pick the plane and leave the plane offset, so only every
      // fourth byte of a plane is used; the CRTC's doubleword mode fetches exactly those.
      uint32_t plane = offset & 3;
      uint32_t plane_offset = offset & ~3u & d.plane_mask;
      uint8_t mask = map_mask & (1u << plane);
      if (d.plain_write) {
        if (mask) state_.vram[(plane_offset << 2) | plane] = value;
      } else {
        WritePlanes(plane_offset, mask, value);
      }
      return;
    }
    case Addressing::kOddEven:
      // Even addresses reach planes 0 and 2, odd ones planes 1 and 3; A0 leaves the offset,
      // and the CRTC's word mode fetches both planes there. The misc output odd/even page bit
      // (bit 5) is not part of this decode.
      WritePlanes(offset & ~1u & d.plane_mask, map_mask & ((offset & 1) ? 0x0A : 0x05), value);
      return;
    case Addressing::kPlanar:
    default: WritePlanes((d.bank_offset + offset) & d.plane_mask, map_mask, value); return;
  }
}

uint32_t Vga::MmioRead(uint32_t addr, int size) {
  if (InLfb(addr)) {
    return LoadLeSized(&state_.vram[addr - config_.lfb_base], size);
  }
  const Decode& d = decode_;
  if (!d.ram_enabled || addr < d.window_base || addr >= d.window_end) {
    return size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
  }
  uint32_t offset = addr - d.window_base;
  if (d.read == Addressing::kPacked && d.bank_offset + offset + size <= state_.vram.size()) {
    return LoadLeSized(&state_.vram[d.bank_offset + offset], size);
  }
  uint32_t value = 0;
  for (int i = 0; i < size; ++i) value |= uint32_t{ReadWindow(offset + i)} << (8 * i);
  return value;
}

void Vga::MmioWrite(uint32_t addr, int size, uint32_t value) {
  if (InLfb(addr)) {
    StoreLeSized(&state_.vram[addr - config_.lfb_base], size, value);
    return;
  }
  const Decode& d = decode_;
  if (!d.ram_enabled || addr < d.window_base || addr >= d.window_end) return;
  uint32_t offset = addr - d.window_base;
  if (d.write == Addressing::kPacked && d.bank_offset + offset + size <= state_.vram.size()) {
    StoreLeSized(&state_.vram[d.bank_offset + offset], size, value);
    return;
  }
  for (int i = 0; i < size; ++i) WriteWindow(offset + i, static_cast<uint8_t>(value >> (8 * i)));
}

}  // namespace m86
