#!/usr/bin/python3
"""Runs channelmap on the hostile-input corpus (make_corpus.py) and checks each case.

For every file, `channelmap describe --no-energy FILE` must
  - end within LIMIT_S seconds, without a signal, using less than 1 GB (peak RSS by GNU time),
  - "ok" cases: exit 0 with one row; with same=1 the row's numbers equal periclase's,
  - "error" cases: exit 1, nothing on stdout, one line on stderr that names the file and
    matches the case's reason (a regex, case-insensitive).
Usage: run_corpus.py CHANNELMAP_BIN [--extra-args ...]
Exit status 0 when every case passes.
"""
import csv
import io
import os
import re
import subprocess
import sys
import tempfile

LIMIT_S = 30
MAX_RSS_KB = 1 << 20  # 1 GB
# Under AddressSanitizer (tools/test.sh sets CHANNELMAP_SANITIZED=1) memory is shadowed and
# quarantined, and runs are slower: the memory bound is not checked and the time limit is 4x.
SANITIZED = os.environ.get("CHANNELMAP_SANITIZED") == "1"
if SANITIZED:
    LIMIT_S *= 4
# Columns that name the input rather than describe the crystal.
# (read_warnings says what was read leniently: checked separately.)
NAME_COLUMNS = {"file", "block", "id", "name", "warnings", "read_warnings"}


def run(binary, path, extra):
    with tempfile.NamedTemporaryFile("r") as rss:
        cmd = ["/usr/bin/time", "-q", "-f", "%M", "-o", rss.name, binary, "describe",
               "--no-energy", *extra, path]
        try:
            p = subprocess.run(cmd, capture_output=True, timeout=LIMIT_S)
        except subprocess.TimeoutExpired:
            return None, b"", b"", 0
        text = open(rss.name).read().strip().splitlines()
        kb = int(text[-1]) if text and text[-1].isdigit() else 0
        return p.returncode, p.stdout, p.stderr, kb


def row_warnings(stdout):
    rows = list(csv.DictReader(io.StringIO(stdout.decode("utf-8", "replace"))))
    return rows[0].get("read_warnings", "") if len(rows) == 1 else ""


def row_of(stdout):
    rows = list(csv.DictReader(io.StringIO(stdout.decode("utf-8", "replace"))))
    if len(rows) != 1:
        return None
    return {k: v for k, v in rows[0].items() if k not in NAME_COLUMNS}


def main():
    binary = sys.argv[1]
    extra = sys.argv[2:]
    here = os.path.dirname(os.path.abspath(__file__))
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "corpus")
        subprocess.run(["/usr/bin/python3", os.path.join(here, "make_corpus.py"), corpus],
                       check=True)
        cases = [line.rstrip("\n").split("\t") for line in open(os.path.join(corpus, "manifest.tsv"))]
        reference = None
        for name, expect, same, reason, why in cases:
            path = os.path.join(corpus, name)
            rc, out, err, kb = run(binary, path, extra)
            problems = []
            if rc is None:
                problems.append(f"no answer within {LIMIT_S} s")
            elif rc < 0 or rc >= 128:
                problems.append(f"killed by a signal (status {rc})")
            if kb > MAX_RSS_KB and not SANITIZED:
                problems.append(f"used {kb // 1024} MB")
            err_lines = err.decode("utf-8", "replace").splitlines()
            if rc is not None and not problems:
                if expect == "ok":
                    row = row_of(out) if rc == 0 else None
                    if rc != 0 or row is None:
                        problems.append(f"exit {rc}, expected 0 with one row: {err_lines[:1]}")
                    elif name == "periclase.cif":
                        reference = row
                    elif "warning" in why and not row_warnings(out):
                        problems.append("read leniently without a warning in read_warnings")
                    elif same == "1":
                        if reference is None:
                            problems.append("periclase.cif (the reference) gave no row")
                        else:
                            diff = [k for k in reference if row.get(k) != reference[k]]
                            if diff:
                                problems.append("differs from periclase in " + ", ".join(
                                    f"{k} ({row.get(k)} vs {reference[k]})" for k in diff[:5]))
                else:
                    if rc != 1:
                        problems.append(f"exit {rc}, expected 1")
                    rows = list(csv.DictReader(io.StringIO(out.decode("utf-8", "replace"))))
                    if rows:
                        problems.append(f"wrote {len(rows)} rows to stdout")
                    if len(err_lines) != 1:
                        problems.append(f"{len(err_lines)} lines on stderr, expected 1")
                    elif name not in err_lines[0]:
                        problems.append(f"message does not name the file: {err_lines[0]}")
                    elif reason and not re.search(reason, err_lines[0], re.I):
                        problems.append(f"message does not match /{reason}/: {err_lines[0]}")
            # A lenient reading that --strict refuses: exit 1 with one line naming the file.
            if expect == "ok" and "--strict refuses" in why and not problems:
                src, serr = run(binary, path, ["--strict", *extra])[0:3:2]
                lines = serr.decode("utf-8", "replace").splitlines()
                if src != 1 or len(lines) != 1 or name not in lines[0]:
                    problems.append(f"--strict: exit {src}, expected 1 with one line: {lines[:2]}")
            status = "FAIL" if problems else "ok  "
            print(f"{status} {name}: {why}" + ("".join(f"\n       {p}" for p in problems)))
            failures += bool(problems)
        # Option values no analysis can use: exit 2 with a message naming the option (--probe
        # nan and -1 were accepted; --symprec -1 and nan crashed).
        bad_options = [["--probe", "nan"], ["--probe", "-1"], ["--uniform-radius", "nan"],
                       ["--uniform-radius", "-1"], ["--symprec", "-1"], ["--symprec", "nan"],
                       ["--symprec", "0"], ["--min-occupancy", "2"], ["--grid", "0"],
                       ["--probe", "1e999"]]
        for opt in bad_options:
            p = subprocess.run([binary, "describe", *opt, os.path.join(corpus, "periclase.cif")],
                               capture_output=True, timeout=LIMIT_S)
            err = p.stderr.decode("utf-8", "replace")
            ok = p.returncode == 2 and opt[0] in err and not p.stdout
            print(f"{'ok  ' if ok else 'FAIL'} option {' '.join(opt)}: exit {p.returncode}, "
                  f"{err.strip()[:100]}")
            failures += not ok
            cases.append(opt)
        # The whole corpus in one screen, with the repository's structures: it finishes, and
        # every entry is a result row or an error row (special files included), exit 1.
        source = os.environ.get("CHANNELMAP_SOURCE", os.path.dirname(os.path.dirname(here)))
        out = os.path.join(tmp, "screen.csv")
        try:
            p = subprocess.run([binary, "screen", "--no-energy", "-j", "2", corpus,
                                os.path.join(source, "structures"), "-o", out],
                               capture_output=True, timeout=LIMIT_S * 20)
            rc = p.returncode
        except subprocess.TimeoutExpired:
            rc = None
        listed = set()
        for table in (out, out + ".errors.csv"):
            if os.path.exists(table):
                for row in csv.DictReader(open(table, newline="")):
                    listed.add(os.path.basename(row["file"]))
        # (a directory named *.cif is searched like any directory, not listed)
        expected = {c[0] for c in cases
                    if len(c) == 5 and not os.path.isdir(os.path.join(corpus, c[0]))}
        missing = sorted(expected - listed)
        repo = [n for n in os.listdir(os.path.join(source, "structures")) if n.endswith(".cif")]
        missing += sorted(set(repo) - listed)
        ok = rc == 1 and not missing
        print(f"{'ok  ' if ok else 'FAIL'} screen of the corpus and structures/: exit {rc}, "
              f"{len(listed)} entries listed" + (f", missing {missing}" if missing else ""))
        failures += not ok
        cases.append(["screen"])
    print(f"{len(cases) - failures} of {len(cases)} hostile cases passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
