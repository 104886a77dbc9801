#include "frontend/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "frontend/message_text.h"

namespace m86 {
namespace {

std::string CannotWrite(const std::string& path, const std::string& reason) {
  return "cannot write " + QuotePath(path) + ": " + reason;
}

// The standard descriptor (1 or 2) that refers to the same file as `target`, or -1.
int StandardDescriptorFor(const struct stat& target) {
  for (int fd : {STDOUT_FILENO, STDERR_FILENO}) {
    struct stat st {};
    if (::fstat(fd, &st) == 0 && st.st_dev == target.st_dev && st.st_ino == target.st_ino) {
      return fd;
    }
  }
  return -1;
}

// A FILE on a new descriptor; closes `fd` when fdopen fails.
OutputFile WrapDescriptor(int fd, const std::string& path, std::string* error) {
  if (fd < 0) {
    *error = CannotWrite(path, std::strerror(errno));
    return nullptr;
  }
  // "w" in fdopen never truncates: the descriptor is used as it is.
  std::FILE* file = ::fdopen(fd, "wb");
  if (!file) {
    *error = CannotWrite(path, std::strerror(errno));
    ::close(fd);
  }
  return OutputFile(file);
}

}  // namespace

OutputFile OpenOutputFile(const std::string& path, OutputMode mode, std::string* error) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (const int standard = StandardDescriptorFor(st); standard >= 0) {
      // What the process buffered for that stream goes first.
      std::fflush(standard == STDOUT_FILENO ? stdout : stderr);
      return WrapDescriptor(::fcntl(standard, F_DUPFD_CLOEXEC, 0), path, error);
    }
    if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) {
      return WrapDescriptor(::open(path.c_str(), O_WRONLY | O_CLOEXEC), path, error);
    }
    if (S_ISDIR(st.st_mode)) {
      *error = CannotWrite(path, "it is a directory");
      return nullptr;
    }
  }
  std::FILE* file = std::fopen(path.c_str(), mode == OutputMode::kAppend ? "abe" : "wbe");
  if (!file) *error = CannotWrite(path, std::strerror(errno));
  return OutputFile(file);
}

bool WriteOutputFile(const std::string& path, std::string_view bytes, std::string* error) {
  OutputFile file = OpenOutputFile(path, OutputMode::kReplace, error);
  if (!file) return false;
  const bool written = std::fwrite(bytes.data(), 1, bytes.size(), file.get()) == bytes.size();
  if (std::fclose(file.release()) != 0 || !written) {
    *error = CannotWrite(path, std::strerror(errno));
    return false;
  }
  return true;
}

bool CheckOutputPath(const std::string& path, std::string* error) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      *error = CannotWrite(path, "it is a directory");
      return false;
    }
    if (::access(path.c_str(), W_OK) != 0) {
      *error = CannotWrite(path, std::strerror(errno));
      return false;
    }
    return true;
  }
  if (errno != ENOENT) {
    *error = CannotWrite(path, std::strerror(errno));
    return false;
  }
  // A new file: its directory must exist and let us create entries.
  const size_t slash = path.find_last_of('/');
  const std::string directory =
      slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  if (::stat(directory.c_str(), &st) != 0) {
    *error = CannotWrite(path, "directory " + QuotePath(directory) + ": " + std::strerror(errno));
    return false;
  }
  if (!S_ISDIR(st.st_mode)) {
    *error = CannotWrite(path, QuotePath(directory) + " is not a directory");
    return false;
  }
  if (::access(directory.c_str(), W_OK | X_OK) != 0) {
    *error = CannotWrite(path, "directory " + QuotePath(directory) + ": " + std::strerror(errno));
    return false;
  }
  return true;
}

}  // namespace m86
