// Commands from the BIOS to the keyboard through the 8042's data port (IBM PS/2 Technical
// Reference, "Keyboards (101- and 102-Key)", "Commands from the System"). The bytes go out at
// once; each reply (ACK FAh) reaches the guest later as an IRQ 1 byte, which INT 09h records
// in 0040:0097 instead of storing it as a key.
#include "bios/bda.h"
#include "bios/keyboard_common.h"

namespace m86::kbd {
namespace {

constexpr uint16_t kDataPort = 0x60, kStatusPort = 0x64;
constexpr uint8_t kStatusInputFull = 0x02;
constexpr uint8_t kSetLeds = 0xED, kSetTypematic = 0xF3;

// Waits (a bounded number of polls, as the AT BIOS does) for the controller to take the
// previous byte, then writes the next one.
void Send(Bios& bios, uint8_t value) {
  for (int i = 0; i < 1000 && (bios.io().In(kStatusPort, 1) & kStatusInputFull); ++i) {
  }
  bios.io().Out(kDataPort, 1, value);
}

}  // namespace

void SyncLeds(Bios& bios) {
  const uint8_t wanted = static_cast<uint8_t>((bios.Peek8(bda::kKbdFlags0) >> 4) & leds::kMask);
  const uint8_t state = bios.Peek8(bda::kKbdLeds);
  if ((state & leds::kMask) == wanted) return;
  // The indicator bits of 0040:0017 (scroll 4, num 5, caps 6) line up with the LED byte of
  // the ED command (scroll 0, num 1, caps 2).
  bios.Poke8(bda::kKbdLeds, static_cast<uint8_t>((state & ~(leds::kMask | leds::kAckReceived |
                                                            leds::kResendReceived)) |
                                                 leds::kUpdateInProgress | wanted));
  Send(bios, kSetLeds);
  Send(bios, wanted);
  bios.Poke8(bda::kKbdLeds, static_cast<uint8_t>(bios.Peek8(bda::kKbdLeds) & ~leds::kUpdateInProgress));
}

void SendTypematic(Bios& bios, uint8_t value) {
  Send(bios, kSetTypematic);
  Send(bios, static_cast<uint8_t>(value & 0x7F));
}

}  // namespace m86::kbd
