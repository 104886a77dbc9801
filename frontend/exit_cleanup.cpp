#include "frontend/exit_cleanup.h"

#include <array>
#include <csignal>
#include <cstdlib>

namespace m86 {
namespace {

constexpr std::array<int, 5> kSignals = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE};
constexpr int kSlots = 4;

// Statics: signal handlers and atexit() cannot reach an object.
using Cleanup = void (*)();
std::array<Cleanup volatile, kSlots> g_cleanups{};
int g_active = 0;
bool g_atexit_registered = false;
std::array<struct sigaction, kSignals.size()> g_previous;
std::array<bool, kSignals.size()> g_installed{};

void RunCleanups() {
  for (int i = kSlots - 1; i >= 0; --i) {
    if (Cleanup c = g_cleanups[i]) c();
  }
}

void Uninstall() {
  for (size_t i = 0; i < kSignals.size(); ++i) {
    if (g_installed[i]) sigaction(kSignals[i], &g_previous[i], nullptr);
    g_installed[i] = false;
  }
}

void OnFatalSignal(int signal_number) {
  RunCleanups();
  Uninstall();
  raise(signal_number);
}

void Install() {
  for (size_t i = 0; i < kSignals.size(); ++i) {
    struct sigaction previous;
    sigaction(kSignals[i], nullptr, &previous);
    if (previous.sa_handler == SIG_IGN) continue;
    struct sigaction action{};
    action.sa_handler = OnFatalSignal;
    sigemptyset(&action.sa_mask);
    g_previous[i] = previous;
    g_installed[i] = sigaction(kSignals[i], &action, nullptr) == 0;
  }
}

}  // namespace

int AddExitCleanup(void (*cleanup)()) {
  for (int i = 0; i < kSlots; ++i) {
    if (g_cleanups[i]) continue;
    if (!g_atexit_registered) {
      std::atexit(RunCleanups);
      g_atexit_registered = true;
    }
    if (g_active++ == 0) Install();
    g_cleanups[i] = cleanup;
    return i;
  }
  return -1;
}

void RemoveExitCleanup(int slot) {
  if (slot < 0 || slot >= kSlots || !g_cleanups[slot]) return;
  g_cleanups[slot] = nullptr;
  if (--g_active == 0) Uninstall();
}

}  // namespace m86
