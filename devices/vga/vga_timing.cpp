// Raster timing from the CRTC registers and the dot clock (IBM VGA Technical Reference, CRT
// controller registers and "Miscellaneous Output Register" clock select), so the status bits
// and the blink phases follow virtual time the way the monitor's scan does.
#include "devices/vga/vga.h"

namespace m86 {
namespace {

constexpr uint64_t kNsPerSecond = 1'000'000'000;
constexpr uint64_t kClock25 = 25'175'000, kClock28 = 28'322'000;

}  // namespace

Vga::Timing Vga::ComputeTiming() const {
  const VgaState& s = state_;
  if (VbeActive()) {
    // The DISPI interface has no timing registers: a 60 Hz raster with 640x480's proportions.
    Timing t{};
    t.display_lines = s.vbe_yres;
    t.total_lines = s.vbe_yres * 525u / 480u + 1;
    t.frame_ns = kNsPerSecond / 60;
    t.line_ns = t.frame_ns / t.total_lines;
    t.display_ns = t.line_ns * 640 / 800;
    t.retrace_start = t.display_lines + (t.total_lines - t.display_lines) / 4;
    t.retrace_lines = 2;
    return t;
  }
  const uint8_t* c = s.crtc;
  uint8_t ovf = c[crtc::kOverflow];
  uint64_t dots = ((s.seq[seq::kClockingMode] & 1) ? 8 : 9) *
                  ((s.seq[seq::kClockingMode] & 0x08) ? 2 : 1);
  uint64_t clock = ((s.misc_output >> 2) & 3) == 1 ? kClock28 : kClock25;
  uint64_t h_total = c[crtc::kHTotal] + 5u;
  uint32_t v_total = (c[crtc::kVTotal] | (ovf & 0x01) << 8 | (ovf & 0x20) << 4) + 2u;
  uint32_t v_display = (c[crtc::kVDisplayEnd] | (ovf & 0x02) << 7 | (ovf & 0x40) << 3) + 1u;
  uint32_t v_retrace = c[crtc::kVRetraceStart] | (ovf & 0x04) << 6 | (ovf & 0x80) << 2;
  Timing t{};
  if (v_total < 32 || h_total * dots < 128) {
    // Unprogrammed registers (power-on): time the raster as 80x25 text, 70 Hz.
    t.line_ns = 100 * 9 * kNsPerSecond / kClock28;
    t.display_ns = 80 * 9 * kNsPerSecond / kClock28;
    t.total_lines = 449;
    t.display_lines = 400;
    t.retrace_start = 412;
    t.retrace_lines = 2;
  } else {
    t.line_ns = h_total * dots * kNsPerSecond / clock;
    t.display_ns = (c[crtc::kHDisplayEnd] + 1u) * dots * kNsPerSecond / clock;
    t.total_lines = v_total;
    t.display_lines = v_display < v_total ? v_display : v_total;
    t.retrace_start = v_retrace < v_total ? v_retrace : v_total - 1;
    // The retrace ends when the line counter's low four bits match CRTC 11h bits 0-3.
    t.retrace_lines = ((c[crtc::kVRetraceEnd] & 0x0F) - (v_retrace & 0x0F)) & 0x0F;
    if (t.retrace_lines == 0) t.retrace_lines = 16;
  }
  t.frame_ns = t.line_ns * t.total_lines;
  return t;
}

uint64_t Vga::FrameCount() const { return scheduler_.now() / ComputeTiming().frame_ns; }

}  // namespace m86
