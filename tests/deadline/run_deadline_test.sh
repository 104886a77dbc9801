#!/usr/bin/env bash
# Runs a guest that never ends by itself under --timeout and requires that morph86 ends with
# status 124 at most SLACK seconds after the timeout. The start-up and exit of the process are
# not the subject: the time of the same run with a guest that spins in `jmp $` and a timeout of
# 0.01 s is taken off first, so a loaded host does not fail the test.
# usage: run_deadline_test.sh MORPH86 bare|pc IMAGE [TIMEOUT [SLACK [MORPH86 OPTIONS...]]]
#   bare: IMAGE is a ROM for --machine bare; pc: IMAGE is a boot sector, put on a 1.44 MB floppy.
set -u
exe=$1 machine=$2 image=$3 timeout=${4:-1} slack=${5:-1}
shift $(($# < 5 ? $# : 5))
extra=("$@")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The spinning guest: a ROM whose reset vector is `jmp $`, a boot sector that is `jmp $`.
{ head -c 65520 /dev/zero; printf '\xeb\xfe'; head -c 14 /dev/zero; } >"$tmp/spin.rom"
{ printf '\xeb\xfe'; head -c 508 /dev/zero; printf '\x55\xaa'; } >"$tmp/spin.boot"

command_for() {  # command_for IMAGE TIMEOUT: sets cmd
  case $machine in
    bare) cmd=("$exe" --machine bare --rom "$1") ;;
    pc)
      head -c 1474560 /dev/zero >"$tmp/floppy.img"
      dd if="$1" of="$tmp/floppy.img" conv=notrunc status=none
      cmd=("$exe" --display none --serial none --fda "$tmp/floppy.img") ;;
    *) echo "unknown machine $machine" >&2; exit 2 ;;
  esac
  cmd+=(-m 16 ${extra[@]+"${extra[@]}"} --timeout "$2")
}

run_timed() {  # run_timed IMAGE TIMEOUT: sets status and elapsed
  command_for "$1" "$2"
  local start=$EPOCHREALTIME
  # A run still going well after its timeout is killed (status 137), not waited for.
  timeout --signal=KILL "$(echo "$2 + 20" | bc -l)" "${cmd[@]}" >"$tmp/out" 2>"$tmp/err"
  status=$?
  elapsed=$(echo "$EPOCHREALTIME - $start" | bc -l)
}

spin=$tmp/spin.rom
[ "$machine" = pc ] && spin=$tmp/spin.boot
run_timed "$spin" 0.01
overhead=$(echo "$elapsed - 0.01" | bc -l)
run_timed "$image" "$timeout"
late=$(echo "$elapsed - $timeout - $overhead" | bc -l)
printf 'status %d after %.3f s: %.3f s past the timeout beyond the %.3f s start-up and exit (allowed %s)\n' \
  "$status" "$elapsed" "$late" "$overhead" "$slack"
sed 's/^/stderr: /' "$tmp/err" | head -5
if [ "$status" -ne 124 ]; then
  echo "FAIL: status $status, want 124: ${cmd[*]}"
  exit 1
fi
if [ "$(echo "$late > $slack" | bc -l)" -eq 1 ]; then
  echo "FAIL: ended too late: ${cmd[*]}"
  exit 1
fi
echo PASS
