"""The Dask path (issue #11, item 5b): tools/dask_describe.py on a LocalCluster of 2 worker
processes on loopback writes the tables `channelmap describe` writes, byte for byte (descriptor,
site, hop and error tables), with a file that fails among the inputs.

Environment: CHANNELMAP_BIN, CHANNELMAP_SOURCE; PYTHONPATH holds the module (tests/CMakeLists.txt).
"""
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

SOURCE = os.environ["CHANNELMAP_SOURCE"]
BIN = os.environ["CHANNELMAP_BIN"]
sys.path.insert(0, os.path.join(SOURCE, "tools"))
import dask_describe  # noqa: E402


class DaskDescribe(unittest.TestCase):
    def test_local_cluster_equals_cli(self):
        from dask.distributed import Client, LocalCluster

        with tempfile.TemporaryDirectory() as tmp:
            inp = os.path.join(tmp, "in")
            shutil.copytree(os.path.join(SOURCE, "structures"), inp)
            with open(os.path.join(inp, "broken.cif"), "w") as f:
                f.write("data_broken\n_cell_length_a 4\n")
            names = ("d.csv", "s.csv", "h.csv", "e.csv")
            cli = [os.path.join(tmp, "cli_" + n) for n in names]
            dask = [os.path.join(tmp, "dask_" + n) for n in names]
            r = subprocess.run([BIN, "describe", inp, "-o", cli[0], "--sites", cli[1],
                                "--hops", cli[2], "--errors", cli[3], "-j", "2"],
                               capture_output=True, text=True)
            self.assertEqual(r.returncode, 1, r.stderr)  # one input failed
            with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                              host="127.0.0.1", dashboard_address=None) as cluster, \
                    Client(cluster) as client:
                self.assertEqual(len(client.scheduler_info()["workers"]), 2)
                failed = dask_describe.run([inp], dask[0], dask[1], dask[2], dask[3], client,
                                           {"mobile": "Mg"})
            self.assertEqual(failed, 1)
            for a, b in zip(cli, dask):
                with self.subTest(table=os.path.basename(a)):
                    self.assertTrue(filecmp.cmp(a, b, shallow=False),
                                    open(a).read()[:300] + "\n---\n" + open(b).read()[:300])
            with open(cli[0]) as f:
                self.assertEqual(len(f.read().splitlines()), 1 + 4)  # header + 4 structures
            with open(cli[3]) as f:
                self.assertIn("broken.cif", f.read())


if __name__ == "__main__":
    unittest.main(verbosity=2)
