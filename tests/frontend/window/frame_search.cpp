#include "frame_search.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <unordered_map>

namespace m86::test {
namespace {

uint32_t MostCommon(const Frame& frame) {
  std::unordered_map<uint32_t, long> counts;
  for (uint32_t p : frame.pixels) ++counts[p];
  uint32_t best = 0;
  long best_count = -1;
  for (const auto& [colour, count] : counts) {
    if (count > best_count) best = colour, best_count = count;
  }
  return best;
}

bool Near(uint32_t a, uint32_t b, int tolerance) {
  for (int shift = 0; shift < 24; shift += 8) {
    const int ca = (a >> shift) & 0xFF, cb = (b >> shift) & 0xFF;
    if (std::abs(ca - cb) > tolerance) return false;
  }
  return true;
}

// The differing frame pixels of one placement; Add fails once they exceed the limits.
struct Misses {
  long limit;
  int max_width, max_height;
  long count = 0;
  int min_x = 0, max_x = 0, min_y = 0, max_y = 0;

  bool Add(int x, int y) {
    if (count == 0) {
      min_x = max_x = x;
      min_y = max_y = y;
    } else {
      min_x = std::min(min_x, x), max_x = std::max(max_x, x);
      min_y = std::min(min_y, y), max_y = std::max(max_y, y);
    }
    ++count;
    return count <= limit && max_x - min_x < max_width && max_y - min_y < max_height;
  }
};

struct Searcher {
  const Frame& hay;
  const Frame& needle;
  const SearchOptions& options;
  std::vector<int> samples;  // needle pixel indices checked before a full comparison

  uint32_t Hay(int x, int y) const { return hay.pixels[static_cast<size_t>(y) * hay.width + x]; }

  bool BlockMatches(int index, int ox, int oy, int sx, int sy) const {
    const int nx = index % needle.width, ny = index / needle.width;
    const uint32_t want = needle.pixels[index];
    for (int dy = 0; dy < sy; ++dy) {
      for (int dx = 0; dx < sx; ++dx) {
        const uint32_t got = Hay(ox + nx * sx + dx, oy + ny * sy + dy);
        if (!Near(got, want, options.channel_tolerance)) return false;
      }
    }
    return true;
  }

  // The differing pixels at this placement, or nullopt past the limits.
  std::optional<long> Mismatches(int ox, int oy, int sx, int sy, long limit) const {
    Misses sampled{limit, options.max_mismatch_width, options.max_mismatch_height};
    for (int index : samples) {
      if (!BlockMatches(index, ox, oy, sx, sy) &&
          !sampled.Add(index % needle.width, index / needle.width)) {
        return std::nullopt;
      }
    }
    Misses all{limit, options.max_mismatch_width, options.max_mismatch_height};
    const int count = needle.width * needle.height;
    for (int index = 0; index < count; ++index) {
      if (!BlockMatches(index, ox, oy, sx, sy) &&
          !all.Add(index % needle.width, index / needle.width)) {
        return std::nullopt;
      }
    }
    return all.count;
  }
};

}  // namespace

long InkPixels(const Frame& frame) {
  if (frame.pixels.empty()) return 0;
  const uint32_t background = MostCommon(frame);
  long ink = 0;
  for (uint32_t p : frame.pixels) ink += p != background;
  return ink;
}

std::optional<FrameMatch> FindFrame(const Frame& haystack, const Frame& needle,
                                    const SearchOptions& options) {
  if (needle.width <= 0 || needle.height <= 0) return std::nullopt;
  Searcher s{haystack, needle, options, {}};
  // Samples spread over the ink first: a blank region of the screen matches a blank frame
  // area everywhere, ink rules placements out fast.
  const uint32_t background = MostCommon(needle);
  std::vector<int> ink;
  for (int i = 0; i < static_cast<int>(needle.pixels.size()); ++i) {
    if (needle.pixels[i] != background) ink.push_back(i);
  }
  constexpr size_t kSamples = 64;
  for (size_t k = 0; k < kSamples && !ink.empty(); ++k) {
    s.samples.push_back(ink[k * ink.size() / kSamples]);
  }
  const long limit =
      static_cast<long>(options.max_mismatch_fraction * needle.width * needle.height);
  std::optional<FrameMatch> best;
  for (const auto& [sx, sy] : options.scales) {
    const int w = needle.width * sx, h = needle.height * sy;
    for (int oy = 0; oy + h <= haystack.height; ++oy) {
      for (int ox = 0; ox + w <= haystack.width; ++ox) {
        const long bound = best ? std::min(limit, best->mismatches - 1) : limit;
        if (bound < 0) return best;
        if (const auto misses = s.Mismatches(ox, oy, sx, sy, bound)) {
          best = FrameMatch{ox, oy, sx, sy, *misses};
        }
      }
    }
  }
  return best;
}

}  // namespace m86::test
