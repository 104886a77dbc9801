#!/usr/bin/env bash
# Boots the Linux guest of scripts/make-guest.sh by direct boot twice, interpreted (--jit off)
# and translated (--jit on), under --clock instructions with a fixed RTC date, and requires the
# same machine-state digests and instruction counts at three points: the shell's first prompt,
# after the guest's programs (answers, and selfmod's self-modifying code) have run, and at the
# exit by `poweroff -f`. Translated code must retire instructions and take interrupts exactly
# where the interpreter does, and leave every register, flag and byte of RAM as it does.
#
#   jit_digest.sh MORPH86 GUESTDIR OUTDIR [morph86 options...]
#
# The two runs go in parallel (the test asks CTest for two processors): the interpreted one sets
# the test's time. Exits 77 (skipped) when GUESTDIR has no guest or no guest programs.
set -u
exe=$1 guest=$2 out=$3
shift 3
if [ ! -f "$guest/vmlinuz" ] || [ ! -f "$guest/initrd.img" ]; then
  echo "SKIP: no Linux guest in $guest (scripts/make-guest.sh did not build one)"
  exit 77
fi
if [ ! -x "$guest/extra/answers" ] || [ ! -x "$guest/extra/selfmod" ]; then
  echo "SKIP: the guest has no /extra/answers or /extra/selfmod (no toolchain for them here)"
  exit 77
fi
rm -rf "$out"
mkdir -p "$out"
cd "$out" || exit 1

# Each command waits for busybox's cursor query (ESC [6n), the sign that the shell reads a line
# (see linux_boot.sh). The digests come at points fixed by the guest's own output.
cat > digest.script <<'EOS'
wait serial "morph86 guest:" 600
wait serial "\e[6n" 120
digest
send "/extra/answers\n"
wait serial "sorted=0" 600
wait serial "\e[6n" 120
send "/extra/selfmod\n"
wait serial "selfmod: 8 of 8 checks passed" 600
wait serial "\e[6n" 120
digest
send "poweroff -f\n"
EOS

run() {  # run NAME [morph86 options...]: one boot, its digest lines in NAME.digests
  local name=$1
  shift
  local start=$(date +%s%N)
  "$exe" --kernel "$guest/vmlinuz" --initrd "$guest/initrd.img" --append "$(cat "$guest/append.txt")" \
    -m 256 --clock instructions --rtc-base 2020-01-01T00:00:00 --display none \
    --serial "file:$out/$name.console.log" --script digest.script --digest-at-exit \
    --timeout 1200 "$@" > "$name.stdout.txt" 2> "$name.stderr.txt"
  echo "$name: status $? after $(( ($(date +%s%N) - start) / 1000000 )) ms" > "$name.status.txt"
  grep '^morph86: digest ' "$name.stderr.txt" > "$name.digests"
}
run interpreted --jit off "$@" &
run translated --jit on "$@" &
wait

fail=0
for name in interpreted translated; do
  cat "$name.status.txt"
  grep -q ': status 0 ' "$name.status.txt" || { echo "FAIL: the $name run did not end with status 0"; fail=1; }
  grep -q "the guest powered off (ACPI S5)" "$name.stderr.txt" ||
    { echo "FAIL: the $name run did not end by ACPI power-off"; cat "$name.stderr.txt"; fail=1; }
  echo "$name digests:"; cat "$name.digests"
  lines=$(grep -c . "$name.digests")
  [ "$lines" -eq 3 ] || { echo "FAIL: the $name run printed $lines digests, not 3"; fail=1; }
done
if [ "$(cut -d' ' -f3 interpreted.digests | sort -u | wc -l)" -ne 3 ]; then
  echo "FAIL: the interpreted run's three digests are not all different"; fail=1
fi
if ! cmp -s interpreted.digests translated.digests; then
  echo "FAIL: translated and interpreted runs differ:"
  diff interpreted.digests translated.digests
  fail=1
fi
[ $fail -ne 0 ] || echo "PASS: translated and interpreted runs give identical digests and counts"
exit $fail
