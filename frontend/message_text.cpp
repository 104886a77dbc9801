#include "frontend/message_text.h"

namespace m86 {
namespace {

// The length of the well-formed UTF-8 sequence at the start of `s` (RFC 3629 table 3.7: no
// overlong forms, no surrogates, nothing above U+10FFFF), or 0 when it is not one.
size_t Utf8SequenceLength(std::string_view s) {
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(s[i]); };
  const uint8_t lead = byte(0);
  if (lead < 0x80) return 1;
  size_t length = 0;
  uint8_t low = 0x80, high = 0xBF;  // the range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (s.size() < length || byte(1) < low || byte(1) > high) return 0;
  for (size_t i = 2; i < length; ++i) {
    if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
  }
  return length;
}

// C0 controls, DEL and the C1 controls (U+0080-U+009F, which some terminals obey as escape
// sequences).
bool IsControl(std::string_view sequence) {
  const auto lead = static_cast<uint8_t>(sequence[0]);
  if (sequence.size() == 1) return lead < 0x20 || lead == 0x7F;
  return lead == 0xC2 && static_cast<uint8_t>(sequence[1]) < 0xA0;
}

// Escapes `text` into `out` until `max_chars` characters were written; returns whether all of
// `text` fit.
bool AppendEscaped(std::string_view text, size_t max_chars, std::string* out) {
  size_t written = 0;
  size_t i = 0;
  while (i < text.size()) {
    const size_t length = Utf8SequenceLength(text.substr(i));
    const bool escape = length == 0 || IsControl(text.substr(i, length));
    const size_t chars = escape ? (length == 0 ? 1 : length) * 4 : 1;
    if (written + chars > max_chars) return false;
    if (!escape) {
      out->append(text.substr(i, length));
    } else {
      for (size_t k = 0; k < (length == 0 ? 1 : length); ++k) {
        AppendHexEscape(static_cast<uint8_t>(text[i + k]), out);
      }
    }
    written += chars;
    i += length == 0 ? 1 : length;
  }
  return true;
}

}  // namespace

void AppendHexEscape(uint8_t byte, std::string* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out->append("\\x");
  out->push_back(kHex[byte >> 4]);
  out->push_back(kHex[byte & 15]);
}

std::string EscapeText(std::string_view text) {
  std::string out;
  AppendEscaped(text, text.size() * 4, &out);
  return out;
}

std::string QuoteText(std::string_view text, size_t max_chars) {
  constexpr size_t kEllipsis = 3;
  std::string body;
  if (!AppendEscaped(text, max_chars, &body)) {
    // Cut again to leave room for the "...".
    body.clear();
    AppendEscaped(text, max_chars - kEllipsis, &body);
    body += "...";
  }
  return "'" + body + "'";
}

std::string QuotePath(std::string_view path) { return QuoteText(path, kMaxQuotedPathChars); }

std::string ShortenQuotedSpans(std::string_view message) {
  std::string out;
  size_t i = 0;
  while (i < message.size()) {
    const size_t open = message.find('\'', i);
    const size_t close = open == message.npos ? message.npos : message.find('\'', open + 1);
    if (close == message.npos) {
      out += EscapeText(message.substr(i));
      break;
    }
    out += EscapeText(message.substr(i, open - i));
    out += QuoteText(message.substr(open + 1, close - open - 1));
    i = close + 1;
  }
  return out;
}

}  // namespace m86
