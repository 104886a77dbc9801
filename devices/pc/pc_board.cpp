#include "devices/pc/pc_board.h"

#include "devices/time/host_clock.h"

#include <algorithm>

namespace m86 {

// Port I/O as the CPU performs it: devices read virtual time (the PIT's counters, the RTC's
// update cycle, VGA retrace), so the clock is brought up to date before each access.
class PcBoard::TimedPortIo final : public PortIo {
 public:
  explicit TimedPortIo(PcBoard& board) : board_(board) {}
  uint32_t In(uint16_t port, int size) override {
    board_.SyncTime();
    return board_.io_.In(port, size);
  }
  void Out(uint16_t port, int size, uint32_t value) override {
    board_.SyncTime();
    board_.io_.Out(port, size, value);
  }

 private:
  PcBoard& board_;
};

PcBoard::PcBoard(const CpuModel& model, PcBoardConfig config, std::span<const uint8_t> firmware)
    : config_(config), memory_(config.ram_bytes, config.high_ram_bytes), keyboard_(&scheduler_) {
  host_start_ns_ = HostMonotonicNs();
  timed_io_ = std::make_unique<TimedPortIo>(*this);

  // Interrupts: the 8259 pair, and on P6 models the local APIC and an I/O APIC; device lines
  // reach them through interrupts_ (devices/pc/pc_interrupts.h).
  pic_.Attach(io_);
  if (model.gen >= kGenP6) {
    local_apic_ = std::make_unique<LocalApic>(scheduler_);
    local_apic_->Reset(true);
    memory_.MapMmio(LocalApic::kDefaultBase, 0x1000, local_apic_.get());
  }
  interrupts_ = std::make_unique<PcInterrupts>(pic_, local_apic_.get());
  if (local_apic_) {
    io_apic_ = std::make_unique<IoApic>(*interrupts_);
    io_apic_->Attach(memory_);
    interrupts_->set_io_apic(io_apic_.get());
  }

  pit_ = std::make_unique<Pit>(scheduler_, interrupts_.get());
  pit_->Attach(io_);

  Rtc::Config rtc_config;
  rtc_config.use_host_clock = config.rtc_host_time;
  rtc_config.start = config.rtc_start;
  rtc_ = std::make_unique<Rtc>(scheduler_, *interrupts_, rtc_config);
  rtc_->Attach(io_);
  // CMOS as the BIOS setup would have left it (IBM PC AT TR, "CMOS RAM Address Map").
  const uint32_t extended_kb = config.ram_bytes > 0x100000 ? (config.ram_bytes - 0x100000) / 1024 : 0;
  rtc_->SetMemorySizes(640, extended_kb);
  constexpr uint32_t k16MiB = 16u << 20;
  rtc_->SetLargeMemorySizes(config.ram_bytes > k16MiB ? (config.ram_bytes - k16MiB) >> 16 : 0,
                            config.high_ram_bytes >> 16);
  rtc_->SetEquipment(model.has_fpu ? 0x03 : 0x01);
  rtc_->UpdateChecksum();

  Uart::Config com1_config;
  com1_config.base = Uart::kCom1Base;
  com1_config.irq = Uart::kCom1Irq;
  com1_config.fast = !config.uart_character_time;
  com1_config.on_transmit = [this](uint8_t byte) {
    if (on_com1_transmit) on_com1_transmit(byte);
  };
  com1_ = std::make_unique<Uart>(scheduler_, *interrupts_, com1_config);
  com1_->Attach(io_);
  Uart::Config com2_config;
  com2_config.base = Uart::kCom2Base;
  com2_config.irq = Uart::kCom2Irq;
  com2_config.fast = !config.uart_character_time;
  com2_ = std::make_unique<Uart>(scheduler_, *interrupts_, com2_config);
  com2_->Attach(io_);

  I8042::Config kbc_config;
  kbc_config.set_a20 = [this](bool on) {
    kbc_a20_ = on;
    UpdateA20();
  };
  kbc_config.reset = [this] { RequestReset(); };
  kbc_ = std::make_unique<I8042>(kbc_config, &keyboard_, &mouse_, interrupts_.get());
  kbc_->Attach(io_);

  dma_ = std::make_unique<DmaController>(memory_);
  dma_->Attach(io_);
  fdc_ = std::make_unique<Fdc82077>(scheduler_, *interrupts_, *dma_);
  fdc_->Attach(io_);

  // The framebuffer is mapped by the VGA's PCI function (BAR0), below.
  VgaConfig vga_config;
  vga_config.lfb_base = 0;
  vga_ = std::make_unique<Vga>(scheduler_, vga_config);
  vga_->Attach(io_, memory_);

  DebugPorts::Config debug_config;
  if (config_.debug_console) {
    debug_config.console = [this](uint8_t byte) {
      if (on_debug_console) on_debug_console(byte);
    };
  }
  if (config_.pci_firmware) debug_config.console_port2 = 0x402;  // SeaBIOS's log
  debug_config.on_exit = [this](int status) {
    if (on_debug_exit) on_debug_exit(status);
    cpu_->RequestStop();
  };
  debug_ = std::make_unique<DebugPorts>(debug_config);
  debug_->Attach(io_);

  SystemPorts::Config system_config;
  system_config.set_a20 = [this](bool on) {
    port92_a20_ = on;
    UpdateA20();
  };
  system_config.reset = [this] { RequestReset(); };
  // PCI configuration space: the 440FX host bridge at 00.0, the PIIX3 ISA bridge at 01.0 and
  // its IDE function at 01.1, the PIIX4 power management at 01.3 and the VGA at 02.0, as on the
  // machines SeaBIOS and Linux know (QEMU's "pc"). Port 0xCF9 (below) stays the reset control.
  pci_.Attach(io_);
  host_bridge_ = std::make_unique<I440fxHostBridge>(&memory_);
  pci_.Plug(0, 0, host_bridge_.get());
  pci_.Plug(1, 0, &isa_bridge_);
  ide_ = std::make_unique<Piix3Ide>(io_, memory_, scheduler_, *interrupts_);
  pci_.Plug(1, 1, ide_.get());
  pm_ = std::make_unique<Piix4Pm>(io_, scheduler_, *interrupts_);
  pci_.Plug(1, 3, pm_.get());
  pm_->on_power_off = [this] {
    if (on_power_off) on_power_off();
  };
  vga_pci_ = std::make_unique<StdVgaPci>(*vga_, memory_, config_.vga_rom);
  pci_.Plug(2, 0, vga_pci_.get());
  if (!config_.pci_firmware) vga_pci_->ConfigureAsFirmware(kDefaultLfb);
  SetUpFwCfg();
  system_ports_ = std::make_unique<SystemPorts>(system_config);
  system_ports_->Attach(io_);

  // The whole image ends at the top of the address space; its last 128 KiB also appear below
  // 1 MiB (the ISA BIOS area, as on QEMU's PC), under the PAM registers' control.
  const auto low = firmware.last(std::min<size_t>(firmware.size(), 0x20000));
  memory_.MapRom(0x100000 - static_cast<uint32_t>(low.size()), low);
  memory_.MapRom(model.address_mask - static_cast<uint32_t>(firmware.size()) + 1, firmware);

  cpu_ = std::make_unique<Cpu>(model, memory_, *timed_io_);
  cpu_->time_stamp_clock = [this] { return CurrentTimeNs(); };
  cpu_->s.tsc = 0 - cpu_->TimeStampBase();  // the TSC starts at 0 on the board's clock
  cpu_->set_interrupt_controller(interrupts_.get());
  interrupts_->set_intr = [this](bool level) { cpu_->SetIntr(level); };
  interrupts_->Update();
  if (local_apic_) {
    cpu_->set_local_apic(true);
    cpu_->on_apic_base_write = [this](uint64_t value) { OnApicBaseWrite(value); };
  }
  // FERR# reaches IRQ 13 through the board's latch (SDM Vol. 1, D.2).
  cpu_->on_ferr = [this](bool level) { interrupts_->SetIrq(13, level); };
  UpdateA20();
}

PcBoard::~PcBoard() = default;

PortIo& PcBoard::port_io() { return *timed_io_; }

uint64_t PcBoard::CurrentTimeNs() const {
  if (config_.clock == ClockMode::kRealtime)
    return std::min(HostMonotonicNs() - host_start_ns_ - realtime_hidden_ns_, realtime_limit_ns_);
  return cpu_->work_done() * config_.ns_per_instruction + idle_skip_ns_;
}

void PcBoard::BeginSlice() {
  if (config_.clock != ClockMode::kRealtime) return;
  uint64_t now = HostMonotonicNs() - host_start_ns_ - realtime_hidden_ns_;
  if (now > realtime_limit_ns_) {
    // Guest time stood at the limit since it was reached: it goes on from there.
    realtime_hidden_ns_ += now - realtime_limit_ns_;
    now = realtime_limit_ns_;
  }
  realtime_limit_ns_ = now + kMaxRealtimeSliceNs;
}

void PcBoard::UpdateA20() {
  if (cpu_) cpu_->SetA20(kbc_a20_ || port92_a20_);
}

void PcBoard::SetA20FromFirmware(bool enabled) {
  // Through the same paths a BIOS uses: the 8042's output port (command D1h; bit 0 must stay
  // set or the CPU resets) and System Control Port A.
  io_.Out(0x64, 1, 0xD1);
  io_.Out(0x60, 1, enabled ? 0xDF : 0xDD);
  io_.Out(0x92, 1, (io_.In(0x92, 1) & ~0x03u) | (enabled ? 0x02 : 0x00));
}

void PcBoard::RequestReset() {
  reset_pending_ = true;
  if (cpu_) cpu_->RequestStop();
}

void PcBoard::PerformReset() {
  // A CPU reset: memory, the CMOS and the devices keep their state; the firmware's POST
  // reprograms the devices (and honours the CMOS shutdown byte).
  reset_pending_ = false;
  cpu_->Reset();
  if (local_apic_) {
    // The local APIC is part of the processor: RESET (and INIT) return it to its power-on
    // state, IA32_APIC_BASE included (cpu_->Reset()).
    local_apic_->Reset(true);
    interrupts_->SetApicGloballyEnabled(true);
  }
  UpdateA20();
}

// IA32_APIC_BASE: bit 11 enables the local APIC globally; clearing it returns the APIC to its
// reset state (SDM Vol. 3A, 11.4.3). The page stays at 0xFEE00000.
void PcBoard::OnApicBaseWrite(uint64_t value) {
  const bool enabled = value & 0x800;
  if (!enabled) local_apic_->Reset(true);
  interrupts_->SetApicGloballyEnabled(enabled);
  if ((value & 0xFFFFFF000ull) != LocalApic::kDefaultBase) {
    cpu_->LogUnimplemented("moving the local APIC page from 0xFEE00000");
  }
}

// The items firmware reads from fw_cfg on QEMU's PC: the RAM size (all of it), one CPU, no boot
// menu, and "etc/e820" with the RAM below 4 GiB as one range (firmware reserves its own areas
// in it) and the RAM from 4 GiB as another.
void PcBoard::SetUpFwCfg() {
  fw_cfg_.Attach(io_);
  const uint64_t ram = memory_.ram_size(), high_ram = memory_.high_ram_size();
  fw_cfg_.SetItemLe(fw_cfg_key::kRamSize, ram + high_ram, 8);
  fw_cfg_.SetItemLe(fw_cfg_key::kNbCpus, 1, 2);
  fw_cfg_.SetItemLe(fw_cfg_key::kMaxCpus, 1, 2);
  fw_cfg_.SetItemLe(fw_cfg_key::kNoGraphic, 0, 2);
  fw_cfg_.SetItemLe(fw_cfg_key::kBootMenu, 0, 2);
  std::vector<uint8_t> e820;
  auto add_ram = [&](uint64_t base, uint64_t length) {
    for (const uint64_t field : {base, length}) {
      for (int i = 0; i < 8; ++i) e820.push_back(static_cast<uint8_t>(field >> (8 * i)));
    }
    for (int i = 0; i < 4; ++i) e820.push_back(i == 0 ? 1 : 0);  // type 1: RAM
  };
  add_ram(0, ram);
  if (high_ram) add_ram(k4GiB, high_ram);
  fw_cfg_.SetFile("etc/e820", std::move(e820));
}

}  // namespace m86
