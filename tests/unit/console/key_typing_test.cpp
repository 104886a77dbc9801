// Text to PC keys on the US layout, key names, and the typist's guest-time pacing.
#include <catch2/catch.hpp>

#include "fake_guest.h"
#include "frontend/key_typing.h"

using namespace m86;
using m86::test::FakeGuest;

namespace {

using Event = FakeGuest::KeyEvent;

// Runs the typist until it is idle, advancing the fake guest one slice between steps.
void TypeAll(FakeGuest& guest, KeyTypist& typist, double slice_seconds) {
  for (int i = 0; i < 100000 && typist.Step(guest); ++i) guest.RunFor(slice_seconds);
}

}  // namespace

TEST_CASE("US layout: letters, shifted punctuation and controls", "[keys]") {
  CHECK(ChordForChar('d') == KeyChord{{}, PcKey::kD});
  CHECK(ChordForChar('D') == KeyChord{{PcKey::kLeftShift}, PcKey::kD});
  CHECK(ChordForChar('0') == KeyChord{{}, PcKey::k0});
  CHECK(ChordForChar(')') == KeyChord{{PcKey::kLeftShift}, PcKey::k0});
  CHECK(ChordForChar(':') == KeyChord{{PcKey::kLeftShift}, PcKey::kSemicolon});
  CHECK(ChordForChar('\\') == KeyChord{{}, PcKey::kBackslash});
  CHECK(ChordForChar('|') == KeyChord{{PcKey::kLeftShift}, PcKey::kBackslash});
  CHECK(ChordForChar('"') == KeyChord{{PcKey::kLeftShift}, PcKey::kApostrophe});
  CHECK(ChordForChar('~') == KeyChord{{PcKey::kLeftShift}, PcKey::kGrave});
  CHECK(ChordForChar('?') == KeyChord{{PcKey::kLeftShift}, PcKey::kSlash});
  CHECK(ChordForChar(' ') == KeyChord{{}, PcKey::kSpace});
  CHECK(ChordForChar('\n') == KeyChord{{}, PcKey::kEnter});
  CHECK(ChordForChar('\t') == KeyChord{{}, PcKey::kTab});
  CHECK(ChordForChar('\x1b') == KeyChord{{}, PcKey::kEscape});
  CHECK(ChordForChar('\b') == KeyChord{{}, PcKey::kBackspace});
  CHECK_FALSE(ChordForChar('\x01'));
  CHECK_FALSE(ChordForChar('\x80'));
  // Every printable ASCII character has a key.
  for (char c = ' '; c < 0x7F; ++c) CHECK(ChordForChar(c));
}

TEST_CASE("Key names and chords", "[keys]") {
  KeyChord chord;
  std::string error;
  REQUIRE(ParseKeyChord("ctrl+alt+delete", &chord, &error));
  CHECK(chord == KeyChord{{PcKey::kLeftCtrl, PcKey::kLeftAlt}, PcKey::kDelete});
  REQUIRE(ParseKeyChord("F8", &chord, &error));
  CHECK(chord == KeyChord{{}, PcKey::kF8});
  REQUIRE(ParseKeyChord("Esc", &chord, &error));
  CHECK(chord == KeyChord{{}, PcKey::kEscape});
  REQUIRE(ParseKeyChord("shift+F10", &chord, &error));
  CHECK(chord == KeyChord{{PcKey::kLeftShift}, PcKey::kF10});
  REQUIRE(ParseKeyChord("ctrl+C", &chord, &error));
  CHECK(chord == KeyChord{{PcKey::kLeftCtrl}, PcKey::kC});
  REQUIRE(ParseKeyChord("altgr+/", &chord, &error));
  CHECK(chord == KeyChord{{PcKey::kRightAlt}, PcKey::kSlash});
  CHECK(KeyByName("kpenter") == PcKey::kKpEnter);
  CHECK(KeyByName("PgDn") == PcKey::kPageDown);
  CHECK(KeyByName("f11") == PcKey::kF11);
  CHECK(KeyByName("pause") == PcKey::kPause);
  CHECK_FALSE(KeyByName("!"));  // shifted characters are not key names
  CHECK_FALSE(KeyByName("f13"));
  CHECK_FALSE(ParseKeyChord("+a", &chord, &error));
}

TEST_CASE("type \"Dir\\n\": key order with Shift around the capital", "[keys]") {
  std::vector<KeyChord> chords;
  std::string error;
  REQUIRE(TextToChords("Dir\n", &chords, &error));
  FakeGuest guest;
  KeyTypist typist;
  for (const KeyChord& chord : chords) typist.Queue(chord);
  TypeAll(guest, typist, 0.005);
  const std::vector<std::pair<PcKey, bool>> expected = {
      {PcKey::kLeftShift, true}, {PcKey::kD, true},     {PcKey::kD, false},
      {PcKey::kLeftShift, false}, {PcKey::kI, true},    {PcKey::kI, false},
      {PcKey::kR, true},         {PcKey::kR, false},    {PcKey::kEnter, true},
      {PcKey::kEnter, false}};
  REQUIRE(guest.keys.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    INFO("event " << i);
    CHECK(guest.keys[i].key == expected[i].first);
    CHECK(guest.keys[i].down == expected[i].second);
  }
  // With 5 ms slices of guest time every delay lands exactly.
  const std::vector<uint64_t> gaps_ms = {20, 40, 20, 40, 40, 40, 40, 40, 40};
  for (size_t i = 0; i < gaps_ms.size(); ++i) {
    INFO("gap after event " << i);
    CHECK(guest.keys[i + 1].at_ns - guest.keys[i].at_ns == gaps_ms[i] * 1'000'000);
  }
  // The typist stays busy for the gap after the last release.
  CHECK(guest.guest_ns - guest.keys.back().at_ns == kKeyGapNs);
}

TEST_CASE("Pacing holds in guest time on a slow guest and a fast one", "[keys]") {
  for (double speed : {0.05, 7.3}) {
    INFO("guest speed " << speed);
    FakeGuest guest;
    guest.guest_speed = speed;
    KeyTypist typist;
    typist.Queue(KeyChord{{PcKey::kLeftCtrl, PcKey::kLeftAlt}, PcKey::kDelete});
    typist.Queue(KeyChord{{}, PcKey::kA});
    TypeAll(guest, typist, 0.005);
    REQUIRE(guest.keys.size() == 8);
    const std::vector<uint64_t> minimum = {kModifierLeadNs, kModifierLeadNs, kKeyHoldNs,
                                           kModifierLeadNs, kModifierLeadNs, kKeyGapNs,
                                           kKeyHoldNs};
    for (size_t i = 0; i < minimum.size(); ++i) {
      const uint64_t gap = guest.keys[i + 1].at_ns - guest.keys[i].at_ns;
      CHECK(gap >= minimum[i]);
      // Never more than one slice of guest time late.
      CHECK(gap < minimum[i] + static_cast<uint64_t>(0.005 * 1e9 * speed) + 1);
    }
    CHECK(guest.keys[3].key == PcKey::kDelete);
    CHECK_FALSE(guest.keys[3].down);
    CHECK(guest.keys[4].key == PcKey::kLeftAlt);
    CHECK(guest.keys[5].key == PcKey::kLeftCtrl);
  }
}
