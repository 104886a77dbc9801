#include "frontend/sdl_layout.h"

#include <algorithm>

namespace m86 {

std::optional<ScaleMode> ParseScaleMode(std::string_view name) {
  if (name == "integer") return ScaleMode::kInteger;
  if (name == "smooth") return ScaleMode::kSmooth;
  return std::nullopt;
}

const char* ScaleModeName(ScaleMode mode) {
  return mode == ScaleMode::kInteger ? "integer" : "smooth";
}

Size DisplayShape(int frame_width, int frame_height) {
  const bool tall_pixels = frame_height == 200 || frame_height == 350 || frame_height == 400;
  if (!tall_pixels) return {frame_width, frame_height};
  return {frame_width, frame_width * 3 / 4};
}

Size DefaultWindowSize(int frame_width, int frame_height, int scale) {
  const Size shape = DisplayShape(frame_width, frame_height);
  if (scale <= 0) scale = shape.width < 640 ? 2 : 1;
  return {shape.width * scale, shape.height * scale};
}

namespace {

// The display shape scaled to fill the output, keeping its aspect, centred.
Rect SmoothFit(const Size& shape, int output_width, int output_height) {
  // Compare the aspect ratios in integers: which side limits the scaled shape.
  Rect r;
  if (static_cast<long long>(output_width) * shape.height <=
      static_cast<long long>(output_height) * shape.width) {
    r.width = output_width;
    r.height = static_cast<int>(static_cast<long long>(output_width) * shape.height / shape.width);
  } else {
    r.height = output_height;
    r.width = static_cast<int>(static_cast<long long>(output_height) * shape.width / shape.height);
  }
  r.x = (output_width - r.width) / 2;
  r.y = (output_height - r.height) / 2;
  return r;
}

}  // namespace

Placement PlaceFrame(int frame_width, int frame_height, int output_width, int output_height,
                     ScaleMode mode) {
  Placement p;
  if (frame_width <= 0 || frame_height <= 0 || output_width <= 0 || output_height <= 0) return p;
  const Rect fit = SmoothFit(DisplayShape(frame_width, frame_height), output_width, output_height);
  const bool fits_unscaled = frame_width <= output_width && frame_height <= output_height;
  if (mode == ScaleMode::kSmooth || !fits_unscaled) {
    p.rect = fit;
    p.smooth = true;
    return p;
  }
  // The smooth fit may be narrower than the frame on one axis (a 720x400 frame fits a 720x540
  // shape, a 360x400 one a 720x540 shape with 400 < 540): at least one, never past the output.
  const int sx = std::clamp(fit.width / frame_width, 1, output_width / frame_width);
  const int sy = std::clamp(fit.height / frame_height, 1, output_height / frame_height);
  p.rect.width = frame_width * sx;
  p.rect.height = frame_height * sy;
  p.rect.x = (output_width - p.rect.width) / 2;
  p.rect.y = (output_height - p.rect.height) / 2;
  return p;
}

}  // namespace m86
