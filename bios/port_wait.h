// Waiting for a status bit of a serial or printer port without spinning in C++: the service
// asks to be called again at once (BiosCall::RetryPolling, a guest-side polling loop as in the
// AT BIOS, with interrupts enabled) until the port is ready or the BIOS data area's timeout has
// passed in virtual time. The deadline lives
// in Bios::state, so one port wait is in progress at a time, as with the AT BIOS's busy loops.
#pragma once
#include <cstdint>

#include "bios/bios.h"

namespace m86 {

enum class PortWait { kReady, kRetry, kTimedOut };

// `ready`: the port's state now. kRetry: the call will be repeated; return without changing
// the caller's registers.
PortWait WaitForPort(Bios& bios, BiosCall& call, bool ready, uint64_t timeout_ns);

}  // namespace m86
