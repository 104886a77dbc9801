#!/usr/bin/env bash
# Builds the whole project for another Linux host with Debian's cross compilers (x86-64 hosts
# only): build-ARCH/morph86, build-ARCH/morph86-sst and the test programs, which ctest runs
# under qemu-user (cmake/ARCH-linux-gnu.cmake sets the emulator).
#
#   scripts/cross-build.sh ARCH [extra cmake arguments]     ARCH: aarch64 riscv64 s390x
#
# The target's libraries are Debian's packages for that architecture, downloaded with apt and
# unpacked into build-ARCH/deps (not installed): the -dev packages of a foreign architecture
# must have exactly the version of the host's copies to be co-installable, and the archives
# do not keep them in step (s390x is no longer served by bookworm-security, so its zlib, libpng
# and libc6-dev lag the amd64 ones). Third-party libraries are linked statically, so under
# qemu-user the programs need only the C and C++ runtime of the cross compiler's packages.
# Where Debian has none of them for ARCH (riscv64 is no release architecture of bookworm),
# only the cpu library and its unit tests are built (-DM86_CPU_ONLY=ON), with a message. The
# SDL2 window is never built (-DM86_WINDOW=OFF).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ]; then
  echo "usage: scripts/cross-build.sh aarch64|riscv64|s390x [cmake arguments]" >&2
  exit 2
fi
arch=$1
shift
case "$arch" in
  aarch64) debian_arch=arm64 ;;
  riscv64) debian_arch=riscv64 ;;
  s390x) debian_arch=s390x ;;
  *) echo "cross-build: unknown ARCH '$arch' (aarch64, riscv64 or s390x)" >&2; exit 2 ;;
esac
case "$(uname -m)" in
  x86_64) ;;
  *) echo "cross-build: not an x86-64 host, skipped"; exit 0 ;;
esac
triple=$arch-linux-gnu
dir=build-$arch
deps=$PWD/$dir/deps
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo

bash scripts/setup.sh
missing=()
for p in "g++-$triple" qemu-user-static; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "cross-build: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# apt knows the target's packages once dpkg accepts the architecture and the lists are fetched.
if ! dpkg --print-foreign-architectures | grep -qx "$debian_arch"; then
  echo "cross-build: adding the $debian_arch architecture to dpkg"
  $SUDO dpkg --add-architecture "$debian_arch"
  $SUDO apt-get update -qq
fi

# Download what is missing into deps/debs and unpack it into deps/root. A package without a
# candidate for this architecture is reported and left out.
target_packages=(zlib1g zlib1g-dev libboost1.74-dev libboost-program-options1.74.0
                 libboost-program-options1.74-dev libcapstone4 libcapstone-dev libpng16-16
                 libpng-dev catch2)
mkdir -p "$deps/debs" "$deps/root"
# As root, apt downloads as the _apt user, which cannot write into the build tree.
apt_download=()
[ -z "$SUDO" ] && apt_download=(-o APT::Sandbox::User=root)
absent=()
have() { [ -f "$deps/root/.unpacked-$1" ]; }
for p in "${target_packages[@]}" nlohmann-json3-dev; do
  have "$p" && continue
  spec=$p:$debian_arch
  [ "$p" = nlohmann-json3-dev ] && spec=$p   # architecture-independent
  policy=$(apt-cache policy "$spec" 2>/dev/null)   # (grep -q in a pipe: SIGPIPE, pipefail)
  if ! grep -q 'Candidate: [0-9]' <<<"$policy"; then
    absent+=("$p")
    continue
  fi
  (cd "$deps/debs" && apt-get download -qq "${apt_download[@]}" "$spec" >/dev/null)
  dpkg-deb -x "$(ls -t "$deps/debs/${p}_"*.deb | head -1)" "$deps/root"
  touch "$deps/root/.unpacked-$p"
done
if [ ${#absent[@]} -gt 0 ]; then
  echo "cross-build: Debian has no $debian_arch package of: ${absent[*]}"
fi

options=(-DM86_CROSS_DEPS="$deps/root")
# The portable FPU must compute the same bits everywhere: with a native build/ at hand, the
# target's unit.fpu_digest test checks for this host's digest.
if [ -x build/fpu_digest ]; then
  host_line=$(build/fpu_digest)
  options+=(-DM86_FPU_DIGEST_EXPECT="${host_line##* }")
fi
if [ ${#absent[@]} -gt 0 ]; then
  echo "cross-build: without those, only the cpu library and its unit tests are built for $arch"
  options+=(-DM86_CPU_ONLY=ON)
else
  options+=(-DM86_CPU_ONLY=OFF -DM86_WINDOW=OFF -DM86_STATIC_DEPS=ON)
fi

cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_TOOLCHAIN_FILE="cmake/$triple.cmake" "${options[@]}" "$@" >/dev/null
cmake --build "$dir" -j2
echo "cross-build: $dir is built; run its tests under qemu-user with ctest --test-dir $dir"
