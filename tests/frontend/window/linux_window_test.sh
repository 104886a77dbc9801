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

script=$(mktemp)
trap 'rm -f "$script"' EXIT
cat > "$script" <<'SCRIPT'
wait screen "morph86:/#" 300
sleep 1
screendump F.png
wait screen "# uname\nLinux" 120
quit 0
SCRIPT
"$(dirname "$0")/window_guest_check.sh" "$morph86" "$x_screenshot" "$find_frame" "$x_type" \
  "$script" 'uname\n' --kernel "$guest/vmlinuz" --initrd "$guest/initrd.img" \
  --append "console=tty0 panic=-1" -m 256
