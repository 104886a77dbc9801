// The PC board (devices/pc): guest RAM with the ISA memory map, the ISA devices at their usual
// ports and IRQs, PCI configuration space with the 440FX host bridge, the PIIX3 ISA bridge and
// IDE controller and the PIIX4 power management function,
// QEMU's fw_cfg device at 0x510, the CPU's INTR/FERR wiring, the A20 gate (keyboard controller output port OR
// port 0x92) and reset (keyboard controller pulse, port 0x92, port 0xCF9, triple fault).
//
// Memory map: RAM from 0; the VGA window at 0xA0000-0xBFFFF; the system firmware's last 128 KiB
// (all of it when smaller) below 1 MiB and the whole image below 4 GiB (16 MiB on the 80286),
// where the reset vector is fetched; 0xC0000-0xFFFFF shadowed by the 440FX's PAM registers;
// the VBE linear framebuffer where the VGA's BAR0 says (0xE0000000 under the built-in BIOS).
#pragma once
#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "cpu/cpu.h"
#include "cpu/state_digest.h"
#include "devices/acpi/piix4_pm.h"
#include "devices/apic/io_apic.h"
#include "devices/apic/local_apic.h"
#include "devices/debug/debug_ports.h"
#include "devices/dma/dma8237.h"
#include "devices/floppy/fdc82077.h"
#include "devices/fw_cfg/fw_cfg.h"
#include "devices/ide/piix3_ide.h"
#include "devices/io/io_bus.h"
#include "devices/kbc/i8042.h"
#include "devices/pc/pc_interrupts.h"
#include "devices/pc/system_ports.h"
#include "devices/pci/i440fx.h"
#include "devices/pci/pci_host.h"
#include "devices/pci/piix3_isa.h"
#include "devices/pic/dual_pic.h"
#include "devices/pit/pit.h"
#include "devices/rtc/rtc.h"
#include "devices/time/scheduler.h"
#include "devices/uart/uart.h"
#include "devices/vga/stdvga_pci.h"
#include "devices/vga/vga.h"

namespace m86 {

// How virtual time relates to the host.
enum class ClockMode : uint8_t {
  kRealtime,      // follows the host's monotonic clock; HLT sleeps until the next event
  kInstructions,  // from the CPU's work (Cpu::work_done); HLT jumps to the next event (repeatable)
};

struct PcBoardConfig {
  uint32_t ram_bytes = 64u << 20;  // RAM from 0, below the PCI hole
  uint64_t high_ram_bytes = 0;     // RAM from 4 GiB: what does not fit below the hole
  ClockMode clock = ClockMode::kRealtime;
  uint32_t ns_per_instruction = 1;  // kInstructions: a nominal 1000 MIPS processor
  bool rtc_host_time = true;        // else the RTC starts at rtc_start
  RtcTime rtc_start{};
  // Port 0xE9's debug console (on_debug_console receives its bytes). Off by default, as on
  // QEMU without -debugcon: a guest must not reach the host's terminal unless asked.
  bool debug_console = false;
  // Whether the UARTs take one character time (at the programmed baud rate) to send each
  // character. Off by default, as on QEMU: a kernel logging to a 9600-baud console would
  // otherwise spend seconds per boot waiting on the transmitter, and the host side has no
  // wire to pace. Receive timing (the FIFO's character timeout) is modelled either way.
  bool uart_character_time = false;
  // The firmware assigns PCI resources itself (SeaBIOS, --bios). Otherwise the board leaves the
  // functions as PCI firmware would (the VGA's BAR0 at 0xE0000000, decoding on), for the
  // built-in BIOS, which does no PCI resource set-up.
  bool pci_firmware = false;
  // The VGA function's expansion ROM (--vga-bios); empty: none.
  std::vector<uint8_t> vga_rom;
};

class PcBoard {
 public:
  // `firmware` (at most 256 KiB, a multiple of 4 KiB) ends below 4 GiB and its last 128 KiB
  // at 1 MiB.
  static constexpr uint32_t kMaxFirmware = 256u << 10;
  // The VGA's framebuffer where no PCI firmware moves it.
  static constexpr uint32_t kDefaultLfb = 0xE0000000;
  PcBoard(const CpuModel& model, PcBoardConfig config, std::span<const uint8_t> firmware);
  ~PcBoard();
  PcBoard(const PcBoard&) = delete;
  PcBoard& operator=(const PcBoard&) = delete;

  Cpu& cpu() { return *cpu_; }
  PhysicalMemory& memory() { return memory_; }
  IoBus& io_bus() { return io_; }
  PortIo& port_io();  // the bus as the CPU sees it: virtual time is brought up to date first
  Scheduler& scheduler() { return scheduler_; }
  uint64_t now_ns() const { return scheduler_.now(); }
  DualPic& pic() { return pic_; }
  Rtc& rtc() { return *rtc_; }
  Uart& com1() { return *com1_; }
  Ps2Keyboard& keyboard() { return keyboard_; }
  Ps2Mouse& mouse() { return mouse_; }
  Fdc82077& fdc() { return *fdc_; }
  Vga& vga() { return *vga_; }
  DebugPorts& debug_ports() { return *debug_; }
  PciHost& pci() { return pci_; }
  FwCfg& fw_cfg() { return fw_cfg_; }
  Piix3IsaBridge& isa_bridge() { return isa_bridge_; }
  Piix4Pm& pm() { return *pm_; }
  Piix3Ide& ide() { return *ide_; }
  I440fxHostBridge& host_bridge() { return *host_bridge_; }
  StdVgaPci& vga_pci() { return *vga_pci_; }
  LocalApic* local_apic() { return local_apic_.get(); }  // null before P6 models
  IoApic* io_apic() { return io_apic_.get(); }
  PcInterrupts& interrupts() { return *interrupts_; }
  const PcBoardConfig& config() const { return config_; }

  // The A20 gate as the BIOS drives it: both the keyboard controller's output port and port
  // 0x92, so the two sources agree.
  void SetA20FromFirmware(bool enabled);
  bool a20() const { return cpu_->a20(); }

  // The current virtual time: the host clock or the instruction count.
  uint64_t CurrentTimeNs() const;
  // Brings the scheduler up to CurrentTimeNs(), running due device events.
  void SyncTime() { scheduler_.AdvanceTo(CurrentTimeNs()); }
  // kInstructions mode: virtual time skipped while halted.
  void SkipIdleTime(uint64_t ns) { idle_skip_ns_ += ns; }
  // kRealtime mode: the run loop starts a slice of guest execution. Until the next call, guest
  // time may run at most kMaxRealtimeSliceNs past this point; host time beyond that (the
  // process descheduled by a loaded host, a slow slice) is hidden from the guest. Otherwise
  // timer periods would elapse in bursts between two slices, with one interrupt delivered for
  // several periods: Linux's tick-counting clocksource watchdog (refined-jiffies, before the
  // PM timer registers) then counts fewer ticks than the TSC advanced and marks the TSC
  // unstable, and the guest falls back to slow clocksources for good.
  void BeginSlice();
  // kRealtime mode: the guest waited in HLT until guest time `guest_ns` (the next event):
  // time may reach it whatever the host took to wake.
  void AllowTimeUntil(uint64_t guest_ns) {
    realtime_limit_ns_ = std::max(realtime_limit_ns_, guest_ns);
  }
  static constexpr uint64_t kMaxRealtimeSliceNs = 2'000'000;  // half of a 250 Hz tick

  // Reset requests (keyboard controller, port 0x92, 0xCF9) take effect at the next
  // instruction boundary: the CPU stops and the run loop calls PerformReset().
  // Adds the machine's state to `d` in a host-independent form (cpu/state_digest.h): the CPU's
  // architectural state, all of RAM, every device's state struct, video memory and virtual
  // time. With ClockMode::kInstructions a run repeats exactly, so its digest does too, on
  // every host.
  void DigestState(StateDigest& d);

  bool reset_pending() const { return reset_pending_; }
  void RequestReset();
  void PerformReset();
  // Bytes written to the 0xE9 console (when config().debug_console) and exit requests through
  // port 0xF4.
  std::function<void(uint8_t)> on_debug_console;
  std::function<void(int status)> on_debug_exit;
  // The guest put the machine into ACPI S5 (soft off) through the PIIX4 PM registers.
  std::function<void()> on_power_off;
  // Each byte COM1 transmits.
  std::function<void(uint8_t)> on_com1_transmit;

 private:
  class TimedPortIo;
  void UpdateA20();
  void SetUpFwCfg();
  void OnApicBaseWrite(uint64_t value);

  PcBoardConfig config_;
  Scheduler scheduler_;
  PhysicalMemory memory_;
  IoBus io_;
  std::unique_ptr<TimedPortIo> timed_io_;
  DualPic pic_;
  std::unique_ptr<LocalApic> local_apic_;
  std::unique_ptr<PcInterrupts> interrupts_;
  std::unique_ptr<IoApic> io_apic_;
  std::unique_ptr<Pit> pit_;
  std::unique_ptr<Rtc> rtc_;
  std::unique_ptr<Uart> com1_, com2_;
  Ps2Keyboard keyboard_;
  Ps2Mouse mouse_;
  std::unique_ptr<I8042> kbc_;
  std::unique_ptr<DmaController> dma_;
  std::unique_ptr<Fdc82077> fdc_;
  std::unique_ptr<Vga> vga_;
  std::unique_ptr<DebugPorts> debug_;
  std::unique_ptr<SystemPorts> system_ports_;
  PciHost pci_;
  std::unique_ptr<I440fxHostBridge> host_bridge_;
  std::unique_ptr<StdVgaPci> vga_pci_;
  Piix3IsaBridge isa_bridge_;
  std::unique_ptr<Piix3Ide> ide_;
  std::unique_ptr<Piix4Pm> pm_;
  FwCfg fw_cfg_{memory_};
  std::unique_ptr<Cpu> cpu_;
  bool kbc_a20_ = true, port92_a20_ = false;
  bool reset_pending_ = false;
  uint64_t host_start_ns_ = 0;
  uint64_t idle_skip_ns_ = 0;
  // kRealtime mode: host time hidden from the guest, and how far guest time may run before the
  // next slice starts (BeginSlice).
  uint64_t realtime_hidden_ns_ = 0;
  uint64_t realtime_limit_ns_ = kMaxRealtimeSliceNs;
};

}  // namespace m86
