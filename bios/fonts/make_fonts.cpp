// Build-time tool: writes the three VGA ROM fonts (8x16, 8x14, 8x8, code page 437) as raw glyph
// bitmaps for the BIOS ROM to include. The source is the IBM VGA 8x16 font Debian ships in
// console-data (a PSF1 file in CP437 order); the 14- and 8-line fonts are derived from it,
// since Debian ships no CP437 font of those heights.
//
// usage: make_fonts SOURCE.psf.gz OUTDIR
#include <zlib.h>

#include <cstdio>
#include <string>
#include <vector>

namespace {

constexpr int kGlyphs = 256;

bool ReadGzip(const char* path, std::vector<unsigned char>* out) {
  gzFile f = gzopen(path, "rb");
  if (!f) return false;
  unsigned char buf[4096];
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) out->insert(out->end(), buf, buf + n);
  gzclose(f);
  return n == 0;
}

bool Write(const std::string& path, const std::vector<unsigned char>& data) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  const bool ok = std::fwrite(data.data(), 1, data.size(), f) == data.size();
  return std::fclose(f) == 0 && ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: make_fonts SOURCE.psf.gz OUTDIR\n");
    return 2;
  }
  std::vector<unsigned char> psf;
  // PSF1: magic 36 04, mode, character height; then the glyphs.
  if (!ReadGzip(argv[1], &psf) || psf.size() < 4 + kGlyphs * 16 || psf[0] != 0x36 ||
      psf[1] != 0x04 || psf[3] != 16) {
    std::fprintf(stderr, "make_fonts: %s is not an 8x16 PSF1 font\n", argv[1]);
    return 1;
  }
  const unsigned char* glyphs = psf.data() + 4;
  std::vector<unsigned char> f16(glyphs, glyphs + kGlyphs * 16), f14, f8;
  for (int g = 0; g < kGlyphs; ++g) {
    const unsigned char* rows = glyphs + g * 16;
    // 14 lines: the VGA 8x16 design keeps its first and last line free for most glyphs; box
    // drawing glyphs lose one line at each end and still join their neighbours.
    for (int r = 1; r <= 14; ++r) f14.push_back(rows[r]);
    // 8 lines: each line merges two source lines, so strokes one line thick survive.
    for (int r = 0; r < 16; r += 2) f8.push_back(static_cast<unsigned char>(rows[r] | rows[r + 1]));
  }
  const std::string dir = argv[2];
  if (!Write(dir + "/font8x16.bin", f16) || !Write(dir + "/font8x14.bin", f14) ||
      !Write(dir + "/font8x8.bin", f8)) {
    std::fprintf(stderr, "make_fonts: cannot write to %s\n", dir.c_str());
    return 1;
  }
  return 0;
}
