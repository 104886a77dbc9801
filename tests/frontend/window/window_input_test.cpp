// The SDL window on Xvfb: what the guest receives for injected keyboard, mouse and window
// events, and the window's own Ctrl+Alt commands.
#include <catch2/catch.hpp>

#include "window_x11_helpers.h"

namespace m86::test {
namespace {

TEST_CASE("Keys reach the guest as PC keys; host repeats do not", "[x11]") {
  FakeGuest guest;
  guest.frame = PatternFrame(720, 400);
  auto window = OpenWindow();
  Settle(*window, guest);
  guest.events.clear();
  PushKey(*window, SDL_SCANCODE_LSHIFT, true);
  Tap(*window, SDL_SCANCODE_A);
  PushKey(*window, SDL_SCANCODE_LSHIFT, false);
  PushKey(*window, SDL_SCANCODE_KP_ENTER, true);
  PushKey(*window, SDL_SCANCODE_KP_ENTER, true, true);
  PushKey(*window, SDL_SCANCODE_KP_ENTER, true, true);
  PushKey(*window, SDL_SCANCODE_KP_ENTER, false);
  Tap(*window, SDL_SCANCODE_PAUSE);
  Tap(*window, SDL_SCANCODE_PRINTSCREEN);
  Tap(*window, SDL_SCANCODE_VOLUMEUP);  // no such PC key: dropped
  PushKey(*window, SDL_SCANCODE_Z, false);  // released but never pressed here: dropped
  REQUIRE(window->Frame(guest));
  CHECK(guest.events == Events{Down(PcKey::kLeftShift), Down(PcKey::kA), Up(PcKey::kA),
                               Up(PcKey::kLeftShift), Down(PcKey::kKpEnter), Up(PcKey::kKpEnter),
                               Down(PcKey::kPause), Up(PcKey::kPause),
                               Down(PcKey::kPrintScreen), Up(PcKey::kPrintScreen)});
}

TEST_CASE("Losing the focus releases the held keys", "[x11]") {
  FakeGuest guest;
  guest.frame = PatternFrame(720, 400);
  auto window = OpenWindow();
  Settle(*window, guest);
  guest.events.clear();
  PushKey(*window, SDL_SCANCODE_RCTRL, true);
  PushKey(*window, SDL_SCANCODE_X, true);
  PushWindowEvent(*window, SDL_WINDOWEVENT_FOCUS_LOST);
  PushKey(*window, SDL_SCANCODE_X, false);  // after the release: nothing more
  REQUIRE(window->Frame(guest));
  REQUIRE(guest.events.size() == 4);
  CHECK(guest.events[0] == Down(PcKey::kRightCtrl));
  CHECK(guest.events[1] == Down(PcKey::kX));
  // Released in key order, whichever went down first.
  CHECK(guest.events[2] == Up(PcKey::kX));
  CHECK(guest.events[3] == Up(PcKey::kRightCtrl));
}

TEST_CASE("Ctrl+Alt+S switches to smooth scaling and the S stays with the window", "[x11]") {
  FakeGuest guest;
  guest.frame = PatternFrame(320, 200);
  auto window = OpenWindow();
  Settle(*window, guest);
  guest.events.clear();
  REQUIRE(window->scale_mode() == ScaleMode::kInteger);
  PushKey(*window, SDL_SCANCODE_LCTRL, true);
  PushKey(*window, SDL_SCANCODE_LALT, true);
  Tap(*window, SDL_SCANCODE_S);
  PushKey(*window, SDL_SCANCODE_LALT, false);
  PushKey(*window, SDL_SCANCODE_LCTRL, false);
  Settle(*window, guest);
  CHECK(window->scale_mode() == ScaleMode::kSmooth);
  CHECK(window->content_rect() == Rect{0, 0, 640, 480});
  CHECK(guest.events == Events{Down(PcKey::kLeftCtrl), Down(PcKey::kLeftAlt),
                               Up(PcKey::kLeftAlt), Up(PcKey::kLeftCtrl)});
}

TEST_CASE("A click takes the mouse; motion, buttons and wheel go to the guest", "[x11]") {
  FakeGuest guest;
  guest.frame = PatternFrame(640, 480);
  auto window = OpenWindow();
  Settle(*window, guest);
  guest.events.clear();
  // Free mouse: motion is the desktop's; the click takes the mouse and is not the guest's.
  PushMotion(*window, 5, 5);
  PushButton(*window, SDL_BUTTON_LEFT, true);
  PushButton(*window, SDL_BUTTON_LEFT, false);
  REQUIRE(window->Frame(guest));
  CHECK(window->mouse_grabbed());
  CHECK(Title(*window) == "morph86 \u2014 press Ctrl+Alt to release the mouse");
  CHECK(guest.events.empty());

  // Motion within one frame arrives as one movement; y grows down the screen as in SDL.
  guest.events.clear();
  PushMotion(*window, 3, -2);
  PushMotion(*window, 4, 7);
  PushButton(*window, SDL_BUTTON_RIGHT, true);
  PushMotion(*window, -1, 0);
  SDL_Event wheel{};
  wheel.type = SDL_MOUSEWHEEL;
  wheel.wheel.windowID = window->window_id();
  wheel.wheel.y = 1;  // away from the user: the guest's Z counts towards the user
  wheel.wheel.direction = SDL_MOUSEWHEEL_NORMAL;
  REQUIRE(SDL_PushEvent(&wheel) == 1);
  REQUIRE(window->Frame(guest));
  CHECK(guest.events == Events{Move(7, 5, 0), Buttons(2), Move(-1, 0, -1)});

  // Ctrl+Alt pressed and released alone gives the mouse back and lets the buttons go.
  guest.events.clear();
  PushKey(*window, SDL_SCANCODE_LCTRL, true);
  PushKey(*window, SDL_SCANCODE_LALT, true);
  PushKey(*window, SDL_SCANCODE_LALT, false);
  PushKey(*window, SDL_SCANCODE_LCTRL, false);
  PushMotion(*window, 9, 9);
  REQUIRE(window->Frame(guest));
  CHECK_FALSE(window->mouse_grabbed());
  CHECK(Title(*window) == "morph86");
  CHECK(guest.events == Events{Down(PcKey::kLeftCtrl), Down(PcKey::kLeftAlt),
                               Up(PcKey::kLeftAlt), Buttons(0), Up(PcKey::kLeftCtrl)});
}

TEST_CASE("Ctrl+Alt+Delete keeps the mouse in the guest", "[x11]") {
  FakeGuest guest;
  guest.frame = PatternFrame(640, 480);
  auto window = OpenWindow();
  Settle(*window, guest);
  PushButton(*window, SDL_BUTTON_LEFT, true);
  REQUIRE(window->Frame(guest));
  REQUIRE(window->mouse_grabbed());
  guest.events.clear();
  PushKey(*window, SDL_SCANCODE_LCTRL, true);
  PushKey(*window, SDL_SCANCODE_LALT, true);
  Tap(*window, SDL_SCANCODE_DELETE);
  PushKey(*window, SDL_SCANCODE_LALT, false);
  PushKey(*window, SDL_SCANCODE_LCTRL, false);
  REQUIRE(window->Frame(guest));
  CHECK(window->mouse_grabbed());
  CHECK(guest.events == Events{Down(PcKey::kLeftCtrl), Down(PcKey::kLeftAlt),
                               Down(PcKey::kDelete), Up(PcKey::kDelete), Up(PcKey::kLeftAlt),
                               Up(PcKey::kLeftCtrl)});
}

TEST_CASE("Closing the window ends the run with status 0", "[x11]") {
  FakeGuest guest;
  guest.frame = PatternFrame(640, 480);
  auto window = OpenWindow();
  Settle(*window, guest);
  PushWindowEvent(*window, SDL_WINDOWEVENT_CLOSE);
  CHECK_FALSE(window->Frame(guest));
  CHECK(guest.quit_status == 0);
}
}  // namespace
}  // namespace m86::test
