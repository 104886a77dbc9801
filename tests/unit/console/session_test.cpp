// The session loop with a script: waits, timeouts, serial matching, send, quit, sleep, the
// frame hook and the session timeout, all on a fake guest and a fake host clock.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <algorithm>
#include <cstdio>

#include "fake_guest.h"
#include "frontend/session.h"

using namespace m86;
using m86::test::FakeGuest;

namespace {

// Captures the session's messages in a temporary file.
class Messages {
 public:
  Messages() : file_(std::tmpfile()) {}
  ~Messages() { std::fclose(file_); }
  std::FILE* file() { return file_; }
  std::string Text() {
    std::fflush(file_);
    std::rewind(file_);
    std::string text;
    char buffer[512];
    size_t got;
    while ((got = std::fread(buffer, 1, sizeof buffer, file_)) > 0) text.append(buffer, got);
    return text;
  }

 private:
  std::FILE* file_;
};

struct Run {
  FakeGuest guest;
  Messages messages;
  SessionOptions options;

  explicit Run(const std::string& script_source) {
    if (!script_source.empty()) {
      Script script;
      std::string error;
      REQUIRE(ParseScript(script_source, "t.script", &script, &error));
      options.script = std::move(script);
    }
    options.host_clock = [this] { return guest.host_seconds; };
    options.messages = messages.file();
    options.timeout_seconds = 100;  // a safety net for the test itself
  }
  int Go() { return RunSession(guest, options); }
};

}  // namespace

TEST_CASE("wait screen succeeds when the text appears, then quit sets the status", "[session]") {
  Run run("wait screen \"A:\\>\" 5\nquit 7\n");
  run.guest.on_slice = [](FakeGuest& g) {
    if (g.host_seconds >= 0.1) g.PutText(3, 0, "A:\\>");
  };
  CHECK(run.Go() == 7);
  CHECK(run.guest.quit_status == 7);
  CHECK(run.guest.host_seconds == Approx(0.1).margin(0.006));
  CHECK(run.messages.Text().empty());
}

TEST_CASE("wait screen times out with its own status, a message and the screen", "[session]") {
  Run run("sleep 0.01\nwait screen \"C:\\>\" 0.5\nquit 0\n");
  run.guest.PutText(0, 0, "Starting MS-DOS...");
  CHECK(run.Go() == kStatusWaitTimeout);
  CHECK(run.guest.quit_status == kStatusWaitTimeout);
  CHECK(run.guest.host_seconds == Approx(0.51).margin(0.011));
  const std::string text = run.messages.Text();
  CHECK(text.rfind("morph86: script t.script:2: wait screen \"C:\\\\>\" timed out after 0.5 s\n"
                   "screen at the timeout:\nStarting MS-DOS...\n\n", 0) == 0);
  CHECK(std::count(text.begin(), text.end(), '\n') == 2 + 25);
}

TEST_CASE("wait screen in a graphics mode can only time out", "[session]") {
  Run run("wait screen \"A\" 0.2\n");
  run.guest.PutText(0, 0, "A");
  run.guest.text_mode = false;
  CHECK(run.Go() == kStatusWaitTimeout);
  CHECK(run.messages.Text().find("a graphics mode (no text)") != std::string::npos);
}

TEST_CASE("wait serial matches across chunks and consumes what it matched", "[session]") {
  Run run(
      "wait serial \"login:\" 5\n"
      "send \"root\\n\"\n"
      "wait serial \"login:\" 5\n"
      "send \"x\"\n"
      "quit 0\n");
  run.guest.on_slice = [](FakeGuest& g) {
    if (g.slices == 3) g.Emit("Debian log");
    if (g.slices == 5) g.Emit("in: ");
    if (g.slices == 20) g.Emit("lo");
    if (g.slices == 22) g.Emit("gin:");
  };
  CHECK(run.Go() == 0);
  CHECK(run.guest.serial_received == "root\nx");
  REQUIRE(run.guest.serial_received_at_slice.size() == 6);
  CHECK(run.guest.serial_received_at_slice[0] == 5);
  CHECK(run.guest.serial_received_at_slice[5] == 22);
}

TEST_CASE("wait serial times out", "[session]") {
  Run run("wait serial \"$ \" 0.3\n");
  run.guest.on_slice = [](FakeGuest& g) { g.Emit("#"); };
  CHECK(run.Go() == kStatusWaitTimeout);
  CHECK(run.messages.Text().rfind(
            "morph86: script t.script:1: wait serial \"$ \" timed out after 0.3 s\n", 0) == 0);
}

TEST_CASE("type and key reach the guest in order; sleep counts guest time", "[session]") {
  Run run("type \"a\"\nsleep 1\nkey esc\nquit 0\n");
  run.guest.guest_speed = 0.5;
  CHECK(run.Go() == 0);
  REQUIRE(run.guest.keys.size() == 4);
  CHECK(run.guest.keys[0].key == PcKey::kA);
  CHECK(run.guest.keys[2].key == PcKey::kEscape);
  // 80 ms of typing, 1 s of sleep, in guest time: about 2.2 s of host time at half speed.
  const uint64_t between = run.guest.keys[2].at_ns - run.guest.keys[1].at_ns;
  CHECK(between >= kKeyGapNs + 1'000'000'000);
  CHECK(between <= kKeyGapNs + 1'000'000'000 + 2 * 2'500'000);
  CHECK(run.guest.host_seconds == Approx(2.0 * (0.08 + 1.0 + 0.08)).margin(0.03));
}

TEST_CASE("Without quit the run lasts until the guest stops", "[session]") {
  Run run("send \"go\"\n");
  run.guest.on_slice = [](FakeGuest& g) {
    if (g.slices == 50) g.stop_status = 33;
  };
  CHECK(run.Go() == 33);
  CHECK(run.guest.slices == 50);
  CHECK(run.guest.serial_received == "go");
}

TEST_CASE("The session timeout ends the run with 124 and one line", "[session]") {
  Run run("");
  run.options.timeout_seconds = 0.25;
  CHECK(run.Go() == kStatusTimeout);
  CHECK(run.guest.quit_status == kStatusTimeout);
  CHECK(run.guest.host_seconds == Approx(0.25).margin(0.006));
  CHECK(run.messages.Text() == "morph86: timeout after 0.25 s\n");
}

TEST_CASE("The frame hook runs at 60 Hz and closing the window ends the run", "[session]") {
  Run run("");
  int frames = 0;
  run.options.on_frame = [&] { return ++frames < 120; };
  CHECK(run.Go() == 0);
  CHECK(frames == 120);
  CHECK(run.guest.host_seconds == Approx(119.0 / 60).margin(0.01));
}

TEST_CASE("A screendump command and the dump at exit", "[session]") {
  const std::string dir = "/tmp/m86_console_session_" + std::to_string(getpid());
  const std::string first = dir + "_first.txt", last = dir + "_last.txt";
  Run run("screendump " + first + "\nsleep 0.1\nquit 0\n");
  run.options.screendump_at_exit = last;
  run.guest.PutText(0, 0, "one");
  run.guest.on_slice = [](FakeGuest& g) {
    if (g.slices >= 3) g.PutText(0, 0, "two");
  };
  CHECK(run.Go() == 0);
  auto read = [](const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    std::string text;
    if (!f) return text;
    int c;
    while ((c = std::fgetc(f)) != EOF) text.push_back(static_cast<char>(c));
    std::fclose(f);
    return text;
  };
  CHECK(read(first).rfind("one\n\n", 0) == 0);
  CHECK(read(last).rfind("two\n\n", 0) == 0);
  std::remove(first.c_str());
  std::remove(last.c_str());
}

TEST_CASE("Screendump failures end the run with the script error status", "[session]") {
  Run run("screendump /nonexistent-dir/a.txt\nquit 0\n");
  CHECK(run.Go() == kStatusScriptError);
  CHECK(run.messages.Text() ==
        "morph86: script t.script:1: cannot write '/nonexistent-dir/a.txt': No such file or "
        "directory\n");
  Run at_exit("quit 0\n");
  at_exit.options.screendump_at_exit = "/nonexistent-dir/b.txt";
  CHECK(at_exit.Go() == kStatusScriptError);
}

TEST_CASE("The digest command and --digest-at-exit print the machine's digest line", "[session]") {
  Run run("digest\nquit 0\n");
  run.options.digest_at_exit = true;
  CHECK(run.Go() == 0);
  const std::string line = "morph86: digest 0123456789abcdef after 42 instructions\n";
  CHECK(run.messages.Text() == line + line);
}

TEST_CASE("digest takes no arguments", "[session]") {
  Script script;
  std::string error;
  CHECK_FALSE(ParseScript("digest now\n", "t.script", &script, &error));
  CHECK(error.find("t.script:1") != std::string::npos);
}
