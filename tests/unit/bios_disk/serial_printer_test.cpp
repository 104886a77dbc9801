// INT 14h with a PC16550D in loopback and INT 17h with and without a parallel port (IBM PC AT
// TR "RS-232C" and "Printer"; RBIL INT 14h, INT 17h).
#include <catch2/catch.hpp>
#include <string>

#include "bios_fixture.h"
#include "devices/uart/uart.h"

namespace m86::test {
namespace {

class NoIrq final : public IrqSink {
 public:
  void SetIrq(int, bool) override {}
};

struct SerialFixture : BiosFixture {
  explicit SerialFixture(bool fast = true)
      : uart(scheduler, irq, Uart::Config{Uart::kCom1Base, Uart::kCom1Irq, fast,
                                          [this](uint8_t b) { sent.push_back(static_cast<char>(b)); }, {}}) {
    uart.Attach(io);
  }
  uint16_t Int14(uint8_t function, uint8_t al, uint16_t dx = 0, uint16_t bx = 0) {
    Reset();
    call.set_ax(static_cast<uint16_t>(function << 8 | al));
    call.set_dx(dx);
    call.set_bx(bx);
    Int14Serial(bios, call);
    return call.ax();
  }
  NoIrq irq;
  Uart uart;
  std::string sent;
};

TEST_CASE("INT 14h AH=00h programs rate and format", "[bios][serial]") {
  SerialFixture f;
  const uint16_t status = f.Int14(0x00, 0xE3);  // 9600 bit/s, no parity, 1 stop bit, 8 bits
  CHECK(f.uart.state().dll == 12);
  CHECK(f.uart.state().dlm == 0);
  CHECK(f.uart.state().lcr == 0x03);
  CHECK(f.uart.state().ier == 0);
  CHECK((status >> 8) == 0x60);  // transmitter empty
  f.Int14(0x00, 0x9A);  // 1200 bit/s, even parity, 1 stop bit, 7 bits
  CHECK(f.uart.state().dll == 96);
  CHECK(f.uart.state().lcr == 0x1A);
  f.Reset();
  f.call.set_ax(0x0400);  // extended: no break, odd parity, 2 stop bits, 8 bits, 19200
  f.call.set_bx(0x0101);
  f.call.set_cx(0x0308);
  f.call.set_dx(0);
  Int14Serial(f.bios, f.call);
  CHECK(f.uart.state().dll == 6);
  CHECK(f.uart.state().lcr == 0x0F);
}

TEST_CASE("INT 14h sends and receives in loopback", "[bios][serial]") {
  SerialFixture f;
  f.Int14(0x00, 0xE3);
  f.Int14(0x05, 0x01, 0, 0x13);  // MCR: loopback, RTS, DTR
  CHECK(f.uart.state().mcr == 0x13);
  const uint16_t sent = f.Int14(0x01, 'Z');
  CHECK_FALSE(f.Retried());
  CHECK((sent >> 8 & 0x80) == 0);
  CHECK((sent & 0xFF) == 'Z');
  f.scheduler.AdvanceTo(f.scheduler.now() + Uart::kFastCharTimeNs);  // the loop back
  const uint16_t got = f.Int14(0x02, 0);
  CHECK_FALSE(f.Retried());
  CHECK(got == 'Z');
  f.Int14(0x05, 0x00);
  CHECK(f.call.bl() == 0x13);
}

TEST_CASE("INT 14h waits in virtual time and times out after 0040:007C seconds", "[bios][serial]") {
  SerialFixture f;
  f.Int14(0x00, 0xE3);
  f.Int14(0x02, 0);  // nothing received yet
  CHECK(f.Retried());
  f.scheduler.AdvanceTo(500'000'000);
  f.Int14(0x02, 0);
  CHECK(f.Retried());
  f.uart.ReceiveByte('k');
  CHECK(f.Int14(0x02, 0) == 'k');
  CHECK_FALSE(f.bios.state.port_waiting);

  f.Int14(0x02, 0);
  CHECK(f.Retried());
  f.scheduler.AdvanceTo(f.scheduler.now() + 1'000'000'000);
  const uint16_t timed_out = f.Int14(0x02, 0);
  CHECK_FALSE(f.Retried());
  CHECK((timed_out >> 8 & 0x80) != 0);

  f.uart.SetModemInputs(false, false, false, false);  // no CTS/DSR: sending waits, then fails
  f.Int14(0x01, 'x');
  CHECK(f.Retried());
  f.scheduler.AdvanceTo(f.scheduler.now() + 1'000'000'000);
  CHECK((f.Int14(0x01, 'x') >> 8 & 0x80) != 0);
  CHECK(f.sent.empty());
}

TEST_CASE("INT 14h paces output on a UART that takes a character time", "[bios][serial]") {
  SerialFixture f(false);
  f.Int14(0x00, 0xE3);
  std::string text = "hello";
  for (char c : text) {
    for (int tries = 0;; ++tries) {
      REQUIRE(tries < 10);
      f.Int14(0x01, static_cast<uint8_t>(c));
      if (!f.Retried()) break;
      f.scheduler.AdvanceTo(f.scheduler.now() + f.uart.CharTimeNs());
    }
  }
  f.scheduler.AdvanceTo(f.scheduler.now() + 3 * f.uart.CharTimeNs());
  CHECK(f.sent == text);
}

TEST_CASE("INT 14h on a port POST did not find reports a time-out", "[bios][serial]") {
  SerialFixture f;
  CHECK(f.Int14(0x03, 0, 2) >> 8 == 0x80);
  CHECK(f.Int14(0x01, 'a', 7) >> 8 == 0x80);
}

// A parallel port's three registers: data, status (read), control.
class ParallelPort final : public IoDevice {
 public:
  uint32_t IoRead(uint16_t port, int) override { return port == 0x379 ? status : 0xFF; }
  void IoWrite(uint16_t port, int, uint32_t value) override {
    if (port == 0x378) data.push_back(static_cast<char>(value));
    if (port == 0x37A) control.push_back(static_cast<uint8_t>(value));
  }
  uint8_t status = 0xD8;  // not busy, no acknowledge, selected, no error (active-low lines)
  std::string data;
  std::vector<uint8_t> control;
};

TEST_CASE("INT 17h without a printer port answers 'no printer' (RBIL: bits 5 and 4)", "[bios][printer]") {
  BiosFixture f;
  for (uint8_t function : {0x00, 0x01, 0x02}) {
    f.Reset();
    f.call.set_ax(static_cast<uint16_t>(function << 8 | 'A'));
    f.call.set_dx(0);
    Int17Printer(f.bios, f.call);
    CHECK(f.call.ah() == 0x30);
    CHECK(f.call.al() == 'A');
  }
}

TEST_CASE("INT 17h prints on a parallel port and times out while it is busy", "[bios][printer]") {
  BiosFixture f;
  ParallelPort lpt;
  f.io.Map(&lpt, 0x378, 0x37A);
  f.bios.Poke16(bda::kLptPorts, 0x378);
  f.bios.Poke8(bda::kLptTimeouts, 20);
  auto int17 = [&f](uint8_t function, uint8_t al) {
    f.Reset();
    f.call.set_ax(static_cast<uint16_t>(function << 8 | al));
    f.call.set_dx(0);
    Int17Printer(f.bios, f.call);
    return f.call.ah();
  };
  CHECK(int17(0x02, 0) == 0x90);  // not busy, selected
  CHECK(int17(0x00, 'P') == 0x90);
  CHECK(lpt.data == "P");
  CHECK(lpt.control == std::vector<uint8_t>{0x0D, 0x0C});
  lpt.status = 0x58;  // busy
  int17(0x00, 'Q');
  CHECK(f.Retried());
  f.scheduler.AdvanceTo(20'000'000'000ull);
  CHECK(int17(0x00, 'Q') == 0x11);  // selected, time-out
  CHECK(lpt.data == "P");
}

}  // namespace
}  // namespace m86::test
