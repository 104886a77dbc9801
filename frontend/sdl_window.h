// The desktop window: shows the guest's screen and gives it the keyboard and mouse.
// Ctrl+Alt+F toggles fullscreen, Ctrl+Alt+S the scaling mode, Ctrl+Alt+P saves a PNG
// screenshot; a click hands the mouse to the guest and Ctrl+Alt takes it back.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "devices/vga/display.h"
#include "frontend/guest_console.h"
#include "frontend/sdl_input.h"
#include "frontend/sdl_layout.h"

struct SDL_Window;
struct SDL_Renderer;
struct SDL_Texture;
union SDL_Event;

namespace m86 {

// Whether a window can be opened: a display is named (DISPLAY or WAYLAND_DISPLAY) and SDL's
// video subsystem starts on it. Lets the caller fall back to running headless.
bool DisplayAvailable();

class SdlWindow {
 public:
  struct Options {
    std::string scale_mode = "integer";  // "integer" or "smooth"
    int scale = 0;                       // window size factor; 0 picks one per mode
    std::string title = "morph86";
  };

  // Opens the window; nullptr with `error` set (one line) when SDL cannot.
  static std::unique_ptr<SdlWindow> Open(std::string* error, const Options& options);
  ~SdlWindow();
  SdlWindow(const SdlWindow&) = delete;
  SdlWindow& operator=(const SdlWindow&) = delete;

  // Handles the pending events (input goes to the guest), then shows the guest's current
  // frame. Returns false once the user closed the window; the guest is told to quit (status 0).
  bool Frame(GuestConsole& guest);

  // For tests and the status line.
  ScaleMode scale_mode() const { return scale_mode_; }
  bool mouse_grabbed() const { return input_.grabbed(); }
  bool fullscreen() const { return fullscreen_; }
  uint32_t window_id() const;
  Size window_size() const;    // in screen coordinates
  Rect content_rect() const { return placement_.rect; }  // the last frame, in output pixels
  const std::string& last_screenshot() const { return last_screenshot_; }

 private:
  SdlWindow() = default;
  // Returns false when the event closes the window.
  bool HandleEvent(const SDL_Event& event, GuestConsole& guest);
  void Run(SdlInput::Command command, GuestConsole& guest);
  void SetGrab(bool grab, GuestConsole& guest);
  bool UploadFrame();
  void FollowFrameSize();
  void Draw();

  SDL_Window* window_ = nullptr;
  SDL_Renderer* renderer_ = nullptr;
  SDL_Texture* texture_ = nullptr;
  int texture_width_ = 0, texture_height_ = 0;
  bool video_initialized_ = false;

  std::string title_;
  ScaleMode scale_mode_ = ScaleMode::kInteger;
  int scale_ = 0;
  bool fullscreen_ = false;
  // Once the user sized the window, mode changes keep that size instead of the mode's own.
  bool user_sized_ = false;
  Size requested_size_;  // the size the window was last given by us

  SdlInput input_;
  m86::Frame frame_;
  Placement placement_;
  std::string last_screenshot_;
};

}  // namespace m86
