// Runs a parsed script (frontend/script.h) against a guest, one step per session slice.
#pragma once
#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>

#include "frontend/guest_console.h"
#include "frontend/key_typing.h"
#include "frontend/script.h"

namespace m86 {

// Exit statuses of script failures. Both are even: the isa-debug-exit port makes every
// guest-chosen status odd ((value << 1) | 1), so these never look like a guest's own verdict.
constexpr int kStatusWaitTimeout = 4;  // a `wait` timed out
constexpr int kStatusScriptError = 6;  // a command failed at run time (a screendump's file)

// Monotonic host time in seconds.
using HostClock = std::function<double()>;

class ScriptRunner {
 public:
  // `script` and `guest` must outlive the runner; messages (timeouts, errors) go to `messages`.
  ScriptRunner(const Script& script, GuestConsole& guest, HostClock clock, std::FILE* messages);

  // A byte the guest sent on COM1 (the session's serial sink feeds this).
  void OnSerialByte(uint8_t byte);

  // Runs commands until one has to wait for the guest. Returns the exit status when the
  // script ends the run (`quit`, a timed-out wait, a failed command).
  std::optional<int> Step();

  // Between step points (GuestConsole::AtStepPoint) the script does not act, but a `wait` whose
  // host-time limit has passed still ends the run: returns its status then.
  std::optional<int> CheckWaitTimeout();

  bool finished() const { return next_ >= script_.commands.size(); }

 private:
  enum class Progress { kDone, kBusy, kEnd };
  void Start(const ScriptCommand& command);
  Progress Poll(const ScriptCommand& command, int* status);
  Progress WaitTimedOut(const ScriptCommand& command, int* status);

  const Script& script_;
  GuestConsole& guest_;
  HostClock clock_;
  std::FILE* messages_;
  size_t next_ = 0;
  bool started_ = false;
  double deadline_ = 0;        // host seconds: the current wait's timeout
  uint64_t sleep_until_ = 0;   // guest ns: the current sleep's end
  KeyTypist typist_;
  std::string serial_;         // COM1 output not yet consumed by a `wait serial`
};

}  // namespace m86
