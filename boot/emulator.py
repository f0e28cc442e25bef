#!/usr/bin/env python3
"""Launches a Tactus ISO in Bochs (VT-x + EPT emulated) or QEMU (software CPU).

One place knows how to configure each emulator; `./tactus run` and the
system-test harness (tests/system/harness.py) both use it.

Batch (test) runs are deterministic: a fixed `ips` and `clock: sync=none`
make emulated time a function of the instruction count. Interactive runs
use `sync=slowdown` so emulated time keeps pace with the wall clock. It is powered off by the
guest writing "Shutdown" to port 0x8900 (the hypervisor does so when booted
with `exit_when_done`). QEMU gets an isa-debug-exit device at port 0xf4.

Interactive runs bridge the emulated COM1 to this terminal (raw mode);
press Ctrl-] to leave.
"""
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import time

BOCHS_BIOS = "/usr/share/bochs/BIOS-bochs-latest"
BOCHS_VGABIOS_CANDIDATES = [
    "/usr/share/bochs/VGABIOS-lgpl-latest",
    "/usr/share/vgabios/vgabios.bin",
]
DEFAULT_IPS = 20_000_000
BOCHS_CPU_MODEL = "corei7_haswell_4770"
QUIT_KEY = b"\x1d"  # Ctrl-]


def vgabios():
    for p in BOCHS_VGABIOS_CANDIDATES:
        if os.path.exists(p):
            return p
    raise RuntimeError("no VGA BIOS image found for Bochs: run ./tactus deps")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bochsrc(iso, cpus, memory_mb, ips, serial_spec, log_path, clock_sync="none"):
    return "\n".join([
        f"megs: {memory_mb}",
        f"romimage: file={BOCHS_BIOS}",
        f"vgaromimage: file={vgabios()}",
        f"cpu: model={BOCHS_CPU_MODEL}, count={cpus}, ips={ips}, reset_on_triple_fault=0",
        f"clock: sync={clock_sync}, time0=946684800",
        "boot: cdrom",
        f"ata0-master: type=cdrom, path={iso}, status=inserted",
        f"com1: enabled=1, {serial_spec}",
        "port_e9_hack: enabled=1",
        'display_library: rfb, options="timeout=0"',
        "vga: extension=vbe",
        f"log: {log_path}",
        "panic: action=fatal",
        "error: action=report",
        "info: action=report",
        "debug: action=ignore",
        "mouse: enabled=0",
        "sound: driver=dummy",   # the ALSA mixer thread aborts on hosts without a sound card
        "speaker: enabled=0",
        "",
    ])


class Emulator:
    """One emulator process. `serial_log` receives COM1 for batch runs."""

    def __init__(self, kind, iso, cpus, workdir, memory_mb=256, ips=DEFAULT_IPS, interactive=False):
        if kind not in ("bochs", "qemu"):
            raise ValueError(f"unknown emulator '{kind}' (bochs or qemu)")
        self.kind, self.iso, self.cpus = kind, os.path.abspath(iso), cpus
        self.workdir, self.memory_mb, self.ips = workdir, memory_mb, ips
        self.interactive = interactive
        self.serial_log = os.path.join(workdir, "serial.log")
        self.emulator_log = os.path.join(workdir, f"{kind}.log")
        self.port = None
        self.proc = None
        self.started_at = None

    def command(self):
        os.makedirs(self.workdir, exist_ok=True)
        if self.kind == "bochs":
            if shutil.which("bochs-bin") is None:
                raise RuntimeError("bochs-bin not found: run ./tactus deps")
            if self.interactive:
                self.port = free_port()
                serial = f"mode=socket-server, dev=127.0.0.1:{self.port}"
            else:
                serial = f"mode=file, dev={self.serial_log}"
            rc = os.path.join(self.workdir, "bochsrc")
            with open(rc, "w") as f:
                # Tests: emulated time is a function of the instruction count.
                # Interactive: emulated time never runs ahead of the wall clock.
                sync = "slowdown" if self.interactive else "none"
                f.write(bochsrc(self.iso, self.cpus, self.memory_mb, self.ips, serial,
                                self.emulator_log, sync))
            cmds = os.path.join(self.workdir, "bochs-cmds")
            with open(cmds, "w") as f:
                f.write("c\n")
            return ["bochs-bin", "-q", "-f", rc, "-rc", cmds]
        if shutil.which("qemu-system-x86_64") is None:
            raise RuntimeError("qemu-system-x86_64 not found: run ./tactus deps")
        cmd = ["qemu-system-x86_64", "-cdrom", self.iso, "-m", str(self.memory_mb),
               "-smp", str(self.cpus), "-display", "none", "-no-reboot", "-monitor", "none",
               "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", "-d", "guest_errors",
               "-D", self.emulator_log]
        if self.interactive:
            cmd += ["-serial", "stdio"]
        else:
            cmd += ["-serial", f"file:{self.serial_log}"]
        return cmd

    def start(self):
        cmd = self.command()
        if os.path.exists(self.serial_log):
            os.remove(self.serial_log)
        out = subprocess.DEVNULL
        if not (self.interactive and self.kind == "qemu"):
            out = open(os.path.join(self.workdir, "emulator.stdout"), "w")
        self.started_at = time.monotonic()
        self.proc = subprocess.Popen(
            cmd, cwd=self.workdir, stdout=out, stderr=subprocess.STDOUT,
            stdin=None if (self.interactive and self.kind == "qemu") else subprocess.DEVNULL,
            start_new_session=True)
        return self

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def kill(self):
        if self.running():
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()

    def read_serial(self):
        try:
            with open(self.serial_log, "rb") as f:
                return f.read().decode("utf-8", "replace").replace("\r\n", "\n")
        except FileNotFoundError:
            return ""

    def emulated_instructions(self):
        """Bochs' tick counter at the last line of its log (instructions per
        CPU at ips granularity), or None for QEMU / no log."""
        if self.kind != "bochs":
            return None
        try:
            with open(self.emulator_log, errors="replace") as f:
                ticks = [int(m.group(1)) for m in re.finditer(r"^(\d{11,})i?\[", f.read(), re.M)]
        except FileNotFoundError:
            return None
        return max(ticks) if ticks else None

    def bridge_terminal(self):
        """Interactive: connect this terminal to COM1 until the emulator exits or Ctrl-] is pressed."""
        if self.kind == "qemu":
            self.proc.wait()
            return
        sock = None
        deadline = time.monotonic() + 30
        while sock is None and time.monotonic() < deadline and self.running():
            try:
                sock = socket.create_connection(("127.0.0.1", self.port), timeout=1)
            except OSError:
                time.sleep(0.1)
        if sock is None:
            raise RuntimeError("could not connect to the emulator's serial port")
        import termios
        import tty
        fd = sys.stdin.fileno()
        is_tty = os.isatty(fd)
        old = termios.tcgetattr(fd) if is_tty else None
        try:
            if is_tty:
                tty.setraw(fd)
            sock.setblocking(False)
            while self.running():
                r, _, _ = select.select([sock, fd], [], [], 0.2)
                if sock in r:
                    data = sock.recv(4096)
                    if not data:
                        break
                    os.write(sys.stdout.fileno(), data)
                if fd in r:
                    data = os.read(fd, 1024)
                    if not data or QUIT_KEY in data:
                        break
                    sock.sendall(data)
        finally:
            if old is not None:
                termios.tcsetattr(fd, termios.TCSADRAIN, old)
            sock.close()


def main():
    import argparse
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--iso", required=True)
    ap.add_argument("--emulator", default="bochs", choices=["bochs", "qemu"])
    ap.add_argument("--cpus", type=int, default=2)
    ap.add_argument("--memory", type=int, default=256, help="MiB")
    ap.add_argument("--ips", type=int, default=DEFAULT_IPS)
    ap.add_argument("--workdir", default="build/run")
    args = ap.parse_args()
    emu = Emulator(args.emulator, args.iso, args.cpus, os.path.abspath(args.workdir),
                   args.memory, args.ips, interactive=True)
    print(f"Starting {args.emulator} with {args.cpus} CPUs; Ctrl-] quits. "
          f"Emulator log: {emu.emulator_log}", flush=True)
    emu.start()
    try:
        emu.bridge_terminal()
    finally:
        emu.kill()
    print("\r\n[emulator stopped]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
