// --rtc-base's dates: the exact format and the real calendar.
#include <catch2/catch.hpp>

#include "frontend/calendar_time.h"

using namespace m86;

namespace {

bool Valid(const char* text) {
  std::array<int, 6> t{};
  return ParseCalendarTime(text, &t);
}

}  // namespace

TEST_CASE("A calendar time parses into its six fields", "[calendar]") {
  std::array<int, 6> t{};
  REQUIRE(ParseCalendarTime("2024-02-29T23:59:58", &t));
  CHECK(t == std::array<int, 6>{2024, 2, 29, 23, 59, 58});
  CHECK(Valid("1900-01-01T00:00:00"));
  CHECK(Valid("2099-12-31T23:59:59"));
}

TEST_CASE("Days per month follow the Gregorian calendar", "[calendar]") {
  CHECK_FALSE(Valid("2024-02-31T00:00:00"));
  CHECK_FALSE(Valid("2023-02-29T00:00:00"));
  CHECK_FALSE(Valid("1900-02-29T00:00:00"));  // divisible by 100, not by 400
  CHECK(Valid("2000-02-29T00:00:00"));        // divisible by 400
  CHECK_FALSE(Valid("2024-04-31T00:00:00"));
  CHECK(Valid("2024-04-30T00:00:00"));
  CHECK_FALSE(Valid("2024-06-00T00:00:00"));
  CHECK(GregorianDaysInMonth(2023, 2) == 28);
  CHECK(GregorianDaysInMonth(2024, 12) == 31);
}

TEST_CASE("Times and years out of range are refused", "[calendar]") {
  CHECK_FALSE(Valid("2024-01-01T24:00:00"));
  CHECK_FALSE(Valid("2024-01-01T00:60:00"));
  CHECK_FALSE(Valid("2024-01-01T00:00:60"));
  CHECK_FALSE(Valid("2024-13-01T00:00:00"));
  CHECK_FALSE(Valid("2024-00-01T00:00:00"));
  CHECK_FALSE(Valid("1899-12-31T23:59:59"));
  CHECK_FALSE(Valid("2100-01-01T00:00:00"));
}

TEST_CASE("Only the exact format parses", "[calendar]") {
  CHECK_FALSE(Valid(""));
  CHECK_FALSE(Valid("2024-1-01T00:00:00"));
  CHECK_FALSE(Valid("2024-01-01 00:00:00"));
  CHECK_FALSE(Valid("2024-01-01T00:00:00Z"));
  CHECK_FALSE(Valid("2024-+1-01T00:00:00"));
  CHECK_FALSE(Valid("2024-01- 1T00:00:00"));
  CHECK_FALSE(Valid("2024-01-01T00:00"));
}
