#include "frontend/calendar_time.h"

namespace m86 {
namespace {

// Reads `digits` decimal digits at `*pos` and moves past them; false on anything else.
bool ReadNumber(std::string_view text, size_t* pos, size_t digits, int* out) {
  if (*pos + digits > text.size()) return false;
  int value = 0;
  for (size_t i = 0; i < digits; ++i) {
    const char c = text[*pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  *pos += digits;
  *out = value;
  return true;
}

bool ReadSeparator(std::string_view text, size_t* pos, char separator) {
  if (*pos >= text.size() || text[*pos] != separator) return false;
  ++*pos;
  return true;
}

}  // namespace

int GregorianDaysInMonth(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

bool ParseCalendarTime(std::string_view text, std::array<int, 6>* out) {
  // Field widths and the separator after each field ('\0': the end).
  static constexpr struct {
    size_t digits;
    char separator;
  } kFields[6] = {{4, '-'}, {2, '-'}, {2, 'T'}, {2, ':'}, {2, ':'}, {2, '\0'}};
  std::array<int, 6> t{};
  size_t pos = 0;
  for (size_t i = 0; i < 6; ++i) {
    if (!ReadNumber(text, &pos, kFields[i].digits, &t[i])) return false;
    if (kFields[i].separator != '\0' && !ReadSeparator(text, &pos, kFields[i].separator)) {
      return false;
    }
  }
  if (pos != text.size()) return false;
  const auto [year, month, day, hour, minute, second] = t;
  if (year < kFirstCalendarYear || year > kLastCalendarYear || month < 1 || month > 12) {
    return false;
  }
  if (day < 1 || day > GregorianDaysInMonth(year, month)) return false;
  // No leap seconds: the MC146818 counts 0-59.
  if (hour > 23 || minute > 59 || second > 59) return false;
  *out = t;
  return true;
}

}  // namespace m86
