#!/usr/bin/env python3
"""Times the guest benchmark programs (benchmarks/seed: sum, getppid, gettimeofday, forkwait)
inside Linux guests of scripts/make-guest.sh, in morph86 and in QEMU's TCG with the same
kernel, initramfs and command line (direct boot, -m 256, console on the serial port), and
natively on the host for the guests whose programs the host can run (amd64 on an x86-64 host).

Inside a guest each program runs under busybox's `time -p`, so its seconds are the guest's own
clock (morph86's default realtime clock follows the host's); natively they are the host's wall
clock around the process. Every program prints its result, which must be the expected one in
every place it runs (a wrong one fails the run, exit status 1). An amd64 guest runs on morph86's
nehalem model next to `qemu-system-x86_64 -cpu Nehalem`, an i386 guest on `--cpu pentiumpro`
next to qemu-system-i386's default model. The time from launch to the guest's shell prompt is
printed for each boot.

usage: seed_bench.py [--quick] [--count PROGRAM=N]... [--morph86 PATH]
                     [--emulators morph86,interp,qemu] [--no-native] GUEST_DIR...

GUEST_DIR holds vmlinuz, initrd.img, append.txt and arch, and the programs in extra/ (also in
the guest's /extra): what `scripts/make-guest.sh GUEST_DIR [--arch amd64] --extra DIR` writes.
"""
import argparse
import os
import platform
import re
import subprocess
import sys
import time

# The repetition counts: the full run and --quick, which only checks that everything works.
COUNTS = {
    "sum": (500_000_000, 2_000_000),
    "getppid": (10_000_000, 20_000),
    "gettimeofday": (20_000_000, 50_000),
    "forkwait": (10_000, 50),
}
READY = b"morph86 guest:"          # /init's line just before it starts the shell
PROMPT = b"morph86:/# "
# Busybox's line editor asks the terminal for the cursor position (ESC [6n) each time it is
# ready to read a line; input sent before that question can be lost while the tty changes
# modes, so every command waits for it.
SHELL_READY = b"\x1b[6n"
BOOT_TIMEOUT = 600
FULL_RUN_TIMEOUT = 3600            # one program in a slow emulator, seconds of host time
QUICK_RUN_TIMEOUT = 300


def expected_result(program, count):
    """The line a program must print for COUNT repetitions."""
    if program == "sum":
        return f"sum: n={count} sum={count * (count - 1) // 2 % 2**64}"
    if program == "forkwait":
        return f"forkwait: rounds={count} failed=0"
    key = "differing" if program == "getppid" else "backwards"
    return f"{program}: calls={count} {key}=0"


class BenchmarkError(Exception):
    pass


class SerialShell:
    """An emulator whose serial console is its standard input and output, with the guest's
    busybox shell on it."""

    def __init__(self, command, log_path):
        self.command = command
        self.start = time.monotonic()
        self.log = open(log_path, "wb")
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.log)
        os.set_blocking(self.proc.stdout.fileno(), False)
        self.pending = b""

    def expect(self, text, timeout):
        """Waits for TEXT in the output not yet consumed; returns the output up to and including
        it, which is consumed, and the host's monotonic time when it arrived."""
        deadline = time.monotonic() + timeout
        while True:
            at = self.pending.find(text)
            if at >= 0:
                end = at + len(text)
                seen, self.pending = self.pending[:end], self.pending[end:]
                return seen, time.monotonic()
            if self.proc.poll() is not None:
                rest = self.proc.stdout.read() or b""
                self.log.write(rest)
                self.pending += rest
                if text in self.pending:
                    continue
                raise BenchmarkError(f"exited (status {self.proc.returncode}) before printing "
                                     f"{text!r}: {' '.join(self.command)}\n"
                                     f"last output: {self.pending[-2000:]!r}")
            if time.monotonic() > deadline:
                raise BenchmarkError(f"no {text!r} within {timeout} s: {' '.join(self.command)}"
                                     f"\nlast output: {self.pending[-2000:]!r}")
            chunk = self.proc.stdout.read()
            if chunk:
                self.log.write(chunk)
                self.pending += chunk
            else:
                time.sleep(0.005)

    def boot(self):
        """Waits for the shell; returns the seconds from launch to its prompt."""
        self.expect(READY, BOOT_TIMEOUT)
        _, prompt_at = self.expect(PROMPT, BOOT_TIMEOUT)
        return prompt_at - self.start

    def run(self, command_line, timeout):
        """Runs one shell command; returns its output (the echoed line, the command's output and
        the next prompt) and the host's seconds from sending it to the next prompt."""
        self.expect(SHELL_READY, 120)
        self.proc.stdin.write(command_line.encode() + b"\n")
        self.proc.stdin.flush()
        sent = time.monotonic()
        output, prompt_at = self.expect(PROMPT, timeout)
        return output.decode("utf-8", "replace").replace("\r", ""), prompt_at - sent

    def power_off(self):
        try:
            self.expect(SHELL_READY, 120)
            self.proc.stdin.write(b"poweroff -f\n")
            self.proc.stdin.flush()
            self.proc.wait(timeout=120)
        finally:
            self.close()

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def busybox_real_seconds(output):
    """The `real` line of busybox's `time -p`: "real 12.34" (seconds, to the hundredth)."""
    match = re.search(r"^real ([0-9]+(?:\.[0-9]+)?)$", output, re.MULTILINE)
    if not match:
        raise BenchmarkError(f"no `real` line from busybox time in:\n{output}")
    return float(match.group(1))


def check_result(where, program, count, output):
    expected = expected_result(program, count)
    if not re.search("^" + re.escape(expected) + "$", output, re.MULTILINE):
        raise BenchmarkError(f"{where}: {program} {count} did not print {expected!r}:\n{output}")


class Guest:
    def __init__(self, directory):
        self.directory = directory
        with open(os.path.join(directory, "arch")) as f:
            self.arch = f.read().strip()
        with open(os.path.join(directory, "append.txt")) as f:
            self.append = f.read().strip()
        self.name = {"i386": "i686", "amd64": "amd64"}[self.arch]

    def file(self, name):
        return os.path.join(self.directory, name)

    def emulator_command(self, emulator, morph86):
        kernel, initrd = self.file("vmlinuz"), self.file("initrd.img")
        if emulator in ("morph86", "interp"):
            cpu = "nehalem" if self.arch == "amd64" else "pentiumpro"
            # interp: the same emulator with its translator off (--jit off).
            jit = ["--jit", "off"] if emulator == "interp" else []
            return [morph86, "--kernel", kernel, "--initrd", initrd, "--append", self.append,
                    "-m", "256", "--nographic", "--cpu", cpu] + jit
        qemu = (["qemu-system-x86_64", "-cpu", "Nehalem"] if self.arch == "amd64"
                else ["qemu-system-i386"])
        return qemu + ["-accel", "tcg", "-kernel", kernel, "-initrd", initrd, "-append",
                       self.append, "-m", "256", "-nographic", "-no-reboot"]

    def runs_natively(self):
        return self.arch == "amd64" and platform.machine() in ("x86_64", "AMD64")


def time_in_emulator(guest, emulator, morph86, counts, timeout, log_dir):
    """Boots GUEST in EMULATOR and times every program; returns (boot seconds, clock source,
    {program: seconds})."""
    log = os.path.join(log_dir, f"{emulator}-{guest.name}.log")
    shell = SerialShell(guest.emulator_command(emulator, morph86), log)
    try:
        boot_seconds = shell.boot()
        output, _ = shell.run("cat /sys/devices/system/clocksource/clocksource0/"
                              "current_clocksource", 120)
        # The answer is the line after the echoed command: one word (tsc, hpet, acpi_pm...).
        words = re.findall(r"^([a-z][a-z0-9_-]*)$", output, re.MULTILINE)
        clock_source = words[0] if words else "?"
        seconds = {}
        for program, count in counts.items():
            output, host_seconds = shell.run(f"time -p /extra/{program} {count}", timeout)
            check_result(f"{emulator} {guest.name}", program, count, output)
            seconds[program] = busybox_real_seconds(output)
            print(f"  {emulator:7s} {guest.name:5s} {program:12s} {seconds[program]:9.2f} s "
                  f"(host: {host_seconds:.2f} s)", flush=True)
        shell.power_off()
    except BaseException:
        shell.close()
        print(f"  (console log: {log})", file=sys.stderr)
        raise
    return boot_seconds, clock_source, seconds


def time_natively(guest, counts):
    seconds = {}
    for program, count in counts.items():
        start = time.monotonic()
        done = subprocess.run([guest.file(os.path.join("extra", program)), str(count)],
                              stdout=subprocess.PIPE, check=False)
        seconds[program] = time.monotonic() - start
        if done.returncode != 0:
            raise BenchmarkError(f"native {program} {count} exited with {done.returncode}")
        check_result("native", program, count, done.stdout.decode())
        print(f"  native  {guest.name:5s} {program:12s} {seconds[program]:9.2f} s", flush=True)
    return seconds


def cell(value, fmt):
    return "n/a" if value is None else format(value, fmt)


def ratio(numerator, denominator):
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("guests", metavar="GUEST_DIR", nargs="+")
    parser.add_argument("--quick", action="store_true", help="small counts: a check, not a measure")
    parser.add_argument("--count", action="append", default=[], metavar="PROGRAM=N",
                        help="another count for one program (a shorter full run)")
    parser.add_argument("--morph86", default="build/morph86")
    parser.add_argument("--emulators", default="morph86,qemu",
                        help="comma-separated: morph86, interp (morph86 with --jit off), qemu "
                             "(default morph86,qemu)")
    parser.add_argument("--no-native", action="store_true", help="skip the host runs")
    parser.add_argument("--log-dir", default=None,
                        help="where the console logs go (default: each guest's directory)")
    args = parser.parse_args()
    emulators = [e for e in args.emulators.split(",") if e]
    for e in emulators:
        if e not in ("morph86", "interp", "qemu"):
            parser.error(f"unknown emulator {e!r} (morph86, interp or qemu)")
    counts = {p: c[1] if args.quick else c[0] for p, c in COUNTS.items()}
    for override in args.count:
        program, _, count = override.partition("=")
        if program not in counts or not count.isdigit():
            parser.error(f"--count wants PROGRAM=N with PROGRAM one of {', '.join(COUNTS)}")
        counts[program] = int(count)
    print("counts: " + ", ".join(f"{p} {c:,}" for p, c in counts.items()), flush=True)

    for directory in args.guests:
        if not os.path.isfile(os.path.join(directory, "vmlinuz")):
            print(f"SKIP: no guest in {directory} (scripts/make-guest.sh did not build one)")
            return 77
    guests = [Guest(d) for d in args.guests]
    rows, boots = [], []
    try:
        for guest in guests:
            times = {}
            for emulator in emulators:
                boot_seconds, clock_source, times[emulator] = time_in_emulator(
                    guest, emulator, args.morph86, counts, QUICK_RUN_TIMEOUT if args.quick
                    else FULL_RUN_TIMEOUT, args.log_dir or guest.directory)
                boots.append((guest.name, emulator, boot_seconds, clock_source))
            native = (time_natively(guest, counts)
                      if guest.runs_natively() and not args.no_native else {})
            for program in COUNTS:
                rows.append((program, guest.name, times.get("morph86", {}).get(program),
                             times.get("qemu", {}).get(program), native.get(program),
                             times.get("interp", {}).get(program)))
    except BenchmarkError as error:
        print(f"FAIL: {error}", file=sys.stderr)
        return 1

    print()
    print(f"{'program':12s} {'guest':5s} {'morph86 s':>10s} {'QEMU s':>10s} {'native s':>10s} "
          f"{'morph86/native':>15s} {'morph86/QEMU':>13s} {'interp s':>9s} {'interp/QEMU':>12s}")
    for program, guest, morph86, qemu, native, interp in rows:
        print(f"{program:12s} {guest:5s} {cell(morph86, '.2f'):>10s} {cell(qemu, '.2f'):>10s} "
              f"{cell(native, '.3f'):>10s} {cell(ratio(morph86, native), '.1f'):>15s} "
              f"{cell(ratio(morph86, qemu), '.2f'):>13s} {cell(interp, '.2f'):>9s} "
              f"{cell(ratio(interp, qemu), '.2f'):>12s}")
    print()
    for guest, emulator, seconds, clock_source in boots:
        print(f"boot to the shell: {guest:5s} {emulator:7s} {seconds:7.2f} s "
              f"(guest clock source: {clock_source})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
