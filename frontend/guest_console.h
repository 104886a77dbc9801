// What the ways of seeing and driving a guest (headless console, script runner, SDL2 window)
// need of a running machine. The PC machine implements it; tests may fake it.
#pragma once
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>

#include "devices/kbc/pc_keys.h"
#include "devices/vga/display.h"

namespace m86 {

// A digest of the machine's whole state (cpu/state_digest.h) and the instructions retired when
// it was taken: with --clock instructions both repeat exactly, on every host.
struct StateDigestReport {
  uint64_t digest = 0;
  uint64_t instructions = 0;
};

// The line `--digest-at-exit` and the script's `digest` print.
inline std::string DigestLine(const StateDigestReport& r) {
  char line[96];
  std::snprintf(line, sizeof line, "morph86: digest %016" PRIx64 " after %" PRIu64 " instructions\n",
                r.digest, r.instructions);
  return line;
}

class GuestConsole {
 public:
  virtual ~GuestConsole() = default;
  // Runs the guest for about `host_seconds` of wall-clock time, returning early when it stops.
  // Returns false once the machine has stopped (see exit_status()).
  virtual bool RunFor(double host_seconds) = 0;
  // Whether the last RunFor ended where a script may act. Under --clock instructions a call
  // runs a span of guest time and may return before its end to let the session check its
  // timeout; the next call goes on with the same span, and scripts act only at span ends, so
  // every step lands at the same guest time on every host, however fast.
  virtual bool AtStepPoint() const { return true; }
  virtual int exit_status() const = 0;
  // The guest's virtual time in nanoseconds (what its timers see). Keystroke timing uses it, so
  // typed text arrives at the same guest speed on a slow or loaded host.
  virtual uint64_t guest_time_ns() const = 0;

  // The screen: false when the adapter is in a graphics mode.
  virtual bool ReadText(TextScreen* out) = 0;
  virtual void Render(Frame* out) = 0;

  // Input. Keys are PC keys with their real scancodes (devices/kbc/pc_keys.h).
  virtual void KeyDown(PcKey key) = 0;
  virtual void KeyUp(PcKey key) = 0;
  virtual void MouseMove(int dx, int dy, int dz) = 0;
  virtual void MouseButtons(uint8_t buttons) = 0;  // bit 0 left, 1 right, 2 middle

  // COM1: bytes the guest transmits go to the sink; SerialInput queues received bytes.
  virtual void SetSerialSink(std::function<void(uint8_t)> sink) = 0;
  virtual void SerialInput(uint8_t byte) = 0;

  // Ends the run with `status` (a script's `quit`, the window being closed, Ctrl-A x).
  virtual void Quit(int status) = 0;

  virtual StateDigestReport DigestState() = 0;
};

}  // namespace m86
