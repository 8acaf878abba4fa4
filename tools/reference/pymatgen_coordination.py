#!/usr/bin/python3
"""Reference coordination environments from pymatgen for tests/unit/test_environment.cpp.

For every cation site of the structures listed below, runs
  * CrystalNN() with pymatgen's default parameters            -> crystalnn_cn
  * VoronoiNN(tol=0.5, weight="solid_angle", targets=anions)  -> voronoi_cn
    (the same rule as channelmap's voronoi_neighbors with its default min_weight 0.5)
  * ChemEnv: LocalGeometryFinder().compute_structure_environments(maximum_distance_factor=1.41,
    only_indices=cations, valences=BV valences) + SimplestChemenvStrategy(distance_cutoff=1.4,
    angle_cutoff=0.3) (the ChemEnv tutorial's settings) -> chemenv_symbol, chemenv_csm
and writes tests/data/pymatgen_coordination.csv: mg_reference and the PYMATGEN_FILES subset, which
tests/unit/test_environment.cpp holds to agreement floors. With --all it writes
tests/data/pymatgen_coordination_all.csv instead: every pymatgen test CIF that channelmap reads and
that holds an anion.

Cations and anions come from pymatgen's BVAnalyzer valences (positive = cation); when the
bond-valence analysis fails the element lists below are used (ANIONS, and every other element
except H and C is a cation). In structures with both C and H (frameworks with organic linkers)
C and H sites are never cations. Disordered sites are replaced by their majority species (an ordered
approximation; ChemEnv and CrystalNN need ordered structures). A file taking longer than
TIME_LIMIT_S is skipped and reported on stderr.

Usage: /usr/bin/python3 tools/reference/pymatgen_coordination.py [--all] [SHARED_DIR] > /dev/null
(SHARED_DIR defaults to ../shared relative to the source tree; the CSV lands in tests/data/).
Runs with python3-pymatgen 2022.11.7 (Debian); files run in forked workers (JOBS, default all
cores), each killed after TIME_LIMIT_S.
"""
import csv
import os
import pickle
import signal
import sys
import time
import warnings

from pymatgen.analysis.bond_valence import BVAnalyzer
from pymatgen.analysis.chemenv.coordination_environments.chemenv_strategies import (
    SimplestChemenvStrategy,
)
from pymatgen.analysis.chemenv.coordination_environments.coordination_geometry_finder import (
    LocalGeometryFinder,
)
from pymatgen.analysis.chemenv.coordination_environments.structure_environments import (
    LightStructureEnvironments,
)
from pymatgen.analysis.local_env import CrystalNN, VoronoiNN
from pymatgen.core import Element, Structure

TIME_LIMIT_S = 60
VORONOI_TOL = 0.5  # channelmap's default min_weight (environment.hpp)
ANIONS = {"N", "O", "F", "S", "Cl", "Se", "Br", "Te", "I"}  # the elements of channelmap's bv_anion_state (is_anion_site)
NOT_CATIONS = {"H", "C"}

# The subset of benchmark/pymatgen_test_files/ in tests/data/pymatgen_coordination.csv.
PYMATGEN_FILES = [
    "AgO_kpath_test.cif", "CoO19128.cif", "CsI3Pb.cif", "CsSnI3.cif", "CuCl.cif", "Fe3O4.cif",
    "FePO4a.cif", "ICSD59959.cif", "La2CoO4.cif", "La4Fe4O12.cif", "Li2O.cif",
    "Li4Fe3Mn1(PO4)4.cif", "Li8Fe2NiCoO8.cif", "LiFePO4.cif", "OneLineSymmP1.cif", "V2O3.cif",
    "rhomb_3478_conv.cif", "hex_1170.cif", "Cod_2100513.cif", "garnet.cif",
]

# With --all every CIF under structures/benchmark/pymatgen_test_files/ (recursively) is used
# except these, which channelmap cannot read (the test would not compare them):
CHANNELMAP_UNREADABLE = {
    f"structures/benchmark/pymatgen_test_files/{f}": why for f, why in [
        ("ICSD59959.cif", "site F1 has no (or a non-numeric) fractional coordinate"),
        ("MultiStructure.cif", "two data blocks (the test compares single-structure files)"),
        ("bad_occu.cif", "atoms Co3 and Al4 overlap: same position, total occupancy 1.556"),
        ("srycoo.cif", "CIF syntax: unterminated string (line 14)"),
    ]
}


class NoAnions(Exception):
    pass


def ordered(structure):
    """Majority species on every site (ordered approximation)."""
    s = structure.copy()
    s.remove_oxidation_states()  # VoronoiNN's targets compare elements
    for i, site in enumerate(s):
        if not site.is_ordered:
            sp = max(site.species.items(), key=lambda kv: kv[1])[0]
            s.replace(i, sp.symbol if hasattr(sp, "symbol") else str(sp))
    return s


def valences(s):
    """BV valences, or None when the bond-valence analysis fails."""
    try:
        return BVAnalyzer().get_valences(s)
    except Exception:  # noqa: BLE001 - pymatgen raises ValueError or others
        return None


def process(path, rel, skip_anion_free):
    s = ordered(Structure.from_file(path))
    if skip_anion_free and not {site.specie.symbol for site in s} & ANIONS:
        # Metals, intermetallics, borides, germanides...: no anion of channelmap's list, so no
        # cation site (channelmap's CN counts anion neighbours only).
        raise NoAnions("no anion element (N O F S Cl Se Br Te I): no cation sites")
    vals = valences(s)
    organic = {"C", "H"} <= {site.specie.symbol for site in s}
    if vals is not None:
        cations = [i for i, v in enumerate(vals)
                   if v > 0 and not (organic and s[i].specie.symbol in NOT_CATIONS)]
        anion_elems = sorted({s[i].specie.symbol for i, v in enumerate(vals) if v < 0})
    else:
        cations = [i for i, site in enumerate(s)
                   if site.specie.symbol not in ANIONS | NOT_CATIONS]
        anion_elems = sorted({site.specie.symbol for site in s if site.specie.symbol in ANIONS})
    cnn = CrystalNN()
    vnn = VoronoiNN(tol=VORONOI_TOL, targets=[Element(e) for e in anion_elems], weight="solid_angle")
    lgf = LocalGeometryFinder()
    lgf.setup_structure(structure=s)
    se = lgf.compute_structure_environments(
        only_indices=cations, maximum_distance_factor=1.41, only_cations=False,
        valences=vals if vals is not None else "undefined")
    strategy = SimplestChemenvStrategy(distance_cutoff=1.4, angle_cutoff=0.3)
    if vals is None:
        strategy.set_option("additional_condition", SimplestChemenvStrategy.AC.NO_ADDITIONAL_CONDITION)
    lse = LightStructureEnvironments.from_structure_environments(
        strategy=strategy, structure_environments=se)
    rows = []
    for i in cations:
        site = s[i]
        ces = lse.coordination_environments[i]
        if ces:
            best = min(ces, key=lambda ce: ce["csm"])
            symbol, csm = best["ce_symbol"], best["csm"]
        else:
            symbol, csm = "", float("nan")
        f = site.frac_coords % 1.0
        rows.append({
            "file": rel, "site_index": i,
            "fa": f"{f[0]:.6f}", "fb": f"{f[1]:.6f}", "fc": f"{f[2]:.6f}",
            "element": site.specie.symbol,
            "crystalnn_cn": cnn.get_cn(s, i),
            "voronoi_cn": len(vnn.get_nn_info(s, i)) if anion_elems else 0,
            "chemenv_symbol": symbol, "chemenv_csm": f"{csm:.4f}",
        })
    return rows


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    source = os.path.dirname(os.path.dirname(here))
    args = [a for a in sys.argv[1:] if a != "--all"]
    every = "--all" in sys.argv[1:]
    shared = args[0] if args else os.path.join(source, "..", "shared")
    files = [f"structures/mg_reference/{f}"
             for f in sorted(os.listdir(os.path.join(shared, "structures/mg_reference")))
             if f.endswith(".cif")]
    bench = "structures/benchmark/pymatgen_test_files"
    if not every:
        files += [f"{bench}/{f}" for f in PYMATGEN_FILES]
    else:
        for root, _, names in sorted(os.walk(os.path.join(shared, bench))):
            for f in sorted(names):
                rel = os.path.relpath(os.path.join(root, f), shared).replace(os.sep, "/")
                if not f.endswith(".cif"):
                    continue
                if rel in CHANNELMAP_UNREADABLE:
                    print(f"{rel}: skipped, channelmap cannot read it: "
                          f"{CHANNELMAP_UNREADABLE[rel]}", file=sys.stderr)
                    continue
                files.append(rel)
    warnings.filterwarnings("ignore")
    out = os.environ.get("OUT") or os.path.join(
        source, "tests", "data",
        "pymatgen_coordination_all.csv" if every else "pymatgen_coordination.csv")
    fields = ["file", "site_index", "fa", "fb", "fc", "element", "crystalnn_cn", "voronoi_cn",
              "chemenv_symbol", "chemenv_csm"]
    jobs = int(os.environ.get("JOBS", os.cpu_count() or 1))
    results = {}
    running = {}  # pid -> (rel, read end, start time)
    pending = list(files)
    while pending or running:
        while pending and len(running) < jobs:
            rel = pending.pop(0)
            r, w = os.pipe()
            pid = os.fork()
            if pid == 0:  # child: one file, result pickled to the pipe (a hung C call is killed)
                os.close(r)
                try:
                    payload = ("ok", process(os.path.join(shared, rel), rel, every))
                except Exception as e:  # noqa: BLE001 - report and go on with the next file
                    payload = ("err", f"{type(e).__name__}: {e}".splitlines()[0][:200])
                with os.fdopen(w, "wb") as fh:
                    pickle.dump(payload, fh)
                os._exit(0)
            os.close(w)
            running[pid] = (rel, os.fdopen(r, "rb"), time.time())
        time.sleep(0.2)
        for pid, (rel, fh, t0) in list(running.items()):
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done == 0 and time.time() - t0 <= TIME_LIMIT_S:
                continue
            if done == 0:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                print(f"{rel}: skipped, longer than {TIME_LIMIT_S} s", file=sys.stderr)
            else:
                try:
                    kind, val = pickle.load(fh)
                except Exception:  # noqa: BLE001 - the child died without a result
                    kind, val = "err", "worker died"
                if kind == "ok":
                    results[rel] = val
                    print(f"{rel}: {len(val)} cation sites, {time.time() - t0:.1f} s",
                          file=sys.stderr)
                else:
                    print(f"{rel}: skipped, {val}", file=sys.stderr)
            fh.close()
            del running[pid]
    all_rows = [row for rel in files if rel in results for row in results[rel]]
    with open(out, "w", newline="") as fh:
        fh.write("# Generated by tools/reference/pymatgen_coordination.py "
                 "(pymatgen 2022.11.7); do not edit.\n")
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(all_rows)


if __name__ == "__main__":
    main()
