#!/usr/bin/python3
"""Runs every notebook of notebooks/ top to bottom with nbclient and checks what it printed.

Usage: run_notebooks.py [NOTEBOOK ...] [--full] [--timeout SECONDS] [--verbose]

Each notebook is read, executed in memory by the `python3` kernel (Debian's /usr/bin/python3)
with the working directory notebooks/, and never written back. The kernel inherits this
process's environment: PYTHONPATH (where `import channelmap` finds the module), CHANNELMAP_SOURCE
(the source tree; default: two directories above this file), CHANNELMAP_SHARED (../shared),
and CHANNELMAP_NOTEBOOK_QUICK=1, set here unless --full, which makes 03_ml_barrier_paths.ipynb
take a small subset of the paths.

Fails (exit 1) naming the notebook, the cell and the error when a cell raises, when a notebook
is stored with outputs, or when a notebook's output lacks what it must show (EXPECT below).
A notebook whose data are absent (03 without ../shared) is skipped with a message.
"""
import argparse
import hashlib
import os
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve()
SOURCE = Path(os.environ.get("CHANNELMAP_SOURCE") or HERE.parents[2]).resolve()
NOTEBOOKS = SOURCE / "notebooks"
SHARED = Path(os.environ.get("CHANNELMAP_SHARED") or SOURCE.parent / "shared").resolve()


def check_01(text, images):
    problems = []
    if not re.search(r"best path: \S+ -> \S+", text):
        problems.append("no 'best path:' line")
    m = re.search(r"channelmap\.path: BVSE barrier ([0-9.]+) eV \(the hop: ([0-9.]+) eV\)", text)
    if not m:
        problems.append("no energy profile line from `channelmap.path()`")
    elif abs(float(m.group(1)) - float(m.group(2))) > 0.01:
        problems.append(f"path and hop barriers differ: {m.group(0)}")
    if images < 2:
        problems.append(f"{images} figure(s), expected the network and the profile")
    return problems


def check_02(text, images):
    problems = []
    m = re.search(r"(\d+) structures, (\d+) error\(s\)", text)
    if not m or int(m.group(1)) < 4:
        problems.append("no screen summary line with at least the 4 structures of structures/")
    m = re.search(r"(\d+) structure\(s\) failed", text)
    if not m or int(m.group(1)) < 1:
        problems.append("the deliberately broken CIF is not in the error table")
    if "Mg2SiO4" not in text:
        problems.append("the ranking table does not show forsterite (Mg2SiO4)")
    if images < 2:
        problems.append(f"{images} figure(s), expected the descriptor scatter plots")
    return problems


def check_03(text, images):
    problems = []
    m = re.search(r"Result \(.*grouped by host\): CV MAE ([0-9.]+) eV, Spearman (-?[0-9.]+|nan)",
                  text)
    if not m:
        problems.append("no 'Result (... grouped by host): CV MAE ... eV, Spearman ...' line")
    elif not 0.0 < float(m.group(1)) < 2.0:
        problems.append(f"implausible cross-validated MAE: {m.group(0)}")
    if not re.search(r"GroupKFold by host: \d+ folds", text):
        problems.append("no GroupKFold line")
    if images < 2:
        problems.append(f"{images} figure(s), expected the prediction and importance plots")
    return problems


EXPECT = {
    "01_inspect_mg_conductor.ipynb": check_01,
    "02_screen.ipynb": check_02,
    "03_ml_barrier_paths.ipynb": check_03,
}


def missing_data(name):
    """Why the notebook cannot run here, or None."""
    if name.startswith("03_"):
        if not (SHARED / "reference" / "barrier_paths.csv").is_file():
            return f"{SHARED}/reference/barrier_paths.csv not found (set CHANNELMAP_SHARED)"
    return None


def outputs_text(nb):
    """(everything printed or displayed as text, number of images)."""
    parts, images = [], 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                parts.append(out.text)
            elif out.output_type in ("execute_result", "display_data"):
                data = out.get("data", {})
                images += "image/png" in data or "image/svg+xml" in data
                parts.append(data.get("text/plain", ""))
    return "\n".join(parts), images


def stored_outputs(nb):
    """Code cells of the stored notebook that carry outputs or execution counts."""
    return [i for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count"))]


def failed_cell(nb):
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if out.output_type == "error":
                return i, cell, out
    return None


def run(path, timeout, verbose=False):
    """(status, message, seconds): status 'ok', 'fail' or 'skip'."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    name = path.name
    why = missing_data(name)
    if why:
        return "skip", why, 0.0
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    nb = nbformat.read(str(path), as_version=4)
    problems = []
    stored = stored_outputs(nb)
    if stored:
        problems.append(f"stored with outputs in code cells {stored} (clear them before saving)")
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    t0 = time.time()
    try:
        client.execute()
    except CellExecutionError as e:
        dt = time.time() - t0
        where = failed_cell(nb)
        if where:
            i, cell, out = where
            first = next((l for l in cell.source.splitlines() if l.strip()), "")
            tb = "\n".join(re.sub(r"\x1b\[[0-9;]*m", "", l) for l in out.get("traceback", [])[-6:])
            return "fail", (f"cell {i} ({first.strip()[:60]!r}) raised {out.ename}: {out.evalue}"
                            f"\n{tb}"), dt
        return "fail", f"cell error: {str(e).strip().splitlines()[-1]}", dt
    except Exception as e:  # kernel died, timeout, ...
        return "fail", f"{type(e).__name__}: {e}", time.time() - t0
    dt = time.time() - t0
    text, images = outputs_text(nb)
    if verbose:
        print(f"--- {name}: text outputs ---\n{text}\n--- end of {name} ---", flush=True)
    check = EXPECT.get(name)
    if check:
        problems += check(text, images)
    if hashlib.sha256(path.read_bytes()).hexdigest() != before:
        problems.append("the notebook file changed while it ran")
    if problems:
        return "fail", "; ".join(problems), dt
    return "ok", f"{images} figure(s)", dt


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="*", help="notebook names or paths (default: all)")
    ap.add_argument("--full", action="store_true",
                    help="the notebooks' full runs (no CHANNELMAP_NOTEBOOK_QUICK)")
    ap.add_argument("--timeout", type=int,
                    help="seconds per cell (600; 3600 with --full, whose table takes minutes)")
    ap.add_argument("--verbose", action="store_true", help="print each notebook's text outputs")
    args = ap.parse_args()
    if args.timeout is None:
        args.timeout = 3600 if args.full else 600
    if args.full:
        os.environ.pop("CHANNELMAP_NOTEBOOK_QUICK", None)
    else:
        os.environ["CHANNELMAP_NOTEBOOK_QUICK"] = "1"
    os.environ.setdefault("CHANNELMAP_SOURCE", str(SOURCE))
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # the kernel's debugger notes
    if args.notebooks:
        paths = [Path(p) if Path(p).exists() else NOTEBOOKS / p for p in args.notebooks]
    else:
        paths = sorted(NOTEBOOKS.glob("*.ipynb"))
    if not paths:
        print(f"no notebooks in {NOTEBOOKS}", file=sys.stderr)
        return 1
    for p in paths:
        if not p.is_file():
            print(f"FAIL {p}: not found", file=sys.stderr)
            return 1
    print(f"notebooks of {NOTEBOOKS} ({'full' if args.full else 'quick'} mode), "
          f"shared data {SHARED}", flush=True)
    failures = 0
    t0 = time.time()
    for p in paths:
        status, message, dt = run(p.resolve(), args.timeout, args.verbose)
        failures += status == "fail"
        print(f"{status.upper():4s} {p.name} ({dt:.0f} s): {message}", flush=True)
    print(f"{len(paths)} notebook(s), {failures} failed, {time.time() - t0:.0f} s in all")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
