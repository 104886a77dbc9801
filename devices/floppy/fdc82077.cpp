// Register interface, reset and interrupt logic of the 82077AA (datasheet section 2,
// "Register Description", and section 5, "Reset").
#include "devices/floppy/fdc82077.h"

#include <cstdio>

namespace m86 {
namespace {

constexpr uint16_t kBase = 0x3F0;
// Main Status Register bits (82077AA datasheet, "Main Status Register").
constexpr uint8_t kMsrRqm = 0x80, kMsrDio = 0x40, kMsrCmdBusy = 0x10;
constexpr uint8_t kDorReset = 0x04, kDorDmaGate = 0x08;

}  // namespace

Fdc82077::~Fdc82077() {
  CancelEvent();
  for (Scheduler::EventId& id : seek_events_) {
    if (id) scheduler_.Cancel(id);
  }
}

void Fdc82077::Attach(IoBus& bus) {
  bus.Map(this, 0x3F0, 0x3F5);
  bus.Map(this, 0x3F7, 0x3F7);
}

void Fdc82077::LogOnce(const std::string& what) {
  if (!logged_.insert(what).second) return;
  if (log)
    log(what);
  else
    std::fprintf(stderr, "fdc: %s\n", what.c_str());
}

bool Fdc82077::InsertDisk(int drive, std::unique_ptr<DiskImage> image, std::string* error) {
  if (drive < 0 || drive >= kFdcDrives) {
    if (error) *error = "floppy drive " + std::to_string(drive) + " does not exist";
    return false;
  }
  const auto geometry = FloppyGeometryForSize(image->size(), error);
  if (!geometry) return false;
  media_[drive].image = std::move(image);
  media_[drive].geometry = *geometry;
  state_.drives[drive].disk_changed = true;
  return true;
}

void Fdc82077::EjectDisk(int drive) {
  if (drive < 0 || drive >= kFdcDrives) return;
  media_[drive].image.reset();
  state_.drives[drive].disk_changed = true;
}

uint32_t Fdc82077::IoRead(uint16_t port, int size) {
  if (size != 1) LogOnce("non-byte access to the floppy controller");
  switch (port - kBase) {
    case 0:
    case 1:
      // SRA/SRB exist only in PS/2 and Model 30 modes; in AT mode the bus floats.
      return 0xFF;
    case 2:
      return state_.dor;
    case 3:
      return state_.tdr;
    case 4:
      return ReadMsr();
    case 5:
      return ReadFifo();
    case 7: {
      // Digital Input Register, AT mode: bit 7 DSKCHG of the selected drive; bits 6-0 are
      // not driven by the 82077AA (the IDE controller shares this port).
      const FdcDriveState& d = state_.drives[state_.dor & 3];
      return 0x7F | (d.disk_changed ? 0x80 : 0x00);
    }
    default:
      return 0xFF;
  }
}

void Fdc82077::IoWrite(uint16_t port, int size, uint32_t value) {
  if (size != 1) LogOnce("non-byte access to the floppy controller");
  const uint8_t v = static_cast<uint8_t>(value);
  switch (port - kBase) {
    case 2:
      WriteDor(v);
      break;
    case 3:
      state_.tdr = v & 3;
      break;
    case 4:
      // Data Rate Select Register: bit 7 software reset (self-clearing), bit 6 power down.
      state_.dsr = v & 0x7F;
      state_.data_rate = v & 3;
      if (v & 0x40) LogOnce("DSR power down is not implemented");
      if (v & 0x80) {
        SoftReset();
        FinishAfter(kResetDelay, &Fdc82077::FinishReset);
      }
      break;
    case 5:
      WriteFifo(v);
      break;
    case 7:
      state_.data_rate = v & 3;
      break;  // Configuration Control Register
    default:
      LogOnce("write to read-only floppy register " + std::to_string(port));
      break;
  }
}

void Fdc82077::WriteDor(uint8_t value) {
  const uint8_t old = state_.dor;
  state_.dor = value;
  if (!(value & kDorReset)) {
    // Held in reset while DOR bit 2 is 0 (datasheet, "Digital Output Register").
    SoftReset();
  } else if (!(old & kDorReset)) {
    FinishAfter(kResetDelay, &Fdc82077::FinishReset);
  }
  UpdateIrq();
}

void Fdc82077::SoftReset() {
  CancelEvent();
  state_.phase = FdcPhase::kCommand;
  state_.command_len = state_.command_need = 0;
  state_.result_len = state_.result_pos = 0;
  state_.irq_pending = false;
  for (int i = 0; i < 4; ++i) {
    if (seek_events_[i]) scheduler_.Cancel(seek_events_[i]);
    seek_events_[i] = 0;
    state_.drives[i].seeking = false;
    state_.drives[i].seek_interrupt = false;
  }
  // CONFIGURE's EFIFO, FIFOTHR and PRETRK survive a software reset only under LOCK; EIS and
  // POLL always return to their defaults (datasheet, "LOCK").
  if (state_.lock) {
    state_.config = static_cast<uint8_t>(state_.config & 0x2F);
  } else {
    state_.config = 0x20;
    state_.pretrk = 0;
  }
  state_.perpendicular &= 0x3C;  // GAP and WGATE clear on reset
  UpdateIrq();
}

void Fdc82077::FinishReset() {
  // With drive polling enabled the controller reports a "ready changed" status for each of
  // the four drives and interrupts; the driver answers with four SENSE INTERRUPT STATUS.
  if (!(state_.config & 0x10)) {
    for (int i = 0; i < 4; ++i) {
      state_.drives[i].seek_interrupt = true;
      state_.drives[i].seek_st0 = static_cast<uint8_t>(0xC0 | i);
    }
    RaiseInterrupt();
  }
}

uint8_t Fdc82077::ReadMsr() const {
  if (!(state_.dor & kDorReset)) return 0;
  uint8_t msr = 0;
  for (int i = 0; i < 4; ++i) {
    if (state_.drives[i].seeking) msr |= static_cast<uint8_t>(1u << i);
  }
  switch (state_.phase) {
    case FdcPhase::kCommand:
      msr |= kMsrRqm;
      if (state_.command_len > 0) msr |= kMsrCmdBusy;
      break;
    case FdcPhase::kExecution:
      msr |= kMsrCmdBusy;
      break;
    case FdcPhase::kResult:
      msr |= kMsrRqm | kMsrDio | kMsrCmdBusy;
      break;
  }
  return msr;
}

uint8_t Fdc82077::ReadFifo() {
  if (state_.phase != FdcPhase::kResult) {
    LogOnce("read of the floppy FIFO outside the result phase");
    return 0xFF;
  }
  // Reading the result clears the interrupt of a data command (datasheet, "Result Phase").
  if (state_.result_pos == 0) LowerInterrupt();
  const uint8_t v = state_.result[state_.result_pos++];
  if (state_.result_pos >= state_.result_len) {
    state_.phase = FdcPhase::kCommand;
    state_.result_len = state_.result_pos = 0;
  }
  return v;
}

void Fdc82077::WriteFifo(uint8_t value) {
  if (!(state_.dor & kDorReset)) return;
  if (state_.phase != FdcPhase::kCommand) {
    LogOnce("write to the floppy FIFO outside the command phase");
    return;
  }
  state_.command[state_.command_len++] = value;
  if (state_.command_len == 1)
    StartCommand();
  else if (state_.command_len >= state_.command_need)
    ExecuteCommand();
}

void Fdc82077::FinishAfter(uint64_t delay, void (Fdc82077::*finish)()) {
  CancelEvent();
  event_ = scheduler_.ScheduleIn(delay, [this, finish] {
    event_ = 0;
    (this->*finish)();
  });
}

void Fdc82077::CancelEvent() {
  if (event_) scheduler_.Cancel(event_);
  event_ = 0;
}

void Fdc82077::SetResult(std::initializer_list<uint8_t> bytes) {
  state_.result_len = 0;
  for (uint8_t b : bytes) state_.result[state_.result_len++] = b;
  state_.result_pos = 0;
  state_.command_len = 0;
  state_.phase = FdcPhase::kResult;
}

void Fdc82077::RaiseInterrupt() {
  state_.irq_pending = true;
  UpdateIrq();
}

void Fdc82077::LowerInterrupt() {
  state_.irq_pending = false;
  UpdateIrq();
}

void Fdc82077::UpdateIrq() {
  // In AT mode DOR bit 3 gates the INT and DRQ outputs onto the bus.
  const bool level = state_.irq_pending && (state_.dor & kDorDmaGate);
  if (level != state_.irq_level) {
    state_.irq_level = level;
    irq_.SetIrq(kFdcIrq, level);
  }
}

}  // namespace m86
