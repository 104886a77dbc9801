// The debug ports: port 0xE9 exists only with a console behind it (Bochs' presence check reads
// 0xE9 back), the POST code, the 0xF4 exit.
#include <catch2/catch.hpp>

#include <string>

#include "devices/debug/debug_ports.h"

namespace m86 {
namespace {

TEST_CASE("Without a console port 0xE9 is an absent ISA port", "[debug]") {
  IoBus bus;
  DebugPorts ports(DebugPorts::Config{});
  ports.Attach(bus);
  CHECK(bus.In(0xE9, 1) == 0xFF);
  const uint64_t writes = bus.unmapped_writes();
  bus.Out(0xE9, 1, 'A');
  CHECK(bus.unmapped_writes() == writes + 1);
}

TEST_CASE("With a console port 0xE9 reads 0xE9 and takes the bytes", "[debug]") {
  IoBus bus;
  std::string console;
  DebugPorts::Config config;
  config.console = [&](uint8_t byte) { console.push_back(static_cast<char>(byte)); };
  DebugPorts ports(config);
  ports.Attach(bus);
  CHECK(bus.In(0xE9, 1) == 0xE9);
  bus.Out(0xE9, 1, 'h');
  bus.Out(0xE9, 1, 'i');
  CHECK(console == "hi");
}

TEST_CASE("The POST port and the exit port work with or without the console", "[debug]") {
  IoBus bus;
  int status = -1;
  DebugPorts::Config config;
  config.on_exit = [&](int s) { status = s; };
  DebugPorts ports(config);
  ports.Attach(bus);
  bus.Out(0x80, 1, 0x42);
  CHECK(ports.last_post_code() == 0x42);
  CHECK(bus.In(0x80, 1) == 0x42);
  bus.Out(0xF4, 1, 0x10);
  CHECK(status == 0x21);
}

}  // namespace
}  // namespace m86
