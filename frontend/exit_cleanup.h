// Terminal state that must be put back however the process ends: at exit() and on the signals
// that end it (SIGINT, SIGTERM, SIGHUP, SIGQUIT, and SIGPIPE for a closed `| head`). Cleanups
// run newest first, then each signal gets the disposition it had before the first cleanup was
// registered and is raised again. A signal the parent ignored (nohup) stays ignored.
#pragma once

namespace m86 {

// `cleanup` must be async-signal-safe and safe to run twice. Returns a slot for
// RemoveExitCleanup, or -1 when all slots are taken (the cleanup then runs only at exit of its
// owner).
int AddExitCleanup(void (*cleanup)());
// Unregisters the slot; once none is left the signal handlers are uninstalled.
void RemoveExitCleanup(int slot);

}  // namespace m86
