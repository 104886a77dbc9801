#!/usr/bin/env bash
# Time from start to the A:\> prompt for the FreeDOS images in ../shared/guests, headless:
# morph86 (both clock modes) next to qemu-system-i386 (Debian package qemu-system-x86) booting
# the same image, in one run; the median of RUNS runs each.
# benchmarks/boot_time.sh [BUILD_DIR] [RUNS]   (defaults: build 3)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
runs=${2:-3}
images=(../shared/guests/freedos/freedos-boot-1440k.img ../shared/guests/freedos/freedos-v86-720k.img)
if [ ! -f "${images[0]}" ]; then
  echo "../shared/guests is absent: nothing to boot"
  exit 0
fi
bash scripts/setup.sh
bash scripts/build.sh "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'wait screen "A:\\>" 120\nquit 0\n' > "$tmp/prompt.script"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

morph86_time() {  # image clock
  local start end
  start=$(date +%s%N)
  "./$dir/morph86" --fda "$1" --snapshot --display none --serial none --clock "$2" \
    --script "$tmp/prompt.script" >/dev/null 2>&1
  end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN {printf "%.3f\n", ns / 1e9}'
}

have_qemu=1
command -v qemu-system-i386 >/dev/null && command -v python3 >/dev/null || have_qemu=0
printf "%-28s %12s %14s %10s %16s %18s\n" image "morph86 s" "morph86 instr s" "QEMU s" \
  "QEMU/morph86" "QEMU/morph86 instr"
for image in "${images[@]}"; do
  m=$(for _ in $(seq "$runs"); do morph86_time "$image" realtime; done | median)
  mi=$(for _ in $(seq "$runs"); do morph86_time "$image" instructions; done | median)
  q=-; r=-; ri=-
  if [ $have_qemu = 1 ]; then
    q=$(for _ in $(seq "$runs"); do python3 benchmarks/qemu_boot_to_prompt.py "$image"; done | median)
    r=$(awk -v a="$q" -v b="$m" 'BEGIN {printf "%.2fx", a / b}')
    ri=$(awk -v a="$q" -v b="$mi" 'BEGIN {printf "%.2fx", a / b}')
  fi
  printf "%-28s %12s %14s %10s %16s %18s\n" "$(basename "$image")" "$m" "$mi" "$q" "$r" "$ri"
done
