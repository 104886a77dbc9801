// The curses-style text display: what it writes is read back by a small VT100 interpreter
// (cursor moves, SGR, erase, UTF-8 text) and compared with the guest's screen; keys typed on
// the "terminal" (a pipe) arrive as PC key strokes; Ctrl-A x quits.
#include "frontend/text_display.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <cstdlib>

#include "fake_guest.h"
#include "frontend/cp437.h"

using namespace m86;
using m86::test::FakeGuest;

namespace {

struct Pipe {
  int read_end = -1, write_end = -1;
  Pipe() {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    read_end = fds[0];
    write_end = fds[1];
    fcntl(read_end, F_SETFL, O_NONBLOCK);
  }
  ~Pipe() {
    close(read_end);
    close(write_end);
  }
  void Write(const std::string& bytes) {
    REQUIRE(write(write_end, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
  }
  std::string ReadAvailable() {
    std::string text;
    char buffer[4096];
    ssize_t got;
    while ((got = read(read_end, buffer, sizeof buffer)) > 0) text.append(buffer, got);
    return text;
  }
};

// Just enough of a VT100 to replay the display's output: CUP, ED 2, SGR (the last one seen
// per cell), DECTCEM and UTF-8 text.
struct VirtualTerminal {
  static constexpr int kColumns = 80, kRows = 25;
  std::vector<std::string> text = std::vector<std::string>(kColumns * kRows, " ");
  std::vector<std::string> sgr = std::vector<std::string>(kColumns * kRows, "0");
  int row = 0, column = 0;
  std::string current_sgr = "0";
  bool cursor_visible = true;
  bool alternate = false;
  int cells_written = 0;

  void Feed(const std::string& bytes) {
    size_t i = 0;
    while (i < bytes.size()) {
      if (bytes[i] == '\x1b') {
        REQUIRE(i + 1 < bytes.size());
        REQUIRE(bytes[i + 1] == '[');
        size_t end = i + 2;
        while (end < bytes.size() && !(bytes[end] >= 0x40 && bytes[end] <= 0x7E)) ++end;
        REQUIRE(end < bytes.size());
        Control(bytes.substr(i + 2, end - i - 2), bytes[end]);
        i = end + 1;
        continue;
      }
      // One UTF-8 character.
      size_t length = 1;
      const auto lead = static_cast<uint8_t>(bytes[i]);
      if (lead >= 0xF0) length = 4;
      else if (lead >= 0xE0) length = 3;
      else if (lead >= 0xC0) length = 2;
      REQUIRE(row < kRows);
      REQUIRE(column < kColumns);
      text[row * kColumns + column] = bytes.substr(i, length);
      sgr[row * kColumns + column] = current_sgr;
      ++cells_written;
      if (column < kColumns - 1) ++column;
      i += length;
    }
  }
  void Control(const std::string& parameters, char final_byte) {
    if (final_byte == 'H') {
      int r = 1, c = 1;
      if (!parameters.empty()) REQUIRE(std::sscanf(parameters.c_str(), "%d;%d", &r, &c) == 2);
      row = r - 1;
      column = c - 1;
    } else if (final_byte == 'm') {
      current_sgr = parameters;
    } else if (final_byte == 'J') {
      REQUIRE(parameters == "2");
      for (std::string& cell : text) cell.assign(1, ' ');
      for (std::string& cell : sgr) cell = current_sgr;
    } else if (parameters == "?25" && (final_byte == 'h' || final_byte == 'l')) {
      cursor_visible = final_byte == 'h';
    } else if (parameters == "?1049" && (final_byte == 'h' || final_byte == 'l')) {
      alternate = final_byte == 'h';
    } else {
      FAIL("unexpected control sequence " << parameters << final_byte);
    }
  }
  std::string Row(int r) const {
    std::string line;
    for (int c = 0; c < kColumns; ++c) line += text[r * kColumns + c];
    return line;
  }
};

// The fake guest's default cell 0x0720 is a light grey space, so the text of the screen is
// the padded string.
std::string Padded(const std::string& text) { return text + std::string(80 - text.size(), ' '); }

}  // namespace

TEST_CASE("text display: attribute colours", "[console][text_display]") {
  CHECK(AttributeSgr(0x07) == "\x1b[37;40m");
  CHECK(AttributeSgr(0x1F) == "\x1b[97;44m");  // bright white on blue
  CHECK(AttributeSgr(0x4E) == "\x1b[93;41m");  // yellow (bright brown) on red
  CHECK(AttributeSgr(0x36) == "\x1b[33;46m");  // brown on cyan
  CHECK(AttributeSgr(0x87) == "\x1b[37;100m");  // blink bit: bright black background
  CHECK(AttributeSgr(0xF0) == "\x1b[30;107m");
}

TEST_CASE("text display: full screen first, then only the changed cells", "[console][text_display]") {
  Pipe out, in;
  FakeGuest guest;
  guest.PutText(0, 0, "C:\\>dir");
  guest.PutText(3, 10, "\xC9\xCD\xBB");  // CP437 box drawing
  guest.screen.cells[5 * 80 + 2] = 0x1F41;  // 'A' white on blue
  guest.screen.cursor_row = 0;
  guest.screen.cursor_column = 7;
  guest.screen.cursor_visible = true;
  VirtualTerminal terminal;
  {
    TextDisplay display(out.write_end, in.read_end);
    REQUIRE(display.Frame(guest));
    const std::string first = out.ReadAvailable();
    CHECK(first.rfind("\x1b[?1049h", 0) == 0);
    terminal.Feed(first);
    CHECK(terminal.alternate);
    CHECK(terminal.cells_written == 80 * 25);
    CHECK(terminal.Row(0) == Padded("C:\\>dir"));
    CHECK(terminal.Row(3) ==
          std::string(10, ' ') + "\xE2\x95\x94\xE2\x95\x90\xE2\x95\x97" + std::string(67, ' '));
    CHECK(terminal.text[5 * 80 + 2] == "A");
    CHECK(terminal.sgr[5 * 80 + 2] == "97;44");
    CHECK(terminal.sgr[0] == "37;40");
    CHECK(terminal.cursor_visible);
    CHECK(terminal.row == 0);
    CHECK(terminal.column == 7);

    // Nothing changed: nothing written.
    REQUIRE(display.Frame(guest));
    CHECK(out.ReadAvailable().empty());

    // One cell changed: a move, its colour, the character, then the cursor back.
    guest.screen.cells[2 * 80 + 4] = 0x4E58;  // 'X' yellow on red
    REQUIRE(display.Frame(guest));
    const std::string update = out.ReadAvailable();
    CHECK(update == "\x1b[3;5H\x1b[93;41mX\x1b[0m\x1b[1;8H\x1b[?25h");
    terminal.Feed(update);
    CHECK(terminal.text[2 * 80 + 4] == "X");

    // Two neighbouring cells in the same colour: one move, one SGR.
    guest.PutText(10, 0, "ab");
    REQUIRE(display.Frame(guest));
    CHECK(out.ReadAvailable() == "\x1b[11;1H\x1b[37;40mab\x1b[0m\x1b[1;8H\x1b[?25h");

    // The cursor moving, then hidden.
    guest.screen.cursor_row = 12;
    guest.screen.cursor_column = 3;
    REQUIRE(display.Frame(guest));
    CHECK(out.ReadAvailable() == "\x1b[13;4H\x1b[?25h");
    guest.screen.cursor_visible = false;
    REQUIRE(display.Frame(guest));
    CHECK(out.ReadAvailable() == "\x1b[?25l");

    // A new size (80x50) is drawn in full.
    guest.SetSize(80, 50);
    REQUIRE(display.Frame(guest));
    const std::string resized = out.ReadAvailable();
    CHECK(resized.find("\x1b[2J") != std::string::npos);
  }
  // The destructor leaves the alternate screen with the cursor shown.
  const std::string last = out.ReadAvailable();
  CHECK(last == "\x1b[0m\x1b[?25h\x1b[?1049l");
}

TEST_CASE("text display: rendering the update directly", "[console][text_display]") {
  TextScreen before;
  before.columns = 4;
  before.rows = 2;
  before.cells.assign(8, 0x0720);
  TextScreen after = before;
  after.cells[7] = 0x07B0;  // CP437 light shade
  CHECK(RenderTextUpdate(&before, after, 0, 0) == "\x1b[2;4H\x1b[37;40m\xE2\x96\x91\x1b[0m\x1b[?25l");
  // A terminal smaller than the screen gets the part that fits.
  const std::string clipped = RenderTextUpdate(nullptr, after, 2, 1);
  CHECK(clipped == "\x1b[0m\x1b[2J\x1b[1;1H\x1b[37;40m  \x1b[0m\x1b[?25l");
}

TEST_CASE("text display: graphics modes show a notice once per mode", "[console][text_display]") {
  Pipe out, in;
  FakeGuest guest;
  guest.text_mode = false;
  guest.frame.width = 320;
  guest.frame.height = 200;
  TextDisplay display(out.write_end, in.read_end);
  REQUIRE(display.Frame(guest));
  std::string shown = out.ReadAvailable();
  CHECK(shown.find("graphics mode 320x200: use --display sdl or --screendump") !=
        std::string::npos);
  for (int i = 0; i < 2 * kGraphicsRecheckFrames; ++i) REQUIRE(display.Frame(guest));
  CHECK(out.ReadAvailable().empty());
  guest.frame.width = 640;
  guest.frame.height = 480;
  for (int i = 0; i < kGraphicsRecheckFrames; ++i) REQUIRE(display.Frame(guest));
  CHECK(out.ReadAvailable().find("graphics mode 640x480") != std::string::npos);
  // Back in text mode: a full redraw.
  guest.text_mode = true;
  REQUIRE(display.Frame(guest));
  VirtualTerminal terminal;
  terminal.Feed(out.ReadAvailable());
  CHECK(terminal.cells_written == 80 * 25);
}

TEST_CASE("text display: terminal keys become paced key strokes", "[console][text_display]") {
  Pipe out, in;
  FakeGuest guest;
  TextDisplay display(out.write_end, in.read_end);
  double host_now = 0;
  display.set_host_clock([&host_now] { return host_now; });
  in.Write("a\x1b[A");
  std::vector<std::pair<PcKey, bool>> seen;
  for (int i = 0; i < 20; ++i) {
    REQUIRE(display.Frame(guest));
    guest.guest_ns += 50'000'000;
  }
  for (const auto& key : guest.keys) seen.emplace_back(key.key, key.down);
  CHECK(seen == std::vector<std::pair<PcKey, bool>>{
                    {PcKey::kA, true}, {PcKey::kA, false}, {PcKey::kUp, true}, {PcKey::kUp, false}});
  // The hold is paced in guest time.
  REQUIRE(guest.keys.size() == 4);
  CHECK(guest.keys[1].at_ns - guest.keys[0].at_ns >= kKeyHoldNs);

  // A lone ESC waits for the timeout, then is the Escape key.
  guest.keys.clear();
  in.Write("\x1b");
  REQUIRE(display.Frame(guest));
  host_now += kEscapeTimeoutSeconds / 2;
  guest.guest_ns += 50'000'000;
  REQUIRE(display.Frame(guest));
  CHECK(guest.keys.empty());
  host_now += kEscapeTimeoutSeconds;
  for (int i = 0; i < 4; ++i) {
    REQUIRE(display.Frame(guest));
    guest.guest_ns += 50'000'000;
  }
  REQUIRE(guest.keys.size() == 2);
  CHECK(guest.keys[0].key == PcKey::kEscape);
  CHECK(guest.keys[0].down);
  CHECK_FALSE(guest.keys[1].down);
}

TEST_CASE("text display: Ctrl-A Ctrl-A types Ctrl+A, Ctrl-A x quits", "[console][text_display]") {
  Pipe out, in;
  FakeGuest guest;
  TextDisplay display(out.write_end, in.read_end);
  in.Write("\x01\x01");
  for (int i = 0; i < 10; ++i) {
    REQUIRE(display.Frame(guest));
    guest.guest_ns += 50'000'000;
  }
  REQUIRE(guest.keys.size() == 4);
  CHECK(guest.keys[0].key == PcKey::kLeftCtrl);
  CHECK(guest.keys[1].key == PcKey::kA);
  CHECK_FALSE(guest.quit_status);
  in.Write("\x01x");
  CHECK_FALSE(display.Frame(guest));
  REQUIRE(guest.quit_status);
  CHECK(*guest.quit_status == 0);
}

TEST_CASE("text display: on a pseudo-terminal, clipped, raw, and left on SIGTERM", "[console][text_display]") {
  const int master = posix_openpt(O_RDWR | O_NOCTTY);
  REQUIRE(master >= 0);
  REQUIRE(grantpt(master) == 0);
  REQUIRE(unlockpt(master) == 0);
  const int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
  REQUIRE(slave >= 0);
  fcntl(master, F_SETFL, O_NONBLOCK);
  winsize size{};
  size.ws_col = 40;
  size.ws_row = 10;
  REQUIRE(ioctl(slave, TIOCSWINSZ, &size) == 0);
  termios before;
  REQUIRE(tcgetattr(slave, &before) == 0);
  auto read_master = [master] {
    std::string text;
    char buffer[4096];
    ssize_t got;
    while ((got = read(master, buffer, sizeof buffer)) > 0) text.append(buffer, got);
    return text;
  };
  {
    FakeGuest guest;
    guest.PutText(9, 38, "xyz");  // the 'z' falls outside the 40-column terminal
    TextDisplay display(slave, slave);
    termios during;
    REQUIRE(tcgetattr(slave, &during) == 0);
    CHECK((during.c_lflag & (ICANON | ECHO | ISIG)) == 0);
    REQUIRE(display.Frame(guest));
    VirtualTerminal terminal;
    terminal.Feed(read_master());
    CHECK(terminal.cells_written == 40 * 10);
    CHECK(terminal.Row(9).substr(36, 4) == "  xy");
    // Raw mode: Ctrl-C is a key, not SIGINT.
    REQUIRE(write(master, "\x03", 1) == 1);
    usleep(20000);
    for (int i = 0; i < 4; ++i) {
      REQUIRE(display.Frame(guest));
      guest.guest_ns += 50'000'000;
    }
    REQUIRE(guest.keys.size() == 4);
    CHECK(guest.keys[0].key == PcKey::kLeftCtrl);
    CHECK(guest.keys[1].key == PcKey::kC);
  }
  CHECK(read_master().find("\x1b[?1049l") != std::string::npos);
  termios after;
  REQUIRE(tcgetattr(slave, &after) == 0);
  CHECK(after.c_lflag == before.c_lflag);

  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    signal(SIGTERM, SIG_DFL);  // Catch2 handles SIGTERM in the test process
    FakeGuest guest;
    TextDisplay display(slave, slave);
    display.Frame(guest);
    raise(SIGTERM);
    _exit(3);  // not reached
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGTERM);
  const std::string output = read_master();
  REQUIRE(output.size() > 20);
  CHECK(output.substr(output.size() - 18) == "\x1b[0m\x1b[?25h\x1b[?1049l");
  REQUIRE(tcgetattr(slave, &after) == 0);
  CHECK(after.c_lflag == before.c_lflag);
  close(slave);
  close(master);
}
