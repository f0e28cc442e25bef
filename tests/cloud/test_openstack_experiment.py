"""`tactus-sim experiment openstack` (Table 4.4) end to end, short: Nova
places the VMs, the simulator runs each host. RT-OpenStack with RT-Xen
2.1-style scheduling misses no deadline; plain OpenStack's memory-only
placement overloads hosts and real-time VMs miss even under RT-Xen; the
non-real-time VMs make progress under RT-OpenStack. Environment: TACTUS_SIM
names tactus-sim."""

import csv
import os
import subprocess
import tempfile
import unittest

SIM = os.environ.get("TACTUS_SIM", "")


class Table44(unittest.TestCase):
    def test_headline(self):
        self.assertTrue(SIM and os.access(SIM, os.X_OK), "TACTUS_SIM not set")
        out = os.path.join(tempfile.mkdtemp(prefix="tactus-os-"), "openstack.csv")
        subprocess.run([SIM, "experiment", "openstack", "--time", "2s", "--csv", out],
                       check=True, capture_output=True)
        with open(out, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        header, data = rows[0], {r[0]: r[1:] for r in rows[1:]}
        col = {name: i for i, name in enumerate(header[1:])}
        rt = [v for k, v in data.items() if k.startswith("RT ")]
        self.assertGreaterEqual(len(rt), 8)
        rto, plain = col["RT-OpenStack+RT-Xen"], col["OpenStack+RT-Xen"]
        self.assertEqual([float(v[rto]) for v in rt], [0.0] * len(rt))
        self.assertGreater(sum(1 for v in rt if float(v[plain]) > 0), 0)
        self.assertGreater(float(data["nonrt_min_share"][rto]), 0.05)


if __name__ == "__main__":
    unittest.main(verbosity=2)
