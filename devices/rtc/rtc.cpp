#include "devices/rtc/rtc.h"

#include <ctime>
#include <iostream>

namespace m86 {
namespace {

// Register B bits (MC146818A datasheet, "Register B").
constexpr uint8_t kBSet = 0x80, kBPie = 0x40, kBAie = 0x20, kBUie = 0x10, kBDm = 0x04, kB24h = 0x02,
                  kBDse = 0x01;
// Register C bits ("Register C"): IRQF is the OR of the enabled flags.
constexpr uint8_t kCIrqf = 0x80, kCPf = 0x40, kCAf = 0x20, kCUf = 0x10;
constexpr uint8_t kAUip = 0x80;
constexpr uint64_t kSecondNs = 1'000'000'000;
// "Update Cycle": UIP rises 244 us before the update transfer (32.768 kHz time base).
constexpr uint64_t kUipLeadNs = 244'000;

int DaysInMonth(int month, int year) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 31;
  // The chip's own leap-year rule: every year divisible by 4 ("Time, Calendar and Alarm").
  return month == 2 && year % 4 == 0 ? 29 : kDays[month - 1];
}

// Day of week with Sunday = 1, as the PC BIOS expects in register 6.
int Weekday(int y, int m, int d) {
  static constexpr int kOffset[12] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
  if (m < 3) y -= 1;
  return (y + y / 4 - y / 100 + y / 400 + kOffset[(m - 1) % 12] + d) % 7 + 1;
}

uint8_t ToBcd(int v) { return static_cast<uint8_t>(((v / 10) << 4) | (v % 10)); }

// Periodic rates ("Periodic Interrupt Rate", 32.768 kHz time base): RS = 1 and 2 select
// 256 Hz and 128 Hz; RS = 3..15 select 8192 Hz down to 2 Hz. Returned in 32.768 kHz ticks.
uint64_t PeriodTicks(int rs) { return rs <= 2 ? uint64_t{1} << (rs + 6) : uint64_t{1} << (rs - 1); }

}  // namespace

Rtc::Rtc(Scheduler& scheduler, IrqSink& irq, Config config)
    : scheduler_(scheduler), irq_(irq), config_(std::move(config)) {
  // Power-on values as the AT BIOS programs them: 32.768 kHz divider, 1024 Hz periodic rate,
  // BCD, 24-hour mode; register D reports valid RAM and time.
  state_.ram[kRegA] = 0x26;
  state_.ram[kRegB] = kB24h;
  state_.ram[kRegD] = 0x80;
  RtcTime start = config_.start;
  if (config_.use_host_clock) {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    start = RtcTime{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec};
  }
  SetTime(start);
  state_.periodic_origin_ns = state_.pf_checked_ns = scheduler_.now();
  state_.next_update_ns = scheduler_.now() + kSecondNs;
  ScheduleUpdate();
}

Rtc::~Rtc() {
  scheduler_.Cancel(update_event_);
  scheduler_.Cancel(periodic_event_);
}

void Rtc::Attach(IoBus& bus) { bus.Map(this, kIndexPort, kDataPort); }

uint32_t Rtc::IoRead(uint16_t port, int /*size*/) {
  // Port 0x70 is write-only on the AT; a read sees the floating bus.
  if (port != kDataPort) return 0xFF;
  return ReadRegister(state_.index);
}

void Rtc::IoWrite(uint16_t port, int /*size*/, uint32_t value) {
  const auto v = static_cast<uint8_t>(value);
  if (port == kIndexPort) {
    state_.index = v & 0x7F;
    state_.nmi_masked = (v & 0x80) != 0;  // AT: bit 7 of port 0x70 gates NMI
    if (config_.on_nmi_mask) config_.on_nmi_mask(state_.nmi_masked);
    return;
  }
  WriteRegister(state_.index, v);
}

uint8_t Rtc::ReadRegister(uint8_t index) {
  switch (index) {
    case kRegA:
      return static_cast<uint8_t>((state_.ram[kRegA] & 0x7F) | (UpdateInProgress() ? kAUip : 0));
    case kRegC: {
      // "Register C": all flags and IRQF clear when read, which releases the IRQ line.
      // Fold in pending flags without pulsing the line: the read itself ends the request.
      CatchUpPeriodic();
      ComputeIrqf();
      const uint8_t v = state_.ram[kRegC];
      state_.ram[kRegC] = 0;
      UpdateIrq();
      return v;
    }
    case kRegD:
      return 0x80;  // VRT: the battery is always good
    default:
      return state_.ram[index & 0x7F];
  }
}

void Rtc::WriteRegister(uint8_t index, uint8_t value) {
  switch (index) {
    case kRegA: {
      CatchUpPeriodic();
      const bool was_running = DividerRunning();
      state_.ram[kRegA] = value & 0x7F;  // UIP is read-only
      const int dv = (value >> 4) & 7;
      if (dv != 2 && dv < 6) LogOnce("RTC divider DV=" + std::to_string(dv) + " (not 32.768 kHz)");
      if (!was_running && DividerRunning()) {
        // "Divider Chain Reset": the first update comes 500 ms after the reset is released.
        state_.next_update_ns = scheduler_.now() + kSecondNs / 2;
        state_.periodic_origin_ns = state_.pf_checked_ns = scheduler_.now();
      }
      ScheduleUpdate();
      SchedulePeriodic();
      return;
    }
    case kRegB:
      if (value & kBSet) value &= static_cast<uint8_t>(~kBUie);  // SET clears UIE
      if (value & kBDse) LogOnce("RTC daylight saving (register B DSE)");
      state_.ram[kRegB] = value;
      UpdateIrq();
      SchedulePeriodic();
      return;
    case kRegC:
    case kRegD:
      return;  // read-only
    default:
      state_.ram[index & 0x7F] = value;
  }
}

bool Rtc::DividerRunning() const { return ((state_.ram[kRegA] >> 4) & 7) == 2; }

bool Rtc::UpdateInProgress() const {
  if ((state_.ram[kRegB] & kBSet) || !DividerRunning()) return false;
  return scheduler_.now() + kUipLeadNs >= state_.next_update_ns;
}

uint8_t Rtc::Encode(int binary) const {
  return (state_.ram[kRegB] & kBDm) ? static_cast<uint8_t>(binary) : ToBcd(binary);
}

int Rtc::Decode(uint8_t value) const {
  return (state_.ram[kRegB] & kBDm) ? value : (value >> 4) * 10 + (value & 0x0F);
}

void Rtc::SetTime(const RtcTime& t) {
  state_.ram[kSeconds] = Encode(t.second);
  state_.ram[kMinutes] = Encode(t.minute);
  if (state_.ram[kRegB] & kB24h) {
    state_.ram[kHours] = Encode(t.hour);
  } else {
    const int h12 = t.hour % 12 == 0 ? 12 : t.hour % 12;
    state_.ram[kHours] = static_cast<uint8_t>(Encode(h12) | (t.hour >= 12 ? 0x80 : 0));
  }
  state_.ram[kWeekday] = Encode(Weekday(t.year, t.month, t.day));
  state_.ram[kDay] = Encode(t.day);
  state_.ram[kMonth] = Encode(t.month);
  state_.ram[kYear] = Encode(t.year % 100);
  state_.ram[kCentury] = ToBcd(t.year / 100 % 100);  // AT convention: always BCD
}

RtcTime Rtc::CurrentTime() const {
  RtcTime t;
  const uint8_t c = state_.ram[kCentury];
  t.year = ((c >> 4) * 10 + (c & 0x0F)) * 100 + Decode(state_.ram[kYear]);
  t.month = Decode(state_.ram[kMonth]);
  t.day = Decode(state_.ram[kDay]);
  const uint8_t h = state_.ram[kHours];
  if (state_.ram[kRegB] & kB24h) {
    t.hour = Decode(h);
  } else {
    t.hour = Decode(h & 0x7F) % 12 + ((h & 0x80) ? 12 : 0);
  }
  t.minute = Decode(state_.ram[kMinutes]);
  t.second = Decode(state_.ram[kSeconds]);
  return t;
}

void Rtc::ScheduleUpdate() {
  scheduler_.Cancel(update_event_);
  update_event_ = 0;
  if (!DividerRunning()) return;
  update_event_ = scheduler_.ScheduleAt(state_.next_update_ns, [this] { OnUpdate(); });
}

void Rtc::OnUpdate() {
  update_event_ = 0;
  // "Update Cycle": with SET = 1 no update happens, so neither time nor UF/AF change.
  if (!(state_.ram[kRegB] & kBSet)) {
    AdvanceOneSecond();
    state_.ram[kRegC] |= kCUf;
    // "Alarm": each alarm byte matches its time byte, or is a don't-care (0xC0-0xFF).
    bool match = true;
    for (const auto& [time, alarm] :
         {std::pair{kSeconds, kSecondsAlarm}, std::pair{kMinutes, kMinutesAlarm},
          std::pair{kHours, kHoursAlarm}}) {
      const uint8_t a = state_.ram[alarm];
      if ((a & 0xC0) != 0xC0 && a != state_.ram[time]) match = false;
    }
    if (match) state_.ram[kRegC] |= kCAf;
    UpdateIrq();
  }
  state_.next_update_ns += kSecondNs;
  ScheduleUpdate();
}

void Rtc::AdvanceOneSecond() {
  int s = Decode(state_.ram[kSeconds]), m = Decode(state_.ram[kMinutes]);
  if (++s < 60) {
    state_.ram[kSeconds] = Encode(s);
    return;
  }
  state_.ram[kSeconds] = Encode(0);
  if (++m < 60) {
    state_.ram[kMinutes] = Encode(m);
    return;
  }
  state_.ram[kMinutes] = Encode(0);
  const bool h24 = (state_.ram[kRegB] & kB24h) != 0;
  const uint8_t hraw = state_.ram[kHours];
  int hour = h24 ? Decode(hraw) : Decode(hraw & 0x7F) % 12 + ((hraw & 0x80) ? 12 : 0);
  const bool new_day = ++hour >= 24;
  if (new_day) hour = 0;
  if (h24) {
    state_.ram[kHours] = Encode(hour);
  } else {
    const int h12 = hour % 12 == 0 ? 12 : hour % 12;
    state_.ram[kHours] = static_cast<uint8_t>(Encode(h12) | (hour >= 12 ? 0x80 : 0));
  }
  if (!new_day) return;
  const int wd = Decode(state_.ram[kWeekday]);
  state_.ram[kWeekday] = Encode(wd >= 7 ? 1 : wd + 1);
  int day = Decode(state_.ram[kDay]), month = Decode(state_.ram[kMonth]);
  int year = Decode(state_.ram[kYear]);
  if (++day <= DaysInMonth(month, year)) {
    state_.ram[kDay] = Encode(day);
    return;
  }
  state_.ram[kDay] = Encode(1);
  if (++month <= 12) {
    state_.ram[kMonth] = Encode(month);
    return;
  }
  state_.ram[kMonth] = Encode(1);
  state_.ram[kYear] = Encode(year >= 99 ? 0 : year + 1);
}

uint64_t Rtc::PeriodicTick(uint64_t t) const {
  const int rs = state_.ram[kRegA] & 0x0F;
  if (t <= state_.periodic_origin_ns) return 0;
  const auto elapsed = static_cast<unsigned __int128>(t - state_.periodic_origin_ns);
  return static_cast<uint64_t>(elapsed * 32768 / (PeriodTicks(rs) * kSecondNs));
}

uint64_t Rtc::PeriodicEdgeTime(uint64_t n) const {
  const int rs = state_.ram[kRegA] & 0x0F;
  const auto num = static_cast<unsigned __int128>(n) * PeriodTicks(rs) * kSecondNs;
  // Round up so that PeriodicTick(edge) == n.
  return state_.periodic_origin_ns + static_cast<uint64_t>((num + 32767) / 32768);
}

void Rtc::CatchUpPeriodic() {
  const uint64_t now = scheduler_.now();
  // "Register C" PF: set on every selected edge whether or not PIE is enabled.
  if ((state_.ram[kRegA] & 0x0F) != 0 && DividerRunning() &&
      PeriodicTick(now) > PeriodicTick(state_.pf_checked_ns)) {
    state_.ram[kRegC] |= kCPf;
  }
  state_.pf_checked_ns = now;
}

void Rtc::SchedulePeriodic() {
  scheduler_.Cancel(periodic_event_);
  periodic_event_ = 0;
  // Without PIE, PF is computed lazily when register C is read; events only drive the IRQ.
  if (!(state_.ram[kRegB] & kBPie) || (state_.ram[kRegA] & 0x0F) == 0 || !DividerRunning()) return;
  const uint64_t at = PeriodicEdgeTime(PeriodicTick(scheduler_.now()) + 1);
  periodic_event_ = scheduler_.ScheduleAt(at, [this] {
    periodic_event_ = 0;
    CatchUpPeriodic();
    UpdateIrq();
    SchedulePeriodic();
  });
}

void Rtc::ComputeIrqf() {
  // "Register C": IRQF = PF·PIE + AF·AIE + UF·UIE, so clearing an enable drops it too.
  uint8_t& c = state_.ram[kRegC];
  const bool irqf = (c & state_.ram[kRegB] & (kCPf | kCAf | kCUf)) != 0;
  c = static_cast<uint8_t>((c & (kCPf | kCAf | kCUf)) | (irqf ? kCIrqf : 0));
}

void Rtc::UpdateIrq() {
  ComputeIrqf();
  const bool level = (state_.ram[kRegC] & kCIrqf) != 0;
  if (level != irq_level_) {
    irq_level_ = level;
    irq_.SetIrq(kIrq, level);
  }
}

void Rtc::SetMemorySizes(uint32_t base_kb, uint32_t extended_kb) {
  state_.ram[kBaseMemLow] = static_cast<uint8_t>(base_kb);
  state_.ram[kBaseMemHigh] = static_cast<uint8_t>(base_kb >> 8);
  const uint32_t ext = extended_kb > 0xFFFF ? 0xFFFF : extended_kb;
  state_.ram[kExtMemLow] = state_.ram[kExtMemLow2] = static_cast<uint8_t>(ext);
  state_.ram[kExtMemHigh] = state_.ram[kExtMemHigh2] = static_cast<uint8_t>(ext >> 8);
}

void Rtc::SetLargeMemorySizes(uint32_t above_16m_64k, uint64_t above_4g_64k) {
  const uint32_t low = above_16m_64k > 0xFFFF ? 0xFFFF : above_16m_64k;
  const auto high = static_cast<uint32_t>(above_4g_64k > 0xFFFFFF ? 0xFFFFFF : above_4g_64k);
  for (int i = 0; i < 2; ++i) state_.ram[kMemAbove16M + i] = static_cast<uint8_t>(low >> (8 * i));
  for (int i = 0; i < 3; ++i) state_.ram[kMemAbove4G + i] = static_cast<uint8_t>(high >> (8 * i));
}

void Rtc::SetEquipment(uint8_t equipment) { state_.ram[kEquipment] = equipment; }

void Rtc::UpdateChecksum() {
  uint16_t sum = 0;
  for (int i = 0x10; i <= 0x2D; ++i) sum = static_cast<uint16_t>(sum + state_.ram[i]);
  state_.ram[kChecksumHigh] = static_cast<uint8_t>(sum >> 8);
  state_.ram[kChecksumLow] = static_cast<uint8_t>(sum);
}

void Rtc::LogOnce(const std::string& what) {
  if (!logged_.insert(what).second) return;
  if (config_.log) {
    config_.log("unimplemented: " + what);
  } else {
    std::cerr << "unimplemented: " << what << "\n";
  }
}

}  // namespace m86
