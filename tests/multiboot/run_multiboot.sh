#!/usr/bin/env bash
# Boots tests/multiboot/mbtest.asm as a multiboot kernel with two modules and checks what it
# reports on COM1; where qemu-system-i386 is installed, the same kernel under QEMU's multiboot
# loader must report the same magic, command line, modules and conventional memory.
#   run_multiboot.sh MORPH86 KERNEL OUTDIR
set -u
exe=$1 kernel=$2 out=$3
rm -rf "$out"
mkdir -p "$out"
cd "$out" || exit 1
printf 'FIRST-MODULE-DATA-0123456789\n' > mod1.txt
head -c 5000 /dev/zero | tr '\0' 'B' > mod2.txt
modules="mod1.txt arg1 arg2,mod2.txt"
fail=0
"$exe" --kernel "$kernel" --initrd "$modules" --append "hello multiboot" -m 64 --display none \
  --serial file:morph86.txt --timeout 30 > stdout.txt 2> stderr.txt
status=$?
tr -d '\r' < morph86.txt > report.txt
echo "--- morph86 (status $status)"; cat report.txt; cat stderr.txt
[ $status -eq 0 ] || { echo "FAIL: status $status (the kernel powers off through ACPI S5)"; fail=1; }
expect() {
  if grep -qxF -- "$1" report.txt; then echo "ok: $1"; else echo "FAIL: no line '$1'"; fail=1; fi
}
expect "magic OK"
expect "mem_lower 639"
expect "cmdline $kernel hello multiboot"
expect "loader morph86"
expect "mods 2"
expect "mod 0 aligned size 29 first FIRST-MODULE-DAT cmdline mod1.txt arg1 arg2"
expect "mod 1 aligned size 5000 first BBBBBBBBBBBBBBBB cmdline mod2.txt"
expect "mmap 0000000000000000 000000000009FC00 1"
expect "done"
# The usable RAM of the map: all of the 64 MiB but the EBDA, the BIOS area and the firmware
# tables at the top (at most 128 KiB).
usable=$(sed -n 's/^usable_kb //p' report.txt)
if [ -n "$usable" ] && [ "$usable" -ge $((64 * 1024 - 384 - 128)) ] && [ "$usable" -le $((64 * 1024 - 384)) ]; then
  echo "ok: usable_kb $usable"
else
  echo "FAIL: usable_kb '$usable' does not fit 64 MiB"; fail=1
fi
# mem_upper must agree with the map's range from 1 MiB.
upper=$(sed -n 's/^mem_upper //p' report.txt)
length_hex=$(awk '$1 == "mmap" && $2 == "0000000000100000" { print $3 }' report.txt)
from_map=""
[ -n "$length_hex" ] && from_map=$(( 16#$length_hex / 1024 ))
[ -n "$upper" ] && [ "$upper" = "$from_map" ] && echo "ok: mem_upper $upper matches the map" ||
  { echo "FAIL: mem_upper '$upper' against the map's '$from_map'"; fail=1; }

if command -v qemu-system-i386 >/dev/null; then
  timeout 60 qemu-system-i386 -accel tcg -m 64 -display none -serial file:qemu.txt -no-reboot \
    -kernel "$kernel" -initrd "$modules" -append "hello multiboot" > /dev/null 2>&1
  tr -d '\r' < qemu.txt > qemu_report.txt
  echo "--- QEMU"; cat qemu_report.txt
  for prefix in "magic" "mem_lower" "cmdline" "mods" "mod 0" "mod 1" "done"; do
    ours=$(grep "^$prefix" report.txt)
    theirs=$(grep "^$prefix" qemu_report.txt)
    if [ "$ours" = "$theirs" ]; then echo "ok: as QEMU: $ours"; else
      echo "FAIL: '$ours' but QEMU says '$theirs'"; fail=1; fi
  done
else
  echo "note: qemu-system-i386 is not installed: no comparison with QEMU's loader"
fi
exit $fail
