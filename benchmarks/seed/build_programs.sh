#!/usr/bin/env bash
# Builds the guest benchmark programs as static glibc executables into OUTDIR:
#
#   benchmarks/seed/build_programs.sh OUTDIR i386|amd64
#
# i386 takes gcc -m32 (Debian's gcc-12-multilib, installed by scripts/setup.sh). sum is built
# -O0 so that its loop keeps the counter and the sum in memory; the others -O2, where the
# work is in the kernel and the C library anyway.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: build_programs.sh OUTDIR i386|amd64" >&2; exit 2; }
out=$1
case "$2" in
  i386) arch_flags=(-m32) ;;
  amd64) arch_flags=() ;;
  *) echo "build_programs.sh: unknown architecture '$2' (i386 or amd64)" >&2; exit 2 ;;
esac
src=$(cd "$(dirname "$0")" && pwd)
cc=${CC:-gcc}
mkdir -p "$out"
for program in sum getppid gettimeofday forkwait; do
  optimization=-O2
  [ "$program" = sum ] && optimization=-O0
  "$cc" "${arch_flags[@]}" -static "$optimization" -Wall -Wextra -Werror -o "$out/$program" \
    "$src/$program.c"
done
