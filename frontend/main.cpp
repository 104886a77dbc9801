// morph86: the command-line entry point.
#include <cstdio>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>

#include "bios/rom_image.h"
#include "frontend/bare_machine.h"
#include "frontend/debug_console.h"
#include "frontend/disk_open.h"
#include "frontend/kernel_open.h"
#include "frontend/memory_size.h"
#include "frontend/message_text.h"
#include "frontend/options.h"
#include "frontend/output_file.h"
#include "frontend/pc_machine.h"
#include "frontend/session.h"
#include "frontend/text_display.h"
#include "frontend/trace.h"
#include "frontend/window_open.h"

namespace m86 {
namespace {

// One line on stderr and status 2. Messages carry user input (file names, option values): it
// is escaped here whatever the message's author did, and the line is cut as a last resort
// (the parts that quote input bound themselves, frontend/message_text.h).
int Fail(const std::string& message) {
  constexpr size_t kMaxLine = 8192;
  std::string line = EscapeText(message);
  if (line.size() > kMaxLine) line = line.substr(0, kMaxLine) + "...";
  std::fprintf(stderr, "morph86: %s\n", line.c_str());
  return 2;
}

// Screen dumps are written at the end or in the middle of a run: a path that cannot be written
// is reported now, not after the guest ran for a minute. Nothing is created yet.
bool CheckScreendumpPaths(const std::string& at_exit, const std::optional<Script>& script,
                          std::string* error) {
  if (!at_exit.empty() && !CheckOutputPath(at_exit, error)) {
    *error = "--screendump: " + *error;
    return false;
  }
  if (!script) return true;
  for (const ScriptCommand& command : script->commands) {
    if (command.kind != ScriptCommand::Kind::kScreendump) continue;
    if (!CheckOutputPath(command.text, error)) {
      *error = "script " + script->path + ":" + std::to_string(command.line) + ": " + *error;
      return false;
    }
  }
  return true;
}

// --trace FILE: every instruction with its registers.
struct TraceOutput {
  OutputFile file;  // declared first: closed after the tracer's last line
  std::unique_ptr<Tracer> tracer;
  bool Open(const std::string& path, Cpu& cpu, std::string* error) {
    if (path.empty()) return true;
    file = OpenOutputFile(path, OutputMode::kReplace, error);
    if (!file) return false;
    tracer = std::make_unique<Tracer>(file.get());
    cpu.on_trace = [this](const Cpu& c, const DecodedInsn& d) { tracer->Trace(const_cast<Cpu&>(c), d); };
    return true;
  }
};

// The translator the options ask for, attached to `cpu`; it must outlive the machine (its host
// code belongs to the CPU's blocks), so callers declare it before the machine.
std::unique_ptr<Jit> AttachJit(const Options& o, Cpu& cpu) {
  if (o.jit.mode == JitMode::kOff) return nullptr;
  std::unique_ptr<Jit> jit = Jit::Create(o.jit);
  if (jit) cpu.set_translator(jit.get());
  return jit;
}

void PrintJitStats(const Options& o, const Jit* jit, const Cpu& cpu) {
  if (!o.jit_stats) return;
  if (!jit) {
    std::fputs("jit: off (every instruction interpreted)\n", stderr);
    return;
  }
  std::fputs(jit->StatsReport(cpu).c_str(), stderr);
}

int RunBare(const Options& o, const CpuModel& model) {
  constexpr uint32_t kMaxRom = 256 * 1024;
  const RomImage rom = LoadRomImage(o.rom, kMaxRom);
  if (!rom.error.empty()) return Fail(rom.error);
  const RamLayout ram = SplitMemory(o.memory_mb);
  if (const std::string why = CheckMemoryReach(ram, model); !why.empty()) return Fail(why);
  std::unique_ptr<Jit> jit;
  BareMachine machine(model, ram.below_4g, ram.above_4g, rom.bytes, o.post_port);
  jit = AttachJit(o, machine.cpu());
  TraceOutput trace;
  if (std::string error; !trace.Open(o.trace_file, machine.cpu(), &error)) {
    return Fail("--trace: " + error);
  }
  const BareMachine::Result result = machine.Run(o.timeout_seconds);
  std::fflush(stdout);
  if (!result.report.empty()) std::fprintf(stderr, "morph86: %s\n", result.report.c_str());
  if (auto post = machine.last_post_code()) std::fprintf(stderr, "post: 0x%02X\n", *post);
  PrintJitStats(o, jit.get(), machine.cpu());
  return result.status;
}

int RunPc(const Options& o, const CpuModel& model) {
  // Everything that can be wrong with the input is checked before the guest starts.
  const RamLayout ram = SplitMemory(o.memory_mb);
  if (const std::string why = CheckMemoryReach(ram, model); !why.empty()) return Fail(why);
  SessionOptions session;
  if (!o.script.empty()) {
    Script script;
    std::string error;
    if (!LoadScript(o.script, &script, &error)) return Fail(error);
    session.script = std::move(script);
  }
  if (std::string error; !CheckScreendumpPaths(o.screendump, session.script, &error)) {
    return Fail(error);
  }
  struct DiskArg {
    const std::string& path;
    DiskKind kind;
    int unit;  // floppy drive or IDE unit
  };
  const auto ide = [&o](int unit) {
    return DiskArg{o.ide[unit].path, o.ide[unit].cdrom ? DiskKind::kCdrom : DiskKind::kHardDisk, unit};
  };
  const DiskArg disks[] = {{o.fda, DiskKind::kFloppy, 0}, {o.fdb, DiskKind::kFloppy, 1},
                           ide(0), ide(1), ide(2), ide(3)};
  constexpr int kDisks = static_cast<int>(std::size(disks));
  std::unique_ptr<DiskImage> images[kDisks];
  for (int i = 0; i < kDisks; ++i) {
    if (disks[i].path.empty()) continue;
    std::string error;
    images[i] = OpenDiskImage(disks[i].path, disks[i].kind, o.snapshot, &error);
    if (!images[i]) return Fail(error);
  }
  RomImage firmware, vga_bios;
  if (!o.bios.empty()) {
    firmware = LoadPcFirmware(o.bios);
    if (!firmware.error.empty()) return Fail("--bios: " + firmware.error);
  }
  if (!o.vga_bios.empty()) {
    vga_bios = LoadOptionRom(o.vga_bios);
    if (!vga_bios.error.empty()) return Fail("--vga-bios: " + vga_bios.error);
  }
  std::unique_ptr<DirectBoot> direct_boot;
  if (!o.kernel.empty()) {
    std::string error;
    direct_boot = OpenDirectBoot(o.kernel, o.initrd, o.append, model, ram.below_4g, &error);
    if (!direct_boot) return Fail(error);
  }

  bool window = o.display == "sdl";
  if (o.display == "auto") window = WindowAvailable();
  std::function<bool(GuestConsole&)> window_frame;
  if (window) {
    std::string error;
    window_frame = OpenWindow(o.scale, &error);
    if (!window_frame) return Fail(error);
  }

  // --serial file:PATH: COM1's output is appended to PATH.
  OutputFile serial_file;
  if (o.serial.rfind("file:", 0) == 0) {
    std::string error;
    serial_file = OpenOutputFile(o.serial.substr(5), OutputMode::kAppend, &error);
    if (!serial_file) return Fail("--serial: " + error);
    // Line by line, so a log followed while the guest runs (tail -f, a CI job's output) is
    // never a buffer behind the guest.
    std::setvbuf(serial_file.get(), nullptr, _IOLBF, 0);
    session.serial_sink = [file = serial_file.get()](uint8_t byte) { std::fputc(byte, file); };
  }
  // --debugcon: port 0xE9 exists only with somewhere to write.
  std::unique_ptr<DebugConsoleOutput> debug_console;
  if (o.debugcon != "none") {
    std::string error;
    debug_console = DebugConsoleOutput::Open(o.debugcon, &error);
    if (!debug_console) return Fail("--debugcon: " + error);
  }

  PcMachineConfig config;
  config.board.ram_bytes = ram.below_4g;
  config.board.high_ram_bytes = ram.above_4g;
  config.board.clock = o.clock == "instructions" ? ClockMode::kInstructions : ClockMode::kRealtime;
  if (o.rtc_base) {
    const auto& t = *o.rtc_base;
    config.board.rtc_host_time = false;
    config.board.rtc_start = RtcTime{t[0], t[1], t[2], t[3], t[4], t[5]};
  }
  config.board.debug_console = debug_console != nullptr;
  config.boot_order = o.boot_order;
  config.firmware = std::move(firmware.bytes);
  config.board.vga_rom = std::move(vga_bios.bytes);
  config.reboot_on_triple_fault = !o.no_reboot;
  std::unique_ptr<Jit> jit;
  PcMachine machine(model, config);
  jit = AttachJit(o, machine.board().cpu());
  for (int i = 0; i < kDisks; ++i) {
    if (!images[i]) continue;
    if (disks[i].kind == DiskKind::kCdrom) {
      std::string error;
      if (!machine.AttachCdrom(disks[i].unit, std::move(images[i]), &error)) {
        return Fail("CD-ROM image '" + disks[i].path + "': " + error);
      }
      continue;
    }
    if (disks[i].kind == DiskKind::kHardDisk) {
      // The BIOS has disks 80h and 81h; the secondary channel's disks reach the IDE controller
      // only.
      std::string error;
      if (disks[i].unit < 2) {
        machine.AttachHardDisk(disks[i].unit, std::move(images[i]));
      } else if (!machine.AttachIdeDisk(disks[i].unit, std::move(images[i]), &error)) {
        return Fail("hard disk image '" + disks[i].path + "': " + error);
      }
      continue;
    }
    std::string error;
    if (!machine.InsertFloppy(disks[i].unit, std::move(images[i]), &error)) {
      return Fail("floppy image '" + disks[i].path + "': " + error);
    }
  }
  if (direct_boot) {
    if (std::string error; !machine.SetDirectBoot(std::move(direct_boot), &error)) {
      return Fail("kernel '" + o.kernel + "' " + error);
    }
  }
  TraceOutput trace;
  if (std::string error; !trace.Open(o.trace_file, machine.board().cpu(), &error)) {
    return Fail("--trace: " + error);
  }
  if (debug_console) {
    machine.board().on_debug_console = [&debug_console](uint8_t byte) { debug_console->Put(byte); };
  }

  const bool curses = o.display == "curses";
  session.serial_stdio = o.serial == "stdio" || (o.serial == "auto" && !window && !curses);
  session.screendump_at_exit = o.screendump;
  session.digest_at_exit = o.digest_at_exit;
  session.timeout_seconds = o.timeout_seconds;
  if (window_frame) session.on_frame = [&window_frame, &machine] { return window_frame(machine); };
  // The terminal display: the guest's text screen in this terminal, its keys to the guest.
  std::optional<TextDisplay> text_display;
  if (curses) {
    text_display.emplace(1, 0);
    session.on_frame = [&text_display, &machine] { return text_display->Frame(machine); };
  }
  const int status = RunSession(machine, session);
  text_display.reset();  // back to the main screen before the last messages
  if (!machine.stop_message().empty()) std::fprintf(stderr, "morph86: %s\n", machine.stop_message().c_str());
  PrintJitStats(o, jit.get(), machine.board().cpu());
  return status;
}

}  // namespace
}  // namespace m86

int main(int argc, char** argv) {
  using namespace m86;
  const ParseResult parsed = ParseOptions(argc, argv);
  if (!parsed.error.empty()) return Fail(parsed.error);
  const Options& o = parsed.options;
  if (o.show_help) {
    std::fputs(parsed.help.c_str(), stdout);
    return 0;
  }
  if (o.show_version) {
    std::puts("morph86 0.1");
    return 0;
  }
  // A copy, so --fpu can take the 80387 out of an 80386; it outlives the machine.
  const CpuModel& base = **ModelByName(o.cpu);
  const CpuModel model = WithFpu(base, base.has_fpu && o.fpu != "none");
  return o.machine == "bare" ? RunBare(o, model) : RunPc(o, model);
}
