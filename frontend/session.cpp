#include "frontend/session.h"

#include <unistd.h>

#include <chrono>

#include "frontend/screendump.h"
#include "frontend/stdio_serial.h"

namespace m86 {
namespace {

double SteadySeconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

constexpr double kFrameSeconds = 1.0 / 60;

// The loop proper; the caller handles what happens after it on every path.
int Loop(GuestConsole& guest, const SessionOptions& options, const HostClock& clock,
         StdioSerial* stdio, ScriptRunner* runner) {
  const double start = clock();
  double next_frame = start;
  while (true) {
    const bool running = guest.RunFor(kSliceSeconds);
    if (stdio) stdio->Flush();
    if (!running) return guest.exit_status();
    const double now = clock();
    int status = 0;
    bool end = false;
    if (options.timeout_seconds > 0 && now - start >= options.timeout_seconds) {
      std::fprintf(options.messages, "morph86: timeout after %g s\n", options.timeout_seconds);
      status = kStatusTimeout;
      end = true;
    } else if (stdio && stdio->Poll(guest)) {
      end = true;  // Ctrl-A x
    } else if (std::optional<int> quit = !runner                ? std::nullopt
                                         : guest.AtStepPoint() ? runner->Step()
                                                               : runner->CheckWaitTimeout()) {
      status = *quit;
      end = true;
    } else if (options.on_frame && now >= next_frame) {
      // A host that fell behind skips the missed frames rather than firing them in a burst.
      next_frame += kFrameSeconds;
      if (next_frame <= now) next_frame = now + kFrameSeconds;
      end = !options.on_frame();
    }
    if (end) {
      guest.Quit(status);
      return status;
    }
  }
}

}  // namespace

int RunSession(GuestConsole& guest, const SessionOptions& options) {
  const HostClock clock = options.host_clock ? options.host_clock : HostClock(SteadySeconds);
  std::optional<RawTerminal> raw_terminal;
  std::optional<StdioSerial> stdio;
  if (options.serial_stdio) {
    const bool interactive = isatty(options.stdin_fd);
    if (interactive) raw_terminal.emplace(options.stdin_fd);
    stdio.emplace(options.stdin_fd, options.stdout_fd, interactive, options.messages);
  }
  std::optional<ScriptRunner> runner;
  if (options.script) runner.emplace(*options.script, guest, clock, options.messages);
  guest.SetSerialSink([&](uint8_t byte) {
    if (stdio) stdio->Append(byte);
    if (runner) runner->OnSerialByte(byte);
    if (options.serial_sink) options.serial_sink(byte);
  });

  int status = Loop(guest, options, clock, stdio ? &*stdio : nullptr, runner ? &*runner : nullptr);

  // The sink captures this frame's locals.
  guest.SetSerialSink([](uint8_t) {});
  if (stdio) stdio->Flush();
  raw_terminal.reset();
  if (!options.screendump_at_exit.empty()) {
    std::string error;
    if (!WriteScreenDump(guest, options.screendump_at_exit, &error)) {
      std::fprintf(options.messages, "morph86: %s\n", error.c_str());
      if (status == 0) status = kStatusScriptError;
    }
  }
  if (options.digest_at_exit) std::fputs(DigestLine(guest.DigestState()).c_str(), options.messages);
  std::fflush(options.messages);
  return status;
}

}  // namespace m86
