/* Known answers computed inside the Linux guest by a program built with Debian's gcc -m32
 * -static (glibc): integer arithmetic, 64-bit division (libgcc's helpers), the x87 through
 * glibc's libm, memory and string functions, qsort, and stdio. Each value is a fact that does
 * not depend on who computes it; tests/guests/linux/linux_boot.sh expects the exact line. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int CountPrimes(int limit) {
  char* composite = calloc((size_t)limit, 1);
  int count = 0;
  for (int i = 2; i < limit; ++i) {
    if (composite[i]) continue;
    ++count;
    if ((int64_t)i * i >= limit) continue; /* i * i overflows 32 bits beyond 46340 */
    for (int j = i * i; j < limit; j += i) composite[j] = 1;
  }
  free(composite);
  return count;
}

static uint64_t Fibonacci(int n) {
  uint64_t a = 0, b = 1;
  for (int i = 0; i < n; ++i) {
    const uint64_t next = a + b;
    a = b;
    b = next;
  }
  return a;
}

static int CompareInts(const void* a, const void* b) {
  const int x = *(const int*)a, y = *(const int*)b;
  return (x > y) - (x < y);
}

/* Sorts a permutation of 0..n-1 made by a linear congruential step and checks it is the
 * identity afterwards: the answer is the number of misplaced elements (0). */
static int SortMisplaced(int n) {
  int* v = malloc(sizeof(int) * (size_t)n);
  for (int i = 0; i < n; ++i) v[i] = (int)(((int64_t)i * 7919) % n); /* 7919 is prime to n */
  qsort(v, (size_t)n, sizeof(int), CompareInts);
  int misplaced = 0;
  for (int i = 0; i < n; ++i) misplaced += v[i] != i;
  free(v);
  return misplaced;
}

int main(void) {
  volatile double one = 1.0, two = 2.0; /* no constant folding: the guest's FPU computes */
  const double pi = 4.0 * atan(one);
  const double root2 = sqrt(two);
  const double e = exp(one);
  const uint64_t big = 18446744073709551557ull; /* the largest 64-bit prime */
  char text[64];
  strcpy(text, "morph86");
  strcat(text, "-guest");
  printf("answers: primes=%d fib90=%llu pi=%.15f sqrt2=%.15f e=%.15f div=%llu mod=%llu "
         "len=%zu sorted=%d\n",
         CountPrimes(1000000), (unsigned long long)Fibonacci(90), pi, root2, e,
         (unsigned long long)(big / 1000003u), (unsigned long long)(big % 1000003u),
         strlen(text), SortMisplaced(100000));
  return 0;
}
