#!/usr/bin/env python3
"""System-test harness: boot a Tactus ISO in an emulator and check its serial log.

Every system test is one call of this tool (see tests/system/CMakeLists.txt):

  harness.py --kernel build/hypervisor/tactus.elf --emulator bochs --cpus 4 \
      --cmdline exit_when_done --timeout 300 \
      --expect '^Tactus ' --expect-count 'CPU \\d+ online=4' --forbid 'EXCEPTION'

It builds (or reuses) an ISO for the kernel, command line and modules,
boots it with a fixed `ips` and `clock: sync=none`, watches the serial log
until every expectation is met and the emulator has powered itself off, or
the timeout passes (then the emulator is killed). Expectations:

  --expect RE          some line matches RE (checked in order: each after the previous match)
  --expect-count RE=N  exactly N lines match RE
  --forbid RE          no line matches RE
  --expect-equal RE=N  exactly N lines match RE and their first groups are all equal
  --exit-clean         the emulator powered itself off (did not time out)

On any failure it prints what failed and the whole serial log, then exits 1.
On success it prints one summary line with the wall time and, under Bochs,
the emulated instruction count, plus any --metric lines it was asked for.
"""
import argparse
import os
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "boot"))

import emulator  # noqa: E402
import mkiso  # noqa: E402


def parse_count(spec):
    regex, sep, n = spec.rpartition("=")
    if not sep or not n.isdigit():
        raise argparse.ArgumentTypeError(f"--expect-count wants RE=N, got '{spec}'")
    return re.compile(regex, re.M), int(n)


class Check:
    def __init__(self, args):
        self.expect = [re.compile(r, re.M) for r in args.expect]
        self.counts = args.expect_count
        self.forbid = [re.compile(r, re.M) for r in args.forbid]
        self.equal = args.expect_equal

    def failures(self, log):
        lines = log.splitlines()
        problems = []
        pos = 0
        for rx in self.expect:
            for i in range(pos, len(lines)):
                if rx.search(lines[i]):
                    pos = i + 1
                    break
            else:
                problems.append(f"missing (in order): /{rx.pattern}/")
        for rx, n in self.counts:
            got = sum(1 for line in lines if rx.search(line))
            if got != n:
                problems.append(f"expected {n} lines matching /{rx.pattern}/, found {got}")
        for rx, n in self.equal:
            values = [m.group(1) for m in (rx.search(line) for line in lines) if m]
            if len(values) != n or len(set(values)) != 1:
                problems.append(f"expected {n} equal values of /{rx.pattern}/, found {values}")
        for rx in self.forbid:
            for line in lines:
                if rx.search(line):
                    problems.append(f"forbidden /{rx.pattern}/ matched: {line.strip()}")
                    break
        return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--name", default="system test")
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--emulator", default="bochs", choices=["bochs", "qemu"])
    ap.add_argument("--cpus", type=int, default=1)
    ap.add_argument("--memory", type=int, default=128, help="MiB")
    ap.add_argument("--ips", type=int, default=emulator.DEFAULT_IPS)
    ap.add_argument("--cmdline", default="exit_when_done")
    ap.add_argument("--module", action="append", default=[], type=mkiso.parse_module)
    ap.add_argument("--timeout", type=float, default=300, help="wall seconds")
    ap.add_argument("--expect", action="append", default=[])
    ap.add_argument("--expect-count", action="append", default=[], type=parse_count)
    ap.add_argument("--forbid", action="append", default=[])
    ap.add_argument("--expect-equal", action="append", default=[], type=parse_count)
    ap.add_argument("--exit-clean", action="store_true")
    ap.add_argument("--metric", action="append", default=[],
                    help="RE: report the wall time and Bochs tick count when the first line matching RE appeared")
    ap.add_argument("--workdir", default=None)
    args = ap.parse_args()

    build_dir = os.path.dirname(os.path.dirname(os.path.abspath(args.kernel)))
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", args.name)
    workdir = args.workdir or os.path.join(build_dir, "system-tests", safe)
    os.makedirs(workdir, exist_ok=True)
    check = Check(args)

    iso = mkiso.cached_iso(args.kernel, os.path.join(build_dir, "system-tests", "isos"),
                           args.cmdline, args.module)
    emu = emulator.Emulator(args.emulator, iso, args.cpus, workdir, args.memory, args.ips)
    metrics = {rx: None for rx in args.metric}
    emu.start()
    timed_out = False
    try:
        while emu.running():
            elapsed = time.monotonic() - emu.started_at
            log = emu.read_serial()
            for rx in metrics:
                if metrics[rx] is None and re.search(rx, log, re.M):
                    metrics[rx] = elapsed
            if elapsed > args.timeout:
                timed_out = True
                break
            time.sleep(0.05)
    finally:
        emu.kill()
    wall = time.monotonic() - emu.started_at
    log = emu.read_serial()
    for rx in metrics:  # appeared between the last poll and the emulator's exit
        if metrics[rx] is None and re.search(rx, log, re.M):
            metrics[rx] = wall
    problems = check.failures(log)
    if timed_out:
        problems.append(f"timed out after {args.timeout:.0f} s (emulator killed)")
    if args.exit_clean and timed_out:
        problems.append("the emulator did not power itself off")
    ticks = emu.emulated_instructions()
    if problems:
        print(f"FAIL {args.name}: {args.emulator}, {args.cpus} CPU(s), {wall:.1f} s wall")
        for p in problems:
            print(f"  - {p}")
        print(f"----- serial log ({emu.serial_log}) -----")
        print(log if log else "(empty)")
        print("----- end of serial log -----")
        tail = ""
        try:
            with open(emu.emulator_log, errors="replace") as f:
                tail = "".join(f.readlines()[-30:])
        except FileNotFoundError:
            pass
        if tail:
            print(f"----- last lines of {emu.emulator_log} -----\n{tail}")
        return 1
    tick_text = f", {ticks} emulated ticks (ips {args.ips})" if ticks else ""
    print(f"PASS {args.name}: {args.emulator}, {args.cpus} CPU(s), {wall:.1f} s wall{tick_text}")
    for rx, t in metrics.items():
        print(f"  metric /{rx}/: first seen at {t:.1f} s wall" if t is not None else f"  metric /{rx}/: not seen")
    return 0


if __name__ == "__main__":
    sys.exit(main())
