#!/usr/bin/env bash
# Boots the Linux guest of scripts/make-guest.sh and checks it from its own shell.
#
#   linux_boot.sh MORPH86 GUESTDIR OUTDIR PATH [morph86 options...]
#
# PATH is how the kernel gets in: `direct` (--kernel/--initrd/--append), `pcibios` (direct, with
# pci=bios: configuration space through the 32-bit PCI BIOS), `disk` (the syslinux
# hard disk, written to in the guest under --snapshot), `cdrom` (the isolinux CD, --boot d), or
# `vga` (direct boot with the console on the VGA text screen, checked through screen dumps).
# Extra options (e.g. --bios FILE) go to morph86. On the serial console a script checks:
# uname -m; the CPU flags; dmesg lines that show the local APIC, the I/O APIC and ACPI in use;
# for `direct`, the bochs DRM driver bound to the standard VGA with its framebuffer;
# a program built with gcc -m32 -static (glibc) printing known answers; a second program of that
# build writing, running and rewriting machine code (selfmod.c; from `disk` it also loads code by
# DMA) that must pass all its checks; the sha256 of a file
# that the test put into the initramfs; for `disk`, a file written to the IDE disk, read back
# after the page cache is dropped, with the image unchanged afterwards; no kernel warning in
# the whole console log; and `poweroff -f` ending the run with status 0 through ACPI S5.
# Exits 77 (skipped) when GUESTDIR has no guest (the fixture could not build one).
set -u
exe=$1 guest=$2 out=$3 path=$4
shift 4
if [ ! -f "$guest/vmlinuz" ] || [ ! -f "$guest/initrd.img" ]; then
  echo "SKIP: no Linux guest in $guest (scripts/make-guest.sh did not build one)"
  exit 77
fi
rm -rf "$out"
mkdir -p "$out"
cd "$out" || exit 1
# The guest's architecture (scripts/make-guest.sh writes it; older guests are i386).
machine=i686
[ "$(cat "$guest/arch" 2>/dev/null)" = amd64 ] && machine=x86_64
expected_answers="answers: primes=78498 fib90=2880067194370816120 pi=3.141592653589793 sqrt2=1.414213562373095 e=2.718281828459045 div=18446688733643 mod=350628 len=13 sorted=0"
have_answers=0
[ -x "$guest/extra/answers" ] && have_answers=1
# selfmod's checks: eight, and a ninth with a scratch disk to load code from by DMA. From the
# disk the guest booted, bytes at 512 KiB (before the first partition) are scratch: --snapshot
# keeps the writes out of the image.
have_selfmod=0
[ -x "$guest/extra/selfmod" ] && have_selfmod=1
selfmod_command="/extra/selfmod" selfmod_checks=8
[ "$path" = disk ] && selfmod_command="/extra/selfmod /dev/sda" selfmod_checks=9
have_data=0
[ -f "$guest/extra/data.bin" ] && have_data=1
[ $have_answers -eq 1 ] || echo "note: no static glibc program for the guest (no toolchain for it here): not checked"

boot=()
case "$path" in
  direct) boot=(--kernel "$guest/vmlinuz" --initrd "$guest/initrd.img" --append "$(cat "$guest/append.txt")") ;;
  pcibios) boot=(--kernel "$guest/vmlinuz" --initrd "$guest/initrd.img" --append "$(cat "$guest/append.txt") pci=bios") ;;
  disk) boot=(--hda "$guest/disk.img" --snapshot) ;;
  cdrom) boot=(--cdrom "$guest/linux.iso" --boot d) ;;
  vga) boot=(--kernel "$guest/vmlinuz" --initrd "$guest/initrd.img" --append "console=tty0 panic=-1") ;;
  *) echo "linux_boot.sh: unknown path '$path'"; exit 2 ;;
esac

# Busybox's shell asks the terminal for the cursor position (ESC [6n) each time it is ready to
# read a line; input sent before that can be lost while the tty changes modes, as type-ahead
# on a real terminal can. Each command waits for that question first.
if [ "$path" = vga ]; then
  cat > linux.script <<EOS
wait screen "morph86:/#" 300
type "uname -m\\n"
wait screen "$machine" 60
type "cat /proc/cpuinfo > /dev/null && echo cpuinfo-\$((1+1))\n"
wait screen "cpuinfo-2" 120
screendump screen.txt
type "poweroff -f\n"
EOS
else
  shell_command() {  # shell_command TEXT EXPECTED... : one shell command and the lines it must print
    local text=$1
    shift
    echo 'wait serial "\e[6n" 120'
    echo "send \"$text\\n\""
    for expected in "$@"; do echo "wait serial \"$expected\" 300"; done
  }
  {
    echo 'wait serial "morph86 guest:" 300'
    shell_command "uname -m" "$machine"
    shell_command "grep -m1 ^flags /proc/cpuinfo" " tsc msr pae mce cx8 apic "
    shell_command "dmesg | grep -E 'IOAPIC.0.: apic_id|Switch to symmetric I/O mo[d]e|Interpreter enab[l]ed|Using IOAP[I]C for'" \
      "IOAPIC[0]: apic_id 1" "APIC: Switch to symmetric I/O mode setup" \
      "ACPI: Interpreter enabled" "ACPI: Using IOAPIC for interrupt routing"
    [ $have_answers -eq 0 ] || shell_command "/extra/answers" "$expected_answers"
    [ $have_selfmod -eq 0 ] ||
      shell_command "$selfmod_command" "selfmod: $selfmod_checks of $selfmod_checks checks passed"
    [ $have_data -eq 0 ] ||
      shell_command "sha256sum /extra/data.bin" "$(sha256sum < "$guest/extra/data.bin" | cut -d' ' -f1)  /extra/data.bin"
    if [ "$path" = direct ]; then
      # Linux's bochs DRM driver binds to the standard VGA (1234:1111) and makes a framebuffer
      # console of it.
      shell_command "modprobe bochs && cat /sys/class/graphics/fb0/name" "bochs-drmdrmfb"
    fi
    if [ "$path" = pcibios ]; then
      # pci=bios: the kernel reaches configuration space only through the BIOS32 service
      # directory and the 32-bit PCI BIOS, and still finds and drives the IDE controller.
      shell_command "dmesg | grep -E 'PCI BIOS revi[s]ion|scsi host0: ata_pii[x]'" \
        "PCI: PCI BIOS revision 2.10 entry at 0xf" "scsi host0: ata_piix"
    fi
    if [ "$path" = disk ]; then
      # Written through the IDE disk and read back from it, not from the page cache.
      shell_command "mount /dev/sda1 /mnt && echo written-\$((6*7)) > /mnt/probe.txt && umount /mnt && echo 3 > /proc/sys/vm/drop_caches && mount /dev/sda1 /mnt && cat /mnt/probe.txt && umount /mnt" \
        "written-42"
    fi
    if [ "$path" = cdrom ]; then
      shell_command "mount -t iso9660 -o ro /dev/sr0 /mnt && sha256sum /mnt/vmlinuz && umount /mnt" \
        "$(sha256sum < "$guest/vmlinuz" | cut -d' ' -f1)  /mnt/vmlinuz"
    fi
    shell_command "if dmesg | grep -q -E 'WARN[I]NG:|B[U]G:|Oo[p]s|Kernel pani[c]'; then echo kernel-trou''ble; else echo kernel-log-cl''ean; fi" \
      "kernel-log-clean"
    shell_command "poweroff -f"
  } > linux.script
fi

image_sum_before=""
[ "$path" = disk ] && image_sum_before=$(sha256sum < "$guest/disk.img")
start=$(date +%s%N)
# Guest time from the instruction count: the guest sees the same timing however loaded the host
# is, and idle time costs nothing.
"$exe" "${boot[@]}" -m 256 --clock instructions --display none --serial "file:$out/console.log" \
  --script linux.script --timeout 900 "$@" > stdout.txt 2> stderr.txt
status=$?
end=$(date +%s%N)
echo "morph86 exited with status $status after $(( (end - start) / 1000000 )) ms"
fail=0
if [ -s stderr.txt ]; then echo "--- stderr"; cat stderr.txt; fi
[ $status -eq 0 ] || { echo "FAIL: status $status (poweroff -f through ACPI S5 ends with 0)"; fail=1; }
grep -q "the guest powered off (ACPI S5)" stderr.txt ||
  { echo "FAIL: the run did not end by ACPI power-off"; fail=1; }
if grep -a -n -E 'WARNING:|BUG:|Oops|Kernel panic' console.log; then
  echo "FAIL: the kernel logged the warnings above"; fail=1
fi
if [ -n "$image_sum_before" ] && [ "$(sha256sum < "$guest/disk.img")" != "$image_sum_before" ]; then
  echo "FAIL: --snapshot let the guest change disk.img"; fail=1
fi
if [ "$path" = vga ]; then
  grep -q "morph86:/#" screen.txt || { echo "FAIL: no shell prompt on the VGA screen"; fail=1; }
  grep -q "$machine" screen.txt || { echo "FAIL: uname -m's answer is not on the screen"; fail=1; }
  echo "--- screen.txt"; cat screen.txt
fi
echo "--- the console's last lines"; tail -n 25 console.log 2>/dev/null
exit $fail
