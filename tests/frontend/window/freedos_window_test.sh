#!/bin/bash
# freedos_window_test.sh MORPH86 X_SCREENSHOT FIND_FRAME X_TYPE IMAGE
# Boots the FreeDOS floppy in the SDL window on Xvfb. The guest script waits for the A:\>
# prompt, gives AUTOEXEC.BAT time to finish (its "A:\>ECHO OFF" line already matches, then it
# clears the screen) and dumps the guest's frame (F.png). This test then captures the X screen
# itself and requires the dumped frame to be on it, pixel for pixel at scale 1 or 2 (a
# blinking cursor may differ): the window really shows the prompt. Last it types "ver" and
# Return as X key events into the window; the guest script waits for VER's output and quits
# with status 0, so the keyboard path from the X server to DOS works too.
# Exit 77 (skipped) without the image (it comes with ../shared).
set -u
morph86=$(realpath "$1") x_screenshot=$(realpath "$2") find_frame=$(realpath "$3")
x_type=$(realpath "$4") image=$5
if [ ! -f "$image" ]; then
  echo "SKIP: $image not found (the FreeDOS floppy comes with ../shared)"
  exit 77
fi
image=$(realpath "$image")
if [ -z "${M86_IN_XVFB:-}" ]; then
  M86_IN_XVFB=1 exec "$(dirname "$0")/run_in_xvfb.sh" "$0" "$@"
fi

script=$(mktemp)
trap 'rm -f "$script"' EXIT
cat > "$script" <<'SCRIPT'
wait screen "A:\\>" 120
sleep 3
screendump F.png
wait screen "FreeCom version" 60
quit 0
SCRIPT
"$(dirname "$0")/window_guest_check.sh" "$morph86" "$x_screenshot" "$find_frame" "$x_type" \
  "$script" 'ver\n' --fda "$image" --snapshot
