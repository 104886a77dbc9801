// The host keyboard as PC keys: SDL scancodes (USB HID usage IDs, "HID Usage Tables" 1.12
// section 10) to the keys of a 104-key PC/AT keyboard (devices/kbc/pc_keys.h). Scancodes name
// physical key positions, so the guest's own keyboard layout applies, as on a real PC.
#pragma once
#include <optional>

#include <SDL_scancode.h>

#include "devices/kbc/pc_keys.h"

namespace m86 {

// The PC key at that position; nullopt for keys a PC/AT keyboard does not have (media keys,
// the keypad's '=' of Apple keyboards...).
std::optional<PcKey> PcKeyFromScancode(SDL_Scancode scancode);

}  // namespace m86
