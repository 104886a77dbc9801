#!/usr/bin/env bash
# Command-line behaviour of morph86: bad input gets one line on stderr and status 2; the exit
# statuses of the bare machine; --trace output; the 0xE9 debug console; screen dumps to
# standard output.
# usage: cli_test.sh MORPH86 DEMO_ROM NASM
set -u
exe=$1
rom=$2
nasm=$3
boot_sources=$(dirname "$0")/boot
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
passes=0

fail() {  # fail NAME MESSAGE
  echo "FAIL $1: $2"
  failures=$((failures + 1))
}

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

# ---- The PC: bad disks and scripts get one line and status 2, before the guest starts ----
pc=(--display none --serial none)

# A 1.44 MB floppy whose boot sector writes 'B' to port 0xE9 and exits through port 0xF4
# with 10h (status 21h): the BIOS boots it from drive A: with DL = 0.
boot=$tmp/boot.img
head -c 1474560 /dev/zero > "$boot"
# mov al,'B' / out 0E9h,al / mov al,dl / add al,10h / out 0F4h,al / hlt
printf '\xb0\x42\xe6\xe9\x88\xd0\x04\x10\xe6\xf4\xf4' | dd of="$boot" conv=notrunc status=none
printf '\x55\xaa' | dd of="$boot" bs=1 seek=510 conv=notrunc status=none
chmod a-w "$boot"
before=$(sha256sum < "$boot")

# Boot sectors from tests/frontend/boot, each on a 1.44 MB floppy.
floppy_from() {  # floppy_from NAME: assembles boot/NAME.asm into $tmp/NAME.img
  "$nasm" -f bin -o "$tmp/$1.bin" "$boot_sources/$1.asm" || exit 1
  head -c 1474560 /dev/zero > "$tmp/$1.img"
  dd if="$tmp/$1.bin" of="$tmp/$1.img" conv=notrunc status=none
}
floppy_from debugcon
floppy_from screen_text

head -c 1000000 /dev/zero > "$tmp/truncated.img"
expect truncated-floppy 2 1 "$exe" "${pc[@]}" --fda "$tmp/truncated.img"
expect missing-floppy 2 1 "$exe" "${pc[@]}" --fda "$tmp/none.img"
expect directory-floppy 2 1 "$exe" "${pc[@]}" --fda "$tmp"
head -c 1000 /dev/zero > "$tmp/odd-hd.img"
expect odd-hard-disk 2 1 "$exe" "${pc[@]}" --hda "$tmp/odd-hd.img"
printf 'wait screen "A:\\>" 10\nfrobnicate 3\n' > "$tmp/bad.script"
expect unknown-script-command 2 1 "$exe" "${pc[@]}" --fda "$boot" --script "$tmp/bad.script"
grep -q "bad.script:2" "$tmp/err" || fail unknown-script-command "the message does not name line 2"
expect missing-script 2 1 "$exe" "${pc[@]}" --fda "$boot" --script "$tmp/none.script"
# Direct kernel boot: a kernel that is neither a bzImage nor multiboot, an initrd that does not
# fit, an initrd or append without a kernel, a missing kernel.
head -c 70000 /dev/urandom > "$tmp/not-a-kernel"
expect kernel-not-bzimage 2 1 "$exe" "${pc[@]}" --kernel "$tmp/not-a-kernel"
grep -q "bzImage" "$tmp/err" || fail kernel-not-bzimage "the message does not say what a kernel must be"
{ head -c 497 /dev/zero; printf '\x04'; head -c 12 /dev/zero; printf '\x55\xaa'; head -c 2 /dev/zero
  printf 'HdrS\x0f\x02'; head -c 9 /dev/zero; printf '\x01'; head -c 4000 /dev/zero; } > "$tmp/tiny-bzimage"
head -c 20000000 /dev/zero > "$tmp/big-initrd"
expect initrd-too-big 2 1 "$exe" "${pc[@]}" -m 16 --kernel "$tmp/tiny-bzimage" --initrd "$tmp/big-initrd"
grep -qE "does not fit|larger than" "$tmp/err" || fail initrd-too-big "the message does not say the initrd does not fit"
expect initrd-without-kernel 2 1 "$exe" "${pc[@]}" --fda "$boot" --initrd "$tmp/big-initrd"
expect missing-kernel 2 1 "$exe" "${pc[@]}" --kernel "$tmp/none"
expect kernel-on-bare-machine 2 1 "$exe" --rom "$rom" --kernel "$tmp/tiny-bzimage"
expect bad-boot-order 2 1 "$exe" "${pc[@]}" --boot x
expect unknown-option 2 1 "$exe" --frobnicate
expect bad-clock 2 1 "$exe" --clock sundial
expect bad-rtc-base 2 1 "$exe" --rtc-base 2026-13-01T00:00:00
expect bad-serial 2 1 "$exe" --serial telepathy
expect curses-and-serial-stdio 2 1 "$exe" --display curses --serial stdio
expect sdl-without-display 2 1 env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER "$exe" --display sdl --fda "$boot"
grep -q "display" "$tmp/err" || fail sdl-without-display "the message is not about the display"
expect unwritable-serial-file 2 1 "$exe" --display none --serial "file:$tmp/no/such/dir/x" --fda "$boot"
grep -q "serial" "$tmp/err" || fail unwritable-serial-file "the message does not name --serial"

# ---- CD-ROMs: --cdrom, -drive and --boot d ----
# A bootable ISO built by hand (El Torito 1.0): the primary volume descriptor at block 16, the
# boot record at 17 (catalog at 19), the terminator at 18, and a no-emulation image at 20 that
# is the floppy's boot sector: DL = E0h gives (F0h << 1 | 1) & FFh = status 225.
iso=$tmp/boot.iso
head -c $((2048 * 24)) /dev/zero > "$iso"
put() {  # put OFFSET BYTES (printf escapes)
  printf "$2" | dd of="$iso" bs=1 seek="$1" conv=notrunc status=none
}
put $((16 * 2048)) '\x01CD001\x01'
put $((17 * 2048)) '\x00CD001\x01EL TORITO SPECIFICATION'
put $((17 * 2048 + 0x47)) '\x13\x00\x00\x00'
put $((18 * 2048)) '\xffCD001\x01'
# Validation entry: header 01h, platform 0, checksum 55AAh (the words add up to zero), 55 AA;
# the default entry: bootable, no emulation, segment 0 (7C0h), 1 sector, block 20.
put $((19 * 2048)) '\x01'
put $((19 * 2048 + 0x1C)) '\xaa\x55\x55\xaa\x88\x00\x00\x00\x00\x00\x01\x00\x14\x00\x00\x00'
put $((20 * 2048)) '\xb0\x42\xe6\xe9\x88\xd0\x04\x10\xe6\xf4\xf4'
expect cdrom-boot 225 - "$exe" "${pc[@]}" --cdrom "$iso" --boot d --timeout 20
expect cdrom-boot-qemu-drive 225 - "$exe" "${pc[@]}" -drive "file=$iso,format=raw,if=ide,index=1,media=cdrom" -boot order=dc --timeout 20
# The same CD under SeaBIOS (Debian's seabios package), which gets the disk from the IDE
# controller alone: no built-in BIOS is there to hand it to.
if [ -f /usr/share/seabios/bios-256k.bin ]; then
  expect cdrom-boot-seabios 225 - "$exe" "${pc[@]}" --bios /usr/share/seabios/bios-256k.bin --cdrom "$iso" --boot d --timeout 20
fi
# The CD is not bootable (no boot record): the floppy boots next.
cp "$iso" "$tmp/plain.iso"
printf '\xff' | dd of="$tmp/plain.iso" bs=1 seek=$((17 * 2048)) conv=notrunc status=none
expect cdrom-not-bootable 33 - "$exe" "${pc[@]}" --cdrom "$tmp/plain.iso" --fda "$boot" --boot da --timeout 20
head -c $((2048 * 24)) /dev/zero > "$tmp/zeros.iso"
expect cdrom-not-iso9660 2 1 "$exe" "${pc[@]}" --cdrom "$tmp/zeros.iso"
grep -q "ISO 9660" "$tmp/err" || fail cdrom-not-iso9660 "the message does not say ISO 9660"
{ cat "$iso"; head -c 512 /dev/zero; } > "$tmp/odd.iso"
expect cdrom-odd-size 2 1 "$exe" "${pc[@]}" --cdrom "$tmp/odd.iso"
expect cdrom-missing 2 1 "$exe" "${pc[@]}" -cdrom "$tmp/none.iso"
expect cdrom-boot-without-cd 2 1 "$exe" "${pc[@]}" --fda "$boot" --boot d
expect cdrom-boot-order-without-cd 2 1 "$exe" "${pc[@]}" --fda "$boot" -boot order=cd
expect cdrom-and-hdc 2 1 "$exe" "${pc[@]}" --cdrom "$iso" --hdc "$boot"
expect drive-format 2 1 "$exe" "${pc[@]}" -drive "file=$iso,format=qcow2,if=ide,index=2"
expect drive-interface 2 1 "$exe" "${pc[@]}" -drive "file=$iso,if=scsi,index=2"
expect drive-index 2 1 "$exe" "${pc[@]}" -drive "file=$iso,index=4"
expect drive-no-index 2 1 "$exe" "${pc[@]}" -drive "file=$iso"
expect drive-unknown-key 2 1 "$exe" "${pc[@]}" -drive "file=$iso,index=2,cache=none"
expect drive-media 2 1 "$exe" "${pc[@]}" -drive "file=$iso,index=2,media=tape"
expect drive-twice 2 1 "$exe" "${pc[@]}" -drive "file=$iso,index=0,media=cdrom" --hda "$boot"
# A -drive disk on index 0 is the BIOS's 80h, as --hda is: (90h << 1 | 1) & FFh = 33.
expect drive-hard-disk 33 - "$exe" "${pc[@]}" -drive "file=$boot,format=raw,if=ide,index=0" --boot c --timeout 20 --snapshot

# ---- Messages quote input escaped, and only a short piece of it ----
# `timeout` turns a hang into status 124, which fails the test instead of the whole suite.
quick=(timeout 20)
short_message() {  # short_message NAME: stderr is short and printable ASCII only
  [ "$(wc -c < "$tmp/err")" -le 300 ] || fail "$1" "the message has $(wc -c < "$tmp/err") bytes"
  ! LC_ALL=C grep -q '[^ -~]' "$tmp/err" || fail "$1" "the message holds raw control or non-ASCII bytes"
}
{ head -c 3000 /dev/zero | tr '\0' y; printf ' 3\n'; } > "$tmp/long-command.script"
expect script-long-command 2 1 "${quick[@]}" "$exe" "${pc[@]}" --fda "$boot" --script "$tmp/long-command.script"
short_message script-long-command
printf '\xff\xfe\x1b[2J\x9b1m 3\n' > "$tmp/binary.script"
expect script-invalid-utf8 2 1 "${quick[@]}" "$exe" "${pc[@]}" --fda "$boot" --script "$tmp/binary.script"
short_message script-invalid-utf8
grep -qF "'\xFF\xFE\x1B[2J\x9B1m'" "$tmp/err" || fail script-invalid-utf8 "the bytes are not shown escaped"
expect option-long-value 2 1 "$exe" --cpu "$(head -c 100000 /dev/zero | tr '\0' z)"
short_message option-long-value
expect option-binary-value 2 1 "$exe" --memory "$(printf '\x1b[2J\xff')"
short_message option-binary-value

# ---- Input without bounds: one line, status 2, before the guest starts (never a hang) ----
expect script-dev-zero 2 1 "${quick[@]}" "$exe" "${pc[@]}" --fda "$boot" --script /dev/zero
head -c 2000000 /dev/zero | tr '\0' '\n' > "$tmp/huge.script"
expect script-too-large 2 1 "${quick[@]}" "$exe" "${pc[@]}" --fda "$boot" --script "$tmp/huge.script"
{ printf 'sleep 1\nwait screen "'; head -c 1000000 /dev/zero | tr '\0' x; printf '" 3\n'; } > "$tmp/long-line.script"
expect script-long-line 2 1 "${quick[@]}" "$exe" "${pc[@]}" --fda "$boot" --script "$tmp/long-line.script"
short_message script-long-line
printf 'sleep 1\nquit 0\0\n' > "$tmp/nul.script"
expect script-nul-byte 2 1 "${quick[@]}" "$exe" "${pc[@]}" --fda "$boot" --script "$tmp/nul.script"
for t in nan inf -inf 1e300 -1 10000001; do
  expect "timeout-$t" 2 1 "$exe" --rom "$rom" "--timeout=$t"
done
expect timeout-largest 0 - "$exe" --rom "$rom" --timeout 10000000
# Nothing to boot: a usage line, not a PC waiting forever.
expect no-arguments 2 1 "${quick[@]}" env -u DISPLAY -u WAYLAND_DISPLAY "$exe"
grep -q "usage: morph86" "$tmp/err" || fail no-arguments "no usage line"
expect no-disk 2 1 "${quick[@]}" "$exe" "${pc[@]}" --timeout 1

# ---- --rtc-base: dates of the real calendar only ----
for d in 2024-02-31T00:00:00 2023-02-29T12:00:00 1900-02-29T00:00:00 2024-04-31T00:00:00 \
         2024-01-01T24:00:00 2024-01-01T00:60:00 2024-1-01T00:00:00 "2024-01-01T00:00:00 "; do
  expect "rtc-base-$d" 2 1 "$exe" "${pc[@]}" --fda "$boot" --rtc-base "$d"
done
expect rtc-base-leap-day 33 - "$exe" "${pc[@]}" --fda "$boot" --rtc-base 2024-02-29T23:59:59 --timeout 20

# ---- ROMs: the reset vector's 16 bytes at least; the size is checked before anything is read ----
printf '\xfa\xf4\xf4' > "$tmp/3-bytes.bin"
expect rom-3-bytes 2 1 "$exe" --machine bare --rom "$tmp/3-bytes.bin"
{ printf '\xfa\xf4'; head -c 13 /dev/zero; } > "$tmp/15-bytes.bin"
expect rom-15-bytes 2 1 "$exe" --machine bare --rom "$tmp/15-bytes.bin"
{ printf '\xfa\xf4'; head -c 14 /dev/zero; } > "$tmp/16-bytes.bin"  # cli; hlt at F000:FFF0
expect rom-16-bytes 0 0 "$exe" --machine bare --rom "$tmp/16-bytes.bin"
truncate -s 1G "$tmp/sparse-1g.bin"
started=$(date +%s%N)
expect rom-1-gib 2 1 "${quick[@]}" "$exe" --machine bare --rom "$tmp/sparse-1g.bin"
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
[ "$elapsed_ms" -lt 2000 ] || fail rom-1-gib "rejecting it took $elapsed_ms ms: was it read?"
rm -f "$tmp/sparse-1g.bin"

# ---- Booting synthetic disks ----
expect boot-sector 33 - "$exe" "${pc[@]}" --fda "$boot" --timeout 20
# Port 0xE9 is off by default: the guest's 'B' reaches neither stream.
if grep -q "B" "$tmp/err" "$tmp/out"; then fail boot-sector "port 0xE9 output without --debugcon"; fi
# The same as a hard disk, booted with --boot c (DL = 80h: status (90h << 1 | 1) & 0xFF).
expect boot-hard-disk 33 - "$exe" "${pc[@]}" --hda "$boot" --boot c --timeout 20 --snapshot

# ---- --debugcon: port 0xE9 as in QEMU ----
printf '\033[2JE9 says hi\r\n' > "$tmp/e9-expected"
# Off: the port floats high (status 255) and nothing is printed.
expect debugcon-default 255 0 "$exe" "${pc[@]}" --fda "$tmp/debugcon.img" --timeout 20
[ ! -s "$tmp/out" ] || fail debugcon-default "output on stdout: $(head -c 100 "$tmp/out" | od -c | head -2)"
expect debugcon-none 255 0 "$exe" "${pc[@]}" --fda "$tmp/debugcon.img" --timeout 20 --debugcon none
# On: reading the port gives 0xE9 (status 211), the bytes go where asked, raw when not a terminal.
printf 'earlier\n' > "$tmp/e9.log"
expect debugcon-file 211 0 "$exe" "${pc[@]}" --fda "$tmp/debugcon.img" --timeout 20 --debugcon "file:$tmp/e9.log"
{ printf 'earlier\n'; cat "$tmp/e9-expected"; } | cmp -s - "$tmp/e9.log" || fail debugcon-file "the file holds $(od -c "$tmp/e9.log" | head -3)"
[ ! -s "$tmp/out" ] || fail debugcon-file "output on stdout"
expect debugcon-stdio 211 0 "$exe" "${pc[@]}" --fda "$tmp/debugcon.img" --timeout 20 -debugcon stdio
cmp -s "$tmp/e9-expected" "$tmp/out" || fail debugcon-stdio "stdout holds $(od -c "$tmp/out" | head -3)"
# On a terminal the control characters are shown, not obeyed (util-linux script(1) gives a pty).
if script -qec true /dev/null >/dev/null 2>&1; then
  script -qec "'$exe' --display none --serial none --fda '$tmp/debugcon.img' --timeout 20 --debugcon stdio" \
    /dev/null > "$tmp/tty-out" 2>&1 < /dev/null
  grep -qF '^[[2JE9 says hi^M' "$tmp/tty-out" || fail debugcon-terminal "not escaped: $(od -c "$tmp/tty-out" | head -3)"
  ! grep -q $'\033' "$tmp/tty-out" || fail debugcon-terminal "a raw ESC reached the terminal"
fi
expect debugcon-bad-target 2 1 "$exe" "${pc[@]}" --fda "$boot" --debugcon telepathy
expect debugcon-unwritable 2 1 "$exe" "${pc[@]}" --fda "$boot" --debugcon "file:$tmp/no/such/dir/e9.log"
expect debugcon-bare 2 1 "$exe" --machine bare --rom "$rom" --debugcon stdio
expect debugcon-stdio-and-curses 2 1 "$exe" --display curses --fda "$boot" --debugcon stdio

# ---- Screen dumps to standard output continue it (no truncation, no NUL bytes) ----
printf 'wait screen "SCREEN DUMP MARK" 20\nscreendump %s\nquit 0\n' /dev/stdout > "$tmp/dump-stdout.script"
printf 'wait screen "SCREEN DUMP MARK" 20\nscreendump %s\nquit 0\n' "$tmp/dump-by-name.txt" > "$tmp/dump-by-name.script"
printf 'wait screen "SCREEN DUMP MARK" 20\nquit 0\n' > "$tmp/dump-at-exit.script"
check_dump() {  # check_dump NAME FILE: earlier output, the dump, later output, no NUL byte
  local name=$1 file=$2
  if [ "$(tr -d '\000' < "$file" | wc -c)" -ne "$(wc -c < "$file")" ]; then
    fail "$name" "NUL bytes in the output"
  fi
  [ "$(head -1 "$file")" = "earlier output line 1" ] || fail "$name" "the earlier output is gone: $(head -c 80 "$file" | od -c | head -2)"
  grep -q "^earlier output line 40$" "$file" || fail "$name" "the earlier output is cut"
  grep -q "^SCREEN DUMP MARK$" "$file" || fail "$name" "no screen dump"
  [ "$(tail -1 "$file")" = "later output" ] || fail "$name" "the later output is not last"
}
dump_run() {  # dump_run NAME FILE MORPH86_ARGS...: stdout redirected to FILE with earlier output
  local name=$1 file=$2
  shift 2
  {
    for i in $(seq 1 40); do echo "earlier output line $i"; done
    "$exe" "${pc[@]}" --fda "$tmp/screen_text.img" --timeout 30 "$@" 2>"$tmp/err"
    echo "status $?" > "$tmp/status"
    echo "later output"
  } > "$file"
  [ "$(cat "$tmp/status")" = "status 0" ] || fail "$name" "$(cat "$tmp/status"): $(head -3 "$tmp/err")"
  check_dump "$name" "$file"
  passes=$((passes + 1))
}
dump_run screendump-dev-stdout "$tmp/dump1.txt" --script "$tmp/dump-stdout.script"
dump_run screendump-proc-fd-1 "$tmp/dump2.txt" --script "$tmp/dump-at-exit.script" --screendump /proc/self/fd/1
dump_run screendump-stdout-by-name "$tmp/dump-by-name.txt" --script "$tmp/dump-by-name.script"
# A character device and a FIFO are written as they are.
printf 'wait screen "SCREEN DUMP MARK" 20\nscreendump /dev/null\nquit 0\n' > "$tmp/dump-null.script"
expect screendump-dev-null 0 0 "$exe" "${pc[@]}" --fda "$tmp/screen_text.img" --timeout 30 --script "$tmp/dump-null.script"
mkfifo "$tmp/dump.fifo"
timeout 20 cat "$tmp/dump.fifo" > "$tmp/fifo-out.txt" &  # bounded, should morph86 never open it
reader=$!
printf 'wait screen "SCREEN DUMP MARK" 20\nscreendump %s\nquit 0\n' "$tmp/dump.fifo" > "$tmp/dump-fifo.script"
expect screendump-fifo 0 0 "$exe" "${pc[@]}" --fda "$tmp/screen_text.img" --timeout 30 --script "$tmp/dump-fifo.script"
wait "$reader"
grep -q "^SCREEN DUMP MARK$" "$tmp/fifo-out.txt" || fail screendump-fifo "nothing came through the FIFO"
[ -p "$tmp/dump.fifo" ] || fail screendump-fifo "the FIFO was replaced"

# ---- Screen dump paths are checked before the run (the guest would wait forever) ----
expect screendump-no-dir 2 1 "${quick[@]}" "$exe" "${pc[@]}" --fda "$tmp/screen_text.img" --timeout 5 --screendump "$tmp/no/such/dir/x.txt"
expect screendump-directory 2 1 "${quick[@]}" "$exe" "${pc[@]}" --fda "$tmp/screen_text.img" --timeout 5 --screendump "$tmp"
expect screendump-under-file 2 1 "${quick[@]}" "$exe" "${pc[@]}" --fda "$tmp/screen_text.img" --timeout 5 --screendump "$boot/x.txt"
printf 'sleep 0.1\nscreendump "%s"\n' "$tmp/no/such/dir/x.txt" > "$tmp/bad-dump.script"
expect script-screendump-no-dir 2 1 "${quick[@]}" "$exe" "${pc[@]}" --fda "$tmp/screen_text.img" --timeout 5 --script "$tmp/bad-dump.script"
grep -q "bad-dump.script:2" "$tmp/err" || fail script-screendump-no-dir "the message does not name line 2"
if [ "$(id -u)" -ne 0 ]; then  # root writes anywhere
  mkdir "$tmp/read-only" && chmod a-w "$tmp/read-only"
  expect screendump-unwritable-dir 2 1 "${quick[@]}" "$exe" "${pc[@]}" --fda "$tmp/screen_text.img" --timeout 5 --screendump "$tmp/read-only/x.txt"
fi

# A boot sector that sends 'S' through COM1 and waits for the transmitter to empty:
# mov dx,3F8h / mov al,'S' / out dx,al / add dx,5 / in al,dx / test al,40h / jz $-5 /
# mov al,10h / out 0F4h,al / hlt. --serial file:PATH appends COM1's output to PATH.
serial_boot=$tmp/serial.img
head -c 1474560 /dev/zero > "$serial_boot"
printf '\xba\xf8\x03\xb0\x53\xee\x83\xc2\x05\xec\xa8\x40\x74\xfb\xb0\x10\xe6\xf4\xf4' |
  dd of="$serial_boot" conv=notrunc status=none
printf '\x55\xaa' | dd of="$serial_boot" bs=1 seek=510 conv=notrunc status=none
expect serial-file 33 - "$exe" --display none --serial "file:$tmp/com1.txt" --fda "$serial_boot" --timeout 20
[ "$(cat "$tmp/com1.txt" 2>/dev/null)" = "S" ] || fail serial-file "COM1 output '$(cat "$tmp/com1.txt" 2>/dev/null)'"
[ "$(sha256sum < "$boot")" = "$before" ] || fail image "the image changed"

echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
