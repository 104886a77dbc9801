#include "frontend/sdl_input.h"

#include "frontend/sdl_keymap.h"

namespace m86 {
namespace {

bool IsCtrl(PcKey k) { return k == PcKey::kLeftCtrl || k == PcKey::kRightCtrl; }
bool IsAlt(PcKey k) { return k == PcKey::kLeftAlt || k == PcKey::kRightAlt; }

uint8_t ButtonMask(uint8_t sdl_button) {
  switch (sdl_button) {
    case SDL_BUTTON_LEFT: return 1;
    case SDL_BUTTON_RIGHT: return 2;
    case SDL_BUTTON_MIDDLE: return 4;
    default: return 0;  // side buttons: a PS/2 IntelliMouse has none
  }
}

}  // namespace

bool SdlInput::CtrlAndAltHeld() const {
  return (Held(PcKey::kLeftCtrl) || Held(PcKey::kRightCtrl)) &&
         (Held(PcKey::kLeftAlt) || Held(PcKey::kRightAlt));
}

SdlInput::Command SdlInput::Handle(const SDL_Event& event, GuestConsole& guest) {
  switch (event.type) {
    case SDL_KEYDOWN:
    case SDL_KEYUP: {
      // The guest's keyboard repeats held keys itself (typematic), as a real one does.
      if (event.key.repeat) return Command::kNone;
      const auto key = PcKeyFromScancode(event.key.keysym.scancode);
      if (!key) return Command::kNone;
      return event.type == SDL_KEYDOWN ? KeyDown(*key, guest) : KeyUp(*key, guest);
    }
    case SDL_MOUSEMOTION:
      if (grabbed_ && event.motion.which != SDL_TOUCH_MOUSEID) {
        dx_ += event.motion.xrel;
        dy_ += event.motion.yrel;
      }
      return Command::kNone;
    case SDL_MOUSEWHEEL:
      // SDL's y grows when the wheel turns away from the user; the guest's wheel counts
      // towards the user (IntelliMouse Z, devices/kbc/ps2_mouse.h).
      if (grabbed_) {
        const int y = event.wheel.direction == SDL_MOUSEWHEEL_FLIPPED ? -event.wheel.y
                                                                      : event.wheel.y;
        dz_ -= y;
      }
      return Command::kNone;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
      if (event.button.which == SDL_TOUCH_MOUSEID) return Command::kNone;
      return MouseButton(event.button.button, event.type == SDL_MOUSEBUTTONDOWN, guest);
    case SDL_WINDOWEVENT:
      if (event.window.event == SDL_WINDOWEVENT_FOCUS_LOST) {
        // Keys released while another window has the focus never reach us: release them
        // now so the guest does not see them stuck down.
        ReleaseEverything(guest);
        if (grabbed_) return Command::kReleaseMouse;
      }
      return Command::kNone;
    default:
      return Command::kNone;
  }
}

SdlInput::Command SdlInput::KeyDown(PcKey key, GuestConsole& guest) {
  const auto index = static_cast<std::size_t>(key);
  if (CtrlAndAltHeld() && !IsCtrl(key) && !IsAlt(key)) {
    Command command = Command::kNone;
    if (key == PcKey::kF) command = Command::kToggleFullscreen;
    if (key == PcKey::kS) command = Command::kToggleScaling;
    if (key == PcKey::kP) command = Command::kScreenshot;
    if (command != Command::kNone) {
      release_armed_ = false;
      swallowed_.set(index);
      return command;
    }
  }
  if (held_[index]) return Command::kNone;
  held_.set(index);
  guest.KeyDown(key);
  release_armed_ = (IsCtrl(key) || IsAlt(key)) ? CtrlAndAltHeld() : false;
  return Command::kNone;
}

SdlInput::Command SdlInput::KeyUp(PcKey key, GuestConsole& guest) {
  const auto index = static_cast<std::size_t>(key);
  if (swallowed_[index]) {
    swallowed_.reset(index);
    return Command::kNone;
  }
  // A key pressed before the window had the focus: the guest never saw it go down.
  if (!held_[index]) return Command::kNone;
  held_.reset(index);
  guest.KeyUp(key);
  if (release_armed_ && (IsCtrl(key) || IsAlt(key))) {
    release_armed_ = false;
    if (grabbed_) return Command::kReleaseMouse;
  }
  return Command::kNone;
}

SdlInput::Command SdlInput::MouseButton(uint8_t button, bool pressed, GuestConsole& guest) {
  const uint8_t mask = ButtonMask(button);
  if (!grabbed_) {
    // The click that takes the mouse is the window's, not the guest's.
    return pressed ? Command::kGrabMouse : Command::kNone;
  }
  if (!mask) return Command::kNone;
  const uint8_t buttons = pressed ? (buttons_ | mask) : (buttons_ & ~mask);
  if (buttons == buttons_) return Command::kNone;
  // Motion before the button change stays before it, so drags start where the user pressed.
  FlushMotion(guest);
  buttons_ = buttons;
  guest.MouseButtons(buttons_);
  return Command::kNone;
}

void SdlInput::FlushMotion(GuestConsole& guest) {
  if (dx_ == 0 && dy_ == 0 && dz_ == 0) return;
  guest.MouseMove(dx_, dy_, dz_);
  dx_ = dy_ = dz_ = 0;
}

void SdlInput::SetGrabbed(bool grabbed, GuestConsole& guest) {
  grabbed_ = grabbed;
  if (grabbed) return;
  FlushMotion(guest);
  if (buttons_) {
    buttons_ = 0;
    guest.MouseButtons(0);
  }
}

void SdlInput::ReleaseEverything(GuestConsole& guest) {
  for (std::size_t i = 0; i < kKeys; ++i) {
    if (held_[i]) guest.KeyUp(static_cast<PcKey>(i));
  }
  held_.reset();
  swallowed_.reset();
  release_armed_ = false;
}

}  // namespace m86
