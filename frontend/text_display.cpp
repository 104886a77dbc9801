#include "frontend/text_display.h"

#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "frontend/cp437.h"
#include "frontend/exit_cleanup.h"

namespace m86 {
namespace {

// ECMA-48 / xterm "Control Sequences": the alternate screen with the cursor saved (DECSET
// 1049), SGR reset, erase display, cursor visibility (DECTCEM 25).
constexpr const char* kEnterScreen = "\x1b[?1049h";
constexpr const char* kLeaveScreen = "\x1b[0m\x1b[?25h\x1b[?1049l";
constexpr const char* kClear = "\x1b[0m\x1b[2J";
constexpr const char* kShowCursor = "\x1b[?25h";
constexpr const char* kHideCursor = "\x1b[?25l";

// VGA colour numbers (blue is bit 0, red bit 2) to ANSI ones (red is bit 0, blue bit 2).
constexpr std::array<int, 8> kVgaToAnsi = {0, 4, 2, 6, 1, 5, 3, 7};

// The fd whose alternate screen is to be left when the process ends abnormally; read by
// signal handlers and atexit(), hence a static (one TextDisplay at a time, as RawTerminal).
volatile std::sig_atomic_t g_screen_fd = -1;

// Async-signal-safe: only write().
void LeaveScreen() {
  const int fd = g_screen_fd;
  if (fd < 0) return;
  g_screen_fd = -1;
  const std::string_view text = kLeaveScreen;
  if (write(fd, text.data(), text.size()) < 0) return;
}

void AppendCursorMove(int row, int column, std::string* out) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "\x1b[%d;%dH", row + 1, column + 1);
  *out += buffer;
}

double SteadySeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::string AttributeSgr(uint8_t attribute) {
  const int foreground = attribute & 0x0F, background = (attribute >> 4) & 0x0F;
  const int fg_code = (foreground & 8 ? 90 : 30) + kVgaToAnsi[foreground & 7];
  const int bg_code = (background & 8 ? 100 : 40) + kVgaToAnsi[background & 7];
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "\x1b[%d;%dm", fg_code, bg_code);
  return buffer;
}

std::string RenderTextUpdate(const TextScreen* previous, const TextScreen& screen,
                             int term_columns, int term_rows) {
  const bool full = previous == nullptr || previous->columns != screen.columns ||
                    previous->rows != screen.rows;
  const int columns = term_columns > 0 && term_columns < screen.columns ? term_columns
                                                                        : screen.columns;
  const int rows = term_rows > 0 && term_rows < screen.rows ? term_rows : screen.rows;
  std::string out;
  if (full) out += kClear;
  int attribute = -1;          // the SGR state of the terminal; unknown at first
  int at_row = -1, at_column = -1;  // where the terminal's cursor is; -1: unknown
  bool wrote = false;
  for (int row = 0; row < rows; ++row) {
    for (int column = 0; column < columns; ++column) {
      const size_t index = static_cast<size_t>(row) * screen.columns + column;
      const uint16_t cell = screen.cells[index];
      if (!full && previous->cells[index] == cell) continue;
      if (row != at_row || column != at_column) AppendCursorMove(row, column, &out);
      if (cell >> 8 != attribute) {
        attribute = cell >> 8;
        out += AttributeSgr(static_cast<uint8_t>(attribute));
      }
      AppendCp437(static_cast<uint8_t>(cell), &out);
      wrote = true;
      at_row = row;
      // After the last column the terminal waits to wrap (xterm, VT100): position unknown.
      at_column = column + 1 < columns ? column + 1 : -1;
    }
  }
  const bool cursor_changed = full || previous->cursor_row != screen.cursor_row ||
                              previous->cursor_column != screen.cursor_column ||
                              previous->cursor_visible != screen.cursor_visible;
  if (!wrote && !cursor_changed) return out;
  if (wrote) out += "\x1b[0m";  // the terminal's own text (and its cursor colour) plain again
  const bool inside = screen.cursor_row >= 0 && screen.cursor_row < rows &&
                      screen.cursor_column >= 0 && screen.cursor_column < columns;
  if (screen.cursor_visible && inside) {
    AppendCursorMove(screen.cursor_row, screen.cursor_column, &out);
    out += kShowCursor;
  } else {
    out += kHideCursor;
  }
  return out;
}

TextDisplay::TextDisplay(int out_fd, int in_fd)
    : out_fd_(out_fd), in_fd_(in_fd), raw_(in_fd), clock_(SteadySeconds) {}

TextDisplay::~TextDisplay() {
  if (!started_) return;
  LeaveScreen();
  RemoveExitCleanup(cleanup_slot_);
}

bool TextDisplay::Frame(GuestConsole& guest) {
  if (!ReadInput()) {
    guest.Quit(0);
    return false;
  }
  typist_.Step(guest);
  Draw(guest);
  return true;
}

bool TextDisplay::ReadInput() {
  std::vector<KeyChord> chords;
  bool got_bytes = false;
  while (!input_closed_) {
    pollfd request{in_fd_, POLLIN, 0};
    if (poll(&request, 1, 0) <= 0 || request.revents == 0) break;
    uint8_t buffer[256];
    const ssize_t got = read(in_fd_, buffer, sizeof buffer);
    if (got < 0 && (errno == EAGAIN || errno == EINTR)) break;
    if (got <= 0) {
      input_closed_ = true;  // end of file: the display goes on without input
      break;
    }
    got_bytes = true;
    for (ssize_t i = 0; i < got; ++i) {
      switch (escape_.Feed(buffer[i])) {
        case SerialEscape::Action::kForward: parser_.Feed(buffer[i], &chords); break;
        case SerialEscape::Action::kQuit: return false;
        // The serial console's help and screen print have no place on a full-screen display.
        case SerialEscape::Action::kNone:
        case SerialEscape::Action::kHelp:
        case SerialEscape::Action::kScreen: break;
      }
    }
  }
  const double now = clock_();
  if (got_bytes) escape_since_ = now;
  if (parser_.pending() && (input_closed_ || now - escape_since_ >= kEscapeTimeoutSeconds)) {
    parser_.Timeout(&chords);
  }
  for (const KeyChord& chord : chords) typist_.Queue(chord);
  return true;
}

void TextDisplay::QueryTerminalSize(bool* changed) {
  winsize size{};
  int columns = 0, rows = 0;
  if (ioctl(out_fd_, TIOCGWINSZ, &size) == 0) {
    columns = size.ws_col;
    rows = size.ws_row;
  }
  *changed = columns != term_columns_ || rows != term_rows_;
  term_columns_ = columns;
  term_rows_ = rows;
}

void TextDisplay::Draw(GuestConsole& guest) {
  std::string out;
  if (!started_) {
    started_ = true;
    out += kEnterScreen;
    g_screen_fd = out_fd_;
    // Registered after RawTerminal's, so it runs first: the screen is left while the terminal
    // is still raw, then the settings come back.
    cleanup_slot_ = AddExitCleanup(LeaveScreen);
  }
  bool resized;
  QueryTerminalSize(&resized);
  if (resized) shown_valid_ = false;

  TextScreen screen;
  if (guest.ReadText(&screen)) {
    out += RenderTextUpdate(shown_valid_ ? &shown_ : nullptr, screen, term_columns_,
                            term_rows_);
    shown_ = std::move(screen);
    shown_valid_ = true;
    graphics_ = false;
  } else {
    const bool entered = !graphics_ || !shown_valid_;
    if (entered || ++graphics_frames_ >= kGraphicsRecheckFrames) {
      graphics_frames_ = 0;
      m86::Frame frame;
      guest.Render(&frame);
      if (entered || frame.width != graphics_width_ || frame.height != graphics_height_) {
        graphics_width_ = frame.width;
        graphics_height_ = frame.height;
        char notice[96];
        std::snprintf(notice, sizeof notice,
                      "graphics mode %dx%d: use --display sdl or --screendump", frame.width,
                      frame.height);
        out += kClear;
        out += "\x1b[H";
        out += notice;
        out += kHideCursor;
      }
    }
    graphics_ = true;
    shown_valid_ = true;  // the notice stays until the mode or the terminal size changes
    shown_ = TextScreen{};  // a later text screen differs in size: drawn in full
  }
  WriteAll(out);
}

void TextDisplay::WriteAll(const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t wrote = write(out_fd_, bytes.data() + done, bytes.size() - done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote < 0 && errno == EAGAIN) {
      pollfd request{out_fd_, POLLOUT, 0};
      if (poll(&request, 1, 1000) > 0) continue;
    }
    if (wrote <= 0) return;  // a closed output: the guest keeps running
    done += static_cast<size_t>(wrote);
  }
}

}  // namespace m86
