// COM1 on stdio: forwarding from a pipe, end of file, the Ctrl-A escapes, output flushing, and
// the raw terminal's restoration (on a pseudo-terminal) including on a fatal signal.
#include <fcntl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <cstdlib>

#include "fake_guest.h"
#include "frontend/session.h"
#include "frontend/stdio_serial.h"

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
  }
  ~Pipe() {
    CloseWrite();
    if (read_end >= 0) close(read_end);
  }
  void CloseWrite() {
    if (write_end >= 0) close(write_end);
    write_end = -1;
  }
  void Write(const std::string& bytes) {
    REQUIRE(write(write_end, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
  }
  std::string ReadAvailable() {
    std::string out;
    fcntl(read_end, F_SETFL, O_NONBLOCK);
    char buffer[256];
    ssize_t got;
    while ((got = read(read_end, buffer, sizeof buffer)) > 0) out.append(buffer, got);
    return out;
  }
};

using Action = SerialEscape::Action;

}  // namespace

TEST_CASE("Ctrl-A escapes", "[serial]") {
  SerialEscape escape;
  CHECK(escape.Feed('a') == Action::kForward);
  CHECK(escape.Feed(0x01) == Action::kNone);
  CHECK(escape.Feed(0x01) == Action::kForward);  // Ctrl-A Ctrl-A: a literal Ctrl-A
  CHECK(escape.Feed(0x01) == Action::kNone);
  CHECK(escape.Feed('h') == Action::kHelp);
  CHECK(escape.Feed('x') == Action::kForward);   // a plain x after the escape ended
  CHECK(escape.Feed(0x01) == Action::kNone);
  CHECK(escape.Feed('s') == Action::kScreen);
  CHECK(escape.Feed(0x01) == Action::kNone);
  CHECK(escape.Feed('q') == Action::kNone);      // unknown: dropped
  CHECK(escape.Feed(0x01) == Action::kNone);
  CHECK(escape.Feed('x') == Action::kQuit);
}

TEST_CASE("Piped input is forwarded byte for byte until end of file", "[serial]") {
  Pipe in, out;
  FakeGuest guest;
  StdioSerial serial(in.read_end, out.write_end, false, stderr);
  in.Write(std::string("ls\x01x\n", 5));
  in.CloseWrite();
  for (int i = 0; i < 10; ++i) CHECK_FALSE(serial.Poll(guest));
  CHECK(guest.serial_received == std::string("ls\x01x\n", 5));
  CHECK_FALSE(serial.input_open());
  serial.Append('o');
  serial.Append('k');
  serial.Flush();
  CHECK(out.ReadAvailable() == "ok");
}

TEST_CASE("Interactive input applies the escapes", "[serial]") {
  Pipe in, out;
  FakeGuest guest;
  guest.SetSize(4, 2);
  guest.PutText(0, 0, "A>");
  std::FILE* messages = std::tmpfile();
  StdioSerial serial(in.read_end, out.write_end, true, messages);
  in.Write("a\x01\x01" "b\x01s");
  CHECK_FALSE(serial.Poll(guest));
  CHECK(guest.serial_received == "a\x01" "b");
  in.Write("c\x01xd");
  CHECK(serial.Poll(guest));
  CHECK(guest.serial_received == "a\x01" "bc");
  std::rewind(messages);
  char text[64] = {};
  CHECK(std::fread(text, 1, sizeof text - 1, messages) == 4);
  CHECK(std::string(text) == "A>\n\n");
  std::fclose(messages);
}

TEST_CASE("A session with serial on stdio pipes both ways and survives input EOF", "[serial]") {
  Pipe in, out;
  FakeGuest guest;
  SessionOptions options;
  options.serial_stdio = true;
  options.stdin_fd = in.read_end;
  options.stdout_fd = out.write_end;
  options.host_clock = [&] { return guest.host_seconds; };
  in.Write("dir\r");
  in.CloseWrite();
  guest.on_slice = [](FakeGuest& g) {
    if (g.slices == 2) g.Emit("C:\\>");
    if (g.slices == 40) g.stop_status = 0;
  };
  CHECK(RunSession(guest, options) == 0);
  CHECK(guest.slices == 40);
  CHECK(guest.serial_received == "dir\r");
  CHECK(out.ReadAvailable() == "C:\\>");
}

TEST_CASE("Raw mode on a pseudo-terminal, restored on destruction and on SIGTERM", "[serial]") {
  const int master = posix_openpt(O_RDWR | O_NOCTTY);
  REQUIRE(master >= 0);
  REQUIRE(grantpt(master) == 0);
  REQUIRE(unlockpt(master) == 0);
  const int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
  REQUIRE(slave >= 0);
  termios before;
  REQUIRE(tcgetattr(slave, &before) == 0);
  REQUIRE((before.c_lflag & ICANON) != 0);
  {
    RawTerminal raw(slave);
    CHECK(raw.active());
    termios during;
    REQUIRE(tcgetattr(slave, &during) == 0);
    CHECK((during.c_lflag & (ICANON | ECHO | ISIG)) == 0);
    CHECK((during.c_iflag & (ICRNL | IXON)) == 0);
    CHECK((during.c_oflag & OPOST) != 0);
  }
  termios after;
  REQUIRE(tcgetattr(slave, &after) == 0);
  CHECK(after.c_lflag == before.c_lflag);
  CHECK(after.c_iflag == before.c_iflag);

  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // Catch2 handles SIGTERM in the test process; the child needs the default action.
    signal(SIGTERM, SIG_DFL);
    RawTerminal raw(slave);
    termios during;
    tcgetattr(slave, &during);
    if (!raw.active() || (during.c_lflag & ICANON)) _exit(2);
    raise(SIGTERM);
    _exit(3);  // not reached: SIGTERM's default action ends the process
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGTERM);
  REQUIRE(tcgetattr(slave, &after) == 0);
  CHECK(after.c_lflag == before.c_lflag);
  CHECK(after.c_iflag == before.c_iflag);
  close(slave);
  close(master);
}

TEST_CASE("A non-terminal leaves raw mode off", "[serial]") {
  Pipe in;
  RawTerminal raw(in.read_end);
  CHECK_FALSE(raw.active());
}
