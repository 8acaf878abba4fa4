#!/usr/bin/python3
"""Issue #12 check: channelmap's Di, and its percolation radii, against independent oracles
on structures with strongly unequal radii.

Usage: run_clearance_oracle.py CHANNELMAP SHARED_STRUCTURES LIST [--check di|percolation]
                               [--tol 1e-4] [--spacing 0.25]
LIST: one path per line, relative to SHARED_STRUCTURES (# starts a comment). For each file,
`CHANNELMAP inspect FILE --json --no-energy` gives the spheres and channelmap's values; the
oracle computes its own from those spheres alone.
- `--check di` (default): Di against the local-maximisation oracle (clearance_maxima.py); fails
  when any |Di - oracle| > tol or channelmap's Di exceeds the oracle's certified upper bound.
- `--check percolation`: Rf along a, b, c (Df / 2 per axis: `rf_axis_A`) and Rf_1D/2D/3D against
  the saddle oracle (clearance_saddles.py), which is told to look down to 0.05 A below the lowest
  of channelmap's six values (a value of channelmap's too high by more than that would leave the
  oracle without an answer there, and fail too); fails when any of the six differs by more than
  tol, or when one side has a value and the other not.
Prints one line per structure.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clearance_maxima  # noqa: E402
import clearance_saddles  # noqa: E402


def percolation_values(rep):
    return rep["rf_axis_A"] + [rep["rf_1d_A"], rep["rf_2d_A"], rep["rf_3d_A"]]


def check_percolation(rep, tol):
    """(ok, largest |difference|, text) for one structure."""
    mine = percolation_values(rep)
    known = [v for v in mine if v is not None]
    t_lo = (min(known) if known else 0.0) - 0.05
    o = clearance_saddles.oracle(rep, t_lo)
    theirs = o["rf_axis_A"] + o["rf_kd_A"]
    ok, worst, cols = True, 0.0, []
    for a, b in zip(mine, theirs):
        if a is None or b is None:
            ok &= a is None and b is None
            cols.append(f"{'-' if a is None else f'{a:.5f}'}/{'-' if b is None else f'{b:.5f}'}")
            continue
        d = a - b
        worst = max(worst, abs(d))
        ok &= abs(d) <= tol
        cols.append(f"{a:8.5f} {d:+8.1e}")
    ok &= o["failed_ascents"] == 0
    text = " ".join(cols) + f"  saddles {o['saddles']} maxima {o['maxima']}"
    if o["failed_ascents"]:
        text += f" failed ascents {o['failed_ascents']}"
    return ok, worst, text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("channelmap")
    ap.add_argument("shared")
    ap.add_argument("list")
    ap.add_argument("--tol", type=float, default=1e-4)
    ap.add_argument("--spacing", type=float, default=0.25)
    ap.add_argument("--options", default="", help="extra options for inspect")
    ap.add_argument("--check", choices=["di", "percolation"], default="di")
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
    if a.check == "di":
        print(f"{'structure':60s} {'radii':>12s} {'Di':>9s} {'oracle':>9s} {'diff':>9s}")
    else:
        print(f"{'structure':60s} {'radii':>12s} Rf_a, Rf_b, Rf_c, Rf_1D, Rf_2D, Rf_3D (A) and "
              "channelmap - oracle")
    for rel in paths:
        path = os.path.join(a.shared, rel)
        with tempfile.NamedTemporaryFile(suffix=".json") as tmp:
            cmd = [a.channelmap, "inspect", path, "--json", "--no-energy"] + a.options.split()
            subprocess.run(cmd, stdout=tmp, check=True)
            tmp.seek(0)
            rep = clearance_maxima.load_report(tmp.read().decode())
        radii = [s["radius_A"] for s in rep["framework"]["spheres"]]
        if a.check == "percolation":
            ok, diff, text = check_percolation(rep, a.tol)
            worst = max(worst, diff)
            bad += not ok
            print(f"{rel[-60:]:60s} {min(radii):5.2f}-{max(radii):5.2f} {text}"
                  f"{'' if ok else '  FAIL'}", flush=True)
            continue
        o = clearance_maxima.oracle(rep, a.spacing)
        di = rep["di_A"]
        diff = di - o["di_A"]
        worst = max(worst, abs(diff))
        ok = abs(diff) <= a.tol and di <= o["grid_di_upper_A"] + 1e-9
        bad += not ok
        print(f"{rel[-60:]:60s} {min(radii):5.2f}-{max(radii):5.2f} {di:9.5f} {o['di_A']:9.5f} "
              f"{diff:+9.2e}{'' if ok else '  FAIL'}", flush=True)
    what = "Di" if a.check == "di" else "Rf"
    print(f"{len(paths)} structures, {bad} outside {a.tol} A, largest |{what} - oracle| {worst:.2e} A, "
          f"{time.time() - t0:.1f} s")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
