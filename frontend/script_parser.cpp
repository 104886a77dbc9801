// The parser of the script language (the grammar is documented in frontend/script.h). The whole
// file is parsed before the machine starts, so a mistake on line 40 is reported before the guest
// spends a minute booting.
#include <sys/stat.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "frontend/input_limits.h"
#include "frontend/message_text.h"
#include "frontend/script.h"

namespace m86 {
namespace {

struct Token {
  std::string text;
  bool quoted = false;
};

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Reads the string starting after the opening quote at `*pos`; leaves `*pos` after the closing
// quote.
bool ReadString(std::string_view line, size_t* pos, std::string* out, std::string* error) {
  size_t i = *pos;
  while (i < line.size() && line[i] != '"') {
    if (line[i] != '\\') {
      out->push_back(line[i++]);
      continue;
    }
    if (++i == line.size()) break;
    const char e = line[i++];
    switch (e) {
      case 'n': out->push_back('\n'); break;
      case 'r': out->push_back('\r'); break;
      case 't': out->push_back('\t'); break;
      case 'b': out->push_back('\b'); break;
      case 'e': out->push_back('\x1b'); break;
      case '\\': out->push_back('\\'); break;
      case '"': out->push_back('"'); break;
      case 'x': {
        const int high = i < line.size() ? HexDigit(line[i]) : -1;
        const int low = i + 1 < line.size() ? HexDigit(line[i + 1]) : -1;
        if (high < 0 || low < 0) {
          *error = "\\x needs two hexadecimal digits";
          return false;
        }
        out->push_back(static_cast<char>(high * 16 + low));
        i += 2;
        break;
      }
      default:
        // Any other backslash stands for itself, so DOS paths and prompts read as written:
        // "A:\>" is the prompt A:\>.
        out->push_back('\\');
        out->push_back(e);
        break;
    }
  }
  if (i >= line.size()) {
    *error = "unterminated string";
    return false;
  }
  *pos = i + 1;
  return true;
}

bool Tokenize(std::string_view line, std::vector<Token>* out, std::string* error) {
  size_t i = 0;
  while (true) {
    while (i < line.size() && IsSpace(line[i])) ++i;
    if (i == line.size() || line[i] == '#') return true;
    Token token;
    if (line[i] == '"') {
      token.quoted = true;
      ++i;
      if (!ReadString(line, &i, &token.text, error)) return false;
      if (i < line.size() && !IsSpace(line[i]) && line[i] != '#') {
        *error = "expected a space after the closing quote";
        return false;
      }
    } else {
      while (i < line.size() && !IsSpace(line[i])) token.text.push_back(line[i++]);
    }
    out->push_back(std::move(token));
  }
}

bool ParseSeconds(const Token& token, double* out, std::string* error) {
  const char* end = token.text.data() + token.text.size();
  const auto [ptr, ec] = std::from_chars(token.text.data(), end, *out);
  if (token.quoted || ec != std::errc() || ptr != end || !std::isfinite(*out) || *out < 0 ||
      *out > kMaxSeconds) {
    *error = "expected a number of seconds from 0 to " +
             std::to_string(static_cast<long>(kMaxSeconds)) + ", got " + QuoteText(token.text);
    return false;
  }
  return true;
}

bool ParseStatus(const Token& token, int* out, std::string* error) {
  const char* end = token.text.data() + token.text.size();
  const auto [ptr, ec] = std::from_chars(token.text.data(), end, *out);
  if (token.quoted || ec != std::errc() || ptr != end || *out < 0 || *out > 255) {
    *error = "expected an exit status 0-255, got " + QuoteText(token.text);
    return false;
  }
  return true;
}

bool NeedQuoted(const Token& token, const char* what, std::string* error) {
  if (token.quoted) return true;
  *error = std::string(what) + " must be a quoted string";
  return false;
}

bool NeedCount(const std::vector<Token>& tokens, size_t count, const char* usage,
               std::string* error) {
  if (tokens.size() == count) return true;
  *error = std::string("usage: ") + usage;
  return false;
}

// What no script line holds: a binary file given by mistake fails here, on its first line.
bool CheckLine(std::string_view line, std::string* error) {
  if (line.size() > kMaxScriptLineBytes) {
    *error = "the line is longer than " + std::to_string(kMaxScriptLineBytes) + " bytes";
    return false;
  }
  if (line.find('\0') != line.npos) {
    *error = "the line holds a NUL byte (not a text file?)";
    return false;
  }
  return true;
}

bool ParseCommand(const std::vector<Token>& t, ScriptCommand* c, std::string* error) {
  using Kind = ScriptCommand::Kind;
  const std::string& name = t[0].text;
  if (t[0].quoted) {
    *error = "a line must start with a command name";
    return false;
  }
  if (name == "wait") {
    constexpr const char* kUsage = "wait screen|serial \"TEXT\" SECONDS";
    if (!NeedCount(t, 4, kUsage, error)) return false;
    if (t[1].text == "screen" && !t[1].quoted) {
      c->kind = Kind::kWaitScreen;
    } else if (t[1].text == "serial" && !t[1].quoted) {
      c->kind = Kind::kWaitSerial;
    } else {
      *error = "wait for what: 'screen' or 'serial', got " + QuoteText(t[1].text);
      return false;
    }
    if (!NeedQuoted(t[2], "the text to wait for", error)) return false;
    if (t[2].text.empty()) {
      *error = "the text to wait for is empty";
      return false;
    }
    c->text = t[2].text;
    return ParseSeconds(t[3], &c->seconds, error);
  }
  if (name == "type") {
    c->kind = Kind::kType;
    if (!NeedCount(t, 2, "type \"TEXT\"", error) || !NeedQuoted(t[1], "the text", error)) {
      return false;
    }
    c->text = t[1].text;
    return TextToChords(t[1].text, &c->chords, error);
  }
  if (name == "key") {
    c->kind = Kind::kKey;
    if (t.size() < 2) {
      *error = "usage: key CHORD... (e.g. key ctrl+alt+delete)";
      return false;
    }
    for (size_t i = 1; i < t.size(); ++i) {
      KeyChord chord;
      if (!ParseKeyChord(t[i].text, &chord, error)) return false;
      c->chords.push_back(std::move(chord));
    }
    return true;
  }
  if (name == "send") {
    c->kind = Kind::kSend;
    if (!NeedCount(t, 2, "send \"TEXT\"", error) || !NeedQuoted(t[1], "the text", error)) {
      return false;
    }
    c->text = t[1].text;
    return true;
  }
  if (name == "screendump") {
    c->kind = Kind::kScreendump;
    if (!NeedCount(t, 2, "screendump FILE", error)) return false;
    if (t[1].text.empty()) {
      *error = "the file name is empty";
      return false;
    }
    c->text = t[1].text;
    return true;
  }
  if (name == "digest") {
    c->kind = Kind::kDigest;
    return NeedCount(t, 1, "digest", error);
  }
  if (name == "sleep") {
    c->kind = Kind::kSleep;
    return NeedCount(t, 2, "sleep SECONDS", error) && ParseSeconds(t[1], &c->seconds, error);
  }
  if (name == "quit") {
    c->kind = Kind::kQuit;
    return NeedCount(t, 2, "quit STATUS", error) && ParseStatus(t[1], &c->status, error);
  }
  *error = "unknown command " + QuoteText(name);
  return false;
}

}  // namespace

bool ParseScript(std::string_view source, const std::string& path, Script* out,
                 std::string* error) {
  Script script;
  script.path = path;
  int line_number = 0;
  size_t start = 0;
  while (start < source.size()) {
    size_t end = source.find('\n', start);
    if (end == source.npos) end = source.size();
    const std::string_view line = source.substr(start, end - start);
    start = end + 1;
    ++line_number;
    std::vector<Token> tokens;
    std::string message;
    ScriptCommand command;
    command.line = line_number;
    if (!CheckLine(line, &message) || !Tokenize(line, &tokens, &message) ||
        (!tokens.empty() && !ParseCommand(tokens, &command, &message))) {
      *error = "script " + path + ":" + std::to_string(line_number) + ": " + message;
      return false;
    }
    if (!tokens.empty()) script.commands.push_back(std::move(command));
  }
  *out = std::move(script);
  return true;
}

bool LoadScript(const std::string& path, Script* out, std::string* error) {
  const std::string too_large =
      "script " + path + ": larger than " + std::to_string(kMaxScriptBytes >> 20) + " MiB";
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) {
    *error = "script " + path + ": cannot read: " + std::strerror(errno);
    return false;
  }
  // A regular file says its size up front; anything else (a pipe, /dev/zero) is read up to
  // one byte past the bound, which tells the same.
  struct stat st {};
  if (::fstat(fileno(file), &st) == 0 && S_ISREG(st.st_mode) &&
      static_cast<uintmax_t>(st.st_size) > kMaxScriptBytes) {
    std::fclose(file);
    *error = too_large;
    return false;
  }
  std::string contents(kMaxScriptBytes + 1, '\0');
  const size_t got = std::fread(contents.data(), 1, contents.size(), file);
  const bool failed = std::ferror(file) != 0;
  const int read_errno = errno;
  std::fclose(file);
  if (failed) {
    *error = "script " + path + ": cannot read: " + std::strerror(read_errno);
    return false;
  }
  if (got > kMaxScriptBytes) {
    *error = too_large;
    return false;
  }
  contents.resize(got);
  return ParseScript(contents, path, out, error);
}

}  // namespace m86
