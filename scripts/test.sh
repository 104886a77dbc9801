#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite: a Release build with
# warnings as errors (every label but fuzz_long, the long hostile-guest run: `ctest -L
# fuzz_long`), then an AddressSanitizer + UndefinedBehaviorSanitizer build running the unit,
# conformance, asm, guest, deadline and hostile tests, then the AArch64 cross build under
# qemu-user.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh build -DM86_WERROR=ON
ctest --test-dir build --output-on-failure -j2 -LE fuzz_long
bash scripts/build.sh build-asan -DM86_WERROR=ON -DM86_SANITIZE=ON -DM86_PARANOID=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
ctest --test-dir build-asan --output-on-failure -j2 -L 'unit|conformance|asm|guest|deadline|hostile'
# AArch64 (from x86-64 hosts; the script skips itself elsewhere): the cpu library and its unit
# tests cross-built and run under qemu-user, and the FPU digest compared with this host's.
bash scripts/cross-aarch64.sh build -DM86_WERROR=ON
