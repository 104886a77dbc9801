// INT 17h: the parallel printer ports whose bases POST stored at 0040:0008 (IBM PC AT Technical
// Reference, "Printer"; Ralf Brown's Interrupt List, INT 17h, table 00631 for the status).
// The PC board has no parallel port, so these slots are 0 and every call answers "no printer".
#include <cstdio>

#include "bios/bda.h"
#include "bios/bios.h"
#include "bios/port_wait.h"

namespace m86 {
namespace {

// Status byte (RBIL table 00631): 7 not busy, 6 acknowledge, 5 out of paper, 4 selected,
// 3 I/O error, 0 time-out.
constexpr uint8_t kTimeout = 0x01;
constexpr uint8_t kNotBusy = 0x80;
// RBIL: "If both, bit 5 'out of paper' and 4 'selected' are set, the MS-DOS/PC DOS kernel
// assumes that no printer is attached" - the answer for a port that does not exist.
constexpr uint8_t kNoPrinter = 0x30;
// Control port (parallel adapter): bit 0 strobe, bit 2 /init, bit 3 select in.
constexpr uint8_t kControlIdle = 0x0C, kControlInit = 0x08, kControlStrobe = 0x0D;
constexpr uint64_t kNsPerTimeoutUnit = 1'000'000'000;

uint8_t Status(PortIo& io, uint16_t base) {
  // The port's acknowledge and error lines are active low: flip them into the BIOS's sense.
  const uint8_t raw = static_cast<uint8_t>(io.In(static_cast<uint16_t>(base + 1), 1));
  return static_cast<uint8_t>((raw & 0xF8) ^ 0x48);
}

}  // namespace

void Int17Printer(Bios& bios, BiosCall& call) {
  const uint16_t unit = call.dx();
  const uint16_t base = unit < 3 ? bios.Peek16(bda::kLptPorts + 2u * unit) : 0;
  const uint8_t function = call.ah();
  if (function > 0x02) {
    char what[32];
    std::snprintf(what, sizeof what, "INT 17h AH=%02Xh", function);
    bios.LogUnimplemented(what);
    return;
  }
  if (base == 0) {
    call.set_ah(kNoPrinter);
    return;
  }
  PortIo& io = bios.io();
  switch (function) {
    case 0x00: {  // print AL: wait until not busy, latch the byte, pulse strobe
      const uint8_t status = Status(io, base);
      const uint64_t timeout = bios.Peek8(bda::kLptTimeouts + unit) * kNsPerTimeoutUnit;
      switch (WaitForPort(bios, call, (status & kNotBusy) != 0, timeout)) {
        case PortWait::kRetry:
          return;
        case PortWait::kTimedOut:
          call.set_ah(static_cast<uint8_t>((status & 0xF8) | kTimeout));
          return;
        case PortWait::kReady:
          io.Out(base, 1, call.al());
          io.Out(static_cast<uint16_t>(base + 2), 1, kControlStrobe);
          io.Out(static_cast<uint16_t>(base + 2), 1, kControlIdle);
          call.set_ah(Status(io, base));
          return;
      }
      return;
    }
    case 0x01:  // initialize: pulse /init with the printer selected
      io.Out(static_cast<uint16_t>(base + 2), 1, kControlInit);
      io.Out(static_cast<uint16_t>(base + 2), 1, kControlIdle);
      call.set_ah(Status(io, base));
      return;
    default:
      call.set_ah(Status(io, base));
      return;
  }
}

}  // namespace m86
