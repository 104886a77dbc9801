// The PIIX4 power management function (Intel 82371AB datasheet, function 3) as QEMU's PC has
// it at PCI 01.3: the ACPI registers an operating system drives through the FADT. PMBA (config
// 40h) places a 64-byte I/O block, enabled by PMREGMISC bit 0 (config 80h); in it the PM1
// status, enable and control registers (00h, 02h, 04h) and the 24-bit ACPI PM timer at
// 3.579545 MHz (08h). The SCI is ISA IRQ 9, level-triggered, raised while an enabled status
// bit is set and SCI_EN is on. Setting SLP_EN with SLP_TYP 0 (the \_S5 value of QEMU's and
// morph86's DSDT) powers the machine off.
#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include "devices/io/io_bus.h"
#include "devices/irq/irq_line.h"
#include "devices/pci/pci_function.h"
#include "devices/time/scheduler.h"

namespace m86 {

struct Piix4PmState {
  uint16_t pm1_status = 0;
  uint16_t pm1_enable = 0;
  uint16_t pm1_control = 0;
  uint16_t mapped_base = 0;  // the PM block's port while decoded, else 0
  bool sci = false;          // the level driven on IRQ 9
};

class Piix4Pm final : public PciFunction, public IoDevice {
 public:
  static constexpr int kSciIrq = 9;
  static constexpr uint64_t kTimerHz = 3579545;

  Piix4Pm(IoBus& bus, Scheduler& scheduler, IrqSink& irq);
  ~Piix4Pm() override;
  // Called when the guest enters S5 (soft off).
  std::function<void()> on_power_off;
  std::function<void(const std::string&)> log;  // stderr when empty

  // The PM timer's 24-bit count now (its value follows virtual time).
  uint32_t TimerCount() const;

  uint32_t IoRead(uint16_t port, int size) override;
  void IoWrite(uint16_t port, int size, uint32_t value) override;
  const Piix4PmState& pm_state() const { return state_; }

 private:
  void OnConfigWrite(uint8_t offset, int size) override;
  void Remap();
  void UpdateSci();
  void ScheduleOverflow();
  uint32_t ReadRegister(uint16_t reg);
  void WriteRegister(uint16_t reg, uint16_t value);
  void LogOnce(const std::string& what);

  IoBus& bus_;
  Scheduler& scheduler_;
  IrqSink& irq_;
  Piix4PmState state_;
  Scheduler::EventId overflow_event_ = 0;
  bool logged_smbus_ = false, logged_sleep_ = false;
};

}  // namespace m86
