// Where the guest's port 0xE9 bytes go: QEMU's -debugcon (`--debugcon stdio|file:PATH|none`)
// on the PC, standard output on the bare machine. The bytes are the guest's: on a terminal
// they are shown escaped, so a guest cannot clear the user's screen, move the cursor or fake
// the emulator's own messages.
#pragma once
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "frontend/output_file.h"

namespace m86 {

// Appends `byte` as a terminal may show it: printable ASCII, '\n' and '\t' as they are, other
// C0 controls in caret notation (ESC is ^[), DEL as ^?, bytes from 0x80 as \xNN (a lone C1
// byte is a control sequence to some terminals).
void AppendTerminalSafe(uint8_t byte, std::string* out);

class DebugConsoleOutput {
 public:
  // Writes to `file`, which it does not own; `escape`: the AppendTerminalSafe form.
  DebugConsoleOutput(std::FILE* file, bool escape);
  // `target` is "stdio" (standard output) or "file:PATH" (appended to PATH, as --serial
  // file: does). Escapes when the target is a terminal. Null with a one-line `*error` when the
  // file cannot be opened.
  static std::unique_ptr<DebugConsoleOutput> Open(const std::string& target, std::string* error);
  ~DebugConsoleOutput();
  DebugConsoleOutput(const DebugConsoleOutput&) = delete;
  DebugConsoleOutput& operator=(const DebugConsoleOutput&) = delete;

  // One byte from the guest. A finished line is flushed, so the console keeps its place among
  // the other output of the process (COM1 on stdio writes straight to the descriptor).
  void Put(uint8_t byte);

 private:
  OutputFile owned_;
  std::FILE* file_;
  bool escape_;
};

}  // namespace m86
