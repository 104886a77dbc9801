#!/usr/bin/env bash
# Installs the Debian packages morph86 builds and tests with. Safe to run repeatedly.
set -euo pipefail
packages=(build-essential cmake ninja-build pkg-config nasm zlib1g-dev
          libcapstone-dev libasmjit-dev libboost-program-options-dev catch2
          nlohmann-json3-dev libpng-dev libsdl2-dev xvfb xauth console-data time
          acpica-tools
          # scripts/make-guest.sh: the Linux guest's initramfs, hard disk and CD without root.
          cpio kmod fdisk mtools syslinux syslinux-common isolinux xorriso
          # Real firmware and the yardstick: SeaBIOS and its VGA BIOS, QEMU for comparisons.
          seabios qemu-system-x86
          # The benchmarks that drive guests over pipes (benchmarks/linux_boot.py, benchmarks/seed).
          python3)
# Differential tests run guest code natively in 32-bit children: x86 hosts only. The versioned
# multilib packages, not gcc-multilib, which Debian's cross compilers conflict with.
# (The cross compilers and qemu-user-static: scripts/cross-build.sh installs them.)
case "$(uname -m)" in
  x86_64) packages+=(gcc-12-multilib g++-12-multilib) ;;
  i?86) packages+=(gcc-12-multilib g++-12-multilib) ;;
esac
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
