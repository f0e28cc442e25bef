#!/usr/bin/env python3
"""Writes the seed corpus of fuzz_bootparse: a few valid multiboot2
information structures, RSDPs, MADTs, SRATs and an RSDT, laid out as the
specifications describe. Run from anywhere; writes next to this script."""
import os
import struct

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


def pad8(b):
    return b + b"\0" * (-len(b) % 8)


def mb2_tag(t, payload):
    return pad8(struct.pack("<II", t, 8 + len(payload)) + payload)


def mb2(tags):
    body = b"".join(tags) + mb2_tag(0, b"")
    return struct.pack("<II", 8 + len(body), 0) + body


def checksum_fix(b, at, length):
    b = bytearray(b)
    b[at] = 0
    b[at] = (-sum(b[:length])) & 0xFF
    return bytes(b)


def table(sig, body, rev=1):
    hdr = sig + struct.pack("<IBB6s8sI4sI", 36 + len(body), rev, 0, b"TACTUS", b"FUZZSEED", 1, b"TEST", 1)
    t = hdr + body
    return checksum_fix(t, 9, len(t))


def rsdp_v1(rsdt):
    return checksum_fix(b"RSD PTR " + b"\0" + b"TACTUS" + bytes([0]) + struct.pack("<I", rsdt), 8, 20)


def rsdp_v2(rsdt, xsdt):
    b = b"RSD PTR " + b"\0" + b"TACTUS" + bytes([2]) + struct.pack("<IIQ", rsdt, 36, xsdt) + b"\0\0\0\0"
    b = checksum_fix(b, 8, 20)
    return checksum_fix(b, 32, 36)


def madt(entries, lapic=0xFEE00000, flags=1):
    return table(b"APIC", struct.pack("<II", lapic, flags) + b"".join(entries), 5)


def lapic(uid, apic_id, flags):
    return struct.pack("<BBBBI", 0, 8, uid, apic_id, flags)


def ioapic(i, addr, gsi):
    return struct.pack("<BBBBII", 1, 12, i, 0, addr, gsi)


def iso(bus, src, gsi, flags):
    return struct.pack("<BBBBIH", 2, 10, bus, src, gsi, flags)


def x2apic(apic_id, flags, uid):
    return struct.pack("<BBHIII", 9, 16, 0, apic_id, flags, uid)


def srat(entries):
    return table(b"SRAT", struct.pack("<IQ", 1, 0) + b"".join(entries), 3)


def srat_lapic(dom, apic_id, flags):
    return struct.pack("<BBBBIB3sI", 0, 16, dom & 0xFF, apic_id, flags, 0, (dom >> 8).to_bytes(3, "little"), 0)


def srat_mem(dom, base, length, flags):
    return struct.pack("<BBIHQQIIQ", 1, 40, dom, 0, base, length, 0, flags, 0)


def srat_x2(dom, apic_id, flags):
    return struct.pack("<BBHIIIII", 2, 24, 0, dom, apic_id, flags, 0, 0)


def main():
    os.makedirs(OUT, exist_ok=True)
    mmap = struct.pack("<II", 24, 0) + b"".join(
        struct.pack("<QQII", b, l, t, 0)
        for b, l, t in [(0, 0x9FC00, 1), (0x9FC00, 0x400, 2), (0xF0000, 0x10000, 2),
                        (0x100000, 0x7EE0000, 1), (0x7FE0000, 0x20000, 3)])
    seeds = {
        "mb2_minimal.bin": mb2([]),
        "mb2_grub.bin": mb2([
            mb2_tag(1, b"console=com1 max_cpus=4\0"),
            mb2_tag(2, b"GRUB 2.06\0"),
            mb2_tag(3, struct.pack("<II", 0x200000, 0x210000) + b"mgmt.elf\0"),
            mb2_tag(4, struct.pack("<II", 639, 130048)),
            mb2_tag(6, mmap),
            mb2_tag(8, struct.pack("<QIIIBBH", 0xFD000000, 4096, 1024, 768, 32, 1, 0)),
            mb2_tag(14, rsdp_v1(0x7FE0000)),
            mb2_tag(15, rsdp_v2(0x7FE0000, 0x7FE1000)),
        ]),
        "rsdp_v1.bin": rsdp_v1(0x7FE0000),
        "rsdp_v2.bin": rsdp_v2(0x7FE0000, 0x7FE1000),
        "madt_qemu.bin": madt([lapic(0, 0, 1), lapic(1, 1, 1), ioapic(0, 0xFEC00000, 0), iso(0, 0, 2, 0),
                               iso(0, 9, 9, 0xD), bytes([4, 6, 0xFF, 5, 0, 1])]),
        "madt_x2apic.bin": madt([lapic(0, 0, 1), x2apic(0, 1, 0), x2apic(300, 1, 300), x2apic(301, 2, 301),
                                 struct.pack("<BBHQ", 5, 12, 0, 0xFEE00000)], flags=0),
        "srat_two_nodes.bin": srat([srat_lapic(0, 0, 1), srat_lapic(1, 1, 1), srat_x2(1, 300, 1),
                                    srat_mem(0, 0, 0x40000000, 1), srat_mem(1, 0x40000000, 0x40000000, 3)]),
        "rsdt.bin": table(b"RSDT", struct.pack("<III", 0x7FE2000, 0, 0x20000)),
    }
    for name, data in seeds.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
