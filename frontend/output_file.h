// Files the user names for output (screen dumps, --serial file:, --debugcon file:): opened so
// that a terminal, a pipe or the process's own standard output works as it would in a shell,
// and checked before the guest starts.
#pragma once
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

namespace m86 {

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using OutputFile = std::unique_ptr<std::FILE, FileCloser>;

enum class OutputMode {
  kReplace,  // a regular file is created or truncated
  kAppend,   // a regular file is created or appended to
};

// Opens `path` for writing:
// - the same file as standard output or standard error (/dev/stdout, /proc/self/fd/1, or the
//   very file the shell redirected into): through a duplicate of that descriptor, so the bytes
//   follow what the process already wrote there. Opening it anew would truncate the file, and
//   the earlier output would read back as NUL bytes;
// - an existing character device or FIFO: as it is, never truncated;
// - anything else as a regular file, by `mode`.
// Returns null with a one-line `*error` when it cannot.
OutputFile OpenOutputFile(const std::string& path, OutputMode mode, std::string* error);

// Writes all of `bytes` to `path` opened with kReplace; false with a one-line `*error`.
bool WriteOutputFile(const std::string& path, std::string_view bytes, std::string* error);

// Checks, without creating or changing anything, that `path` can be written later: an
// existing file must be writable and not a directory; a new file needs an existing, writable
// directory. Returns false with a one-line `*error` otherwise.
bool CheckOutputPath(const std::string& path, std::string* error);

}  // namespace m86
