#!/usr/bin/env python3
"""Writes the seed corpus of fuzz_hcall: small step programs in the format
fuzz_hcall.cpp reads (one op byte, then its operands). Run from anywhere;
writes next to this script."""
import os
import struct

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


def small(v):  # arg selector 0: byte % 4
    return bytes([0, v])


def byte(v):  # arg selector 2: one byte
    return bytes([2, v])


def gpa(v):  # arg selector 4: 16-bit gpa
    return bytes([4, v >> 8, v & 0xFF])


def window(slot):  # arg selector 5: a grant-map window gfn
    return bytes([5, slot])


def gfn(v):  # arg selector 6
    return bytes([6, v])


def call(who, number, *args, install_fails=False):
    args = list(args) + [small(0)] * (5 - len(args))
    out = bytes([0, who, number]) + b"".join(args)
    if number & 0xF0 == 0x30:  # grant calls: one byte says whether the EPT install fails
        out += bytes([0 if install_fails else 1])
    return out


def poke(who, at, data):
    assert len(data) < 48
    return bytes([4, who, at >> 8, at & 0xFF, len(data)]) + data


def virq(who, v):
    return bytes([5, who, v])


def ack(who, keep_mask=b"\0" * 8):
    return bytes([6, who]) + keep_mask + bytes([1])


def replace(who):
    return bytes([7, 0, who])


def events():
    return b"".join([
        call(1, 0x20, small(2)),            # 1: alloc_unbound(2) -> port 1
        call(2, 0x21, small(1), small(1)),  # 2: bind_interdomain(1, 1)
        call(1, 0x23, small(1)),            # 1: send(1)
        call(2, 0x25, small(1)),            # 2: mask(1)
        ack(2),
        call(1, 0x23, small(1)),            # send while masked
        call(2, 0x26, small(1)),            # unmask: notifies
        call(2, 0x27, byte(0xF0)),          # upcall vector
        call(1, 0x24, small(1)),            # close: 2's port unbound
        call(1, 0x21, small(2), small(1)),  # rebind
        replace(2),
        call(1, 0x23, small(1)),
    ])


def grants():
    return b"".join([
        call(1, 0x30, small(2), gfn(3), small(0)),  # grant page 3 to 2 -> ref 0
        call(1, 0x30, small(2), gfn(4), small(1)),  # read-only -> ref 1
        call(2, 0x32, small(1), small(0), small(0)),  # map ref 0
        call(2, 0x32, small(1), small(1), small(0)),  # writable map of read-only: EPERM
        call(2, 0x32, small(1), small(1), small(1)),  # read-only map
        call(1, 0x31, small(0)),                    # revoke while mapped: EBUSY
        call(2, 0x33, window(0)),                   # unmap
        call(1, 0x31, small(0)),                    # revoke
        call(0, 0x32, small(1), small(1), small(1)),  # not the grantee
        replace(1),                                 # granter dies with a mapping out
        call(2, 0x33, window(1)),
        call(2, 0x30, small(1), gfn(2), small(0)),  # new domain 1 is granted a page
        call(1, 0x32, small(2), small(0), small(0), install_fails=True),  # EPT install fails
        call(1, 0x32, small(2), small(0), small(0)),
        call(2, 0x31, small(0)),                    # EBUSY
        replace(1),                                 # the mapper dies
        call(2, 0x31, small(0)),                    # the grant to it is gone: ENOENT
    ])


def privileged():
    create = struct.pack("<IIQII", 0, 0, 0x3000, 12, 0)
    sched = struct.pack("<IIQQII", 3, 1, 4_000_000, 10_000_000, 1, 0) + struct.pack("<Q", 3)
    return b"".join([
        poke(0, 0x2000, create),
        poke(0, 0x3000, b"name = \"x\"\nk"),
        call(0, 0x40, gpa(0x2000)),                  # domctl_create
        call(1, 0x40, gpa(0x2000)),                  # EPERM
        call(0, 0x44, small(1), gpa(0x1000)),        # get_info
        poke(0, 0x1800, sched),
        call(0, 0x47, small(1), small(0), gpa(0x1800)),  # set_vcpu_sched (mask word 0 only)
        call(0, 0x45, gpa(0x1000), byte(8)),         # list
        call(0, 0x50, gpa(0x1000)),                  # physinfo
        call(0, 0x5A),                               # numa split
        call(2, 0x55, small(1), small(3)),           # EPERM
    ])


def virqs():
    return b"".join([
        call(1, 0x22, small(0)),   # bind timer virq
        call(1, 0x22, small(0)),   # EEXIST
        call(1, 0x22, small(1)),   # console virq
        virq(1, 0), virq(1, 0), ack(1), virq(1, 1),
        virq(2, 0),                # not bound
        call(1, 0x23, small(1)),   # send on a virq port: EINVAL
        call(0, 0x10), call(0, 0x11), call(0, 0x12, byte(7)), call(0, 0x13, small(3)),
        call(0, 0x00, gpa(0x100), byte(16)),
        bytes([0, 1, 0xFF]) + struct.pack("<Q", 0xFFFFFFFFFFFFFFFF) + small(0) * 5,  # raw number
    ])


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, data in [("events.bin", events()), ("grants.bin", grants()),
                       ("privileged.bin", privileged()), ("virqs.bin", virqs()),
                       ("noise.bin", bytes((i * 37 + 11) & 0xFF for i in range(400)))]:
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
