#!/usr/bin/env python3
"""Write the reproduction tables of docs/results.md from the CSV files that
`tactus-sim experiment ... --csv FILE` writes (`./tactus plots` runs it).

usage: tools/results_tables.py [--in DIR] [--doc docs/results.md]

Every table sits between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`
lines in the document; only the text between them is replaced, so the tables
are never edited by hand. NAME is one of:
  table2.2     miss ratio per domain, normal and overloaded (table2.2.csv)
  table4.2     CPU shares of the RT and the non-RT vCPUs (table4.2.csv)
  servers      PTPS / WCPS / CRPS at U_W = 0.9, ETF 1 (servers.csv)
  servers-all  lowest-domain DMR at the other U_W (servers.csv)
  etf          lowest-domain DMR per ETF (etf.csv)
  ch3          analysis / simulation fractions, every column (ch3.csv)
  ch3-phases   simulated fractions, zero / random phases (ch3.csv, ch3_phases.csv)
A block whose CSV is missing is left as it is. Plain Python 3, no packages.
"""
import argparse
import csv
import os
import re
import sys


def rows(path):
    with open(path, newline="") as f:
        r = csv.reader(f)
        next(r)
        return [row for row in r if row]


def pct(x, digits=2):
    return f"{100 * float(x):.{digits}f}%"


def table(header, body):
    out = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in body]
    return "\n".join(out)


def t_table22(src):
    data = rows(os.path.join(src, "table2.2.csv"))
    body = [[r[0], r[1]] + [("0" if float(x) == 0 else pct(x)) for x in r[2:7]] for r in data]
    return table(["server", "case", "dom1", "dom2", "dom3", "dom4", "dom5"], body)


def t_table42(src):
    body = []
    for r in rows(os.path.join(src, "table4.2.csv")):
        n = int(r[0])
        others = r[2:-1] if n > 0 else []
        each = "–" if not others else " / ".join(sorted({pct(x, 3) for x in others}))
        busy = pct(r[-1], 3) if n > 0 else pct(r[1], 3)
        body.append([n, pct(r[1], 3), each, busy])
    return table(["busy non-RT vCPUs", "RT vCPU", "each non-RT vCPU", "pCPU busy"], body)


def servers_index(src):
    idx = {}
    for r in rows(os.path.join(src, "servers.csv")):
        uw, periods, etf, server = r[0], r[1], r[2], r[3]
        idx[(uw, periods, etf, server)] = r
    return idx


PERIODS = ["550-650", "350-850", "100-1100"]
SERVERS = ["periodic", "wcps", "crps"]


def t_servers(src):
    idx = servers_index(src)
    body = []
    for p in PERIODS:
        rs = [idx.get(("0.9", p, "1", s)) for s in SERVERS]
        if None in rs:
            continue
        body.append([p.replace("-", "–"), f"{float(rs[0][4]):.3f}", f"{float(rs[0][5]):.3f}"] +
                    [pct(r[7]) for r in rs] + [pct(r[6]) for r in rs] +
                    [" / ".join(f"{float(r[8 + 10]):.2f}" for r in rs)])
    return table(["periods (ms)", "U_W", "U_RM", "lowest domain DMR PTPS", "WCPS", "CRPS",
                  "all domains PTPS", "WCPS", "CRPS", "median response/deadline, lowest (PTPS / WCPS / CRPS)"],
                 body)


def t_servers_all(src):
    idx = servers_index(src)
    body = []
    for uw in ["0.7", "0.8", "1"]:
        for p in PERIODS:
            rs = [idx.get((uw, p, "1", s)) for s in SERVERS]
            if None in rs:
                continue
            body.append([uw, p.replace("-", "–")] + [pct(r[7]) for r in rs])
    return table(["U_W", "periods (ms)", "PTPS", "WCPS", "CRPS"], body)


def t_etf(src):
    idx = {}
    for r in rows(os.path.join(src, "etf.csv")):
        idx[(r[0], r[2], r[3])] = r
    etfs = sorted({k[1] for k in idx}, key=lambda e: -float(e))
    body = []
    for uw in sorted({k[0] for k in idx}, key=float):
        cells = []
        for s in SERVERS:
            vals = [idx.get((uw, e, s)) for e in etfs]
            cells.append(" / ".join(pct(v[7]) if v else "–" for v in vals))
        body.append([uw] + cells)
    head = "lowest-domain DMR at ETF " + " / ".join(f"{100 * float(e):.0f}%" for e in etfs)
    return head + "\n\n" + table(["U_W", "PTPS", "WCPS", "CRPS"], body)


CH3_COLS = [("pEDF", "pEDF", "periodic"), ("pEDF", "gEDF", "periodic"), ("gEDF", "pEDF", "periodic"),
            ("gEDF", "gEDF", "periodic"), ("pEDF", "pEDF", "deferrable"), ("pEDF", "gEDF", "deferrable"),
            ("gEDF", "pEDF", "deferrable"), ("gEDF", "gEDF", "deferrable")]


def ch3_index(path):
    return {(f"{float(r[0]):.1f}", r[1], r[2], r[3]): r for r in rows(path)}


def t_ch3(src):
    idx = ch3_index(os.path.join(src, "ch3.csv"))
    us = sorted({k[0] for k in idx}, key=float)
    body = []
    for u in us:
        cells = []
        for c in CH3_COLS:
            r = idx.get((u,) + c)
            cells.append(f"{float(r[4]):.2f} / {float(r[5]):.2f}" if r else "–")
        body.append([u] + cells)
    head = ["U"] + [f"{g}/{h} {'per' if s == 'periodic' else 'def'}" for g, h, s in CH3_COLS]
    viol = sum(int(r[7]) for r in idx.values())
    return table(head, body) + f"\n\nAnalysis-schedulable sets that miss a deadline, all columns: **{viol}**."


def t_ch3_phases(src):
    zero = ch3_index(os.path.join(src, "ch3.csv"))
    rnd = ch3_index(os.path.join(src, "ch3_phases.csv"))
    cols = CH3_COLS[:4] + [("gEDF", "gEDF", "deferrable")]
    body = []
    for u in sorted({k[0] for k in rnd}, key=float):
        if not 3.3 <= float(u) <= 4.7:
            continue
        cells = []
        for c in cols:
            a, b = zero.get((u,) + c), rnd.get((u,) + c)
            cells.append(f"{float(a[5]):.2f} / {float(b[5]):.2f}" if a and b else "–")
        body.append([u] + cells)
    viol = sum(int(r[7]) for r in rnd.values())
    return (table(["U", "pEDF/pEDF", "pEDF/gEDF", "gEDF/pEDF", "gEDF/gEDF", "gEDF/gEDF def"], body) +
            f"\n\nAnalysis-schedulable sets that miss with random phases, all columns: **{viol}**.")


# Thesis Table 4.4: deadline miss ratios of RT 1-11 in RT-OpenStack+RT-Xen,
# RT-OpenStack+Credit, OpenStack+RT-Xen, OpenStack+Credit.
THESIS_44 = [("0%", "3%", "9%", "37%"), ("0%", "1%", "0%", "31%"), ("0%", "54%", "0%", "61%"),
             ("0%", "35%", "0%", "13%"), ("0%", "21%", "2%", "75%"), ("0%", "14%", "0%", "29%"),
             ("0%", "0%", "0%", "30%"), ("0%", "0%", "0%", "36%"), ("0%", "51%", "41%", "73%"),
             ("0%", "35%", "11%", "47%"), ("0%", "0%", "0%", "32%")]


def t_openstack(src):
    data = rows(os.path.join(src, "openstack.csv"))
    vms = [r for r in data if r[0].startswith("RT ")]
    body = []
    for i in range(max(len(vms), len(THESIS_44))):
        ours = vms[i][1:] if i < len(vms) else ["–"] * 4
        thesis = THESIS_44[i] if i < len(THESIS_44) else ("–",) * 4
        cells = [f"{'0' if x == '–' or float(x) == 0 else pct(x, 1)} ({t})" if x != "–" else f"– ({t})"
                 for x, t in zip(ours, thesis)]
        body.append([f"RT {i + 1}"] + cells)
    share = {r[0]: r[1:] for r in data if r[0].startswith("nonrt_")}
    body.append(["non-RT CPU per vCPU, slowest / mean"] + [
        f"{pct(a, 1)} / {pct(b, 1)}" for a, b in zip(share["nonrt_min_share"], share["nonrt_mean_share"])])
    misses = [sum(1 for r in vms if float(r[k + 1]) > 0) for k in range(4)]
    body.append(["RT VMs missing"] + [f"{m} of {len(vms)}" for m in misses])
    return table(["VM", "RT-OpenStack + RT-Xen 2.1", "RT-OpenStack + RR (Credit)",
                  "OpenStack + RT-Xen 2.1", "OpenStack + RR (Credit)"], body)


TABLES = {"openstack": (t_openstack, ["openstack.csv"]),
          "table2.2": (t_table22, ["table2.2.csv"]), "table4.2": (t_table42, ["table4.2.csv"]),
          "servers": (t_servers, ["servers.csv"]), "servers-all": (t_servers_all, ["servers.csv"]),
          "etf": (t_etf, ["etf.csv"]), "ch3": (t_ch3, ["ch3.csv"]),
          "ch3-phases": (t_ch3_phases, ["ch3.csv", "ch3_phases.csv"])}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--in", dest="src", default="build/results")
    ap.add_argument("--doc", default="docs/results.md")
    a = ap.parse_args()
    with open(a.doc) as f:
        text = f.read()
    written = 0

    def fill(m):
        nonlocal written
        name = m.group(1)
        if name not in TABLES:
            sys.exit(f"results_tables.py: unknown block {name}")
        fn, needs = TABLES[name]
        if not all(os.path.exists(os.path.join(a.src, n)) for n in needs):
            return m.group(0)
        written += 1
        return f"<!-- generated:{name} -->\n{fn(a.src)}\n<!-- /generated:{name} -->"

    text = re.sub(r"<!-- generated:([\w.-]+) -->\n.*?<!-- /generated:\1 -->", fill, text, flags=re.S)
    with open(a.doc, "w") as f:
        f.write(text)
    print(f"results_tables.py: {written} tables written into {a.doc}")


if __name__ == "__main__":
    main()
