// The 8042 keyboard controller of the PC/AT and PS/2 (IBM PC AT Technical Reference,
// "Keyboard Controller"; IBM PS/2 Technical Reference, "Keyboard/Auxiliary Device
// Controller"): data port 0x60, status/command port 0x64, the command byte, the output port
// (bit 0 system reset, bit 1 A20 gate), and set 2 -> set 1 translation of keyboard bytes.
// Bytes move without modelled transfer time: the controller pulls the next device byte as soon
// as its output buffer is read.
#pragma once
#include <cstdint>
#include <functional>

#include "devices/io/io_bus.h"
#include "devices/irq/irq_line.h"
#include "devices/kbc/ps2_keyboard.h"
#include "devices/kbc/ps2_mouse.h"

namespace m86 {

struct I8042State {
  uint8_t ram[32] = {};          // ram[0] is the command byte
  uint8_t output_buffer = 0;
  uint8_t status = 0;            // kStatus* bits (OBF/AUXB/A2/SYS are kept in sync here)
  uint8_t output_port = 0x03;    // bit 0 reset line (1 = inactive), bit 1 A20 gate
  uint8_t pending_command = 0;   // a command waiting for its data byte on port 0x60
  bool break_prefix = false;     // translation saw F0; OR 0x80 into the next code
  uint8_t reply[4] = {};         // the controller's own reply bytes, sent before device bytes
  uint8_t reply_count = 0;
  bool irq1_level = false, irq12_level = false;  // what we drive on the lines
};

class I8042 final : public IoDevice {
 public:
  // Status register (port 0x64 read).
  static constexpr uint8_t kStatusObf = 0x01, kStatusIbf = 0x02, kStatusSys = 0x04,
                           kStatusA2 = 0x08, kStatusInh = 0x10, kStatusAuxb = 0x20,
                           kStatusTimeout = 0x40, kStatusParity = 0x80;
  // Command byte.
  static constexpr uint8_t kCmdIrq1 = 0x01, kCmdIrq12 = 0x02, kCmdSys = 0x04,
                           kCmdDisableKbd = 0x10, kCmdDisableAux = 0x20, kCmdTranslate = 0x40;

  struct Config {
    std::function<void(bool enabled)> set_a20;  // output port bit 1 changed
    std::function<void()> reset;                // output port bit 0 driven low (CPU reset)
    // Input port (0xC0): bit 7 keyboard not inhibited, bit 5 no manufacturing jumper, bit 4
    // 512 KiB on the system board (PC AT TR, "Input Port Definitions").
    uint8_t input_port = 0xB0;
    bool a20_at_power_on = true;
  };

  I8042(Config config, Ps2Keyboard* keyboard, Ps2Mouse* mouse, IrqSink* irq);
  void Attach(IoBus& bus);  // ports 0x60 and 0x64

  uint32_t IoRead(uint16_t port, int size) override;
  void IoWrite(uint16_t port, int size, uint32_t value) override;

  const I8042State& state() const { return state_; }
  uint8_t command_byte() const { return state_.ram[0]; }
  OnceLog log;

 private:
  void Command(uint8_t command);
  void Data(uint8_t value);
  void Respond(uint8_t value);
  void WriteOutputPort(uint8_t value);
  void SetCommandByte(uint8_t value);
  void Fill(uint8_t value, bool aux);
  void Service();
  void Pull();
  void UpdateIrqs();

  Config config_;
  Ps2Keyboard* keyboard_;
  Ps2Mouse* mouse_;
  IrqSink* irq_;
  I8042State state_;
  bool in_service_ = false;
};

}  // namespace m86
