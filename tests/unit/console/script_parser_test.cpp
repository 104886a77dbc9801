// The script language's parser: commands, strings and escapes, and errors naming the line.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "frontend/input_limits.h"
#include "frontend/script.h"

using namespace m86;
using Kind = ScriptCommand::Kind;

namespace {

Script Parse(const std::string& source) {
  Script script;
  std::string error;
  INFO(source);
  REQUIRE(ParseScript(source, "t.script", &script, &error));
  CHECK(error.empty());
  return script;
}

std::string Error(const std::string& source) {
  Script script;
  std::string error;
  CHECK_FALSE(ParseScript(source, "t.script", &script, &error));
  return error;
}

}  // namespace

TEST_CASE("The issue's example script parses", "[script]") {
  const Script script = Parse(
      "# boot DOS and list the drive\n"
      "\n"
      "wait screen \"A:\\>\" 30\n"
      "wait serial \"login:\" 60   # the getty\n"
      "type \"dir\\n\"\n"
      "send \"ls\\n\"\n"
      "screendump out.txt\n"
      "sleep 0.5\n"
      "key F8 ctrl+alt+delete\n"
      "quit 0\n");
  REQUIRE(script.commands.size() == 8);
  const auto& c = script.commands;
  CHECK(c[0].kind == Kind::kWaitScreen);
  CHECK(c[0].text == "A:\\>");
  CHECK(c[0].seconds == 30);
  CHECK(c[0].line == 3);
  CHECK(c[1].kind == Kind::kWaitSerial);
  CHECK(c[1].text == "login:");
  CHECK(c[1].seconds == 60);
  CHECK(c[2].kind == Kind::kType);
  CHECK(c[2].text == "dir\n");
  CHECK(c[2].chords.size() == 4);
  CHECK(c[3].kind == Kind::kSend);
  CHECK(c[3].text == "ls\n");
  CHECK(c[4].kind == Kind::kScreendump);
  CHECK(c[4].text == "out.txt");
  CHECK(c[5].kind == Kind::kSleep);
  CHECK(c[5].seconds == 0.5);
  CHECK(c[6].kind == Kind::kKey);
  REQUIRE(c[6].chords.size() == 2);
  CHECK(c[6].chords[0] == KeyChord{{}, PcKey::kF8});
  CHECK(c[6].chords[1] == KeyChord{{PcKey::kLeftCtrl, PcKey::kLeftAlt}, PcKey::kDelete});
  CHECK(c[7].kind == Kind::kQuit);
  CHECK(c[7].status == 0);
  CHECK(c[7].line == 10);
}

TEST_CASE("String escapes", "[script]") {
  const Script script = Parse("send \"a\\nb\\rc\\td\\\\e\\\"f\\eg\\bh\\x41\\x7f#i\"\n");
  CHECK(script.commands[0].text == "a\nb\rc\td\\e\"f\x1bg\bhA\x7f#i");
  CHECK(Parse("send \"\\xC4\\xff\"").commands[0].text == "\xC4\xFF");
  // Other backslashes are literal: the DOS prompt as the issue writes it.
  CHECK(Parse("wait screen \"A:\\>\" 1").commands[0].text == "A:\\>");
  CHECK(Parse("send \"C:\\DOS\\q\"").commands[0].text == "C:\\DOS\\q");
}

TEST_CASE("Quoted file names, CRLF lines and a missing final newline", "[script]") {
  const Script script = Parse("screendump \"my dump.png\"\r\nquit 3");
  REQUIRE(script.commands.size() == 2);
  CHECK(script.commands[0].text == "my dump.png");
  CHECK(script.commands[1].status == 3);
}

TEST_CASE("Errors name the file and line", "[script]") {
  CHECK(Error("sleep 1\n\nfrobnicate 3\n") == "script t.script:3: unknown command 'frobnicate'");
  CHECK(Error("wait screen \"x\"\n") ==
        "script t.script:1: usage: wait screen|serial \"TEXT\" SECONDS");
  CHECK(Error("wait window \"x\" 3\n") ==
        "script t.script:1: wait for what: 'screen' or 'serial', got 'window'");
  CHECK(Error("wait screen x 3\n") == "script t.script:1: the text to wait for must be a quoted string");
  CHECK(Error("wait serial \"\" 3\n") == "script t.script:1: the text to wait for is empty");
  CHECK(Error("wait serial \"x\" -1\n") ==
        "script t.script:1: expected a number of seconds from 0 to 10000000, got '-1'");
  CHECK(Error("sleep soon\n") == "script t.script:1: expected a number of seconds from 0 to 10000000, got 'soon'");
  CHECK(Error("sleep 1e300\n") ==
        "script t.script:1: expected a number of seconds from 0 to 10000000, got '1e300'");
  CHECK(Error("sleep inf\n") == "script t.script:1: expected a number of seconds from 0 to 10000000, got 'inf'");
  CHECK(Error("quit 256\n") == "script t.script:1: expected an exit status 0-255, got '256'");
  CHECK(Error("quit\n") == "script t.script:1: usage: quit STATUS");
  CHECK(Error("type dir\n") == "script t.script:1: the text must be a quoted string");
  CHECK(Error("send \"abc\n") == "script t.script:1: unterminated string");

  CHECK(Error("send \"\\x4\"\n") == "script t.script:1: \\x needs two hexadecimal digits");
  CHECK(Error("send \"a\"b\n") == "script t.script:1: expected a space after the closing quote");
  CHECK(Error("\"quit\" 0\n") == "script t.script:1: a line must start with a command name");
}

TEST_CASE("Key and type errors", "[script]") {
  CHECK(Error("key\n") == "script t.script:1: usage: key CHORD... (e.g. key ctrl+alt+delete)");
  CHECK(Error("key ctrl+banana\n") == "script t.script:1: unknown key name 'banana'");
  CHECK(Error("key ctrl+\n") == "script t.script:1: empty key name in 'ctrl+'");
  CHECK(Error("type \"caf\xC3\xA9\"\n") ==
        "script t.script:1: no key types the byte 0xC3 on a US keyboard");
}

TEST_CASE("LoadScript reports an unreadable file", "[script]") {
  Script script;
  std::string error;
  CHECK_FALSE(LoadScript("/nonexistent/x.script", &script, &error));
  CHECK(error == "script /nonexistent/x.script: cannot read: No such file or directory");
}

TEST_CASE("Lines that no script holds: too long, a NUL byte", "[script]") {
  const std::string long_line = "# " + std::string(kMaxScriptLineBytes, 'x') + "\n";
  CHECK(Error("sleep 1\n" + long_line) ==
        "script t.script:2: the line is longer than 4096 bytes");
  // Exactly at the bound is still a line.
  Parse(std::string(kMaxScriptLineBytes - 7, ' ') + "sleep 1\n");
  CHECK(Error(std::string("sleep 1\0\n", 9)) ==
        "script t.script:1: the line holds a NUL byte (not a text file?)");
}

TEST_CASE("Errors quote at most a short, escaped piece of the input", "[script]") {
  const std::string error = Error(std::string(3000, 'z') + "\n");
  CHECK(error == "script t.script:1: unknown command '" + std::string(57, 'z') + "...'");
  CHECK(Error("fr\xFF\x1B[2J 3\n") == "script t.script:1: unknown command 'fr\\xFF\\x1B[2J'");
  CHECK(Error("key \xC3\n") == "script t.script:1: unknown key name '\\xC3'");
}

TEST_CASE("LoadScript bounds what it reads", "[script]") {
  Script script;
  std::string error;
  // A device that never ends: the bound, not the memory, stops the read.
  CHECK_FALSE(LoadScript("/dev/zero", &script, &error));
  CHECK(error == "script /dev/zero: larger than 1 MiB");
  // A regular file is refused from its size.
  const std::string path = "/tmp/m86_script_test_" + std::to_string(getpid()) + ".script";
  {
    std::ofstream file(path, std::ios::binary);
    file << std::string(kMaxScriptBytes + 1, '\n');
  }
  CHECK_FALSE(LoadScript(path, &script, &error));
  CHECK(error == "script " + path + ": larger than 1 MiB");
  {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << std::string(kMaxScriptBytes - 7, '\n') << "quit 3\n";
  }
  REQUIRE(LoadScript(path, &script, &error));
  REQUIRE(script.commands.size() == 1);
  CHECK(script.commands[0].status == 3);
  std::remove(path.c_str());
}
