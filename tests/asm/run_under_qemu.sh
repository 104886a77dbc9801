#!/usr/bin/env bash
# Developer helper: run every asm conformance test under QEMU (TCG) as an
# oracle. Not used by CI.
#
#   tests/asm/run_under_qemu.sh [BUILD_DIR] [ctest args...]
#
# It configures tests/asm/CMakeLists.txt standalone with this script standing
# in for morph86, builds the ROMs and runs CTest. When invoked with morph86's
# command line (--machine bare --rom ROM [--cpu MODEL] [--timeout S]) it
# translates it into a qemu-system-i386 run (qemu-system-x86_64 for core2 and
# nehalem, whose long mode the 32-bit emulator lacks):
#   * the ROM is passed with -bios (QEMU maps a 64 KiB image at F0000 and
#     at the top of 4 GiB, like morph86's bare machine),
#   * port 0xE9 -> stdout via -debugcon, port 0xF4 -> isa-debug-exit,
#   * CPU models: 80486->486, pentium->pentium, pentiumpro->pentium2 (QEMU
#     has no Pentium Pro; the Pentium II is the closest family-6 model),
#     pentium2->pentium2, core2->core2duo, nehalem->Nehalem (QEMU's pentium3 is the
#     Katmai, model 7, and it has no Prescott, so pentium3 and pentium4 are not compared),
#     default->pentium3. 8086/80286/80386 cannot be modelled by QEMU (it
#     always offers CPUID and 32-bit EFLAGS), so those tests are excluded.
#   * QEMU keeps running after CLI;HLT, so a run that hits the timeout is
#     reported as status 0, which is what morph86 reports for a halt.
set -u
here=$(cd "$(dirname "$0")" && pwd)

if [ "${1:-}" = "--machine" ]; then
    rom=""; cpu=""; tmo=10
    while [ $# -gt 0 ]; do
        case "$1" in
            --machine) shift 2 ;;
            --rom) rom=$2; shift 2 ;;
            --cpu) cpu=$2; shift 2 ;;
            --timeout) tmo=$2; shift 2 ;;
            *) echo "run_under_qemu: unknown option $1" >&2; exit 2 ;;
        esac
    done
    case "$cpu" in
        "") qcpu=pentium3 ;;
        80486) qcpu=486 ;;
        pentium) qcpu=pentium ;;
        pentiumpro) qcpu=pentium2 ;;
        pentium2) qcpu=pentium2 ;;
        core2) qcpu=core2duo ;;
        nehalem) qcpu=Nehalem ;;
        *) echo "run_under_qemu: QEMU cannot model CPU '$cpu'" >&2; exit 3 ;;
    esac
    # The 64-bit models need the x86-64 system emulator for long mode.
    qemu=qemu-system-i386
    case "$cpu" in core2|nehalem) qemu=qemu-system-x86_64 ;; esac
    timeout "$tmo" "$qemu" -nographic -no-reboot -cpu "$qcpu" -m 16 \
        -bios "$rom" -device isa-debug-exit,iobase=0xf4,iosize=1 \
        -debugcon stdio -display none -vga none -monitor none -serial none \
        -parallel none -net none
    rc=$?
    if [ $rc -eq 124 ]; then
        echo "run_under_qemu: timed out after ${tmo}s (reported as a halt, status 0)" >&2
        rc=0
    elif [ $rc -eq 0 ]; then
        # QEMU exits with 0 on a triple fault under -no-reboot.
        echo "run_under_qemu: QEMU exited with 0 (triple fault / reset)" >&2
        rc=99
    fi
    exit $rc
fi

command -v qemu-system-i386 >/dev/null || { echo "qemu-system-i386 not found (apt-get install qemu-system-x86)" >&2; exit 2; }
build=${1:-${TMPDIR:-/tmp}/morph86-asm-qemu}
[ $# -gt 0 ] && shift
cmake -S "$here" -B "$build" -DMORPH86_EXE="$here/run_under_qemu.sh" >/dev/null || exit 1
cmake --build "$build" || exit 1
cd "$build" && ctest --output-on-failure -E 'cpuid_(8086|80286|80386)$' "$@"
