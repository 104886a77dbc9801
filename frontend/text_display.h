// `--display curses`: the guest's VGA text screen drawn live in the host terminal with ANSI /
// VT100 escape sequences (no curses library), and the terminal's keys typed into the guest as
// PC key strokes. Like QEMU's -display curses.
#pragma once
#include <cstdint>
#include <string>

#include "frontend/guest_console.h"
#include "frontend/key_typing.h"
#include "frontend/script_runner.h"
#include "frontend/stdio_serial.h"
#include "frontend/terminal_keys.h"

namespace m86 {

// A lone ESC becomes the Escape key when no byte follows it within this much host time;
// a terminal sends a whole escape sequence in one write, so the rest arrives well within it.
constexpr double kEscapeTimeoutSeconds = 0.05;

// While in a graphics mode the frame is rendered this often (in frames) to notice a change
// of resolution; a text screen is read every frame.
constexpr int kGraphicsRecheckFrames = 30;

// Renders the text screen into the sequence that updates a terminal showing `previous` (null:
// a terminal in an unknown state, redrawn from scratch) to show `screen`, clipped to
// `term_columns` x `term_rows` (0: no limit). Exposed for tests.
std::string RenderTextUpdate(const TextScreen* previous, const TextScreen& screen,
                             int term_columns, int term_rows);

// The SGR sequence for a VGA attribute: foreground bits 0-3 to ANSI 30-37/90-97, background
// bits 4-6 to 40-47, with bit 7 (blink, or bright background when the attribute controller's
// blink is off) shown as the bright background 100-107.
std::string AttributeSgr(uint8_t attribute);

class TextDisplay {
 public:
  // Puts `in_fd` into raw mode when it is a terminal (RawTerminal) and draws on `out_fd`
  // inside the alternate screen buffer, left again by the destructor, at exit() and on the
  // signals RawTerminal restores on.
  explicit TextDisplay(int out_fd = 1, int in_fd = 0);
  ~TextDisplay();
  TextDisplay(const TextDisplay&) = delete;
  TextDisplay& operator=(const TextDisplay&) = delete;

  // The per-frame hook: types what the terminal sent, then redraws what changed with one
  // write(). Returns false after Ctrl-A x (having called guest.Quit(0)).
  bool Frame(GuestConsole& guest);

  // Tests replace the host clock (seconds; default std::chrono::steady_clock) that times the
  // lone-ESC timeout.
  void set_host_clock(HostClock clock) { clock_ = std::move(clock); }

 private:
  bool ReadInput();  // false: Ctrl-A x
  void Draw(GuestConsole& guest);
  void WriteAll(const std::string& bytes);
  void QueryTerminalSize(bool* changed);

  int out_fd_, in_fd_;
  RawTerminal raw_;
  HostClock clock_;
  SerialEscape escape_;
  TerminalKeyParser parser_;
  KeyTypist typist_;
  bool input_closed_ = false;
  double escape_since_ = 0;

  bool started_ = false;      // in the alternate screen
  int cleanup_slot_ = -1;     // frontend/exit_cleanup.h
  bool shown_valid_ = false;  // shown_ is what the terminal shows
  TextScreen shown_;
  bool graphics_ = false;
  int graphics_width_ = 0, graphics_height_ = 0, graphics_frames_ = 0;
  int term_columns_ = 0, term_rows_ = 0;
};

}  // namespace m86
