#!/usr/bin/env python3
"""Render the reproduction figures of docs/results.md from the CSV files
that `tactus-sim experiment ... --csv FILE` writes.

usage: tools/plot_results.py [--in DIR] [--out DIR]

Reads (when present) DIR/table4.2.csv, DIR/servers.csv, DIR/etf.csv and
DIR/ch3.csv and writes small PNGs into OUT (default docs/img):
  table4.2.png   CPU share of the RT vCPU and of each non-RT vCPU
  servers.png    lowest-priority domain: response/deadline quantiles per server (Fig. 2.8 analogue)
  etf.png        lowest-priority domain DMR per U_W, ETF and server (Fig. 2.9 analogue)
  ch3.png        fraction of schedulable sets: analysis vs simulation (Figs. 3.5-3.8 analogue)
  ch3_phases.png the same with random vCPU phases (`experiment ch3 --phases random`)
Needs Debian's python3-matplotlib.
"""
import argparse
import csv
import os
import sys

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    sys.exit("plot_results.py: needs matplotlib (apt-get install python3-matplotlib)")


def rows(path):
    with open(path, newline="") as f:
        r = csv.reader(f)
        header = next(r)
        return header, [row for row in r if row]


def save(fig, out, name):
    path = os.path.join(out, name)
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)
    print("wrote", path)


def plot_table42(src, out):
    _, data = rows(src)
    fig, ax = plt.subplots(figsize=(5, 3))
    for row in data:
        n = int(row[0])
        vals = [float(x) * 100 for x in row[1:-1]]
        bottom = 0.0
        for i, v in enumerate(vals):
            ax.bar(n, v, bottom=bottom, color="tab:red" if i == 0 else "tab:blue", edgecolor="white")
            bottom += v
    ax.set_xlabel("busy non-RT vCPUs")
    ax.set_ylabel("CPU share (%)")
    ax.set_title("Table 4.2: RT vCPU (red) 4/10 ms vs non-RT")
    ax.set_ylim(0, 105)
    save(fig, out, "table4.2.png")


def plot_servers(src, out):
    _, data = rows(src)
    want = [r for r in data if float(r[0]) == 0.9]
    ranges = sorted({r[1] for r in want}, key=lambda s: int(s.split("-")[0]))
    fig, axes = plt.subplots(1, len(ranges), figsize=(3.2 * len(ranges), 3), sharey=True, squeeze=False)
    for ax, rng in zip(axes[0], ranges):
        for r in want:
            if r[1] != rng:
                continue
            q = [min(float(x), 3.0) for x in r[8:]]
            ps = [i * 5 for i in range(len(q))]
            ax.plot(q, ps, label="%s DMR %.2f%%" % (r[3], float(r[7]) * 100))
        ax.axvline(1.0, color="grey", lw=0.5)
        ax.set_title("periods %s ms" % rng, fontsize=9)
        ax.set_xlabel("response / deadline (clip 3)")
        ax.legend(fontsize=7)
    axes[0][0].set_ylabel("CDF (%) lowest domain")
    save(fig, out, "servers.png")


def plot_etf(src, out):
    _, data = rows(src)
    uws = sorted({float(r[0]) for r in data})
    fig, axes = plt.subplots(1, len(uws), figsize=(2.6 * len(uws), 3), sharey=True, squeeze=False)
    for ax, uw in zip(axes[0], uws):
        for server in ("periodic", "wcps", "crps"):
            pts = [(float(r[2]), float(r[7]) * 100) for r in data if float(r[0]) == uw and r[3] == server]
            pts.sort(reverse=True)
            ax.plot([str(int(e * 100)) for e, _ in pts], [d for _, d in pts], marker="o", label=server)
        ax.set_title("U_W = %.1f" % uw, fontsize=9)
        ax.set_xlabel("ETF (%) of 3 highest domains")
    axes[0][0].set_ylabel("DMR (%) lowest domain")
    axes[0][0].legend(fontsize=7)
    save(fig, out, "etf.png")


def plot_ch3(src, out, png="ch3.png", note=""):
    _, data = rows(src)
    fig, axes = plt.subplots(1, 2, figsize=(8, 3), sharey=True)
    for ax, server in zip(axes, ("periodic", "deferrable")):
        for guest in ("pEDF", "gEDF"):
            for host in ("pEDF", "gEDF"):
                sel = [r for r in data if r[1] == guest and r[2] == host and r[3] == server]
                u = [float(r[0]) for r in sel]
                line, = ax.plot(u, [float(r[5]) for r in sel], marker=".", label="sim %s/%s" % (guest, host))
                ax.plot(u, [float(r[4]) for r in sel], ls="--", color=line.get_color(), label="analysis %s/%s" % (guest, host))
        ax.set_title("%s server (guest/host)%s" % (server, note), fontsize=9)
        ax.set_xlabel("task set utilization")
    axes[0].set_ylabel("fraction schedulable")
    axes[1].legend(fontsize=6)
    save(fig, out, png)


def plot_openstack(src, out):
    header, data = rows(src)
    vms = [r for r in data if r[0].startswith("RT ")]
    fig, ax = plt.subplots(figsize=(8, 3))
    width = 0.8 / (len(header) - 1)
    for k, name in enumerate(header[1:]):
        xs = [i + k * width for i in range(len(vms))]
        ax.bar(xs, [float(r[k + 1]) * 100 for r in vms], width, label=name)
    ax.set_xticks([i + 0.4 - width / 2 for i in range(len(vms))])
    ax.set_xticklabels([r[0] for r in vms], fontsize=7)
    ax.set_ylabel("deadline miss ratio (%)")
    ax.set_title("Table 4.4: real-time VMs on 7 hosts, placement by Nova")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    save(fig, out, "table4.4.png")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--in", dest="src", default="build/results")
    ap.add_argument("--out", default="docs/img")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    done = 0
    for name, fn in (("table4.2.csv", plot_table42), ("servers.csv", plot_servers), ("etf.csv", plot_etf),
                     ("ch3.csv", plot_ch3), ("openstack.csv", plot_openstack),
                     ("ch3_phases.csv", lambda s, o: plot_ch3(s, o, "ch3_phases.png", ", random vCPU phases"))):
        path = os.path.join(a.src, name)
        if os.path.exists(path):
            fn(path, a.out)
            done += 1
    if not done:
        sys.exit("plot_results.py: no CSV files in " + a.src)


if __name__ == "__main__":
    main()
