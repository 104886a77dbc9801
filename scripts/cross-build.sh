#!/usr/bin/env bash
# Builds the whole project for another Linux host with Debian's cross compilers (x86-64 hosts
# only): build-ARCH/morph86, build-ARCH/morph86-sst and the test programs, which ctest runs
# under qemu-user (cmake/ARCH-linux-gnu.cmake sets the emulator).
#
#   scripts/cross-build.sh ARCH [extra cmake arguments]     ARCH: aarch64 riscv64 s390x
#
# CROSS_TARGETS (optional, space-separated) builds only those targets, e.g. "morph86
# fpu_digest" for the guest and fpu stages of scripts/cross-test.sh.
#
# The target's libraries are Debian's packages for that architecture, downloaded with apt into
# build-ARCH/deps and unpacked there, never installed: the -dev packages of a foreign
# architecture must have exactly the version of the host's copies to be co-installable, and the
# archives do not keep them in step (s390x is no longer served by bookworm-security, so its
# zlib, libpng and libc6-dev lag the amd64 ones). apt runs on a private tree of package lists
# (build-ARCH/deps/apt), so the host's dpkg and apt configuration stay untouched. Debian 12 has
# no riscv64 port; riscv64 takes its libraries from Debian 13, where it is a release
# architecture. Third-party libraries are linked statically, so under qemu-user the programs
# need only the C and C++ runtime of the cross compiler's packages; except on riscv64, whose
# Debian 13 static C++ libraries carry relocations that Debian 12's riscv64 linker cannot
# process (R_RISCV_SET_ULEB128 in exception tables; ld crashes): there they are linked
# dynamically, and the programs run against Debian 13's C and C++ runtime, unpacked into
# build-riscv64/deps/root with the libraries, as on a riscv64 machine with Debian 13. Should a
# library be
# missing, only the cpu library and its unit tests are built (-DM86_CPU_ONLY=ON), with a
# message. The SDL2 window is never built (-DM86_WINDOW=OFF).
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

# The Debian release and the names its packages have there.
case "$debian_arch" in
  riscv64)
    suites=(trixie)
    target_packages=(zlib1g zlib1g-dev libboost1.83-dev libboost-program-options1.83.0
                     libboost-program-options1.83-dev libcapstone5 libcapstone-dev
                     libpng16-16t64 libpng-dev libc6 libstdc++6 libgcc-s1)
    runtime_root=1 ;;
  *)
    suites=(bookworm bookworm-updates)
    target_packages=(zlib1g zlib1g-dev libboost1.74-dev libboost-program-options1.74.0
                     libboost-program-options1.74-dev libcapstone4 libcapstone-dev
                     libpng16-16 libpng-dev)
    runtime_root=0 ;;
esac
# Catch2 v2 and nlohmann-json are headers and CMake files: the host's own packages serve.
host_packages=(catch2 nlohmann-json3-dev)

# A private apt tree: its own sources, lists and cache, the target's architecture only.
aptdir=$deps/apt
mkdir -p "$aptdir/lists/partial" "$aptdir/cache/archives/partial" "$deps/debs" "$deps/root"
: > "$aptdir/sources.list"
for suite in "${suites[@]}"; do
  echo "deb [arch=$debian_arch] http://deb.debian.org/debian $suite main" >> "$aptdir/sources.list"
done
apt_target=(-o Dir::Etc::SourceList="$aptdir/sources.list" -o Dir::Etc::SourceParts=/dev/null
            -o Dir::State::Lists="$aptdir/lists" -o Dir::Cache="$aptdir/cache"
            -o Dir::State::status=/dev/null -o APT::Architecture="$debian_arch"
            -o APT::Architectures::="$debian_arch")
# As root, apt downloads as the _apt user, which cannot write into the build tree.
[ -z "$SUDO" ] && apt_target+=(-o APT::Sandbox::User=root)
apt_host=()
[ -z "$SUDO" ] && apt_host=(-o APT::Sandbox::User=root)
have() { [ -f "$deps/root/.unpacked-$1" ]; }
need_lists=0
for p in "${target_packages[@]}"; do have "$p" || need_lists=1; done
if [ $need_lists -eq 1 ]; then
  echo "cross-build: fetching the $debian_arch package lists of ${suites[*]}"
  apt-get "${apt_target[@]}" update -qq
fi

# Download what is missing into deps/debs and unpack it into deps/root. A package without a
# candidate is reported and left out.
absent=()
fetch() {   # fetch PACKAGE APT-OPTIONS...
  local p=$1 policy
  shift
  have "$p" && return 0
  policy=$(apt-cache "$@" policy "$p" 2>/dev/null)   # (grep -q in a pipe: SIGPIPE, pipefail)
  if ! grep -q 'Candidate: [0-9]' <<<"$policy"; then
    absent+=("$p")
    return 0
  fi
  (cd "$deps/debs" && apt-get download -qq "$@" "$p" >/dev/null)
  dpkg-deb -x "$(ls -t "$deps/debs/${p}_"*.deb | head -1)" "$deps/root"
  touch "$deps/root/.unpacked-$p"
}
for p in "${target_packages[@]}"; do fetch "$p" "${apt_target[@]}"; done
for p in "${host_packages[@]}"; do fetch "$p" "${apt_host[@]}"; done
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
  options+=(-DM86_CPU_ONLY=OFF -DM86_WINDOW=OFF)
  if [ $runtime_root -eq 1 ]; then
    # The dynamic loader is looked up at /lib; Debian 13's libc6 ships it under /usr/lib.
    [ -e "$deps/root/lib" ] || ln -s usr/lib "$deps/root/lib"
    options+=(-DM86_STATIC_DEPS=OFF -DM86_CROSS_RUNTIME="$deps/root")
    echo "$deps/root" > "$dir/runtime-root"   # for scripts/cross-test.sh
  else
    options+=(-DM86_STATIC_DEPS=ON)
    rm -f "$dir/runtime-root"
  fi
fi

cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_TOOLCHAIN_FILE="cmake/$triple.cmake" "${options[@]}" "$@" >/dev/null
targets=()
for t in ${CROSS_TARGETS:-}; do targets+=(--target "$t"); done
cmake --build "$dir" -j2 "${targets[@]}"
echo "cross-build: $dir is built; run its tests under qemu-user with ctest --test-dir $dir"
