#!/usr/bin/python3
"""Runs `channelmap path` on every row of barrier_paths.csv and summarises the agreement.

Usage: /usr/bin/python3 tools/run_barrier_paths.py OUT.jsonl [--bin build/channelmap]
          [--shared /work/shared] [-j 2] [--grid 0.2] [--limit N]
Writes one JSON line per row: the row's file, ion, Em_eV, crystal_class, ok/reason, seconds, and
the `descriptors` object of `channelmap path --json`. Prints success counts, failures with their
reasons, the time per file and Spearman(bvse_barrier_eV, Em_eV) overall and per ion.
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor


def run(row, args):
    path = os.path.join(args.shared, "structures", "barrier_paths", row["file"])
    cmd = [args.bin, "path", path, "--from", row["start_frac"], "--to", row["end_frac"],
           "--mobile", row["ion"], "--grid", str(args.grid), "--json"]
    t0 = time.time()
    p = subprocess.run(cmd, capture_output=True, text=True)
    dt = time.time() - t0
    out = {"file": row["file"], "ion": row["ion"], "crystal_class": row["crystal_class"],
           "formula": row["formula"], "sys_name": row["sys_name"],
           "Em_eV": float(row["Em_eV"]), "n_atoms": int(row["n_atoms"]), "seconds": round(dt, 3)}
    try:
        j = json.loads(p.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        j = {"ok": False, "reason": (p.stderr.strip().splitlines() or ["no output"])[-1]}
    out["ok"] = bool(j.get("ok"))
    if out["ok"]:
        out["descriptors"] = j["descriptors"]
    else:
        out["reason"] = j.get("reason") or (p.stderr.strip().splitlines() or ["?"])[-1]
    return out


def spearman(x, y):
    def ranks(v):
        order = sorted(range(len(v)), key=lambda i: v[i])
        r = [0.0] * len(v)
        i = 0
        while i < len(v):
            j = i
            while j + 1 < len(v) and v[order[j + 1]] == v[order[i]]:
                j += 1
            for k in range(i, j + 1):
                r[order[k]] = (i + j) / 2
            i = j + 1
        return r
    if len(x) < 3:
        return float("nan")
    rx, ry = ranks(x), ranks(y)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    sxx = sum((a - mx) ** 2 for a in rx)
    syy = sum((b - my) ** 2 for b in ry)
    return sxy / (sxx * syy) ** 0.5 if sxx > 0 and syy > 0 else float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--bin", default="build/channelmap")
    ap.add_argument("--shared", default=os.environ.get("CHANNELMAP_SHARED", "/work/shared"))
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("--grid", type=float, default=0.2)
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    rows = list(csv.DictReader(open(os.path.join(args.shared, "reference", "barrier_paths.csv"))))
    if args.limit:
        rows = rows[: args.limit]
    t0 = time.time()
    with ThreadPoolExecutor(args.j) as ex:
        results = list(ex.map(lambda r: run(r, args), rows))
    wall = time.time() - t0
    with open(args.out, "w") as f:
        for r in results:
            f.write(json.dumps(r) + "\n")
    ok = [r for r in results if r["ok"]]
    print(f"{len(ok)}/{len(results)} rows succeeded; wall {wall:.0f} s with -j {args.j}; "
          f"time per file mean {sum(r['seconds'] for r in results) / len(results):.2f} s, "
          f"max {max(r['seconds'] for r in results):.2f} s")
    reasons = {}
    for r in results:
        if not r["ok"]:
            reasons.setdefault(r["reason"], []).append(r["file"])
    for why, files in sorted(reasons.items(), key=lambda kv: -len(kv[1])):
        print(f"  {len(files)} x {why}: {', '.join(sorted(set(files))[:5])}")
    def rho(sel):
        xs = [r["descriptors"]["bvse_barrier_eV"] for r in sel]
        ys = [r["Em_eV"] for r in sel]
        return spearman(xs, ys)
    print(f"Spearman(bvse_barrier_eV, Em_eV) overall: {rho(ok):.3f} (n={len(ok)})")
    for ion in sorted(set(r["ion"] for r in ok)):
        sel = [r for r in ok if r["ion"] == ion]
        print(f"  {ion}: {rho(sel):.3f} (n={len(sel)})")


if __name__ == "__main__":
    sys.exit(main())
