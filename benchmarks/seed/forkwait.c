/* Process creation and teardown: N rounds of fork, the child exiting at once with a status
 * that names its round, and the parent waiting for it. Each round copies and frees an address
 * space and goes through the scheduler twice; every child's status must come back. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "count_argument.h"

int main(int argc, char** argv) {
  const unsigned long long n = CountArgument(argc, argv, 10000ULL);
  unsigned long long failed = 0;
  for (unsigned long long i = 0; i < n; ++i) {
    const pid_t child = fork();
    if (child == 0) _exit((int)(i % 256));
    int status = 0;
    if (child < 0 || waitpid(child, &status, 0) != child || !WIFEXITED(status) ||
        WEXITSTATUS(status) != (int)(i % 256)) {
      ++failed;
    }
  }
  printf("forkwait: rounds=%llu failed=%llu\n", n, failed);
  return failed == 0 ? 0 : 1;
}
