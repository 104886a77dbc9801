// The built-in BIOS: a 64 KiB ROM assembled from bios/rom/*.asm at compile time, whose entry
// points trap into the C++ services below (bios_call.h). The board maps the ROM at 0xF0000
// (and its alias below 4 GiB), attaches the trap port, and hands over the disks.
#pragma once
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <unordered_set>

#include "bios/bios_call.h"
#include "bios/boot/direct_boot.h"
#include "cpu/cpu.h"
#include "devices/floppy/disk_image.h"
#include "devices/io/io_bus.h"
#include "devices/time/scheduler.h"

namespace m86 {

// Where the ROM keeps what the C++ side needs to point guests at (offsets in segment F000;
// bios/rom/layout.inc holds the same numbers for the assembler).
namespace rom {
constexpr uint16_t kSegment = 0xF000;
constexpr uint16_t kFont8x16 = 0x6000;  // 256 glyphs, 16 bytes each
constexpr uint16_t kFont8x14 = 0x7000;  // 256 glyphs, 14 bytes each
constexpr uint16_t kFont8x8High = 0x7E00;  // glyphs 128-255 of the 8x8 font (INT 1Fh)
constexpr uint16_t kVideoStaticTable = 0x8200;   // INT 10h AH=1Bh static table (rom/video.inc)
constexpr uint16_t kVbeWindowFunction = 0x8210;  // VBE WinFuncPtr: AX=4F05h, RETF (rom/video.inc)
// 1 KiB of zeros POST fills with the firmware table anchors (bios/acpi/install_tables.h).
constexpr uint16_t kTableAnchors = 0x9000;
constexpr uint16_t kTableAnchorsSize = 0x400;
constexpr uint16_t kDisketteParams = 0xEFC7;  // INT 1Eh table (IBM PC AT TR)
constexpr uint16_t kFont8x8Low = 0xFA6E;      // glyphs 0-127 of the 8x8 font (IBM PC AT TR)
constexpr uint16_t kIretStub = 0xFF53;        // a bare IRET for unused vectors
constexpr uint16_t kConfigTable = 0xE6F5;     // INT 15h AH=C0h system configuration table
// The vectors POST installs: a count byte, then (vector byte, offset word) entries.
constexpr uint16_t kVectorTable = 0x5F00;
}  // namespace rom

// Scratch state of the services that span several calls.
struct BiosState {
  bool waiting = false;           // INT 15h AH=86h: a wait is in progress
  uint64_t wait_deadline_ns = 0;
  // INT 16h AH=01h/11h on an empty buffer: when the previous poll retired, and how many polls
  // in a row came quickly after each other (int16_keyboard.cpp).
  uint64_t last_poll_retired = 0;
  uint32_t quick_polls = 0;
  bool port_waiting = false;      // INT 14h/17h: waiting for a UART or printer status bit
  uint64_t port_deadline_ns = 0;  // (bios/port_wait.cpp)
  // INT 15h AH=C2h and IRQ 12 (bios/int15_mouse.cpp): the far handler of AL=07h, whether
  // AL=00h enabled the device, the packet size of AL=05h and the packet being collected.
  uint16_t mouse_handler_segment = 0, mouse_handler_offset = 0;
  bool mouse_handler_installed = false;
  bool mouse_enabled = false;
  uint8_t mouse_packet_size = 3;
  uint8_t mouse_packet_count = 0;
  uint8_t mouse_packet[8] = {};
  // The CD boot of INT 19h (bios/eltorito.h), which INT 13h AX=4B01h reports: whether the
  // machine booted from the CD and the catalog entry it booted.
  bool cd_booted = false;
  uint8_t cd_media = 0;
  uint16_t cd_load_segment = 0, cd_sector_count = 0;
  uint32_t cd_image_lba = 0;
};

struct BiosConfig {
  uint32_t ram_bytes = 16u << 20;  // RAM from 0, below the PCI hole
  uint64_t high_ram_bytes = 0;     // RAM from 4 GiB
  // --boot letters: a, b = floppies, c = first hard disk, d = the CD (El Torito)
  std::string boot_order = "ac";
};

class Bios;
using BiosService = void (*)(Bios&, BiosCall&);

class Bios final : public IoDevice {
 public:
  Bios(Cpu& cpu, PhysicalMemory& memory, PortIo& io, Scheduler& scheduler, BiosConfig config);
  // The ROM image (64 KiB, ends with the reset vector at F000:FFF0).
  static std::span<const uint8_t> RomImage();
  void Attach(IoBus& bus);  // the trap port

  // Disks (nullptr: no drive / no medium). The BIOS does not own them.
  void SetFloppy(int unit, DiskImage* image) { floppies_[unit & 1] = image; }
  void SetHardDisk(int unit, DiskImage* image) { hard_disks_[unit & 1] = image; }
  DiskImage* floppy(int unit) const { return unit >= 0 && unit < 2 ? floppies_[unit] : nullptr; }
  DiskImage* hard_disk(int unit) const { return unit >= 0 && unit < 2 ? hard_disks_[unit] : nullptr; }
  // The CD drive (E0h, bios/eltorito.h): an ISO image of 2048-byte blocks as 512-byte sectors,
  // and its IDE unit (0-3: primary master, slave, secondary master, slave) for the drive
  // parameters and the El Torito status packet.
  void SetCdrom(DiskImage* image, int ide_unit) {
    cdrom_ = image;
    cdrom_ide_unit_ = ide_unit;
  }
  DiskImage* cdrom() const { return cdrom_; }
  int cdrom_ide_unit() const { return cdrom_ide_unit_; }

  Cpu& cpu() { return cpu_; }
  PhysicalMemory& memory() { return memory_; }
  PortIo& io() { return io_; }
  Scheduler& scheduler() { return scheduler_; }
  const BiosConfig& config() const { return config_; }
  BiosState state;

  // The A20 gate, as the board wires it (port 0x92 / keyboard controller output port).
  std::function<void(bool)> set_a20;
  std::function<bool()> a20_enabled;
  // The guest is idle (polling for keys with nothing else to do): the machine may let up to a
  // millisecond pass before the guest continues.
  std::function<void()> idle;
  // The pending event that ends a BEL's beep (INT 10h teletype), or 0.
  Scheduler::EventId beep_off_event = 0;
  // A kernel INT 19h starts instead of a boot sector (--kernel), or null. Not owned.
  const DirectBoot* direct_boot = nullptr;
  // Ctrl+Alt+Del: a warm reset of the CPU (the keyboard handler has set 0040:0072 to 1234h).
  std::function<void()> request_reset;
  // A line for the log (stderr by default): BIOS messages and unimplemented functions.
  std::function<void(const std::string&)> log_sink;
  // Logs `what` ("INT 15h AX=E980h") as unimplemented, once per distinct text.
  void LogUnimplemented(const std::string& what) { LogOnce("unimplemented " + what); }
  // Logs "bios: `message`", once per distinct text.
  void LogOnce(const std::string& message);

  // Physical memory helpers for the BIOS data area and the IVT (real-mode addresses).
  uint8_t Peek8(uint32_t phys) { return static_cast<uint8_t>(memory_.Read(phys, 1)); }
  uint16_t Peek16(uint32_t phys);
  uint32_t Peek32(uint32_t phys);
  void Poke8(uint32_t phys, uint8_t v) { memory_.Write(phys, 1, v); }
  void Poke16(uint32_t phys, uint16_t v);
  void Poke32(uint32_t phys, uint32_t v);

  uint32_t IoRead(uint16_t port, int size) override;
  void IoWrite(uint16_t port, int size, uint32_t value) override;

 private:
  void Trap();
  Cpu& cpu_;
  PhysicalMemory& memory_;
  PortIo& io_;
  Scheduler& scheduler_;
  BiosConfig config_;
  DiskImage* floppies_[2] = {};
  DiskImage* hard_disks_[2] = {};
  DiskImage* cdrom_ = nullptr;
  int cdrom_ide_unit_ = 2;
  std::unordered_set<std::string> logged_;
};

// The services, one file each (bios/int*.cpp). Each reads its function from the caller's
// registers; the trap dispatches on the id byte after the OUT (the vector number for INT
// services, see bios/rom/bios.asm).
void BiosPost(Bios&, BiosCall&);            // 0xF0: power-on self test (post.cpp)
void BiosNextOptionRom(Bios&, BiosCall&);   // 0xF1: option ROM scan step (post.cpp)
void VideoPost(Bios&);                      // called by BiosPost: mode 3, fonts (video_post.cpp)
void Int05PrintScreen(Bios&, BiosCall&);     // INT 05h (int_system.cpp)
void Int08Timer(Bios&, BiosCall&);          // IRQ 0 tick (int08_timer.cpp)
void Int09Keyboard(Bios&, BiosCall&);       // IRQ 1 scancode in AL (int09_keyboard.cpp)
void Int10Video(Bios&, BiosCall&);
void Int11Equipment(Bios&, BiosCall&);
void Int12MemorySize(Bios&, BiosCall&);
void Int13Disk(Bios&, BiosCall&);
void Int14Serial(Bios&, BiosCall&);
void Int15System(Bios&, BiosCall&);
void Int15Mouse(Bios&, BiosCall&);          // INT 15h AH=C2h pointing device (int15_mouse.cpp)
void Int74MouseIrq(Bios&, BiosCall&);       // IRQ 12 byte -> packet (int15_mouse.cpp)
void Int16Keyboard(Bios&, BiosCall&);
void Int17Printer(Bios&, BiosCall&);
void Int18NoBoot(Bios&, BiosCall&);
void Int19Boot(Bios&, BiosCall&);
void Int1ATime(Bios&, BiosCall&);
void Int1APciBios(Bios&, BiosCall&);  // AH=B1h
void Int0ERFloppyIrq(Bios&, BiosCall&);     // IRQ 6 (sets the BDA's interrupt flag)

}  // namespace m86
