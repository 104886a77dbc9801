#!/usr/bin/env bash
# Runs a guest twice under the same script with --clock instructions and a fixed RTC date, and
# requires identical state digests and instruction counts at every `digest` and at exit: the
# run repeats exactly, whatever the host's speed or load. The second run traces every
# instruction to /dev/null, which makes the host several times slower, as an emulated host is,
# and runs every instruction in the interpreter (tracing bypasses translated code), so the first
# run's translated code must retire and deliver interrupts exactly where the interpreter does.
# usage: digest_repeat.sh MORPH86 IMAGE SCRIPT [morph86 options...]
set -u
exe=$1 image=$2 script=$3
shift 3
if [ ! -f "$image" ]; then
  echo "SKIP: guest image $image is not present (../shared/guests is absent)"
  exit 77
fi
run() {
  "$exe" --fda "$image" --snapshot --display none --serial none --script "$script" \
    --clock instructions --rtc-base 2024-01-01T00:00:00 --digest-at-exit --timeout 300 "$@" 2>&1 |
    grep '^morph86: digest '
}
first=$(run "$@")
second=$(run --trace /dev/null "$@")
echo "first run:"; echo "$first"
echo "second run (traced, slower):"; echo "$second"
lines=$(printf '%s\n' "$first" | grep -c .)
if [ "$lines" -ne 3 ]; then echo "FAIL: want 3 digest lines (two commands and the exit), got $lines"; exit 1; fi
if [ "$first" != "$second" ]; then echo "FAIL: the two runs differ"; exit 1; fi
if [ "$(printf '%s\n' "$first" | sed -n 1p)" = "$(printf '%s\n' "$first" | sed -n 2p)" ]; then
  echo "FAIL: the digests at the prompt and after ver are equal"; exit 1
fi
echo "PASS: identical digests"
