// INT 14h: the serial ports whose bases POST stored at 0040:0000 (IBM PC AT Technical
// Reference, "RS-232C Communications"; Ralf Brown's Interrupt List, INT 14h; National PC16550D
// data sheet for the registers). Waits for the UART end after the timeout of 0040:007C, in
// seconds of virtual time, through RetryAfterInterrupt.
#include <cstdio>

#include "bios/bda.h"
#include "bios/bios.h"
#include "bios/port_wait.h"

namespace m86 {
namespace {

// UART registers (PC16550D, "Registers"), offsets from the base port.
constexpr uint16_t kData = 0, kIer = 1, kLcr = 3, kMcr = 4, kLsr = 5, kMsr = 6;
constexpr uint8_t kLcrDlab = 0x80;
constexpr uint8_t kMcrDtr = 0x01, kMcrRts = 0x02;
constexpr uint8_t kLsrDataReady = 0x01, kLsrErrors = 0x1E, kLsrThre = 0x20;
constexpr uint8_t kMsrCts = 0x10, kMsrDsr = 0x20;
constexpr uint8_t kTimeoutBit = 0x80;  // AH bit 7 in every status return
constexpr uint64_t kNsPerTimeoutUnit = 1'000'000'000;

// Divisors of the 1.8432 MHz clock for 110, 150, 300, 600, 1200, 2400, 4800, 9600 and 19200
// bit/s (clock / 16 / rate).
constexpr uint16_t kDivisors[] = {1047, 768, 384, 192, 96, 48, 24, 12, 6};

class Port {
 public:
  Port(Bios& bios, uint16_t base) : io_(bios.io()), base_(base) {}
  uint8_t In(uint16_t reg) { return static_cast<uint8_t>(io_.In(static_cast<uint16_t>(base_ + reg), 1)); }
  void Out(uint16_t reg, uint8_t v) { io_.Out(static_cast<uint16_t>(base_ + reg), 1, v); }
  void Setup(uint16_t divisor, uint8_t lcr) {
    Out(kLcr, kLcrDlab);
    Out(kData, static_cast<uint8_t>(divisor));
    Out(kIer, static_cast<uint8_t>(divisor >> 8));
    Out(kLcr, lcr);
    Out(kIer, 0);  // the BIOS polls; interrupts stay off
  }
  // AH = line status, AL = modem status.
  uint16_t Status() {
    const uint8_t lsr = In(kLsr);
    return static_cast<uint16_t>(lsr << 8 | In(kMsr));
  }

 private:
  PortIo& io_;
  uint16_t base_;
};

uint64_t Timeout(Bios& bios, uint16_t unit) {
  return bios.Peek8(bda::kComTimeouts + unit) * kNsPerTimeoutUnit;
}

// AH=01h: raise DTR and RTS, wait for DSR, CTS and an empty holding register, send AL.
void Send(Bios& bios, BiosCall& call, Port& port, uint16_t unit) {
  port.Out(kMcr, static_cast<uint8_t>(port.In(kMcr) | kMcrDtr | kMcrRts));
  const uint8_t msr = port.In(kMsr);
  const uint8_t lsr = port.In(kLsr);
  const bool ready = (msr & (kMsrDsr | kMsrCts)) == (kMsrDsr | kMsrCts) && (lsr & kLsrThre);
  switch (WaitForPort(bios, call, ready, Timeout(bios, unit))) {
    case PortWait::kRetry:
      return;
    case PortWait::kTimedOut:
      call.set_ah(static_cast<uint8_t>(lsr | kTimeoutBit));
      return;
    case PortWait::kReady:
      port.Out(kData, call.al());
      call.set_ah(lsr);
      return;
  }
}

// AH=02h: raise DTR, wait for DSR and a received byte: AL = byte, AH = its error bits.
void Receive(Bios& bios, BiosCall& call, Port& port, uint16_t unit) {
  port.Out(kMcr, static_cast<uint8_t>(port.In(kMcr) | kMcrDtr));
  const uint8_t msr = port.In(kMsr);
  const uint8_t lsr = port.In(kLsr);
  const bool ready = (msr & kMsrDsr) && (lsr & kLsrDataReady);
  switch (WaitForPort(bios, call, ready, Timeout(bios, unit))) {
    case PortWait::kRetry:
      return;
    case PortWait::kTimedOut:
      call.set_ah(static_cast<uint8_t>(lsr | kTimeoutBit));
      return;
    case PortWait::kReady:
      call.set_al(port.In(kData));
      call.set_ah(lsr & kLsrErrors);
      return;
  }
}

// AH=04h (PS/2 extended initialize): AL break, BH parity (0 none, 1 odd, 2 even, 3 stick
// odd, 4 stick even), BL stop bits (0 = one, 1 = two), CH word length (0-3 = 5-8 bits), CL
// rate (0-8 = 110-19200 bit/s).
bool ExtendedInit(BiosCall& call, Port& port) {
  static constexpr uint8_t kParity[] = {0x00, 0x08, 0x18, 0x28, 0x38};
  if (call.bh() > 4 || call.bl() > 1 || call.ch() > 3 || call.cl() > 8 || call.al() > 1) return false;
  const uint8_t lcr = static_cast<uint8_t>(call.ch() | call.bl() << 2 | kParity[call.bh()] |
                                           (call.al() ? 0x40 : 0x00));
  port.Setup(kDivisors[call.cl()], lcr);
  return true;
}

}  // namespace

void Int14Serial(Bios& bios, BiosCall& call) {
  const uint16_t unit = call.dx();
  const uint16_t base = unit < 4 ? bios.Peek16(bda::kComPorts + 2u * unit) : 0;
  const uint8_t function = call.ah();
  if (base == 0) {
    // No such port: report a time-out, the only failure the status byte can express.
    call.set_ah(kTimeoutBit);
    return;
  }
  Port port(bios, base);
  switch (function) {
    case 0x00:
      // AL bits 7-5 rate (110-9600 bit/s), 4-3 parity (x0 none, 01 odd, 11 even), 2 stop
      // bits, 1-0 word length: bits 4-0 are the line control register's layout.
      port.Setup(kDivisors[call.al() >> 5], call.al() & 0x1F);
      call.set_ax(port.Status());
      return;
    case 0x01:
      Send(bios, call, port, unit);
      return;
    case 0x02:
      Receive(bios, call, port, unit);
      return;
    case 0x03:
      call.set_ax(port.Status());
      return;
    case 0x04:
      if (ExtendedInit(call, port)) call.set_ax(port.Status());
      else call.set_ah(kTimeoutBit);
      return;
    case 0x05:  // PS/2 extended control: AL = 00h read MCR into BL, 01h write BL to MCR
      if (call.al() == 0x00) call.set_bl(port.In(kMcr));
      else if (call.al() == 0x01) port.Out(kMcr, call.bl() & 0x1F);
      call.set_ax(port.Status());
      return;
    default: {
      char what[32];
      std::snprintf(what, sizeof what, "INT 14h AH=%02Xh", function);
      bios.LogUnimplemented(what);
      return;
    }
  }
}

}  // namespace m86
