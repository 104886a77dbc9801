// The port 0xE9 console: raw bytes to files, escaped ones to terminals.
#include <catch2/catch.hpp>

#include "frontend/debug_console.h"
#include "temp_files.h"

using namespace m86;
using m86::test::ReadFile;
using m86::test::TempPath;
using m86::test::WriteFile;

namespace {

std::string Shown(const std::string& bytes) {
  std::string out;
  for (char c : bytes) AppendTerminalSafe(static_cast<uint8_t>(c), &out);
  return out;
}

}  // namespace

TEST_CASE("A terminal sees control characters escaped", "[debugcon]") {
  CHECK(Shown("hello, world\n\tindented") == "hello, world\n\tindented");
  CHECK(Shown("\x1B[2J\rmorph86: fake") == "^[[2J^Mmorph86: fake");
  CHECK(Shown(std::string("\0\x07\x08\x7F", 4)) == "^@^G^H^?");
  CHECK(Shown("\x9B" "2J \xC3\xA9") == "\\x9B2J \\xC3\\xA9");
}

TEST_CASE("The file target gets the guest's bytes as they are, appended", "[debugcon]") {
  const std::string path = TempPath("debugcon.log");
  WriteFile(path, "before\n");
  std::string error;
  {
    const auto output = DebugConsoleOutput::Open("file:" + path, &error);
    REQUIRE(output);
    for (char c : std::string("\x1B[2Jhi\n")) output->Put(static_cast<uint8_t>(c));
  }
  CHECK(ReadFile(path) == "before\n\x1B[2Jhi\n");
  std::remove(path.c_str());
  CHECK_FALSE(DebugConsoleOutput::Open("file:/nonexistent-dir/e9.log", &error));
  CHECK(error == "cannot write '/nonexistent-dir/e9.log': No such file or directory");
}

TEST_CASE("An escaping output writes the terminal form", "[debugcon]") {
  std::FILE* file = std::tmpfile();
  REQUIRE(file);
  {
    DebugConsoleOutput output(file, true);
    for (char c : std::string("\x1B" "c\n")) output.Put(static_cast<uint8_t>(c));
  }
  std::rewind(file);
  char buffer[16] = {};
  const size_t got = std::fread(buffer, 1, sizeof buffer, file);
  std::fclose(file);
  CHECK(std::string(buffer, got) == "^[c\n");
}
