// The main loop of a run: slices of guest time, COM1 on stdio, the script, the window's frame
// hook, the timeout and the screen dump at exit.
#pragma once
#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>

#include "frontend/guest_console.h"
#include "frontend/script.h"
#include "frontend/script_runner.h"

namespace m86 {

constexpr int kStatusTimeout = 124;  // --timeout expired (as coreutils' timeout(1) reports)

// Host time per RunFor call: short enough that keys, serial input and waits react within a
// few milliseconds and the frame hook keeps 60 Hz, long enough that the loop costs nothing.
constexpr double kSliceSeconds = 0.005;

struct SessionOptions {
  bool serial_stdio = false;       // COM1 on stdin/stdout (raw terminal when interactive)
  std::string screendump_at_exit;  // empty: none
  bool digest_at_exit = false;     // print DigestLine() when the run ends
  std::optional<Script> script;    // parsed before the run (LoadScript), so errors come first
  double timeout_seconds = 0;      // host seconds; 0: none
  // The window's per-frame hook, called about 60 times a second of host time when set;
  // returns false when the user closed the window (the run ends with status 0).
  std::function<bool()> on_frame;
  // Another consumer of the guest's COM1 output (e.g. a log file), called for every byte.
  std::function<void(uint8_t)> serial_sink;

  // What tests replace: the host clock (empty: std::chrono::steady_clock), where messages go,
  // and the descriptors of `serial_stdio`.
  HostClock host_clock;
  std::FILE* messages = stderr;
  int stdin_fd = 0;
  int stdout_fd = 1;
};

// Runs until the guest stops (its exit status), the script quits or fails (the script's
// status, kStatusWaitTimeout, kStatusScriptError), Ctrl-A x or the window closes (0), or the
// timeout expires (kStatusTimeout, with a one-line message). Then writes the screen dump;
// a dump that cannot be written turns status 0 into kStatusScriptError. Returns the status.
int RunSession(GuestConsole& guest, const SessionOptions& options);

}  // namespace m86
