#include "devices/kbc/i8042.h"

#include <string>

namespace m86 {
namespace {

constexpr uint16_t kDataPort = 0x60;
constexpr uint16_t kCommandPort = 0x64;

std::string Hex(uint8_t v) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  return std::string("0x") + kDigits[v >> 4] + kDigits[v & 15];
}

}  // namespace

I8042::I8042(Config config, Ps2Keyboard* keyboard, Ps2Mouse* mouse, IrqSink* irq)
    : config_(std::move(config)), keyboard_(keyboard), mouse_(mouse), irq_(irq) {
  // The firmware clears its RAM at power on; the BIOS writes the command byte it wants. The
  // status shows the keyboard switch (input port bit 7) as INH.
  state_.output_port = static_cast<uint8_t>(0x01 | (config_.a20_at_power_on ? 0x02 : 0));
  if (keyboard_) keyboard_->on_output = [this] { Service(); };
  if (mouse_) mouse_->on_output = [this] { Service(); };
}

void I8042::Attach(IoBus& bus) {
  bus.Map(this, kDataPort, kDataPort);
  bus.Map(this, kCommandPort, kCommandPort);
}

uint32_t I8042::IoRead(uint16_t port, int /*size*/) {
  if (port == kCommandPort) {
    uint8_t status = state_.status & ~(kStatusSys | kStatusInh);
    if (state_.ram[0] & kCmdSys) status |= kStatusSys;
    if (config_.input_port & 0x80) status |= kStatusInh;  // 1 = keyboard not inhibited
    return status;
  }
  uint8_t value = state_.output_buffer;
  if (state_.status & kStatusObf) {
    state_.status &= ~(kStatusObf | kStatusAuxb);
    UpdateIrqs();
    Service();
  }
  return value;
}

void I8042::IoWrite(uint16_t port, int /*size*/, uint32_t value) {
  // The firmware takes the byte at once, so IBF never stays visible; A2 records which port.
  if (port == kCommandPort) {
    state_.status |= kStatusA2;
    Command(static_cast<uint8_t>(value));
  } else {
    state_.status &= ~kStatusA2;
    Data(static_cast<uint8_t>(value));
  }
}

void I8042::Respond(uint8_t value) {
  if (state_.reply_count < sizeof state_.reply) state_.reply[state_.reply_count++] = value;
  Service();
}

void I8042::SetCommandByte(uint8_t value) {
  state_.ram[0] = value & 0x7F;  // bit 7 is reserved, reads 0
  UpdateIrqs();
  Service();  // enabling a port lets its queued bytes through
}

void I8042::WriteOutputPort(uint8_t value) {
  uint8_t old = state_.output_port;
  state_.output_port = value;
  if (((old ^ value) & 0x02) && config_.set_a20) config_.set_a20((value & 0x02) != 0);
  // Bit 0 drives the processor's reset line, active low (PC AT TR, "Output Port Definitions").
  if (!(value & 0x01) && config_.reset) config_.reset();
}

void I8042::Command(uint8_t command) {
  state_.pending_command = 0;
  if (command >= 0x20 && command <= 0x3F) {  // read controller RAM, 0x20 = command byte
    Respond(state_.ram[command & 0x1F]);
    return;
  }
  if (command >= 0x60 && command <= 0x7F) {  // write controller RAM, 0x60 = command byte
    state_.pending_command = command;
    return;
  }
  if (command >= 0xF0) {
    // Pulse output port bits 0-3 low for ~6 us where the command's bit is 0; only bit 0
    // (reset) has a lasting effect, 0xFE being the usual reboot.
    if (!(command & 0x01) && config_.reset) config_.reset();
    return;
  }
  switch (command) {
    case 0xA4:  // password installed? 0xF1 = no
      Respond(0xF1);
      break;
    case 0xA7:
      SetCommandByte(state_.ram[0] | kCmdDisableAux);
      break;
    case 0xA8:
      SetCommandByte(state_.ram[0] & ~kCmdDisableAux);
      break;
    case 0xA9:  // aux interface test: 0 = no error
    case 0xAB:  // keyboard interface test: 0 = no error
      Respond(0x00);
      break;
    case 0xAA:  // self-test passed
      Respond(0x55);
      break;
    case 0xAD:
      SetCommandByte(state_.ram[0] | kCmdDisableKbd);
      break;
    case 0xAE:
      SetCommandByte(state_.ram[0] & ~kCmdDisableKbd);
      break;
    case 0xC0:
      Respond(config_.input_port);
      break;
    case 0xD0: {
      // Bits 4/5 reflect the output buffer full for keyboard/aux (the IRQ 1/12 pins).
      uint8_t port = state_.output_port & 0xCF;
      if (state_.irq1_level) port |= 0x10;
      if (state_.irq12_level) port |= 0x20;
      Respond(port);
      break;
    }
    case 0xD1:
    case 0xD2:
    case 0xD3:
    case 0xD4:
      state_.pending_command = command;
      break;
    case 0xDD:  // A20 off / on: HP Vectra shorthand for D1 with bit 1 clear / set
      WriteOutputPort(state_.output_port & ~0x02);
      break;
    case 0xDF:
      WriteOutputPort(state_.output_port | 0x02);
      break;
    default:
      log.Log("i8042: unimplemented controller command " + Hex(command));
      break;
  }
}

void I8042::Data(uint8_t value) {
  uint8_t command = state_.pending_command;
  state_.pending_command = 0;
  if (command >= 0x60 && command <= 0x7F) {
    if (command == 0x60) {
      SetCommandByte(value);
    } else {
      state_.ram[command & 0x1F] = value;
    }
    return;
  }
  switch (command) {
    case 0xD1:
      WriteOutputPort(value);
      return;
    case 0xD2:  // as if from the keyboard (not translated)
      if (!(state_.status & kStatusObf)) {
        Fill(value, false);
      } else {
        log.Log("i8042: 0xD2 with the output buffer full; byte dropped");
      }
      return;
    case 0xD3:  // as if from the aux device
      if (!(state_.status & kStatusObf)) {
        Fill(value, true);
      } else {
        log.Log("i8042: 0xD3 with the output buffer full; byte dropped");
      }
      return;
    case 0xD4:
      if (mouse_) {
        mouse_->HostWrite(value);
      } else {
        Respond(0xFE);  // nobody on the aux port: the controller reports a time-out
      }
      return;
    default:
      break;
  }
  if (keyboard_) {
    keyboard_->HostWrite(value);
  } else {
    Respond(0xFE);
  }
}

void I8042::Fill(uint8_t value, bool aux) {
  state_.output_buffer = value;
  state_.status |= kStatusObf;
  if (aux) {
    state_.status |= kStatusAuxb;
  } else {
    state_.status &= ~kStatusAuxb;
  }
  UpdateIrqs();
}

// Moves the next byte into the empty output buffer: the controller's own replies first, then
// the keyboard, then the aux device, each only while its clock is enabled in the command byte.
void I8042::Service() {
  // A device may report new output while being popped (the mouse queues its next packet).
  if (in_service_) return;
  in_service_ = true;
  Pull();
  in_service_ = false;
}

void I8042::Pull() {
  while (!(state_.status & kStatusObf)) {
    if (state_.reply_count > 0) {
      uint8_t value = state_.reply[0];
      for (int i = 1; i < state_.reply_count; ++i) state_.reply[i - 1] = state_.reply[i];
      --state_.reply_count;
      Fill(value, false);
      return;
    }
    if (keyboard_ && !(state_.ram[0] & kCmdDisableKbd) && keyboard_->HasOutput()) {
      uint8_t value = keyboard_->PopOutput();
      if (state_.ram[0] & kCmdTranslate) {
        // Set 2 -> set 1 (PS/2 TR, "Scan Code Translation"): F0 is absorbed and sets bit 7 of
        // the following code; prefixes and replies of 0x80 and above pass unchanged.
        if (value == 0xF0) {
          state_.break_prefix = true;
          continue;
        }
        if (value < 0x80 || value == 0x83 || value == 0x84) {
          int translated = TranslateSet2ToSet1(value);
          if (translated < 0) {
            log.Log("i8042: no set 1 translation known for set 2 code " + Hex(value));
            translated = value;
          }
          value = static_cast<uint8_t>(translated);
          if (state_.break_prefix) value |= 0x80;
        }
        state_.break_prefix = false;
      }
      Fill(value, false);
      return;
    }
    if (mouse_ && !(state_.ram[0] & kCmdDisableAux) && mouse_->HasOutput()) {
      Fill(mouse_->PopOutput(), true);
      return;
    }
    return;
  }
}

void I8042::UpdateIrqs() {
  bool full = state_.status & kStatusObf;
  bool aux = state_.status & kStatusAuxb;
  bool irq1 = full && !aux && (state_.ram[0] & kCmdIrq1);
  bool irq12 = full && aux && (state_.ram[0] & kCmdIrq12);
  if (irq1 != state_.irq1_level) {
    state_.irq1_level = irq1;
    if (irq_) irq_->SetIrq(1, irq1);
  }
  if (irq12 != state_.irq12_level) {
    state_.irq12_level = irq12;
    if (irq_) irq_->SetIrq(12, irq12);
  }
}

}  // namespace m86
