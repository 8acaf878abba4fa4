#!/usr/bin/python3
"""Reference coordination environments from pymatgen for tests/unit/test_environment.cpp.

For every cation site of the structures listed below, runs
  * CrystalNN() with pymatgen's default parameters            -> crystalnn_cn
  * VoronoiNN(tol=0.5, weight="solid_angle", targets=anions)  -> voronoi_cn
    (the same rule as channelmap's voronoi_neighbors with its default min_weight 0.5)
  * ChemEnv: LocalGeometryFinder().compute_structure_environments(maximum_distance_factor=1.41,
    only_indices=cations, valences=BV valences) + SimplestChemenvStrategy(distance_cutoff=1.4,
    angle_cutoff=0.3) (the ChemEnv tutorial's settings) -> chemenv_symbol, chemenv_csm
and writes tests/data/pymatgen_coordination.csv.

Cations and anions come from pymatgen's BVAnalyzer valences (positive = cation); when the
bond-valence analysis fails the element lists below are used (ANIONS, and every other element
except H and C is a cation). In structures with both C and H (frameworks with organic linkers)
C and H sites are never cations. Disordered sites are replaced by their majority species (an ordered
approximation; ChemEnv and CrystalNN need ordered structures). A file taking longer than
TIME_LIMIT_S is skipped and reported on stderr.

Usage: /usr/bin/python3 tools/reference/pymatgen_coordination.py [SHARED_DIR] > /dev/null
(SHARED_DIR defaults to ../shared relative to the source tree; the CSV lands in tests/data/).
Runs with python3-pymatgen 2022.11.7 (Debian); about 1.5 minutes on one core.
"""
import csv
import os
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
ANIONS = {"N", "O", "F", "S", "Cl", "Se", "Br", "Te", "I"}  # as channelmap's is_anion_element
NOT_CATIONS = {"H", "C"}

PYMATGEN_FILES = [
    "AgO_kpath_test.cif", "CoO19128.cif", "CsI3Pb.cif", "CsSnI3.cif", "CuCl.cif", "Fe3O4.cif",
    "FePO4a.cif", "ICSD59959.cif", "La2CoO4.cif", "La4Fe4O12.cif", "Li2O.cif",
    "Li4Fe3Mn1(PO4)4.cif", "Li8Fe2NiCoO8.cif", "LiFePO4.cif", "OneLineSymmP1.cif", "V2O3.cif",
    "rhomb_3478_conv.cif", "hex_1170.cif", "Cod_2100513.cif", "garnet.cif",
]


class Timeout(Exception):
    pass


def on_alarm(signum, frame):
    raise Timeout()


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


def process(path, rel):
    s = ordered(Structure.from_file(path))
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
    shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(source, "..", "shared")
    files = [f"structures/mg_reference/{f}"
             for f in sorted(os.listdir(os.path.join(shared, "structures/mg_reference")))
             if f.endswith(".cif")]
    files += [f"structures/benchmark/pymatgen_test_files/{f}" for f in PYMATGEN_FILES]
    warnings.filterwarnings("ignore")
    signal.signal(signal.SIGALRM, on_alarm)
    out = os.path.join(source, "tests", "data", "pymatgen_coordination.csv")
    fields = ["file", "site_index", "fa", "fb", "fc", "element", "crystalnn_cn", "voronoi_cn",
              "chemenv_symbol", "chemenv_csm"]
    all_rows = []
    for rel in files:
        t0 = time.time()
        signal.alarm(TIME_LIMIT_S)
        try:
            rows = process(os.path.join(shared, rel), rel)
        except Timeout:
            print(f"{rel}: skipped, longer than {TIME_LIMIT_S} s", file=sys.stderr)
            continue
        except Exception as e:  # noqa: BLE001 - report and go on with the next file
            print(f"{rel}: skipped, {type(e).__name__}: {e}", file=sys.stderr)
            continue
        finally:
            signal.alarm(0)
        print(f"{rel}: {len(rows)} cation sites, {time.time() - t0:.1f} s", file=sys.stderr)
        all_rows += rows
    with open(out, "w", newline="") as fh:
        fh.write("# Generated by tools/reference/pymatgen_coordination.py "
                 "(pymatgen 2022.11.7); do not edit.\n")
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(all_rows)


if __name__ == "__main__":
    main()
