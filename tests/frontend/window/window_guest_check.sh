#!/bin/bash
# window_guest_check.sh MORPH86 X_SCREENSHOT FIND_FRAME X_TYPE SCRIPT KEYS [morph86 options...]
# Runs morph86 in the SDL window on the current X display (run_in_xvfb.sh provides one) under
# SCRIPT, which must dump the guest's frame to F.png once the guest shows what is to be seen,
# then wait for the answer to KEYS and quit with status 0. This captures the X screen itself
# and requires the dumped frame on it, pixel for pixel at scale 1 or 2 (a blinking cursor may
# differ): the window really shows the guest. Then it types KEYS as X key events into the
# window (lower-case letters, digits, space, "\n"), so the keyboard path from the X server to
# the guest is checked by the script's wait. Works in a temporary folder; prints PASS.
set -u
morph86=$(realpath "$1") x_screenshot=$(realpath "$2") find_frame=$(realpath "$3")
x_type=$(realpath "$4") script=$(realpath "$5") keys=$6
shift 6

dir=$(mktemp -d)
cd "$dir" || exit 1
fail() {
  echo "FAIL: $1"
  echo "--- morph86 output:"
  cat morph86.log
  echo "--- files kept in $dir"
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null
  exit 1
}

"$morph86" "$@" --display sdl --script "$script" >morph86.log 2>&1 &
pid=$!

# The dump appears when the guest is ready; wait until its size settles (written completely).
size=-1
for _ in $(seq 1 3000); do
  if [ -s F.png ]; then
    new_size=$(stat -c %s F.png)
    [ "$new_size" = "$size" ] && break
    size=$new_size
  fi
  kill -0 "$pid" 2>/dev/null || fail "morph86 exited before the screen dump"
  sleep 0.1
done
[ -s F.png ] || fail "no screen dump after 300 s"

kill -0 "$pid" 2>/dev/null || fail "morph86 exited before the screen was captured"
"$x_screenshot" screen.png || fail "cannot capture the X screen"
"$find_frame" F.png screen.png || fail "the window does not show the guest's frame (F.png, screen.png)"

"$x_type" morph86 "$keys" || fail "cannot type into the window"
wait "$pid"
status=$?
pid=
[ "$status" = 0 ] || fail "morph86 exited with status $status (the typed command's answer never appeared?)"
cd / && rm -rf "$dir"
echo "PASS"
