// Screen dumps: the text screen as UTF-8 text, or the rendered frame as PNG.
#pragma once
#include <string>

#include "devices/vga/display.h"
#include "frontend/guest_console.h"

namespace m86 {

// The screen as `wait screen` sees it: each row converted from CP437 to UTF-8 and trimmed of
// trailing spaces, rows joined with '\n' (no newline after the last row).
std::string ScreenToText(const TextScreen& screen);

// The text dump format: the same rows, each followed by '\n'.
std::string ScreenDumpText(const TextScreen& screen);

// Writes a dump of the guest's screen to `path`: text in text modes, a PNG of the rendered
// frame in graphics modes or when `path` ends in ".png" (any case). The file is opened as
// OpenOutputFile does (frontend/output_file.h): /dev/stdout appends to the process's output.
// On failure returns false and sets `error` to one line.
bool WriteScreenDump(GuestConsole& guest, const std::string& path, std::string* error);

}  // namespace m86
