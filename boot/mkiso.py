#!/usr/bin/env python3
"""Builds a GRUB2 (BIOS) boot ISO holding tactus.elf and its boot modules.

GRUB stays on the VGA console so the serial line carries only Tactus' own
output, whose first line is the banner. Used by `./tactus iso` and by the
system-test harness (which builds one ISO per distinct command line and
module set, cached by content hash).

  mkiso.py --kernel tactus.elf --out tactus.iso [--cmdline "..."]
           [--module FILE[=MODULE CMDLINE]]...
"""
import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile


def grub_cfg(cmdline, modules):
    lines = [
        "set timeout=0",
        "set default=0",
        "terminal_output console",
        'menuentry "Tactus" {',
        f"  multiboot2 /boot/tactus.elf {cmdline}".rstrip(),
    ]
    for i, (_, mod_cmdline) in enumerate(modules):
        lines.append(f"  module2 /boot/module{i} {mod_cmdline}".rstrip())
    lines += ["  boot", "}", ""]
    return "\n".join(lines)


def parse_module(spec):
    path, _, mod_cmdline = spec.partition("=")
    return path, mod_cmdline


def content_key(kernel, cmdline, modules):
    h = hashlib.sha256()
    for path in [kernel] + [m[0] for m in modules]:
        with open(path, "rb") as f:
            h.update(f.read())
    h.update(grub_cfg(cmdline, modules).encode())
    h.update(b"strip-debug-v1")  # how files are copied into the image
    return h.hexdigest()[:16]


def copy_stripped(src, dst):
    """Copies a file into the image; ELF files lose their debug sections
    (GRUB loads every byte, and under Bochs every byte costs emulated time;
    the build directory keeps the unstripped files for debugging)."""
    with open(src, "rb") as f:
        is_elf = f.read(4) == b"\x7fELF"
    if is_elf and shutil.which("objcopy"):
        result = subprocess.run(["objcopy", "--strip-debug", src, dst],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if result.returncode == 0:
            return
    shutil.copy(src, dst)


def build_iso(kernel, out, cmdline="", modules=()):
    modules = list(modules)
    if shutil.which("grub-mkrescue") is None:
        raise RuntimeError("grub-mkrescue not found: run ./tactus deps")
    with tempfile.TemporaryDirectory(prefix="tactus-iso-") as root:
        boot = os.path.join(root, "boot")
        os.makedirs(os.path.join(boot, "grub"))
        copy_stripped(kernel, os.path.join(boot, "tactus.elf"))
        for i, (path, _) in enumerate(modules):
            copy_stripped(path, os.path.join(boot, f"module{i}"))
        with open(os.path.join(boot, "grub", "grub.cfg"), "w") as f:
            f.write(grub_cfg(cmdline, modules))
        tmp_out = f"{out}.{os.getpid()}.tmp"
        result = subprocess.run(
            ["grub-mkrescue", "-o", tmp_out, root],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if result.returncode != 0:
            raise RuntimeError("grub-mkrescue failed:\n" + result.stdout)
        os.replace(tmp_out, out)
    return out


def cached_iso(kernel, cache_dir, cmdline="", modules=()):
    """Returns an ISO for this kernel/cmdline/modules, building it once."""
    modules = list(modules)
    os.makedirs(cache_dir, exist_ok=True)
    path = os.path.join(cache_dir, content_key(kernel, cmdline, modules) + ".iso")
    if not os.path.exists(path):
        build_iso(kernel, path, cmdline, modules)
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--cmdline", default="")
    ap.add_argument("--module", action="append", default=[], type=parse_module)
    args = ap.parse_args()
    try:
        build_iso(args.kernel, args.out, args.cmdline, args.module)
    except RuntimeError as e:
        print(f"mkiso: {e}", file=sys.stderr)
        return 1
    print(f"mkiso: wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
