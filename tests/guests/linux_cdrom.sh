#!/usr/bin/env bash
# Boots the Linux CD that scripts/make-guest.sh writes (DIR/linux.iso) with --boot d and runs
# SCRIPT on its serial console. Exits 77 (skipped) when the CD has not been made.
# usage: linux_cdrom.sh MORPH86 DIR SCRIPT
set -u
exe=$1 dir=$2 script=$3
if [ ! -f "$dir/linux.iso" ]; then
  echo "SKIP: $dir/linux.iso is absent (make it with scripts/make-guest.sh $dir)"
  exit 77
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$exe" --cdrom "$dir/linux.iso" --boot d -m 256 --display none --serial "file:$out/com1.txt" \
  --script "$script" --timeout 300 2> "$out/stderr.txt"
status=$?
if [ $status -ne 0 ]; then
  echo "morph86 exited with status $status"
  tail -n 30 "$out/com1.txt"
  cat "$out/stderr.txt"
fi
exit $status
