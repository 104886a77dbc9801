// The PC machine: the board (devices/pc), the built-in BIOS and the disks, with the run loop
// that interleaves the CPU, virtual time and host input. Implements GuestConsole for the
// headless console, the script runner and the window.
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "bios/bios.h"
#include "devices/floppy/disk_image.h"
#include "devices/pc/pc_board.h"
#include "frontend/guest_console.h"

namespace m86 {

struct PcMachineConfig {
  PcBoardConfig board;
  // External firmware (--bios) instead of the built-in BIOS; empty: the built-in one. It gets
  // what SeaBIOS reads on QEMU's PC: fw_cfg items, the CMOS boot order and floppy types.
  std::vector<uint8_t> firmware;
  std::string boot_order = "ac";
  bool reboot_on_triple_fault = true;  // --no-reboot: stop with status 3 instead
};

class PcMachine final : public GuestConsole {
 public:
  PcMachine(const CpuModel& model, PcMachineConfig config);
  ~PcMachine() override;

  // Disks: the machine owns them. Floppies must have a standard size (checked by the caller
  // with FloppyGeometryForSize); returns false with `*error` otherwise.
  bool InsertFloppy(int unit, std::unique_ptr<DiskImage> image, std::string* error);
  // BIOS hard disk 80h + `unit` (0 or 1); the IDE controller sees the same image as unit
  // `unit` (primary master or slave), so an operating system's own driver finds it.
  void AttachHardDisk(int unit, std::unique_ptr<DiskImage> image);
  // A kernel the BIOS boots instead of a disk (--kernel). External firmware gets it through
  // fw_cfg and a loader ROM; false with `*error` when it cannot take this kernel.
  bool SetDirectBoot(std::unique_ptr<DirectBoot> boot, std::string* error);
  // IDE units 0-3 (primary master, primary slave, secondary master, secondary slave) that the
  // BIOS does not see: an ATA disk or an ATAPI CD-ROM over a 2048-byte-block image. False
  // with `*error` when the unit does not exist or the image does not fit the device.
  bool AttachIdeDisk(int index, std::unique_ptr<DiskImage> image, std::string* error);
  // The first CD-ROM attached is also the BIOS's CD drive (E0h, booted with boot letter d).
  bool AttachCdrom(int index, std::unique_ptr<DiskImage> image, std::string* error);

  PcBoard& board() { return board_; }
  Bios& bios() { return *bios_; }  // the built-in BIOS (not with external firmware)
  bool external_firmware() const { return bios_ == nullptr; }
  // A one-line account of why the machine stopped (empty while running or on a clean exit).
  const std::string& stop_message() const { return stop_message_; }

  // GuestConsole.
  bool RunFor(double host_seconds) override;
  bool AtStepPoint() const override { return !span_open_; }
  int exit_status() const override { return exit_status_; }
  uint64_t guest_time_ns() const override { return board_.now_ns(); }
  bool ReadText(TextScreen* out) override { return board_.vga().ReadText(out); }
  void Render(Frame* out) override { board_.vga().Render(out); }
  void KeyDown(PcKey key) override { board_.keyboard().KeyDown(key); }
  void KeyUp(PcKey key) override { board_.keyboard().KeyUp(key); }
  void MouseMove(int dx, int dy, int dz) override { board_.mouse().Move(dx, dy, dz); }
  void MouseButtons(uint8_t buttons) override { board_.mouse().Buttons(buttons); }
  void SetSerialSink(std::function<void(uint8_t)> sink) override { serial_sink_ = std::move(sink); }
  void SerialInput(uint8_t byte) override { serial_in_.push_back(byte); }
  void Quit(int status) override { Stop(status, ""); }
  StateDigestReport DigestState() override;

 private:
  void Stop(int status, const std::string& message);
  // fw_cfg's "bootorder" and the CMOS boot order (external firmware).
  void SetUpFirmwareBoot();
  void PumpSerialInput();
  // Runs the CPU for one slice, ending by guest time `guest_end_ns` at the latest in
  // instructions mode; returns false when the machine stopped. `*halted`: the CPU waits in HLT
  // for an interrupt.
  bool Slice(bool* halted, uint64_t guest_end_ns);
  // Lets time pass while the guest waits: until the next device event, the host deadline, or
  // (in instructions mode) `max_skip_ns` of skipped virtual time.
  void Idle(uint64_t host_deadline_ns, uint64_t max_skip_ns = Scheduler::kNever);

  PcMachineConfig config_;
  PcBoard board_;
  std::unique_ptr<Bios> bios_;
  std::unique_ptr<DiskImage> floppies_[2];
  std::unique_ptr<DiskImage> hard_disks_[2];
  std::unique_ptr<DiskImage> cdroms_[4];  // by IDE unit
  std::unique_ptr<DirectBoot> direct_boot_;
  bool firmware_direct_boot_ = false;  // the loader ROM is offered and boots first
  std::function<void(uint8_t)> serial_sink_;
  std::deque<uint8_t> serial_in_;
  bool stopped_ = false;
  bool idle_requested_ = false;  // the BIOS saw the guest idle (Bios::idle)
  // Instructions mode: the span of guest time RunFor is running, and whether a call returned
  // before its end (the next call goes on with it).
  bool span_open_ = false;
  uint64_t span_guest_end_ = 0;
  int exit_status_ = 0;
  std::string stop_message_;
};

}  // namespace m86
