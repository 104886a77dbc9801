#!/usr/bin/env bash
# Command-line behaviour of morph86: bad input gets one line on stderr and status 2; the exit
# statuses of the bare machine; --trace output.
# usage: cli_test.sh MORPH86 DEMO_ROM
set -u
exe=$1
rom=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
passes=0

expect() {  # expect NAME STATUS STDERR_LINES COMMAND...
  local name=$1 want=$2 lines=$3
  shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$? n
  n=$(wc -l <"$tmp/err")
  if [ "$got" -ne "$want" ] || { [ "$lines" != "-" ] && [ "$n" -ne "$lines" ]; }; then
    echo "FAIL $name: status $got (want $want), $n stderr lines (want $lines)"
    sed 's/^/  stderr: /' "$tmp/err" | head -5
    failures=$((failures + 1))
  else
    passes=$((passes + 1))
  fi
}

expect missing-rom 2 1 "$exe" --machine bare --rom "$tmp/nope.bin"
expect directory-rom 2 1 "$exe" --machine bare --rom "$tmp"
: >"$tmp/empty.bin"
expect empty-rom 2 1 "$exe" --machine bare --rom "$tmp/empty.bin"
head -c 300000 /dev/zero >"$tmp/huge.bin"
expect huge-rom 2 1 "$exe" --machine bare --rom "$tmp/huge.bin"
expect unknown-option 2 1 "$exe" --frobnicate
expect unknown-cpu 2 1 "$exe" --rom "$rom" --cpu z80
expect unknown-machine 2 1 "$exe" --machine amiga --rom "$rom"
expect bad-post-port 2 1 "$exe" --rom "$rom" --post-port 0x10000
expect no-rom 2 1 "$exe" --machine bare
expect help 0 0 "$exe" --help
expect fpu-none-386 0 - "$exe" --rom "$rom" --cpu 80386 --fpu none
expect fpu-bad-value 2 1 "$exe" --rom "$rom" --cpu 80386 --fpu 287
expect fpu-not-386 2 1 "$exe" --rom "$rom" --cpu pentium --fpu none
# The demo halts with interrupts disabled: status 0, its POST code on stderr.
expect demo 0 1 "$exe" --machine bare --rom "$rom"
grep -q "^post: 0x" "$tmp/err" || { echo "FAIL demo: no post line"; failures=$((failures + 1)); }
# QEMU's single-dash spelling.
expect qemu-spelling 0 - "$exe" -machine bare -cpu 80486 -rom "$rom"
# A ROM whose reset vector is `jmp $`: only the timeout ends it (124).
{ head -c 4080 /dev/zero; printf '\xeb\xfe'; head -c 14 /dev/zero; } >"$tmp/spin.bin"
expect timeout 124 1 "$exe" --rom "$tmp/spin.bin" --timeout 0.2
# --trace writes one line per instruction with Capstone's disassembly.
expect trace 0 - "$exe" --rom "$rom" --trace "$tmp/trace.txt"
if ! grep -q "F000:0000FFF0  ljmp" "$tmp/trace.txt" || ! grep -q "hlt" "$tmp/trace.txt"; then
  echo "FAIL trace: unexpected content"; head -3 "$tmp/trace.txt"; failures=$((failures + 1))
fi
echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
