#include "devices/uart/uart.h"

#include <iostream>

namespace m86 {
namespace {

// Register offsets from the base (PC16550D "Register Addresses"); DLAB = LCR bit 7.
constexpr int kRbrThr = 0, kIer = 1, kIirFcr = 2, kLcr = 3, kMcr = 4, kLsr = 5, kMsr = 6, kScr = 7;
constexpr uint8_t kIerRda = 0x01, kIerThre = 0x02, kIerRls = 0x04, kIerMs = 0x08;
constexpr uint8_t kLcrDlab = 0x80;
constexpr uint8_t kMcrDtr = 0x01, kMcrRts = 0x02, kMcrOut1 = 0x04, kMcrOut2 = 0x08, kMcrLoop = 0x10;
constexpr uint8_t kMsrCts = 0x10, kMsrDsr = 0x20, kMsrRi = 0x40, kMsrDcd = 0x80;
// "Interrupt Identification Register" codes, highest priority first.
constexpr uint8_t kIirNone = 0x01, kIirRls = 0x06, kIirRda = 0x04, kIirTimeout = 0x0C,
                  kIirThre = 0x02, kIirMs = 0x00, kIirFifos = 0xC0;
constexpr uint64_t kClockHz = 1'843'200;  // the PC's baud-rate crystal

}  // namespace

Uart::Uart(Scheduler& scheduler, IrqSink& irq, Config config)
    : scheduler_(scheduler), irq_(irq), config_(std::move(config)) {
  UpdateModemLines();
  state_.msr &= 0xF0;  // no deltas at reset
}

Uart::~Uart() {
  scheduler_.Cancel(tx_event_);
  scheduler_.Cancel(timeout_event_);
}

void Uart::Attach(IoBus& bus) {
  bus.Map(this, config_.base, static_cast<uint16_t>(config_.base + 7));
}

uint32_t Uart::IoRead(uint16_t port, int /*size*/) {
  return ReadRegister((port - config_.base) & 7);
}

void Uart::IoWrite(uint16_t port, int /*size*/, uint32_t value) {
  WriteRegister((port - config_.base) & 7, static_cast<uint8_t>(value));
}

uint64_t Uart::CharTimeNs() const {
  uint32_t divisor = state_.dll | (state_.dlm << 8);
  if (divisor == 0) divisor = 0x10000;  // logged when written
  // Start bit + 5-8 data bits + optional parity + 1, 1.5 or 2 stop bits ("Line Control
  // Register"), counted in half bits; each bit is 16 clocks of the divided 1.8432 MHz clock.
  const int data = 5 + (state_.lcr & 3);
  const int parity = (state_.lcr & 0x08) ? 1 : 0;
  const int stop_halves = !(state_.lcr & 0x04) ? 2 : (data == 5 ? 3 : 4);
  const uint64_t halves = 2 * (1 + data + parity) + stop_halves;
  return divisor * 16ull * halves * 1'000'000'000ull / (2 * kClockHz);
}

uint8_t Uart::Lsr() const {
  const UartState& s = state_;
  uint8_t v = 0;
  if (s.rx_count) v |= kLsrDr | s.rx_err[s.rx_head];
  if (s.overrun) v |= kLsrOe;
  if (s.tx_count == 0) v |= kLsrThre;
  if (s.tx_count == 0 && !s.tsr_busy) v |= kLsrTemt;
  if (s.fifo_enabled) {
    // "LSR7": at least one parity, framing or break error anywhere in the RX FIFO.
    for (int i = 0; i < s.rx_count; ++i) {
      if (s.rx_err[(s.rx_head + i) % UartState::kFifoSize]) v |= kLsrFifoErr;
    }
  }
  return v;
}

uint8_t Uart::ComputeIir() const {
  const UartState& s = state_;
  const uint8_t fifos = s.fifo_enabled ? kIirFifos : 0;
  const bool line_status = s.overrun || (s.rx_count && s.rx_err[s.rx_head]);
  const bool data = s.fifo_enabled ? s.rx_count >= s.rx_trigger : s.rx_count > 0;
  if ((s.ier & kIerRls) && line_status) return fifos | kIirRls;
  if ((s.ier & kIerRda) && data) return fifos | kIirRda;
  if ((s.ier & kIerRda) && s.timeout_pending) return fifos | kIirTimeout;
  if ((s.ier & kIerThre) && s.thre_pending) return fifos | kIirThre;
  if ((s.ier & kIerMs) && (s.msr & 0x0F)) return fifos | kIirMs;
  return fifos | kIirNone;
}

uint8_t Uart::ReadRegister(int offset) {
  UartState& s = state_;
  switch (offset) {
    case kRbrThr: {
      if (s.lcr & kLcrDlab) return s.dll;
      if (s.rx_count) {
        s.last_rbr = s.rx_fifo[s.rx_head];
        s.rx_err[s.rx_head] = 0;
        s.rx_head = static_cast<uint8_t>((s.rx_head + 1) % UartState::kFifoSize);
        --s.rx_count;
      }
      // "FIFO Interrupt Mode Operation": a read resets the timeout timer and clears the
      // timeout indication.
      s.timeout_pending = false;
      ArmTimeout();
      UpdateIrq();
      return s.last_rbr;
    }
    case kIer:
      return (s.lcr & kLcrDlab) ? s.dlm : s.ier;
    case kIirFcr: {
      const uint8_t iir = ComputeIir();
      // Reading IIR while it reports THRE clears that source ("Interrupt Control Functions").
      if ((iir & 0x0F) == kIirThre) {
        s.thre_pending = false;
        UpdateIrq();
      }
      return iir;
    }
    case kLcr:
      return s.lcr;
    case kMcr:
      return s.mcr;
    case kLsr: {
      const uint8_t v = Lsr();
      // Reading LSR clears OE and the error bits of the character at the top of the FIFO.
      s.overrun = false;
      if (s.rx_count) s.rx_err[s.rx_head] = 0;
      UpdateIrq();
      return v;
    }
    case kMsr: {
      const uint8_t v = s.msr;
      s.msr &= 0xF0;  // deltas clear on read
      UpdateIrq();
      return v;
    }
    default:
      return s.scr;
  }
}

void Uart::WriteRegister(int offset, uint8_t value) {
  UartState& s = state_;
  switch (offset) {
    case kRbrThr:
      if (s.lcr & kLcrDlab) {
        s.dll = value;
        if (s.dll == 0 && s.dlm == 0) LogOnce("UART divisor 0");
      } else {
        WriteThr(value);
      }
      return;
    case kIer:
      if (s.lcr & kLcrDlab) {
        s.dlm = value;
        return;
      }
      // Enabling ETBEI with the holding register empty raises a THRE interrupt at once.
      if ((value & kIerThre) && !(s.ier & kIerThre) && s.tx_count == 0) s.thre_pending = true;
      s.ier = value & 0x0F;
      UpdateIrq();
      return;
    case kIirFcr: {
      const bool enable = (value & 0x01) != 0;
      const bool had_tx = s.tx_count != 0;
      // "FIFO Control Register": changing FCR0 clears both FIFOs; FCR1-7 are only programmed
      // while FCR0 is 1. DMA mode (FCR3) only changes the RXRDY/TXRDY pins, unused on the PC.
      if (enable != s.fifo_enabled) {
        s.rx_count = s.tx_count = 0;
        s.fifo_enabled = enable;
      }
      if (enable) {
        static constexpr uint8_t kTriggers[4] = {1, 4, 8, 14};
        s.rx_trigger = kTriggers[value >> 6];
        if (value & 0x02) s.rx_count = 0;
        if (value & 0x04) s.tx_count = 0;
      }
      if (s.rx_count == 0) s.timeout_pending = false;
      if (had_tx && s.tx_count == 0) s.thre_pending = true;  // THR became empty
      ArmTimeout();
      UpdateIrq();
      return;
    }
    case kLcr:
      if (value & 0x40) LogOnce("UART break transmission (LCR bit 6)");
      s.lcr = value;
      return;
    case kMcr:
      s.mcr = value & 0x1F;
      UpdateModemLines();
      UpdateIrq();
      return;
    case kLsr:
    case kMsr:
      LogOnce("UART write to LSR/MSR (factory test only)");
      return;
    default:
      s.scr = value;
  }
}

void Uart::WriteThr(uint8_t value) {
  UartState& s = state_;
  s.thre_pending = false;  // writing THR clears the THRE interrupt
  const int capacity = s.fifo_enabled ? UartState::kFifoSize : 1;
  if (s.tx_count < capacity) {
    s.tx_fifo[(s.tx_head + s.tx_count) % UartState::kFifoSize] = value;
    ++s.tx_count;
  }  // a write to a full transmitter is lost, as on the chip
  if (!s.tsr_busy) StartTransmit();
  UpdateIrq();
}

// Moves the next character from THR/TX FIFO into the shift register.
void Uart::StartTransmit() {
  UartState& s = state_;
  if (s.tsr_busy || s.tx_count == 0) return;
  s.tsr = s.tx_fifo[s.tx_head];
  s.tx_head = static_cast<uint8_t>((s.tx_head + 1) % UartState::kFifoSize);
  --s.tx_count;
  s.tsr_busy = true;
  if (s.tx_count == 0) s.thre_pending = true;
  // A fast UART still empties its holding register as an event after the write, never within
  // it: drivers count on THRE dropping while a character is in flight, and an interrupt line
  // that never drops gives an edge-triggered controller no new edge (Linux's 8250 driver then
  // waits forever for THRE).
  s.tx_done_ns = scheduler_.now() + (config_.fast ? kFastCharTimeNs : CharTimeNs());
  tx_event_ = scheduler_.ScheduleAt(s.tx_done_ns, [this] { FinishTransmit(); });
}

void Uart::FinishTransmit() {
  tx_event_ = 0;
  state_.tsr_busy = false;
  Deliver(state_.tsr);
  StartTransmit();
  UpdateIrq();
}

void Uart::Deliver(uint8_t byte) {
  // "Modem Control Register" bit 4: in loopback the shift register feeds the receiver and
  // SOUT stays marking.
  if (state_.mcr & kMcrLoop) {
    PushRx(byte, 0);
  } else if (config_.on_transmit) {
    config_.on_transmit(byte);
  }
}

bool Uart::ReceiveByte(uint8_t byte, uint8_t errors) {
  if (state_.mcr & kMcrLoop) return false;  // SIN is disconnected in loopback
  const bool ok = PushRx(byte, errors);
  UpdateIrq();
  return ok;
}

int Uart::RxSpace() const {
  return (state_.fifo_enabled ? UartState::kFifoSize : 1) - state_.rx_count;
}

bool Uart::PushRx(uint8_t byte, uint8_t errors) {
  UartState& s = state_;
  errors &= kLsrPe | kLsrFe | kLsrBi;
  bool ok = true;
  if (s.rx_count >= (s.fifo_enabled ? UartState::kFifoSize : 1)) {
    // "LSR1 Overrun Error": with FIFOs the new character is lost; without, it overwrites RBR.
    s.overrun = true;
    ok = false;
    if (!s.fifo_enabled) {
      s.rx_fifo[s.rx_head] = byte;
      s.rx_err[s.rx_head] = errors;
    }
  } else {
    const int slot = (s.rx_head + s.rx_count) % UartState::kFifoSize;
    s.rx_fifo[slot] = byte;
    s.rx_err[slot] = errors;
    ++s.rx_count;
  }
  s.timeout_pending = false;
  ArmTimeout();
  UpdateIrq();
  return ok;
}

// "FIFO Interrupt Mode Operation": a timeout is indicated when the RX FIFO holds at least one
// character and none was received or read for four character times.
void Uart::ArmTimeout() {
  scheduler_.Cancel(timeout_event_);
  timeout_event_ = 0;
  state_.timeout_armed = false;
  if (!state_.fifo_enabled || state_.rx_count == 0) return;
  state_.timeout_armed = true;
  state_.timeout_ns = scheduler_.now() + 4 * CharTimeNs();
  timeout_event_ = scheduler_.ScheduleAt(state_.timeout_ns, [this] {
    timeout_event_ = 0;
    state_.timeout_armed = false;
    if (state_.rx_count) state_.timeout_pending = true;
    UpdateIrq();
  });
}

void Uart::SetModemInputs(bool cts, bool dsr, bool ri, bool dcd) {
  state_.modem_inputs = static_cast<uint8_t>((cts ? kMsrCts : 0) | (dsr ? kMsrDsr : 0) |
                                             (ri ? kMsrRi : 0) | (dcd ? kMsrDcd : 0));
  UpdateModemLines();
  UpdateIrq();
}

// Recomputes the MSR line bits and latches the delta bits ("Modem Status Register"): in
// loopback CTS=RTS, DSR=DTR, RI=OUT1, DCD=OUT2.
void Uart::UpdateModemLines() {
  UartState& s = state_;
  uint8_t lines = s.modem_inputs;
  if (s.mcr & kMcrLoop) {
    lines = static_cast<uint8_t>(
        ((s.mcr & kMcrRts) ? kMsrCts : 0) | ((s.mcr & kMcrDtr) ? kMsrDsr : 0) |
        ((s.mcr & kMcrOut1) ? kMsrRi : 0) | ((s.mcr & kMcrOut2) ? kMsrDcd : 0));
  }
  const uint8_t old = s.msr & 0xF0;
  const uint8_t changed = old ^ lines;
  uint8_t deltas = s.msr & 0x0F;
  if (changed & kMsrCts) deltas |= 0x01;
  if (changed & kMsrDsr) deltas |= 0x02;
  if ((old & kMsrRi) && !(lines & kMsrRi)) deltas |= 0x04;  // TERI: trailing edge only
  if (changed & kMsrDcd) deltas |= 0x08;
  s.msr = static_cast<uint8_t>(lines | deltas);
}

void Uart::UpdateIrq() {
  // On the PC the INTR pin reaches the PIC through a buffer enabled by OUT2; in loopback the
  // OUT2 pin is forced inactive ("Modem Control Register" bit 4), so the IRQ stays low.
  const bool intr = (ComputeIir() & kIirNone) == 0;
  const bool level = intr && (state_.mcr & kMcrOut2) && !(state_.mcr & kMcrLoop);
  if (level != irq_level_) {
    irq_level_ = level;
    irq_.SetIrq(config_.irq, level);
  }
}

void Uart::LogOnce(const std::string& what) {
  if (!logged_.insert(what).second) return;
  if (config_.log) {
    config_.log("unimplemented: " + what);
  } else {
    std::cerr << "unimplemented: " << what << "\n";
  }
}

}  // namespace m86
