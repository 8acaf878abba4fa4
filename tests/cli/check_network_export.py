"""Loads a channelmap network export (inspect --export-network OUT.cif) with pymatgen and, when
installed, ASE, and checks it against the inspect --json report of the same analysis.

usage: check_network_export.py EXPORT.cif REPORT.json MIN_SEPARATION_A

Checks (each failure is printed; exit 1 if any):
- pymatgen's Structure.from_file reads it with no warning about occupancies or overlapping
  atoms (pymatgen merges positions within 1e-4 fractional and sums their occupancies; a sum
  above 1 is the symptom of duplicate atoms) and keeps every atom row: no position merged;
- the rows are the report's sites (one per atom of the structure) plus the dummy atoms;
- no two atoms closer than MIN_SEPARATION_A (pymatgen's distance matrix, periodic images
  included; ASE's get_all_distances(mic=True) likewise);
- with a hop in the report, a Kr atom sits at the widest hop's bottleneck (within 1e-4 A) and
  its _atom_site_channelmap_radius equals that hop's bottleneck radius (to the 6 decimals
  written).
"""
import json
import sys
import warnings

import numpy as np

cif, report, min_sep = sys.argv[1], sys.argv[2], float(sys.argv[3])
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


rows = []  # (label, element, frac, radius)
with open(cif) as f:
    for line in f:
        t = line.split()
        if len(t) == 7 and t[1].isalpha() and not line.startswith(("_", "#", "'")):
            try:
                rows.append((t[0], t[1], np.array([float(x) for x in t[2:5]]),
                             None if t[6] == "." else float(t[6])))
            except ValueError:
                pass
j = json.load(open(report))
n_struct = len(j["sites"])
dummies = [r for r in rows if r[3] is not None]  # framework rows have "." for the radius
check(len(rows) == n_struct + len(dummies),
      f"rows {len(rows)} != {n_struct} structure atoms + {len(dummies)} dummy atoms")

from pymatgen.core import Structure  # noqa: E402

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    try:
        s = Structure.from_file(cif)
    except Exception as e:  # noqa: BLE001
        s = None
        check(False, f"pymatgen cannot read it: {e}")
bad = [str(w.message)[:200] for w in caught
       if any(k in str(w.message).lower() for k in ("occupanc", "overlap", "no structure"))]
check(not bad, f"pymatgen warnings: {bad}")
if s is not None:
    check(len(s) == len(rows), f"pymatgen has {len(s)} sites, the file {len(rows)} rows")
    d = s.distance_matrix.copy()
    np.fill_diagonal(d, np.inf)
    check(d.min() >= min_sep, f"pymatgen: closest atoms {d.min():.4f} A < {min_sep} A")
    print(f"pymatgen: {len(s)} sites, closest {d.min():.3f} A")

try:
    from ase.io import read as ase_read
except ImportError:
    ase_read = None
    print("ASE not installed: skipped")
if ase_read is not None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            a = ase_read(cif)
        except Exception as e:  # noqa: BLE001
            a = None
            check(False, f"ASE cannot read it: {e}")
    check(not caught, f"ASE warnings: {[str(w.message)[:200] for w in caught]}")
    if a is not None:
        check(len(a) == len(rows), f"ASE has {len(a)} atoms, the file {len(rows)} rows")
        d = a.get_all_distances(mic=True)
        np.fill_diagonal(d, np.inf)
        check(d.min() >= min_sep, f"ASE: closest atoms {d.min():.4f} A < {min_sep} A")
        print(f"ASE: {len(a)} atoms, closest {d.min():.3f} A")

if j["hops"]:
    h = j["hops"][0]
    want = np.array(h["bottleneck_frac"]) % 1.0
    kr = [r for r in rows if r[1] == "Kr"]
    check(kr, "no Kr atom although the report has a hop")
    if s is not None and kr:
        m = s.lattice
        dist = [m.get_distance_and_image(r[2], want)[0] for r in kr]
        k = int(np.argmin(dist))
        check(dist[k] < 1e-4, f"no Kr at the widest hop's bottleneck (nearest {dist[k]:.5f} A)")
        check(abs(kr[k][3] - h["bottleneck_A"]) <= 5e-7,
              f"Kr radius {kr[k][3]} != bottleneck {h['bottleneck_A']}")
        print(f"Kr at the widest hop's bottleneck, radius {kr[k][3]} A")

for f in failures:
    print("FAILED:", f)
sys.exit(1 if failures else 0)
