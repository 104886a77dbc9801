#include "frontend/stdio_serial.h"

#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdlib>

#include "frontend/exit_cleanup.h"
#include "frontend/screendump.h"

namespace m86 {
namespace {

// The terminal state lives in statics because signal handlers and atexit() cannot reach an
// object; RawTerminal allows one instance at a time.
struct SavedTerminal {
  int fd = -1;
  termios settings{};
  volatile std::sig_atomic_t valid = 0;
};
SavedTerminal g_saved;

// Only async-signal-safe calls (tcsetattr) here: it runs from signal handlers.
void RestoreTerminal() {
  if (g_saved.valid) {
    tcsetattr(g_saved.fd, TCSANOW, &g_saved.settings);
    g_saved.valid = 0;
  }
}

// Bytes forwarded per poll. At one session slice (about 5 ms) this is about 12.8 KB/s, the
// speed of a 115200-baud line, so a large piped input does not flood the guest's UART at once.
constexpr size_t kInputBytesPerPoll = 64;

constexpr const char* kEscapeHelp =
    "C-a h    print this help\n"
    "C-a x    exit the emulator\n"
    "C-a s    print the text screen\n"
    "C-a C-a  send C-a\n";

}  // namespace

RawTerminal::RawTerminal(int fd) {
  termios settings;
  if (!isatty(fd) || tcgetattr(fd, &settings) != 0) return;
  g_saved.fd = fd;
  g_saved.settings = settings;
  // The bits of POSIX termios "Non-Canonical Mode Input Processing" and the input flags that
  // would alter the bytes the guest receives.
  settings.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
  settings.c_lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
  settings.c_cc[VMIN] = 1;
  settings.c_cc[VTIME] = 0;
  g_saved.valid = 1;
  cleanup_slot_ = AddExitCleanup(RestoreTerminal);
  if (tcsetattr(fd, TCSANOW, &settings) != 0) {
    g_saved.valid = 0;
    RemoveExitCleanup(cleanup_slot_);
    return;
  }
  active_ = true;
}

RawTerminal::~RawTerminal() {
  if (!active_) return;
  RestoreTerminal();
  RemoveExitCleanup(cleanup_slot_);
}

SerialEscape::Action SerialEscape::Feed(uint8_t byte) {
  if (!after_escape_) {
    if (byte == kEscapeByte) {
      after_escape_ = true;
      return Action::kNone;
    }
    return Action::kForward;
  }
  after_escape_ = false;
  switch (byte) {
    case kEscapeByte: return Action::kForward;
    case 'x': return Action::kQuit;
    case 'h': return Action::kHelp;
    case 's': return Action::kScreen;
    default: return Action::kNone;
  }
}

StdioSerial::StdioSerial(int in_fd, int out_fd, bool interactive, std::FILE* messages)
    : in_fd_(in_fd), out_fd_(out_fd), interactive_(interactive), messages_(messages) {}

bool StdioSerial::Poll(GuestConsole& guest) {
  if (input_closed_) return false;
  pollfd request{in_fd_, POLLIN, 0};
  if (poll(&request, 1, 0) <= 0 || request.revents == 0) return false;
  uint8_t buffer[kInputBytesPerPoll];
  const ssize_t got = read(in_fd_, buffer, sizeof buffer);
  if (got < 0 && (errno == EAGAIN || errno == EINTR)) return false;
  if (got <= 0) {
    input_closed_ = true;  // end of file (or an unreadable input): the guest keeps running
    return false;
  }
  for (ssize_t i = 0; i < got; ++i) {
    if (!interactive_) {
      guest.SerialInput(buffer[i]);
      continue;
    }
    switch (escape_.Feed(buffer[i])) {
      case SerialEscape::Action::kForward: guest.SerialInput(buffer[i]); break;
      case SerialEscape::Action::kNone: break;
      case SerialEscape::Action::kQuit: return true;
      case SerialEscape::Action::kHelp: std::fputs(kEscapeHelp, messages_); break;
      case SerialEscape::Action::kScreen: {
        TextScreen screen;
        if (guest.ReadText(&screen)) {
          std::fputs(ScreenDumpText(screen).c_str(), messages_);
        } else {
          std::fputs("(the screen is in a graphics mode)\n", messages_);
        }
        break;
      }
    }
  }
  std::fflush(messages_);
  return false;
}

void StdioSerial::Flush() {
  size_t done = 0;
  while (done < pending_.size()) {
    const ssize_t wrote = write(out_fd_, pending_.data() + done, pending_.size() - done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote < 0 && errno == EAGAIN) {
      // An output someone else made non-blocking: wait for room rather than drop bytes.
      pollfd request{out_fd_, POLLOUT, 0};
      if (poll(&request, 1, 1000) > 0) continue;
    }
    if (wrote <= 0) break;  // a closed or broken output: drop the bytes, keep the guest going
    done += static_cast<size_t>(wrote);
  }
  pending_.clear();
}

}  // namespace m86
