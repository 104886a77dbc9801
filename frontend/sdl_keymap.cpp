#include "frontend/sdl_keymap.h"

#include <array>
#include <cstddef>

namespace m86 {
namespace {

struct Pair {
  SDL_Scancode scancode;
  PcKey key;
};

// The pairs follow the Microsoft "Keyboard Scan Code Specification" rev 1.3a appendix C,
// which lists each HID usage beside its set 1 and set 2 codes.
constexpr Pair kPairs[] = {
    {SDL_SCANCODE_ESCAPE, PcKey::kEscape},
    {SDL_SCANCODE_1, PcKey::k1}, {SDL_SCANCODE_2, PcKey::k2}, {SDL_SCANCODE_3, PcKey::k3},
    {SDL_SCANCODE_4, PcKey::k4}, {SDL_SCANCODE_5, PcKey::k5}, {SDL_SCANCODE_6, PcKey::k6},
    {SDL_SCANCODE_7, PcKey::k7}, {SDL_SCANCODE_8, PcKey::k8}, {SDL_SCANCODE_9, PcKey::k9},
    {SDL_SCANCODE_0, PcKey::k0}, {SDL_SCANCODE_MINUS, PcKey::kMinus},
    {SDL_SCANCODE_EQUALS, PcKey::kEquals}, {SDL_SCANCODE_BACKSPACE, PcKey::kBackspace},
    {SDL_SCANCODE_TAB, PcKey::kTab},
    {SDL_SCANCODE_Q, PcKey::kQ}, {SDL_SCANCODE_W, PcKey::kW}, {SDL_SCANCODE_E, PcKey::kE},
    {SDL_SCANCODE_R, PcKey::kR}, {SDL_SCANCODE_T, PcKey::kT}, {SDL_SCANCODE_Y, PcKey::kY},
    {SDL_SCANCODE_U, PcKey::kU}, {SDL_SCANCODE_I, PcKey::kI}, {SDL_SCANCODE_O, PcKey::kO},
    {SDL_SCANCODE_P, PcKey::kP}, {SDL_SCANCODE_LEFTBRACKET, PcKey::kLeftBracket},
    {SDL_SCANCODE_RIGHTBRACKET, PcKey::kRightBracket}, {SDL_SCANCODE_RETURN, PcKey::kEnter},
    {SDL_SCANCODE_LCTRL, PcKey::kLeftCtrl},
    {SDL_SCANCODE_A, PcKey::kA}, {SDL_SCANCODE_S, PcKey::kS}, {SDL_SCANCODE_D, PcKey::kD},
    {SDL_SCANCODE_F, PcKey::kF}, {SDL_SCANCODE_G, PcKey::kG}, {SDL_SCANCODE_H, PcKey::kH},
    {SDL_SCANCODE_J, PcKey::kJ}, {SDL_SCANCODE_K, PcKey::kK}, {SDL_SCANCODE_L, PcKey::kL},
    {SDL_SCANCODE_SEMICOLON, PcKey::kSemicolon}, {SDL_SCANCODE_APOSTROPHE, PcKey::kApostrophe},
    {SDL_SCANCODE_GRAVE, PcKey::kGrave}, {SDL_SCANCODE_LSHIFT, PcKey::kLeftShift},
    {SDL_SCANCODE_BACKSLASH, PcKey::kBackslash},
    // ISO keyboards' key left of Enter (HID "Non-US # and ~") sends the same codes as the
    // US backslash key.
    {SDL_SCANCODE_NONUSHASH, PcKey::kBackslash},
    {SDL_SCANCODE_Z, PcKey::kZ}, {SDL_SCANCODE_X, PcKey::kX}, {SDL_SCANCODE_C, PcKey::kC},
    {SDL_SCANCODE_V, PcKey::kV}, {SDL_SCANCODE_B, PcKey::kB}, {SDL_SCANCODE_N, PcKey::kN},
    {SDL_SCANCODE_M, PcKey::kM}, {SDL_SCANCODE_COMMA, PcKey::kComma},
    {SDL_SCANCODE_PERIOD, PcKey::kPeriod}, {SDL_SCANCODE_SLASH, PcKey::kSlash},
    {SDL_SCANCODE_RSHIFT, PcKey::kRightShift}, {SDL_SCANCODE_KP_MULTIPLY, PcKey::kKpMultiply},
    {SDL_SCANCODE_LALT, PcKey::kLeftAlt}, {SDL_SCANCODE_SPACE, PcKey::kSpace},
    {SDL_SCANCODE_CAPSLOCK, PcKey::kCapsLock},
    {SDL_SCANCODE_F1, PcKey::kF1}, {SDL_SCANCODE_F2, PcKey::kF2}, {SDL_SCANCODE_F3, PcKey::kF3},
    {SDL_SCANCODE_F4, PcKey::kF4}, {SDL_SCANCODE_F5, PcKey::kF5}, {SDL_SCANCODE_F6, PcKey::kF6},
    {SDL_SCANCODE_F7, PcKey::kF7}, {SDL_SCANCODE_F8, PcKey::kF8}, {SDL_SCANCODE_F9, PcKey::kF9},
    {SDL_SCANCODE_F10, PcKey::kF10}, {SDL_SCANCODE_NUMLOCKCLEAR, PcKey::kNumLock},
    {SDL_SCANCODE_SCROLLLOCK, PcKey::kScrollLock},
    {SDL_SCANCODE_KP_7, PcKey::kKp7}, {SDL_SCANCODE_KP_8, PcKey::kKp8},
    {SDL_SCANCODE_KP_9, PcKey::kKp9}, {SDL_SCANCODE_KP_MINUS, PcKey::kKpMinus},
    {SDL_SCANCODE_KP_4, PcKey::kKp4}, {SDL_SCANCODE_KP_5, PcKey::kKp5},
    {SDL_SCANCODE_KP_6, PcKey::kKp6}, {SDL_SCANCODE_KP_PLUS, PcKey::kKpPlus},
    {SDL_SCANCODE_KP_1, PcKey::kKp1}, {SDL_SCANCODE_KP_2, PcKey::kKp2},
    {SDL_SCANCODE_KP_3, PcKey::kKp3}, {SDL_SCANCODE_KP_0, PcKey::kKp0},
    {SDL_SCANCODE_KP_PERIOD, PcKey::kKpPeriod},
    {SDL_SCANCODE_NONUSBACKSLASH, PcKey::kNonUsBackslash},
    {SDL_SCANCODE_F11, PcKey::kF11}, {SDL_SCANCODE_F12, PcKey::kF12},
    {SDL_SCANCODE_KP_ENTER, PcKey::kKpEnter}, {SDL_SCANCODE_RCTRL, PcKey::kRightCtrl},
    {SDL_SCANCODE_KP_DIVIDE, PcKey::kKpDivide}, {SDL_SCANCODE_RALT, PcKey::kRightAlt},
    {SDL_SCANCODE_HOME, PcKey::kHome}, {SDL_SCANCODE_UP, PcKey::kUp},
    {SDL_SCANCODE_PAGEUP, PcKey::kPageUp}, {SDL_SCANCODE_LEFT, PcKey::kLeft},
    {SDL_SCANCODE_RIGHT, PcKey::kRight}, {SDL_SCANCODE_END, PcKey::kEnd},
    {SDL_SCANCODE_DOWN, PcKey::kDown}, {SDL_SCANCODE_PAGEDOWN, PcKey::kPageDown},
    {SDL_SCANCODE_INSERT, PcKey::kInsert}, {SDL_SCANCODE_DELETE, PcKey::kDelete},
    {SDL_SCANCODE_LGUI, PcKey::kLeftGui}, {SDL_SCANCODE_RGUI, PcKey::kRightGui},
    {SDL_SCANCODE_APPLICATION, PcKey::kMenu},
    {SDL_SCANCODE_PRINTSCREEN, PcKey::kPrintScreen},
    // Alt+Print Screen is SysRq: some hosts report the combination as its own usage.
    {SDL_SCANCODE_SYSREQ, PcKey::kPrintScreen},
    {SDL_SCANCODE_PAUSE, PcKey::kPause},
};

constexpr int kNoKey = -1;

struct Table {
  std::array<int, SDL_NUM_SCANCODES> map{};
  Table() {
    map.fill(kNoKey);
    for (const Pair& p : kPairs) map[p.scancode] = static_cast<int>(p.key);
  }
};
const Table kTable;

}  // namespace

std::optional<PcKey> PcKeyFromScancode(SDL_Scancode scancode) {
  if (scancode < 0 || scancode >= SDL_NUM_SCANCODES) return std::nullopt;
  const int key = kTable.map[scancode];
  if (key == kNoKey) return std::nullopt;
  return static_cast<PcKey>(key);
}

}  // namespace m86
