// The bare machine: RAM from 0, a ROM at the top of the first megabyte and of the address
// space, the debug ports, and nothing else. Used for the CPU's own test programs, whose
// port 0xE9 output goes to standard output (escaped when that is a terminal).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cpu/cpu.h"
#include "devices/debug/debug_ports.h"
#include "devices/io/io_bus.h"
#include "frontend/debug_console.h"

namespace m86 {

class BareMachine {
 public:
  // `rom` must be a power of two of at most 256 KiB.
  // RAM from 0 (`ram_bytes`) and from 4 GiB (`high_ram_bytes`).
  BareMachine(const CpuModel& model, uint32_t ram_bytes, uint64_t high_ram_bytes,
              const std::vector<uint8_t>& rom, uint16_t post_port);
  Cpu& cpu() { return *cpu_; }
  PhysicalMemory& memory() { return memory_; }
  const std::string& console_output() const { return console_; }
  void set_echo_console(bool echo) { echo_console_ = echo; }
  std::optional<uint8_t> last_post_code() const { return debug_->last_post_code(); }

  struct Result {
    int status;          // the process exit status the frontend reports
    std::string report;  // a one-line description for stderr, empty when there is none
  };
  // Runs until an exit condition; timeout_seconds <= 0 means no timeout.
  Result Run(double timeout_seconds);

 private:
  PhysicalMemory memory_;
  IoBus io_;
  std::unique_ptr<DebugPorts> debug_;
  std::unique_ptr<Cpu> cpu_;
  std::string console_;
  DebugConsoleOutput echo_;
  bool echo_console_ = true;
  std::optional<int> exit_status_;
};

}  // namespace m86
