#!/usr/bin/env python3
"""Write docs/performance.md's table of hypervisor paths measured from a
guest under Bochs, from the serial logs of the `bench` system tests
(`ctest --test-dir build -L bench` leaves them in build/system-tests/).

usage: tools/bochs_bench_table.py [--logs build/system-tests] [--doc docs/performance.md]

The table sits between `<!-- generated:bochs-bench -->` and
`<!-- /generated:bochs-bench -->`; only that text is replaced. With one
emulated CPU a TSC tick is one emulated instruction, so the figures are
instruction counts, the same on every run of the same code.
"""
import argparse
import os
import re
import statistics
import sys


def figures(path, what):
    vals = []
    with open(path, errors="replace") as f:
        for line in f:
            m = re.search(r"bench: " + what + r" n=(\d+) ticks_per_op=(\d+)", line)
            if m:
                vals.append((int(m.group(1)), int(m.group(2))))
    return vals


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--logs", default="build/system-tests")
    ap.add_argument("--doc", default="docs/performance.md")
    a = ap.parse_args()
    null = figures(os.path.join(a.logs, "bench_null_hypercall", "serial.log"), "null")
    yld = figures(os.path.join(a.logs, "bench_vcpu_switch", "serial.log"), "yield")
    if not null or not yld:
        sys.exit("bochs_bench_table.py: no bench figures in " + a.logs + " (run ctest -L bench first)")
    per_yield = statistics.median(t for _, t in yld)
    body = [
        "| path | emulated ticks per operation |",
        "| --- | --- |",
        "| null hypercall round trip (`console_write` of length 0: VM exit, CPL check, `hcall::decode`, "
        f"dispatch, VM entry) | {null[0][1]:,} (n = {null[0][0]:,}) |",
        "| `sched_yield` between two vCPUs on one pCPU (two vCPU switches: exit, scheduler decision, "
        "guest debug registers, KERNEL_GS_BASE and FXSAVE saved, VMCLEAR, VMPTRLD + host state, "
        "restored, entry) | "
        + " and ".join(f"{t:,}" for _, t in yld)
        + f" per yield in the two vCPUs (n = {yld[0][0]:,} each), so about {per_yield / 2:,.0f} per "
        "vCPU-to-vCPU switch |",
    ]
    with open(a.doc) as f:
        text = f.read()
    new, n = re.subn(r"<!-- generated:bochs-bench -->\n.*?<!-- /generated:bochs-bench -->",
                     "<!-- generated:bochs-bench -->\n" + "\n".join(body) + "\n<!-- /generated:bochs-bench -->",
                     text, flags=re.S)
    if n != 1:
        sys.exit("bochs_bench_table.py: no generated:bochs-bench block in " + a.doc)
    with open(a.doc, "w") as f:
        f.write(new)
    print("bochs_bench_table.py: wrote the Bochs path table into", a.doc)


if __name__ == "__main__":
    main()
