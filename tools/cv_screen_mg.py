#!/usr/bin/python3
"""Structure-level check of the screen ranking on Mg compounds it was not calibrated on.

For every compound of ../shared/reference/mg_barriers_train.csv (a file of
structures/mg_barrier_set/ with its lowest published Mg barrier), this script
1. fits the barrier model (tools/fit_barrier_model.py's BarrierModel) on the barrier_paths rows
   that do NOT share the compound's group: its host (the composition without the migrating ion,
   reduced; also the hosts of its own published paths), or, in the harder scheme, its crystal
   class;
2. writes that model as JSON and runs `channelmap screen FILE --barrier-model MODEL` on the
   compound, so the prediction goes through screen's own hops, energy paths and percolation;
3. compares the structure's `predicted_em_eV` with the published `Em_min_eV` (Spearman, MAE),
   next to the built-in model (fitted on every row, so in sample), the BVSE barrier of the best
   hop, the geometric score of 0.4 and volume per anion alone.

Usage: /usr/bin/python3 tools/cv_screen_mg.py ROWS.jsonl [--bin build/channelmap]
           [--shared ../shared] [-j 2] [--out docs/screen_cv.json]
ROWS.jsonl: the output of tools/run_barrier_paths.py (the fitting data).
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from scipy.stats import spearmanr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fit_barrier_model as fbm  # noqa: E402


def structure_host(t, rows_by_sys):
    """Host keys of a compound: those of its published paths, else from its formula."""
    keys = {fbm.host_key(r["formula"], r["ion"]) for i in t["ids"].split(";")
            for r in rows_by_sys.get(i, [])}
    if not keys:
        f = t["formula"].replace("(Mg)", "").split("-")[-1]
        if "(" not in f:
            keys.add(fbm.host_key(f, "Mg"))
    return keys


def screen_one(args, cif, model_json, workdir):
    out = os.path.join(workdir, "screen.csv")
    cmd = [args.bin, "screen", cif, "-o", out, "-j", "1"]
    if model_json:
        cmd += ["--barrier-model", model_json]
    subprocess.run(cmd, capture_output=True, text=True)
    with open(out) as f:
        rows = list(csv.DictReader(f))
    return rows[0] if rows else {}


def num(v):
    try:
        x = float(v)
        return x if np.isfinite(x) else float("nan")
    except (TypeError, ValueError):
        return float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rows")
    ap.add_argument("--bin", default="build/channelmap")
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("--out")
    args = ap.parse_args()
    rows = [json.loads(l) for l in open(args.rows) if l.strip()]
    rows = [r for r in rows if "descriptors" in r and r.get("error") is None]
    features = fbm.DEFAULT_FEATURES
    X = fbm.matrix(rows, features)
    y = np.array([r["Em_eV"] for r in rows])
    hosts = [fbm.host_key(r["formula"], r["ion"]) for r in rows]
    classes = [r["crystal_class"] for r in rows]
    by_sys = {}
    for r in rows:
        by_sys.setdefault(r["sys_name"], []).append(r)
    train = list(csv.DictReader(open(os.path.join(args.shared, "reference", "mg_barriers_train.csv"))))
    tmp = tempfile.mkdtemp(prefix="cv_screen_mg_")

    def job(k_scheme):
        k, scheme = k_scheme
        t = train[k]
        if scheme == "builtin":
            model_json = None
        else:
            if scheme == "host":
                held = structure_host(t, by_sys)
                keep = np.array([h not in held for h in hosts])
            else:
                keep = np.array([c != t["crystal_class"] for c in classes])
            med = fbm.column_medians(X[keep])
            model = fbm.BarrierModel(features).fit(fbm.fill(X[keep], med), y[keep])
            model_json = os.path.join(tmp, f"model_{scheme}_{k}.json")
            fbm.write_model_json(model, features, med, model_json,
                                 f"cv_screen_mg.py: without the {scheme} of {t['file']}")
        work = os.path.join(tmp, f"{scheme}_{k}")
        os.makedirs(work, exist_ok=True)
        cif = os.path.join(args.shared, "structures", "mg_barrier_set", t["file"])
        return k, scheme, screen_one(args, cif, model_json, work)

    jobs = [(k, s) for s in ("builtin", "host", "crystal_class") for k in range(len(train))]
    res = {}
    with ThreadPoolExecutor(max_workers=args.j) as ex:
        for k, scheme, row in ex.map(job, jobs):
            res[(k, scheme)] = row
    em = np.array([float(t["Em_min_eV"]) for t in train])
    report = {"n_structures": len(train)}

    def rho(v, sign=1.0):
        ok = np.isfinite(v)
        return dict(n=int(ok.sum()), spearman=float(spearmanr(em[ok], sign * v[ok]).correlation))

    for scheme in ("builtin", "host", "crystal_class"):
        p = np.array([num(res[(k, scheme)].get("predicted_em_eV")) for k in range(len(train))])
        r = rho(p)
        ok = np.isfinite(p)
        r["mae_eV"] = float(np.mean(np.abs(em[ok] - p[ok])))
        r["in_domain"] = int(sum(res[(k, scheme)].get("in_domain") == "1" for k in range(len(train))))
        report["predicted_em_eV_" + scheme] = r
    base = [res[(k, "builtin")] for k in range(len(train))]
    report["best_hop_bvse_barrier_eV"] = rho(np.array([num(b.get("best_hop_bvse_barrier_eV")) for b in base]))
    report["geometry_score"] = rho(np.array([num(b.get("geometry_score")) for b in base]), -1.0)
    report["volume_per_anion_A3"] = rho(np.array([num(b.get("volume_per_anion_A3")) for b in base]), -1.0)
    report["per_structure"] = [
        dict(file=t["file"], crystal_class=t["crystal_class"], Em_min_eV=float(t["Em_min_eV"]),
             **{f"predicted_{s}": num(res[(k, s)].get("predicted_em_eV")) for s in ("builtin", "host", "crystal_class")},
             out_of_domain=res[(k, "builtin")].get("out_of_domain", ""))
        for k, t in enumerate(train)]
    json.dump(report, sys.stdout, indent=1)
    print()
    if args.out:
        with open(args.out, "w") as f:
            json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
