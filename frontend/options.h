// The command line (Boost.Program_options), with QEMU's spellings where QEMU has the option.
#pragma once
#include <cstdint>
#include <array>
#include <optional>
#include <string>

#include "translator/jit.h"

namespace m86 {

struct Options {
  std::string machine = "pc";
  std::string rom;
  std::string cpu = "nehalem";
  std::string fpu;  // --fpu none|387 (80386 only); empty: the model's default (387)
  uint32_t memory_mb = 64;
  uint16_t post_port = 0x80;
  double timeout_seconds = 0;  // 0: none; at most kMaxSeconds
  std::string trace_file;
  // The PC.
  std::string bios, vga_bios;  // --bios: external firmware instead of the built-in BIOS
  std::string fda, fdb;
  // The four IDE units (primary master, primary slave, secondary master, secondary slave) from
  // --hda..--hdd, --cdrom (the secondary master, as on QEMU) and -drive: an image path (empty:
  // no device) and whether it is a CD-ROM. Disks on units 0 and 1 are also the BIOS's 80h and
  // 81h; the first CD is the BIOS's CD drive.
  struct IdeDrive {
    std::string path;
    bool cdrom = false;
  };
  std::array<IdeDrive, 4> ide;
  // Direct kernel boot: a Linux bzImage or a multiboot kernel, its initrd (for multiboot:
  // modules, comma-separated, each "FILE ARGS") and command line.
  std::string kernel, initrd, append;
  std::string boot_order = "ac";  // --boot: a, b floppies; c hard disk; d CD-ROM
  bool snapshot = false;
  bool no_reboot = false;
  bool digest_at_exit = false;
  std::string clock = "realtime";  // or "instructions"
  // --rtc-base: the RTC's start time (year, month, day, hour, minute, second); empty: the
  // host's local time.
  std::optional<std::array<int, 6>> rtc_base;
  // Seeing and driving the guest.
  std::string display = "auto";    // sdl, curses, none; auto: sdl when a display exists
  std::string serial = "auto";     // stdio, none; auto: stdio when headless
  // Port 0xE9 (--debugcon): none, stdio or file:PATH. The PC's default is none (no port); the
  // bare machine always writes it to standard output and leaves this empty.
  std::string debugcon;
  std::string screendump;
  std::string script;
  std::string scale = "integer";   // the window's scaling: integer or smooth
  // The translator (--jit, --jit-threshold, --jit-disable, --jit-cache-mb): off where this host
  // has no backend, unless asked for.
  JitOptions jit;
  bool jit_stats = false;
  bool show_help = false;
  bool show_version = false;
};

struct ParseResult {
  Options options;
  std::string error;  // one line; empty on success
  std::string help;   // the help text, when asked for
};

// Parses argv. Accepts QEMU's single-dash long options (-m, -cpu, -fda, -hda, -cdrom, -drive,
// -boot, -nographic, -snapshot, -serial, -display, -no-reboot) as well.
ParseResult ParseOptions(int argc, const char* const* argv);

}  // namespace m86
