#!/usr/bin/env bash
# The main job: install what is missing, build, and boot the default guest. Until the PC
# platform exists, that is the bare machine running the project's own demo ROM.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh build
echo "--- build/morph86 --machine bare --rom build/asm/demo_hello.bin"
exec ./build/morph86 --machine bare --rom build/asm/demo_hello.bin --timeout 10 "$@"
