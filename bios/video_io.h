// The VGA as the BIOS reaches it: indexed register ports, the DAC, the Bochs VBE (DISPI)
// registers, and video memory through guest physical addresses. Everything goes through the
// port bus and the memory map, so a guest that reprograms registers itself sees the same state
// the BIOS does.
#pragma once
#include <cstdint>

#include "bios/bda.h"
#include "bios/bios.h"

namespace m86::video {

// VGA ports (IBM VGA Technical Reference, "Registers").
constexpr uint16_t kAttrIndexPort = 0x3C0;  // index and data writes (flip-flop)
constexpr uint16_t kAttrReadPort = 0x3C1;
constexpr uint16_t kMiscWritePort = 0x3C2;
constexpr uint16_t kSeqIndexPort = 0x3C4;
constexpr uint16_t kDacMaskPort = 0x3C6;
constexpr uint16_t kDacReadIndexPort = 0x3C7;
constexpr uint16_t kDacWriteIndexPort = 0x3C8;
constexpr uint16_t kDacDataPort = 0x3C9;
constexpr uint16_t kMiscReadPort = 0x3CC;
constexpr uint16_t kGcIndexPort = 0x3CE;
constexpr uint16_t kVideoEnablePort = 0x3C3;

// Bochs VBE display interface (bochs vbe.h register list).
constexpr uint16_t kDispiIndexPort = 0x1CE;
constexpr uint16_t kDispiDataPort = 0x1CF;
namespace dispi {
constexpr uint16_t kId = 0, kXres = 1, kYres = 2, kBpp = 3, kEnable = 4, kBank = 5, kVirtWidth = 6,
                   kVirtHeight = 7, kXOffset = 8, kYOffset = 9, kVideoMemory64k = 10;
constexpr uint16_t kEnabled = 0x01, kDac8Bit = 0x20, kLfbEnabled = 0x40, kNoClear = 0x80;
}  // namespace dispi
constexpr uint32_t kLfbAddress = 0xE0000000u;

struct Rgb {
  uint8_t r, g, b;  // DAC values (6 bits unless the DAC is in 8-bit mode)
};

class VgaIo {
 public:
  explicit VgaIo(Bios& bios) : bios_(bios) {}
  Bios& bios() { return bios_; }

  uint8_t Seq(uint8_t index) { return Indexed(kSeqIndexPort, index); }
  void SetSeq(uint8_t index, uint8_t value) { SetIndexed(kSeqIndexPort, index, value); }
  uint8_t Gc(uint8_t index) { return Indexed(kGcIndexPort, index); }
  void SetGc(uint8_t index, uint8_t value) { SetIndexed(kGcIndexPort, index, value); }
  uint8_t Crtc(uint8_t index) { return Indexed(CrtcPort(), index); }
  void SetCrtc(uint8_t index, uint8_t value) { SetIndexed(CrtcPort(), index, value); }
  // The CRTC index port the BDA names (3D4h colour, 3B4h mono).
  uint16_t CrtcPort();

  // Attribute controller: reading input status 1 resets the index/data flip-flop; writing the
  // index with bit 5 (palette address source) clear blanks the screen while the palette
  // registers are changed, so every access ends by writing 20h to turn the display back on.
  uint8_t Attr(uint8_t index);
  void SetAttr(uint8_t index, uint8_t value);
  void EnableDisplay();

  uint8_t Misc() { return In8(kMiscReadPort); }
  void SetMisc(uint8_t value) { Out8(kMiscWritePort, value); }

  // DAC entries are 6 bits per primary, or 8 while the DISPI 8-bit DAC bit is set.
  void SetDac(uint8_t index, Rgb c, bool eight_bit = false);
  Rgb Dac(uint8_t index);

  uint16_t Dispi(uint16_t index);
  void SetDispi(uint16_t index, uint16_t value);
  bool VbeActive() { return (Dispi(dispi::kEnable) & dispi::kEnabled) != 0; }

  uint8_t In8(uint16_t port) { return static_cast<uint8_t>(bios_.io().In(port, 1)); }
  void Out8(uint16_t port, uint8_t value) { bios_.io().Out(port, 1, value); }

  // Video memory at a physical address (A0000-BFFFF or the LFB), through the VGA's memory
  // decoding like a CPU access.
  uint8_t Read8(uint32_t phys) { return static_cast<uint8_t>(bios_.memory().Read(phys, 1)); }
  void Write8(uint32_t phys, uint8_t v) { bios_.memory().Write(phys, 1, v); }
  uint16_t Read16(uint32_t phys) { return static_cast<uint16_t>(bios_.memory().Read(phys, 2)); }
  void Write16(uint32_t phys, uint16_t v) { bios_.memory().Write(phys, 2, v); }
  // Fills `bytes` (a multiple of 4, 4-aligned) with the 32-bit `pattern`.
  void Fill32(uint32_t phys, uint32_t bytes, uint32_t pattern);

 private:
  uint8_t Indexed(uint16_t port, uint8_t index) {
    Out8(port, index);
    return In8(static_cast<uint16_t>(port + 1));
  }
  void SetIndexed(uint16_t port, uint8_t index, uint8_t value) {
    Out8(port, index);
    Out8(static_cast<uint16_t>(port + 1), value);
  }
  Bios& bios_;
};

// The graphics controller and map mask state a drawing routine changes, saved on entry and put
// back on exit, so a guest that set up its own write mode finds it unchanged after the call.
class SavedPlanarState {
 public:
  explicit SavedPlanarState(VgaIo& vga);
  ~SavedPlanarState();
  SavedPlanarState(const SavedPlanarState&) = delete;
  SavedPlanarState& operator=(const SavedPlanarState&) = delete;

 private:
  // Enable set/reset, data rotate, read map select, mode, bit mask: what the drawing code
  // changes.
  static constexpr uint8_t kGcSaved[5] = {1, 3, 4, 5, 8};
  VgaIo& vga_;
  uint8_t gc_[5];
  uint8_t map_mask_;
};

}  // namespace m86::video
