#!/usr/bin/env python3
"""Writes the seed corpus of fuzz_sched (deterministic; rerun after changing
the input format). Each file: one header byte (policies of the two pools,
bit 6 = fixed-quantum mode, bit 7 = exact driver with the audit), then operations of 2+ bytes (see fuzz_sched.cpp)."""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus")


def ops_add_all(rng):
    b = []
    for k in range(9):
        # op 0 add vCPU k: server, budget, period, bad-period, prio, rt, mask
        b += [0, k, k % 6, 10 + k, 20 + k, 1, k % 10, 1 + k, 0x80]
    return b


def ops_wake_all():
    b = []
    for k in range(9):
        b += [2, k]
    return b


def scripted(header, rng, n_random):
    b = [header] + ops_add_all(rng) + ops_wake_all()
    for _ in range(n_random):
        op = rng.randrange(12)
        b += [op, rng.randrange(256)] + [rng.randrange(256) for _ in range(rng.choice([0, 1, 2, 7]))]
    return bytes(b)


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = random.Random(20261123)
    seeds = {
        "gedf_pedf_events.bin": scripted(0x08, rng, 200),      # edf:global + edf:partitioned
        "fp_dm_quantum.bin": scripted(0x40 | 6 | (3 << 3), rng, 200),
        "rm_fp_moves.bin": scripted(5 | (6 << 3), rng, 300),
        "dm_rm_mixed.bin": scripted(2 | (4 << 3), rng, 300),
        "all_random.bin": bytes(rng.randrange(256) for _ in range(600)),
    }
    # Event-driven run: everyone added and woken, then only "serve next event".
    ev = [0x01] + ops_add_all(rng) + ops_wake_all() + [7, 0] * 150
    seeds["event_driven.bin"] = bytes(ev)
    # Exact driver (header bit 7): the audit runs after every step.
    seeds["exact_gedf_pedf.bin"] = scripted(0x80 | 0x08, rng, 300)
    seeds["exact_global_global.bin"] = scripted(0x80 | 0 | (2 << 3), rng, 300)
    seeds["exact_fp_quantum.bin"] = scripted(0x80 | 0x40 | 6 | (3 << 3), rng, 300)
    seeds["exact_random.bin"] = bytes([0x80]) + bytes(rng.randrange(256) for _ in range(800))
    # Periodic servers only, time moving through their events (op 6).
    per = [0x80 | (2 << 3)]
    for k in range(9):
        per += [0, k, 1, 10 + 3 * k, 30 + k, 1, k % 10, 1 + k, 0x80]
    per += ops_wake_all()
    for i in range(200):
        per += [6, rng.randrange(256)] + ([3, rng.randrange(9)] if i % 3 == 0 else [2, rng.randrange(9)])
    seeds["exact_periodic_servers.bin"] = bytes(per)
    for name, data in seeds.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
