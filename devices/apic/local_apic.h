// The local APIC (Intel SDM Vol. 3A, chapter 11) as a device: its register page (0xFEE00000
// by default), the IRR/ISR/TMR bitmaps and priorities (11.8), EOI with the broadcast to I/O
// APICs for level-triggered vectors, the local vector table, the error status register, the
// spurious-interrupt vector register with the software enable, self-IPIs through the ICR,
// and the timer in one-shot, periodic and TSC-deadline modes with its divide register (11.5.4,
// 11.5.4.1). The APIC
// bus runs at 1 GHz here, so a timer tick of divide 1 is one nanosecond of virtual time.
// The CPU asks it for the next interrupt (PendingVector/Acknowledge); LINT0/LINT1 carry the
// 8259's INTR (ExtINT) and NMI as the LVT programs them.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <string>

#include "cpu/phys_memory.h"
#include "devices/apic/apic_bus.h"
#include "devices/time/scheduler.h"

namespace m86 {

struct LocalApicState {
  uint8_t id = 0;
  uint8_t tpr = 0;
  uint32_t ldr = 0, dfr = 0xFFFFFFFF, svr = 0xFF;
  std::array<uint32_t, 8> isr{}, irr{}, tmr{};
  uint32_t esr = 0, esr_pending = 0;  // ESR reads what the last write latched
  // LVT: CMCI, timer, thermal, performance counters, LINT0, LINT1, error.
  std::array<uint32_t, 7> lvt{};
  uint32_t icr_low = 0, icr_high = 0;
  uint32_t timer_initial = 0, timer_divide = 0;
  uint64_t timer_start_ns = 0;  // when the current count was last loaded with the initial
  bool timer_running = false;
  // TSC-deadline mode (11.5.4.1): the IA32_TSC_DEADLINE value (0: disarmed) and the virtual time
  // it falls due.
  uint64_t tsc_deadline = 0;
  uint64_t tsc_deadline_ns = 0;
};

class LocalApic final : public MmioHandler, public ApicBus {
 public:
  static constexpr uint32_t kDefaultBase = 0xFEE00000;
  enum Lvt { kLvtCmci, kLvtTimer, kLvtThermal, kLvtPerf, kLvtLint0, kLvtLint1, kLvtError };

  explicit LocalApic(Scheduler& scheduler);
  ~LocalApic() override;
  // Power-on, RESET and INIT (SDM 11.4.7.1). The bootstrap processor of a PC also gets LINT0
  // as ExtINT, unmasked (virtual wire mode), as firmware leaves it, so the 8259 reaches the
  // CPU until software programs the APIC: QEMU's PC does the same.
  void Reset(bool bootstrap_processor = false);

  // A message from the APIC bus for this APIC (fixed, NMI, INIT, ExtINT...).
  void Deliver(const ApicMessage& message) override;
  // The LINT0/LINT1 pins (0, 1): what the LVT entry says happens on an assertion.
  void SetLint(int pin, bool level);

  // The vector the CPU should take now (-1: none): the highest IRR vector whose priority
  // class is above the processor priority, with the APIC software-enabled.
  int PendingVector() const;
  // The CPU accepts the pending vector: IRR to ISR. Returns it.
  uint8_t Acknowledge();
  bool software_enabled() const { return state_.svr & 0x100; }

  uint32_t ReadRegister(uint32_t offset);
  void WriteRegister(uint32_t offset, uint32_t value);
  uint32_t MmioRead(uint32_t addr, int size) override;
  void MmioWrite(uint32_t addr, int size, uint32_t value) override;
  void set_base(uint32_t base) { base_ = base; }

  uint32_t TimerCurrentCount() const;
  // IA32_TSC_DEADLINE (MSR 6E0h) as the CPU reaches it: `tsc_now` is the time-stamp counter at
  // the access, which runs at 1 GHz like the APIC's clock here. Outside TSC-deadline mode the
  // MSR reads 0 and writes are ignored; a write of 0 disarms; a deadline already passed fires
  // at once (11.5.4.1).
  void WriteTscDeadline(uint64_t deadline, uint64_t tsc_now);
  uint64_t ReadTscDeadline() const { return state_.tsc_deadline; }
  uint8_t Ppr() const;
  const LocalApicState& state() const { return state_; }

  std::function<void(uint8_t vector)> on_eoi;       // level-triggered EOI for I/O APICs
  std::function<void()> on_nmi, on_init, on_extint;  // events the CPU takes from the APIC
  std::function<void()> on_change;                  // the pending vector may have changed
  std::function<void(const std::string&)> log;      // stderr when empty

 private:
  static int Highest(const std::array<uint32_t, 8>& bits);  // -1 when empty
  void SetBit(std::array<uint32_t, 8>& bits, uint8_t v, bool on);
  void Accept(uint8_t vector, bool level);
  void Error(uint32_t bit);
  uint64_t TimerPeriodNs() const;
  void StartTimer();
  void ScheduleTimer();
  void TimerFired();
  bool TscDeadlineMode() const { return ((state_.lvt[kLvtTimer] >> 17) & 3) == 2; }
  void LogOnce(const std::string& what);

  Scheduler& scheduler_;
  LocalApicState state_;
  uint32_t base_ = kDefaultBase;
  Scheduler::EventId timer_event_ = 0;
};

}  // namespace m86
