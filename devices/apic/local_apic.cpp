#include "devices/apic/local_apic.h"

#include <cstdio>

namespace m86 {
namespace {

constexpr uint32_t kMasked = 1u << 16, kSoftwareEnable = 1u << 8;
// Writable bits of each LVT entry (SDM Vol. 3A, Figure 11-8).
constexpr std::array<uint32_t, 7> kLvtWritable = {
    0x000107FF,  // CMCI: vector, delivery mode, mask
    0x000700FF,  // timer: vector, mask, timer mode (bits 18:17)
    0x000107FF,  // thermal
    0x000107FF,  // performance counters
    0x0001A7FF,  // LINT0: vector, delivery mode, polarity, trigger mode, mask
    0x0001A7FF,  // LINT1
    0x000100FF,  // error: vector, mask
};
// ESR bits (SDM 11.5.3).
constexpr uint32_t kSendAcceptError = 1u << 2, kSendIllegalVector = 1u << 5,
                   kReceiveIllegalVector = 1u << 6, kIllegalRegister = 1u << 7;

}  // namespace

LocalApic::LocalApic(Scheduler& scheduler) : scheduler_(scheduler) { Reset(); }

LocalApic::~LocalApic() {
  if (timer_event_) scheduler_.Cancel(timer_event_);
}

// Power-on and INIT state (SDM 11.4.7.1): everything clear but the ID, DFR all ones, the
// spurious vector FFh with the APIC software-disabled, and every LVT entry masked.
void LocalApic::Reset(bool bootstrap_processor) {
  const uint8_t id = state_.id;
  state_ = LocalApicState{};
  state_.id = id;
  state_.lvt.fill(kMasked);
  if (bootstrap_processor) state_.lvt[kLvtLint0] = 0x700;
  if (timer_event_) scheduler_.Cancel(timer_event_);
  timer_event_ = 0;
}

void LocalApic::LogOnce(const std::string& what) {
  if (log) {
    log(what);
  } else {
    std::fprintf(stderr, "local apic: %s\n", what.c_str());
  }
}

int LocalApic::Highest(const std::array<uint32_t, 8>& bits) {
  for (int word = 7; word >= 0; --word) {
    if (!bits[word]) continue;
    for (int bit = 31; bit >= 0; --bit) {
      if (bits[word] & (1u << bit)) return word * 32 + bit;
    }
  }
  return -1;
}

void LocalApic::SetBit(std::array<uint32_t, 8>& bits, uint8_t v, bool on) {
  if (on) {
    bits[v >> 5] |= 1u << (v & 31);
  } else {
    bits[v >> 5] &= ~(1u << (v & 31));
  }
}

void LocalApic::Error(uint32_t bit) {
  state_.esr_pending |= bit;
  const uint32_t lvt = state_.lvt[kLvtError];
  if (!(lvt & kMasked)) Accept(static_cast<uint8_t>(lvt), false);
}

void LocalApic::Accept(uint8_t vector, bool level) {
  if (vector < 16) {
    // Vectors 0-15 are illegal for fixed interrupts (SDM 11.5.2).
    Error(kReceiveIllegalVector);
    return;
  }
  SetBit(state_.irr, vector, true);
  SetBit(state_.tmr, vector, level);
  if (on_change) on_change();
}

void LocalApic::Deliver(const ApicMessage& m) {
  switch (m.mode) {
    case ApicDeliveryMode::kFixed:
    case ApicDeliveryMode::kLowestPriority: Accept(m.vector, m.level); return;
    case ApicDeliveryMode::kNmi:
      if (on_nmi) on_nmi();
      return;
    case ApicDeliveryMode::kExtInt:
      if (on_extint) on_extint();
      return;
    case ApicDeliveryMode::kInit:
      if (on_init) on_init();
      return;
    case ApicDeliveryMode::kSmi:
    case ApicDeliveryMode::kStartup:
      LogOnce(m.mode == ApicDeliveryMode::kSmi ? "SMI delivery is not implemented"
                                               : "startup IPIs need a second processor");
      return;
  }
}

void LocalApic::SetLint(int pin, bool level) {
  const uint32_t lvt = state_.lvt[pin == 0 ? kLvtLint0 : kLvtLint1];
  if ((lvt & kMasked) || !level) return;
  switch ((lvt >> 8) & 7) {
    case 0: Accept(static_cast<uint8_t>(lvt), (lvt >> 15) & 1); return;  // fixed
    case 4:
      if (on_nmi) on_nmi();
      return;
    case 7:
      if (on_extint) on_extint();
      return;
    default: LogOnce("LINT delivery mode " + std::to_string((lvt >> 8) & 7) + " is not implemented");
  }
}

uint8_t LocalApic::Ppr() const {
  const int isrv = Highest(state_.isr);
  const uint8_t isr_class = isrv < 0 ? 0 : static_cast<uint8_t>(isrv & 0xF0);
  return (state_.tpr & 0xF0) >= isr_class ? state_.tpr : isr_class;
}

int LocalApic::PendingVector() const {
  if (!software_enabled()) return -1;
  const int v = Highest(state_.irr);
  if (v < 0 || (v & 0xF0) <= (Ppr() & 0xF0)) return -1;
  return v;
}

uint8_t LocalApic::Acknowledge() {
  const int v = PendingVector();
  if (v < 0) return static_cast<uint8_t>(state_.svr);  // a spurious interrupt (SDM 11.9)
  SetBit(state_.irr, static_cast<uint8_t>(v), false);
  SetBit(state_.isr, static_cast<uint8_t>(v), true);
  if (on_change) on_change();
  return static_cast<uint8_t>(v);
}

// The timer (SDM 11.5.4): the divide configuration's bits 0, 1 and 3 select 2, 4, ..., 128
// or 1; one tick of the divided 1 GHz bus clock per count.
uint64_t LocalApic::TimerPeriodNs() const {
  const uint32_t code = (state_.timer_divide & 3) | ((state_.timer_divide >> 1) & 4);
  const uint64_t divisor = code == 7 ? 1 : 2u << code;
  return uint64_t{state_.timer_initial} * divisor;
}

uint32_t LocalApic::TimerCurrentCount() const {
  if (TscDeadlineMode() || !state_.timer_running || state_.timer_initial == 0) return 0;
  const uint64_t period = TimerPeriodNs();
  const uint64_t per_count = period / state_.timer_initial;
  uint64_t elapsed = scheduler_.now() - state_.timer_start_ns;
  const bool periodic = ((state_.lvt[kLvtTimer] >> 17) & 3) == 1;
  if (periodic) {
    elapsed %= period;
  } else if (elapsed >= period) {
    return 0;
  }
  return static_cast<uint32_t>(state_.timer_initial - elapsed / per_count);
}

void LocalApic::WriteTscDeadline(uint64_t deadline, uint64_t tsc_now) {
  if (!TscDeadlineMode()) return;
  state_.tsc_deadline = deadline;
  state_.tsc_deadline_ns = scheduler_.now() + (deadline > tsc_now ? deadline - tsc_now : 0);
  ScheduleTimer();
}

void LocalApic::StartTimer() {
  state_.timer_start_ns = scheduler_.now();
  state_.timer_running = state_.timer_initial != 0;
  ScheduleTimer();
}

void LocalApic::ScheduleTimer() {
  if (timer_event_) scheduler_.Cancel(timer_event_);
  timer_event_ = 0;
  uint64_t due = 0;
  if (TscDeadlineMode()) {
    if (state_.tsc_deadline == 0) return;
    due = state_.tsc_deadline_ns;
  } else {
    if (!state_.timer_running) return;
    due = state_.timer_start_ns + TimerPeriodNs();
  }
  timer_event_ = scheduler_.ScheduleAt(due, [this] {
    timer_event_ = 0;
    TimerFired();
  });
}

void LocalApic::TimerFired() {
  const uint32_t lvt = state_.lvt[kLvtTimer];
  if (!(lvt & kMasked)) Accept(static_cast<uint8_t>(lvt), false);
  if (TscDeadlineMode()) {
    state_.tsc_deadline = 0;  // the timer disarms itself and clears the MSR
  } else if (((lvt >> 17) & 3) == 1) {
    state_.timer_start_ns += TimerPeriodNs();  // periodic: reload and count again
    ScheduleTimer();
  } else {
    state_.timer_running = false;
  }
}

uint32_t LocalApic::ReadRegister(uint32_t offset) {
  const auto bitmap = [&](const std::array<uint32_t, 8>& bits, uint32_t first) {
    return bits[(offset - first) >> 4];
  };
  switch (offset) {
    case 0x020: return uint32_t{state_.id} << 24;
    case 0x030: return 0x00050014;  // version 14h (P6 family), six LVT entries
    case 0x080: return state_.tpr;
    case 0x090: return 0;  // arbitration priority: one processor
    case 0x0A0: return Ppr();
    case 0x0B0: return 0;  // EOI is write-only
    case 0x0D0: return state_.ldr;
    case 0x0E0: return state_.dfr;
    case 0x0F0: return state_.svr;
    case 0x280: return state_.esr;
    case 0x2F0: return state_.lvt[kLvtCmci];
    case 0x300: return state_.icr_low;
    case 0x310: return state_.icr_high;
    case 0x320: return state_.lvt[kLvtTimer];
    case 0x330: return state_.lvt[kLvtThermal];
    case 0x340: return state_.lvt[kLvtPerf];
    case 0x350: return state_.lvt[kLvtLint0];
    case 0x360: return state_.lvt[kLvtLint1];
    case 0x370: return state_.lvt[kLvtError];
    case 0x380: return state_.timer_initial;
    case 0x390: return TimerCurrentCount();
    case 0x3E0: return state_.timer_divide;
    default:
      if (offset >= 0x100 && offset < 0x180) return bitmap(state_.isr, 0x100);
      if (offset >= 0x180 && offset < 0x200) return bitmap(state_.tmr, 0x180);
      if (offset >= 0x200 && offset < 0x280) return bitmap(state_.irr, 0x200);
      Error(kIllegalRegister);
      return 0;
  }
}

void LocalApic::WriteRegister(uint32_t offset, uint32_t value) {
  const auto write_lvt = [&](int index) {
    uint32_t v = (state_.lvt[index] & ~kLvtWritable[index]) | (value & kLvtWritable[index]);
    if (!software_enabled()) v |= kMasked;  // SDM 11.4.7.2: masks stay set while disabled
    state_.lvt[index] = v;
  };
  switch (offset) {
    case 0x020: state_.id = static_cast<uint8_t>(value >> 24); return;
    case 0x080:
      state_.tpr = static_cast<uint8_t>(value);
      if (on_change) on_change();
      return;
    case 0x0B0: {  // EOI: the highest in-service vector is done
      const int v = Highest(state_.isr);
      if (v < 0) return;
      SetBit(state_.isr, static_cast<uint8_t>(v), false);
      if ((state_.tmr[v >> 5] >> (v & 31)) & 1) {
        if (on_eoi) on_eoi(static_cast<uint8_t>(v));
      }
      if (on_change) on_change();
      return;
    }
    case 0x0D0: state_.ldr = value & 0xFF000000; return;
    case 0x0E0: state_.dfr = value | 0x0FFFFFFF; return;
    case 0x0F0:
      // P6-family processors hardwire the vector's bits 3:0 to 1 (SDM 11.9).
      state_.svr = (value & 0x3F0) | 0x0F;
      if (!software_enabled()) {
        for (uint32_t& e : state_.lvt) e |= kMasked;
      }
      if (on_change) on_change();
      return;
    case 0x280:  // a write latches the errors seen since the last one (SDM 11.5.3)
      state_.esr = state_.esr_pending;
      state_.esr_pending = 0;
      return;
    case 0x2F0: write_lvt(kLvtCmci); return;
    case 0x300: {
      state_.icr_low = value & ~(1u << 12);  // delivery status: always idle
      const uint8_t vector = static_cast<uint8_t>(value);
      const uint32_t shorthand = (value >> 18) & 3;
      const uint32_t mode = (value >> 8) & 7;
      const bool to_self = shorthand == 1 || shorthand == 2 ||
                           (shorthand == 0 && ((state_.icr_high >> 24) == state_.id ||
                                               (state_.icr_high >> 24) == 0xFF));
      if (mode == 0 && vector < 16) {
        Error(kSendIllegalVector);
      } else if (!to_self) {
        Error(kSendAcceptError);  // no other processor accepts it
      } else if (mode == 0) {
        Accept(vector, false);
      } else {
        LogOnce("IPI delivery mode " + std::to_string(mode) + " to this processor is not implemented");
      }
      return;
    }
    case 0x310: state_.icr_high = value & 0xFF000000; return;
    case 0x320: {
      const uint32_t old_mode = (state_.lvt[kLvtTimer] >> 17) & 3;
      write_lvt(kLvtTimer);
      const uint32_t mode = (state_.lvt[kLvtTimer] >> 17) & 3;
      if (mode == 3) LogOnce("the reserved timer mode 3");
      // Entering or leaving TSC-deadline mode disarms the timer (11.5.4.1).
      if ((mode == 2) != (old_mode == 2)) {
        state_.tsc_deadline = 0;
        state_.timer_running = false;
      }
      if (mode != old_mode) ScheduleTimer();
      return;
    }
    case 0x330: write_lvt(kLvtThermal); return;
    case 0x340: write_lvt(kLvtPerf); return;
    case 0x350: write_lvt(kLvtLint0); return;
    case 0x360: write_lvt(kLvtLint1); return;
    case 0x370: write_lvt(kLvtError); return;
    case 0x380:
      if (TscDeadlineMode()) return;  // the initial count is ignored in TSC-deadline mode
      state_.timer_initial = value;
      StartTimer();
      return;
    case 0x3E0: {
      // The count goes on from where it is, at the new rate.
      const uint32_t current = TimerCurrentCount();
      state_.timer_divide = value & 0xB;
      if (state_.timer_running && state_.timer_initial) {
        const uint64_t per_count = TimerPeriodNs() / state_.timer_initial;
        state_.timer_start_ns = scheduler_.now() - uint64_t{state_.timer_initial - current} * per_count;
        ScheduleTimer();
      }
      return;
    }
    default:
      // Read-only registers (version, PPR, APR, ISR, TMR, IRR, current count) ignore writes.
      if (offset == 0x030 || offset == 0x090 || offset == 0x0A0 || offset == 0x390 ||
          (offset >= 0x100 && offset < 0x280)) {
        return;
      }
      Error(kIllegalRegister);
  }
}

uint32_t LocalApic::MmioRead(uint32_t addr, int size) {
  const uint32_t offset = addr - base_;
  const uint32_t v = ReadRegister(offset & 0xFF0) >> (8 * (offset & 3));
  return size == 4 ? v : v & ((1u << (8 * size)) - 1);
}

void LocalApic::MmioWrite(uint32_t addr, int size, uint32_t value) {
  const uint32_t offset = addr - base_;
  if (size != 4 || (offset & 0xF)) return;  // registers take aligned dwords (SDM 11.4.1)
  WriteRegister(offset, value);
}

}  // namespace m86
