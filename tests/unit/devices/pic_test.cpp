// 8259A pair against the Intel 8259A datasheet.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "devices/pic/dual_pic.h"

using m86::DualPic;

namespace {

// The PC BIOS initialisation: master at vector 0x08, slave at 0x70, slave on IR2, 8086 mode.
void InitPc(DualPic& pic, uint8_t icw4 = 0x01) {
  pic.IoWrite(0x20, 1, 0x11);  // ICW1: edge, cascade, ICW4 needed
  pic.IoWrite(0x21, 1, 0x08);  // ICW2
  pic.IoWrite(0x21, 1, 0x04);  // ICW3: slave on IR2
  pic.IoWrite(0x21, 1, icw4);  // ICW4
  pic.IoWrite(0xA0, 1, 0x11);
  pic.IoWrite(0xA1, 1, 0x70);
  pic.IoWrite(0xA1, 1, 0x02);  // ICW3: slave id 2
  pic.IoWrite(0xA1, 1, icw4);
}

void Pulse(DualPic& pic, int irq) {
  pic.SetIrq(irq, true);
}

}  // namespace

TEST_CASE("PIC: initialisation clears the masks and INTR follows requests", "[pic]") {
  DualPic pic;
  std::vector<bool> intr;
  pic.set_intr = [&](bool v) { intr.push_back(v); };
  InitPc(pic);
  CHECK(pic.IoRead(0x21, 1) == 0);  // ICW1 clears the IMR (datasheet "Initialization")
  CHECK_FALSE(pic.intr());
  Pulse(pic, 1);
  CHECK(pic.intr());
  CHECK(intr == std::vector<bool>{true});
  CHECK(pic.Acknowledge() == 0x09);
  CHECK_FALSE(pic.intr());  // IR1 in service, nothing else pending
  pic.IoWrite(0x20, 1, 0x0B);  // OCW3: read ISR
  CHECK(pic.IoRead(0x20, 1) == 0x02);
  pic.IoWrite(0x20, 1, 0x20);  // non-specific EOI
  CHECK(pic.IoRead(0x20, 1) == 0x00);
}

TEST_CASE("PIC: fully nested priority and non-specific EOI", "[pic]") {
  DualPic pic;
  InitPc(pic);
  Pulse(pic, 4);
  Pulse(pic, 3);
  CHECK(pic.Acknowledge() == 0x0B);  // IR3 beats IR4 (IR0 highest)
  CHECK_FALSE(pic.intr());           // IR4 is blocked by IR3 in service
  Pulse(pic, 0);
  CHECK(pic.intr());  // a higher level nests
  CHECK(pic.Acknowledge() == 0x08);
  pic.IoWrite(0x20, 1, 0x0B);
  CHECK(pic.IoRead(0x20, 1) == 0x09);
  pic.IoWrite(0x20, 1, 0x20);  // clears the highest in service: IR0
  CHECK(pic.IoRead(0x20, 1) == 0x08);
  CHECK_FALSE(pic.intr());
  pic.IoWrite(0x20, 1, 0x20);
  CHECK(pic.Acknowledge() == 0x0C);
}

TEST_CASE("PIC: specific EOI, masks and IRR reads", "[pic]") {
  DualPic pic;
  InitPc(pic);
  pic.IoWrite(0x21, 1, 0x20);  // OCW1: mask IR5
  Pulse(pic, 5);
  CHECK_FALSE(pic.intr());
  pic.IoWrite(0x20, 1, 0x0A);  // OCW3: read IRR
  CHECK(pic.IoRead(0x20, 1) == 0x20);  // masked requests still show in IRR
  pic.IoWrite(0x21, 1, 0x00);
  CHECK(pic.intr());
  CHECK(pic.Acknowledge() == 0x0D);
  Pulse(pic, 6);
  pic.IoWrite(0x20, 1, 0x60 | 5);  // specific EOI for IR5
  CHECK(pic.Acknowledge() == 0x0E);
}

TEST_CASE("PIC: edge inputs need a new rising edge, level inputs (ELCR) re-request", "[pic]") {
  DualPic pic;
  InitPc(pic);
  pic.SetIrq(3, true);
  CHECK(pic.Acknowledge() == 0x0B);
  pic.IoWrite(0x20, 1, 0x20);
  CHECK_FALSE(pic.intr());  // still high, but no new edge
  pic.SetIrq(3, false);
  pic.SetIrq(3, true);
  CHECK(pic.intr());
  pic.Acknowledge();
  pic.IoWrite(0x20, 1, 0x20);
  pic.SetIrq(3, false);

  pic.IoWrite(0x4D1, 1, 0xFF);
  CHECK(pic.IoRead(0x4D1, 1) == 0xDE);  // IRQ 8 and 13 are edge only on PIIX
  pic.IoWrite(0x4D0, 1, 0xFF);
  CHECK(pic.IoRead(0x4D0, 1) == 0xF8);
  pic.SetIrq(11, true);
  CHECK(pic.Acknowledge() == 0x73);
  pic.IoWrite(0xA0, 1, 0x20);
  pic.IoWrite(0x20, 1, 0x20);
  CHECK(pic.intr());  // the level is still high: requested again
  pic.SetIrq(11, false);
  CHECK_FALSE(pic.intr());
}

TEST_CASE("PIC: cascade through IR2 returns the slave's vector", "[pic]") {
  DualPic pic;
  InitPc(pic);
  pic.SetIrq(12, true);
  pic.SetIrq(5, true);
  CHECK(pic.Acknowledge() == 0x74);  // IR2 (slave) beats master IR5
  pic.IoWrite(0x20, 1, 0x0B);
  CHECK(pic.IoRead(0x20, 1) == 0x04);
  pic.IoWrite(0xA0, 1, 0x0B);
  CHECK(pic.IoRead(0xA0, 1) == 0x10);
  CHECK_FALSE(pic.intr());
  pic.IoWrite(0xA0, 1, 0x20);
  pic.IoWrite(0x20, 1, 0x20);
  CHECK(pic.Acknowledge() == 0x0D);
  // Masking IR2 on the master hides the whole slave.
  pic.IoWrite(0x20, 1, 0x20);
  pic.IoWrite(0x21, 1, 0x04);
  pic.SetIrq(9, true);
  CHECK_FALSE(pic.intr());
  pic.IoWrite(0x21, 1, 0x00);
  CHECK(pic.Acknowledge() == 0x71);
}

TEST_CASE("PIC: spurious IRQ 7 when the request vanishes before INTA", "[pic]") {
  DualPic pic;
  InitPc(pic);
  pic.SetIrq(4, true);
  CHECK(pic.intr());
  pic.SetIrq(4, false);  // the datasheet requires IR to stay high until INTA
  CHECK(pic.Acknowledge() == 0x0F);
  pic.IoWrite(0x20, 1, 0x0B);
  CHECK(pic.IoRead(0x20, 1) == 0x00);  // a spurious IR7 sets no ISR bit

  // A slave request that goes away before INTA takes the master's cascade input with it
  // (IR2 follows the slave's INT), so the CPU again sees the master's IR7.
  pic.IoWrite(0x4D1, 1, 0x08);  // IRQ 11 level-triggered
  pic.SetIrq(11, true);
  CHECK(pic.intr());
  pic.SetIrq(11, false);
  CHECK(pic.Acknowledge() == 0x0F);
}

TEST_CASE("PIC: special fully nested mode lets a higher slave request nest", "[pic]") {
  DualPic pic;
  InitPc(pic, 0x11);  // ICW4: 8086, SFNM (the slave ignores SFNM)
  pic.SetIrq(12, true);
  CHECK(pic.Acknowledge() == 0x74);
  pic.SetIrq(9, true);
  CHECK(pic.intr());  // master IR2 in service does not block its own slave in SFNM
  CHECK(pic.Acknowledge() == 0x71);
  pic.SetIrq(13, true);
  CHECK_FALSE(pic.intr());  // lower than the slave's IR1/IR4 in service

  DualPic plain;
  InitPc(plain);
  plain.SetIrq(12, true);
  plain.Acknowledge();
  plain.SetIrq(9, true);
  CHECK_FALSE(plain.intr());  // fully nested: IR2 in service blocks the whole slave
}

TEST_CASE("PIC: automatic EOI and rotation", "[pic]") {
  DualPic pic;
  InitPc(pic, 0x03);  // ICW4: 8086, AEOI
  pic.SetIrq(1, true);
  CHECK(pic.Acknowledge() == 0x09);
  pic.IoWrite(0x20, 1, 0x0B);
  CHECK(pic.IoRead(0x20, 1) == 0x00);  // AEOI leaves nothing in service

  DualPic rot;
  InitPc(rot);
  rot.SetIrq(1, true);
  rot.SetIrq(5, true);
  CHECK(rot.Acknowledge() == 0x09);
  rot.IoWrite(0x20, 1, 0xA0);  // rotate on non-specific EOI: IR1 becomes the lowest
  rot.SetIrq(1, false);
  rot.SetIrq(1, true);
  CHECK(rot.Acknowledge() == 0x0D);  // IR5 now outranks IR1
  rot.IoWrite(0x20, 1, 0xC0 | 4);    // set priority: IR4 lowest, IR5 highest
  rot.IoWrite(0x20, 1, 0x60 | 5);
  rot.SetIrq(0, true);
  CHECK(rot.Acknowledge() == 0x08);  // IR0 ranks above IR1 (IR5 idle)
  rot.IoWrite(0x20, 1, 0xE0 | 0);    // rotate on specific EOI: IR0 lowest
  CHECK(rot.Acknowledge() == 0x09);
}

TEST_CASE("PIC: special mask mode lets lower levels through", "[pic]") {
  DualPic pic;
  InitPc(pic);
  pic.SetIrq(3, true);
  CHECK(pic.Acknowledge() == 0x0B);
  pic.SetIrq(6, true);
  CHECK_FALSE(pic.intr());
  pic.IoWrite(0x21, 1, 0x08);  // mask the in-service level
  pic.IoWrite(0x20, 1, 0x68);  // OCW3: set special mask mode
  CHECK(pic.intr());
  CHECK(pic.Acknowledge() == 0x0E);
  pic.IoWrite(0x20, 1, 0x48);  // reset special mask mode
  pic.IoWrite(0x20, 1, 0x0A);
}

TEST_CASE("PIC: poll mode reads the highest request and acknowledges it", "[pic]") {
  DualPic pic;
  InitPc(pic);
  pic.IoWrite(0x20, 1, 0x0C);  // OCW3: poll
  CHECK(pic.IoRead(0x20, 1) == 0x00);  // no request: I = 0
  pic.SetIrq(6, true);
  pic.SetIrq(7, true);
  pic.IoWrite(0x20, 1, 0x0C);
  CHECK(pic.IoRead(0x20, 1) == 0x86);
  pic.IoWrite(0x20, 1, 0x0B);
  CHECK(pic.IoRead(0x20, 1) == 0x40);  // the poll set ISR like an INTA
  CHECK(pic.IoRead(0x20, 1) == 0x40);  // and only one read was a poll
}

TEST_CASE("PIC: MCS-80 mode is reported, not silently accepted", "[pic]") {
  DualPic pic;
  std::vector<std::string> logs;
  pic.log = [&](const std::string& m) { logs.push_back(m); };
  pic.IoWrite(0x20, 1, 0x13);  // single, ICW4
  pic.IoWrite(0x21, 1, 0x08);
  pic.IoWrite(0x21, 1, 0x00);  // ICW4 uPM = 0
  REQUIRE(logs.size() == 1);
  CHECK(logs[0].find("MCS-80") != std::string::npos);
}
