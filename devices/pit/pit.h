// The PC's Intel 8254 programmable interval timer at 0x40-0x43 (8254 datasheet) and the
// system control port B at 0x61 (speaker gate/data, channel 2 output, refresh toggle).
// Counters run on the Scheduler's virtual time: counts are computed from elapsed ticks, and an
// event is scheduled only for channel 0's next output change, which drives IRQ 0.
#pragma once
#include <cstdint>

#include "devices/io/io_bus.h"
#include "devices/irq/irq_line.h"
#include "devices/pit/pit_counter.h"
#include "devices/time/scheduler.h"

namespace m86 {

struct PitState {
  PitCounterState counter[3];
  uint8_t port_b = 0;  // port 0x61 bits 3:0 as written
  bool irq0 = false;   // level last driven on IRQ 0
};

class Pit final : public IoDevice {
 public:
  static constexpr uint64_t kClockHz = 1193182;
  static constexpr uint64_t kRefreshNs = 15000;  // port 0x61 bit 4 toggles this often

  Pit(Scheduler& scheduler, IrqSink* irq) : scheduler_(scheduler), irq_(irq) {
    state_.counter[2].gate = false;  // port 0x61 bit 0 starts clear
  }
  ~Pit() override;
  // Maps 0x40-0x43 and 0x61.
  void Attach(IoBus& bus);
  uint32_t IoRead(uint16_t port, int size) override;
  void IoWrite(uint16_t port, int size, uint32_t value) override;

  // OUT of counter `channel` at the current virtual time.
  bool Out(int channel);
  const PitState& state() const { return state_; }

  // Clock ticks elapsed by `ns`, and the time of tick `k` (the first ns it has happened by).
  static uint64_t TicksAt(uint64_t ns);
  static uint64_t TimeOfTick(uint64_t k);

 private:
  uint8_t ReadByte(uint16_t port);
  void WriteByte(uint16_t port, uint8_t value);
  void WriteControl(uint8_t value);
  void UpdateChannel0();  // drives IRQ 0 and schedules the next output change
  uint64_t Now() const { return TicksAt(scheduler_.now()); }

  PitState state_;
  Scheduler& scheduler_;
  IrqSink* irq_;
  Scheduler::EventId event_ = 0;
};

}  // namespace m86
