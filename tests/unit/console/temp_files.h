// Files the console tests write and read back: names unique to the test process under /tmp.
#pragma once
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace m86::test {

// /tmp/m86_console_test_PID_NAME.
inline std::string TempPath(const std::string& name) {
  return "/tmp/m86_console_test_" + std::to_string(getpid()) + "_" + name;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

inline void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace m86::test
