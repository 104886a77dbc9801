#!/usr/bin/env bash
# Runs one asm conformance ROM on morph86's bare machine and judges the result.
#
# usage: run_asm_test.sh EMULATOR ROM [--cpu MODEL] [--timeout SECONDS]
#                        [--expect TEXT]... [--status N] [--no-pass] [--jit MODE]
#
# Pass criteria (defaults): exit status 33 (the ROM wrote 0x10 to the
# isa-debug-exit port 0xF4) and the last non-empty line of stdout is "PASS".
# --expect TEXT  additionally require TEXT somewhere in stdout (repeatable)
# --status N     require exit status N instead of 33
# --no-pass      do not require the trailing PASS line (used by the demo)
# --jit MODE     run with --jit MODE (on or check) and every block translated before it first
#                runs (--jit-threshold 0)
set -u
if [ $# -lt 2 ]; then
    echo "usage: $0 EMULATOR ROM [--cpu MODEL] [--timeout S] [--expect TEXT]... [--status N] [--no-pass]" >&2
    exit 2
fi
emu=$1; rom=$2; shift 2
cpu=""; timeout=10; want_status=33; need_pass=1; expects=(); jit=""
while [ $# -gt 0 ]; do
    case "$1" in
        --cpu) cpu=$2; shift 2 ;;
        --timeout) timeout=$2; shift 2 ;;
        --expect) expects+=("$2"); shift 2 ;;
        --status) want_status=$2; shift 2 ;;
        --no-pass) need_pass=0; shift ;;
        --jit) jit=$2; shift 2 ;;
        *) echo "run_asm_test: unknown option $1" >&2; exit 2 ;;
    esac
done
args=(--machine bare --rom "$rom" --timeout "$timeout")
[ -n "$cpu" ] && args+=(--cpu "$cpu")
[ -n "$jit" ] && args+=(--jit "$jit" --jit-threshold 0)

out=$("$emu" "${args[@]}")
status=$?
printf '%s\n' "$out"
echo "[run_asm_test] exit status $status (want $want_status)"

ok=1
if [ "$status" -ne "$want_status" ]; then
    [ "$status" -eq 0 ] && echo "[run_asm_test] status 0: the ROM halted instead of reaching its exit"
    ok=0
fi
if [ $need_pass -eq 1 ]; then
    last=$(printf '%s\n' "$out" | tr -d '\r' | awk 'NF{l=$0} END{print l}')
    if [ "$last" != "PASS" ]; then
        echo "[run_asm_test] last output line is not PASS"
        ok=0
    fi
fi
for e in ${expects[@]+"${expects[@]}"}; do
    if ! printf '%s' "$out" | grep -qF -- "$e"; then
        echo "[run_asm_test] expected output not found: $e"
        ok=0
    fi
done
[ $ok -eq 1 ] && exit 0
exit 1
