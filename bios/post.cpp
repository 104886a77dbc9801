// Power-on self test: what the AT BIOS sets up before it boots (IBM PC AT Technical Reference,
// "POST"): interrupt vectors, the BIOS data area and equipment list, the 8259s, the 8254, the
// keyboard controller, video, disks, the PCI interrupt routing and the firmware tables (ACPI,
// MP, SMBIOS, $PIR); then the option ROM scan (bios/rom/bios.asm).
#include <cstdio>
#include <string>

#include "bios/acpi/install_tables.h"
#include "bios/bda.h"
#include "bios/bios.h"
#include "bios/cmos.h"

namespace m86 {
namespace {

constexpr uint16_t kEbdaSegment = 0x9FC0;  // 1 KiB extended BIOS data area below 640 KiB
constexpr uint32_t kEbda = uint32_t{kEbdaSegment} << 4;
constexpr uint32_t kHdParams = kEbda + 0x3D;  // fixed disk parameter tables, 16 bytes each

void InstallVectors(Bios& bios) {
  for (uint32_t v = 0; v < 256; ++v) bios.Poke32(v * 4, (uint32_t{rom::kSegment} << 16) | rom::kIretStub);
  // INT 60h-67h are user vectors and INT 1Dh/1Fh/41h/46h data pointers: zero until set.
  for (uint32_t v = 0x60; v <= 0x67; ++v) bios.Poke32(v * 4, 0);
  for (uint32_t v : {0x1Du, 0x1Fu, 0x41u, 0x43u, 0x46u}) bios.Poke32(v * 4, 0);
  const uint32_t table = (uint32_t{rom::kSegment} << 4) + rom::kVectorTable;
  const int count = bios.Peek8(table);
  for (int i = 0; i < count; ++i) {
    const uint32_t entry = table + 1 + 3 * static_cast<uint32_t>(i);
    const uint8_t vector = bios.Peek8(entry);
    bios.Poke32(vector * 4u, (uint32_t{rom::kSegment} << 16) | bios.Peek16(entry + 1));
  }
  bios.Poke32(0x1F * 4, (uint32_t{rom::kSegment} << 16) | rom::kFont8x8High);
}

// The 8259 pair as the AT BIOS leaves it: vectors 08h and 70h, slave on IR2; the timer,
// keyboard, cascade, floppy, RTC and x87 error lines unmasked (8259A datasheet, ICW1-ICW4).
void InitPics(Bios& bios) {
  PortIo& io = bios.io();
  io.Out(0x20, 1, 0x11); io.Out(0x21, 1, 0x08); io.Out(0x21, 1, 0x04); io.Out(0x21, 1, 0x01);
  io.Out(0xA0, 1, 0x11); io.Out(0xA1, 1, 0x70); io.Out(0xA1, 1, 0x02); io.Out(0xA1, 1, 0x01);
  io.Out(0x21, 1, 0xB8);  // IRQ 0, 1, 2, 6 enabled
  io.Out(0xA1, 1, 0xDE);  // IRQ 8 and 13 enabled
}

// Channel 0 in mode 3 with the full count: 1193182 Hz / 65536 = 18.2 ticks per second.
void InitPit(Bios& bios) {
  bios.io().Out(0x43, 1, 0x36);
  bios.io().Out(0x40, 1, 0x00);
  bios.io().Out(0x40, 1, 0x00);
}

// Keyboard controller: translation on, IRQ 1 on, the system flag set; the mouse port off until
// a driver enables it (8042 command byte, IBM PS/2 TR).
void InitKeyboardController(Bios& bios) {
  bios.io().Out(0x64, 1, 0x60);
  bios.io().Out(0x60, 1, 0x65);
  bios.io().Out(0x64, 1, 0xAE);
  while (bios.io().In(0x64, 1) & 0x01) bios.io().In(0x60, 1);
}

// The serial ports at 9600 bit/s, 8 data bits, no parity, 1 stop bit, DTR and RTS raised, so
// DOS's AUX device and programs that never initialise the port talk at a sane rate (the 16550's
// divisor latch is undefined after power-on; PC16550D datasheet, "Divisor Latches").
void InitSerialPorts(Bios& bios) {
  for (uint16_t base : {uint16_t{0x3F8}, uint16_t{0x2F8}}) {
    bios.io().Out(base + 3, 1, 0x80);  // LCR: divisor latch access
    bios.io().Out(base + 0, 1, 12);    // 115200 / 12 = 9600
    bios.io().Out(base + 1, 1, 0);
    bios.io().Out(base + 3, 1, 0x03);  // 8N1
    bios.io().Out(base + 1, 1, 0x00);  // IER: no interrupts
    bios.io().Out(base + 4, 1, 0x03);  // MCR: DTR, RTS
  }
}

int BcdToBinary(uint8_t v) { return (v >> 4) * 10 + (v & 0x0F); }

// The tick count since midnight from the RTC, at 1193182 / 65536 ticks per second.
uint32_t TicksFromRtc(Bios& bios) {
  const int s = BcdToBinary(CmosRead(bios.io(), 0x00));
  const int m = BcdToBinary(CmosRead(bios.io(), 0x02));
  const int h = BcdToBinary(CmosRead(bios.io(), 0x04) & 0x7F);
  const uint64_t seconds = static_cast<uint64_t>(h) * 3600 + m * 60 + s;
  return static_cast<uint32_t>(seconds * 1193182 / 65536);
}

// Logical geometry of a hard disk image (the usual translation: 63 sectors, 16 or 255 heads,
// at most 1024 cylinders).
void WriteHardDiskTable(Bios& bios, int unit, uint64_t bytes) {
  const uint64_t sectors = bytes / kSectorSize;
  const int heads = sectors <= 1024ull * 16 * 63 ? 16 : 255;
  uint64_t cylinders = sectors / (heads * 63ull);
  if (cylinders > 1024) cylinders = 1024;
  const uint32_t t = kHdParams + 16 * static_cast<uint32_t>(unit);
  for (uint32_t i = 0; i < 16; ++i) bios.Poke8(t + i, 0);
  bios.Poke16(t + 0, static_cast<uint16_t>(cylinders));
  bios.Poke8(t + 2, static_cast<uint8_t>(heads));
  bios.Poke16(t + 5, 0xFFFF);  // no write precompensation
  bios.Poke8(t + 8, heads > 8 ? 0x08 : 0x00);
  bios.Poke16(t + 12, static_cast<uint16_t>(cylinders));  // landing zone
  bios.Poke8(t + 14, 63);
  bios.Poke32((unit == 0 ? 0x41u : 0x46u) * 4, (uint32_t{kEbdaSegment} << 16) | (t - kEbda));
}

void InitDataArea(Bios& bios) {
  for (uint32_t a = bda::kBase; a < bda::kBase + 0x100; ++a) bios.Poke8(a, 0);
  for (uint32_t a = kEbda; a < kEbda + 1024; ++a) bios.Poke8(a, 0);
  bios.Poke16(bda::kComPorts + 0, 0x3F8);
  bios.Poke16(bda::kComPorts + 2, 0x2F8);
  for (int i = 0; i < 4; ++i) bios.Poke8(bda::kComTimeouts + i, 1);
  for (int i = 0; i < 3; ++i) bios.Poke8(bda::kLptTimeouts + i, 20);
  bios.Poke16(bda::kEbdaSegment, kEbdaSegment);
  bios.Poke16(kEbda, 1);  // EBDA size in KiB
  bios.Poke16(bda::kMemoryKb, 639);

  int floppies = 0;
  for (int u = 0; u < 2; ++u) {
    if (bios.floppy(u)) floppies = u + 1;
  }
  // Equipment word (INT 11h): floppies, x87, PS/2 mouse, 80x25 colour through the EGA/VGA
  // (bits 4-5 = 00), two serial ports.
  uint16_t equipment = 0x0004 | (2u << 9);
  if (floppies) equipment |= 0x0001 | static_cast<uint16_t>((floppies - 1) << 6);
  if (bios.cpu().model().has_fpu) equipment |= 0x0002;
  bios.Poke16(bda::kEquipment, equipment);

  bios.Poke16(bda::kKbdBufStart, 0x1E);
  bios.Poke16(bda::kKbdBufEnd, 0x3E);
  bios.Poke16(bda::kKbdHead, 0x1E);
  bios.Poke16(bda::kKbdTail, 0x1E);
  bios.Poke8(bda::kKbdFlags2, 0x10);  // a 101/102-key keyboard is attached

  int disks = 0;
  for (int u = 0; u < 2; ++u) {
    if (DiskImage* d = bios.hard_disk(u)) {
      WriteHardDiskTable(bios, u, d->size());
      disks = u + 1;
    }
  }
  bios.Poke8(bda::kHdCount, static_cast<uint8_t>(disks));
  bios.Poke32(bda::kTicks, TicksFromRtc(bios));
}

}  // namespace

void BiosPost(Bios& bios, BiosCall& call) {
  // A CPU reset with CMOS shutdown status 05h or 0Ah returns to the program through 0040:0067
  // without reinitialising anything (IBM PC AT TR, "Shutdown Status Byte"); 05h also wants
  // the 8259s acknowledged.
  const uint8_t shutdown = CmosRead(bios.io(), 0x0F);
  CmosWrite(bios.io(), 0x0F, 0);
  if (shutdown == 0x05 || shutdown == 0x0A) {
    if (shutdown == 0x05) {
      bios.io().Out(0x20, 1, 0x20);
      bios.io().Out(0xA0, 1, 0x20);
    }
    call.set_ax(1);
    return;
  }
  if (shutdown != 0) {
    char line[64];
    std::snprintf(line, sizeof line, "CMOS shutdown status %02Xh (a cold start follows)", shutdown);
    bios.LogUnimplemented(line);
  }
  const bool warm = bios.Peek16(bda::kResetFlag) == 0x1234;
  InstallVectors(bios);
  InitDataArea(bios);
  if (warm) bios.Poke16(bda::kResetFlag, 0x1234);
  InitPics(bios);
  InitPit(bios);
  InitKeyboardController(bios);
  InitSerialPorts(bios);
  InstallFirmwareTables(bios);
  if (bios.set_a20) bios.set_a20(false);  // DOS expects the 8086 wrap until HIMEM asks
  VideoPost(bios);
  call.set_ax(0);
}

void BiosNextOptionRom(Bios& bios, BiosCall& call) {
  // ROMs start on a 2 KiB boundary with 55 AA and their size in 512-byte units; the bytes sum
  // to zero (IBM PC AT TR, "Adapter ROM").
  for (uint32_t seg = call.dx(); seg >= 0xC800 && seg < 0xE000; seg += 0x80) {
    const uint32_t base = seg << 4;
    if (bios.Peek8(base) != 0x55 || bios.Peek8(base + 1) != 0xAA) continue;
    const uint32_t size = bios.Peek8(base + 2) * 512u;
    if (size == 0) continue;
    uint8_t sum = 0;
    for (uint32_t i = 0; i < size; ++i) sum = static_cast<uint8_t>(sum + bios.Peek8(base + i));
    if (sum != 0) {
      char line[64];
      std::snprintf(line, sizeof line, "option ROM at %05Xh has a bad checksum: skipped", base);
      bios.LogOnce(line);
      continue;
    }
    call.set_es(static_cast<uint16_t>(seg));
    call.set_dx(static_cast<uint16_t>(seg + ((size + 2047) / 2048) * 0x80));
    return;
  }
  call.set_dx(0);
}

}  // namespace m86
