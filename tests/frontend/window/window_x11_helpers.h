// The SDL window on a real X server, driven by a fake guest: opening, settling, checking the
// X screen, and injecting events the way SDL delivers them (SDL_PushEvent).
#pragma once
#include <catch2/catch.hpp>

#include <SDL.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fake_guest.h"
#include "frame_search.h"
#include "frontend/sdl_window.h"
#include "x_capture.h"

namespace m86::test {

using Events = std::vector<std::string>;

inline std::unique_ptr<SdlWindow> OpenWindow(const SdlWindow::Options& options = {}) {
  std::string error;
  auto window = SdlWindow::Open(&error, options);
  INFO(error);
  REQUIRE(window);
  return window;
}

// A few frames with pauses, so the X server has mapped, resized and drawn the window.
inline void Settle(SdlWindow& window, FakeGuest& guest) {
  for (int i = 0; i < 10; ++i) {
    REQUIRE(window.Frame(guest));
    SDL_Delay(20);
  }
}

// Where the frame is on the X screen: found in a capture, compared with where the window
// says it put it. The X server maps, moves and redraws asynchronously, and a loaded machine
// may take a while: a few more frames and captures before giving up.
inline void CheckOnScreen(SdlWindow& window, FakeGuest& guest, int scale_x, int scale_y) {
  SearchOptions options;
  options.max_mismatch_fraction = 0;
  options.scales = {{scale_x, scale_y}};
  std::optional<FrameMatch> match;
  for (int attempt = 0; attempt < 50 && !match; ++attempt) {
    if (attempt > 0) {
      REQUIRE(window.Frame(guest));
      SDL_Delay(100);
    }
    Frame screen;
    std::string error;
    INFO(error);
    REQUIRE(CaptureXScreen(&screen, &error));
    match = FindFrame(screen, guest.frame, options);
  }
  REQUIRE(match);
  int wx = 0, wy = 0;
  SDL_GetWindowPosition(SDL_GetWindowFromID(window.window_id()), &wx, &wy);
  CHECK(match->x == wx + window.content_rect().x);
  CHECK(match->y == wy + window.content_rect().y);
}

inline void PushKey(const SdlWindow& window, SDL_Scancode scancode, bool down, bool repeat = false) {
  SDL_Event e{};
  e.type = down ? SDL_KEYDOWN : SDL_KEYUP;
  e.key.windowID = window.window_id();
  e.key.state = down ? SDL_PRESSED : SDL_RELEASED;
  e.key.repeat = repeat;
  e.key.keysym.scancode = scancode;
  e.key.keysym.sym = SDL_GetKeyFromScancode(scancode);
  REQUIRE(SDL_PushEvent(&e) == 1);
}

inline void Tap(const SdlWindow& window, SDL_Scancode scancode) {
  PushKey(window, scancode, true);
  PushKey(window, scancode, false);
}

inline void PushButton(const SdlWindow& window, uint8_t button, bool down) {
  SDL_Event e{};
  e.type = down ? SDL_MOUSEBUTTONDOWN : SDL_MOUSEBUTTONUP;
  e.button.windowID = window.window_id();
  e.button.button = button;
  e.button.state = down ? SDL_PRESSED : SDL_RELEASED;
  e.button.clicks = 1;
  REQUIRE(SDL_PushEvent(&e) == 1);
}

inline void PushMotion(const SdlWindow& window, int dx, int dy) {
  SDL_Event e{};
  e.type = SDL_MOUSEMOTION;
  e.motion.windowID = window.window_id();
  e.motion.xrel = dx;
  e.motion.yrel = dy;
  REQUIRE(SDL_PushEvent(&e) == 1);
}

inline void PushWindowEvent(const SdlWindow& window, uint8_t what) {
  SDL_Event e{};
  e.type = SDL_WINDOWEVENT;
  e.window.windowID = window.window_id();
  e.window.event = what;
  REQUIRE(SDL_PushEvent(&e) == 1);
}

inline std::string Title(const SdlWindow& window) {
  return SDL_GetWindowTitle(SDL_GetWindowFromID(window.window_id()));
}

}  // namespace m86::test
