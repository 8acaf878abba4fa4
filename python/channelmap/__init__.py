"""channelmap: channels, bottlenecks and migration barriers of mobile ions in crystals.

The analysis is channelmap's C++ library (the same one the ``channelmap`` program runs), called
with the GIL released; this package converts inputs and outputs only. docs/python.md has the
guide. In short::

    import channelmap
    r = channelmap.analyze("structures/MgAl2O4_spinel.cif")   # a path, pymatgen Structure or ase.Atoms
    r.descriptors["df_A"], r.descriptors["predicted_em_eV"]
    rows = channelmap.screen(["structures"], jobs=2)          # the rows of `channelmap screen`
    channelmap.to_dataframe(rows)                             # pandas, when installed

Values are those of the CLI's CSV tables: the same column names, units and printed precision
(a number without a decimal point is an int); a missing value is ``None`` (``NaN`` in a
DataFrame). Errors raise ``channelmap.Error`` subclasses carrying ``file``, ``stage`` and
``reason``.
"""

import json as _json
import os as _os
import tempfile as _tempfile

from . import _channelmap
from ._errors import AnalysisError, Error, ReadError, UsageError, error_class

__version__ = _channelmap.version

__all__ = [
    "analyze",
    "analyze_all",
    "path",
    "screen",
    "to_dataframe",
    "use_barrier_model",
    "describe_inputs",
    "describe_input",
    "table_header",
    "Report",
    "ScreenResult",
    "Error",
    "ReadError",
    "AnalysisError",
    "UsageError",
    "__version__",
]


def _raise(error):
    file, block, stage, reason = error
    raise error_class(stage)(file, block, stage, reason)


def _options(mobile="Mg", energy=True, probe=None, uniform_radius=None, radii=None,
             radii_file=None, radii_set="shannon", symprec=None, min_occupancy=None,
             zeopp=False, grid=None, all_environments=True):
    """The library's AnalysisOptions from keyword arguments, checked as the CLI checks them."""
    o = _channelmap.AnalysisOptions()
    if mobile is None or str(mobile).lower() == "none" or mobile == "":
        o.mobile_element = ""
    else:
        o.mobile_element = _channelmap.normalize_element(str(mobile))
        if not o.mobile_element:
            raise UsageError("", "", "usage", f"unknown mobile element '{mobile}'")
    o.energy = bool(energy)
    if probe is not None:
        o.probe_A = float(probe)
    if uniform_radius is not None:
        o.uniform_radius_A = float(uniform_radius)
    overrides = {}
    if radii_file is not None:
        overrides.update(_channelmap.read_radius_overrides(_os.fspath(radii_file)))
    for el, r in (radii or {}).items():
        norm = _channelmap.normalize_element(str(el))
        if not norm:
            raise UsageError("", "", "usage", f"radii: unknown element '{el}'")
        overrides[norm] = float(r)
    o.radius_overrides = overrides
    try:
        o.radii_set = str(radii_set)
    except ValueError as e:
        raise UsageError("", "", "usage", str(e)) from None
    if symprec is not None:
        o.symprec_A = float(symprec)
    if min_occupancy is not None:
        o.min_occupancy = float(min_occupancy)
    o.zeopp_compatible = bool(zeopp)
    if grid is not None:
        o.energy_grid_A = float(grid)
    o.all_environments = bool(all_environments)
    o.check()  # raises UsageError (stage "usage") for an invalid value or unknown element
    return o


class Report:
    """One structure's analysis.

    Attributes (computed on first use):
      descriptors  dict: the row of ``channelmap describe`` (column name -> value)
      sites        list of dicts: the rows of ``describe --sites``, one per site of the cell
      hops         list of dicts: the rows of ``describe --hops``, one per hop between mobile sites
      channels     list of dicts: the void channels (``inspect --json``'s channels.channels)
      paths        list of dicts: each hop's path as ``inspect --json`` gives it (nodes, edges,
                   bottleneck, energy barrier, predicted barrier, path descriptors)
      data         dict: the whole JSON report (``describe --format jsonl``'s line: the report
                   plus every descriptor at full precision)
    and ``summary()``, the text ``channelmap inspect`` prints.
    """

    def __init__(self, native):
        self._native = native
        self._cache = {}

    def _get(self, key, make):
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    @property
    def descriptors(self):
        return self._get("descriptors", self._native.descriptors)

    @property
    def sites(self):
        return self._get("sites", self._native.sites)

    @property
    def hops(self):
        return self._get("hops", self._native.hops)

    @property
    def data(self):
        return self._get("data", lambda: _json.loads(self._native.json()))

    @property
    def channels(self):
        return self.data["channels"]["channels"]

    @property
    def paths(self):
        return self.data["hops"]

    def summary(self):
        return self._native.summary()

    def __repr__(self):
        d = self.descriptors
        return (f"<channelmap.Report {d.get('id') or d.get('file')}: {d.get('formula')}, "
                f"mobile {d.get('mobile_element')}, Df {d.get('df_A')} A>")


def _atoms_of(structure):
    """(name, lattice rows, atoms) of a pymatgen Structure or an ase.Atoms; None for others."""
    if hasattr(structure, "lattice") and hasattr(structure, "sites"):  # pymatgen Structure
        atoms = []
        for site in structure.sites:
            label = getattr(site, "label", None) or ""
            for sp, occ in site.species.items():
                ox = getattr(sp, "oxi_state", None)
                ox = int(ox) if ox is not None and float(ox).is_integer() else None
                element = getattr(sp, "symbol", str(sp))
                atoms.append((element, tuple(float(x) for x in site.frac_coords), float(occ), ox,
                              label))
        name = "pymatgen:" + structure.composition.reduced_formula
        return name, [list(map(float, v)) for v in structure.lattice.matrix], atoms
    if hasattr(structure, "get_scaled_positions") and hasattr(structure, "cell"):  # ase.Atoms
        frac = structure.get_scaled_positions(wrap=False)
        symbols = structure.get_chemical_symbols()
        # ase's CIF reader keeps partial occupancies as {tag: {symbol: occupancy}}, the tag
        # being the atom's site in the file; without tags the atoms cannot be matched to it.
        occupancy = structure.info.get("occupancy") or {}
        tags = structure.get_tags()
        partial = any(len(o) != 1 or any(v != 1 for v in o.values()) for o in occupancy.values())
        if partial and len(occupancy) > 1 and len(set(tags)) <= 1:
            raise UsageError("", "", "usage",
                             "ase.Atoms with partial occupancies but no tags: its atoms cannot be "
                             "matched to their sites; analyse the file instead")
        atoms = []
        for i, sym in enumerate(symbols):
            f = tuple(float(x) for x in frac[i])
            occ = (occupancy.get(str(tags[i])) or occupancy.get(tags[i])) if partial else None
            if occ:
                for s, o in occ.items():
                    atoms.append((s, f, float(o), None, ""))
            else:
                atoms.append((sym, f, 1.0, None, ""))
        name = "ase:" + structure.get_chemical_formula()
        return name, [list(map(float, v)) for v in structure.cell[:]], atoms
    return None


def _run(structure, options, strict, block, name):
    """(reports, errors) of a path or an in-memory structure."""
    if isinstance(structure, (str, bytes, _os.PathLike)):
        path = _os.fsdecode(structure)
        if block:
            path += "#" + block
        return _channelmap.analyze_file(path, options, strict)
    converted = _atoms_of(structure)
    if converted is None:
        raise TypeError("channelmap.analyze: expected a file path, a pymatgen Structure or an "
                        f"ase.Atoms, not {type(structure).__name__}")
    default_name, lattice, atoms = converted
    return _channelmap.analyze_atoms(name or default_name, lattice, atoms, options, strict)


def analyze(structure, mobile="Mg", *, energy=True, probe=None, uniform_radius=None,
            radii=None, radii_file=None, radii_set="shannon", symprec=None, min_occupancy=None,
            zeopp=False, grid=None, all_environments=True, strict=False, block=None, name=None):
    """Analyses one structure and returns its Report.

    ``structure``: a CIF or POSCAR path (``block`` names one data block of a CIF holding
    several), a pymatgen ``Structure`` (species, occupancies, oxidation states and site labels
    are used) or an ``ase.Atoms`` (elements and, from ase's CIF reader, occupancies). The
    options are the CLI's: ``mobile`` (--mobile, None for no mobile ion), ``energy``
    (False: --no-energy), ``probe`` (A), ``uniform_radius`` (A), ``radii`` (a dict of
    per-element radii in A, e.g. {"S": 1.9}; over those of ``radii_file``, a --radii file),
    ``radii_set``
    ("shannon" or "vdw"), ``symprec`` (A), ``min_occupancy``, ``zeopp``, ``grid`` (A),
    ``strict``. ``all_environments`` False skips the shapes the descriptor table does not show
    (as ``describe`` without --sites does; descriptors unchanged). ``name`` names an in-memory
    structure in the tables and errors.

    Raises ReadError when the input cannot be read, AnalysisError when its analysis fails,
    UsageError for invalid options or a file that holds several structures without ``block``.
    """
    opts = _options(mobile, energy, probe, uniform_radius, radii, radii_file, radii_set, symprec,
                    min_occupancy, zeopp, grid, all_environments)
    reports, errors = _run(structure, opts, strict, block, name)
    if errors:
        _raise(errors[0])
    if len(reports) != 1:
        where = _os.fsdecode(structure) if isinstance(structure, (str, bytes, _os.PathLike)) else ""
        raise UsageError(where, "", "usage",
                         f"holds {len(reports)} structures: name one with block=, or use "
                         "channelmap.analyze_all()")
    return Report(reports[0])


def analyze_all(structure, mobile="Mg", *, errors="raise", **options):
    """Every structure of a file (each data block of a CIF), as a list of Reports.

    ``errors="raise"`` raises the first block's error; ``errors="skip"`` leaves failed blocks
    out. The other options are analyze()'s.
    """
    strict = options.pop("strict", False)
    block = options.pop("block", None)
    name = options.pop("name", None)
    opts = _options(mobile, **options)
    reports, errs = _run(structure, opts, strict, block, name)
    if errs and errors == "raise":
        _raise(errs[0])
    return [Report(r) for r in reports]


def path(structure, start, end, *, offset=None, mobile=None, grid=None, name=None):
    """The mobile ion's minimum-energy path (BVSE) from ``start`` to ``end`` (fractional
    coordinates), as ``channelmap path --json`` gives it: a dict with the per-path
    ``descriptors`` (barrier, bottleneck, coordination, ``predicted_em_eV``), the ``saddle`` and
    the ``profile`` (one dict per point: s_A, energy_eV, frac, cart_A, clearance_A, cn).

    ``structure`` as analyze()'s (a file's first structure). ``offset``: the lattice translation
    of ``end`` (default: the nearest image). ``mobile``: the element (default: the atom at
    ``start``). ``grid``: the energy grid spacing in A (0.2). Raises AnalysisError when no path
    is found (e.g. no charge for the mobile ion), ReadError when the input cannot be read.
    docs/energy.md defines every number."""
    grid = _channelmap.default_grid_A() if grid is None else float(grid)
    if not grid >= _channelmap.min_grid_A():
        raise UsageError("", "", "usage",
                         f"grid must be a spacing in A of at least {_channelmap.min_grid_A()}")
    el = ""
    if mobile:
        el = _channelmap.normalize_element(str(mobile))
        if not el:
            raise UsageError("", "", "usage", f"unknown mobile element '{mobile}'")
    start = [float(x) for x in start]
    end = [float(x) for x in end]
    off = None if offset is None else [int(x) for x in offset]
    if isinstance(structure, (str, bytes, _os.PathLike)):
        text, errors = _channelmap.path_file(_os.fsdecode(structure), start, end, off, el, grid)
    else:
        converted = _atoms_of(structure)
        if converted is None:
            raise TypeError("channelmap.path: expected a file path, a pymatgen Structure or an "
                            f"ase.Atoms, not {type(structure).__name__}")
        default_name, lattice, atoms = converted
        text, errors = _channelmap.path_atoms(name or default_name, lattice, atoms, start, end,
                                              off, el, grid)
    if errors and not text:
        _raise(errors[0])
    result = _json.loads(text)
    if not result["ok"]:
        raise AnalysisError(result["file"], "", "energy", "no energy path: " + result["reason"])
    return result


class ScreenResult(list):
    """The rows of a screen table (list of dicts, in the table's order) with:
      errors   the error table's rows (file, block, stage, message)
      summary  counts and time of the run (files, structures, failures, seconds, ...)
      output   the CSV the rows were read from (its sidecars beside it), or None when the
               screen wrote to a temporary directory, since removed
      ranked   the ranking written beside it (OUTPUT.ranked.csv, as `channelmap screen`
               writes it), or None without ``output``
    """

    def __init__(self, rows, errors, summary, output, ranked=None):
        super().__init__(rows)
        self.errors = errors
        self.summary = summary
        self.output = output
        self.ranked = ranked


def screen(paths, mobile="Mg", *, jobs=None, output=None, resume=False, timeout=600.0,
           max_memory_gb=8.0, energy=True, probe=None, uniform_radius=None, radii=None,
           radii_file=None, radii_set="shannon", symprec=None, min_occupancy=None, zeopp=False,
           grid=None, strict=False, shard=None):
    """Screens structure files as ``channelmap screen`` does and returns its rows.

    ``paths``: a file or directory, or a list of them (directories are searched recursively
    for *.cif and POSCAR names). Each structure is analysed in a child process (``jobs`` at a
    time; default: every core) with the ``timeout`` (s) and ``max_memory_gb`` limits; a file
    that fails is a row of ``result.errors``, not an exception. ``output``: the CSV to write
    (with its sidecars, the ranked table OUTPUT.ranked.csv and --resume as the CLI's);
    default: a temporary directory.
    The rows are the table's, value for value (docs/screen.md, docs/schema.md). ``shard=(K, N)``
    screens shard K of N (``--shard K/N``; join the shards' outputs with ``channelmap merge``).
    """
    if isinstance(paths, (str, bytes, _os.PathLike)):
        paths = [paths]
    paths = [_os.fsdecode(p) for p in paths]
    opts = _options(mobile, energy, probe, uniform_radius, radii, radii_file, radii_set, symprec,
                    min_occupancy, zeopp, grid, all_environments=False)
    if jobs is None:
        jobs = _os.cpu_count() or 1
    k, n = (0, 0) if shard is None else tuple(int(x) for x in shard)
    if shard is not None and not 1 <= k <= n:
        raise UsageError("", "", "usage", f"shard must be (K, N) with 1 <= K <= N, not {shard}")
    tmp = None
    if output is None:
        tmp = _tempfile.TemporaryDirectory(prefix="channelmap-screen-")
        out = _os.path.join(tmp.name, "screen.csv")
    else:
        out = _os.fsdecode(output)
    try:
        summary = _channelmap.screen(paths, opts, bool(strict), out, int(jobs), bool(resume),
                                     float(timeout), float(max_memory_gb), k, n)
        if isinstance(summary, tuple):
            _raise(summary)
        rows = _channelmap.read_table(out)
        errors_path = out + ".errors.csv"
        errors = _channelmap.read_table(errors_path) if _os.path.exists(errors_path) else []
        ranked = None
        if tmp is None:
            ranked = _channelmap.write_screen_ranking(out, bool(energy))
            if isinstance(ranked, tuple):
                _raise(ranked)
    finally:
        if tmp is not None:
            tmp.cleanup()
    return ScreenResult(rows, errors, summary, None if tmp is not None else out, ranked)


def to_dataframe(rows):
    """A pandas DataFrame of table rows: a list of dicts (screen(), Report.sites, Report.hops),
    a Report (its descriptor row) or a list of Reports (one descriptor row each). Missing
    values (None) become NaN in numeric columns. Needs pandas."""
    try:
        import pandas as pd
    except ImportError as e:
        raise ImportError("channelmap.to_dataframe needs pandas (Debian: python3-pandas)") from e
    if isinstance(rows, Report):
        rows = [rows]
    rows = [r.descriptors if isinstance(r, Report) else r for r in rows]
    df = pd.DataFrame.from_records(rows)
    return df.infer_objects()


def describe_inputs(paths):
    """The inputs ``channelmap describe PATHS`` analyses, in its order: a list of
    ``(spec, root, problem)`` tuples (directories searched as by screen; ``root`` the directory a
    file was found under, "" for a file named directly; ``problem`` why an entry cannot be read,
    "" for a file). Raises UsageError for a path that does not exist."""
    if isinstance(paths, (str, bytes, _os.PathLike)):
        paths = [paths]
    try:
        inputs, _notes = _channelmap.describe_inputs([_os.fsdecode(p) for p in paths])
    except Error as e:
        raise UsageError(e.file, e.block, "usage", e.reason) from None
    return inputs


def describe_input(input, mobile="Mg", *, jsonl=False, all_environments=True, strict=False,
                   **options):
    """The table lines ``channelmap describe`` writes for one input of describe_inputs(): a dict
    of CSV text (each line ending with a newline) ``rows`` (the descriptor table, or JSON Lines
    with ``jsonl``), ``sites``, ``hops``, ``errors`` (the error table's rows), and ``messages``
    and ``failures``. Never raises for a bad input: it is an error row. Joined in input order
    under table_header()'s headers, the lines of every input are describe's tables byte for
    byte, whichever process or machine ran each (tools/dask_describe.py). The options are
    analyze()'s; ``all_environments`` False is enough for the descriptor table alone."""
    spec, root, problem = input
    opts = _options(mobile, all_environments=all_environments, **options)
    return _channelmap.describe_input(spec, root, problem, opts, bool(strict), bool(jsonl))


def table_header(table):
    """The header line (with its newline) of a table: "descriptors", "sites", "hops", "screen"
    or "errors"."""
    return _channelmap.table_header(table)


def use_barrier_model(path):
    """Predicts barriers with this model (JSON from tools/fit_barrier_model.py --out-json) in
    this process, as --barrier-model does."""
    _channelmap.use_barrier_model_file(_os.fspath(path))
