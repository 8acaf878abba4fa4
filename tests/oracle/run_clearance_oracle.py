#!/usr/bin/python3
"""Issue #12 check: channelmap's Di against the independent local-maximisation oracle
(clearance_maxima.py) on structures with strongly unequal radii.

Usage: run_clearance_oracle.py CHANNELMAP SHARED_STRUCTURES LIST [--tol 1e-4] [--spacing 0.25]
LIST: one path per line, relative to SHARED_STRUCTURES (# starts a comment). For each file,
`CHANNELMAP inspect FILE --json --no-energy` gives the spheres and Di; the oracle gives its Di
from those spheres alone. Prints one line per structure; exits 1 when any |Di - oracle| > tol
or when channelmap's Di exceeds the oracle's certified upper bound.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clearance_maxima  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("channelmap")
    ap.add_argument("shared")
    ap.add_argument("list")
    ap.add_argument("--tol", type=float, default=1e-4)
    ap.add_argument("--spacing", type=float, default=0.25)
    ap.add_argument("--options", default="", help="extra options for inspect")
    a = ap.parse_args()
    paths = []
    with open(a.list) as fh:
        for line in fh:
            line = line.split("#")[0].strip()
            if line:
                paths.append(line)
    bad = 0
    worst = 0.0
    t0 = time.time()
    print(f"{'structure':60s} {'radii':>12s} {'Di':>9s} {'oracle':>9s} {'diff':>9s}")
    for rel in paths:
        path = os.path.join(a.shared, rel)
        with tempfile.NamedTemporaryFile(suffix=".json") as tmp:
            cmd = [a.channelmap, "inspect", path, "--json", "--no-energy"] + a.options.split()
            subprocess.run(cmd, stdout=tmp, check=True)
            tmp.seek(0)
            rep = json.load(tmp)
        if isinstance(rep, list):
            rep = rep[0]
        radii = [s["radius_A"] for s in rep["framework"]["spheres"]]
        o = clearance_maxima.oracle(rep, a.spacing)
        di = rep["di_A"]
        diff = di - o["di_A"]
        worst = max(worst, abs(diff))
        ok = abs(diff) <= a.tol and di <= o["grid_di_upper_A"] + 1e-9
        bad += not ok
        print(f"{rel[-60:]:60s} {min(radii):5.2f}-{max(radii):5.2f} {di:9.5f} {o['di_A']:9.5f} "
              f"{diff:+9.2e}{'' if ok else '  FAIL'}", flush=True)
    print(f"{len(paths)} structures, {bad} outside {a.tol} A, largest |Di - oracle| {worst:.2e} A, "
          f"{time.time() - t0:.1f} s")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
