// The window's arithmetic and tables, no display needed: scaling, the key map, screenshot
// names and the frame search the X tests rely on.
#include <catch2/catch.hpp>

#include <set>

#include "fake_guest.h"
#include "frame_search.h"
#include "frontend/sdl_keymap.h"
#include "frontend/sdl_layout.h"
#include "frontend/sdl_screenshot.h"

namespace m86 {
namespace {

TEST_CASE("Tall-pixel modes are shown 4:3, others square", "[logic]") {
  CHECK(DisplayShape(320, 200) == Size{320, 240});
  CHECK(DisplayShape(640, 400) == Size{640, 480});
  CHECK(DisplayShape(720, 400) == Size{720, 540});
  CHECK(DisplayShape(640, 350) == Size{640, 480});
  CHECK(DisplayShape(640, 480) == Size{640, 480});
  CHECK(DisplayShape(1024, 768) == Size{1024, 768});
  CHECK(DisplayShape(1280, 1024) == Size{1280, 1024});
}

TEST_CASE("Default window sizes", "[logic]") {
  CHECK(DefaultWindowSize(720, 400, 0) == Size{720, 540});
  CHECK(DefaultWindowSize(320, 200, 0) == Size{640, 480});
  CHECK(DefaultWindowSize(360, 400, 0) == Size{720, 540});
  CHECK(DefaultWindowSize(640, 480, 0) == Size{640, 480});
  CHECK(DefaultWindowSize(800, 600, 0) == Size{800, 600});
  CHECK(DefaultWindowSize(720, 400, 2) == Size{1440, 1080});
  CHECK(DefaultWindowSize(320, 200, 1) == Size{320, 240});
}

TEST_CASE("Integer scaling: whole factors per axis inside the 4:3 fit, centred", "[logic]") {
  auto place = [](int fw, int fh, int ow, int oh) {
    return PlaceFrame(fw, fh, ow, oh, ScaleMode::kInteger);
  };
  CHECK(place(720, 400, 720, 540).rect == Rect{0, 70, 720, 400});
  CHECK_FALSE(place(720, 400, 720, 540).smooth);
  CHECK(place(320, 200, 640, 480).rect == Rect{0, 40, 640, 400});
  // 320x240 fits 1440x1080 as 4.5 x 4.5: 4 across, 5 down (200 * 5 = 1000 <= 1080).
  CHECK(place(320, 200, 1440, 1080).rect == Rect{80, 40, 1280, 1000});
  CHECK(place(360, 400, 720, 540).rect == Rect{0, 70, 720, 400});
  CHECK(place(640, 480, 1920, 1080).rect == Rect{320, 60, 1280, 960});
  CHECK(place(640, 480, 641, 481).rect == Rect{0, 0, 640, 480});
  // Too big for the window: scaled down smoothly, keeping the shape.
  const Placement big = place(800, 600, 720, 540);
  CHECK(big.rect == Rect{0, 0, 720, 540});
  CHECK(big.smooth);
}

TEST_CASE("Smooth scaling fills the window keeping the display shape", "[logic]") {
  auto place = [](int fw, int fh, int ow, int oh) {
    return PlaceFrame(fw, fh, ow, oh, ScaleMode::kSmooth);
  };
  CHECK(place(320, 200, 640, 480).rect == Rect{0, 0, 640, 480});
  CHECK(place(320, 200, 800, 480).rect == Rect{80, 0, 640, 480});
  CHECK(place(720, 400, 720, 600).rect == Rect{0, 30, 720, 540});
  CHECK(place(640, 480, 1920, 1080).rect == Rect{240, 0, 1440, 1080});
  CHECK(place(640, 480, 1920, 1080).smooth);
  CHECK(place(0, 0, 640, 480).rect == Rect{});
}

TEST_CASE("Scaling mode names", "[logic]") {
  CHECK(ParseScaleMode("integer") == ScaleMode::kInteger);
  CHECK(ParseScaleMode("smooth") == ScaleMode::kSmooth);
  CHECK_FALSE(ParseScaleMode("Smooth"));
  CHECK_FALSE(ParseScaleMode(""));
  CHECK(std::string(ScaleModeName(ScaleMode::kSmooth)) == "smooth");
}

TEST_CASE("Every PC key has a host key", "[logic]") {
  std::set<PcKey> reached;
  for (int sc = 0; sc < SDL_NUM_SCANCODES; ++sc) {
    if (auto key = PcKeyFromScancode(static_cast<SDL_Scancode>(sc))) reached.insert(*key);
  }
  CHECK(reached.size() == static_cast<size_t>(PcKey::kCount));
  CHECK_FALSE(PcKeyFromScancode(SDL_SCANCODE_VOLUMEUP));
  CHECK_FALSE(PcKeyFromScancode(SDL_SCANCODE_KP_EQUALS));
  CHECK_FALSE(PcKeyFromScancode(SDL_SCANCODE_UNKNOWN));
}

// SDL scancodes are USB HID keyboard usage IDs. The set 1 codes each usage produces, from
// Microsoft's "Keyboard Scan Code Specification" rev 1.3a, appendix C.
TEST_CASE("Host keys give the set 1 codes the HID usage table lists", "[logic]") {
  struct Row {
    int usage;
    uint8_t set1;
    bool extended;
  };
  const Row rows[] = {
      {0x04, 0x1E, false},  // a
      {0x1D, 0x2C, false},  // z
      {0x1E, 0x02, false},  // 1
      {0x27, 0x0B, false},  // 0
      {0x28, 0x1C, false},  // Enter
      {0x29, 0x01, false},  // Escape
      {0x2A, 0x0E, false},  // Backspace
      {0x2B, 0x0F, false},  // Tab
      {0x2C, 0x39, false},  // Space
      {0x31, 0x2B, false},  // \ |
      {0x32, 0x2B, false},  // Non-US # ~
      {0x35, 0x29, false},  // ` ~
      {0x39, 0x3A, false},  // Caps Lock
      {0x3A, 0x3B, false},  // F1
      {0x43, 0x44, false},  // F10
      {0x44, 0x57, false},  // F11
      {0x45, 0x58, false},  // F12
      {0x47, 0x46, false},  // Scroll Lock
      {0x49, 0x52, true},   // Insert
      {0x4A, 0x47, true},   // Home
      {0x4C, 0x53, true},   // Delete
      {0x4F, 0x4D, true},   // Right arrow
      {0x52, 0x48, true},   // Up arrow
      {0x53, 0x45, false},  // Num Lock
      {0x54, 0x35, true},   // Keypad /
      {0x55, 0x37, false},  // Keypad *
      {0x56, 0x4A, false},  // Keypad -
      {0x57, 0x4E, false},  // Keypad +
      {0x58, 0x1C, true},   // Keypad Enter
      {0x59, 0x4F, false},  // Keypad 1
      {0x62, 0x52, false},  // Keypad 0
      {0x63, 0x53, false},  // Keypad .
      {0x64, 0x56, false},  // Non-US \ |
      {0x65, 0x5D, true},   // Application (Menu)
      {0xE0, 0x1D, false},  // Left Control
      {0xE1, 0x2A, false},  // Left Shift
      {0xE2, 0x38, false},  // Left Alt
      {0xE3, 0x5B, true},   // Left GUI
      {0xE4, 0x1D, true},   // Right Control
      {0xE5, 0x36, false},  // Right Shift
      {0xE6, 0x38, true},   // Right Alt
      {0xE7, 0x5C, true},   // Right GUI
  };
  for (const Row& r : rows) {
    INFO("HID usage 0x" << std::hex << r.usage);
    const auto key = PcKeyFromScancode(static_cast<SDL_Scancode>(r.usage));
    REQUIRE(key);
    CHECK(int{KeyCodes(*key).set1} == int{r.set1});
    CHECK(KeyCodes(*key).extended == r.extended);
  }
  // Print Screen (0x46) and Pause (0x48) send multi-byte sequences: they have their own keys.
  CHECK(PcKeyFromScancode(SDL_SCANCODE_PRINTSCREEN) == PcKey::kPrintScreen);
  CHECK(PcKeyFromScancode(SDL_SCANCODE_PAUSE) == PcKey::kPause);
}

TEST_CASE("Screenshot names carry the local date and time", "[logic]") {
  std::tm t{};
  t.tm_year = 2024 - 1900;
  t.tm_mon = 2;
  t.tm_mday = 5;
  t.tm_hour = 7;
  t.tm_min = 8;
  t.tm_sec = 9;
  CHECK(ScreenshotFileName(t) == "morph86-20240305-070809.png");
}

// A frame drawn into a larger screen at (x, y), each pixel as an sx * sy block.
Frame Compose(const Frame& frame, int x, int y, int sx, int sy) {
  Frame screen;
  screen.width = 900;
  screen.height = 700;
  screen.pixels.assign(static_cast<size_t>(screen.width) * screen.height, 0x202020);
  for (int fy = 0; fy < frame.height * sy; ++fy) {
    for (int fx = 0; fx < frame.width * sx; ++fx) {
      screen.pixels[static_cast<size_t>(y + fy) * screen.width + x + fx] =
          frame.pixels[static_cast<size_t>(fy / sy) * frame.width + fx / sx];
    }
  }
  return screen;
}

TEST_CASE("The frame search finds frames at whole scales and tolerates a few pixels", "[logic]") {
  const Frame frame = test::PatternFrame(200, 100);
  CHECK(test::InkPixels(frame) == 200 * 100 - 1);
  Frame screen = Compose(frame, 123, 45, 2, 2);
  auto match = test::FindFrame(screen, frame, test::SearchOptions{});
  REQUIRE(match);
  CHECK(match->x == 123);
  CHECK(match->y == 45);
  CHECK(match->scale_x == 2);
  CHECK(match->scale_y == 2);
  CHECK(match->mismatches == 0);

  screen = Compose(frame, 7, 300, 1, 2);
  // Frame pixel (x, y) is the screen's (7 + x, 300 + 2y) and (7 + x, 301 + 2y).
  auto flip = [&screen](int x, int y) {
    screen.pixels[static_cast<size_t>(300 + 2 * y) * screen.width + 7 + x] ^= 1;
  };
  // 100 changed pixels within one 9x16 text cell (a cursor): still found, with the count.
  for (int i = 0; i < 100; ++i) flip(50 + i % 9, 20 + i / 9);
  match = test::FindFrame(screen, frame, test::SearchOptions{});
  REQUIRE(match);
  CHECK(match->x == 7);
  CHECK(match->y == 300);
  CHECK(match->scale_x == 1);
  CHECK(match->scale_y == 2);
  CHECK(match->mismatches == 100);

  // One more pixel outside that cell: no match.
  flip(150, 90);
  CHECK_FALSE(test::FindFrame(screen, frame, test::SearchOptions{}));
  flip(150, 90);

  // Within a larger allowed box, the count limit (1% of the frame, 200 pixels) still holds.
  screen = Compose(frame, 7, 300, 1, 2);
  test::SearchOptions big_cell;
  big_cell.max_mismatch_width = 30;
  big_cell.max_mismatch_height = 30;
  for (int i = 0; i < 200; ++i) flip(100 + i % 20, 40 + i / 20);
  REQUIRE(test::FindFrame(screen, frame, big_cell));
  CHECK(test::FindFrame(screen, frame, big_cell)->mismatches == 200);
  flip(100, 50);
  CHECK_FALSE(test::FindFrame(screen, frame, big_cell));

  // Scale 3 is not searched by default.
  CHECK_FALSE(test::FindFrame(Compose(frame, 0, 0, 3, 3), frame, test::SearchOptions{}));
}

}  // namespace
}  // namespace m86
