// Dates and times the user types (--rtc-base): YYYY-MM-DDTHH:MM:SS checked against the real
// (Gregorian) calendar, so 2024-02-31 or 25:00 never reach the RTC.
#pragma once
#include <array>
#include <string_view>

namespace m86 {

// The years the RTC's century byte and the BIOS handle.
constexpr int kFirstCalendarYear = 1900;
constexpr int kLastCalendarYear = 2099;

// Days in `month` (1-12) of `year` by the Gregorian rule (1900 is not a leap year, 2000 is).
int GregorianDaysInMonth(int year, int month);

// Parses exactly YYYY-MM-DDTHH:MM:SS (digits only, no signs or spaces) into year, month, day,
// hour, minute, second. Returns false unless the text is a real moment between the first and
// the last calendar year.
bool ParseCalendarTime(std::string_view text, std::array<int, 6>* out);

}  // namespace m86
