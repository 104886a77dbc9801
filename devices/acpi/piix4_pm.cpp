#include "devices/acpi/piix4_pm.h"

#include <cstdio>

namespace m86 {
namespace {

// Configuration registers (82371AB 3.3).
constexpr uint8_t kPmba = 0x40, kPmRegMisc = 0x80, kSmbBa = 0x90, kSmbHstCfg = 0xD2;
// PM I/O registers (82371AB 3.4) and their bits.
constexpr uint16_t kPmSts = 0x00, kPmEn = 0x02, kPmCntrl = 0x04, kPmTmr = 0x08;
constexpr uint16_t kTmrOf = 1 << 0, kGbl = 1 << 5, kPwrBtn = 1 << 8, kRtc = 1 << 10,
                   kWak = 1 << 15;
constexpr uint16_t kSciEn = 1 << 0, kSusEn = 1 << 13;
constexpr uint16_t kStatusBits = kTmrOf | (1 << 4) | kGbl | kPwrBtn | kRtc | kWak;
constexpr uint16_t kEnableBits = kTmrOf | kGbl | kPwrBtn | kRtc;

// Timer ticks at `ns` of virtual time, without overflowing 64 bits.
uint64_t TicksAt(uint64_t ns) {
  constexpr uint64_t kNsPerS = 1'000'000'000;
  return ns / kNsPerS * Piix4Pm::kTimerHz + ns % kNsPerS * Piix4Pm::kTimerHz / kNsPerS;
}

// The first virtual time at which the count reaches `ticks`.
uint64_t NsAtTicks(uint64_t ticks) {
  constexpr uint64_t kNsPerS = 1'000'000'000;
  const uint64_t whole = ticks / Piix4Pm::kTimerHz, part = ticks % Piix4Pm::kTimerHz;
  return whole * kNsPerS + (part * kNsPerS + Piix4Pm::kTimerHz - 1) / Piix4Pm::kTimerHz;
}

}  // namespace

Piix4Pm::Piix4Pm(IoBus& bus, Scheduler& scheduler, IrqSink& irq)
    : PciFunction({.vendor = 0x8086, .device = 0x7113, .revision = 0x03,
                   .class_code = 0x068000, .interrupt_pin = 1}),
      bus_(bus), scheduler_(scheduler), irq_(irq) {
  Define(kPmba, 4, 0x00000001, 0x0000FFC0);  // I/O, 64-byte aligned
  Define(kPmRegMisc, 1, 0x00, 0x01);          // PMIOSE
  Define(kSmbBa, 4, 0x00000001, 0x0000FFF0);
  Define(kSmbHstCfg, 1, 0x00, 0x0F);
  // DEVACTB (82371AB 3.3.x, 58h): APMC_EN (bit 25) reads set. There is no SMM here, so writes to
  // the APM control port can raise no SMI; firmware that sees the bit set takes SMM as set up
  // already and skips its SMI handshake (SeaBIOS does, as on QEMU without SMM).
  Define(0x58, 4, 0x02000000);
}

Piix4Pm::~Piix4Pm() {
  if (overflow_event_) scheduler_.Cancel(overflow_event_);
}

void Piix4Pm::LogOnce(const std::string& what) {
  if (log) {
    log(what);
  } else {
    std::fprintf(stderr, "piix4-pm: %s\n", what.c_str());
  }
}

void Piix4Pm::OnConfigWrite(uint8_t offset, int size) {
  const auto touches = [&](uint8_t reg, int n) { return offset < reg + n && offset + size > reg; };
  if (touches(kPmba, 4) || touches(kPmRegMisc, 1)) Remap();
  if (touches(kSmbHstCfg, 1) && (Read(kSmbHstCfg, 1) & 1) && !logged_smbus_) {
    logged_smbus_ = true;
    LogOnce("the SMBus host controller is not implemented");
  }
}

void Piix4Pm::Remap() {
  const uint16_t base = (Read(kPmRegMisc, 1) & 1) ? static_cast<uint16_t>(Read(kPmba, 4) & 0xFFC0) : 0;
  if (base == state_.mapped_base) return;
  if (state_.mapped_base) bus_.Unmap(this, state_.mapped_base, state_.mapped_base + 63);
  state_.mapped_base = base;
  if (base) bus_.Map(this, base, base + 63);
}

uint32_t Piix4Pm::TimerCount() const {
  return static_cast<uint32_t>(TicksAt(scheduler_.now()) & 0xFFFFFF);
}

void Piix4Pm::UpdateSci() {
  const bool level = (state_.pm1_control & kSciEn) &&
                     (state_.pm1_status & state_.pm1_enable & kEnableBits);
  if (level != state_.sci) {
    state_.sci = level;
    irq_.SetIrq(kSciIrq, level);
  }
}

// TMROF_STS is set each time bit 23 of the count changes (every 2^23 ticks, about 2.34 s);
// the event exists only while the guest enabled that interrupt.
void Piix4Pm::ScheduleOverflow() {
  if (overflow_event_) scheduler_.Cancel(overflow_event_);
  overflow_event_ = 0;
  if (!(state_.pm1_enable & kTmrOf)) return;
  const uint64_t next = (TicksAt(scheduler_.now()) / (1u << 23) + 1) * (1u << 23);
  overflow_event_ = scheduler_.ScheduleAt(NsAtTicks(next), [this] {
    overflow_event_ = 0;
    state_.pm1_status |= kTmrOf;
    UpdateSci();
    ScheduleOverflow();
  });
}

uint32_t Piix4Pm::ReadRegister(uint16_t reg) {
  switch (reg) {
    case kPmSts: return state_.pm1_status;
    case kPmEn: return state_.pm1_enable;
    case kPmCntrl: return state_.pm1_control & ~kSusEn;  // SUS_EN reads zero
    case kPmTmr: return TimerCount();
    default: return 0;  // general-purpose and global registers: nothing wired to them
  }
}

void Piix4Pm::WriteRegister(uint16_t reg, uint16_t value) {
  switch (reg) {
    case kPmSts:
      state_.pm1_status &= static_cast<uint16_t>(~(value & kStatusBits));
      UpdateSci();
      return;
    case kPmEn:
      state_.pm1_enable = value & kEnableBits;
      ScheduleOverflow();
      UpdateSci();
      return;
    case kPmCntrl: {
      state_.pm1_control = value & 0x1C07;  // SCI_EN, BRLD_EN_BM, GBL_RLS, SUS_TYP
      UpdateSci();
      if (!(value & kSusEn)) return;
      const int type = (value >> 10) & 7;
      if (type == 0) {
        if (on_power_off) on_power_off();
      } else if (!logged_sleep_) {
        logged_sleep_ = true;
        LogOnce("sleep state SLP_TYP " + std::to_string(type) +
                " (suspend) is not implemented; the guest keeps running");
      }
      return;
    }
    default: return;
  }
}

uint32_t Piix4Pm::IoRead(uint16_t port, int size) {
  const uint16_t offset = static_cast<uint16_t>(port - state_.mapped_base);
  // Registers are 16 bits wide (the timer 32); narrower reads take their bytes.
  const uint16_t reg = offset & ~1u;
  if (offset >= kPmTmr && offset < kPmTmr + 4) {
    return TimerCount() >> (8 * (offset - kPmTmr));
  }
  uint32_t v = ReadRegister(reg) >> (8 * (offset & 1));
  if (size == 4 && reg + 2 < 0x40) v |= ReadRegister(reg + 2) << 16;
  return size == 1 ? v & 0xFF : size == 2 ? v & 0xFFFF : v;
}

void Piix4Pm::IoWrite(uint16_t port, int size, uint32_t value) {
  const uint16_t offset = static_cast<uint16_t>(port - state_.mapped_base);
  const uint16_t reg = offset & ~1u;
  if (size == 1) {
    // A byte goes into its half of the register; the other half keeps its value (status
    // bits, which clear on ones, see zeros there).
    const int shift = 8 * (offset & 1);
    const uint16_t keep = reg == kPmSts ? 0 : static_cast<uint16_t>(ReadRegister(reg) & ~(0xFFu << shift));
    WriteRegister(reg, static_cast<uint16_t>(keep | ((value & 0xFF) << shift)));
    return;
  }
  WriteRegister(reg, static_cast<uint16_t>(value));
  if (size == 4) WriteRegister(static_cast<uint16_t>(reg + 2), static_cast<uint16_t>(value >> 16));
}

}  // namespace m86
