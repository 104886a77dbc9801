// Output files: regular files replaced or appended, devices and FIFOs never truncated, the
// process's own standard output continued, and the check made before a run.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <thread>

#include "frontend/output_file.h"
#include "temp_files.h"

using namespace m86;
using m86::test::ReadFile;
using m86::test::TempPath;
using m86::test::WriteFile;

namespace {

// Points standard output at another file for the object's life.
class RedirectedStdout {
 public:
  explicit RedirectedStdout(int fd) : saved_(dup(STDOUT_FILENO)) {
    std::fflush(stdout);
    dup2(fd, STDOUT_FILENO);
  }
  ~RedirectedStdout() {
    std::fflush(stdout);
    dup2(saved_, STDOUT_FILENO);
    close(saved_);
  }

 private:
  int saved_;
};

}  // namespace

TEST_CASE("Regular files are replaced or appended to", "[output]") {
  const std::string path = TempPath("output_regular.txt");
  WriteFile(path, "old contents\n");
  std::string error;
  REQUIRE(WriteOutputFile(path, "new\n", &error));
  CHECK(ReadFile(path) == "new\n");
  {
    OutputFile file = OpenOutputFile(path, OutputMode::kAppend, &error);
    REQUIRE(file);
    std::fputs("more\n", file.get());
  }
  CHECK(ReadFile(path) == "new\nmore\n");
  std::remove(path.c_str());
}

TEST_CASE("A path naming standard output continues it instead of truncating it", "[output]") {
  const std::string path = TempPath("output_stdout.txt");
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  REQUIRE(fd >= 0);
  std::string error;
  {
    RedirectedStdout redirect(fd);
    REQUIRE(write(STDOUT_FILENO, "earlier\n", 8) == 8);
    std::fputs("buffered\n", stdout);  // flushed before the dump
    REQUIRE(WriteOutputFile("/dev/stdout", "dump 1\n", &error));
    REQUIRE(WriteOutputFile(path, "dump 2\n", &error));  // the same file by its own name
    REQUIRE(write(STDOUT_FILENO, "later\n", 6) == 6);
  }
  close(fd);
  CHECK(ReadFile(path) == "earlier\nbuffered\ndump 1\ndump 2\nlater\n");
  std::remove(path.c_str());
}

TEST_CASE("A FIFO is opened as it is", "[output]") {
  const std::string path = TempPath("output_fifo");
  REQUIRE(mkfifo(path.c_str(), 0600) == 0);
  std::string received;
  std::thread reader([&] { received = ReadFile(path); });
  std::string error;
  CHECK(WriteOutputFile(path, "through the fifo\n", &error));
  reader.join();
  CHECK(received == "through the fifo\n");
  struct stat st {};
  REQUIRE(stat(path.c_str(), &st) == 0);
  CHECK(S_ISFIFO(st.st_mode));
  std::remove(path.c_str());
}

TEST_CASE("A character device is written without being replaced", "[output]") {
  std::string error;
  CHECK(WriteOutputFile("/dev/null", "nothing\n", &error));
  struct stat st {};
  REQUIRE(stat("/dev/null", &st) == 0);
  CHECK(S_ISCHR(st.st_mode));
}

TEST_CASE("CheckOutputPath finds what would fail, creating nothing", "[output]") {
  std::string error;
  const std::string fresh = TempPath("output_fresh.txt");
  CHECK(CheckOutputPath(fresh, &error));
  CHECK(access(fresh.c_str(), F_OK) != 0);
  CHECK(CheckOutputPath("/dev/stdout", &error));
  CHECK(CheckOutputPath("relative-name.txt", &error));

  CHECK_FALSE(CheckOutputPath("/nonexistent-dir/out.txt", &error));
  CHECK(error ==
        "cannot write '/nonexistent-dir/out.txt': directory '/nonexistent-dir': No such file or "
        "directory");
  CHECK_FALSE(CheckOutputPath("/tmp", &error));
  CHECK(error == "cannot write '/tmp': it is a directory");
  const std::string file = TempPath("output_plain.txt");
  WriteFile(file, "x");
  CHECK_FALSE(CheckOutputPath(file + "/below.txt", &error));
  CHECK(error == "cannot write '" + file + "/below.txt': Not a directory");
  std::remove(file.c_str());
}
