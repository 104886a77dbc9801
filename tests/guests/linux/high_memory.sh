#!/usr/bin/env bash
# Boots the PAE guest of scripts/make-guest.sh --pae with 6 GiB of RAM (3 GiB below the PCI
# hole, 3 GiB from 4 GiB) and checks that Linux found and uses the RAM above 4 GiB: the E820
# range from 4 GiB in its boot log, MemTotal above 5.5 GiB and HighTotal (PAE highmem) above
# 4.5 GiB in /proc/meminfo, and `poweroff -f` ending the run with status 0.
#
#   high_memory.sh MORPH86 GUESTDIR OUTDIR [morph86 options...]
#
# Extra options (e.g. --bios FILE) go to morph86. Exits 77 (skipped) when GUESTDIR has no guest.
set -u
exe=$1 guest=$2 out=$3
shift 3
if [ ! -f "$guest/vmlinuz" ] || [ ! -f "$guest/initrd.img" ]; then
  echo "SKIP: no Linux guest in $guest (scripts/make-guest.sh --pae did not build one)"
  exit 77
fi
rm -rf "$out"
mkdir -p "$out"
cd "$out" || exit 1
# Each command waits for busybox's cursor query (ESC [6n), the sign that the shell reads a line.
cat > high_memory.script <<'EOS'
wait serial "morph86 guest:" 600
wait serial "\e[6n" 120
send "grep -E '^(MemTotal|HighTotal):' /proc/meminfo\n"
wait serial "HighTotal:" 120
wait serial "\e[6n" 120
send "poweroff -f\n"
EOS
start=$(date +%s%N)
"$exe" --kernel "$guest/vmlinuz" --initrd "$guest/initrd.img" --append "$(cat "$guest/append.txt")" \
  -m 6G --clock instructions --display none --serial "file:$out/console.log" \
  --script high_memory.script --timeout 900 "$@" > stdout.txt 2> stderr.txt
status=$?
end=$(date +%s%N)
echo "morph86 exited with status $status after $(( (end - start) / 1000000 )) ms"
fail=0
if [ -s stderr.txt ]; then echo "--- stderr"; cat stderr.txt; fi
[ $status -eq 0 ] || { echo "FAIL: status $status (poweroff -f through ACPI S5 ends with 0)"; fail=1; }
# The kernel prints the firmware's map: the RAM from 4 GiB is one usable range to 7 GiB.
grep -a -q "mem 0x0000000100000000-0x00000001bfffffff\] usable" console.log ||
  { echo "FAIL: no usable E820 range from 4 GiB to 7 GiB in the kernel's log"; fail=1; }
kib() { grep -a "^$1:" console.log | tail -1 | tr -s ' ' | cut -d' ' -f2; }
mem_total=$(kib MemTotal) high_total=$(kib HighTotal)
echo "MemTotal: ${mem_total:-none} kB, HighTotal: ${high_total:-none} kB"
[ "${mem_total:-0}" -gt $((5632 * 1024)) ] || { echo "FAIL: MemTotal is not above 5.5 GiB"; fail=1; }
[ "${high_total:-0}" -gt $((4608 * 1024)) ] || { echo "FAIL: HighTotal is not above 4.5 GiB"; fail=1; }
if grep -a -n -E 'WARNING:|BUG:|Oops|Kernel panic' console.log; then
  echo "FAIL: the kernel logged the warnings above"; fail=1
fi
echo "--- the console's last lines"; tail -n 15 console.log 2>/dev/null
exit $fail
