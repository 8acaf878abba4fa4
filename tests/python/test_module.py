"""The Python module (issue #11, item 3) against the CLI: run by CTest with /usr/bin/python3 and
PYTHONPATH=<build>/python (tests/CMakeLists.txt). The CLI is an independent process reading the
same files; the module must give its values exactly: the same CSV cells, read by one rule (""
-> None, a number without a decimal point -> int, other numbers -> float, text columns -> str).

Environment: CHANNELMAP_BIN (the program), CHANNELMAP_SOURCE (structures/), CHANNELMAP_SHARED
(structures/mg_reference; left out when absent).
"""
import csv
import glob
import math
import os
import subprocess
import sys
import tempfile
import threading
import time
import unittest

import channelmap as cm

BIN = os.environ["CHANNELMAP_BIN"]
SOURCE = os.environ["CHANNELMAP_SOURCE"]
SHARED = os.environ.get("CHANNELMAP_SHARED", "")
OWN = sorted(glob.glob(os.path.join(SOURCE, "structures", "*.cif")))
MG_REFERENCE = sorted(glob.glob(os.path.join(SHARED, "structures", "mg_reference", "*.cif")))
TEXT_COLUMNS = None  # column -> unit, from `describe --schema`


def units():
    """Column name -> unit of every table, from the CLI's schema (`describe --schema`)."""
    global TEXT_COLUMNS
    if TEXT_COLUMNS is None:
        out = subprocess.run([BIN, "describe", "--schema"], check=True, capture_output=True,
                             text=True).stdout
        TEXT_COLUMNS = {}
        for line in out.splitlines():  # markdown rows: | `name` | unit | description |
            cells = [c.strip() for c in line.split("|")]
            if len(cells) > 3 and cells[1].startswith("`"):
                TEXT_COLUMNS.setdefault(cells[1].strip("`"), cells[2])
    return TEXT_COLUMNS


def typed(column, text):
    """A CSV cell read by the module's documented rule (docs/python.md)."""
    if text == "":
        return None
    if units().get(column, "text") == "text":
        return text
    try:
        return int(text) if not any(ch in text for ch in ".eEnN") else float(text)
    except ValueError:  # several numbers in one cell (a list): text
        return text


def read_csv(path):
    with open(path, newline="") as f:
        return [{k: typed(k, v) for k, v in row.items()} for row in csv.DictReader(f)]


def run_cli(*args):
    r = subprocess.run([BIN, *args], capture_output=True, text=True)
    if r.returncode not in (0, 1):
        raise AssertionError(f"channelmap {' '.join(args)}: exit {r.returncode}\n{r.stderr}")
    return r


class DescriptorsMatchCli(unittest.TestCase):
    """Every structure of structures/ and mg_reference: the module's descriptor, site and hop
    rows are the CLI's `describe` rows, value for value."""

    def test_describe_tables(self):
        files = OWN + MG_REFERENCE
        self.assertGreaterEqual(len(OWN), 4)
        with tempfile.TemporaryDirectory() as tmp:
            d, s, h = (os.path.join(tmp, n) for n in ("d.csv", "s.csv", "h.csv"))
            run_cli("describe", *files, "-o", d, "--sites", s, "--hops", h, "-j", "2")
            cli_rows, cli_sites, cli_hops = read_csv(d), read_csv(s), read_csv(h)
        reports = [r for f in files for r in cm.analyze_all(f)]
        self.assertEqual(len(reports), len(cli_rows))
        for rep, row in zip(reports, cli_rows):
            with self.subTest(structure=row["id"]):
                self.assertEqual(list(rep.descriptors), list(row))  # same columns, same order
                self.assertEqual(rep.descriptors, row)
        self.assertEqual([x for r in reports for x in r.sites], cli_sites)
        self.assertEqual([x for r in reports for x in r.hops], cli_hops)
        # The full report is describe --format jsonl's line.
        line = run_cli("describe", "--format", "jsonl", OWN[0]).stdout.splitlines()[0]
        import json
        self.assertEqual(cm.analyze(OWN[0]).data, json.loads(line))


class ScreenMatchesCli(unittest.TestCase):
    def test_screen_rows(self):
        with tempfile.TemporaryDirectory() as tmp:
            bad = os.path.join(tmp, "in", "broken.cif")
            os.makedirs(os.path.dirname(bad))
            with open(bad, "w") as f:
                f.write("data_x\n_cell_length_a 5\nloop_\n_atom_site_label\nMg1\n")
            for f in OWN:
                os.symlink(f, os.path.join(tmp, "in", os.path.basename(f)))
            out = os.path.join(tmp, "cli.csv")
            run_cli("screen", os.path.join(tmp, "in"), "-o", out, "-j", "2")
            rows = cm.screen(os.path.join(tmp, "in"), jobs=2)
            self.assertEqual(list(rows), read_csv(out))
            self.assertEqual(rows.errors, read_csv(out + ".errors.csv"))
            self.assertEqual(len(rows.errors), 1)
            self.assertEqual(rows.errors[0]["file"], bad)
            self.assertEqual(rows.summary["structures"], len(OWN))
            # With an output file: the CLI's table itself, resumable.
            out2 = os.path.join(tmp, "py.csv")
            rows2 = cm.screen(os.path.join(tmp, "in"), jobs=1, output=out2)
            self.assertEqual(rows2.output, out2)
            with open(out, "rb") as a, open(out2, "rb") as b:
                self.assertEqual(a.read(), b.read())
            # And its ranking, byte for byte the CLI's (cli.ranked.csv beside cli.csv).
            self.assertEqual(rows2.ranked, os.path.join(tmp, "py.ranked.csv"))
            with open(os.path.join(tmp, "cli.ranked.csv"), "rb") as a, open(rows2.ranked, "rb") as b:
                self.assertEqual(a.read(), b.read())
            self.assertIsNone(rows.ranked)
            again = cm.screen(os.path.join(tmp, "in"), output=out2, resume=True)
            self.assertEqual(again.summary["files_skipped"], len(OWN) + 1)
            self.assertEqual(list(again), list(rows2))
            with self.assertRaises(cm.UsageError):  # exists, without resume
                cm.screen(os.path.join(tmp, "in"), output=out2)
            # Two shards from the module, joined by `channelmap merge`: the whole table.
            shards = [os.path.join(tmp, f"shard_{k}.csv") for k in (1, 2)]
            for k, s in enumerate(shards, 1):
                part = cm.screen(os.path.join(tmp, "in"), output=s, shard=(k, 2))
                self.assertLess(len(part) + len(part.errors), len(OWN) + 1)
            merged = os.path.join(tmp, "merged.csv")
            run_cli("merge", "-o", merged, *shards)
            with open(out, "rb") as a, open(merged, "rb") as b:
                self.assertEqual(a.read(), b.read())
            with self.assertRaises(cm.UsageError):
                cm.screen(os.path.join(tmp, "in"), shard=(3, 2))


class InMemoryStructures(unittest.TestCase):
    def test_pymatgen_structure_equals_its_cif(self):
        """A pymatgen Structure built in memory (Structure.from_spacegroup with the CIF's cell
        and asymmetric unit, oxidation states as Species) gives the CIF's descriptors; only the
        file, block and id columns (the structure's name) differ."""
        from pymatgen.core import Lattice, Species, Structure
        cases = {
            # structures/MgAl2O4_spinel.cif's source as its header gives it: a = 8.0806 A, Fd-3m
            # origin choice 1 (pymatgen's setting; the CIF is in origin 2): Mg 0,0,0, Al 5/8,
            # O x = 0.3873
            "MgAl2O4_spinel.cif": ("Fd-3m", Lattice.cubic(8.0806),
                                   [Species("Mg", 2), Species("Al", 3), Species("O", -2)],
                                   [[0, 0, 0], [0.625, 0.625, 0.625],
                                    [0.3873, 0.3873, 0.3873]]),
            # structures/MgO_periclase.cif: Fm-3m, a = 4.211 A
            "MgO_periclase.cif": ("Fm-3m", Lattice.cubic(4.211),
                                  [Species("Mg", 2), Species("O", -2)],
                                  [[0, 0, 0], [0.5, 0.5, 0.5]]),
        }
        # The energy grid lies on the cell's axes from its origin: in another origin setting it
        # samples other points, and the grid energies move by up to 0.05 eV (docs/energy.md,
        # "Grid convergence and invariance"; tests/unit/test_energy.cpp checks the same bound).
        grid_energies = {"e_1d_eV", "e_2d_eV", "e_3d_eV", "mobile_site_energy_eV"}
        for fname, (sg, lattice, species, coords) in cases.items():
            with self.subTest(structure=fname):
                path = os.path.join(SOURCE, "structures", fname)
                s = Structure.from_spacegroup(sg, lattice, species, coords)
                from_file = cm.analyze(path).descriptors
                mem = cm.analyze(s, name="in-memory").descriptors
                self.assertEqual(mem["file"], "in-memory")
                differ = {k for k in from_file if from_file[k] != mem[k]}
                self.assertEqual(differ - grid_energies, {"file", "block", "id"})
                for k in differ & grid_energies:
                    self.assertLessEqual(abs(from_file[k] - mem[k]), 0.05, k)
                if fname == "MgO_periclase.cif":  # the same origin: the same grid
                    self.assertEqual(differ, {"file", "block", "id"})

    def test_structure_read_by_pymatgen_and_ase(self):
        """The same CIF read by pymatgen and by ase, passed as objects: the CIF's descriptors."""
        import ase.io
        from pymatgen.core import Structure
        for path in OWN:
            with self.subTest(structure=os.path.basename(path)):
                ref = cm.analyze(path).descriptors
                skip = {"file", "block", "id"}
                pmg = cm.analyze(Structure.from_file(path)).descriptors
                self.assertEqual({k for k in ref if ref[k] != pmg[k]} - skip, set())
                # ase keeps no oxidation states: they are assigned from bond valences.
                a = cm.analyze(ase.io.read(path)).descriptors
                differ = {k for k in ref if ref[k] != a[k]} - skip - {"oxidation_source"}
                self.assertEqual(differ, set())
                self.assertEqual(a["oxidation_source"], "bond-valence")


class Errors(unittest.TestCase):
    def test_typed_errors(self):
        with tempfile.TemporaryDirectory() as tmp:
            missing = os.path.join(tmp, "missing.cif")
            with self.assertRaises(cm.ReadError) as e:
                cm.analyze(missing)
            self.assertEqual(e.exception.file, missing)
            self.assertEqual(e.exception.stage, "read")
            self.assertIn("No such file", e.exception.reason)
            self.assertIn(missing, str(e.exception))
            bad = os.path.join(tmp, "nocell.cif")
            with open(bad, "w") as f:
                f.write("data_nocell\nloop_\n_atom_site_label\n_atom_site_fract_x\n"
                        "_atom_site_fract_y\n_atom_site_fract_z\nMg1 0 0 0\n")
            with self.assertRaises(cm.ReadError) as e:
                cm.analyze(bad)
            self.assertEqual((e.exception.file, e.exception.block), (bad, "nocell"))
            two = os.path.join(tmp, "two.cif")
            with open(OWN[0]) as a, open(OWN[1]) as b, open(two, "w") as f:
                f.write(a.read() + "\n" + b.read())
            with self.assertRaises(cm.UsageError):
                cm.analyze(two)
            self.assertEqual(len(cm.analyze_all(two)), 2)
            block = cm.analyze_all(two)[1].descriptors["block"]
            self.assertEqual(cm.analyze(two, block=block).descriptors["block"], block)
        with self.assertRaises(cm.UsageError):
            cm.analyze(OWN[0], mobile="Xx")
        with self.assertRaises(cm.UsageError):
            cm.analyze(OWN[0], grid=0.001)
        with self.assertRaises(cm.UsageError):
            cm.analyze(OWN[0], radii_set="nonsense")
        with self.assertRaises(TypeError):
            cm.analyze(42)
        self.assertTrue(issubclass(cm.UsageError, ValueError))
        # Errors cross processes (Dask, multiprocessing) whole.
        import pickle
        e = pickle.loads(pickle.dumps(cm.ReadError("f.cif", "b", "read", "no cell")))
        self.assertEqual((type(e), e.file, e.block, e.stage, e.reason, str(e)),
                         (cm.ReadError, "f.cif", "b", "read", "no cell", "f.cif#b: no cell"))

    def test_bad_in_memory_structures(self):
        from pymatgen.core import Lattice, Structure
        # Overlapping atoms: an error with strict (as --strict), else one position and a warning
        # (the readers' rules, docs/inputs.md).
        overlap = Structure(Lattice.cubic(4.0), ["Mg", "O", "O"],
                            [[0, 0, 0], [0.5, 0.5, 0.5], [0.501, 0.5, 0.5]])
        with self.assertRaises(cm.ReadError) as e:
            cm.analyze(overlap, name="overlap", strict=True)
        self.assertEqual(e.exception.file, "overlap")
        self.assertIn("overlap", e.exception.reason)
        lenient = cm.analyze(overlap, name="overlap", energy=False).descriptors
        self.assertIn("read as O 1", lenient["read_warnings"])
        self.assertEqual(lenient["n_atoms"], 2)
        flat = Structure(Lattice([[4, 0, 0], [0, 4, 0], [0, 0, 1e-4]]), ["Mg"], [[0, 0, 0]])
        with self.assertRaises(cm.ReadError):
            cm.analyze(flat)
        nan = Structure(Lattice.cubic(4.0), ["Mg", "O"], [[0, 0, 0], [0.5, 0.5, 0.5]])
        nan.sites[1].frac_coords = [math.nan, 0.5, 0.5]
        with self.assertRaises(cm.ReadError):
            cm.analyze(nan)


class Paths(unittest.TestCase):
    def test_path_equals_cli(self):
        """path() is `channelmap path --json`: the same JSON, from a file and from a pymatgen
        Structure of that file (name aside); no path is an AnalysisError."""
        import json
        path = os.path.join(SOURCE, "structures", "MgO_periclase.cif")
        args = ["--from", "0 0 0", "--to", "0.5 0.5 0", "--grid", "0.25"]
        cli = json.loads(run_cli("path", "--json", path, *args).stdout)
        mine = cm.path(path, (0, 0, 0), (0.5, 0.5, 0), grid=0.25)
        self.assertEqual(mine, cli)
        self.assertGreater(len(mine["profile"]), 5)
        self.assertIsNotNone(mine["descriptors"]["predicted_em_eV"])
        from pymatgen.core import Structure
        # From a pymatgen Structure: pymatgen orients the cell otherwise (its Cartesian axes),
        # so every sum rounds its own way, and the string method's 400 steps carry that to
        # ~1e-5 of a length (measured: path length 5e-5 A of 3.6 A, tortuosity 1.6e-5,
        # energies 7e-7 eV); the route may be a symmetry-equivalent one (the MgO hop passes
        # either tetrahedral site). The per-path descriptors agree to 1e-4 (relative); a wrong
        # conversion (cell, coordinates, species) moves them by whole percents.
        mem = cm.path(Structure.from_file(path), (0, 0, 0), (0.5, 0.5, 0), grid=0.25, name="m")
        self.assertEqual(mem["file"], "m")
        self.assertEqual(set(mem["descriptors"]), set(cli["descriptors"]))
        for k, v in cli["descriptors"].items():
            w = mem["descriptors"][k]
            if v is None or w is None:
                self.assertEqual(v, w, k)
            else:
                self.assertLessEqual(abs(v - w), 1e-4 * max(1.0, abs(v)), k)
        self.assertEqual(len(mem["profile"]), len(cli["profile"]))
        with self.assertRaises(cm.AnalysisError) as e:
            cm.path(path, (0, 0, 0), (0.5, 0.5, 0), mobile="Xe")
        self.assertIn("no charge for the mobile ion Xe", e.exception.reason)
        with self.assertRaises(cm.UsageError):
            cm.path(path, (0, 0, 0), (0.5, 0.5, 0), grid=0.001)


class RadiusOverrides(unittest.TestCase):
    def test_radii_dict_file_and_cli(self):
        """radii={...} is --radii FILE: the same descriptors as the CLI with the file, and the
        overridden radius in the site table."""
        path = os.path.join(SOURCE, "structures", "MgO_periclase.cif")
        with tempfile.TemporaryDirectory() as tmp:
            f = os.path.join(tmp, "radii.txt")
            with open(f, "w") as out:
                out.write("# test\nO 1.2\n")
            d = os.path.join(tmp, "d.csv")
            run_cli("describe", "--no-energy", "--radii", f, path, "-o", d)
            cli = read_csv(d)[0]
            by_dict = cm.analyze(path, energy=False, radii={"o": 1.2})
            by_file = cm.analyze(path, energy=False, radii_file=f)
            plain = cm.analyze(path, energy=False)
        self.assertEqual(by_dict.descriptors, cli)
        self.assertEqual(by_file.descriptors, cli)
        self.assertNotEqual(plain.descriptors["di_A"], cli["di_A"])
        o = [r for r in by_dict.sites if r["elements"] == "O"][0]
        self.assertEqual((o["sphere_radius_A"], o["radius_source"]), (1.2, "file"))
        self.assertIn("radii=O:1.2", by_dict.data["channelmap"]["options"])
        with self.assertRaises(cm.UsageError):
            cm.analyze(path, radii={"Xx": 1.0})
        with self.assertRaises(cm.UsageError):
            cm.analyze(path, radii={"O": 11.0})


class Threads(unittest.TestCase):
    def test_gil_released_and_threads_agree(self):
        """analyze() releases the GIL: Python code runs while it works, and two analyses in two
        threads give the serial result."""
        path = os.path.join(SOURCE, "structures", "Mg2SiO4_forsterite.cif")
        serial = cm.analyze(path).descriptors
        results, ticks = [None, None], [0]

        def work(i):
            results[i] = cm.analyze(path).descriptors

        threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            ticks[0] += 1  # bytecode of this thread, run only when the GIL is free
            time.sleep(0.001)
        for t in threads:
            t.join()
        self.assertEqual(results, [serial, serial])
        # Held GIL: this loop would run at most once or twice while the threads work.
        self.assertGreater(ticks[0], 10)


class DataFrames(unittest.TestCase):
    def test_to_dataframe(self):
        import pandas as pd
        reports = [cm.analyze(f, energy=False) for f in OWN]
        df = cm.to_dataframe(reports)
        self.assertEqual(list(df.columns), list(reports[0].descriptors))
        self.assertEqual(len(df), len(OWN))
        self.assertTrue(pd.api.types.is_float_dtype(df["df_A"]))
        self.assertEqual(list(df["formula"]), [r.descriptors["formula"] for r in reports])
        # --no-energy: the energy columns are missing, None in the rows, NaN in the frame.
        self.assertIsNone(reports[0].descriptors["e_1d_eV"])
        self.assertTrue(df["e_1d_eV"].isna().all())
        sites = cm.to_dataframe(reports[0].sites)
        self.assertEqual(len(sites), len(reports[0].sites))


if __name__ == "__main__":
    unittest.main(verbosity=2)
