#!/usr/bin/env python3
"""Writes the seed corpus of fuzz_vnet (deterministic; rerun after changing
the input format). Each file: one byte (the hostile domain's priority), then
operations (see fuzz_vnet.cpp): an op byte and its little-endian arguments."""
import os
import random
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus")


def tx_req(gref, offset, flags, rid, size):
    return bytes([0, gref]) + struct.pack("<HBHH", offset, flags, rid, size)


def seeds():
    yield "healthy", bytes([2]) + bytes([5, 10, 9, 5, 10, 9, 15, 0])
    yield "overrun", bytes([0]) + bytes([1]) + struct.pack("<I", 300 + 260) + bytes([9, 13, 5, 9])
    yield "bad_id", bytes([1]) + tx_req(4, 0, 0, 300, 64) + bytes([9, 13, 9])
    yield "bad_gref", bytes([1]) + tx_req(200, 0, 0, 1, 64) + bytes([9])
    yield "cross_page", bytes([1]) + tx_req(4, 4000, 0, 1, 200) + bytes([9])
    yield "bad_len", bytes([1]) + tx_req(4, 0, 0, 1, 0) + tx_req(4, 0, 0, 2, 2000) + bytes([9])
    yield "policy", bytes([0]) + bytes([10, 1, 1, 10, 0]) + bytes([14, 0, 10, 14, 1, 10, 6, 7, 8])
    yield "destroy", bytes([3]) + bytes([14, 0, 10, 6, 12, 9, 5, 9])
    yield "storm", bytes([0]) + bytes([11, 255, 11, 255, 9])
    yield "rx_hostile", bytes([0]) + bytes([3, 7, 0, 99, 4]) + struct.pack("<I", 400) + bytes([14, 0, 1, 9])
    # 14-byte frames both ways (the shortest valid Ethernet frame)
    yield "short_frames", bytes([0]) + bytes([5, 0, 14, 0, 0, 9, 15, 0, 15, 1])
    # req_prod moved ahead by 100 behind the netfront's back: the backend
    # answers 100 requests the netfront never made
    yield "responses_ahead", bytes([0, 1]) + struct.pack("<I", 400) + bytes([9, 14, 0, 1, 9, 14, 1, 1])
    rng = random.Random(13)
    for i in range(6):
        yield "random%d" % i, bytes(rng.randrange(256) for _ in range(200))


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, data in seeds():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
