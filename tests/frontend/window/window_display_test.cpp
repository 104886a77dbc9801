// The SDL window on Xvfb: what it shows, read back from the X screen, and its size.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>

#include "png_read.h"
#include "window_x11_helpers.h"

namespace m86::test {
namespace {

TEST_CASE("A display is available under Xvfb", "[x11]") { CHECK(DisplayAvailable()); }

TEST_CASE("The window shows the guest's frame, sized and scaled for its mode", "[x11]") {
  FakeGuest guest;
  guest.frame = PatternFrame(320, 200);
  auto window = OpenWindow();
  Settle(*window, guest);
  // 320x200 has tall pixels: a 640x480 window, the frame doubled each way with borders.
  CHECK(window->window_size() == Size{640, 480});
  CHECK(window->content_rect() == Rect{0, 40, 640, 400});
  CheckOnScreen(*window, guest, 2, 2);

  // A mode change: 80x25 text at 720x400 asks for a 720x540 window, shown 1:1.
  guest.frame = PatternFrame(720, 400);
  Settle(*window, guest);
  CHECK(window->window_size() == Size{720, 540});
  CHECK(window->content_rect() == Rect{0, 70, 720, 400});
  CheckOnScreen(*window, guest, 1, 1);

  // A 640x480 mode fills the window exactly.
  guest.frame = PatternFrame(640, 480);
  Settle(*window, guest);
  CHECK(window->window_size() == Size{640, 480});
  CHECK(window->content_rect() == Rect{0, 0, 640, 480});
  CheckOnScreen(*window, guest, 1, 1);
  CHECK(guest.events.empty());
}

TEST_CASE("A window the user sized keeps its size across mode changes", "[x11]") {
  FakeGuest guest;
  guest.frame = PatternFrame(640, 480);
  auto window = OpenWindow();
  Settle(*window, guest);
  // What a window manager reports after the user dragged the border.
  SDL_SetWindowSize(SDL_GetWindowFromID(window->window_id()), 1000, 700);
  SDL_Event e{};
  e.type = SDL_WINDOWEVENT;
  e.window.windowID = window->window_id();
  e.window.event = SDL_WINDOWEVENT_RESIZED;
  e.window.data1 = 1000;
  e.window.data2 = 700;
  REQUIRE(SDL_PushEvent(&e) == 1);
  Settle(*window, guest);
  guest.frame = PatternFrame(720, 400);
  Settle(*window, guest);
  CHECK(window->window_size() == Size{1000, 700});
  // 720x540 fits 1000x700 as 933x700: 1 across, 1 down (400 * 2 > 700).
  CHECK(window->content_rect() == Rect{140, 150, 720, 400});
  CheckOnScreen(*window, guest, 1, 1);
}

// Only the switch itself: on Xvfb no window manager acts on the fullscreen request, so the
// window's geometry (and what SDL believes of it) says nothing about a real desktop.
TEST_CASE("Ctrl+Alt+F switches fullscreen on and off; the F stays with the window", "[x11]") {
  FakeGuest guest;
  guest.frame = PatternFrame(640, 480);
  auto window = OpenWindow();
  Settle(*window, guest);
  guest.events.clear();
  auto ctrl_alt_f = [&window] {
    PushKey(*window, SDL_SCANCODE_RCTRL, true);
    PushKey(*window, SDL_SCANCODE_LALT, true);
    Tap(*window, SDL_SCANCODE_F);
    PushKey(*window, SDL_SCANCODE_LALT, false);
    PushKey(*window, SDL_SCANCODE_RCTRL, false);
  };
  ctrl_alt_f();
  REQUIRE(window->Frame(guest));
  CHECK(window->fullscreen());
  CHECK(SDL_GetWindowFlags(SDL_GetWindowFromID(window->window_id())) &
        SDL_WINDOW_FULLSCREEN_DESKTOP);
  ctrl_alt_f();
  REQUIRE(window->Frame(guest));
  CHECK_FALSE(window->fullscreen());
  CHECK_FALSE(SDL_GetWindowFlags(SDL_GetWindowFromID(window->window_id())) &
              SDL_WINDOW_FULLSCREEN);
  const Events ctrl_alt{Down(PcKey::kRightCtrl), Down(PcKey::kLeftAlt), Up(PcKey::kLeftAlt),
                        Up(PcKey::kRightCtrl)};
  Events twice = ctrl_alt;
  twice.insert(twice.end(), ctrl_alt.begin(), ctrl_alt.end());
  CHECK(guest.events == twice);
}

TEST_CASE("A scale of 2 doubles the window", "[x11]") {
  FakeGuest guest;
  guest.frame = PatternFrame(360, 200);
  SdlWindow::Options options;
  options.scale = 2;
  auto window = OpenWindow(options);
  Settle(*window, guest);
  // 360x200 is shown 360x270, twice that is 720x540: 2 across, 2 down (200 * 2 <= 540).
  CHECK(window->window_size() == Size{720, 540});
  CHECK(window->content_rect() == Rect{0, 70, 720, 400});
  CheckOnScreen(*window, guest, 2, 2);
}

TEST_CASE("Bad window options are refused", "[x11]") {
  std::string error;
  SdlWindow::Options options;
  options.scale_mode = "bilinear";
  CHECK_FALSE(SdlWindow::Open(&error, options));
  CHECK(error == "unknown scaling mode 'bilinear' (integer or smooth)");
}

TEST_CASE("Ctrl+Alt+P saves the guest's frame as a PNG", "[x11]") {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("m86_window_test_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const auto old_dir = std::filesystem::current_path();
  std::filesystem::current_path(dir);
  FakeGuest guest;
  guest.frame = PatternFrame(320, 200);
  auto window = OpenWindow();
  Settle(*window, guest);
  PushKey(*window, SDL_SCANCODE_RCTRL, true);
  PushKey(*window, SDL_SCANCODE_RALT, true);
  Tap(*window, SDL_SCANCODE_P);
  PushKey(*window, SDL_SCANCODE_RALT, false);
  PushKey(*window, SDL_SCANCODE_RCTRL, false);
  REQUIRE(window->Frame(guest));
  const std::string name = window->last_screenshot();
  CHECK(name.rfind("morph86-", 0) == 0);
  CHECK(name.size() == std::string("morph86-YYYYMMDD-HHMMSS.png").size());
  Frame saved;
  std::string error;
  INFO(error);
  CHECK(ReadPng(name, &saved, &error));
  CHECK(saved.width == 320);
  CHECK(saved.height == 200);
  CHECK(saved.pixels == guest.frame.pixels);
  std::filesystem::current_path(old_dir);
  std::filesystem::remove_all(dir);
}
}  // namespace
}  // namespace m86::test
