// The National PC16550D UART (16550A-compatible) as a PC COM port: eight registers at `base`,
// interrupt through OUT2-gated IRQ, 16-byte FIFOs, and transmit/receive paced by the character
// time that the divisor latch and line control give, measured on the Scheduler's virtual clock.
#pragma once
#include <cstdint>
#include <functional>
#include <set>
#include <string>

#include "devices/io/io_bus.h"
#include "devices/irq/irq_line.h"
#include "devices/time/scheduler.h"

namespace m86 {

// Everything the chip remembers, in one plain struct for save states.
struct UartState {
  static constexpr int kFifoSize = 16;
  uint8_t rx_fifo[kFifoSize] = {}, rx_err[kFifoSize] = {};  // rx_err: LSR PE/FE/BI bits
  uint8_t rx_head = 0, rx_count = 0;
  uint8_t tx_fifo[kFifoSize] = {};
  uint8_t tx_head = 0, tx_count = 0;
  uint8_t tsr = 0;  // transmitter shift register
  bool tsr_busy = false;
  uint8_t last_rbr = 0;
  uint8_t ier = 0, lcr = 0, mcr = 0, scr = 0, dll = 0, dlm = 0;
  bool fifo_enabled = false;
  uint8_t rx_trigger = 1;
  bool overrun = false;          // LSR OE, cleared by reading LSR
  bool thre_pending = false;     // THRE interrupt source, cleared by IIR read or THR write
  bool timeout_pending = false;  // FIFO character timeout indication
  uint8_t msr = 0;               // lines in bits 7-4, deltas in bits 3-0
  uint8_t modem_inputs = 0xB0;   // external CTS/DSR/RI/DCD in MSR bit positions
  uint64_t tx_done_ns = 0;       // when the shift register finishes, if tsr_busy
  uint64_t timeout_ns = 0;       // when the character timeout fires, if armed
  bool timeout_armed = false;
};

class Uart final : public IoDevice {
 public:
  static constexpr uint16_t kCom1Base = 0x3F8, kCom2Base = 0x2F8;
  static constexpr int kCom1Irq = 4, kCom2Irq = 3;
  // PC16550D "Line Status Register" bits.
  static constexpr uint8_t kLsrDr = 0x01, kLsrOe = 0x02, kLsrPe = 0x04, kLsrFe = 0x08,
                           kLsrBi = 0x10, kLsrThre = 0x20, kLsrTemt = 0x40, kLsrFifoErr = 0x80;

  // A character's transmit time in fast mode: a microsecond, whatever the baud rate.
  static constexpr uint64_t kFastCharTimeNs = 1000;

  struct Config {
    uint16_t base = kCom1Base;
    int irq = kCom1Irq;
    bool fast = false;  // send each character in kFastCharTimeNs, not one character time
    std::function<void(uint8_t)> on_transmit;     // each byte leaving SOUT
    std::function<void(const std::string&)> log;  // unimplemented features (stderr if empty)
  };

  Uart(Scheduler& scheduler, IrqSink& irq, Config config);
  ~Uart() override;
  void Attach(IoBus& bus);
  uint32_t IoRead(uint16_t port, int size) override;
  void IoWrite(uint16_t port, int size, uint32_t value) override;

  // A character arrives on SIN (with optional LSR PE/FE/BI error bits). Returns false when it
  // was lost: overrun, or the receiver is disconnected in loopback mode.
  bool ReceiveByte(uint8_t byte, uint8_t errors = 0);
  // Free entries in the receiver (16 with FIFOs enabled, else 1) so a host can pace input.
  int RxSpace() const;
  // Drives the external modem inputs (PC16550D "Modem Status Register").
  void SetModemInputs(bool cts, bool dsr, bool ri, bool dcd);
  // One character time in virtual nanoseconds for the current divisor and LCR format.
  uint64_t CharTimeNs() const;
  const UartState& state() const { return state_; }

 private:
  uint8_t ReadRegister(int offset);
  void WriteRegister(int offset, uint8_t value);
  uint8_t ComputeIir() const;
  uint8_t Lsr() const;
  bool PushRx(uint8_t byte, uint8_t errors);
  void WriteThr(uint8_t value);
  void StartTransmit();
  void FinishTransmit();
  void Deliver(uint8_t byte);
  void ArmTimeout();
  void UpdateModemLines();
  void UpdateIrq();
  void LogOnce(const std::string& what);

  Scheduler& scheduler_;
  IrqSink& irq_;
  Config config_;
  UartState state_;
  Scheduler::EventId tx_event_ = 0, timeout_event_ = 0;
  bool irq_level_ = false;
  std::set<std::string> logged_;
};

}  // namespace m86
