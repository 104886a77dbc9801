#include "frontend/debug_console.h"

#include <unistd.h>

#include "frontend/message_text.h"

namespace m86 {

void AppendTerminalSafe(uint8_t byte, std::string* out) {
  if ((byte >= 0x20 && byte < 0x7F) || byte == '\n' || byte == '\t') {
    out->push_back(static_cast<char>(byte));
  } else if (byte < 0x20) {
    out->push_back('^');
    out->push_back(static_cast<char>('@' + byte));
  } else if (byte == 0x7F) {
    out->append("^?");
  } else {
    AppendHexEscape(byte, out);
  }
}

DebugConsoleOutput::DebugConsoleOutput(std::FILE* file, bool escape)
    : file_(file), escape_(escape) {}

std::unique_ptr<DebugConsoleOutput> DebugConsoleOutput::Open(const std::string& target,
                                                             std::string* error) {
  if (target == "stdio") {
    return std::make_unique<DebugConsoleOutput>(stdout, isatty(STDOUT_FILENO) != 0);
  }
  const std::string path = target.substr(target.find(':') + 1);
  OutputFile file = OpenOutputFile(path, OutputMode::kAppend, error);
  if (!file) return nullptr;
  auto output = std::make_unique<DebugConsoleOutput>(file.get(), isatty(fileno(file.get())) != 0);
  output->owned_ = std::move(file);
  return output;
}

DebugConsoleOutput::~DebugConsoleOutput() { std::fflush(file_); }

void DebugConsoleOutput::Put(uint8_t byte) {
  if (escape_) {
    std::string shown;
    AppendTerminalSafe(byte, &shown);
    std::fputs(shown.c_str(), file_);
  } else {
    std::fputc(byte, file_);
  }
  if (byte == '\n') std::fflush(file_);
}

}  // namespace m86
