#!/usr/bin/env bash
# Start-up cost: wall time and peak resident memory of a run whose ROM exits at its first
# instruction (mov al,0; out 0xF4,al), with -m 16, 256 and 2048, for morph86's bare machine
# next to qemu-system-i386 (Debian package qemu-system-x86) with the same ROM as its BIOS and
# an isa-debug-exit device at 0xF4; the median of RUNS runs each.
# benchmarks/startup.sh [BUILD_DIR] [RUNS]   (defaults: build 5)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
runs=${2:-5}
bash scripts/setup.sh
[ -x "$dir/morph86" ] || bash scripts/build.sh "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# 64 KiB of HLT with the exit sequence at the reset vector (0xFFFF0).
{
  head -c 65520 /dev/zero | tr '\0' '\364'
  printf '\260\000\346\364\364'
  head -c 11 /dev/zero | tr '\0' '\364'
} > "$tmp/exit.rom"

# Prints "seconds peak_KiB" for one run of the command (GNU time; the exit status is the
# guest's, not checked).
measure() {
  /usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >/dev/null 2>&1 || true
  tail -1 "$tmp/time"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

have_qemu=1
command -v qemu-system-i386 >/dev/null || have_qemu=0
printf "%-6s %10s %12s %10s %12s %12s %12s\n" "-m" "morph86 s" "morph86 MiB" "QEMU s" \
  "QEMU MiB" "time ratio" "memory ratio"
for mib in 16 256 2048; do
  for _ in $(seq "$runs"); do
    measure "./$dir/morph86" --machine bare --rom "$tmp/exit.rom" -m "$mib"
  done > "$tmp/m"
  ms=$(awk '{print $1}' "$tmp/m" | median)
  mk=$(awk '{print $2}' "$tmp/m" | median)
  qs=-; qk=-; rt=-; rm=-
  if [ $have_qemu = 1 ]; then
    for _ in $(seq "$runs"); do
      measure qemu-system-i386 -accel tcg -nodefaults -display none -bios "$tmp/exit.rom" \
        -m "$mib" -device isa-debug-exit,iobase=0xf4,iosize=0x04
    done > "$tmp/q"
    qs=$(awk '{print $1}' "$tmp/q" | median)
    qk=$(awk '{print $2}' "$tmp/q" | median)
    rt=$(awk -v a="$ms" -v b="$qs" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')
    rm=$(awk -v a="$mk" -v b="$qk" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')
  fi
  printf "%-6s %10s %12s %10s %12s %12s %12s\n" "$mib" "$ms" "$((mk / 1024))" "$qs" \
    "$([ "$qk" = - ] && echo - || echo $((qk / 1024)))" "$rt" "$rm"
done
echo "(ratios: morph86 / QEMU; below 1 is better)"
