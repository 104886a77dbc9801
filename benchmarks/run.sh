#!/usr/bin/env bash
# Builds and runs the interpreter micro-benchmarks: morph86 next to the host (native) and, when
# qemu-system-i386 is installed (Debian package qemu-system-x86), next to QEMU's TCG on the same
# ROMs. QEMU's MIPS use morph86's instruction count for the ROM and QEMU's wall time minus its
# start-up time (the empty ROM); QEMU's MFLOPS for the x87 ROMs use their FLOP count.
# benchmarks/run.sh [BUILD_DIR] (default build).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
bash scripts/setup.sh
bash scripts/build.sh "$dir"
"./$dir/morph86-bench" "$dir/bench" | tee /tmp/morph86-bench.txt
if ! command -v qemu-system-i386 >/dev/null; then
  echo "qemu-system-i386 not installed (apt-get install qemu-system-x86): QEMU column skipped"
  exit 0
fi
qemu_time() {
  local start end
  start=$(date +%s.%N)
  timeout 300 qemu-system-i386 -nographic -no-reboot -cpu pentium3 -m 64 -bios "$1" \
    -device isa-debug-exit,iobase=0xf4,iosize=1 -debugcon null -display none -monitor none \
    -serial none >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
startup=$(qemu_time "$dir/bench/empty.bin")
printf "%-10s %10s %10s %14s %12s\n" benchmark "QEMU s" "QEMU MIPS" "morph86/QEMU" "QEMU MFLOPS"
while read -r line; do
  read -r name insns secs mips _ <<<"$line"
  [[ "$name" =~ ^(reg_loop|mem_loop|call_ret|rep_movsd|x87_poly|x87_sincos)$ ]] || continue
  q=$(qemu_time "$dir/bench/$name.bin")
  qnet=$(echo "$q - $startup" | bc -l)
  qmips=$(echo "$insns / $qnet / 1000000" | bc -l)
  # The x87 benchmarks print their FLOP count: "(N FLOPs: ...".
  qmflops=-
  if [[ "$line" =~ \(([0-9]+)\ FLOPs ]]; then
    qmflops=$(printf "%.1f" "$(echo "${BASH_REMATCH[1]} / $qnet / 1000000" | bc -l)")
  fi
  printf "%-10s %10.3f %10.1f %13.2fx %12s\n" "$name" "$qnet" "$qmips" \
    "$(echo "$mips / $qmips" | bc -l)" "$qmflops"
done < /tmp/morph86-bench.txt
