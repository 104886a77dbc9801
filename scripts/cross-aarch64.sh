#!/usr/bin/env bash
# Cross-checks the portable FPU on AArch64 (x86-64 hosts only): builds the cpu library, its
# self-contained unit tests and fpu_digest with Debian's aarch64-linux-gnu-g++ in
# build-aarch64-cpu (-DM86_CPU_ONLY=ON, cmake/aarch64-linux-gnu.cmake; build-aarch64 is the
# whole project's, scripts/cross-build.sh), runs them under qemu-aarch64-static, and fails
# unless fpu_digest prints the same digest on AArch64 as on this host.
#
#   scripts/cross-aarch64.sh [HOST_BUILD_DIR] [extra cmake arguments for build-aarch64-cpu]
#
# HOST_BUILD_DIR: a host build tree to take fpu_digest from (default build-aarch64-host, a
# cpu-only tree). A tree without the fpu_digest target falls back to the default.
set -euo pipefail
cd "$(dirname "$0")/.."
case "$(uname -m)" in
  x86_64) ;;
  *) echo "cross-aarch64: not an x86-64 host, skipped"; exit 0 ;;
esac
bash scripts/setup.sh

host_dir=build-aarch64-host
if [ $# -gt 0 ]; then
  host_dir=$1
  shift
fi
cross_dir=build-aarch64-cpu
qemu=(qemu-aarch64-static -L /usr/aarch64-linux-gnu)

# The host's digest: from the given tree when it has the target, else from a cpu-only tree.
if [ ! -f "$host_dir/build.ninja" ] || ! ninja -C "$host_dir" -t query fpu_digest >/dev/null 2>&1; then
  host_dir=build-aarch64-host
  cmake -S . -B "$host_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DM86_CPU_ONLY=ON >/dev/null
fi
cmake --build "$host_dir" -j2 --target fpu_digest
host_line=$("$host_dir/fpu_digest")
host_digest=${host_line##* }
echo "x86-64 : $host_line"

cmake -S . -B "$cross_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DM86_CPU_ONLY=ON \
  -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake \
  -DM86_FPU_DIGEST_EXPECT="$host_digest" "$@" >/dev/null
cmake --build "$cross_dir" -j2
cross_line=$("${qemu[@]}" "$cross_dir/fpu_digest")
echo "aarch64: $cross_line"
if [ "${cross_line##* }" != "$host_digest" ]; then
  echo "cross-aarch64: FPU digests differ between x86-64 and AArch64; per function:"
  diff <("$host_dir/fpu_digest" --verbose) <("${qemu[@]}" "$cross_dir/fpu_digest" --verbose) || true
  exit 1
fi
echo "cross-aarch64: FPU digests match"
# Every test (fpu_digest included, checked against the host's digest) runs under qemu-user
# through the toolchain's CMAKE_CROSSCOMPILING_EMULATOR.
ctest --test-dir "$cross_dir" --output-on-failure -j2
