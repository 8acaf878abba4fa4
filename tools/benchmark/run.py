#!/usr/bin/python3
"""Runs channelmap_bench on fixed, named sets of ../shared/structures and summarises.

Usage: tools/benchmark/run.py OUTDIR [--sets small,neb,zeolites,large] [--repeats 3]
                              [--large-repeats 1] [--bin build/channelmap_bench] [--shared DIR]

Writes OUTDIR/raw.tsv (one row per structure, channelmap_bench's columns) and OUTDIR/summary.md
(per set: count, median / p95 / max of total_ms, median ratio to gemmi's read, median share of
each stage; over all sets: the exponent of total_ms ~ n_atoms^k, least squares in log-log).
The sets are fixed so that two runs (two commits) compare like with like; see docs/benchmark.md.
Runs one structure at a time (single-threaded); the whole default run takes about 10 minutes on
two cores. Uses only the standard library (Debian's /usr/bin/python3 or any other).
"""
import argparse
import datetime
import math
import os
import platform
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

# The stage columns of channelmap_bench, in the order analyze() runs them.
STAGES = ["symmetry", "oxidation", "site_environments", "radii_bvs", "framework", "network",
          "channels", "paths", "environments", "energy"]

# The largest structures of the benchmark directory (by atoms in the cell) and those whose
# analysis is known to be slow; paths relative to structures/benchmark.
LARGE = [
    "raspa2/mofs/cif/MIL-100.cif",
    "raspa2/mofs/cif/MIL-101.cif",
    "raspa2/mofs/cif/MOF-210.cif",
    "raspa2/ceramics/cif/SWNT-11-18.cif",
    "raspa2/mofs/cif/MIL-100-primitive.cif",
    "raspa2/mofs/cif/MIL-101-primitive.cif",
    "raspa2/mofs/cif/MOF-200.cif",
    "raspa2/mofs/cif/NU-100SP.cif",
    "raspa2/mofs/cif/ZIF-20.cif",
    "raspa2/ceramics/cif/graphite-square-channel-19.88A.cif",
    "iraspa_cocoa/CIF_Files/Zeolites/P/PST-14_dehydrated_revised.cif",
]


def cif_files(directory):
    return sorted(os.path.join(directory, f) for f in os.listdir(directory)
                  if f.endswith(".cif"))


def set_files(name, structures):
    """The files of one named set (fixed: sorted names, fixed sampling)."""
    if name == "small":  # every inorganic cell of the Mg barrier set (with experimental/)
        top = os.path.join(structures, "mg_barrier_set")
        return sorted(os.path.join(d, f) for d, _, fs in os.walk(top) for f in fs
                      if f.endswith(".cif"))
    if name == "neb":  # every 5th of the NEB barrier-path hosts, sorted by name
        return cif_files(os.path.join(structures, "barrier_paths"))[::5]
    if name == "zeolites":  # the first 20 RASPA2 zeolites, sorted by name
        return cif_files(os.path.join(structures, "benchmark/raspa2/zeolites/cif"))[:20]
    if name == "large":
        return [os.path.join(structures, "benchmark", f) for f in LARGE]
    sys.exit(f"run.py: unknown set '{name}' (small, neb, zeolites, large)")


def percentile(values, p):
    """Linear interpolation between closest ranks (numpy's default)."""
    v = sorted(values)
    if not v:
        return math.nan
    x = (len(v) - 1) * p / 100
    lo = math.floor(x)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (x - lo)


def num(s):
    try:
        return float(s)
    except ValueError:
        return math.nan


def fmt(x, digits=1):
    return "-" if x is None or math.isnan(x) else f"{x:.{digits}f}"


def git_describe():
    def git(*args):
        return subprocess.run(["git", "-C", REPO, *args], capture_output=True,
                              text=True).stdout.strip()
    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return commit + (" (with uncommitted changes)" if dirty else "")


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def summarize(rows, sets, args, seconds):
    out = []
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    out.append(f"# channelmap benchmark, {now}\n")
    load = ", ".join(f"{x:.1f}" for x in args.load)
    out.append(f"Commit {args.commit}; {os.cpu_count()} cores, {cpu_model()}, load average "
               f"{load} at the start (other work on the machine slows every column); "
               f"repeats {args.repeats} (large: {args.large_repeats}), best run per column; "
               f"energy {'off' if args.no_energy else 'on'}; "
               f"{'screen' if args.screen else 'all'} environments; "
               f"{'Zeo++ network (--zeopp); ' if args.zeopp else ''}"
               f"run took {seconds / 60:.1f} min.\n")
    out.append("Times in ms; total = channelmap's read + analyze(); ratio = total / gemmi's "
               "read (cif::read_file + make_small_structure_from_block).\n")
    out.append("| set | structures | failed | atoms (median) | total median | total p95 | "
               "total max | ratio to gemmi (median) | energy computed |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for s in sets:
        rs = [r for r in rows if r["set"] == s]
        ok = [r for r in rs if r["status"] == "ok"]
        tot = [r["total_ms"] for r in ok]
        ratios = [r["ratio"] for r in ok if not math.isnan(r["ratio"])]
        atoms = [r["n_atoms"] for r in ok]
        out.append(f"| {s} | {len(ok)} | {len(rs) - len(ok)} | "
                   f"{fmt(statistics.median(atoms) if atoms else math.nan, 0)} | "
                   f"{fmt(statistics.median(tot) if tot else math.nan)} | "
                   f"{fmt(percentile(tot, 95))} | {fmt(max(tot) if tot else math.nan)} | "
                   f"{fmt(statistics.median(ratios) if ratios else math.nan, 0)} | "
                   f"{sum(1 for r in ok if r['energy'])}/{len(ok)} |")
    out.append("")
    cols = ["read"] + STAGES + ["other"]
    out.append("Median share of total_ms per stage (%; each structure's share, then the median "
               "over the set, so a column need not add up to 100):\n")
    out.append("| set | " + " | ".join(cols) + " |")
    out.append("|---|" + "---:|" * len(cols))
    for s in sets:
        ok = [r for r in rows if r["set"] == s and r["status"] == "ok" and r["total_ms"] > 0]
        cells = []
        for c in cols:
            shares = [100 * r[c + "_ms"] / r["total_ms"] for r in ok
                      if not math.isnan(r[c + "_ms"])]
            cells.append(fmt(statistics.median(shares) if shares else math.nan))
        out.append(f"| {s} | " + " | ".join(cells) + " |")
    out.append("")
    out.append("Share of the set's summed total_ms per stage (%; where a batch's time goes):\n")
    out.append("| set | " + " | ".join(cols) + " |")
    out.append("|---|" + "---:|" * len(cols))
    for s in sets:
        ok = [r for r in rows if r["set"] == s and r["status"] == "ok"]
        whole = sum(r["total_ms"] for r in ok)
        cells = []
        for c in cols:
            part = sum(r[c + "_ms"] for r in ok if not math.isnan(r[c + "_ms"]))
            cells.append(fmt(100 * part / whole if whole > 0 else math.nan))
        out.append(f"| {s} | " + " | ".join(cells) + " |")
    out.append("")
    pts = [(math.log(r["n_atoms"]), math.log(r["total_ms"])) for r in rows
           if r["status"] == "ok" and r["n_atoms"] > 0 and r["total_ms"] > 0]
    if len(pts) >= 2:
        mx = statistics.fmean(p[0] for p in pts)
        my = statistics.fmean(p[1] for p in pts)
        sxx = sum((p[0] - mx) ** 2 for p in pts)
        sxy = sum((p[0] - mx) * (p[1] - my) for p in pts)
        k = sxy / sxx if sxx > 0 else math.nan
        c = math.exp(my - k * mx)
        out.append(f"Scaling over all {len(pts)} structures: total_ms ~ {c:.3g} * n_atoms^{k:.2f} "
                   "(least squares of log total_ms on log n_atoms; n_atoms = positions in the "
                   "full cell).\n")
    failed = [r for r in rows if r["status"] != "ok"]
    if failed:
        out.append("Not timed (read or analysis failed):\n")
        for r in failed:
            out.append(f"- {r['set']}: {os.path.basename(r['file'])}: {r['status']}")
        out.append("")
    slow = sorted((r for r in rows if r["status"] == "ok"), key=lambda r: -r["total_ms"])[:5]
    out.append("Slowest structures:\n")
    out.append("| set | file | atoms | total ms | largest stage |")
    out.append("|---|---|---:|---:|---|")
    for r in slow:
        big = max(STAGES, key=lambda st: 0 if math.isnan(r[st + "_ms"]) else r[st + "_ms"])
        out.append(f"| {r['set']} | {os.path.basename(r['file'])} | {r['n_atoms']} | "
                   f"{fmt(r['total_ms'])} | {big} ({fmt(r[big + '_ms'])} ms) |")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir", help="directory for raw.tsv and summary.md (created)")
    ap.add_argument("--sets", default="small,neb,zeolites,large",
                    help="comma-separated sets (default small,neb,zeolites,large)")
    ap.add_argument("--repeats", type=int, default=3, help="runs per file (default 3)")
    ap.add_argument("--large-repeats", type=int, default=1,
                    help="runs per file of the large set (default 1)")
    ap.add_argument("--bin", default=os.path.join(REPO, "build", "channelmap_bench"),
                    help="channelmap_bench to run (default build/channelmap_bench)")
    ap.add_argument("--shared", default=os.path.join(REPO, "..", "shared"),
                    help="the shared data directory (default ../shared next to the repo)")
    ap.add_argument("--limit", type=int, default=0,
                    help="only the first N files of each set (a quick check of the script)")
    ap.add_argument("--no-energy", action="store_true", help="time without the BVSE energy")
    ap.add_argument("--screen", action="store_true",
                    help="analyse as screen does (only the environments its table shows)")
    ap.add_argument("--zeopp", action="store_true",
                    help="Zeo++'s network (no exact clearance, issue #12), as inspect --zeopp")
    args = ap.parse_args()
    sets = [s for s in args.sets.split(",") if s]
    structures = os.path.join(args.shared, "structures")
    os.makedirs(args.outdir, exist_ok=True)
    header = None
    lines = []
    start = datetime.datetime.now()
    args.load = os.getloadavg()
    args.commit = git_describe()  # at the start: the build that runs is of this state
    for s in sets:
        files = set_files(s, structures)
        if args.limit > 0:
            files = files[:args.limit]
        repeats = args.large_repeats if s == "large" else args.repeats
        print(f"run.py: {s}: {len(files)} files, {repeats} runs each", file=sys.stderr,
              flush=True)
        cmd = ([args.bin, "-s", s, "-r", str(repeats)] + (["--no-energy"] if args.no_energy else [])
               + (["--screen"] if args.screen else []) + (["--zeopp"] if args.zeopp else [])
               + files)
        res = subprocess.run(cmd, capture_output=True, text=True)
        if res.returncode != 0:
            sys.exit(f"run.py: {args.bin} failed on set {s}:\n{res.stderr}")
        out = res.stdout.splitlines()
        header = out[0]
        for line in out[1:]:  # file names relative to structures/, as the sets name them
            cells = line.split("\t")
            cells[1] = os.path.relpath(cells[1], structures)
            lines.append("\t".join(cells))
    seconds = (datetime.datetime.now() - start).total_seconds()
    with open(os.path.join(args.outdir, "raw.tsv"), "w") as f:
        f.write("\n".join([header] + lines) + "\n")
    names = header.split("\t")
    rows = []
    for line in lines:
        d = dict(zip(names, line.split("\t")))
        for k in names:
            if k.endswith("_ms") or k == "ratio":
                d[k] = num(d[k])
        d["n_atoms"] = int(d["n_atoms"])
        d["energy"] = d["energy"] == "1"
        rows.append(d)
    summary = summarize(rows, sets, args, seconds)
    with open(os.path.join(args.outdir, "summary.md"), "w") as f:
        f.write(summary)
    print(summary)


if __name__ == "__main__":
    main()
