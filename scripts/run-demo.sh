#!/usr/bin/env bash
# The main job: install what is missing, build, and boot the default guest: Debian's amd64 Linux
# kernel with a busybox initramfs, made by scripts/make-guest.sh from Debian's packages into
# build/guests/linux-amd64, on the default CPU model (nehalem). With a display it boots in a
# window on the VGA console; headless, on the serial console, where scripts/demo.script runs
# uname -a, cat /proc/cpuinfo and free and powers the machine off.
#   bash scripts/run-demo.sh            the amd64 Linux guest (extra arguments go to morph86)
#   bash scripts/run-demo.sh i386       the same with Debian's i386 (686) kernel and busybox
#   bash scripts/run-demo.sh freedos    the second demo: FreeDOS from ../shared/guests
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh build
if [ "${1:-}" = freedos ]; then
  shift
  image=../shared/guests/freedos/freedos-v86-720k.img
  if [ ! -f "$image" ]; then
    echo "run-demo: $image is absent (../shared/guests)" >&2
    exit 1
  fi
  if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    echo "--- build/morph86 --fda $image --snapshot   (close the window or Ctrl+Alt to release the mouse)"
    exec ./build/morph86 --fda "$image" --snapshot "$@"
  fi
  echo "--- build/morph86 --fda $image --snapshot --nographic --script scripts/freedos-demo.script"
  exec ./build/morph86 --fda "$image" --snapshot --nographic --script scripts/freedos-demo.script "$@"
fi
arch=amd64
if [ "${1:-}" = i386 ]; then
  shift
  arch=i386
fi
guest=build/guests/linux-$arch
bash scripts/make-guest.sh "$guest" --arch "$arch"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "--- build/morph86 --kernel $guest/vmlinuz --initrd $guest/initrd.img --append 'console=tty0' -m 256"
  exec ./build/morph86 --kernel "$guest/vmlinuz" --initrd "$guest/initrd.img" \
    --append "console=tty0 panic=-1" -m 256 "$@"
fi
echo "--- build/morph86 --kernel $guest/vmlinuz --initrd $guest/initrd.img --append 'console=ttyS0' -m 256 --nographic --script scripts/demo.script"
exec ./build/morph86 --kernel "$guest/vmlinuz" --initrd "$guest/initrd.img" \
  --append "console=ttyS0 panic=-1" -m 256 --nographic --script scripts/demo.script "$@"
