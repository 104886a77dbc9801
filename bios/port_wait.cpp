#include "bios/port_wait.h"

namespace m86 {

PortWait WaitForPort(Bios& bios, BiosCall& call, bool ready, uint64_t timeout_ns) {
  BiosState& s = bios.state;
  if (ready) {
    s.port_waiting = false;
    return PortWait::kReady;
  }
  const uint64_t now = bios.scheduler().now();
  if (!s.port_waiting) {
    s.port_waiting = true;
    s.port_deadline_ns = now + timeout_ns;
  }
  if (now >= s.port_deadline_ns) {
    s.port_waiting = false;
    return PortWait::kTimedOut;
  }
  call.RetryPolling();
  return PortWait::kRetry;
}

}  // namespace m86
