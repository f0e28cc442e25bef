#!/usr/bin/env python3
"""Interactive console test of the management domain: boots the default
system (boot/default/) in Bochs with COM1 on a socket, waits for domain 0's
prompt and types at it like a user, checking what comes back.

  interactive.py --kernel build/hypervisor/tactus.elf --build build [--timeout 300]

Typed (each line ends with CR, as a terminal sends it):
  - `lisx` BS `t` CR -> the line editor erased the `x`: `list` runs;
  - `destroy rt1` Ctrl-U `help list` CR -> Ctrl-U dropped the line: help runs;
  - `destroy rt1` Ctrl-C -> `^C`, a fresh prompt, nothing destroyed;
  - `lst` CR -> `error: unknown command 'lst'`;
  - `cpupool-list` CR -> the `rt` pool built by the boot script.
Exit status 0 on success; on failure prints what is missing and the output.
"""
import argparse
import os
import socket
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "boot"))

import emulator  # noqa: E402
import mkiso  # noqa: E402

STEPS = [
    (b"lisx\x08t\r", ["Name", "rt1", "busy"]),
    (b"destroy rt1\x15help list\r", ["usage: list"]),
    (b"destroy rt1\x03", ["^C"]),
    (b"lst\r", ["error: unknown command 'lst'"]),
    (b"cpupool-list\r", ["rt                    1   gedf"]),
    (b"list rt1\r", ["rt1 "]),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--build", required=True)
    ap.add_argument("--timeout", type=float, default=300)
    args = ap.parse_args()
    b = os.path.abspath(args.build)
    modules = [(f"{b}/mgmt-domain/dom0.elf", "dom0"), (f"{b}/guests/rt-tasks.elf", "rt-tasks"),
               (f"{b}/guests/busy.elf", "busy"), (f"{ROOT}/boot/default/default.cfg", "default.cfg"),
               (f"{ROOT}/boot/default/boot.sh", "boot.sh")]
    iso = mkiso.cached_iso(args.kernel, os.path.join(b, "system-tests", "isos"), "", modules)
    workdir = os.path.join(b, "system-tests", "mgmt_interactive")
    emu = emulator.Emulator("bochs", iso, 2, workdir, 128, interactive=True)
    emu.start()
    out = b""
    problems = []
    try:
        deadline = time.monotonic() + args.timeout
        sock = None
        while sock is None and time.monotonic() < deadline and emu.running():
            try:
                sock = socket.create_connection(("127.0.0.1", emu.port), timeout=1)
            except OSError:
                time.sleep(0.2)
        if sock is None:
            raise RuntimeError("no serial socket")
        sock.settimeout(0.2)

        def read_until(marker, start):
            nonlocal out
            while time.monotonic() < deadline and emu.running():
                if marker in out[start:]:
                    return True
                try:
                    data = sock.recv(4096)
                    if not data:
                        return False
                    out += data
                except socket.timeout:
                    pass
            return False

        if not read_until(b"tactus# sched-rt", 0) or not read_until(b"tactus# ", out.rfind(b"sched-rt") + 8):
            problems.append("no prompt after the boot script")
        for typed, expected in STEPS:
            if problems:
                break
            start = len(out)
            sock.sendall(typed)
            if not read_until(b"tactus# ", start + 1):
                problems.append(f"no prompt after typing {typed!r}")
                break
            got = out[start:].decode("utf-8", "replace")
            for e in expected:
                if e not in got:
                    problems.append(f"after {typed!r}: missing {e!r}")
        text = out.decode("utf-8", "replace")
        if "unknown command 'lisxt'" in text or "unknown command 'lisx" in text:
            problems.append("backspace did not erase")
    finally:
        emu.kill()
    if problems:
        print("FAIL mgmt_interactive")
        for p in problems:
            print(f"  - {p}")
        print(out.decode("utf-8", "replace"))
        return 1
    print("PASS mgmt_interactive")
    return 0


if __name__ == "__main__":
    sys.exit(main())
