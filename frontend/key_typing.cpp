#include "frontend/key_typing.h"

#include <array>
#include <cstdio>

#include "frontend/message_text.h"

namespace m86 {
namespace {

// Letters in alphabetical order (the enum follows the keyboard's rows, not the alphabet).
constexpr std::array<PcKey, 26> kLetters = {
    PcKey::kA, PcKey::kB, PcKey::kC, PcKey::kD, PcKey::kE, PcKey::kF, PcKey::kG,
    PcKey::kH, PcKey::kI, PcKey::kJ, PcKey::kK, PcKey::kL, PcKey::kM, PcKey::kN,
    PcKey::kO, PcKey::kP, PcKey::kQ, PcKey::kR, PcKey::kS, PcKey::kT, PcKey::kU,
    PcKey::kV, PcKey::kW, PcKey::kX, PcKey::kY, PcKey::kZ};

// The US layout's punctuation: the unshifted character, the shifted one, the key.
struct Punctuation {
  char plain, shifted;
  PcKey key;
};
constexpr std::array<Punctuation, 21> kPunctuation = {{
    {'1', '!', PcKey::k1}, {'2', '@', PcKey::k2}, {'3', '#', PcKey::k3},
    {'4', '$', PcKey::k4}, {'5', '%', PcKey::k5}, {'6', '^', PcKey::k6},
    {'7', '&', PcKey::k7}, {'8', '*', PcKey::k8}, {'9', '(', PcKey::k9},
    {'0', ')', PcKey::k0}, {'-', '_', PcKey::kMinus}, {'=', '+', PcKey::kEquals},
    {'[', '{', PcKey::kLeftBracket}, {']', '}', PcKey::kRightBracket},
    {';', ':', PcKey::kSemicolon}, {'\'', '"', PcKey::kApostrophe},
    {'`', '~', PcKey::kGrave}, {'\\', '|', PcKey::kBackslash}, {',', '<', PcKey::kComma},
    {'.', '>', PcKey::kPeriod}, {'/', '?', PcKey::kSlash},
}};

struct NamedKey {
  std::string_view name;
  PcKey key;
};
constexpr NamedKey kNamedKeys[] = {
    {"esc", PcKey::kEscape}, {"escape", PcKey::kEscape},
    {"enter", PcKey::kEnter}, {"return", PcKey::kEnter},
    {"tab", PcKey::kTab}, {"backspace", PcKey::kBackspace}, {"bs", PcKey::kBackspace},
    {"space", PcKey::kSpace},
    {"f1", PcKey::kF1}, {"f2", PcKey::kF2}, {"f3", PcKey::kF3}, {"f4", PcKey::kF4},
    {"f5", PcKey::kF5}, {"f6", PcKey::kF6}, {"f7", PcKey::kF7}, {"f8", PcKey::kF8},
    {"f9", PcKey::kF9}, {"f10", PcKey::kF10}, {"f11", PcKey::kF11}, {"f12", PcKey::kF12},
    {"shift", PcKey::kLeftShift}, {"lshift", PcKey::kLeftShift},
    {"rshift", PcKey::kRightShift},
    {"ctrl", PcKey::kLeftCtrl}, {"control", PcKey::kLeftCtrl}, {"lctrl", PcKey::kLeftCtrl},
    {"rctrl", PcKey::kRightCtrl},
    {"alt", PcKey::kLeftAlt}, {"lalt", PcKey::kLeftAlt},
    {"ralt", PcKey::kRightAlt}, {"altgr", PcKey::kRightAlt},
    {"gui", PcKey::kLeftGui}, {"win", PcKey::kLeftGui}, {"lgui", PcKey::kLeftGui},
    {"rgui", PcKey::kRightGui}, {"rwin", PcKey::kRightGui}, {"menu", PcKey::kMenu},
    {"capslock", PcKey::kCapsLock}, {"numlock", PcKey::kNumLock},
    {"scrolllock", PcKey::kScrollLock},
    {"insert", PcKey::kInsert}, {"ins", PcKey::kInsert},
    {"delete", PcKey::kDelete}, {"del", PcKey::kDelete},
    {"home", PcKey::kHome}, {"end", PcKey::kEnd},
    {"pageup", PcKey::kPageUp}, {"pgup", PcKey::kPageUp},
    {"pagedown", PcKey::kPageDown}, {"pgdn", PcKey::kPageDown},
    {"up", PcKey::kUp}, {"down", PcKey::kDown}, {"left", PcKey::kLeft},
    {"right", PcKey::kRight},
    {"printscreen", PcKey::kPrintScreen}, {"prtsc", PcKey::kPrintScreen},
    {"pause", PcKey::kPause},
    {"kp0", PcKey::kKp0}, {"kp1", PcKey::kKp1}, {"kp2", PcKey::kKp2}, {"kp3", PcKey::kKp3},
    {"kp4", PcKey::kKp4}, {"kp5", PcKey::kKp5}, {"kp6", PcKey::kKp6}, {"kp7", PcKey::kKp7},
    {"kp8", PcKey::kKp8}, {"kp9", PcKey::kKp9},
    {"kpperiod", PcKey::kKpPeriod}, {"kpdot", PcKey::kKpPeriod},
    {"kpplus", PcKey::kKpPlus}, {"kpminus", PcKey::kKpMinus},
    {"kpmultiply", PcKey::kKpMultiply}, {"kpstar", PcKey::kKpMultiply},
    {"kpdivide", PcKey::kKpDivide}, {"kpslash", PcKey::kKpDivide},
    {"kpenter", PcKey::kKpEnter},
    {"minus", PcKey::kMinus}, {"equals", PcKey::kEquals},
    {"leftbracket", PcKey::kLeftBracket}, {"lbracket", PcKey::kLeftBracket},
    {"rightbracket", PcKey::kRightBracket}, {"rbracket", PcKey::kRightBracket},
    {"semicolon", PcKey::kSemicolon}, {"apostrophe", PcKey::kApostrophe},
    {"quote", PcKey::kApostrophe}, {"grave", PcKey::kGrave}, {"backquote", PcKey::kGrave},
    {"backslash", PcKey::kBackslash}, {"comma", PcKey::kComma},
    {"period", PcKey::kPeriod}, {"dot", PcKey::kPeriod}, {"slash", PcKey::kSlash},
    {"nonusbackslash", PcKey::kNonUsBackslash},
};

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

KeyChord Plain(PcKey key) { return KeyChord{{}, key}; }
KeyChord Shifted(PcKey key) { return KeyChord{{PcKey::kLeftShift}, key}; }

}  // namespace

std::optional<KeyChord> ChordForChar(char c) {
  if (c >= 'a' && c <= 'z') return Plain(kLetters[c - 'a']);
  if (c >= 'A' && c <= 'Z') return Shifted(kLetters[c - 'A']);
  for (const Punctuation& p : kPunctuation) {
    if (c == p.plain) return Plain(p.key);
    if (c == p.shifted) return Shifted(p.key);
  }
  switch (c) {
    case ' ': return Plain(PcKey::kSpace);
    case '\n':
    case '\r': return Plain(PcKey::kEnter);
    case '\t': return Plain(PcKey::kTab);
    case '\x1b': return Plain(PcKey::kEscape);
    case '\b': return Plain(PcKey::kBackspace);
    default: return std::nullopt;
  }
}

bool TextToChords(std::string_view text, std::vector<KeyChord>* out, std::string* error) {
  for (char c : text) {
    const std::optional<KeyChord> chord = ChordForChar(c);
    if (!chord) {
      char buffer[64];
      std::snprintf(buffer, sizeof buffer, "no key types the byte 0x%02X on a US keyboard",
                    static_cast<unsigned>(static_cast<uint8_t>(c)));
      *error = buffer;
      return false;
    }
    out->push_back(*chord);
  }
  return true;
}

std::optional<PcKey> KeyByName(std::string_view name) {
  for (const NamedKey& named : kNamedKeys) {
    if (EqualsIgnoringCase(name, named.name)) return named.key;
  }
  // A single unshifted character names its key: "a", "7", "/".
  if (name.size() == 1) {
    const std::optional<KeyChord> chord = ChordForChar(Lower(name[0]));
    if (chord && chord->held.empty() && name[0] > ' ') return chord->key;
  }
  return std::nullopt;
}

bool ParseKeyChord(std::string_view spec, KeyChord* out, std::string* error) {
  KeyChord chord;
  std::vector<PcKey> keys;
  size_t start = 0;
  while (true) {
    const size_t plus = spec.find('+', start);
    const std::string_view name = spec.substr(start, plus == spec.npos ? spec.npos : plus - start);
    if (name.empty()) {
      *error = "empty key name in " + QuoteText(spec);
      return false;
    }
    const std::optional<PcKey> key = KeyByName(name);
    if (!key) {
      *error = "unknown key name " + QuoteText(name);
      return false;
    }
    keys.push_back(*key);
    if (plus == spec.npos) break;
    start = plus + 1;
  }
  chord.key = keys.back();
  keys.pop_back();
  chord.held = std::move(keys);
  *out = std::move(chord);
  return true;
}

void KeyTypist::Queue(const KeyChord& chord) {
  for (PcKey held : chord.held) events_.push_back({held, true, kModifierLeadNs});
  events_.push_back({chord.key, true, kKeyHoldNs});
  events_.push_back({chord.key, false, chord.held.empty() ? kKeyGapNs : kModifierLeadNs});
  for (size_t i = chord.held.size(); i-- > 0;) {
    events_.push_back({chord.held[i], false, i == 0 ? kKeyGapNs : kModifierLeadNs});
  }
}

bool KeyTypist::Step(GuestConsole& guest) {
  const uint64_t now = guest.guest_time_ns();
  if (waiting_ && now - last_event_ns_ < delay_ns_) return true;
  waiting_ = false;
  if (events_.empty()) return false;
  const Event event = events_.front();
  events_.pop_front();
  if (event.down) {
    guest.KeyDown(event.key);
  } else {
    guest.KeyUp(event.key);
  }
  waiting_ = true;
  last_event_ns_ = now;
  delay_ns_ = event.delay_after_ns;
  return true;
}

}  // namespace m86
