/* The cheapest round trip into the kernel and back: N getppid system calls. glibc's getppid is
 * the bare system call (it caches the process id of neither the process nor its parent), so
 * each call enters the kernel. Every answer must be the first one: the parent does not change
 * while it waits for this program. */
#include <stdio.h>
#include <unistd.h>

#include "count_argument.h"

int main(int argc, char** argv) {
  const unsigned long long n = CountArgument(argc, argv, 10000000ULL);
  const pid_t first = getppid();
  unsigned long long differing = 0;
  for (unsigned long long i = 0; i < n; ++i) differing += getppid() != first;
  printf("getppid: calls=%llu differing=%llu\n", n, differing);
  return differing == 0 && first > 0 ? 0 : 1;
}
