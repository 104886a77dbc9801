#!/bin/bash
# linux_window_test.sh MORPH86 X_SCREENSHOT FIND_FRAME X_TYPE GUEST_DIR
# Boots the Linux guest of scripts/make-guest.sh in the SDL window on Xvfb with the console on
# the VGA text screen. The guest script waits for the shell prompt and dumps the guest's frame
# (F.png); this test captures the X screen and requires that frame on it, pixel for pixel (a
# blinking cursor may differ): the window shows the prompt. Then it types "uname" and Return
# as X key events into the window, and the guest script waits for the kernel's answer under
# the command before it quits with status 0.
# Exit 77 (skipped) without the guest (the fixture guest.linux.make builds it).
set -u
morph86=$(realpath "$1") x_screenshot=$(realpath "$2") find_frame=$(realpath "$3")
x_type=$(realpath "$4") guest=$5
if [ ! -f "$guest/vmlinuz" ] || [ ! -f "$guest/initrd.img" ]; then
  echo "SKIP: no Linux guest in $guest (scripts/make-guest.sh did not build one)"
  exit 77
fi
guest=$(realpath "$guest")
if [ -z "${M86_IN_XVFB:-}" ]; then
  M86_IN_XVFB=1 exec "$(dirname "$0")/run_in_xvfb.sh" "$0" "$@"
fi

dir=$(mktemp -d)
cd "$dir" || exit 1
cat > boot.script <<'SCRIPT'
wait screen "morph86:/#" 300
sleep 1
screendump F.png
wait screen "# uname\nLinux" 120
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

"$morph86" --kernel "$guest/vmlinuz" --initrd "$guest/initrd.img" --append "console=tty0 panic=-1" \
  -m 256 --display sdl --script boot.script >morph86.log 2>&1 &
pid=$!

size=-1
for _ in $(seq 1 3000); do
  if [ -s F.png ]; then
    new_size=$(stat -c %s F.png)
    [ "$new_size" = "$size" ] && break
    size=$new_size
  fi
  kill -0 "$pid" 2>/dev/null || fail "morph86 exited before the prompt's screen dump"
  sleep 0.1
done
[ -s F.png ] || fail "no screen dump after 300 s"

kill -0 "$pid" 2>/dev/null || fail "morph86 exited before the screen was captured"
"$x_screenshot" screen.png || fail "cannot capture the X screen"
"$find_frame" F.png screen.png || fail "the window does not show the guest's frame (F.png, screen.png)"

"$x_type" morph86 'uname\n' || fail "cannot type into the window"
wait "$pid"
status=$?
pid=
[ "$status" = 0 ] || fail "morph86 exited with status $status (uname's answer never appeared?)"
cd / && rm -rf "$dir"
echo "PASS"
