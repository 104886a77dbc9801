// The host's keyboard and mouse as the guest's: key presses become PC key events, mouse
// motion, buttons and the wheel go to the guest's PS/2 mouse while the window holds the mouse.
// Ctrl+Alt combinations are the window's own commands and never reach the guest.
#pragma once
#include <bitset>
#include <cstdint>

#include <SDL_events.h>

#include "devices/kbc/pc_keys.h"
#include "frontend/guest_console.h"

namespace m86 {

class SdlInput {
 public:
  // What an event asks of the window.
  enum class Command {
    kNone,
    kToggleFullscreen,  // Ctrl+Alt+F
    kToggleScaling,     // Ctrl+Alt+S
    kScreenshot,        // Ctrl+Alt+P
    kGrabMouse,         // a click while the mouse is free
    kReleaseMouse,      // Ctrl+Alt pressed and released alone, or the window lost the focus
  };

  // Handles a keyboard, mouse or focus event; other events are ignored.
  Command Handle(const SDL_Event& event, GuestConsole& guest);
  // Sends the motion gathered since the last call as one movement.
  void FlushMotion(GuestConsole& guest);
  // The window took or gave back the mouse. Buttons held at the release are released.
  void SetGrabbed(bool grabbed, GuestConsole& guest);
  bool grabbed() const { return grabbed_; }

 private:
  static constexpr std::size_t kKeys = static_cast<std::size_t>(PcKey::kCount);

  Command KeyDown(PcKey key, GuestConsole& guest);
  Command KeyUp(PcKey key, GuestConsole& guest);
  Command MouseButton(uint8_t button, bool pressed, GuestConsole& guest);
  void ReleaseEverything(GuestConsole& guest);
  bool Held(PcKey key) const { return held_[static_cast<std::size_t>(key)]; }
  bool CtrlAndAltHeld() const;

  std::bitset<kKeys> held_;       // keys the guest has seen go down and not yet up
  std::bitset<kKeys> swallowed_;  // command keys: their release is not the guest's either
  // Ctrl and Alt are down with no other key pressed since: releasing one frees the mouse.
  bool release_armed_ = false;
  bool grabbed_ = false;
  uint8_t buttons_ = 0;  // bit 0 left, 1 right, 2 middle, as the guest has them
  int dx_ = 0, dy_ = 0, dz_ = 0;
};

}  // namespace m86
