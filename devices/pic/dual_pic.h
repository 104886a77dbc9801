// The PC's cascaded 8259A pair (master at 0x20-0x21, slave at 0xA0-0xA1 on master IR2) with
// the PIIX edge/level control registers at 0x4D0-0x4D1. Drives the CPU's INTR line and answers
// its interrupt acknowledge cycle.
#pragma once
#include <cstdint>
#include <functional>
#include <set>
#include <string>

#include "cpu/bus.h"
#include "devices/io/io_bus.h"
#include "devices/irq/irq_line.h"
#include "devices/pic/pic8259.h"

namespace m86 {

struct DualPicState {
  PicChipState master, slave;
  uint8_t elcr[2] = {0, 0};  // PIIX ELCR1/ELCR2: 1 = level-triggered IRQ
  bool intr = false;         // last level driven on the CPU's INTR
};

class DualPic final : public IoDevice, public IrqSink, public InterruptController {
 public:
  std::function<void(bool)> set_intr;              // the CPU's INTR input
  std::function<void(const std::string&)> log;     // unsupported commands (once each)

  // Maps 0x20-0x21, 0xA0-0xA1 and 0x4D0-0x4D1.
  void Attach(IoBus& bus);
  uint32_t IoRead(uint16_t port, int size) override;
  void IoWrite(uint16_t port, int size, uint32_t value) override;
  void SetIrq(int irq, bool level) override;
  uint8_t Acknowledge() override;

  const DualPicState& state() const { return state_; }
  bool intr() const { return state_.intr; }

 private:
  uint8_t ReadByte(uint16_t port);
  void WriteByte(uint16_t port, uint8_t value);
  uint8_t Poll(PicChipState& chip, bool is_master);
  void ApplySenseModes();
  void Update();  // propagates the slave's INT to master IR2 and the master's INT to INTR
  void Unsupported(const char* what);

  DualPicState state_;
  std::set<std::string> logged_;
};

}  // namespace m86
