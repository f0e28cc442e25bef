#!/usr/bin/env python3
"""Builds the Linux guest's boot modules from Debian's packages (issue 18).

Nothing is installed on the host and nothing comes from outside Debian:

  fetch OUT     `apt-get download`s the cloud kernel (linux-image-cloud-amd64
                and the versioned image it depends on) and busybox-static into
                OUT/debs, once.
  build OUT     unpacks them with `dpkg-deb -x`, turns the bzImage into the
                ELF `vmlinux` whose PVH entry note Tactus boots (the payload is
                decompressed with Debian's lz4/xz/gzip by its magic), checks
                the note, and writes OUT/initrd: a newc cpio with busybox and
                an init that mounts /proc, /sys and /dev, then runs the command
                given after `--` on the kernel command line, or a shell.

The outputs are OUT/vmlinux, OUT/initrd and OUT/kernel-release. `build` is
deterministic: the same packages give byte-identical files.
"""

import argparse
import os
import shutil
import struct
import subprocess
import sys
import tempfile

KERNEL_META = "linux-image-cloud-amd64"
BUSYBOX = "busybox-static"
PVH_NOTE = 18  # XEN_ELFNOTE_PHYS32_ENTRY

# The initramfs' /init. busybox sh; `$@` is what followed `--` on the kernel
# command line.
INIT = """#!/bin/busybox sh
/bin/busybox mkdir -p /proc /sys /dev /tmp /sbin /usr/bin /usr/sbin
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo "tactus-init: up, $(uname -r), $(nproc) cpu(s)"
if [ $# -gt 0 ]; then
  sh -c "$*"
  echo "tactus-init: command exited $?"
fi
echo "tactus-init: shell"
exec setsid cttyhack sh
"""


def die(msg):
    print(f"linux_guest: {msg}", file=sys.stderr)
    sys.exit(1)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def image_package(quiet):
    """The versioned kernel package the meta package depends on, or None."""
    proc = subprocess.run(["apt-cache", "depends", KERNEL_META], capture_output=True, text=True)
    for line in proc.stdout.splitlines():
        line = line.strip()
        if line.startswith("Depends:") and "linux-image-" in line:
            return line.split()[1]
    if not quiet:
        die(f"apt-cache knows no image package behind {KERNEL_META}")
    return None


def debs_dir(out):
    return os.path.join(out, "debs")


def find_deb(out, prefix):
    names = sorted(n for n in os.listdir(debs_dir(out))
                   if n.startswith(prefix + "_") and n.endswith(".deb"))
    if not names:
        die(f"no {prefix} package in {debs_dir(out)}; run `./tactus deps`")
    return os.path.join(debs_dir(out), names[-1])


def download(pkg, d):
    print(f"linux_guest: apt-get download {pkg}")
    # apt's sandbox user cannot write into a root-owned build tree.
    return subprocess.run(["apt-get", "download", "-q", "-o", "APT::Sandbox::User=root", pkg],
                          cwd=d).returncode == 0


def cmd_fetch(out):
    d = debs_dir(out)
    os.makedirs(d, exist_ok=True)
    stamp = os.path.join(d, "image-package")
    if os.path.exists(stamp):
        image = open(stamp).read().strip()
        if all(any(n.startswith(p + "_") for n in os.listdir(d)) for p in (image, BUSYBOX)):
            return
    updated = False
    while True:
        image = image_package(quiet=not updated)
        if image:
            missing = [p for p in (image, BUSYBOX)
                       if not any(n.startswith(p + "_") for n in os.listdir(d))]
            if all(download(p, d) for p in missing):
                break
        if updated:
            die("apt-get download failed (is deb.debian.org reachable?)")
        # Package lists of a fresh machine may be missing or stale.
        run(["apt-get", "update", "-q"])
        updated = True
    with open(os.path.join(d, "image-package"), "w") as f:
        f.write(image + "\n")


def payload(bzimage):
    """The compressed kernel inside a bzImage (boot protocol >= 2.08)."""
    if bzimage[0x202:0x206] != b"HdrS":
        die("not a bzImage (no HdrS)")
    version = struct.unpack_from("<H", bzimage, 0x206)[0]
    if version < 0x208:
        die(f"boot protocol {version:#x} has no payload fields")
    setup_sects = bzimage[0x1F1] or 4
    offset, length = struct.unpack_from("<II", bzimage, 0x248)
    start = (setup_sects + 1) * 512 + offset
    data = bzimage[start:start + length]
    if len(data) != length:
        die("payload runs past the file")
    return data


def decompress(data):
    magics = [
        (b"\x02\x21\x4c\x18", ["lz4", "-dc"]),
        (b"\xfd7zXZ\x00", ["xz", "-dc"]),
        (b"\x1f\x8b", ["gzip", "-dc"]),
    ]
    for magic, cmd in magics:
        if data.startswith(magic):
            if shutil.which(cmd[0]) is None:
                die(f"{cmd[0]} is missing; run `./tactus deps`")
            # lz4's legacy frames end without a length: trailing bytes are
            # the kernel's size word, which lz4 reports and ignores.
            proc = subprocess.run(cmd, input=data, capture_output=True)
            if not proc.stdout.startswith(b"\x7fELF"):
                die(f"{cmd[0]} did not give an ELF: {proc.stderr.decode(errors='replace')}")
            return proc.stdout
    die(f"unknown kernel compression (magic {data[:6].hex()})")


def pvh_entry(elf):
    """The PHYS32 entry of the ELF's Xen notes, or None."""
    if elf[4] != 2 or elf[5] != 1:
        die("vmlinux is not a 64-bit little-endian ELF")
    phoff = struct.unpack_from("<Q", elf, 0x20)[0]
    phentsize, phnum = struct.unpack_from("<HH", elf, 0x36)
    for i in range(phnum):
        p_type, _, p_offset, _, _, p_filesz = struct.unpack_from("<IIQQQQ", elf,
                                                                 phoff + i * phentsize)
        if p_type != 4:  # PT_NOTE
            continue
        pos, end = p_offset, p_offset + p_filesz
        while pos + 12 <= end:
            namesz, descsz, ntype = struct.unpack_from("<III", elf, pos)
            name = elf[pos + 12:pos + 12 + namesz].rstrip(b"\0")
            desc = pos + 12 + ((namesz + 3) & ~3)
            if name == b"Xen" and ntype == PVH_NOTE and descsz >= 4:
                return struct.unpack_from("<I", elf, desc)[0]
            pos = desc + ((descsz + 3) & ~3)
    return None


def cpio_newc(entries):
    """A newc archive of (name, mode, data-or-link-target) with fixed metadata."""
    out = bytearray()
    ino = 1
    for name, mode, data in entries + [("TRAILER!!!", 0, b"")]:
        nb = name.encode() + b"\0"
        fields = [ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(nb), 0]
        out += b"070701" + b"".join(b"%08X" % f for f in fields) + nb
        out += b"\0" * (-len(out) % 4) + data
        out += b"\0" * (-len(out) % 4)
        ino += 1
    return bytes(out)


def cmd_build(out):
    with tempfile.TemporaryDirectory(dir=out) as tmp:
        kroot, broot = os.path.join(tmp, "kernel"), os.path.join(tmp, "busybox")
        run(["dpkg-deb", "-x", find_deb(out, open_image_package(out)), kroot])
        run(["dpkg-deb", "-x", find_deb(out, BUSYBOX), broot])
        boot = os.path.join(kroot, "boot")
        vmlinuz = [n for n in os.listdir(boot) if n.startswith("vmlinuz-")]
        if len(vmlinuz) != 1:
            die(f"expected one vmlinuz in the package, found {vmlinuz}")
        release = vmlinuz[0][len("vmlinuz-"):]
        with open(os.path.join(boot, vmlinuz[0]), "rb") as f:
            elf = decompress(payload(f.read()))
        entry = pvh_entry(elf)
        if entry is None:
            die(f"{release} has no PVH entry note (CONFIG_PVH)")
        with open(os.path.join(broot, "bin", "busybox"), "rb") as f:
            busybox = f.read()
    dirs = ["bin", "dev", "proc", "sys", "tmp", "sbin", "usr", "usr/bin", "usr/sbin"]
    entries = [(d, 0o040755, b"") for d in dirs]
    entries += [("bin/busybox", 0o100755, busybox), ("bin/sh", 0o120777, b"busybox"),
                ("init", 0o100755, INIT.encode()), ("dev/console", 0o020600, b"")]
    write(out, "vmlinux", elf)
    write(out, "initrd", cpio_newc(entries))
    write(out, "kernel-release", (release + "\n").encode())
    print(f"linux_guest: {release}: vmlinux {len(elf) >> 20} MiB, PVH entry {entry:#x}; "
          f"initrd {os.path.getsize(os.path.join(out, 'initrd')) >> 10} KiB")


def open_image_package(out):
    path = os.path.join(debs_dir(out), "image-package")
    if not os.path.exists(path):
        die("no kernel fetched; run `./tactus deps`")
    return open(path).read().strip()


def write(out, name, data):
    tmp = os.path.join(out, name + ".tmp")
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, os.path.join(out, name))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=["fetch", "build"])
    ap.add_argument("out", help="output folder, e.g. build/linux")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    cmd_fetch(a.out) if a.command == "fetch" else cmd_build(a.out)


if __name__ == "__main__":
    main()
