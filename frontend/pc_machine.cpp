#include "frontend/pc_machine.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

#include "bios/acpi/fw_cfg_tables.h"
#include "bios/acpi/install_tables.h"
#include "bios/boot/option_rom.h"
#include "devices/time/host_clock.h"

namespace m86 {
namespace {

// The floppy or IDE controller and the BIOS see the same medium; the machine owns it.
class DiskRef final : public DiskImage {
 public:
  explicit DiskRef(DiskImage& target) : target_(target) {}
  bool ReadSectors(uint64_t lba, std::span<uint8_t> out) override { return target_.ReadSectors(lba, out); }
  bool WriteSectors(uint64_t lba, std::span<const uint8_t> data) override {
    return target_.WriteSectors(lba, data);
  }
  uint64_t size() const override { return target_.size(); }
  bool read_only() const override { return target_.read_only(); }

 private:
  DiskImage& target_;
};

// Instructions per slice: short enough that device events and host input are served within
// a fraction of a millisecond, long enough that the loop's own cost stays small.
constexpr uint64_t kSliceInstructions = 50'000;

// Where the firmware places the IDE bus-master registers (the first I/O BAR SeaBIOS assigns).
constexpr uint16_t kIdeBusMasterBase = 0xC000;

PcBoardConfig BoardConfig(PcMachineConfig& config) {
  config.board.pci_firmware = !config.firmware.empty();
  return config.board;
}

std::span<const uint8_t> FirmwareImage(const PcMachineConfig& config) {
  if (config.firmware.empty()) return Bios::RomImage();
  return config.firmware;
}

// CMOS bytes QEMU's PC sets for SeaBIOS (which reads them when it runs on QEMU): the boot
// order, three devices of 4 bits in 3Dh (first, second) and 38h bits 7:4 (third): 1 floppy,
// 2 hard disk, 3 CD-ROM; and the floppy drive types in 10h (IBM AT TR: 1 360K, 2 1.2M,
// 3 720K, 4 1.44M; 5 2.88M as AMI's).
constexpr uint8_t kCmosBootOrder12 = 0x3D, kCmosBootOrder3 = 0x38;

uint8_t BootDeviceCode(char letter) {
  switch (letter) {
    case 'a':
    case 'b': return 1;
    case 'c': return 2;
    case 'd': return 3;
    default: return 0;
  }
}

uint8_t FloppyDriveType(uint64_t image_bytes) {
  switch (image_bytes) {
    case 1228800: return 2;
    case 737280: return 3;
    case 1474560: return 4;
    case 2949120: return 5;
    default: return image_bytes <= 368640 ? 1 : 4;
  }
}

}  // namespace

PcMachine::PcMachine(const CpuModel& model, PcMachineConfig config)
    : config_(std::move(config)), board_(model, BoardConfig(config_), FirmwareImage(config_)) {
  board_.on_com1_transmit = [this](uint8_t byte) {
    if (serial_sink_) serial_sink_(byte);
  };
  board_.on_debug_exit = [this](int status) { Stop(status, ""); };
  board_.on_power_off = [this] { Stop(0, "the guest powered off (ACPI S5)"); };
  // The same ACPI and SMBIOS tables for firmware that loads them through fw_cfg (SeaBIOS);
  // the built-in BIOS builds them itself at POST.
  if (FirmwareTables(model, config_.board.ram_bytes)) {
    const uint32_t ram = config_.board.ram_bytes;
    for (auto& [name, bytes] : firmware::BuildFwCfgTableFiles(DescribePlatform(board_.cpu(), ram))) {
      board_.fw_cfg().SetFile(name, std::move(bytes));
    }
  }
  if (!config_.firmware.empty()) {
    SetUpFirmwareBoot();
    return;
  }
  BiosConfig bios_config;
  bios_config.ram_bytes = config_.board.ram_bytes;
  bios_config.high_ram_bytes = config_.board.high_ram_bytes;
  bios_config.boot_order = config_.boot_order;
  bios_ = std::make_unique<Bios>(board_.cpu(), board_.memory(), board_.port_io(),
                                 board_.scheduler(), bios_config);
  bios_->Attach(board_.io_bus());
  bios_->set_a20 = [this](bool on) { board_.SetA20FromFirmware(on); };
  bios_->a20_enabled = [this] { return board_.a20(); };
  bios_->request_reset = [this] { board_.RequestReset(); };
  bios_->idle = [this] {
    idle_requested_ = true;
    board_.cpu().RequestStop();
  };
  // The built-in BIOS has no PCI resource setup of its own; leave the IDE function as
  // SeaBIOS's POST does on this machine: both channels decoded, bus master at 0xC000.
  board_.ide().ConfigureAsFirmware(kIdeBusMasterBase);
}

void PcMachine::SetUpFirmwareBoot() {
  Rtc& rtc = board_.rtc();
  uint8_t codes[3] = {};
  int n = 0;
  for (const char letter : config_.boot_order) {
    const uint8_t code = BootDeviceCode(letter);
    if (code == 0 || n == 3 || std::find(codes, codes + n, code) != codes + n) continue;
    codes[n++] = code;
  }
  rtc.SetCmos(kCmosBootOrder12, static_cast<uint8_t>(codes[0] | (codes[1] << 4)));
  rtc.SetCmos(kCmosBootOrder3, static_cast<uint8_t>(codes[2] << 4));
  // FW_CFG_BOOT_DEVICE: the first device's letter, as QEMU's legacy boot_device item.
  board_.fw_cfg().SetItemLe(fw_cfg_key::kBootDevice,
                            static_cast<uint8_t>(config_.boot_order.empty() ? 'c' : config_.boot_order[0]), 2);
  // "bootorder" lists OpenFirmware device paths, one a line, in the order to try (SeaBIOS
  // src/boot.c matches its own paths against them: a "*" in its pattern matches any name).
  // Devices it does not list keep the CMOS order after them.
  std::string order;
  if (firmware_direct_boot_) order += "/rom@genroms/linuxboot.bin\n";
  for (const char letter : config_.boot_order) {
    switch (letter) {
      case 'a': order += "/pci@i0cf8/isa@1/fdc@03f0/floppy@0\n"; break;
      case 'b': order += "/pci@i0cf8/isa@1/fdc@03f0/floppy@1\n"; break;
      case 'c': order += "/pci@i0cf8/ide@1,1/drive@0/disk@0\n"; break;
      case 'd': order += "/pci@i0cf8/ide@1,1/drive@1/disk@0\n"; break;
      default: break;
    }
  }
  board_.fw_cfg().SetFile("bootorder", std::vector<uint8_t>(order.begin(), order.end()));
}

PcMachine::~PcMachine() = default;

bool PcMachine::InsertFloppy(int unit, std::unique_ptr<DiskImage> image, std::string* error) {
  if (!FloppyGeometryForSize(image->size(), error)) return false;
  if (!board_.fdc().InsertDisk(unit, std::make_unique<DiskRef>(*image), error)) return false;
  if (bios_) {
    bios_->SetFloppy(unit, image.get());
  } else {
    // External firmware learns the drives from the CMOS, drive 0 in the high nibble.
    Rtc& rtc = board_.rtc();
    const uint8_t shift = unit == 0 ? 4 : 0;
    const uint8_t types = static_cast<uint8_t>((rtc.GetCmos(Rtc::kFloppyTypes) & ~(0x0F << shift)) |
                                               (FloppyDriveType(image->size()) << shift));
    rtc.SetCmos(Rtc::kFloppyTypes, types);
    rtc.UpdateChecksum();
  }
  floppies_[unit] = std::move(image);
  return true;
}

void PcMachine::AttachHardDisk(int unit, std::unique_ptr<DiskImage> image) {
  if (bios_) bios_->SetHardDisk(unit, image.get());
  std::string error;
  if (!board_.ide().AttachDisk(unit, std::make_unique<DiskRef>(*image), &error)) {
    std::fprintf(stderr, "morph86: %s\n", error.c_str());
  }
  hard_disks_[unit] = std::move(image);
}

bool PcMachine::SetDirectBoot(std::unique_ptr<DirectBoot> boot, std::string* error) {
  if (bios_) {
    direct_boot_ = std::move(boot);
    bios_->direct_boot = direct_boot_.get();
    return true;
  }
  // External firmware: the images as fw_cfg's kernel items, and the loader ROM that copies
  // them and enters the kernel, listed first in the boot order.
  FirmwareBootImages images;
  if (!boot->ImagesForFirmware(config_.board.ram_bytes, &images, error)) return false;
  FwCfg& cfg = board_.fw_cfg();
  const auto put = [&cfg](uint16_t addr_key, uint32_t addr, uint16_t size_key, uint16_t data_key,
                          std::vector<uint8_t>& data) {
    cfg.SetItemLe(addr_key, addr, 4);
    cfg.SetItemLe(size_key, data.size(), 4);
    cfg.SetItem(data_key, std::move(data));
  };
  put(fw_cfg_key::kSetupAddr, images.setup_address, fw_cfg_key::kSetupSize, fw_cfg_key::kSetupData,
      images.setup);
  put(fw_cfg_key::kKernelAddr, images.kernel_address, fw_cfg_key::kKernelSize,
      fw_cfg_key::kKernelData, images.kernel);
  put(fw_cfg_key::kInitrdAddr, images.initrd_address, fw_cfg_key::kInitrdSize,
      fw_cfg_key::kInitrdData, images.initrd);
  // FW_CFG_KERNEL_CMDLINE is the command line's address (QEMU's legacy item, equal to
  // FW_CFG_CMDLINE_ADDR).
  cfg.SetItemLe(fw_cfg_key::kKernelCmdline, images.cmdline_address, 4);
  put(fw_cfg_key::kCmdlineAddr, images.cmdline_address, fw_cfg_key::kCmdlineSize,
      fw_cfg_key::kCmdlineData, images.cmdline);
  // The 32-bit entry: the start of the protected-mode kernel (boot.rst, code32_start).
  cfg.SetItemLe(fw_cfg_key::kKernelEntry, images.kernel_address, 4);
  cfg.SetFile("genroms/linuxboot.bin", LinuxBootOptionRom());
  firmware_direct_boot_ = true;
  direct_boot_ = std::move(boot);
  SetUpFirmwareBoot();
  return true;
}

bool PcMachine::AttachIdeDisk(int index, std::unique_ptr<DiskImage> image, std::string* error) {
  return board_.ide().AttachDisk(index, std::move(image), error);
}

bool PcMachine::AttachCdrom(int index, std::unique_ptr<DiskImage> image, std::string* error) {
  if (!board_.ide().AttachCdrom(index, std::make_unique<DiskRef>(*image), error)) return false;
  if (bios_ && !bios_->cdrom()) bios_->SetCdrom(image.get(), index);
  cdroms_[index] = std::move(image);
  return true;
}

void PcMachine::Stop(int status, const std::string& message) {
  if (stopped_) return;
  stopped_ = true;
  exit_status_ = status;
  stop_message_ = message;
  board_.cpu().RequestStop();
}

void PcMachine::PumpSerialInput() {
  while (!serial_in_.empty() && board_.com1().RxSpace() > 0) {
    board_.com1().ReceiveByte(serial_in_.front());
    serial_in_.pop_front();
  }
}

// With --clock instructions a span is `host_seconds` of guest time rather than of host time:
// then where it ends, and so where every script step, keystroke and serial byte from the
// session lands, depends on the guest alone, and runs repeat exactly on any host at any speed.
// A call still returns after `host_seconds` of host time, so the session keeps its timeout
// however slowly guest time moves (a storm of resets, each a POST that costs host time but
// little guest time; an emulated host); the span then stays open and the next call goes on
// with it where this one stopped, between two slices, so the guest cannot tell. A span also
// ends when guest time stands still (a halted CPU with nothing to wake it): only the session's
// input can change anything then.
bool PcMachine::RunFor(double host_seconds) {
  const uint64_t span = static_cast<uint64_t>(host_seconds * 1e9);
  const uint64_t end = HostMonotonicNs() + span;
  const bool guest_paced = board_.config().clock == ClockMode::kInstructions;
  if (!guest_paced || !span_open_) span_guest_end_ = board_.CurrentTimeNs() + span;
  span_open_ = guest_paced;
  const uint64_t guest_end = span_guest_end_;
  while (!stopped_) {
    const uint64_t guest_before = board_.CurrentTimeNs();
    bool halted = false;
    if (!Slice(&halted, guest_end)) break;
    // Idle time skipped in instructions mode stays within the span of guest time.
    const uint64_t guest_left = guest_end - std::min(guest_end, board_.CurrentTimeNs());
    if (halted) {
      Idle(end, guest_left);
    } else if (idle_requested_) {
      // The BIOS saw the guest polling for keys with nothing to do: a millisecond at most, so
      // counted polling loops stay short.
      constexpr uint64_t kIdleNs = 1'000'000;
      Idle(std::min(end, HostMonotonicNs() + kIdleNs), std::min(kIdleNs, guest_left));
    }
    idle_requested_ = false;
    if (guest_paced && board_.CurrentTimeNs() >= guest_end) {
      span_open_ = false;
      break;
    }
    if (HostMonotonicNs() >= end) {
      if (board_.CurrentTimeNs() == guest_before) span_open_ = false;
      break;
    }
  }
  if (stopped_) span_open_ = false;
  return !stopped_;
}

bool PcMachine::Slice(bool* halted, uint64_t guest_end_ns) {
  if (board_.reset_pending()) board_.PerformReset();
  PumpSerialInput();
  board_.BeginSlice();
  board_.SyncTime();
  uint64_t budget = kSliceInstructions;
  if (board_.config().clock == ClockMode::kInstructions) {
    // Stop at the next device event so it happens at its exact virtual time, and at the end of
    // the caller's span of guest time.
    const uint64_t now = board_.scheduler().now();
    const uint64_t next = std::min(board_.scheduler().NextDeadline(), guest_end_ns);
    if (next > now) {
      const uint64_t until = (next - now + board_.config().ns_per_instruction - 1) /
                             board_.config().ns_per_instruction;
      if (until < budget) budget = until;
    }
  }
  const StopReason reason = board_.cpu().Run(budget);
  switch (reason) {
    case StopReason::kHalted:
      *halted = true;
      return !stopped_;
    case StopReason::kBudget:
      return !stopped_;
    case StopReason::kStopRequested:
      if (!board_.cpu().check_failure().empty()) {
        Stop(5, board_.cpu().check_failure());  // --jit check found a difference
        return false;
      }
      return !stopped_;
    case StopReason::kHaltedNoIntr: {
      // The HLT's own address: RIP already points past it.
      char line[96];
      std::snprintf(line, sizeof line, "the guest halted with interrupts disabled at %04X:%08llX",
                    board_.cpu().s.seg[kCs].selector,
                    static_cast<unsigned long long>(board_.cpu().s.rip - 1));
      Stop(0, line);
      return false;
    }
    case StopReason::kTripleFault: {
      if (config_.reboot_on_triple_fault) {
        board_.PerformReset();
        return true;
      }
      char line[96];
      std::snprintf(line, sizeof line, "triple fault at %04X:%08llX", board_.cpu().s.seg[kCs].selector,
                    static_cast<unsigned long long>(board_.cpu().insn_eip()));
      Stop(3, line);
      return false;
    }
  }
  return !stopped_;
}

void PcMachine::Idle(uint64_t host_deadline_ns, uint64_t max_skip_ns) {
  // The CPU waits in HLT for an interrupt, or the BIOS saw it idle: let time pass until the
  // next device event.
  Scheduler& scheduler = board_.scheduler();
  const uint64_t next = scheduler.NextDeadline();
  if (board_.config().clock == ClockMode::kInstructions) {
    if (next != Scheduler::kNever && next > scheduler.now()) {
      board_.SkipIdleTime(std::min(next - scheduler.now(), max_skip_ns));
      board_.SyncTime();
    } else if (next == Scheduler::kNever) {
      // Nothing scheduled: only host input can wake the guest.
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return;
  }
  const uint64_t now_host = HostMonotonicNs();
  const uint64_t guest_now = board_.CurrentTimeNs();
  uint64_t wake = host_deadline_ns;
  if (next != Scheduler::kNever) {
    const uint64_t wait = next > guest_now ? next - guest_now : 0;
    if (now_host + wait < wake) wake = now_host + wait;
  }
  if (wake > now_host) std::this_thread::sleep_for(std::chrono::nanoseconds(wake - now_host));
  // The wait in guest time: up to the event it waited for, however late the host woke.
  board_.AllowTimeUntil(guest_now + (wake > now_host ? wake - now_host : 0));
  board_.SyncTime();
}

StateDigestReport PcMachine::DigestState() {
  StateDigest d;
  board_.DigestState(d);
  return {d.value(), board_.cpu().retired()};
}

}  // namespace m86
