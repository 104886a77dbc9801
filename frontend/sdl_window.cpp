#include "frontend/sdl_window.h"

#include <SDL.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "frontend/sdl_screenshot.h"

namespace m86 {
namespace {

// The size the window starts with: the 80x25 text mode (720x400) every PC boots in.
constexpr int kBootWidth = 720, kBootHeight = 400;

// SDL turns SIGINT and SIGTERM into SDL_QUIT by default; the session handles signals itself.
bool StartVideo(std::string* error) {
  SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
  // Without a named display there is nothing to probe, and probing prints the window systems'
  // own complaints on stderr; with only X11 named, skip the Wayland probe for the same reason.
  const bool x11 = std::getenv("DISPLAY") != nullptr;
  const bool wayland = std::getenv("WAYLAND_DISPLAY") != nullptr;
  if (!std::getenv("SDL_VIDEODRIVER")) {
    if (!x11 && !wayland) {
      if (error) {
        *error = "no display: neither DISPLAY nor WAYLAND_DISPLAY is set (try --display curses "
                 "or none)";
      }
      return false;
    }
    if (!wayland) SDL_SetHint(SDL_HINT_VIDEODRIVER, "x11");
  }
  if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
    if (error) *error = std::string("cannot start SDL video: ") + SDL_GetError();
    return false;
  }
  // When the desktop's driver fails (an X server that is resetting, a stale DISPLAY), SDL
  // falls through to drivers that show nothing on it (offscreen, KMS/DRM on the console).
  // Only a driver the user chose through SDL_VIDEODRIVER may be one of those.
  const char* driver = SDL_GetCurrentVideoDriver();
  const std::string name = driver ? driver : "";
  if (!std::getenv("SDL_VIDEODRIVER") && name != "x11" && name != "wayland") {
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    if (error) *error = "no window system: SDL could only start its '" + name + "' video driver";
    return false;
  }
  return true;
}

// The usable area of a display (the desktop without panels); false when SDL cannot tell.
bool UsableBounds(int display, SDL_Rect* bounds) {
  return display >= 0 && SDL_GetDisplayUsableBounds(display, bounds) == 0 && bounds->w > 0 &&
         bounds->h > 0;
}

// `size` shrunk, keeping its shape, to fit `bounds`.
Size FitBounds(Size size, const SDL_Rect& bounds) {
  if (size.width > bounds.w) {
    size.height = size.height * bounds.w / size.width;
    size.width = bounds.w;
  }
  if (size.height > bounds.h) {
    size.width = size.width * bounds.h / size.height;
    size.height = bounds.h;
  }
  return size;
}

// A window that grew past the display's edge moves back onto it, where it can.
void KeepOnDisplay(SDL_Window* window, const SDL_Rect& bounds) {
  int x = 0, y = 0, w = 0, h = 0;
  SDL_GetWindowPosition(window, &x, &y);
  SDL_GetWindowSize(window, &w, &h);
  const int nx = std::max(bounds.x, std::min(x, bounds.x + bounds.w - w));
  const int ny = std::max(bounds.y, std::min(y, bounds.y + bounds.h - h));
  if (nx != x || ny != y) SDL_SetWindowPosition(window, nx, ny);
}

}  // namespace

bool DisplayAvailable() {
  if (!std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY")) return false;
  if (!StartVideo(nullptr)) return false;
  SDL_QuitSubSystem(SDL_INIT_VIDEO);
  return true;
}

std::unique_ptr<SdlWindow> SdlWindow::Open(std::string* error, const Options& options) {
  const auto mode = ParseScaleMode(options.scale_mode);
  if (!mode) {
    *error = "unknown scaling mode '" + options.scale_mode + "' (integer or smooth)";
    return nullptr;
  }
  if (options.scale < 0 || options.scale > 8) {
    *error = "window scale " + std::to_string(options.scale) + " out of range (0 to 8)";
    return nullptr;
  }
  std::unique_ptr<SdlWindow> w(new SdlWindow);
  w->scale_mode_ = *mode;
  w->scale_ = options.scale;
  w->title_ = options.title;
  if (!StartVideo(error)) return nullptr;
  w->video_initialized_ = true;

  Size size = DefaultWindowSize(kBootWidth, kBootHeight, w->scale_);
  SDL_Rect bounds;
  if (UsableBounds(0, &bounds)) size = FitBounds(size, bounds);
  w->window_ = SDL_CreateWindow(w->title_.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                size.width, size.height,
                                SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  if (!w->window_) {
    *error = std::string("cannot open a window: ") + SDL_GetError();
    return nullptr;
  }
  w->requested_size_ = size;
  // Without vsync: the session paces the frames, and presenting must not stall the guest.
  w->renderer_ = SDL_CreateRenderer(w->window_, -1, SDL_RENDERER_ACCELERATED);
  if (!w->renderer_) w->renderer_ = SDL_CreateRenderer(w->window_, -1, SDL_RENDERER_SOFTWARE);
  if (!w->renderer_) {
    *error = std::string("cannot create a renderer: ") + SDL_GetError();
    return nullptr;
  }
  // Keys are keys here, not text: no input method between the user and the guest.
  SDL_StopTextInput();
  w->Draw();
  return w;
}

SdlWindow::~SdlWindow() {
  if (input_.grabbed()) SDL_SetRelativeMouseMode(SDL_FALSE);
  if (texture_) SDL_DestroyTexture(texture_);
  if (renderer_) SDL_DestroyRenderer(renderer_);
  if (window_) SDL_DestroyWindow(window_);
  if (video_initialized_) SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

uint32_t SdlWindow::window_id() const { return SDL_GetWindowID(window_); }

Size SdlWindow::window_size() const {
  Size s;
  SDL_GetWindowSize(window_, &s.width, &s.height);
  return s;
}

bool SdlWindow::Frame(GuestConsole& guest) {
  bool open = true;
  SDL_Event event;
  while (SDL_PollEvent(&event)) {
    if (!HandleEvent(event, guest)) open = false;
  }
  input_.FlushMotion(guest);
  if (!open) {
    guest.Quit(0);
    return false;
  }
  // Nobody sees a minimized window: the guest's frame need not be rendered.
  if (SDL_GetWindowFlags(window_) & SDL_WINDOW_MINIMIZED) return true;
  guest.Render(&frame_);
  UploadFrame();
  Draw();
  return true;
}

bool SdlWindow::HandleEvent(const SDL_Event& event, GuestConsole& guest) {
  if (event.type == SDL_QUIT) return false;
  if (event.type == SDL_WINDOWEVENT && event.window.windowID == window_id()) {
    switch (event.window.event) {
      case SDL_WINDOWEVENT_CLOSE:
        return false;
      case SDL_WINDOWEVENT_RESIZED:
        // Our own SetWindowSize does not come back as RESIZED unless the window manager
        // changed it; either way the user (or their desktop) chose this size.
        if (!fullscreen_ && Size{event.window.data1, event.window.data2} != requested_size_) {
          user_sized_ = true;
        }
        break;
      default:
        break;
    }
  }
  Run(input_.Handle(event, guest), guest);
  return true;
}

void SdlWindow::Run(SdlInput::Command command, GuestConsole& guest) {
  switch (command) {
    case SdlInput::Command::kNone:
      break;
    case SdlInput::Command::kToggleFullscreen:
      if (SDL_SetWindowFullscreen(window_, fullscreen_ ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP) == 0) {
        fullscreen_ = !fullscreen_;
        // The mode may have changed meanwhile: the window takes the current mode's size.
        if (!fullscreen_) FollowFrameSize();
      } else {
        std::fprintf(stderr, "morph86: cannot switch fullscreen: %s\n", SDL_GetError());
      }
      break;
    case SdlInput::Command::kToggleScaling:
      scale_mode_ = scale_mode_ == ScaleMode::kInteger ? ScaleMode::kSmooth : ScaleMode::kInteger;
      std::fprintf(stderr, "morph86: %s scaling\n", ScaleModeName(scale_mode_));
      break;
    case SdlInput::Command::kScreenshot: {
      std::string error;
      const std::string name = SaveScreenshot(frame_, &error);
      if (name.empty()) {
        std::fprintf(stderr, "morph86: screenshot: %s\n", error.c_str());
      } else {
        last_screenshot_ = name;
        std::fprintf(stderr, "morph86: screenshot saved to %s\n", name.c_str());
      }
      break;
    }
    case SdlInput::Command::kGrabMouse:
      SetGrab(true, guest);
      break;
    case SdlInput::Command::kReleaseMouse:
      SetGrab(false, guest);
      break;
  }
}

void SdlWindow::SetGrab(bool grab, GuestConsole& guest) {
  // Relative mode hides the pointer and reports motion without the screen's edges stopping it.
  if (SDL_SetRelativeMouseMode(grab ? SDL_TRUE : SDL_FALSE) != 0 && grab) {
    std::fprintf(stderr, "morph86: cannot capture the mouse: %s\n", SDL_GetError());
    return;
  }
  input_.SetGrabbed(grab, guest);
  const std::string title = grab ? title_ + " \u2014 press Ctrl+Alt to release the mouse" : title_;
  SDL_SetWindowTitle(window_, title.c_str());
}

bool SdlWindow::UploadFrame() {
  const int w = frame_.width, h = frame_.height;
  if (w <= 0 || h <= 0 || frame_.pixels.size() < static_cast<size_t>(w) * h) return false;
  if (!texture_ || w != texture_width_ || h != texture_height_) {
    if (texture_) SDL_DestroyTexture(texture_);
    // RGB888 is SDL's name for 32-bit 0x00RRGGBB, the frame's own layout: no conversion.
    texture_ = SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_STREAMING,
                                 w, h);
    if (!texture_) {
      std::fprintf(stderr, "morph86: cannot create a %dx%d texture: %s\n", w, h, SDL_GetError());
      texture_width_ = texture_height_ = 0;
      return false;
    }
    texture_width_ = w;
    texture_height_ = h;
    FollowFrameSize();
  }
  SDL_UpdateTexture(texture_, nullptr, frame_.pixels.data(), w * 4);
  return true;
}

void SdlWindow::FollowFrameSize() {
  if (user_sized_ || fullscreen_ || texture_width_ <= 0) return;
  Size size = DefaultWindowSize(texture_width_, texture_height_, scale_);
  SDL_Rect bounds;
  const bool bounded = UsableBounds(SDL_GetWindowDisplayIndex(window_), &bounds);
  if (bounded) size = FitBounds(size, bounds);
  requested_size_ = size;
  if (size == window_size()) return;
  SDL_SetWindowSize(window_, size.width, size.height);
  if (bounded) KeepOnDisplay(window_, bounds);
}

void SdlWindow::Draw() {
  int output_width = 0, output_height = 0;
  SDL_GetRendererOutputSize(renderer_, &output_width, &output_height);
  SDL_SetRenderDrawColor(renderer_, 0, 0, 0, 255);
  SDL_RenderClear(renderer_);
  if (texture_) {
    placement_ =
        PlaceFrame(texture_width_, texture_height_, output_width, output_height, scale_mode_);
    SDL_SetTextureScaleMode(texture_,
                            placement_.smooth ? SDL_ScaleModeLinear : SDL_ScaleModeNearest);
    const SDL_Rect dst{placement_.rect.x, placement_.rect.y, placement_.rect.width,
                       placement_.rect.height};
    SDL_RenderCopy(renderer_, texture_, nullptr, &dst);
  }
  SDL_RenderPresent(renderer_);
}

}  // namespace m86
