/* Reading the clock: N gettimeofday calls. With a TSC clock source Linux answers them in user
 * space through the vDSO (RDTSC and the kernel's published scale); with another clock source
 * each is a system call. The time must never step backwards between consecutive calls. */
#include <stdio.h>
#include <sys/time.h>

#include "count_argument.h"

static long long Microseconds(const struct timeval* tv) {
  return (long long)tv->tv_sec * 1000000 + tv->tv_usec;
}

int main(int argc, char** argv) {
  const unsigned long long n = CountArgument(argc, argv, 20000000ULL);
  struct timeval now;
  gettimeofday(&now, NULL);
  const long long start = Microseconds(&now);
  long long previous = start;
  unsigned long long backwards = 0;
  for (unsigned long long i = 0; i < n; ++i) {
    gettimeofday(&now, NULL);
    const long long t = Microseconds(&now);
    backwards += t < previous;
    previous = t;
  }
  printf("gettimeofday: calls=%llu backwards=%llu\n", n, backwards);
  return backwards == 0 ? 0 : 1;
}
