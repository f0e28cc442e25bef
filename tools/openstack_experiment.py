#!/usr/bin/python3
"""Thesis ch. 4, Table 4.4 in the simulator: a cloud of 7 hosts (§4.3.1),
real-time gaming VMs (2 tasks, periods 20-33 ms, WCETs 10-20 ms, gEDF
inside, interface from the MPR analysis) booted until refused, then 2-vCPU
non-real-time VMs until memory runs out. Placement is decided by Debian's
Nova pipeline (tests/cloud/nova_rig.py): RT-OpenStack (TactusRTFilter and
TactusRTWeigher with Nova's default filters and memory weigher) against
plain OpenStack (the default filters and memory weigher alone). Each
host's VMs are then simulated with the real scheduler core (tactus-sim
run): RT-Xen 2.1-style (real-time vCPUs above non-real-time ones, budget =
period for the latter, partitioned EDF pinned as the RT-Filter packed
them) against a non-real-time round robin standing in for Credit.
Prints the table and writes a CSV; deterministic for a seed."""

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "cloud"))

import nova_rig as rig  # noqa: E402
import tactus_analysis as ta  # noqa: E402

# (cores, memory GB) of hosts 0-6; core 0 holds domain 0 and the agent VM,
# which with XenServer take 4.2 GB (§4.3.1).
HOSTS = [(4, 8), (4, 8), (6, 12), (4, 16), (4, 16), (4, 16), (4, 16)]
RT_MEMORY_MB, NRT_MEMORY_MB, NRT_VCPUS = 1792, 3840, 2
UNIT_US = 100  # the MPR analysis' time unit: 0.1 ms


def gaming_vm(rnd):
    """Two tasks (ms) and the least-bandwidth gEDF interface over periods
    1 ... 29 ms: (vcpus, budget_us, period_us, tasks). A pair of tasks
    with no interface up to a domain's vCPU limit is drawn again."""
    while True:
        tasks = [(rnd.randint(20, 33), rnd.randint(10, 20)) for _ in range(2)]
        units = [(p * 10, c * 10, p * 10) for p, c in tasks]
        best = None
        for period_ms in range(1, 30):
            r = ta.gedf_interface(units, period_ms * 10, ta.MAX_DOMAIN_VCPUS)
            if r["ok"] and (best is None or
                            r["budget"] * best["period"] < best["budget"] * r["period"]):
                best = r
        if best is not None:
            return best["parallelism"], best["budget"] * UNIT_US, best["period"] * UNIT_US, tasks


def rt_specs(vm):
    vcpus, budget, period, _ = vm
    return {"tactus:rt": "true", "tactus:budget_us": str(budget),
            "tactus:period_us": str(period), "tactus:server": "deferrable"}


class Cloud:
    def __init__(self, conf_text, conf_path):
        rig.load_config(conf_path, conf_text)
        self.sch = rig.Scheduler()
        self.placed = {h: [] for h in range(len(HOSTS))}  # host -> [(instance, vm or None)]
        self.n = 0

    def states(self):
        out = []
        for h, (cores, gb) in enumerate(HOSTS):
            stats = {"tactus_rt_pcpus": cores - 1, "tactus_policy": "edf"}
            out.append(rig.host_state(f"host{h}", stats, gb * 1024 - 4300,
                                      [i for i, _ in self.placed[h]], cores))
        return out

    def boot(self, fl, vm):
        # Placement (allocation candidates) offers hosts with the memory.
        hosts = [s for s in self.states() if s.free_ram_mb >= fl.memory_mb]
        self.n += 1
        chosen = self.sch.select(hosts, rig.request(fl, n=self.n))
        if not chosen:
            return None
        h = int(chosen[0].host[4:])
        self.placed[h].append((rig.instance(self.n, chosen[0].host, fl), vm))
        return h


def scenario(h, placed, rtxen, seconds, seed):
    """The host's VMs as a tactus-sim scenario (rt pool = cores 1..n-1)."""
    cores = HOSTS[h][0] - 1
    rt = [(inst, vm) for inst, vm in sorted(placed, key=lambda p: p[0].uuid) if vm]
    vcpus = []
    for g, (_, vm) in enumerate(rt):
        split = ta.split_budget(vm[1] * 1000, vm[2] * 1000, vm[0])["budgets"]
        vcpus += [(b, vm[2] * 1000, g, True) for b in split]
    assignment = ta.host_capacity(vcpus, cores, "edf")["assignment"] if vcpus else []
    domains, k = [], 0
    for g, (inst, vm) in enumerate(rt):
        per = []
        for b in ta.split_budget(vm[1] * 1000, vm[2] * 1000, vm[0])["budgets"]:
            per.append({"budget": f"{b}ns", "cpus": str(assignment[k]), "rt": 1 if rtxen else 0})
            if not rtxen:
                per[-1]["budget"] = f"{vm[2]}us"
            k += 1
        domains.append({"name": f"rt{inst.uuid[-4:]}", "pool": "rt", "vcpus": vm[0],
                        "period": f"{vm[2]}us", "server": "deferrable", "vcpu": per,
                        "guest": "edf", "guest_placement": "global",
                        "tasks": [{"period": f"{p}ms", "wcet": f"{c}ms"} for p, c in vm[3]]})
    nrt = [inst for inst, vm in placed if not vm]
    for j, inst in enumerate(nrt):
        domains.append({"name": f"nrt{inst.uuid[-4:]}", "pool": "rt", "vcpus": NRT_VCPUS,
                        "period": "10ms", "rt": 0, "busy": True,
                        "vcpu": [{"cpus": str((2 * j + v) % cores)} for v in range(NRT_VCPUS)]})
    return {"name": f"host{h}", "duration": f"{seconds}s", "seed": seed,
            "pools": [{"name": "Pool-0", "cpus": "0"},
                      {"name": "rt", "cpus": f"1-{cores}" if cores > 1 else "1",
                       "server": "deferrable", "priority": "edf", "placement": "partitioned"}],
            "domains": domains}


def shift_cpus(s):
    # The rt pool's pCPUs are 1..n-1 (0 is domain 0's).
    for d in s["domains"]:
        for v in d.get("vcpu", []):
            if "cpus" in v:
                v["cpus"] = str(int(v["cpus"]) + 1)
    return s


def simulate(sim, s, tmp):
    path = os.path.join(tmp, s["name"] + ".json")
    out = path + ".out"
    with open(path, "w", encoding="utf-8") as f:
        json.dump(shift_cpus(s), f)
    subprocess.run([sim, "run", path, "--json", out], check=True, capture_output=True)
    with open(out, encoding="utf-8") as f:
        return {d["name"]: d for d in json.load(f)["domains"]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sim", default=os.path.join(ROOT, "build", "tools", "tactus-sim"))
    ap.add_argument("--time", type=float, default=10.0, help="simulated seconds per host")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--csv", default="")
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="tactus-openstack-")
    rnd = random.Random(a.seed)
    conf = os.path.join(tmp, "nova.conf")
    plain_text = rig.NOVA_CONF.replace(",TactusRTFilter", "").replace(
        ",tactus_nova.weighers.TactusRTWeigher", "")

    # RT-OpenStack: real-time VMs until refused, then non-real-time ones.
    vms = []
    rto = Cloud(rig.NOVA_CONF, conf)
    while True:
        vm = gaming_vm(rnd)
        if rto.boot(rig.flavor(vm[0], RT_MEMORY_MB, rt_specs(vm)), vm) is None:
            break
        vms.append(vm)
    clouds = {"RT-OpenStack": rto, "OpenStack": Cloud(plain_text, conf)}
    for vm in vms:
        clouds["OpenStack"].boot(rig.flavor(vm[0], RT_MEMORY_MB, rt_specs(vm)), vm)
    for c in clouds.values():
        while c.boot(rig.flavor(NRT_VCPUS, NRT_MEMORY_MB), None) is not None:
            pass

    rows = {}
    nrt_share = {}
    placement = {}
    for cname, c in clouds.items():
        placement[cname] = {h: (sum(1 for _, v in p if v), sum(1 for _, v in p if not v))
                            for h, p in c.placed.items()}
        for rtxen, sname in ((True, "RT-Xen"), (False, "RR")):
            key = f"{cname}+{sname}"
            shares = []
            for h, p in c.placed.items():
                if not p:
                    continue
                res = simulate(a.sim, scenario(h, p, rtxen, a.time, a.seed), tmp)
                for inst, vm in p:
                    if vm:
                        rows.setdefault(int(inst.uuid[-12:], 16), {})[key] = (
                            h, res[f"rt{inst.uuid[-4:]}"]["dmr"])
                    else:
                        shares.append(res[f"nrt{inst.uuid[-4:]}"]["cpu_share"] / NRT_VCPUS)
            nrt_share[key] = (min(shares), sum(shares) / len(shares)) if shares else (0, 0)
    keys = [f"{c}+{s}" for c in clouds for s in ("RT-Xen", "RR")]
    for cname in clouds:
        print(f"{cname} placement (host: rt VMs, non-rt VMs): " + ", ".join(
            f"{h}: {r}/{n}" for h, (r, n) in placement[cname].items()))
    print("VM     " + "".join(f"{k:>26}" for k in keys))
    out = [["vm"] + keys]
    for i, (n, r) in enumerate(sorted(rows.items()), 1):
        print(f"RT {i:<4}" + "".join(
            f"{'host %d' % r[k][0]:>14} {100 * r[k][1]:10.2f}%" for k in keys))
        out.append([f"RT {i}"] + [f"{r[k][1]:.4f}" for k in keys])
    print("non-rt min/mean CPU per vCPU " + "".join(
        f"{100 * nrt_share[k][0]:>13.1f}%/{100 * nrt_share[k][1]:.1f}%" for k in keys))
    out.append(["nonrt_min_share"] + [f"{nrt_share[k][0]:.4f}" for k in keys])
    out.append(["nonrt_mean_share"] + [f"{nrt_share[k][1]:.4f}" for k in keys])
    if a.csv:
        with open(a.csv, "w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows(out)


if __name__ == "__main__":
    main()
