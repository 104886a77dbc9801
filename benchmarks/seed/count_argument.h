/* The repetition count of a guest benchmark program: its first argument when given (a quick run
 * uses a small one), else the program's default. Only C library headers: the i386 build's
 * multilib toolchain has no kernel headers (asm/) for -m32. */
#pragma once
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long CountArgument(int argc, char** argv, unsigned long long default_count) {
  if (argc < 2) return default_count;
  const char* text = argv[1];
  /* Up to 18 decimal digits: no overflow to detect. */
  const size_t length = strlen(text);
  if (length == 0 || length > 18 || strspn(text, "0123456789") != length) {
    fprintf(stderr, "usage: %s [COUNT]\n", argv[0]);
    exit(2);
  }
  return strtoull(text, NULL, 10);
}
