// INT 15h AH=C2h, the pointing device BIOS interface, and the IRQ 12 packet assembly, against a
// real 8042 and PS/2 mouse (IBM PS/2 and PC BIOS Interface Technical Reference, "Pointing
// Device BIOS Interface"; RBIL INT 15h AX=C200h-C207h; IBM PS/2 TR, "Pointing Device").
#include <catch2/catch.hpp>

#include "bios_fixture.h"
#include "devices/kbc/i8042.h"

namespace m86::test {
namespace {

class IrqLevels final : public IrqSink {
 public:
  void SetIrq(int irq, bool level) override { levels[irq & 15] = level; }
  bool levels[16] = {};
};

// The two 8259 mask registers, as POST leaves them (bios/post.cpp).
class PicMasks final : public IoDevice {
 public:
  uint32_t IoRead(uint16_t port, int) override { return port == 0x21 ? master : slave; }
  void IoWrite(uint16_t port, int, uint32_t value) override {
    (port == 0x21 ? master : slave) = static_cast<uint8_t>(value);
  }
  uint8_t master = 0xB8, slave = 0xDE;
};

struct MouseFixture : BiosFixture {
  MouseFixture() : kbc(I8042::Config{}, nullptr, &mouse, &irqs) {
    kbc.Attach(io);
    io.Map(&pic, 0x21, 0x21);
    io.Map(&pic, 0xA1, 0xA1);
    // What POST leaves (bios/post.cpp): translation, system flag, IRQ 1, aux port disabled.
    io.Out(0x64, 1, 0x60);
    io.Out(0x60, 1, 0x65);
  }
  // INT 15h AX=C2xxh with BH = bh; returns CF.
  bool Call(uint8_t al, uint8_t bh = 0, uint16_t es = 0, uint16_t bx_low = 0) {
    Reset();
    call.set_ax(static_cast<uint16_t>(0xC200 | al));
    call.set_bx(static_cast<uint16_t>((bh << 8) | bx_low));
    SetEs(es);
    Int15System(bios, call);
    return Carry();
  }
  // Runs the C++ part of IRQ 12 for every byte the controller raises it for; returns how many
  // times the ROM was told to call the handler, the last packet in `words`.
  int DrainIrq12(uint16_t words[4]) {
    int calls = 0;
    for (int i = 0; i < 32 && irqs.levels[12]; ++i) {
      Reset();
      Int74MouseIrq(bios, call);
      if (call.ax() == 1) {
        ++calls;
        words[0] = call.bx();
        words[1] = call.cx();
        words[2] = call.dx();
        words[3] = call.si();
      }
    }
    return calls;
  }
  Ps2Mouse mouse;
  IrqLevels irqs;
  I8042 kbc;
  PicMasks pic;
};

TEST_CASE("INT 15h C201h resets the mouse: BH = ID 00h, BL = AAh", "[bios][mouse]") {
  MouseFixture f;
  CHECK_FALSE(f.Call(0x01));
  CHECK(f.call.ah() == 0x00);
  CHECK(f.call.bh() == 0x00);
  CHECK(f.call.bl() == 0xAA);
  // IRQ 12 stays off and the keyboard is back; the aux interface is left enabled.
  CHECK((f.kbc.command_byte() & I8042::kCmdIrq12) == 0);
  CHECK((f.kbc.command_byte() & I8042::kCmdDisableKbd) == 0);
  CHECK((f.kbc.command_byte() & I8042::kCmdIrq1) != 0);
  CHECK((f.kbc.state().status & I8042::kStatusObf) == 0);
}

TEST_CASE("INT 15h C202h/C203h/C206h set and report rate, resolution, scaling", "[bios][mouse]") {
  MouseFixture f;
  CHECK_FALSE(f.Call(0x05, 3));
  CHECK_FALSE(f.Call(0x02, 6));
  CHECK(f.mouse.state().sample_rate == 200);
  CHECK_FALSE(f.Call(0x02, 0));
  CHECK(f.mouse.state().sample_rate == 10);
  CHECK_FALSE(f.Call(0x03, 3));
  CHECK(f.mouse.state().resolution == 3);
  CHECK_FALSE(f.Call(0x06, 2));
  CHECK(f.mouse.state().scaling_2to1);
  CHECK_FALSE(f.Call(0x06, 0));
  CHECK(f.call.bl() == 0x10);  // stream mode, disabled, 2:1 scaling, no buttons
  CHECK(f.call.cl() == 3);
  CHECK(f.call.dl() == 10);
  CHECK_FALSE(f.Call(0x06, 1));
  CHECK_FALSE(f.mouse.state().scaling_2to1);
}

TEST_CASE("INT 15h C204h reports the IntelliMouse ID after rates 200, 100, 80", "[bios][mouse]") {
  MouseFixture f;
  CHECK_FALSE(f.Call(0x04));
  CHECK(f.call.bh() == 0x00);
  CHECK_FALSE(f.Call(0x02, 6));
  CHECK_FALSE(f.Call(0x02, 5));
  CHECK_FALSE(f.Call(0x02, 4));
  CHECK_FALSE(f.Call(0x04));
  CHECK(f.call.bh() == 0x03);
}

TEST_CASE("INT 15h C2h rejects bad functions and inputs", "[bios][mouse]") {
  MouseFixture f;
  f.bios.log_sink = [](const std::string&) {};
  CHECK(f.Call(0x02, 7));
  CHECK(f.call.ah() == 0x02);
  CHECK(f.Call(0x03, 4));
  CHECK(f.call.ah() == 0x02);
  CHECK(f.Call(0x05, 0));
  CHECK(f.call.ah() == 0x02);
  CHECK(f.Call(0x05, 9));
  CHECK(f.call.ah() == 0x02);
  CHECK(f.Call(0x06, 3));
  CHECK(f.call.ah() == 0x02);
  CHECK(f.Call(0x00, 2));
  CHECK(f.call.ah() == 0x02);
  CHECK(f.Call(0x0A));
  CHECK(f.call.ah() == 0x01);
  // Enabling without a handler: 05h, and the mouse stays quiet.
  CHECK(f.Call(0x00, 1));
  CHECK(f.call.ah() == 0x05);
  CHECK_FALSE(f.mouse.state().enabled);
  // A handler of 0000:0000 removes it again.
  CHECK_FALSE(f.Call(0x07, 0, 0x1234, 0x56));
  CHECK_FALSE(f.Call(0x07, 0, 0, 0));
  CHECK(f.Call(0x00, 1));
  CHECK(f.call.ah() == 0x05);
}

TEST_CASE("INT 15h C2h without a mouse on the aux port is an interface error", "[bios][mouse]") {
  BiosFixture f;
  IrqLevels irqs;
  I8042 kbc(I8042::Config{}, nullptr, nullptr, &irqs);
  kbc.Attach(f.io);
  f.call.set_ax(0xC201);
  Int15System(f.bios, f.call);
  CHECK(f.Carry());
  CHECK(f.call.ah() == 0x03);
}

TEST_CASE("IRQ 12 assembles packets for the C207h handler", "[bios][mouse]") {
  MouseFixture f;
  CHECK_FALSE(f.Call(0x05, 3));
  CHECK_FALSE(f.Call(0x07, 0, 0x2000, 0x10));
  CHECK(f.bios.state.mouse_handler_segment == 0x2000);
  CHECK(f.bios.state.mouse_handler_offset == 0x0010);
  CHECK_FALSE(f.Call(0x00, 1));
  CHECK(f.mouse.state().enabled);
  CHECK((f.kbc.command_byte() & I8042::kCmdIrq12) != 0);
  CHECK((f.kbc.command_byte() & I8042::kCmdDisableAux) == 0);
  CHECK(f.pic.slave == 0xCE);  // IRQ 12 unmasked
  CHECK(f.pic.master == 0xB8);  // the cascade already was

  uint16_t w[4] = {};
  f.mouse.Move(5, 3);  // right 5, down 3: Y = -3, Y sign set
  CHECK(f.irqs.levels[12]);
  REQUIRE(f.DrainIrq12(w) == 1);
  CHECK(w[0] == 0x0028);
  CHECK(w[1] == 0x0005);
  CHECK(w[2] == 0x00FD);
  CHECK(w[3] == 0x0000);
  CHECK(f.call.es() == 0x2000);
  CHECK(f.call.di() == 0x0010);

  f.mouse.Buttons(Ps2Mouse::kLeft | Ps2Mouse::kRight);
  REQUIRE(f.DrainIrq12(w) == 1);
  CHECK(w[0] == 0x000B);
  CHECK(w[1] == 0);
  CHECK(w[2] == 0);

  f.mouse.Move(-2, -4);  // left 2, up 4
  REQUIRE(f.DrainIrq12(w) == 1);
  CHECK(w[0] == 0x001B);
  CHECK(w[1] == 0x00FE);
  CHECK(w[2] == 0x0004);

  // Disabled: the mouse stops reporting and IRQ 12 is masked at the controller.
  CHECK_FALSE(f.Call(0x00, 0));
  CHECK_FALSE(f.mouse.state().enabled);
  CHECK((f.kbc.command_byte() & I8042::kCmdIrq12) == 0);
  f.mouse.Move(1, 1);
  CHECK_FALSE(f.irqs.levels[12]);
}

TEST_CASE("IRQ 12 drops bytes until a packet start (bit 3) to regain step", "[bios][mouse]") {
  MouseFixture f;
  CHECK_FALSE(f.Call(0x05, 3));
  CHECK_FALSE(f.Call(0x07, 0, 0x2000, 0x10));
  CHECK_FALSE(f.Call(0x00, 1));
  // A stray aux byte without bit 3 (sent through the controller's D3h "as if from the aux
  // device" command) is not taken for a status byte.
  f.io.Out(0x64, 1, 0xD3);
  f.io.Out(0x60, 1, 0x05);
  uint16_t w[4] = {};
  CHECK(f.DrainIrq12(w) == 0);
  CHECK(f.bios.state.mouse_packet_count == 0);
  f.mouse.Move(1, 0);
  REQUIRE(f.DrainIrq12(w) == 1);
  CHECK(w[0] == 0x0008);
  CHECK(w[1] == 0x0001);
}


// The ROM side: a guest program installs a handler through the ROM's INT 15h entry and enables
// the mouse, then IRQ 12 enters the ROM's INT 74h handler once per byte (raised here with INT
// 74h, which enters with IF clear as the PIC's delivery does). The handler stores the four
// words it finds on its stack: [BP+12] status, [BP+10] X, [BP+8] Y, [BP+6] Z after PUSH BP.
TEST_CASE("IRQ 12 in the ROM far-calls the C207h handler with the packet", "[bios][mouse]") {
  MouseFixture f;
  f.bios.Attach(f.io);
  // The vectors POST installs from the ROM's table: count, then (vector, offset) entries.
  const uint8_t count = static_cast<uint8_t>(f.memory.Read(0xF0000 + rom::kVectorTable, 1));
  for (uint32_t i = 0; i < count; ++i) {
    const uint32_t entry = 0xF0000 + rom::kVectorTable + 1 + i * 3;
    const uint32_t vector = f.memory.Read(entry, 1);
    f.bios.Poke32(vector * 4, (uint32_t{rom::kSegment} << 16) | f.memory.Read(entry + 1, 2));
  }
  // tests/unit/bios_disk/mouse_guest.asm (nasm, org 600h): setup at 0600h, the IRQs at 0628h,
  // the handler at 0650h.
  static const std::vector<uint8_t> kGuest = {
      0xb8, 0x05, 0xc2, 0xb7, 0x03, 0xcd, 0x15, 0x72, 0x1d, 0x31, 0xc0, 0x8e, 0xc0, 0xbb, 0x50,
      0x06, 0xb8, 0x07, 0xc2, 0xcd, 0x15, 0x72, 0x0f, 0xb8, 0x00, 0xc2, 0xb7, 0x01, 0xcd, 0x15,
      0x72, 0x06, 0xc7, 0x06, 0x0a, 0x07, 0x0d, 0x60, 0xfa, 0xf4, 0xbb, 0x34, 0x12, 0xbe, 0x78,
      0x56, 0xbf, 0xbc, 0x9a, 0xbd, 0x21, 0x43, 0xcd, 0x74, 0xcd, 0x74, 0xcd, 0x74, 0x89, 0x1e,
      0x10, 0x07, 0x89, 0x36, 0x12, 0x07, 0x89, 0x3e, 0x14, 0x07, 0x89, 0x2e, 0x16, 0x07, 0x8c,
      0x06, 0x18, 0x07, 0xfa, 0xf4, 0x55, 0x89, 0xe5, 0x8b, 0x46, 0x0c, 0xa3, 0x00, 0x07, 0x8b,
      0x46, 0x0a, 0xa3, 0x02, 0x07, 0x8b, 0x46, 0x08, 0xa3, 0x04, 0x07, 0x8b, 0x46, 0x06, 0xa3,
      0x06, 0x07, 0xff, 0x06, 0x08, 0x07, 0x9c, 0x8f, 0x06, 0x1a, 0x07, 0x5d, 0xcb};
  f.Fill(0x600, kGuest);
  f.cpu.s.gpr[kEsp] = 0x7000;
  f.cpu.s.rip = 0x600;
  f.cpu.Run(10000);
  REQUIRE(f.memory.Read(0x70A, 2) == 0x600D);
  CHECK(f.mouse.state().enabled);

  f.mouse.Move(-7, 2);  // left 7, down 2
  f.cpu.s.halted = false;
  f.cpu.s.rip = 0x628;
  LoadSegmentRealMode(f.cpu, kEs, 0x3333);
  const uint32_t sp = f.cpu.s.gpr[kEsp];
  f.cpu.Run(10000);
  CHECK(f.memory.Read(0x708, 2) == 1);       // one call for the three bytes
  CHECK(f.memory.Read(0x700, 2) == 0x0038);  // status: bit 3, X sign, Y sign
  CHECK(f.memory.Read(0x702, 2) == 0x00F9);  // X = -7
  CHECK(f.memory.Read(0x704, 2) == 0x00FE);  // Y = -2
  CHECK(f.memory.Read(0x706, 2) == 0x0000);  // Z
  CHECK((f.memory.Read(0x71A, 2) & 0x0200) == 0);  // interrupts off in the handler
  CHECK(f.memory.Read(0x710, 2) == 0x1234);  // every register survives
  CHECK(f.memory.Read(0x712, 2) == 0x5678);
  CHECK(f.memory.Read(0x714, 2) == 0x9ABC);
  CHECK(f.memory.Read(0x716, 2) == 0x4321);
  CHECK(f.memory.Read(0x718, 2) == 0x3333);
  CHECK(f.cpu.s.gpr[kEsp] == sp);
}

}  // namespace
}  // namespace m86::test
