"""The Tactus Nova plugins inside Debian's real Nova (python3-nova): loaded
by Nova's own filter and weigher handlers from a nova.conf, run over
HostState objects carrying the instances already placed, and compared with
domain 0's `admit` (through admit_probe, the toolstack's unit-test rig) for
the same numbers. A missing Nova or extension is an error, never a skip.
Environment: PYTHONPATH holds cloud/tactus_nova and the tactus_analysis
extension's directory; TACTUS_ADMIT_PROBE names admit_probe."""

import logging
import os
import random
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import nova_rig as rig  # noqa: E402  (imports Nova: fails loudly without it)
import tactus_analysis  # noqa: E402,F401  (the extension: fails loudly without it)
from tactus_nova import filters as rt_filters  # noqa: E402
from tactus_nova import weighers as rt_weighers  # noqa: E402

PROBE = os.environ.get("TACTUS_ADMIT_PROBE", "")
CONF_DIR = tempfile.mkdtemp(prefix="tactus-nova-")


def rt_specs(budget_us, period_us, server="deferrable"):
    return {"tactus:rt": "true", "tactus:budget_us": str(budget_us),
            "tactus:period_us": str(period_us), "tactus:server": server}


def tactus_stats(pcpus, policy):
    return {"tactus_rt_pcpus": pcpus, "tactus_policy": policy}


def scheduler(text=rig.NOVA_CONF):
    rig.load_config(os.path.join(CONF_DIR, "nova.conf"), text)
    return rig.Scheduler()


def admit_fits(pcpus, policy, placed, req):
    """What `admit` says for an rt pool of `pcpus` pCPUs holding `placed`
    (vcpus, budget_us per vCPU, period_us, server) and the request."""
    sched = "pedf" if policy == "edf" else "pfp"
    lines = [f"cpupool-create name=rt sched={sched} cpus=1-{pcpus}"]
    for i, (v, b, p, s) in enumerate(placed):
        lines.append(f"create name=vm{i} kernel=busy memory=1 vcpus={v} rt=1 server={s} "
                     f"budget={b}us period={p}us pool=rt")
    v, b, p, s = req
    lines.append(f"admit name=req kernel=busy memory=1 vcpus={v} rt=1 server={s} "
                 f"budget={b}us period={p}us pool=rt")
    out = subprocess.run([PROBE, str(pcpus + 1)], input="\n".join(lines) + "\n", text=True,
                         capture_output=True, check=True).stdout
    assert "error" not in out, out
    result = [ln for ln in out.splitlines() if ln.startswith("  result: ")]
    assert len(result) == 1, out
    return result[0].startswith("  result: fits"), out


def plugin_fits(sch, pcpus, policy, placed, req):
    instances = [rig.instance(i + 1, "h", rig.flavor(v, 512, rt_specs(b * v, p, s)))
                 for i, (v, b, p, s) in enumerate(placed)]
    host = rig.host_state("h", tactus_stats(pcpus, policy), 65536, instances, pcpus)
    v, b, p, s = req
    spec = rig.request(rig.flavor(v, 512, rt_specs(b * v, p, s)))
    return len(list(sch.get_filtered_hosts([host], spec))) == 1


class LoadedFromConfiguration(unittest.TestCase):
    def test_handlers_load_both_plugins(self):
        sch = scheduler()
        self.assertIn("TactusRTFilter", [type(f).__name__ for f in sch.enabled_filters])
        self.assertIn("ComputeFilter", [type(f).__name__ for f in sch.enabled_filters])
        names = [type(w).__name__ for w in sch.weighers]
        self.assertEqual(names, ["RAMWeigher", "TactusRTWeigher"])
        self.assertIsInstance(sch.enabled_filters[-1], rt_filters.TactusRTFilter)
        self.assertIsInstance(sch.weighers[-1], rt_weighers.TactusRTWeigher)


class AgreesWithAdmit(unittest.TestCase):
    # (pcpus, policy, placed [(vcpus, budget_us per vCPU, period_us, server)], request)
    CASES = [
        (1, "edf", [(1, 4000, 10000, "periodic")], (1, 5000, 10000, "periodic")),
        (1, "edf", [(1, 4000, 10000, "periodic")], (1, 7000, 10000, "periodic")),
        # docs/results.md's deferrable counterexample: 9/40 + 7/10 on one pCPU.
        (1, "edf", [(1, 9000, 40000, "deferrable")], (1, 7000, 10000, "deferrable")),
        (1, "edf", [(1, 9000, 40000, "periodic")], (1, 7000, 10000, "periodic")),
        (1, "dm", [(1, 5000, 10000, "periodic")], (1, 9000, 20000, "periodic")),
        (1, "dm", [(1, 5000, 10000, "periodic")], (1, 7000, 15000, "periodic")),
        (3, "edf", [(2, 9000, 10000, "deferrable")], (2, 6000, 10000, "deferrable")),
        (3, "edf", [(2, 9000, 10000, "deferrable")], (2, 4000, 10000, "deferrable")),
        (4, "dm", [(2, 7000, 10000, "deferrable"), (2, 6000, 15000, "periodic")],
         (2, 8000, 20000, "deferrable")),
    ]

    def setUp(self):
        self.assertTrue(PROBE and os.access(PROBE, os.X_OK), "TACTUS_ADMIT_PROBE not set")
        self.sch = scheduler()

    def check(self, case):
        fits, out = admit_fits(*case)
        self.assertEqual(plugin_fits(self.sch, *case), fits, f"{case}\n{out}")
        return fits

    def test_hand_picked_cases(self):
        verdicts = [self.check(c) for c in self.CASES]
        self.assertIn(True, verdicts)
        self.assertIn(False, verdicts)

    def test_random_cases(self):
        rnd = random.Random(17)
        verdicts = []
        for _ in range(60):
            pcpus = rnd.randint(1, 4)
            policy = rnd.choice(["edf", "dm"])

            def vm():
                v = rnd.randint(1, 3)
                p = rnd.choice([10000, 20000, 25000, 30000, 40000])
                return (v, rnd.randint(1, p // 1000) * 1000 // 2, p,
                        rnd.choice(["periodic", "deferrable"]))

            placed = [vm() for _ in range(rnd.randint(0, 4))]
            verdicts.append(self.check((pcpus, policy, placed, vm())))
        self.assertGreater(verdicts.count(True), 5)
        self.assertGreater(verdicts.count(False), 5)


class Refusals(unittest.TestCase):
    def setUp(self):
        self.sch = scheduler()
        self.good = rig.host_state("good", tactus_stats(2, "edf"), 8192, [])

    def refused(self, host, spec, words):
        with self.assertLogs("tactus_nova.filters", level=logging.INFO) as logs:
            passed = [h.host for h in self.sch.get_filtered_hosts([host], spec)]
        self.assertEqual(passed, [])
        self.assertTrue(any(words in line for line in logs.output), logs.output)

    def test_host_without_interface(self):
        spec = rig.request(rig.flavor(1, 512, rt_specs(2000, 10000)))
        self.refused(rig.host_state("bare", {}, 8192, []), spec, "no Tactus interface")
        self.refused(rig.host_state("bad", tactus_stats("x", "edf"), 8192, []), spec,
                     "out of range")
        self.refused(rig.host_state("bad", tactus_stats(2, "credit"), 8192, []), spec,
                     "is not edf or dm")

    def test_placed_vm_with_bad_interface(self):
        broken = rig.instance(1, "h", rig.flavor(1, 512, {"tactus:rt": "1"}))
        host = rig.host_state("h", tactus_stats(2, "edf"), 8192, [broken])
        spec = rig.request(rig.flavor(1, 512, rt_specs(2000, 10000)))
        self.refused(host, spec, "placed VM")

    def test_placed_vm_that_cannot_be_loaded(self):
        # As HostManager builds them, without a context to lazy-load from.
        from nova import objects
        bare = objects.Instance(uuid=rig.uuid_for(5))
        host = rig.host_state("h", tactus_stats(2, "edf"), 8192, [])
        host.instances = {bare.uuid: bare}
        spec = rig.request(rig.flavor(1, 512, rt_specs(2000, 10000)))
        self.refused(host, spec, "host unreadable")

    def test_out_of_range_requests(self):
        for specs, words in [
            (rt_specs(30000, 10000), "above 1 vCPU(s)"),
            (rt_specs(5, 10000), "below 10 per vCPU"),
            (rt_specs(1000, 0), "out of range"),
            (rt_specs(1000, 20_000_000), "out of range"),
            (rt_specs("-3", 10000), "not a positive integer"),
            (rt_specs(1000, 10000, "sporadic-ish"), "is not one of"),
            ({"tactus:rt": "maybe"}, "not a boolean"),
            ({"tactus:rt": "yes", "tactus:period_us": "10000"}, "without tactus:budget_us"),
        ]:
            self.refused(self.good, rig.request(rig.flavor(1, 512, specs)), words)
        self.refused(self.good, rig.request(rig.flavor(9, 512, rt_specs(9000, 10000))),
                     "vcpus=9 out of range")

    def test_weigher_never_raises(self):
        spec = rig.request(rig.flavor(1, 512, rt_specs(30000, 10000)))
        hosts = [rig.host_state("bare", {}, 8192, []), self.good]
        weighed = self.sch.get_weighed_hosts(hosts, spec)
        self.assertEqual(len(weighed), 2)


class Placement(unittest.TestCase):
    def setUp(self):
        self.sch = scheduler()

    def hosts(self):
        # "big" has the most free memory but the most real-time load.
        loaded = [rig.instance(i + 1, "big", rig.flavor(1, 256, rt_specs(6000, 10000)))
                  for i in range(2)]
        light = [rig.instance(10, "mid", rig.flavor(1, 256, rt_specs(2000, 10000)))]
        return [rig.host_state("big", tactus_stats(2, "edf"), 32768, loaded),
                rig.host_state("mid", tactus_stats(2, "edf"), 16384, light),
                rig.host_state("idle", tactus_stats(2, "edf"), 8192, []),
                rig.host_state("bare", {}, 65536, [])]

    def test_real_time_vm_goes_worst_fit_on_cpu(self):
        # spare after it: idle 1.6, mid 1.4, big 0.4 CPUs ("bare" reports nothing).
        spec = rig.request(rig.flavor(1, 512, rt_specs(4000, 10000)))
        order = [h.host for h in self.sch.select(self.hosts(), spec)]
        self.assertEqual(order, ["idle", "mid", "big"])

    def test_hints_carry_the_interface(self):
        spec = rig.request(rig.flavor(2, 512), hints=rt_specs(19000, 10000))
        order = [h.host for h in self.sch.select(self.hosts(), spec)]
        self.assertEqual(order, ["idle"])  # 1.9 CPUs: only the idle host packs it

    def test_non_real_time_vm_unaffected(self):
        spec = rig.request(rig.flavor(2, 512))
        with_plugins = [h.host for h in self.sch.select(self.hosts(), spec)]
        plain = scheduler(rig.NOVA_CONF.replace(",TactusRTFilter", "").replace(
            ",tactus_nova.weighers.TactusRTWeigher", ""))
        self.assertNotIn("TactusRTWeigher", [type(w).__name__ for w in plain.weighers])
        self.assertEqual(with_plugins, [h.host for h in plain.select(self.hosts(), spec)])
        self.assertEqual(with_plugins, ["bare", "big", "mid", "idle"])  # by free memory


if __name__ == "__main__":
    unittest.main(verbosity=2)
