#!/usr/bin/env bash
# The main job: install what is missing, build, and boot the default guest: FreeDOS from
# ../shared/guests (in a window when a display exists; headless otherwise, driven by
# scripts/demo.script, which prints the screen at the end). Without ../shared, the bare machine
# runs the project's demo ROM instead. Extra arguments go to morph86.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh build
image=../shared/guests/freedos/freedos-v86-720k.img
if [ ! -f "$image" ]; then
  echo "--- ../shared/guests is absent: the bare machine with the demo ROM instead"
  exec ./build/morph86 --machine bare --rom build/asm/demo_hello.bin --timeout 10 "$@"
fi
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "--- build/morph86 --fda $image --snapshot   (close the window or Ctrl+Alt to release the mouse)"
  exec ./build/morph86 --fda "$image" --snapshot "$@"
fi
echo "--- build/morph86 --fda $image --snapshot --nographic --script scripts/demo.script"
exec ./build/morph86 --fda "$image" --snapshot --nographic --script scripts/demo.script "$@"
