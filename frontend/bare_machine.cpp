#include "frontend/bare_machine.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>

namespace m86 {

BareMachine::BareMachine(const CpuModel& model, uint32_t ram_bytes, uint64_t high_ram_bytes,
                         const std::vector<uint8_t>& rom, uint16_t post_port)
    : memory_(ram_bytes, high_ram_bytes), echo_(stdout, isatty(STDOUT_FILENO) != 0) {
  const uint32_t size = static_cast<uint32_t>(rom.size());
  memory_.MapRom(0x100000 - size, rom);
  // The alias at the top of the model's address space holds the reset vector (FFFFFFF0 on the
  // 80386 and later, FFFFF0 on the 80286).
  memory_.MapRom(model.address_mask - size + 1, rom);
  DebugPorts::Config config;
  config.post_port = post_port;
  config.console = [this](uint8_t byte) {
    console_.push_back(static_cast<char>(byte));
    if (echo_console_) echo_.Put(byte);
  };
  config.on_exit = [this](int status) {
    exit_status_ = status;
    cpu_->RequestStop();
  };
  debug_ = std::make_unique<DebugPorts>(config);
  debug_->Attach(io_);
  cpu_ = std::make_unique<Cpu>(model, memory_, io_);
}

BareMachine::Result BareMachine::Run(double timeout_seconds) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::duration<double>(timeout_seconds);
  // Instructions (plus delivered events and REP iterations, which Cpu::Run counts alike) between
  // timeout checks: a few milliseconds at the slowest, in an exception storm under the sanitizers,
  // and too many for the clock read to cost anything measurable.
  constexpr uint64_t kSlice = 100'000;
  for (;;) {
    const StopReason r = cpu_->Run(kSlice);
    switch (r) {
      case StopReason::kStopRequested:
        if (!cpu_->check_failure().empty()) return {5, cpu_->check_failure()};
        if (exit_status_) return {*exit_status_, ""};
        break;
      case StopReason::kHaltedNoIntr:
        return {0, ""};
      case StopReason::kHalted:
        // Nothing on the bare machine raises interrupts: the CPU can never wake again.
        return {0, "halted with interrupts enabled; the bare machine has no interrupt source"};
      case StopReason::kTripleFault: {
        char line[128];
        std::snprintf(line, sizeof line, "triple fault at %04X:%08X", cpu_->s.seg[kCs].selector,
                      static_cast<uint32_t>(cpu_->insn_eip()));
        return {3, line};
      }
      case StopReason::kBudget: break;
    }
    if (timeout_seconds > 0 && Clock::now() >= deadline) {
      return {124, "timeout after " + std::to_string(timeout_seconds) + " s"};
    }
  }
}

}  // namespace m86
