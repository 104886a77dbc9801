// PC16550D behaviour, checked against the National PC16550D datasheet.
#include "devices/uart/uart.h"

#include <catch2/catch.hpp>
#include <vector>

using m86::IrqSink;
using m86::Scheduler;
using m86::Uart;

namespace {

struct IrqLog final : IrqSink {
  int irq = -1;
  bool level = false;
  void SetIrq(int n, bool l) override {
    irq = n;
    level = l;
  }
};

constexpr uint16_t kBase = 0x3F8;
enum : uint16_t { kData = kBase, kIer, kIir, kLcr, kMcr, kLsr, kMsr, kScr };

struct Fixture {
  Scheduler sched;
  IrqLog irq;
  std::vector<uint8_t> out;
  Uart uart;
  explicit Fixture(bool fast = false)
      : uart(sched, irq,
             Uart::Config{kBase, 4, fast, [this](uint8_t b) { out.push_back(b); }, {}}) {
    // 9600 baud 8N1: divisor 12, one character = 10 bits * 16 * 12 / 1.8432 MHz.
    Out(kLcr, 0x80);
    Out(kData, 12);
    Out(kIer, 0);
    Out(kLcr, 0x03);
  }
  uint8_t In(uint16_t port) { return static_cast<uint8_t>(uart.IoRead(port, 1)); }
  void Out(uint16_t port, uint8_t v) { uart.IoWrite(port, 1, v); }
};

constexpr uint64_t kChar = 1'041'666;  // ns per 8N1 character at 9600 baud

}  // namespace

TEST_CASE("UART divisor latch, LCR formats and the scratch register", "[uart]") {
  Fixture f;
  CHECK(f.uart.CharTimeNs() == kChar);
  f.Out(kLcr, 0x80);  // DLAB: offsets 0/1 are DLL/DLM ("Register Addresses")
  f.Out(kData, 0x80);
  f.Out(kIer, 0x01);
  CHECK(f.In(kData) == 0x80);
  CHECK(f.In(kIer) == 0x01);
  f.Out(kLcr, 0x1F);  // 8 data, even parity, 2 stop bits: 12 bits per character
  CHECK(f.In(kLcr) == 0x1F);
  CHECK(f.In(kIer) == 0x00);  // IER untouched by the DLM write
  CHECK(f.uart.CharTimeNs() == 384ull * 16 * 12 * 1'000'000'000 / 1'843'200);
  f.Out(kLcr, 0x04);  // 5 data bits, 1.5 stop bits: 7.5 bits
  CHECK(f.uart.CharTimeNs() == 384ull * 16 * 15 * 1'000'000'000 / (2 * 1'843'200));
  f.Out(kScr, 0x5A);
  CHECK(f.In(kScr) == 0x5A);
}

TEST_CASE("UART THRE and TEMT follow the character time", "[uart]") {
  Fixture f;
  CHECK(f.In(kLsr) == 0x60);  // THRE | TEMT at reset
  f.Out(kData, 'A');
  // 16450 mode: THR moves to the shift register at once, so THRE is back but TEMT is not.
  CHECK(f.In(kLsr) == 0x20);
  f.Out(kData, 'B');
  CHECK(f.In(kLsr) == 0x00);
  f.sched.AdvanceTo(kChar - 1);
  CHECK(f.out.empty());
  f.sched.AdvanceTo(kChar);
  CHECK(f.out == std::vector<uint8_t>{'A'});
  CHECK(f.In(kLsr) == 0x20);
  f.sched.AdvanceTo(2 * kChar);
  CHECK(f.out == std::vector<uint8_t>{'A', 'B'});
  CHECK(f.In(kLsr) == 0x60);
  // FIFO mode: 16 bytes queue behind THRE = 0 until the last one enters the shift register.
  f.Out(kIir, 0x01);
  for (int i = 0; i < 17; ++i) f.Out(kData, static_cast<uint8_t>(i));
  CHECK((f.In(kLsr) & 0x60) == 0);
  f.sched.AdvanceTo(2 * kChar + 16 * kChar);
  CHECK((f.In(kLsr) & 0x60) == 0x20);
  f.sched.AdvanceTo(2 * kChar + 17 * kChar);
  CHECK(f.In(kLsr) == 0x60);
  CHECK(f.out.size() == 19);
}

TEST_CASE("UART fast mode sends each character in a microsecond, as an event", "[uart]") {
  Fixture f(true);
  f.Out(kData, 'x');
  // The character went to the shift register: THR is empty, the transmitter is not.
  CHECK(f.out.empty());
  CHECK(f.In(kLsr) == 0x20);
  f.sched.AdvanceTo(Uart::kFastCharTimeNs);
  CHECK(f.out == std::vector<uint8_t>{'x'});
  CHECK(f.In(kLsr) == 0x60);
}

TEST_CASE("UART IIR priorities and OUT2 gating of the IRQ", "[uart]") {
  Fixture f;
  f.Out(kIer, 0x0F);
  CHECK(f.In(kIir) == 0x02);  // enabling ETBEI with THR empty: THRE interrupt
  CHECK(f.In(kIir) == 0x01);  // reading IIR cleared it
  CHECK_FALSE(f.irq.level);
  f.Out(kMcr, 0x08);                                // OUT2 enables the IRQ buffer on the PC
  f.uart.SetModemInputs(false, true, false, true);  // CTS drops
  CHECK(f.irq.level);
  CHECK(f.irq.irq == 4);
  CHECK(f.In(kIir) == 0x00);  // modem status (lowest)
  f.Out(kData, 'a');          // THR empty again at once: THRE outranks modem status
  CHECK(f.In(kIir) == 0x02);
  f.uart.ReceiveByte('r');
  CHECK(f.In(kIir) == 0x04);  // received data outranks THRE
  f.uart.ReceiveByte('s');    // overrun in 16450 mode: line status outranks all
  CHECK(f.In(kIir) == 0x06);
  CHECK(f.In(kLsr) == 0x23);  // DR | OE | THRE (transmitter still busy)
  CHECK(f.In(kIir) == 0x04);
  CHECK(f.In(kData) == 's');  // 16450 overrun overwrote RBR
  CHECK(f.In(kIir) == 0x00);  // THRE was consumed by the read above; modem status remains
  CHECK(f.In(kMsr) == 0xA1);  // DSR DCD, delta CTS
  CHECK(f.In(kIir) == 0x01);
  CHECK_FALSE(f.irq.level);
  // Without OUT2 a pending interrupt does not reach the PIC.
  f.Out(kMcr, 0x00);
  f.uart.ReceiveByte('t');
  CHECK(f.In(kIir) == 0x04);
  CHECK_FALSE(f.irq.level);
  f.Out(kMcr, 0x08);
  CHECK(f.irq.level);
}

TEST_CASE("UART FIFO trigger levels and the character timeout", "[uart]") {
  Fixture f;
  f.Out(kIir, 0xC7);  // FIFO on, clear both, trigger 14
  CHECK((f.In(kIir) & 0xC0) == 0xC0);
  f.Out(kIer, 0x01);
  f.Out(kMcr, 0x08);
  for (int i = 0; i < 13; ++i) f.uart.ReceiveByte(static_cast<uint8_t>(i));
  CHECK(f.In(kIir) == 0xC1);
  f.uart.ReceiveByte(13);
  CHECK(f.In(kIir) == 0xC4);
  CHECK(f.irq.level);
  f.In(kData);  // 13 left: below the trigger level
  CHECK(f.In(kIir) == 0xC1);
  // No reads or arrivals for 4 character times: timeout indication (IIR = 0xCC).
  f.sched.AdvanceTo(4 * kChar - 1);
  CHECK(f.In(kIir) == 0xC1);
  f.sched.AdvanceTo(4 * kChar);
  CHECK(f.In(kIir) == 0xCC);
  CHECK(f.irq.level);
  CHECK(f.In(kData) == 1);  // the read clears it and restarts the timer
  CHECK(f.In(kIir) == 0xC1);
  for (int level : {1, 4, 8}) {
    f.Out(kIir, static_cast<uint8_t>(0x03 | (level == 1 ? 0x00 : level == 4 ? 0x40 : 0x80)));
    for (int i = 0; i < level - 1; ++i) f.uart.ReceiveByte(0);
    CHECK(f.In(kIir) == 0xC1);
    f.uart.ReceiveByte(0);
    CHECK(f.In(kIir) == 0xC4);
  }
}

TEST_CASE("UART FIFO overrun keeps the FIFO and sets OE", "[uart]") {
  Fixture f;
  f.Out(kIir, 0x07);
  for (int i = 0; i < 16; ++i) CHECK(f.uart.ReceiveByte(static_cast<uint8_t>(i)));
  CHECK(f.uart.RxSpace() == 0);
  CHECK_FALSE(f.uart.ReceiveByte(99));
  CHECK(f.In(kLsr) == 0x63);  // DR | OE | THRE | TEMT
  CHECK(f.In(kLsr) == 0x61);  // OE clears on read
  for (int i = 0; i < 16; ++i) CHECK(f.In(kData) == i);
  CHECK(f.In(kLsr) == 0x60);
  // An error character: PE at the top of the FIFO, and LSR7 while one is in the FIFO.
  f.uart.ReceiveByte('a');
  f.uart.ReceiveByte('b', Uart::kLsrFe);
  CHECK(f.In(kLsr) == 0xE1);
  f.In(kData);
  CHECK(f.In(kLsr) == 0xE9);  // FE now at the top
  CHECK(f.In(kLsr) == 0x61);
}

TEST_CASE("UART loopback routes TX to RX and MCR outputs to MSR", "[uart]") {
  Fixture f;
  f.Out(kMcr, 0x10);
  CHECK(f.In(kMsr) == 0x0B);  // CTS/DSR/DCD dropped from the external inputs: deltas
  f.Out(kMcr, 0x1F);          // DTR RTS OUT1 OUT2
  CHECK(f.In(kMsr) == 0xFB);
  f.Out(kMcr, 0x1B);  // OUT1 (RI) falls: trailing edge
  CHECK(f.In(kMsr) == 0xB4);
  CHECK_FALSE(f.uart.ReceiveByte('z'));  // SIN disconnected
  f.Out(kIer, 0x01);
  f.Out(kData, 0x55);
  f.sched.AdvanceTo(kChar);
  CHECK(f.out.empty());
  CHECK(f.In(kLsr) == 0x61);
  CHECK(f.In(kIir) == 0x04);
  CHECK_FALSE(f.irq.level);  // OUT2 pin forced inactive in loopback
  CHECK(f.In(kData) == 0x55);
}
