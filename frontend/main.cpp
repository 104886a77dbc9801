// morph86: the command-line entry point.
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>

#include "bios/rom_image.h"
#include "frontend/bare_machine.h"
#include "frontend/disk_open.h"
#include "frontend/options.h"
#include "frontend/pc_machine.h"
#include "frontend/session.h"
#include "frontend/text_display.h"
#include "frontend/trace.h"
#include "frontend/window_open.h"

namespace m86 {
namespace {

int Fail(const std::string& message) {
  std::fprintf(stderr, "morph86: %s\n", message.c_str());
  return 2;
}

// --trace FILE: every instruction with its registers.
struct TraceOutput {
  std::FILE* file = nullptr;
  std::unique_ptr<Tracer> tracer;
  ~TraceOutput() {
    tracer.reset();
    if (file) std::fclose(file);
  }
  bool Open(const std::string& path, Cpu& cpu) {
    if (path.empty()) return true;
    file = std::fopen(path.c_str(), "w");
    if (!file) return false;
    tracer = std::make_unique<Tracer>(file);
    cpu.on_trace = [this](const Cpu& c, const DecodedInsn& d) { tracer->Trace(const_cast<Cpu&>(c), d); };
    return true;
  }
};

int RunBare(const Options& o, const CpuModel& model) {
  constexpr uint32_t kMaxRom = 256 * 1024;
  const RomImage rom = LoadRomImage(o.rom, kMaxRom);
  if (!rom.error.empty()) return Fail(rom.error);
  BareMachine machine(model, o.memory_mb << 20, rom.bytes, o.post_port);
  TraceOutput trace;
  if (!trace.Open(o.trace_file, machine.cpu())) return Fail("cannot write trace file '" + o.trace_file + "'");
  const BareMachine::Result result = machine.Run(o.timeout_seconds);
  std::fflush(stdout);
  if (!result.report.empty()) std::fprintf(stderr, "morph86: %s\n", result.report.c_str());
  if (auto post = machine.last_post_code()) std::fprintf(stderr, "post: 0x%02X\n", *post);
  return result.status;
}

int RunPc(const Options& o, const CpuModel& model) {
  // Everything that can be wrong with the input is checked before the guest starts.
  SessionOptions session;
  if (!o.script.empty()) {
    Script script;
    std::string error;
    if (!LoadScript(o.script, &script, &error)) return Fail(error);
    session.script = std::move(script);
  }
  struct DiskArg {
    const std::string& path;
    DiskKind kind;
    int unit;
  };
  const DiskArg disks[] = {{o.fda, DiskKind::kFloppy, 0}, {o.fdb, DiskKind::kFloppy, 1},
                           {o.hda, DiskKind::kHardDisk, 0}, {o.hdb, DiskKind::kHardDisk, 1}};
  std::unique_ptr<DiskImage> images[4];
  for (int i = 0; i < 4; ++i) {
    if (disks[i].path.empty()) continue;
    std::string error;
    images[i] = OpenDiskImage(disks[i].path, disks[i].kind, o.snapshot, &error);
    if (!images[i]) return Fail(error);
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
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> serial_file(nullptr, &std::fclose);
  if (o.serial.rfind("file:", 0) == 0) {
    const std::string path = o.serial.substr(5);
    serial_file.reset(std::fopen(path.c_str(), "ab"));
    if (!serial_file) return Fail("cannot write serial output file '" + path + "'");
    session.serial_sink = [file = serial_file.get()](uint8_t byte) { std::fputc(byte, file); };
  }

  PcMachineConfig config;
  config.board.ram_bytes = o.memory_mb << 20;
  config.board.clock = o.clock == "instructions" ? ClockMode::kInstructions : ClockMode::kRealtime;
  if (o.rtc_base) {
    const auto& t = *o.rtc_base;
    config.board.rtc_host_time = false;
    config.board.rtc_start = RtcTime{t[0], t[1], t[2], t[3], t[4], t[5]};
  }
  config.boot_order = o.boot_order;
  config.reboot_on_triple_fault = !o.no_reboot;
  PcMachine machine(model, config);
  for (int i = 0; i < 4; ++i) {
    if (!images[i]) continue;
    if (disks[i].kind == DiskKind::kHardDisk) {
      machine.AttachHardDisk(disks[i].unit, std::move(images[i]));
      continue;
    }
    std::string error;
    if (!machine.InsertFloppy(disks[i].unit, std::move(images[i]), &error)) {
      return Fail("floppy image '" + disks[i].path + "': " + error);
    }
  }
  TraceOutput trace;
  if (!trace.Open(o.trace_file, machine.board().cpu())) {
    return Fail("cannot write trace file '" + o.trace_file + "'");
  }
  machine.board().on_debug_console = [](uint8_t byte) { std::fputc(byte, stderr); };

  const bool curses = o.display == "curses";
  session.serial_stdio = o.serial == "stdio" || (o.serial == "auto" && !window && !curses);
  session.screendump_at_exit = o.screendump;
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
