// Where a guest frame goes in the window: the display shape of a video mode, the window size a
// mode asks for, and the two scaling modes. Pure arithmetic, no SDL.
#pragma once
#include <optional>
#include <string_view>

namespace m86 {

enum class ScaleMode { kInteger, kSmooth };

// "integer" or "smooth".
std::optional<ScaleMode> ParseScaleMode(std::string_view name);
const char* ScaleModeName(ScaleMode mode);

struct Size {
  int width = 0, height = 0;
  bool operator==(const Size&) const = default;
};

struct Rect {
  int x = 0, y = 0, width = 0, height = 0;
  bool operator==(const Rect&) const = default;
};

// The shape the mode had on a PC monitor. The VGA's 200-, 350- and 400-line modes (320x200,
// 640x350, 640x400, 720x400, 360x400...) filled the same 4:3 picture as its 480-line modes:
// the monitor stretches every mode to the screen's height, so their pixels are tall. Every
// other mode (640x480, the VBE modes with 4:3 or 5:4 resolutions) has square pixels.
Size DisplayShape(int frame_width, int frame_height);

// The window size for a mode: the display shape times `scale`; scale 0 picks 2 for modes
// narrower than 640 pixels and 1 for the others. 720x400 -> 720x540, 320x200 -> 640x480.
Size DefaultWindowSize(int frame_width, int frame_height, int scale);

struct Placement {
  Rect rect;            // in output pixels
  bool smooth = false;  // filter when scaling (linear) rather than replicating pixels
};

// Where a frame goes in an output area. Smooth: the display shape scaled to fill, centred.
// Integer: each axis scaled by the largest whole factor that stays inside that smooth fit (so
// 320x200 becomes 4x5 = 1280x1000 in 1440x1080, close to 4:3 with sharp pixels), centred with
// black borders; a frame larger than the output is scaled down smoothly instead.
Placement PlaceFrame(int frame_width, int frame_height, int output_width, int output_height,
                     ScaleMode mode);

}  // namespace m86
