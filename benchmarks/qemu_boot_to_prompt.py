#!/usr/bin/env python3
"""Boots a floppy image in qemu-system-i386 and prints the seconds from launch until the VGA
text screen shows the DOS prompt. The screen is read through QMP's human monitor (xp on the
text buffer at 0xB8000), polled every 20 ms, since QEMU has no built-in text-screen wait.

usage: qemu_boot_to_prompt.py IMAGE [PROMPT] [TIMEOUT_SECONDS]
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time


def qmp_session(path, deadline):
    while True:
        try:
            s = socket.socket(socket.AF_UNIX)
            s.connect(path)
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.005)
    f = s.makefile("rw")
    json.loads(f.readline())  # greeting
    f.write(json.dumps({"execute": "qmp_capabilities"}) + "\n")
    f.flush()
    json.loads(f.readline())
    return s, f


def read_screen(f):
    f.write(json.dumps({"execute": "human-monitor-command",
                        "arguments": {"command-line": "xp /2000hx 0xb8000"}}) + "\n")
    f.flush()
    while True:
        reply = json.loads(f.readline())
        if "return" in reply:
            break
    chars = []
    for line in reply["return"].splitlines():
        for word in line.split(":", 1)[1].split():
            chars.append(chr(int(word, 16) & 0xFF))
    return "".join(chars)


def main():
    image = sys.argv[1]
    prompt = sys.argv[2] if len(sys.argv) > 2 else "A:\\>"
    timeout = float(sys.argv[3]) if len(sys.argv) > 3 else 120
    with tempfile.TemporaryDirectory() as tmp:
        sock = os.path.join(tmp, "qmp")
        start = time.monotonic()
        qemu = subprocess.Popen(
            ["qemu-system-i386", "-fda", image, "-snapshot", "-m", "64", "-display", "none",
             "-serial", "none", "-monitor", "none", "-qmp", f"unix:{sock},server=on,wait=off"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _, f = qmp_session(sock, start + timeout)
            while time.monotonic() - start < timeout:
                if prompt in read_screen(f):
                    print(f"{time.monotonic() - start:.3f}")
                    return 0
                time.sleep(0.02)
            print("timeout", file=sys.stderr)
            return 1
        finally:
            qemu.kill()
            qemu.wait()


if __name__ == "__main__":
    sys.exit(main())
