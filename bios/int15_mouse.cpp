// INT 15h AH=C2h, the pointing device BIOS interface, and the C++ half of the IRQ 12 handler
// (IBM PS/2 and PC BIOS Interface Technical Reference, "Pointing Device BIOS Interface";
// Ralf Brown's Interrupt List, INT 15h AX=C200h-C207h). The BIOS talks to the mouse only as a
// real one does: through the 8042's ports 60h/64h, each byte prefixed with command D4h.
#include <cstdint>
#include <cstdio>

#include "bios/bios.h"

namespace m86 {
namespace {

constexpr uint16_t kDataPort = 0x60, kStatusPort = 0x64;
constexpr uint8_t kStatusOutputFull = 0x01, kStatusInputFull = 0x02, kStatusAux = 0x20;
// 8042 commands and command byte bits (IBM PS/2 TR, "Keyboard/Auxiliary Device Controller").
constexpr uint8_t kReadCommandByte = 0x20, kWriteCommandByte = 0x60, kWriteAux = 0xD4;
constexpr uint8_t kCmdIrq12 = 0x02, kCmdDisableKbd = 0x10, kCmdDisableAux = 0x20;
// 8259 interrupt mask registers: IRQ 12 is input 4 of the slave, which cascades into IRQ 2.
constexpr uint16_t kMasterMaskPort = 0x21, kSlaveMaskPort = 0xA1;
constexpr uint8_t kIrq12SlaveBit = 0x10, kCascadeBit = 0x04;
// Pointing device commands and replies (IBM PS/2 TR, "Pointing Device").
constexpr uint8_t kMouseReset = 0xFF, kMouseDefaults = 0xF6, kMouseDisable = 0xF5,
                  kMouseEnable = 0xF4, kMouseSetRate = 0xF3, kMouseGetId = 0xF2,
                  kMouseStatus = 0xE9, kMouseSetResolution = 0xE8, kMouseScaling2 = 0xE7,
                  kMouseScaling1 = 0xE6;
constexpr uint8_t kAck = 0xFA, kResend = 0xFE;

// Return codes in AH (RBIL INT 15h AX=C200h).
constexpr uint8_t kInvalidFunction = 0x01, kInvalidInput = 0x02, kInterfaceError = 0x03,
                  kResendError = 0x04, kNoHandler = 0x05;

// The AT BIOS's bounded polls: the controller here moves bytes at once, so a reply that is
// not there after this many status reads will never come.
constexpr int kPolls = 1000;

bool WaitInputEmpty(Bios& bios) {
  for (int i = 0; i < kPolls; ++i) {
    if (!(bios.io().In(kStatusPort, 1) & kStatusInputFull)) return true;
  }
  return false;
}

void ControllerCommand(Bios& bios, uint8_t command) {
  WaitInputEmpty(bios);
  bios.io().Out(kStatusPort, 1, command);
}

// The next byte from the mouse (status bits 0 and 5 set), or false on a time-out.
bool ReadAux(Bios& bios, uint8_t* value) {
  for (int i = 0; i < kPolls; ++i) {
    const uint8_t status = static_cast<uint8_t>(bios.io().In(kStatusPort, 1));
    if ((status & (kStatusOutputFull | kStatusAux)) == (kStatusOutputFull | kStatusAux)) {
      *value = static_cast<uint8_t>(bios.io().In(kDataPort, 1));
      return true;
    }
  }
  return false;
}

// While the BIOS talks to the mouse the keyboard is held off and IRQ 12 is masked in the 8042
// command byte, so the replies reach the polling loop instead of the interrupt handler; the
// aux interface is enabled for the exchange. The destructor writes back the saved byte with the
// caller's IRQ 12 choice (`irq12`).
class AuxSession {
 public:
  explicit AuxSession(Bios& bios) : bios_(bios) {
    Flush();  // a byte already in the output buffer would be read as the command byte
    ControllerCommand(bios_, kReadCommandByte);
    for (int i = 0; i < kPolls; ++i) {
      if (bios_.io().In(kStatusPort, 1) & kStatusOutputFull) break;
    }
    saved_ = static_cast<uint8_t>(bios_.io().In(kDataPort, 1));
    irq12 = (saved_ & kCmdIrq12) != 0;
    WriteCommandByte(static_cast<uint8_t>((saved_ | kCmdDisableKbd) & ~(kCmdIrq12 | kCmdDisableAux)));
    Flush();  // stale stream bytes would be taken for replies
  }
  ~AuxSession() {
    const uint8_t restored = static_cast<uint8_t>(saved_ & ~(kCmdIrq12 | kCmdDisableAux));
    WriteCommandByte(static_cast<uint8_t>(restored | (irq12 ? kCmdIrq12 : 0)));
  }
  AuxSession(const AuxSession&) = delete;
  AuxSession& operator=(const AuxSession&) = delete;

  // Sends one byte to the mouse and waits for its ACK: 0, or the AH error code.
  uint8_t Send(uint8_t value) {
    for (int attempt = 0; attempt < 3; ++attempt) {
      ControllerCommand(bios_, kWriteAux);
      WaitInputEmpty(bios_);
      bios_.io().Out(kDataPort, 1, value);
      uint8_t reply = 0;
      if (!ReadAux(bios_, &reply)) return kInterfaceError;
      if (reply == kAck) return 0;
      if (reply != kResend) return kInterfaceError;
    }
    return kResendError;
  }
  // A command with one argument byte.
  uint8_t Send(uint8_t command, uint8_t argument) {
    const uint8_t error = Send(command);
    return error ? error : Send(argument);
  }
  uint8_t Read(uint8_t* value) { return ReadAux(bios_, value) ? 0 : kInterfaceError; }

  bool irq12 = false;

 private:
  void Flush() {
    for (int i = 0; i < 64 && (bios_.io().In(kStatusPort, 1) & kStatusOutputFull); ++i) {
      bios_.io().In(kDataPort, 1);
    }
  }
  void WriteCommandByte(uint8_t value) {
    ControllerCommand(bios_, kWriteCommandByte);
    WaitInputEmpty(bios_);
    bios_.io().Out(kDataPort, 1, value);
  }
  Bios& bios_;
  uint8_t saved_ = 0;
};

void Finish(BiosCall& call, uint8_t error) {
  if (error) {
    call.Fail(error);
  } else {
    call.Succeed();
  }
}

// AL=00h: BH = 0 disable, 1 enable (data reporting, and IRQ 12 at the controller).
void EnableDisable(Bios& bios, BiosCall& call) {
  BiosState& s = bios.state;
  if (call.bh() > 1) return call.Fail(kInvalidInput);
  const bool enable = call.bh() == 1;
  if (enable && !s.mouse_handler_installed) return call.Fail(kNoHandler);
  AuxSession aux(bios);
  const uint8_t error = aux.Send(enable ? kMouseEnable : kMouseDisable);
  if (error) return call.Fail(error);
  s.mouse_enabled = enable;
  s.mouse_packet_count = 0;
  aux.irq12 = enable;
  if (enable) {
    // POST leaves IRQ 12 masked at the slave 8259 (bios/post.cpp); drivers that use this
    // interface leave the controllers to the BIOS, so enabling unmasks it and the cascade.
    bios.io().Out(kSlaveMaskPort, 1, bios.io().In(kSlaveMaskPort, 1) & ~kIrq12SlaveBit);
    bios.io().Out(kMasterMaskPort, 1, bios.io().In(kMasterMaskPort, 1) & ~kCascadeBit);
  }
  call.Succeed();
}

// AL=01h reset: BH = device ID, BL = the self-test result (AAh). AL=05h initialize sets the
// packet size and the defaults (disabled, 100 reports/s, 4 counts/mm, 1:1 scaling).
void Reset(Bios& bios, BiosCall& call) {
  AuxSession aux(bios);
  uint8_t error = aux.Send(kMouseReset);
  uint8_t result = 0, id = 0;
  if (!error) error = aux.Read(&result);
  if (!error) error = aux.Read(&id);
  if (error) return call.Fail(error);
  bios.state.mouse_enabled = false;
  bios.state.mouse_packet_count = 0;
  aux.irq12 = false;
  call.set_bh(id);
  call.set_bl(result);
  call.Succeed();
}

void Initialize(Bios& bios, BiosCall& call) {
  // The packet size in BH is 1-8 bytes; the mouse's standard packet is 3, the IntelliMouse's 4.
  if (call.bh() < 1 || call.bh() > 8) return call.Fail(kInvalidInput);
  AuxSession aux(bios);
  const uint8_t error = aux.Send(kMouseDefaults);
  if (error) return call.Fail(error);
  bios.state.mouse_packet_size = call.bh();
  bios.state.mouse_enabled = false;
  bios.state.mouse_packet_count = 0;
  aux.irq12 = false;
  call.Succeed();
}

// AL=02h: BH = 0-6 for 10, 20, 40, 60, 80, 100, 200 reports per second.
void SetSampleRate(Bios& bios, BiosCall& call) {
  static constexpr uint8_t kRates[] = {10, 20, 40, 60, 80, 100, 200};
  if (call.bh() >= sizeof kRates) return call.Fail(kInvalidInput);
  AuxSession aux(bios);
  Finish(call, aux.Send(kMouseSetRate, kRates[call.bh()]));
}

// AL=03h: BH = 0-3 for 1, 2, 4, 8 counts per millimetre (the mouse's own E8h codes).
void SetResolution(Bios& bios, BiosCall& call) {
  if (call.bh() > 3) return call.Fail(kInvalidInput);
  AuxSession aux(bios);
  Finish(call, aux.Send(kMouseSetResolution, call.bh()));
}

// AL=04h: BH = device ID (00h standard, 03h after the IntelliMouse rate sequence).
void GetType(Bios& bios, BiosCall& call) {
  AuxSession aux(bios);
  uint8_t id = 0;
  uint8_t error = aux.Send(kMouseGetId);
  if (!error) error = aux.Read(&id);
  if (error) return call.Fail(error);
  call.set_bh(id);
  call.Succeed();
}

// AL=06h: BH = 0 status (BL = status byte, CL = resolution, DL = sample rate), 1 scaling 1:1,
// 2 scaling 2:1.
void Extended(Bios& bios, BiosCall& call) {
  if (call.bh() > 2) return call.Fail(kInvalidInput);
  AuxSession aux(bios);
  if (call.bh() == 1) return Finish(call, aux.Send(kMouseScaling1));
  if (call.bh() == 2) return Finish(call, aux.Send(kMouseScaling2));
  uint8_t bytes[3] = {};
  uint8_t error = aux.Send(kMouseStatus);
  for (int i = 0; i < 3 && !error; ++i) error = aux.Read(&bytes[i]);
  if (error) return call.Fail(error);
  call.set_bl(bytes[0]);
  call.set_cl(bytes[1]);
  call.set_dl(bytes[2]);
  call.Succeed();
}

// AL=07h: ES:BX = the far handler IRQ 12 calls with each packet; 0000:0000 removes it.
void SetHandler(Bios& bios, BiosCall& call) {
  BiosState& s = bios.state;
  s.mouse_handler_segment = call.es();
  s.mouse_handler_offset = call.bx();
  s.mouse_handler_installed = call.es() != 0 || call.bx() != 0;
  call.Succeed();
}

}  // namespace

void Int15Mouse(Bios& bios, BiosCall& call) {
  switch (call.al()) {
    case 0x00: return EnableDisable(bios, call);
    case 0x01: return Reset(bios, call);
    case 0x02: return SetSampleRate(bios, call);
    case 0x03: return SetResolution(bios, call);
    case 0x04: return GetType(bios, call);
    case 0x05: return Initialize(bios, call);
    case 0x06: return Extended(bios, call);
    case 0x07: return SetHandler(bios, call);
    default:
    {
      // C208h/C209h (write/read pointing device port) are later additions the PS/2 BIOS lacks.
      char name[32];
      std::snprintf(name, sizeof name, "INT 15h AX=C2%02Xh", call.al());
      bios.LogUnimplemented(name);
      call.Fail(kInvalidFunction);
      return;
    }
  }
}

// IRQ 12: one byte of a packet. The first byte of every packet has bit 3 set (IBM PS/2 TR,
// "Data Report"); a first byte without it means the stream is out of step and is dropped
// until a packet starts again. With a whole packet, an enabled device and a handler, the ROM
// gets AX = 1, BX = status, CX = X, DX = Y, SI = Z (the 4th byte, else 0) and ES:DI = the
// handler to far-call (bios/rom/bios.asm, irq12_mouse); otherwise AX = 0.
void Int74MouseIrq(Bios& bios, BiosCall& call) {
  BiosState& s = bios.state;
  call.set_ax(0);
  const uint8_t status = static_cast<uint8_t>(bios.io().In(kStatusPort, 1));
  if ((status & (kStatusOutputFull | kStatusAux)) != (kStatusOutputFull | kStatusAux)) return;
  const uint8_t value = static_cast<uint8_t>(bios.io().In(kDataPort, 1));
  if (!s.mouse_enabled) return;
  const uint8_t size = s.mouse_packet_size;
  if (s.mouse_packet_count == 0 && size >= 3 && !(value & 0x08)) return;
  s.mouse_packet[s.mouse_packet_count++] = value;
  if (s.mouse_packet_count < size) return;
  s.mouse_packet_count = 0;
  if (!s.mouse_handler_installed) return;
  call.set_ax(1);
  call.set_bx(s.mouse_packet[0]);
  call.set_cx(size > 1 ? s.mouse_packet[1] : 0);
  call.set_dx(size > 2 ? s.mouse_packet[2] : 0);
  call.set_si(size > 3 ? s.mouse_packet[3] : 0);
  call.set_es(s.mouse_handler_segment);
  call.set_di(s.mouse_handler_offset);
}

}  // namespace m86
