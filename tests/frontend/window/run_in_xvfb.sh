#!/bin/sh
# run_in_xvfb.sh COMMAND...: runs COMMAND on a fresh virtual X server (24-bit, 1280x1024).
# -noreset: an X server resets when its last client disconnects and refuses connections
# meanwhile, so a test that closes one window and opens the next would race the reset.
# Exit 77 (skipped) when xvfb-run is missing: scripts/setup.sh installs xvfb and xauth.
if ! command -v xvfb-run >/dev/null 2>&1 || ! command -v xauth >/dev/null 2>&1; then
  echo "SKIP: xvfb-run or xauth not installed (scripts/setup.sh installs xvfb and xauth)"
  exit 77
fi
exec xvfb-run -a -s "-screen 0 1280x1024x24 -noreset" "$@"
