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

dir=$(mktemp -d)
cd "$dir" || exit 1
cat > boot.script <<'SCRIPT'
wait screen "A:\\>" 120
sleep 3
screendump F.png
wait screen "FreeCom version" 60
quit 0
SCRIPT

fail() {
  echo "FAIL: $1"
  echo "--- morph86 output:"
  cat morph86.log
  echo "--- files kept in $dir"
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null
  exit 1
}

"$morph86" --fda "$image" --snapshot --display sdl --script boot.script >morph86.log 2>&1 &
pid=$!

# The dump appears when the prompt does; wait until its size settles (written completely).
size=-1
for _ in $(seq 1 1500); do
  if [ -s F.png ]; then
    new_size=$(stat -c %s F.png)
    [ "$new_size" = "$size" ] && break
    size=$new_size
  fi
  kill -0 "$pid" 2>/dev/null || fail "morph86 exited before the prompt's screen dump"
  sleep 0.1
done
[ -s F.png ] || fail "no screen dump after 150 s"

kill -0 "$pid" 2>/dev/null || fail "morph86 exited before the screen was captured"
"$x_screenshot" screen.png || fail "cannot capture the X screen"
"$find_frame" F.png screen.png || fail "the window does not show the guest's frame (F.png, screen.png)"

"$x_type" morph86 'ver\n' || fail "cannot type into the window"
wait "$pid"
status=$?
pid=
[ "$status" = 0 ] || fail "morph86 exited with status $status (VER's output never appeared?)"
cd / && rm -rf "$dir"
echo "PASS"
