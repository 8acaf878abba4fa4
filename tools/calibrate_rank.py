#!/usr/bin/python3
"""Fit the weights of channelmap's ranking score (src/rank.cpp) on published Mg barriers.

1. Runs `channelmap describe` on the structures of shared/reference/mg_barriers_train.csv
   (shared/structures/mg_barrier_set/): the program's own descriptors.
2. Computes the score terms from those columns with the formulas of src/rank.cpp and the lo/hi
   of include/channelmap/rank_weights.hpp (read from that file; keep the formulas in step).
3. Fits non-negative weights: non-negative least squares of the rank of -Em_min_eV on the term
   values (centred), weights scaled to sum to 1, then every weight raised to the floor
   `min_weight_share` of rank_weights.hpp (w = floor + (1 - n * floor) * w_nnls). The sign
   constraint keeps the score monotone in every descriptor.
4. Reports Spearman(score, -Em) in sample and under leave-one-out cross-validation (fit on n-1,
   score the held-out structure, Spearman over all held-out scores), the same for equal weights
   (no fit) and for each term alone, and prints the table lines to paste into rank_weights.hpp.

Usage (from the repository root, after building):
  /usr/bin/python3 tools/calibrate_rank.py [--bin build/channelmap] [--shared ../shared]
      [--scores out.csv] [--check]
--check exits with status 1 when the weights in rank_weights.hpp differ from the fit.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
import pandas as pd
from scipy.optimize import nnls
from scipy.stats import rankdata, spearmanr

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEADER = os.path.join(ROOT, "include", "channelmap", "rank_weights.hpp")

SPEC_RE = re.compile(
    r'\{"(\w+)",\s*"([^"]*)",\s*Better::(Higher|Lower),\s*([-+\d.eE]+),\s*([-+\d.eE]+),'
    r'\s*([-+\d.eE]+)\}')


def read_specs(path):
    text = open(path).read()
    table = text[text.index("BEGIN TERM TABLE"):text.index("END TERM TABLE")]
    specs = [dict(name=m[0], unit=m[1], better=m[2], lo=float(m[3]), hi=float(m[4]),
                  weight=float(m[5])) for m in SPEC_RE.findall(table)]
    floor = float(re.search(r"min_weight_share\s*=\s*([-+\d.eE]+)", text).group(1))
    return specs, floor


def describe(binary, files):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "d.csv")
        p = subprocess.run([binary, "describe", *files, "-o", out], capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit(f"channelmap describe failed:\n{p.stderr}")
        return pd.read_csv(out)


def ratio(x, r):
    """x / r with missing (NaN) kept; r must be positive."""
    return np.where(r > 0, x / r, np.nan)


def term_descriptors(d):
    """The descriptors of src/rank.cpp, one column per term (NaN = missing)."""
    r = d["mobile_radius_A"].to_numpy(float)
    rmob = [d[f"rmob_{k}d_A"].to_numpy(float) for k in (1, 2, 3)]
    t = pd.DataFrame(index=d.index)
    t["rmob_1d_ratio"] = ratio(rmob[0], r)
    t["percolation_dimensionality"] = np.where(
        r > 0, sum(np.clip(np.nan_to_num(ratio(x, r), nan=0.0), 0, 1) for x in rmob), np.nan)
    hop = ratio(d["best_hop_bottleneck_A"].to_numpy(float), r)
    t["hop_bottleneck_ratio"] = np.fmax(hop, t["rmob_1d_ratio"])  # fmax: NaN only if both are
    v = d["volume_per_anion_A3"].to_numpy(float)
    t["volume_per_anion"] = np.where(v > 0, v, np.nan)
    t["cn_change"] = np.abs(d["best_hop_cn_change"].to_numpy(float))  # size of the change, as rank.cpp
    cn = d["mobile_site_cn"].to_numpy(float)
    t["mobile_site_cn"] = np.where(cn >= 1, cn, np.nan)
    t["bvs_deviation"] = d["mobile_site_bvs_deviation_vu"].to_numpy(float)
    return t


def term_values(desc, specs):
    """Each descriptor mapped onto [0, 1] (1 = best), 0 when missing."""
    cols = []
    for s in specs:
        x = desc[s["name"]].to_numpy(float)
        t = (x - s["lo"]) / (s["hi"] - s["lo"])
        if s["better"] == "Lower":
            t = 1 - t
        cols.append(np.clip(np.nan_to_num(t, nan=0.0), 0, 1))
    return np.column_stack(cols)


def fit(X, y, floor):
    """Non-negative weights (sum 1, each >= floor) of the rank of y on the columns of X."""
    yr = rankdata(y)
    w, _ = nnls(X - X.mean(0), yr - yr.mean())
    n = X.shape[1]
    w = w / w.sum() if w.sum() > 0 else np.full(n, 1.0 / n)
    return floor + (1 - n * floor) * w


def rho(a, b):
    return spearmanr(a, b).correlation


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "channelmap"))
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--scores", help="write per-structure terms and scores to this CSV")
    ap.add_argument("--check", action="store_true",
                    help="exit 1 when rank_weights.hpp does not hold the fitted weights")
    a = ap.parse_args()

    specs, floor = read_specs(HEADER)
    labels = pd.read_csv(os.path.join(a.shared, "reference", "mg_barriers_train.csv"))
    folder = os.path.join(a.shared, "structures", "mg_barrier_set")
    d = describe(a.bin, [os.path.join(folder, f) for f in labels["file"]])
    d["key"] = d["file"].map(os.path.basename)
    if d["key"].duplicated().any() or len(d) != len(labels):
        sys.exit("expected one descriptor row per labelled file")
    d = labels.merge(d.drop(columns="file"), left_on="file", right_on="key", validate="1:1",
                     suffixes=("", "_described"))
    if (d["mobile_element"] != "Mg").any():
        sys.exit("the training set must be described with --mobile Mg")

    desc = term_descriptors(d)
    X = term_values(desc, specs)
    y = -d["Em_min_eV"].to_numpy(float)  # higher = better conductor
    n = len(y)

    print(f"training set: {n} structures with Em_min_eV ({(d['status'] == 'EXACT-DFT').sum()} "
          f"EXACT-DFT, {(d['status'] != 'EXACT-DFT').sum()} NEB-ENDPOINT-AS-IS)")
    print("\nSpearman of each term alone with -Em (missing counts as the worst value):")
    for i, s in enumerate(specs):
        print(f"  {s['name']:28s} {rho(X[:, i], y):+.3f}   missing in {desc[s['name']].isna().sum()}")
    print(f"equal weights (no fit): Spearman {rho(X.sum(1), y):+.3f}")

    w = fit(X, y, floor)
    score = X @ w
    held_out = np.empty(n)
    for i in range(n):
        keep = np.arange(n) != i
        held_out[i] = X[i] @ fit(X[keep], y[keep], floor)
    exact = (d["status"] == "EXACT-DFT").to_numpy()
    print(f"\nfit: NNLS on ranks, weight floor {floor}")
    print(f"Spearman in sample:                {rho(score, y):+.3f}  (n = {n})")
    print(f"Spearman leave-one-out CV:         {rho(held_out, y):+.3f}  (n = {n})")
    print(f"  LOO, EXACT-DFT rows only:        {rho(held_out[exact], y[exact]):+.3f}  "
          f"(n = {exact.sum()})")

    print("\nlines for the term table of include/channelmap/rank_weights.hpp:")
    for s, wi in zip(specs, w):
        name, unit, better = f'"{s["name"]}",', f'"{s["unit"]}",', f'Better::{s["better"]},'
        print(f'    {{{name:31s} {unit:13s} {better:15s} {s["lo"]:4.1f}, {s["hi"]:5.1f},   {wi:.6f}}},')
    print(f"constexpr double calibration_loo_spearman = {rho(held_out, y):.3f};")
    print(f"constexpr double calibration_in_sample_spearman = {rho(score, y):.3f};")

    if a.scores:
        out = d[["file", "formula", "crystal_class", "status", "Em_min_eV"]].copy()
        for i, s in enumerate(specs):
            out[s["name"]] = desc[s["name"]]
            out[s["name"] + "_value"] = X[:, i]
        out["score"] = score
        out["score_held_out"] = held_out
        out.to_csv(a.scores, index=False)

    in_header = np.array([s["weight"] for s in specs])
    if a.check and not np.allclose(in_header, w, atol=5e-7):
        print("\nrank_weights.hpp holds other weights:", in_header, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
