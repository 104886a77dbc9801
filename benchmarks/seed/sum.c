/* Pure user-mode integer work: adds 0..N-1 into an unsigned 64-bit accumulator. Built -O0, so
 * the counter and the sum live in memory and every step is loads, an add (add/adc on i386), a
 * store and a compare; no system call until the result is printed. The sum is N(N-1)/2
 * modulo 2^64, which the benchmark checks. */
#include <stdint.h>
#include <stdio.h>

#include "count_argument.h"

int main(int argc, char** argv) {
  const uint64_t n = CountArgument(argc, argv, 500000000ULL);
  uint64_t sum = 0;
  for (uint64_t i = 0; i < n; ++i) sum += i;
  printf("sum: n=%llu sum=%llu\n", (unsigned long long)n, (unsigned long long)sum);
  return 0;
}
