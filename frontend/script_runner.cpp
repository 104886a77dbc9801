#include "frontend/script_runner.h"

#include <cmath>

#include "frontend/screendump.h"

namespace m86 {
namespace {

// A `wait serial` searches at most this much unconsumed output; older bytes are dropped so a
// chatty guest that nobody waits on cannot grow the buffer without bound.
constexpr size_t kSerialKeepBytes = 1 << 20;

// The text as the script would spell it, for messages.
std::string Quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\x1b': out += "\\e"; break;
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      default:
        if (static_cast<uint8_t>(c) < 0x20 || c == 0x7F) {
          char hex[8];
          std::snprintf(hex, sizeof hex, "\\x%02X", static_cast<unsigned>(c));
          out += hex;
        } else {
          out.push_back(c);
        }
    }
  }
  return out + "\"";
}

}  // namespace

ScriptRunner::ScriptRunner(const Script& script, GuestConsole& guest, HostClock clock,
                           std::FILE* messages)
    : script_(script), guest_(guest), clock_(std::move(clock)), messages_(messages) {}

void ScriptRunner::OnSerialByte(uint8_t byte) {
  if (serial_.size() >= kSerialKeepBytes) serial_.erase(0, kSerialKeepBytes / 2);
  serial_.push_back(static_cast<char>(byte));
}

std::optional<int> ScriptRunner::Step() {
  while (next_ < script_.commands.size()) {
    const ScriptCommand& command = script_.commands[next_];
    if (!started_) {
      Start(command);
      started_ = true;
    }
    int status = 0;
    switch (Poll(command, &status)) {
      case Progress::kBusy: return std::nullopt;
      case Progress::kEnd: next_ = script_.commands.size(); return status;
      case Progress::kDone: ++next_; started_ = false; break;
    }
  }
  return std::nullopt;
}

std::optional<int> ScriptRunner::CheckWaitTimeout() {
  if (!started_ || next_ >= script_.commands.size()) return std::nullopt;
  const ScriptCommand& command = script_.commands[next_];
  if (command.kind != ScriptCommand::Kind::kWaitScreen &&
      command.kind != ScriptCommand::Kind::kWaitSerial) {
    return std::nullopt;
  }
  int status = 0;
  if (WaitTimedOut(command, &status) != Progress::kEnd) return std::nullopt;
  next_ = script_.commands.size();
  return status;
}

void ScriptRunner::Start(const ScriptCommand& command) {
  using Kind = ScriptCommand::Kind;
  switch (command.kind) {
    case Kind::kWaitScreen:
    case Kind::kWaitSerial: deadline_ = clock_() + command.seconds; break;
    case Kind::kType:
    case Kind::kKey:
      for (const KeyChord& chord : command.chords) typist_.Queue(chord);
      break;
    case Kind::kSleep:
      sleep_until_ = guest_.guest_time_ns() + static_cast<uint64_t>(std::llround(command.seconds * 1e9));
      break;
    case Kind::kSend:
    case Kind::kScreendump:
    case Kind::kDigest:
    case Kind::kQuit: break;
  }
}

ScriptRunner::Progress ScriptRunner::Poll(const ScriptCommand& command, int* status) {
  using Kind = ScriptCommand::Kind;
  switch (command.kind) {
    case Kind::kWaitScreen: {
      TextScreen screen;
      if (guest_.ReadText(&screen) && ScreenToText(screen).find(command.text) != std::string::npos) {
        return Progress::kDone;
      }
      return WaitTimedOut(command, status);
    }
    case Kind::kWaitSerial: {
      const size_t at = serial_.find(command.text);
      if (at != std::string::npos) {
        serial_.erase(0, at + command.text.size());
        return Progress::kDone;
      }
      return WaitTimedOut(command, status);
    }
    case Kind::kType:
    case Kind::kKey: return typist_.Step(guest_) ? Progress::kBusy : Progress::kDone;
    case Kind::kSend:
      for (char c : command.text) guest_.SerialInput(static_cast<uint8_t>(c));
      return Progress::kDone;
    case Kind::kScreendump: {
      std::string error;
      if (WriteScreenDump(guest_, command.text, &error)) return Progress::kDone;
      std::fprintf(messages_, "morph86: script %s:%d: %s\n", script_.path.c_str(), command.line,
                   error.c_str());
      *status = kStatusScriptError;
      return Progress::kEnd;
    }
    case Kind::kDigest:
      std::fputs(DigestLine(guest_.DigestState()).c_str(), messages_);
      std::fflush(messages_);
      return Progress::kDone;
    case Kind::kSleep:
      return guest_.guest_time_ns() >= sleep_until_ ? Progress::kDone : Progress::kBusy;
    case Kind::kQuit: *status = command.status; return Progress::kEnd;
  }
  return Progress::kDone;
}

ScriptRunner::Progress ScriptRunner::WaitTimedOut(const ScriptCommand& command, int* status) {
  if (clock_() < deadline_) return Progress::kBusy;
  const char* what = command.kind == ScriptCommand::Kind::kWaitScreen ? "screen" : "serial";
  std::fprintf(messages_, "morph86: script %s:%d: wait %s %s timed out after %g s\n",
               script_.path.c_str(), command.line, what, Quoted(command.text).c_str(),
               command.seconds);
  TextScreen screen;
  if (guest_.ReadText(&screen)) {
    std::fprintf(messages_, "screen at the timeout:\n%s", ScreenDumpText(screen).c_str());
  } else {
    std::fputs("screen at the timeout: a graphics mode (no text)\n", messages_);
  }
  std::fflush(messages_);
  *status = kStatusWaitTimeout;
  return Progress::kEnd;
}

}  // namespace m86
