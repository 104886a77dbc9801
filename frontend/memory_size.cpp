#include "frontend/memory_size.h"

#include <cctype>
#include <cmath>
#include <cstdlib>

#include "frontend/message_text.h"

namespace m86 {

bool ParseMemorySize(const std::string& text, uint32_t* mib, std::string* error) {
  std::string s = text;
  if (s.rfind("size=", 0) == 0) s.erase(0, 5);
  const std::string bad = "bad memory size " + QuoteText(text) +
                          " (MiB, or with a suffix: 512M, 1G, 262144K)";
  // Digits with at most one decimal point, then at most one suffix letter (and an optional B).
  size_t digits_end = 0;
  bool point = false;
  while (digits_end < s.size() &&
         (std::isdigit(static_cast<unsigned char>(s[digits_end])) || (s[digits_end] == '.' && !point))) {
    point = point || s[digits_end] == '.';
    ++digits_end;
  }
  if (digits_end == 0 || digits_end > 20) {
    *error = bad;
    return false;
  }
  std::string suffix = s.substr(digits_end);
  if (suffix.size() == 2 && (suffix[1] == 'B' || suffix[1] == 'b')) suffix.pop_back();
  double scale_kib;  // the unit in KiB
  if (suffix.empty()) {
    scale_kib = 1024;  // QEMU's default unit for -m is MiB
  } else if (suffix.size() == 1) {
    switch (std::toupper(static_cast<unsigned char>(suffix[0]))) {
      case 'K': scale_kib = 1; break;
      case 'M': scale_kib = 1024; break;
      case 'G': scale_kib = 1024.0 * 1024; break;
      case 'T': scale_kib = 1024.0 * 1024 * 1024; break;
      default: *error = bad; return false;
    }
  } else {
    *error = bad;
    return false;
  }
  const double kib = std::strtod(s.substr(0, digits_end).c_str(), nullptr) * scale_kib;
  if (!std::isfinite(kib) || kib != std::floor(kib)) {
    *error = bad;
    return false;
  }
  if (std::fmod(kib, 1024) != 0) {
    *error = "memory size " + QuoteText(text) + " is not a whole number of MiB";
    return false;
  }
  const double whole_mib = kib / 1024;
  if (whole_mib < kMinMemoryMib || whole_mib > kMaxMemoryMib) {
    *error = "memory must be between 1 MiB and 1 TiB (1048576M), not " + QuoteText(text);
    return false;
  }
  *mib = static_cast<uint32_t>(whole_mib);
  return true;
}

RamLayout SplitMemory(uint32_t mib) {
  const uint32_t low = mib < kMaxLowMemoryMib ? mib : kMaxLowMemoryMib;
  return {low << 20, uint64_t{mib - low} << 20};
}

std::string CheckMemoryReach(const RamLayout& ram, const CpuModel& model) {
  if (ram.above_4g == 0) return "";
  const int bits = PhysicalAddressBits(model);
  if ((uint64_t{1} << 32) + ram.above_4g <= (uint64_t{1} << bits)) return "";
  return "memory above 3 GiB continues at 4 GiB, beyond the " + std::to_string(bits) +
         "-bit physical addresses of --cpu " + std::string(model.name) +
         (bits == 32 ? " (a model with PAE reaches it)" : "");
}

}  // namespace m86
