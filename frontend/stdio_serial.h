// COM1 on standard input and output (`--serial stdio`), with QEMU's Ctrl-A escapes when the
// input is a terminal.
#pragma once
#include <cstdint>
#include <cstdio>
#include <string>

#include "frontend/guest_console.h"

namespace m86 {

// Puts a terminal into raw mode (no line editing, no echo, no signals from Ctrl-C/Ctrl-Z, no
// CR/LF translation on input) so every key reaches the guest. Output processing stays on, so
// the emulator's own messages still start their lines at the left margin. The saved settings
// come back when the object dies, at exit(), and on SIGINT, SIGTERM, SIGHUP, SIGQUIT and
// SIGPIPE (the handler restores, then re-raises the signal with the previous disposition).
// One at a time.
class RawTerminal {
 public:
  explicit RawTerminal(int fd);  // does nothing when `fd` is not a terminal
  ~RawTerminal();
  RawTerminal(const RawTerminal&) = delete;
  RawTerminal& operator=(const RawTerminal&) = delete;
  bool active() const { return active_; }

 private:
  bool active_ = false;
  int cleanup_slot_ = -1;  // frontend/exit_cleanup.h
};

// The Ctrl-A escapes of an interactive serial console, as in QEMU's -nographic:
// Ctrl-A x quits, Ctrl-A Ctrl-A sends a Ctrl-A, Ctrl-A h prints help, Ctrl-A s prints the text
// screen. Any other key after Ctrl-A is dropped.
class SerialEscape {
 public:
  static constexpr uint8_t kEscapeByte = 0x01;  // Ctrl-A
  enum class Action { kForward, kNone, kQuit, kHelp, kScreen };
  // Feeds one byte typed by the user; kForward means send `byte` to the guest.
  Action Feed(uint8_t byte);

 private:
  bool after_escape_ = false;
};

// Moves bytes between the host's stdio and the guest's COM1.
class StdioSerial {
 public:
  // `interactive`: the input is a terminal, so Ctrl-A escapes apply; otherwise every byte is
  // forwarded and reading stops at end of file (the guest keeps running).
  StdioSerial(int in_fd, int out_fd, bool interactive, std::FILE* messages);

  // Forwards what the input has ready without blocking. Returns true when the user asked to
  // quit (Ctrl-A x).
  bool Poll(GuestConsole& guest);

  // Guest output: Append buffers a byte, Flush writes the buffer (once per session slice).
  void Append(uint8_t byte) { pending_.push_back(static_cast<char>(byte)); }
  void Flush();

  bool input_open() const { return !input_closed_; }

 private:
  int in_fd_, out_fd_;
  bool interactive_;
  std::FILE* messages_;
  bool input_closed_ = false;
  SerialEscape escape_;
  std::string pending_;
};

}  // namespace m86
