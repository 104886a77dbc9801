// Typing text and key chords into the guest with real scancodes: characters to PC keys on the
// US layout, key names for the script's `key` command, and a typist that paces the strokes in
// guest time.
#pragma once
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "devices/kbc/pc_keys.h"
#include "frontend/guest_console.h"

namespace m86 {

// One stroke: the `held` keys go down in order, then `key` goes down and up, then the held
// keys come up in reverse order.
struct KeyChord {
  std::vector<PcKey> held;
  PcKey key = PcKey::kEscape;
  bool operator==(const KeyChord&) const = default;
};

// The chord that types `c` on a US keyboard with Caps Lock off: letters, digits, punctuation
// (with Left Shift where the US layout needs it), space, and the controls '\n' and '\r'
// (Enter), '\t' (Tab), '\x1b' (Escape) and '\b' (Backspace). Nothing for other bytes.
std::optional<KeyChord> ChordForChar(char c);

// The chords that type `text`; on a byte no key types, returns false with `error` naming it.
bool TextToChords(std::string_view text, std::vector<KeyChord>* out, std::string* error);

// A key by its script name, case-insensitive (see the `key` command in frontend/script.h).
std::optional<PcKey> KeyByName(std::string_view name);

// A chord written as names joined by '+', e.g. "ctrl+alt+delete", "shift+f10", "esc".
bool ParseKeyChord(std::string_view spec, KeyChord* out, std::string* error);

// Guest-time pacing of strokes. The PS/2 keyboard's default typematic delay is 500 ms (IBM
// PS/2 Technical Reference, Keyboards, "Typematic Rate/Delay"), so a 40 ms hold never
// repeats, and 40 ms between strokes is slower than any BIOS or DOS reads its buffer.
constexpr uint64_t kKeyHoldNs = 40'000'000;      // key down to key up
constexpr uint64_t kKeyGapNs = 40'000'000;       // the last release to the next stroke
constexpr uint64_t kModifierLeadNs = 20'000'000;  // a held key down to the next down, and
                                                  // an up to the next held key's up

// Plays queued chords into the guest. Each Step issues at most one key event, and only when
// the guest time since the previous event reached that event's delay, so the gaps hold in
// guest time however long the host slices are.
class KeyTypist {
 public:
  void Queue(const KeyChord& chord);
  // Issues the next event when it is due; returns true while events are pending or the gap
  // after the last one has not passed yet.
  bool Step(GuestConsole& guest);

 private:
  struct Event {
    PcKey key;
    bool down;
    uint64_t delay_after_ns;
  };
  std::deque<Event> events_;
  bool waiting_ = false;
  uint64_t last_event_ns_ = 0;
  uint64_t delay_ns_ = 0;
};

}  // namespace m86
