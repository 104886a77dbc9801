#!/usr/bin/env bash
# The guest benchmark: four small static glibc programs (sum: -O0 integer loop; getppid: system
# calls; gettimeofday: the clock through the vDSO; forkwait: fork, exit and wait) timed with
# busybox's `time` inside Debian's i686 and amd64 Linux guests of scripts/make-guest.sh, in
# morph86 and in QEMU's TCG with the same kernel and initramfs, and natively on the host (the
# amd64 programs only on an x86-64 host), printed as one table with the ratios and each boot's
# time to the shell. A full run takes about 17 minutes on two busy cores; --quick (small counts)
# checks that it all works in a few minutes; --count PROGRAM=N (repeatable) sets one count;
# --interp adds morph86 with its translator off (--jit off) as a third emulator.
#
#   benchmarks/seed/run.sh [--quick] [--interp] [--count PROGRAM=N]... [BUILD_DIR]  (default build)
#
# The programs and guests go to BUILD_DIR/benchmarks/seed/{i386,amd64}/{extra,guest}, the
# console logs of the runs into each guest directory.
set -euo pipefail
cd "$(dirname "$0")/../.."
options=()
dir=build
usage() { echo "usage: benchmarks/seed/run.sh [--quick] [--interp] [--count PROGRAM=N]... [BUILD_DIR]" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) options+=(--quick); shift ;;
    --interp) options+=(--emulators morph86,interp,qemu); shift ;;
    --count) [ $# -ge 2 ] || usage; options+=(--count "$2"); shift 2 ;;
    -*) usage ;;
    *) dir=$1; shift ;;
  esac
done
bash scripts/setup.sh
# Only the emulator is needed: configured as scripts/build.sh does, without building the rest.
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$dir" -j2 --target morph86
work=$dir/benchmarks/seed
guests=()
for arch in i386 amd64; do
  bash benchmarks/seed/build_programs.sh "$work/$arch/extra" "$arch"
  # By its absolute path, as the test benchmark.seed.make calls it: make-guest.sh's up-to-date
  # stamp includes the path it was called by, and the amd64 guest is shared with the test.
  bash "$PWD/scripts/make-guest.sh" "$work/$arch/guest" --arch "$arch" --extra "$work/$arch/extra"
  guests+=("$work/$arch/guest")
done
python3 benchmarks/seed/seed_bench.py "${options[@]}" --morph86 "$dir/morph86" "${guests[@]}"
