// The Intel 82077AA floppy disk controller in PC/AT mode at 0x3F0-0x3F7 (0x3F6 belongs to the
// IDE controller), with two drives, IRQ 6 and DMA channel 2. Commands finish after a short
// virtual-time delay through the Scheduler; data moves at completion, then the IRQ rises.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <span>
#include <string>

#include "devices/dma/dma8237.h"
#include "devices/floppy/disk_image.h"
#include "devices/io/io_bus.h"
#include "devices/irq/irq_line.h"
#include "devices/time/scheduler.h"

namespace m86 {

constexpr int kFdcIrq = 6;
constexpr int kFdcDmaChannel = 2;
constexpr int kFdcDrives = 2;  // drives 0 and 1 are cabled; 2 and 3 answer as absent

enum class FdcPhase : uint8_t { kCommand, kExecution, kResult };

struct FdcDriveState {
  uint8_t cylinder = 0;         // the head position, also the controller's PCN for the drive
  bool disk_changed = true;     // the DSKCHG line, active from power-up until a step with media
  bool seeking = false;         // MSR drive busy bit
  bool seek_interrupt = false;  // a seek/recalibrate/reset status awaits SENSE INTERRUPT
  uint8_t seek_st0 = 0;
};

// Everything that changes at run time, for save states (the disk images stay outside).
struct FdcState {
  uint8_t dor = 0;  // drive select 1-0, /RESET 2, DMA and IRQ gate 3, motors 7-4
  uint8_t tdr = 0;
  uint8_t data_rate = 2;  // CCR/DSR bits 1-0: 0 500K, 1 300K, 2 250K, 3 1M
  uint8_t dsr = 0x02;
  FdcPhase phase = FdcPhase::kCommand;
  std::array<uint8_t, 16> command{};
  int command_len = 0, command_need = 0;
  std::array<uint8_t, 16> result{};
  int result_len = 0, result_pos = 0;
  bool irq_pending = false;  // the controller's INT output (gated by DOR bit 3)
  bool irq_level = false;    // what we last drove on IRQ 6
  std::array<FdcDriveState, 4> drives{};
  // SPECIFY, CONFIGURE and LOCK parameters (82077AA datasheet, "Command Descriptions").
  uint8_t srt_hut = 0, hlt_nd = 0;
  uint8_t config = 0x20;  // EIS 6, EFIFO 5 (1 = FIFO off), POLL 4 (1 = polling off), FIFOTHR
  uint8_t pretrk = 0;
  bool lock = false;
  uint8_t last_eot = 0;
  uint8_t perpendicular = 0;
};

class Fdc82077 final : public IoDevice {
 public:
  Fdc82077(Scheduler& scheduler, IrqSink& irq, DmaController& dma)
      : scheduler_(scheduler), irq_(irq), dma_(dma) {}
  ~Fdc82077() override;
  // Maps 0x3F0-0x3F5 and 0x3F7.
  void Attach(IoBus& bus);
  uint32_t IoRead(uint16_t port, int size) override;
  void IoWrite(uint16_t port, int size, uint32_t value) override;

  // Inserts `image` in drive 0 or 1; false with `*error` when its size is not a floppy's.
  bool InsertDisk(int drive, std::unique_ptr<DiskImage> image, std::string* error);
  void EjectDisk(int drive);
  DiskImage* disk(int drive) { return drive < kFdcDrives ? media_[drive].image.get() : nullptr; }

  FdcState& state() { return state_; }
  std::function<void(const std::string&)> log;

  // Virtual-time delays (nanoseconds): the BIOS waits for IRQ 6 after each.
  static constexpr uint64_t kResetDelay = 20'000;
  static constexpr uint64_t kDataDelay = 200'000;
  static constexpr uint64_t kStepDelay = 100'000;  // per cylinder stepped, plus one

 private:
  struct Media {
    std::unique_ptr<DiskImage> image;
    FloppyGeometry geometry{};
  };

  uint8_t ReadMsr() const;
  uint8_t ReadFifo();
  void WriteFifo(uint8_t value);
  void WriteDor(uint8_t value);
  void SoftReset();
  void FinishReset();
  void StartCommand();
  void ExecuteCommand();  // fdc_commands.cpp
  void FinishAfter(uint64_t delay, void (Fdc82077::*finish)());
  void SetResult(std::initializer_list<uint8_t> bytes);
  void RaiseInterrupt();
  void LowerInterrupt();
  void UpdateIrq();
  void LogOnce(const std::string& what);
  void CancelEvent();

  // Command bodies (fdc_commands.cpp).
  void FinishReadWrite();
  void FinishReadId();
  void FinishFormat();
  void StartSeek(int drive, int head, int target, bool recalibrate);
  void SenseInterrupt();
  void DataResult(uint8_t st0, uint8_t st1, uint8_t st2, uint8_t c, uint8_t h, uint8_t r,
                  uint8_t n);
  bool MediaReadable(int drive) const;
  size_t DmaTransfer(std::span<uint8_t> data, bool to_memory, bool* tc);
  int DriveOf(uint8_t hds) const { return hds & 3; }

  Scheduler& scheduler_;
  IrqSink& irq_;
  DmaController& dma_;
  FdcState state_;
  std::array<Media, kFdcDrives> media_;
  Scheduler::EventId event_ = 0;                     // the running command or reset
  std::array<Scheduler::EventId, 4> seek_events_{};  // seeks overlap, one per drive
  std::set<std::string> logged_;
};

}  // namespace m86
