#!/usr/bin/env python3
"""Boots the Linux guest of scripts/make-guest.sh (the same kernel and initramfs, direct boot,
serial console, -m 256) in morph86 and in QEMU's TCG (qemu-system-i386 for an i386 guest,
qemu-system-x86_64 for an amd64 one, both emulating a Nehalem for the amd64 guest; for the
i386 guest morph86 runs its pentiumpro model and QEMU its default qemu32), and prints
for each the seconds from launch to the shell prompt and to the end of the process after
`poweroff -f`, and morph86's time over QEMU's (below 1: morph86 is faster).

usage: linux_boot.py MORPH86 GUEST_DIR [RUNS]
"""
import os
import statistics
import subprocess
import sys
import time

READY = b"morph86 guest:"
PROMPT = b"morph86:/# "


def boot(command, timeout=600):
    """Returns (seconds to the prompt, seconds to exit) for one boot."""
    start = time.monotonic()
    proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    seen = b""
    prompt_at = None
    os.set_blocking(proc.stdout.fileno(), False)
    while proc.poll() is None:
        if time.monotonic() - start > timeout:
            proc.kill()
            raise RuntimeError("timed out: " + " ".join(command))
        chunk = proc.stdout.read()
        if chunk:
            seen += chunk
            if prompt_at is None and READY in seen and seen.rfind(PROMPT) > seen.find(READY):
                prompt_at = time.monotonic() - start
                proc.stdin.write(b"\npoweroff -f\n")
                proc.stdin.flush()
        else:
            time.sleep(0.002)
    if prompt_at is None:
        raise RuntimeError("no shell prompt from: " + " ".join(command))
    return prompt_at, time.monotonic() - start


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    morph86, guest = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    kernel, initrd = os.path.join(guest, "vmlinuz"), os.path.join(guest, "initrd.img")
    append = "console=ttyS0 panic=-1"
    try:
        with open(os.path.join(guest, "arch")) as f:
            arch = f.read().strip()
    except FileNotFoundError:
        arch = "i386"  # guests made before the arch file existed
    morph86_cpu, qemu = ["--cpu", "pentiumpro"], ["qemu-system-i386"]
    if arch == "amd64":
        morph86_cpu, qemu = ["--cpu", "nehalem"], ["qemu-system-x86_64", "-cpu", "Nehalem"]
    print(f"guest: {arch}")
    commands = {
        "morph86": [morph86, "--kernel", kernel, "--initrd", initrd, "--append", append,
                    "-m", "256", "--nographic"] + morph86_cpu,
        "qemu-tcg": qemu + ["-accel", "tcg", "-kernel", kernel, "-initrd", initrd,
                            "-append", append, "-m", "256", "-nographic", "-no-reboot"],
    }
    results = {}
    for name, command in commands.items():
        samples = [boot(command) for _ in range(runs)]
        results[name] = (statistics.median(s[0] for s in samples),
                         statistics.median(s[1] for s in samples))
        print(f"{name:9s} prompt {results[name][0]:7.2f} s   power-off {results[name][1]:7.2f} s"
              f"   (median of {runs})")
    m, q = results["morph86"], results["qemu-tcg"]
    print(f"ratio morph86/qemu-tcg: prompt {m[0] / q[0]:.2f}   power-off {m[1] / q[1]:.2f}")


if __name__ == "__main__":
    main()
