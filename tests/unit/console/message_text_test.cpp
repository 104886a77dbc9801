// User input inside one-line messages: escaped, and quoted only in part when long.
#include <catch2/catch.hpp>

#include "frontend/message_text.h"

using namespace m86;

TEST_CASE("EscapeText keeps printable UTF-8 and escapes everything else", "[message]") {
  CHECK(EscapeText("plain ASCII ~") == "plain ASCII ~");
  const std::string utf8 = "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80";
  CHECK(EscapeText(utf8) == utf8);
  CHECK(EscapeText("a\nb\tc\x1B[2J\x7F") == "a\\x0Ab\\x09c\\x1B[2J\\x7F");
  CHECK(EscapeText(std::string("\0x", 2)) == "\\x00x");
  // C1 controls (U+0080-U+009F), though valid UTF-8, act as escapes on some terminals.
  CHECK(EscapeText("\xC2\x9B" "2J") == "\\xC2\\x9B2J");
  CHECK(EscapeText("\xC2\xA0") == "\xC2\xA0");
}

TEST_CASE("EscapeText escapes each byte of invalid UTF-8", "[message]") {
  CHECK(EscapeText("\xFF\xFE") == "\\xFF\\xFE");
  CHECK(EscapeText("\xC3") == "\\xC3");                 // cut short
  CHECK(EscapeText("\xC3(") == "\\xC3(");               // bad continuation
  CHECK(EscapeText("\xC0\xAF") == "\\xC0\\xAF");        // overlong '/'
  CHECK(EscapeText("\xE0\x80\xAF") == "\\xE0\\x80\\xAF");  // overlong
  CHECK(EscapeText("\xED\xA0\x80") == "\\xED\\xA0\\x80");  // a surrogate
  CHECK(EscapeText("\xF4\x90\x80\x80") == "\\xF4\\x90\\x80\\x80");  // above U+10FFFF
}

TEST_CASE("QuoteText quotes at most 60 characters", "[message]") {
  CHECK(QuoteText("z80") == "'z80'");
  CHECK(QuoteText("") == "''");
  CHECK(QuoteText(std::string(60, 'a')) == "'" + std::string(60, 'a') + "'");
  CHECK(QuoteText(std::string(61, 'a')) == "'" + std::string(57, 'a') + "...'");
  CHECK(QuoteText(std::string(1 << 20, 'a')).size() == 62);
  // An escape counts as the four characters it shows: 14 of them and the "..." fill 59.
  std::string fourteen;
  for (int i = 0; i < 14; ++i) fourteen += "\\x01";
  CHECK(QuoteText(std::string(100, '\x01')) == "'" + fourteen + "...'");
}

TEST_CASE("QuotePath keeps a whole file name", "[message]") {
  const std::string path = "/" + std::string(200, 'd') + "/file.txt";
  CHECK(QuotePath(path) == "'" + path + "'");
  CHECK(QuotePath("a\nb") == "'a\\x0Ab'");
}

TEST_CASE("ShortenQuotedSpans bounds each quoted piece of a library's message", "[message]") {
  const std::string value(5000, 'v');
  CHECK(ShortenQuotedSpans("the argument ('" + value + "') for option '--memory' is invalid") ==
        "the argument ('" + std::string(57, 'v') + "...') for option '--memory' is invalid");
  CHECK(ShortenQuotedSpans("unrecognised option '--\x1B[2J'") ==
        "unrecognised option '--\\x1B[2J'");
  CHECK(ShortenQuotedSpans("odd ' quote \x07") == "odd ' quote \\x07");
}
