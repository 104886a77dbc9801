// The Motorola MC146818A real-time clock with 114 bytes of CMOS RAM, as wired on the IBM PC AT:
// index port 0x70 (bit 7 masks NMI), data port 0x71, interrupt on IRQ 8. Time advances with the
// Scheduler's virtual clock through the chip's once-a-second update cycle.
#pragma once
#include <cstdint>
#include <functional>
#include <set>
#include <string>

#include "devices/io/io_bus.h"
#include "devices/irq/irq_line.h"
#include "devices/time/scheduler.h"

namespace m86 {

// A calendar time in plain binary (year is the full year, e.g. 2026; hour is 0-23).
struct RtcTime {
  int year = 2000, month = 1, day = 1, hour = 0, minute = 0, second = 0;
};

// Everything the chip remembers, in one plain struct for save states.
struct RtcState {
  uint8_t ram[128] = {};  // 0x00-0x0D clock/control registers, 0x0E-0x7F CMOS RAM
  uint8_t index = 0;
  bool nmi_masked = false;
  uint64_t next_update_ns = 0;      // virtual time of the next update cycle
  uint64_t periodic_origin_ns = 0;  // divider-chain phase origin for the periodic taps
  uint64_t pf_checked_ns = 0;       // PF has been accounted for up to this time
};

class Rtc final : public IoDevice {
 public:
  static constexpr uint16_t kIndexPort = 0x70, kDataPort = 0x71;
  static constexpr int kIrq = 8;
  // Register indices (MC146818A datasheet, "Address Map").
  static constexpr uint8_t kSeconds = 0x00, kSecondsAlarm = 0x01, kMinutes = 0x02,
                           kMinutesAlarm = 0x03, kHours = 0x04, kHoursAlarm = 0x05, kWeekday = 0x06,
                           kDay = 0x07, kMonth = 0x08, kYear = 0x09, kRegA = 0x0A, kRegB = 0x0B,
                           kRegC = 0x0C, kRegD = 0x0D;
  // IBM AT CMOS layout (IBM PC AT Technical Reference, "CMOS RAM Address Map").
  static constexpr uint8_t kFloppyTypes = 0x10, kHardDiskTypes = 0x12, kEquipment = 0x14,
                           kBaseMemLow = 0x15, kBaseMemHigh = 0x16, kExtMemLow = 0x17,
                           kExtMemHigh = 0x18, kChecksumHigh = 0x2E, kChecksumLow = 0x2F,
                           kExtMemLow2 = 0x30, kExtMemHigh2 = 0x31, kCentury = 0x32;
  // QEMU's PC (which SeaBIOS reads): RAM from 16 MiB to the PCI hole in 64 KiB units at
  // 0x34-0x35, RAM from 4 GiB in 64 KiB units at 0x5B-0x5D, little-endian.
  static constexpr uint8_t kMemAbove16M = 0x34, kMemAbove4G = 0x5B;

  struct Config {
    bool use_host_clock = true;  // start from the host's local time, else from `start`
    RtcTime start;
    std::function<void(bool masked)> on_nmi_mask;  // each write to port 0x70
    std::function<void(const std::string&)> log;   // unimplemented features (stderr if empty)
  };

  Rtc(Scheduler& scheduler, IrqSink& irq, Config config);
  ~Rtc() override;
  void Attach(IoBus& bus);
  uint32_t IoRead(uint16_t port, int size) override;
  void IoWrite(uint16_t port, int size, uint32_t value) override;

  // Board/BIOS set-up of the CMOS RAM. Call UpdateChecksum after changing 0x10-0x2D.
  void SetMemorySizes(uint32_t base_kb, uint32_t extended_kb);
  // The large-memory bytes (kMemAbove16M, kMemAbove4G), each in 64 KiB units, saturated.
  void SetLargeMemorySizes(uint32_t above_16m_64k, uint64_t above_4g_64k);
  void SetEquipment(uint8_t equipment);
  void SetCmos(uint8_t index, uint8_t value) { state_.ram[index & 0x7F] = value; }
  uint8_t GetCmos(uint8_t index) const { return state_.ram[index & 0x7F]; }
  void UpdateChecksum();  // 16-bit sum of 0x10-0x2D into 0x2E (high) / 0x2F (low)
  // The current time decoded from the clock registers (for tests and the debugger).
  RtcTime CurrentTime() const;
  bool nmi_masked() const { return state_.nmi_masked; }
  const RtcState& state() const { return state_; }

 private:
  uint8_t ReadRegister(uint8_t index);
  void WriteRegister(uint8_t index, uint8_t value);
  bool DividerRunning() const;  // DV2-0 = 010, the 32.768 kHz time base
  bool UpdateInProgress() const;
  void SetTime(const RtcTime& t);
  void ScheduleUpdate();
  void OnUpdate();
  void AdvanceOneSecond();
  uint64_t PeriodicTick(uint64_t t) const;  // periodic edges in (origin, t]
  uint64_t PeriodicEdgeTime(uint64_t n) const;
  void CatchUpPeriodic();
  void SchedulePeriodic();
  void ComputeIrqf();  // IRQF = OR of the enabled flags (register C)
  void UpdateIrq();
  uint8_t Encode(int binary) const;
  int Decode(uint8_t value) const;
  void LogOnce(const std::string& what);

  Scheduler& scheduler_;
  IrqSink& irq_;
  Config config_;
  RtcState state_;
  Scheduler::EventId update_event_ = 0, periodic_event_ = 0;
  bool irq_level_ = false;
  std::set<std::string> logged_;
};

}  // namespace m86
