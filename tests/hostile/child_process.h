// Runs one morph86 process for the hostile fuzzer: standard input from /dev/null, standard
// output discarded, standard error to a file; how it ended and how long it took.
#ifndef M86_TESTS_HOSTILE_CHILD_PROCESS_H_
#define M86_TESTS_HOSTILE_CHILD_PROCESS_H_

#include <string>
#include <vector>

namespace m86::hostile {

struct ChildResult {
  bool started = false;
  int exit_status = -1;  // when it exited
  int signal = 0;        // the signal that ended it, 0 when it exited
  bool killed = false;   // still running at the hard limit: killed (SIGKILL)
  double seconds = 0;    // from the start to the end, wall time
};

ChildResult RunChild(const std::vector<std::string>& argv, const std::string& stderr_path,
                     double hard_limit_seconds);

// The argument list as a shell command line (single quotes where needed).
std::string ShellCommand(const std::vector<std::string>& argv);

}  // namespace m86::hostile

#endif  // M86_TESTS_HOSTILE_CHILD_PROCESS_H_
