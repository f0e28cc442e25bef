#!/usr/bin/env python3
"""Checks the Linux guest's boot modules (guests/linux/linux_guest.py).

vmlinux must be a 64-bit ELF with a PVH entry note inside its first load
segment; the initrd a newc cpio whose /init is executable and whose busybox is
a static x86-64 ELF. With --qemu, the pair is booted under QEMU's software
CPU (no Tactus: this checks the modules, not the hypervisor) and the init
must run the command given after `--` and print its output.
"""
import argparse
import os
import struct
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "guests", "linux"))
import linux_guest  # noqa: E402


def fail(msg):
    print(f"FAIL: {msg}")
    sys.exit(1)


def load_segments(elf):
    phoff = struct.unpack_from("<Q", elf, 0x20)[0]
    phentsize, phnum = struct.unpack_from("<HH", elf, 0x36)
    segs = []
    for i in range(phnum):
        p_type, _, _, _, p_paddr, _, p_memsz = struct.unpack_from("<IIQQQQQ", elf,
                                                                  phoff + i * phentsize)
        if p_type == 1:
            segs.append((p_paddr, p_paddr + p_memsz))
    return segs


def cpio_entries(data):
    pos, out = 0, {}
    while True:
        if data[pos:pos + 6] != b"070701":
            fail(f"initrd: bad cpio magic at {pos}")
        f = [int(data[pos + 6 + 8 * i:pos + 14 + 8 * i], 16) for i in range(13)]
        mode, size, namesize = f[1], f[6], f[11]
        name = data[pos + 110:pos + 110 + namesize - 1].decode()
        pos += 110 + namesize
        pos += -pos % 4
        body = data[pos:pos + size]
        pos += size
        pos += -pos % 4
        if name == "TRAILER!!!":
            return out
        out[name] = (mode, body)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--qemu", action="store_true")
    a = ap.parse_args()
    elf = open(os.path.join(a.dir, "vmlinux"), "rb").read()
    if elf[:4] != b"\x7fELF":
        fail("vmlinux is not an ELF")
    entry = linux_guest.pvh_entry(elf)
    if entry is None:
        fail("vmlinux has no PVH entry note")
    segs = load_segments(elf)
    if not any(lo <= entry < hi for lo, hi in segs):
        fail(f"PVH entry {entry:#x} outside the load segments {segs}")
    top = max(hi for _, hi in segs)
    print(f"vmlinux: PVH entry {entry:#x}, loads {min(lo for lo, _ in segs) >> 20}"
          f"-{top >> 20} MiB physical")
    files = cpio_entries(open(os.path.join(a.dir, "initrd"), "rb").read())
    for name in ("init", "bin/busybox", "bin/sh", "dev/console"):
        if name not in files:
            fail(f"initrd lacks /{name}")
    if not files["init"][0] & 0o111:
        fail("initrd's /init is not executable")
    bb = files["bin/busybox"][1]
    if bb[:4] != b"\x7fELF" or struct.unpack_from("<H", bb, 0x12)[0] != 62:
        fail("initrd's busybox is not an x86-64 ELF")
    print(f"initrd: {len(files)} entries, busybox {len(bb) >> 10} KiB")
    if a.qemu:
        marker = "modules-check-%d" % os.getpid()
        cmd = ["qemu-system-x86_64", "-M", "pc", "-m", "256", "-nographic", "-no-reboot",
               "-display", "none", "-serial", "stdio", "-monitor", "none",
               "-kernel", os.path.join(a.dir, "vmlinux"), "-initrd", os.path.join(a.dir, "initrd"),
               "-append", f"console=ttyS0 panic=-1 quiet -- echo {marker} $(uname -r); poweroff -f"]
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=240).stdout
        except subprocess.TimeoutExpired as e:
            out = (e.stdout or b"").decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
            print(out[-3000:])
            fail("QEMU did not power off within 240 s")
        release = open(os.path.join(a.dir, "kernel-release")).read().strip()
        if f"{marker} {release}" not in out:
            print(out[-3000:])
            fail("the init did not run the command line's command")
        print(f"qemu: init ran the command on {release}")
    print("PASS")


if __name__ == "__main__":
    main()
