// Screen text for matching and dumps; dump files in text and PNG, read back with libpng.
#include <png.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstring>

#include "fake_guest.h"
#include "frontend/png_writer.h"
#include "frontend/screendump.h"
#include "temp_files.h"

using namespace m86;
using m86::test::FakeGuest;
using m86::test::ReadFile;
using m86::test::TempPath;

namespace {

// A PNG read back as 0x00RRGGBB pixels through libpng's simplified read API.
struct Decoded {
  bool ok = false;
  int width = 0, height = 0;
  std::vector<uint32_t> pixels;
};
Decoded ReadPng(const std::string& path) {
  Decoded decoded;
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&image, path.c_str())) return decoded;
  image.format = PNG_FORMAT_RGB;
  std::vector<uint8_t> rgb(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, rgb.data(), 0, nullptr)) return decoded;
  decoded.ok = true;
  decoded.width = static_cast<int>(image.width);
  decoded.height = static_cast<int>(image.height);
  for (size_t i = 0; i + 2 < rgb.size(); i += 3) {
    decoded.pixels.push_back(uint32_t{rgb[i]} << 16 | uint32_t{rgb[i + 1]} << 8 | rgb[i + 2]);
  }
  return decoded;
}

Frame TestFrame() {
  Frame frame;
  frame.width = 3;
  frame.height = 2;
  frame.pixels = {0xFF0000, 0x00FF00, 0x0000FF, 0x123456, 0xFFFFFF, 0x000000};
  return frame;
}

}  // namespace

TEST_CASE("Screen text trims rows and converts CP437", "[screendump]") {
  FakeGuest guest;
  guest.SetSize(10, 3);
  guest.PutText(0, 0, "\xC9\xCD\xBB");
  guest.PutText(1, 0, "\xBA" "A:\\>");
  guest.PutText(1, 9, "x");
  TextScreen screen;
  REQUIRE(guest.ReadText(&screen));
  CHECK(ScreenToText(screen) == "╔═╗\n║A:\\>    x\n");
  CHECK(ScreenDumpText(screen) == "╔═╗\n║A:\\>    x\n\n");
}

TEST_CASE("Cells holding NUL trim like spaces", "[screendump]") {
  TextScreen screen;
  screen.columns = 4;
  screen.rows = 1;
  screen.cells = {0x0741, 0x0000, 0x0000, 0x0000};
  CHECK(ScreenDumpText(screen) == "A\n");
}

TEST_CASE("A text-mode screendump writes the UTF-8 rows", "[screendump]") {
  FakeGuest guest;
  guest.SetSize(5, 2);
  guest.PutText(0, 0, "C:\\>");
  guest.PutText(1, 0, "\xDA\xC4\xBF");
  const std::string path = TempPath("dump.txt");
  std::string error;
  REQUIRE(WriteScreenDump(guest, path, &error));
  CHECK(ReadFile(path) == "C:\\>\n┌─┐\n");
  std::remove(path.c_str());
}

TEST_CASE("A PNG holds the frame's pixels as 8-bit RGB", "[screendump][png]") {
  const std::string path = TempPath("frame.png");
  std::string error;
  REQUIRE(WritePng(path, TestFrame(), &error));
  const Decoded decoded = ReadPng(path);
  REQUIRE(decoded.ok);
  CHECK(decoded.width == 3);
  CHECK(decoded.height == 2);
  CHECK(decoded.pixels == TestFrame().pixels);
  std::remove(path.c_str());
}

TEST_CASE("Graphics modes dump PNG whatever the name; .png forces PNG in text modes",
          "[screendump][png]") {
  FakeGuest guest;
  guest.frame = TestFrame();
  std::string error;
  const std::string forced = TempPath("TEXT.PNG");
  REQUIRE(WriteScreenDump(guest, forced, &error));
  CHECK(ReadPng(forced).pixels == TestFrame().pixels);
  guest.text_mode = false;
  const std::string graphics = TempPath("graphics.txt");
  REQUIRE(WriteScreenDump(guest, graphics, &error));
  CHECK(ReadFile(graphics).substr(0, 8) == "\x89PNG\r\n\x1a\n");
  CHECK(ReadPng(graphics).pixels == TestFrame().pixels);
  std::remove(forced.c_str());
  std::remove(graphics.c_str());
}

TEST_CASE("Unwritable dump files give a one-line error naming the file", "[screendump]") {
  FakeGuest guest;
  guest.frame = TestFrame();
  std::string error;
  CHECK_FALSE(WriteScreenDump(guest, "/nonexistent-dir/out.txt", &error));
  CHECK(error == "cannot write '/nonexistent-dir/out.txt': No such file or directory");
  CHECK_FALSE(WriteScreenDump(guest, "/nonexistent-dir/out.png", &error));
  CHECK(error == "cannot write '/nonexistent-dir/out.png': No such file or directory");
  Frame empty;
  CHECK_FALSE(WritePng(TempPath("empty.png"), empty, &error));
  CHECK(error.find("empty") != std::string::npos);
}
