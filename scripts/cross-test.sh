#!/usr/bin/env bash
# Runs the tests of a cross-built tree (scripts/cross-build.sh) under qemu-user, stage by stage,
# with each stage's wall time; `native` runs the same stages on the host's build/ for reference.
#
#   scripts/cross-test.sh ARCH [STAGE...]     ARCH: aarch64 riscv64 s390x native
#
# Stages (default: all, in this order):
#   fpu    fpu_digest (740,000 x87 operations through the portable Float80 core and 360,000
#          through the SSE binary32/binary64 engine, cpu/fpu/sse_float.h) must print
#          the digest build/fpu_digest prints on this host
#   unit   ctest -L unit
#   sst    morph86-sst on every 8086 and 286 vector in ../shared/singlestep (about 524,000;
#          5 s under qemu-s390x); SST_LIMIT=N takes the first N of each file
#   asm    ctest -L asm (the nasm programs on the bare machine)
#   guest  both FreeDOS images from ../shared/guests booted to the prompt
#          (tests/guests/prompt.script) with --clock instructions and a fixed RTC date, so the
#          screen dumps and the machine-state digest (`digest`, with the retired-instruction
#          count) repeat exactly; they land in DIR/cross-guests and must equal those in
#          build/cross-guests (run `cross-test.sh native guest` first). Nothing is typed:
#          the typing scripts (tests/guests/*_720k.script, boot_1440k.script) also repeat exactly
#          under --clock instructions, but take minutes under qemu-user.
set -uo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ]; then
  echo "usage: scripts/cross-test.sh aarch64|riscv64|s390x|native [fpu unit sst asm guest]" >&2
  exit 2
fi
arch=$1
shift
stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=(fpu unit sst asm guest)
if [ "$arch" = native ]; then
  dir=build
  run=()
else
  dir=build-$arch
  # The root qemu-user loads the C and C++ runtime from: the cross compiler's, or the one
  # cross-build.sh named in DIR/runtime-root (riscv64: Debian 13's; M86_CROSS_RUNTIME).
  root=/usr/$arch-linux-gnu
  [ -f "$dir/runtime-root" ] && root=$(cat "$dir/runtime-root")
  run=("qemu-$arch-static" -L "$root")
fi
shared=$PWD/../shared
failed=()

# Runs one stage and prints its wall time.
stage() {
  local name=$1
  shift
  local start end
  start=$(date +%s)
  "$@"
  local status=$?
  end=$(date +%s)
  echo "cross-test: $arch $name: $([ $status -eq 0 ] && echo passed || echo FAILED)" \
       "in $((end - start)) s"
  [ $status -eq 0 ] || failed+=("$name")
}

sst() {
  local limit=${SST_LIMIT:-0} status=0 set model
  for set in 8086 286; do
    model=$set
    [ "$set" = 286 ] && model=80286
    "${run[@]}" "$dir/morph86-sst" --skip-missing --cpu "$model" --limit "$limit" \
      --expected-failures tests/sst/expected_failures.txt "$shared/singlestep/$set" | tail -3
    [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  done
  return $status
}

fpu() {
  local line reference
  line=$("${run[@]}" "$dir/fpu_digest") || return 1
  echo "$arch: $line"
  [ "$dir" = build ] && return 0
  reference=$(build/fpu_digest) || { echo "fpu: no build/fpu_digest to compare with"; return 1; }
  echo "x86-64: $reference"
  if [ "${line##* }" != "${reference##* }" ]; then
    echo "fpu: the digests differ; per function:"
    diff <(build/fpu_digest --verbose) <("${run[@]}" "$dir/fpu_digest" --verbose) | head -20
    return 1
  fi
}

guest() {
  local out=$dir/cross-guests status=0 image name
  for name in 1440k 720k; do
    case $name in
      1440k) image=freedos-boot-1440k.img ;;
      720k) image=freedos-v86-720k.img ;;
    esac
    local exe=$PWD/$dir/morph86
    if [ ${#run[@]} -gt 0 ]; then
      # run_script.sh starts one program: a script that runs it under qemu-user.
      exe=$PWD/$dir/run/morph86
    fi
    tests/guests/run_script.sh "$exe" "$shared/guests/freedos/$image" \
      "$PWD/tests/guests/prompt.script" "$PWD/$out/$name" \
      --clock instructions --rtc-base 2024-01-01T00:00:00 > "$out-$name.log" 2>&1
    local s=$?
    grep -E '^(morph86 exited|FAIL|SKIP)' "$out-$name.log"
    [ $s -eq 77 ] && continue   # no ../shared/guests
    [ $s -eq 0 ] || { status=1; continue; }
    grep '^morph86: digest ' "$out/$name/stderr.txt" > "$out/$name/digest.txt"
    echo "guest $name: $(cat "$out/$name/digest.txt")"
    if [ ! -s "$out/$name/digest.txt" ]; then
      echo "guest $name: FAILED: no digest line"; status=1; continue
    fi
    if [ "$dir" != build ] && [ -d build/cross-guests/$name ]; then
      # The dumps (text and PNG) and digest.txt: the machine-state digest and the count of
      # retired instructions.
      if diff -r -x stdout.txt -x stderr.txt "build/cross-guests/$name" "$out/$name" >/dev/null; then
        echo "guest $name: screen dumps, state digest and instruction count identical to x86-64's"
      else
        echo "guest $name: FAILED: differs from x86-64's run:"
        diff -r -x stdout.txt -x stderr.txt "build/cross-guests/$name" "$out/$name" | head -40
        status=1
      fi
    elif [ "$dir" != build ]; then
      echo "guest $name: no x86-64 reference (run scripts/cross-test.sh native guest first)"
      status=1
    fi
  done
  return $status
}

mkdir -p "$dir/cross-guests"
for s in "${stages[@]}"; do
  # A cpu-only tree (a target without its libraries) has unit tests and nothing else.
  if [ "$s" != unit ] && [ "$s" != fpu ] && [ ! -x "$dir/morph86" ]; then
    echo "cross-test: $arch $s: skipped ($dir has no morph86: a cpu-only build)"
    continue
  fi
  case $s in
    fpu) stage fpu fpu ;;
    unit) stage unit ctest --test-dir "$dir" -L unit -j2 --output-on-failure ;;
    sst) stage sst sst ;;
    asm) stage asm ctest --test-dir "$dir" -L asm -j2 --output-on-failure ;;
    guest) stage guest guest ;;
    *) echo "cross-test: unknown stage $s" >&2; exit 2 ;;
  esac
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "cross-test: $arch: failed stages: ${failed[*]}"
  exit 1
fi
echo "cross-test: $arch: all stages passed"
