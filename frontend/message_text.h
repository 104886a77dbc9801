// User input inside the emulator's one-line messages. A message may quote a file name, an
// option's value or a script token; escaping keeps control characters and invalid UTF-8 from
// breaking the line or driving the terminal, and a bound keeps a megabyte of input from
// becoming a megabyte of message.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "frontend/input_limits.h"

namespace m86 {

// Appends `byte` as the four characters \xNN (upper-case hex).
void AppendHexEscape(uint8_t byte, std::string* out);

// `text` with valid, printable UTF-8 as it is and every other byte (C0 and C1 controls, DEL,
// bytes of invalid UTF-8) as \xNN.
std::string EscapeText(std::string_view text);

// 'text', escaped, quoting at most `max_chars` characters (an escape counts as four); a longer
// text is cut and ends in "...".
std::string QuoteText(std::string_view text, size_t max_chars = kMaxQuotedChars);

// A file name the user gave, quoted and escaped like QuoteText but cut only where no system
// call would accept it anyway: a message naming a file should name all of it.
std::string QuotePath(std::string_view path);

// A message from a library that quotes input in '...' (Boost.Program_options does): each
// quoted span is shortened as QuoteText would, and the whole is escaped.
std::string ShortenQuotedSpans(std::string_view message);

}  // namespace m86
