#!/usr/bin/python3
"""Reference oxidation states from pymatgen's BVAnalyzer, for tests/unit/test_chemistry.cpp.

Runs pymatgen.analysis.bond_valence.BVAnalyzer (default settings) on every CIF in
structures/mg_reference/ and on the first N (default 40, sorted by name) CIFs of
structures/mg_barrier_set/ under the shared directory, and writes one row per
(file, CIF label, element):

    file,label,element,state,n_sites,note

`state` is BVAnalyzer's oxidation state for that species on every site generated from that
label (empty when BVAnalyzer assigned none; `note` then carries its message). When BVAnalyzer
gives different states to sites of one label, `state` is empty and `note` lists them.
Sites are read by pymatgen's CifParser (primitive=False); each pymatgen site is matched to the
CIF label whose symmetry image lies at the same position (gemmi applies the file's operators).

Usage (Debian's python3-pymatgen and python3-gemmi):
    /usr/bin/python3 tools/reference/bvanalyzer_states.py [SHARED_DIR] [OUT_CSV] [N]
defaults: ../shared, tests/data/bvanalyzer_states.csv, 40.
"""
import csv
import os
import sys
import warnings
from collections import defaultdict

import gemmi
import numpy as np
from pymatgen.analysis.bond_valence import BVAnalyzer, get_z_ordered_elmap
from pymatgen.io.cif import CifParser

MATCH_TOL_FRAC = 1e-3  # a pymatgen site and a label image are one position (fractional units)


def label_images(path):
    """[(label, element, frac image)] for every symmetry image of every CIF atom site."""
    block = gemmi.cif.read(path).sole_block()
    ops = []
    for tag in ("_space_group_symop_operation_xyz", "_symmetry_equiv_pos_as_xyz"):
        values = list(block.find_values(tag))
        if values:
            ops = [gemmi.Op(gemmi.cif.as_string(v)) for v in values]
            break
    if not ops:
        ops = [gemmi.Op("x,y,z")]
    table = block.find("_atom_site_", ["label", "?type_symbol", "fract_x", "fract_y", "fract_z"])
    images = []
    for row in table:
        label = row.str(0)
        symbol = row.str(1) if row.has(1) else label
        el = gemmi.Element("".join(c for c in symbol if c.isalpha())[:2]).name
        if el == "X":
            el = gemmi.Element("".join(c for c in symbol if c.isalpha())[:1]).name
        xyz = [gemmi.cif.as_number(row[i]) for i in (2, 3, 4)]
        for op in ops:
            f = np.array(op.apply_to_xyz(xyz)) % 1.0
            images.append((label, el, f))
    return images


def match_label(images, frac, element):
    best, best_d = None, 1e9
    for label, el, f in images:
        if el != element:
            continue
        d = f - frac
        d -= np.round(d)
        dist = float(np.abs(d).max())
        if dist < best_d:
            best, best_d = label, dist
    return best if best_d < MATCH_TOL_FRAC else None


def states_for(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        structure = CifParser(path).get_structures(primitive=False)[0]
        try:
            valences = BVAnalyzer().get_valences(structure)
        except ValueError as e:  # "Valences cannot be assigned!"
            valences, error = None, str(e)
    images = label_images(path)
    found = defaultdict(list)  # (label, element) -> [state or None]
    for i, site in enumerate(structure):
        # BVAnalyzer lists the states of a disordered site in get_z_ordered_elmap order.
        for j, (sp, _occ) in enumerate(get_z_ordered_elmap(site.species)):
            label = match_label(images, site.frac_coords % 1.0, sp.symbol)
            if label is None:
                raise RuntimeError(f"{path}: site {i} {sp.symbol} matches no CIF label")
            if valences is None:
                state = None
            elif isinstance(valences[i], list):
                state = valences[i][j]
            else:
                state = valences[i]
            found[(label, sp.symbol)].append(state)
    rows = []
    for (label, el), states in found.items():
        distinct = sorted(set(s for s in states if s is not None))
        if valences is None:
            rows.append((label, el, "", len(states), error))
        elif len(distinct) == 1:
            rows.append((label, el, str(distinct[0]), len(states), ""))
        else:
            rows.append((label, el, "", len(states), "states " + " ".join(map(str, distinct))))
    return rows


def main():
    shared = sys.argv[1] if len(sys.argv) > 1 else "../shared"
    out = sys.argv[2] if len(sys.argv) > 2 else "tests/data/bvanalyzer_states.csv"
    n_barrier = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    root = os.path.join(shared, "structures")
    files = ["mg_reference/" + f for f in sorted(os.listdir(os.path.join(root, "mg_reference")))
             if f.endswith(".cif")]
    barrier = sorted(f for f in os.listdir(os.path.join(root, "mg_barrier_set")) if f.endswith(".cif"))
    files += ["mg_barrier_set/" + f for f in barrier[:n_barrier]]
    with open(out, "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        fh.write("# pymatgen BVAnalyzer oxidation states; written by tools/reference/bvanalyzer_states.py\n")
        import pymatgen.core
        fh.write(f"# pymatgen {getattr(pymatgen.core, '__version__', '?')}, gemmi {gemmi.__version__}\n")
        w.writerow(["file", "label", "element", "state", "n_sites", "note"])
        for f in files:
            for row in states_for(os.path.join(root, f)):
                w.writerow([f, *row])
            print(f, file=sys.stderr)


if __name__ == "__main__":
    main()
