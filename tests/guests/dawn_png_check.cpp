// Checks a PNG screen dump of DEMOS\DAWN.COM (FreeDOS 720K image) against the palette the demo
// programs. DAWN.COM sets mode 13h, then rewrites all 256 DAC entries in turn (port 3C9h,
// continuing from the current write index) with red = i >> 2, green = i >> 3 and one blue
// value b that changes between rounds (its code at 1D9h-1EAh). So every colour on screen must
// have its 6-bit green equal to half its 6-bit red, and all share one blue; the picture is
// 320x200 and must not be blank.
//
// usage: dawn_png_check FILE.png
#include <png.h>

#include <cstdio>
#include <set>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: dawn_png_check FILE.png\n");
    return 2;
  }
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&image, argv[1])) {
    std::fprintf(stderr, "FAIL: cannot read %s: %s\n", argv[1], image.message);
    return 1;
  }
  image.format = PNG_FORMAT_RGB;
  std::vector<unsigned char> pixels(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr)) {
    std::fprintf(stderr, "FAIL: cannot decode %s: %s\n", argv[1], image.message);
    return 1;
  }
  if (image.width != 320 || image.height != 200) {
    std::fprintf(stderr, "FAIL: %ux%u, not mode 13h's 320x200\n", image.width, image.height);
    return 1;
  }
  std::set<unsigned> colours, blues;
  size_t lit = 0, bad = 0;
  for (size_t i = 0; i < pixels.size(); i += 3) {
    // The renderer widens 6-bit DAC values to 8 bits (v << 2 | v >> 4): recover them.
    const unsigned r = pixels[i] >> 2, g = pixels[i + 1] >> 2, b = pixels[i + 2] >> 2;
    colours.insert(r << 16 | g << 8 | b);
    blues.insert(b);
    if (r || g) ++lit;
    if (g != r >> 1) ++bad;
  }
  std::printf("%zu colours, %zu of %zu pixels lit, blue values %zu\n", colours.size(), lit,
              pixels.size() / 3, blues.size());
  if (bad) {
    std::fprintf(stderr, "FAIL: %zu pixels have a colour DAWN.COM never programs\n", bad);
    return 1;
  }
  if (blues.size() != 1) {
    std::fprintf(stderr, "FAIL: %zu different blue values; DAWN.COM sets one per round\n", blues.size());
    return 1;
  }
  if (colours.size() < 16 || lit < pixels.size() / 3 / 10) {
    std::fprintf(stderr, "FAIL: the picture is (nearly) blank\n");
    return 1;
  }
  std::printf("ok: the picture uses DAWN.COM's palette\n");
  return 0;
}
