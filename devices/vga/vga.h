// An IBM VGA (IBM VGA Technical Reference) with the Bochs VBE "DISPI" extension for linear
// high-resolution modes. Ports 0x3B0-0x3DF and 0x1CE-0x1D0, the legacy window 0xA0000-0xBFFFF
// and a linear framebuffer (LFB). Registers, DAC and latches live in VgaState; the picture is
// produced on demand from them (Render, ReadText), so the device does no work per frame.
#pragma once
#include <cstdint>
#include <vector>

#include "cpu/phys_memory.h"
#include "devices/io/io_bus.h"
#include "devices/kbc/ps2_device.h"
#include "devices/time/scheduler.h"
#include "devices/vga/display.h"
#include "devices/vga/vga_state.h"

namespace m86 {

struct VgaConfig {
  uint32_t vram_bytes = 16u << 20;  // a multiple of 256 KiB
  // Where the linear framebuffer is mapped; 0: nowhere until set_lfb_base (on the PC the
  // VGA's PCI function places it where its BAR0 says, devices/vga/stdvga_pci.h).
  uint32_t lfb_base = 0xE0000000;
};

// Display geometry decoded from the CRTC, sequencer, graphics and attribute registers.
struct VgaGeometry {
  bool text = true;           // graphics controller misc bit 0 clear
  bool shift256 = false;      // graphics mode bit 6: four bytes per character clock
  bool cga_interleave = false;  // graphics mode bit 5: modes 4 and 5
  bool pixel_double = false;  // attribute mode bit 6: 8-bit pixels take two dots
  int columns = 1;            // character clocks displayed (CRTC 01h + 1)
  int char_width = 9;         // 8 or 9 dots (sequencer clocking mode bit 0)
  int char_height = 1;        // max scan line + 1
  int scanlines = 1;          // vertical display end + 1, in physical scanlines
  int scan_repeat = 1;        // physical scanlines per output line (double scan, repeated rows)
  int width = 1, height = 1;  // the output picture
  uint32_t start = 0;         // start address (CRTC 0Ch/0Dh) plus byte panning
  uint32_t row_pitch = 0;     // counter units per character row: 2 x offset
  int address_shift = 1;      // 0 byte, 1 word, 2 doubleword mode
  int count_shift = 0;        // count by 2 / by 4 (character clocks per address step)
  int line_compare = 0x3FF;
  int preset_row_scan = 0;
  int pel_pan = 0;            // in output pixels
  bool pan_reset_at_split = false;
};

class Vga final : public IoDevice, public MmioHandler {
 public:
  static constexpr uint32_t kWindowBase = 0xA0000, kWindowSize = 0x20000;

  explicit Vga(Scheduler& scheduler, VgaConfig config = {});
  // Maps 0x3B0-0x3DF, 0x1CE-0x1D0, the 0xA0000 window and the LFB (when config.lfb_base is
  // not 0).
  void Attach(IoBus& bus, PhysicalMemory& memory);
  // The LFB's address for accesses that reach the device (0: none); whoever moves it maps the
  // pages (PhysicalMemory::MapWindow).
  void set_lfb_base(uint32_t base) { config_.lfb_base = base; }

  // The text screen of an alphanumeric mode; false in graphics and VBE modes.
  bool ReadText(TextScreen* out) const;
  // The current picture; cursor and blink phases follow the scheduler's time.
  void Render(Frame* out);
  const VgaState& state() const { return state_; }
  const VgaConfig& config() const { return config_; }
  VgaGeometry Geometry() const;
  // Unimplemented registers and bits are reported here once each (stderr without a sink).
  OnceLog& log() { return log_; }

  uint32_t IoRead(uint16_t port, int size) override;
  void IoWrite(uint16_t port, int size, uint32_t value) override;
  uint32_t MmioRead(uint32_t addr, int size) override;
  void MmioWrite(uint32_t addr, int size, uint32_t value) override;

 private:
  // How CPU accesses to the legacy window reach video memory; recomputed whenever a register
  // that affects it changes, so the per-access path only reads this.
  enum class Addressing : uint8_t { kPlanar, kOddEven, kChain4, kPacked };
  struct Decode {
    uint32_t window_base = 0xA0000, window_end = 0xC0000;
    Addressing write = Addressing::kPlanar, read = Addressing::kPlanar;
    bool ram_enabled = false;
    bool plain_write = false;  // write mode 0, no rotate/logic/set-reset, bit mask FF
    uint32_t bank_offset = 0;  // VBE bank, in bytes (packed) or plane bytes (4 bpp)
    uint32_t plane_mask = 0xFFFF;
  };
  struct Timing {
    uint64_t line_ns, frame_ns;
    uint32_t total_lines, display_lines, retrace_start, retrace_lines;
    uint64_t display_ns;  // active part of a line
  };

  // Ports (vga_ports.cpp).
  uint8_t ReadPort(uint16_t port);
  void WritePort(uint16_t port, uint8_t value);
  bool PortDecoded(uint16_t port) const;
  void WriteSeq(uint8_t value);
  void WriteCrtc(uint8_t value);
  void WriteGc(uint8_t value);
  void WriteAttr(uint8_t value);
  uint8_t ReadDacData();
  void WriteDacData(uint8_t value);
  uint8_t InputStatus1();

  // Memory (vga_memory.cpp).
  void UpdateDecode();
  uint8_t ReadWindow(uint32_t offset);
  void WriteWindow(uint32_t offset, uint8_t value);
  uint8_t ReadPlanes(uint32_t plane_offset, int plane);
  void WritePlanes(uint32_t plane_offset, uint8_t plane_mask, uint8_t value);

  // VBE (vga_vbe.cpp).
  uint16_t VbeRead();
  void VbeWrite(uint16_t value);
  void VbeSetEnable(uint16_t value);
  bool VbeActive() const { return (state_.vbe_enable & vbe::kEnabled) != 0; }
  uint32_t VbePitch() const;

  // Timing (vga_timing.cpp).
  Timing ComputeTiming() const;
  uint64_t FrameCount() const;

  // Rendering (vga_render_text.cpp, vga_render_graphics.cpp).
  void LoadPalette();
  uint32_t AttributeColor(uint8_t pixel) const;  // 4-bit pixel through the attribute controller
  bool ScreenBlanked() const;
  void RenderText(const VgaGeometry& g, Frame* out);
  void RenderGraphics(const VgaGeometry& g, Frame* out);
  void RenderVbe(Frame* out);
  uint32_t ScanlineCounter(const VgaGeometry& g, int line, int* row_scan, bool* below_split) const;
  uint32_t MemoryAddress(const VgaGeometry& g, uint32_t counter, int row_scan) const;

  bool InLfb(uint32_t addr) const {
    return config_.lfb_base != 0 && addr >= config_.lfb_base &&
           addr - config_.lfb_base < config_.vram_bytes;
  }
  uint8_t Plane(uint32_t offset, int plane) const {
    return state_.vram[((offset & 0xFFFF) << 2) | static_cast<uint32_t>(plane)];
  }

  Scheduler& scheduler_;
  VgaConfig config_;
  VgaState state_;
  Decode decode_;
  OnceLog log_;
  // Render scratch, refreshed by each Render: DAC entries and the 16 attribute colours as
  // 0x00RRGGBB, and one output line with room for panning.
  uint32_t palette_rgb_[256] = {};
  uint32_t attr_rgb_[16] = {};
  std::vector<uint32_t> line_;
};

}  // namespace m86
