#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite: a Release build with
# warnings as errors (every label but fuzz_long, the long hostile-guest run: `ctest -L
# fuzz_long`), then an AddressSanitizer + UndefinedBehaviorSanitizer build running the unit,
# conformance, asm, guest, deadline and hostile tests, then the cross builds for s390x,
# AArch64 and riscv64 under qemu-user.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh build -DM86_WERROR=ON
ctest --test-dir build --output-on-failure -j2 -LE fuzz_long
bash scripts/build.sh build-asan -DM86_WERROR=ON -DM86_SANITIZE=ON -DM86_PARANOID=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
ctest --test-dir build-asan --output-on-failure -j2 -L 'unit|conformance|asm|guest|deadline|hostile'
# Other hosts, from x86-64 hosts only. Big-endian s390x gets the whole project and every
# stage of scripts/cross-test.sh: the FPU digest, the unit tests, all 8086 and 286 vectors, the
# asm programs, and both FreeDOS images booted under --clock instructions, whose screen dumps,
# machine-state digests and instruction counts must equal this host's. AArch64 and riscv64
# (little-endian, like this host; unsigned char, like s390x) get the emulator with the FPU
# digest, the vectors and the FreeDOS boots; `scripts/cross-build.sh ARCH` followed by
# `scripts/cross-test.sh ARCH` runs their unit tests and asm programs too.
if [ "$(uname -m)" = x86_64 ]; then
  bash scripts/cross-test.sh native guest
  bash scripts/cross-build.sh s390x -DM86_WERROR=ON
  bash scripts/cross-test.sh s390x
  for arch in aarch64 riscv64; do
    CROSS_TARGETS="morph86 morph86-sst fpu_digest" bash scripts/cross-build.sh "$arch" -DM86_WERROR=ON
    bash scripts/cross-test.sh "$arch" fpu sst guest
  done
fi
