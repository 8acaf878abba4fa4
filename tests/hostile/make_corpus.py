#!/usr/bin/python3
"""Writes the hostile-input corpus of issue #9 into a directory, with a manifest.

Every case is a small file (or a special file: FIFO, dangling symlink, directory) derived from
periclase MgO (Fm-3m, a = 4.2112 A; Hazen 1976, the repo's structures/MgO_periclase.cif) or
written from scratch, with what channelmap must do with it:

  ok      exit 0; with `same` the describe row (numbers) equals periclase's, because the file
          describes the same crystal (a lenient reading that must not change the result)
  error   exit 1 with one line on stderr that names the file and matches `reason` (a regex)

The manifest (manifest.tsv) has: name, expect, same (1/0), reason regex, why.
Usage: make_corpus.py DIR
"""
import gzip
import os
import sys

A = 4.2112
HEAD = f"""data_MgO
_cell_length_a {A}
_cell_length_b {A}
_cell_length_c {A}
_cell_angle_alpha 90
_cell_angle_beta 90
_cell_angle_gamma 90
_symmetry_space_group_name_H-M 'F m -3 m'
"""
SITES = """loop_
_atom_site_label
_atom_site_type_symbol
_atom_site_fract_x
_atom_site_fract_y
_atom_site_fract_z
_atom_site_occupancy
Mg1 Mg 0 0 0 1
O1 O 0.5 0.5 0.5 1
"""
# The 32 operators of F m -3 m would be long; the H-M symbol is enough for gemmi. Written out
# in P1 the cell holds 4 Mg and 4 O.
P1_SITES = """loop_
_atom_site_label
_atom_site_type_symbol
_atom_site_fract_x
_atom_site_fract_y
_atom_site_fract_z
_atom_site_occupancy
{rows}"""
FCC = [(0, 0, 0), (0, 0.5, 0.5), (0.5, 0, 0.5), (0.5, 0.5, 0)]


def p1_rows(occ_mg="1", occ_o="1"):
    rows = ""
    for i, (x, y, z) in enumerate(FCC):
        rows += f"Mg{i+1} Mg {x} {y} {z} {occ_mg}\n"
    for i, (x, y, z) in enumerate(FCC):
        rows += f"O{i+1} O {(x+0.5)%1} {(y+0.5)%1} {(z+0.5)%1} {occ_o}\n"
    return rows


def cell(a=A, b=A, c=A, al=90, be=90, ga=90, sg="F m -3 m"):
    return (f"data_MgO\n_cell_length_a {a}\n_cell_length_b {b}\n_cell_length_c {c}\n"
            f"_cell_angle_alpha {al}\n_cell_angle_beta {be}\n_cell_angle_gamma {ga}\n"
            f"_symmetry_space_group_name_H-M '{sg}'\n")


POSCAR = f"""MgO periclase
1.0
{A} 0 0
0 {A} 0
0 0 {A}
Mg O
4 4
Direct
""" + "".join(f"{x} {y} {z}\n" for x, y, z in FCC) + "".join(
    f"{(x+0.5)%1} {(y+0.5)%1} {(z+0.5)%1}\n" for x, y, z in FCC)

CASES = []  # (name, content or callable, expect, same, reason, why)


def case(name, content, expect, reason="", why="", same=False):
    CASES.append((name, content, expect, same, reason, why))


# --- the reference and readings that must give the same numbers ---
case("periclase.cif", HEAD + SITES, "ok", why="the reference", same=True)
case("periclase_p1.cif", cell(sg="P 1") + P1_SITES.format(rows=p1_rows()), "ok", same=True,
     why="the same crystal written out in P1")
case("periclase.vasp", POSCAR, "ok", same=True, why="the same crystal as POSCAR")
case("name#with#hash.cif", HEAD + SITES, "ok", same=True, why="'#' in a file name")
case("periclase_gz.cif.gz", lambda p: gzip.open(p, "wb").write((HEAD + SITES).encode()), "ok",
     same=True, why="gzip-compressed")
case("no_angles_cubic.cif",
     f"data_MgO\n_cell_length_a {A}\n_cell_length_b {A}\n_cell_length_c {A}\n"
     "_symmetry_space_group_name_H-M 'F m -3 m'\n" + SITES, "ok", same=True,
     why="no _cell_angle_* tags: a cubic space group fixes them at 90 degrees")
case("occ_question.cif", HEAD + SITES.replace("0 0 0 1", "0 0 0 ?"), "ok", same=True,
     why="occupancy '?' (unknown): 1 with a warning")
case("occ_1.034.cif", HEAD + SITES.replace("0 0 0 1", "0 0 0 1.034"), "ok", same=True,
     why="occupancy a little above 1 (as in real files): normalised to 1 with a warning")
case("crlf.cif", (HEAD + SITES).replace("\n", "\r\n"), "ok", same=True, why="CRLF line ends")
case("bom.cif", "\ufeff" + HEAD + SITES, "ok", same=True, why="UTF-8 byte-order mark")
case("quote_comma.cif", HEAD.replace("data_MgO\n", "data_MgO\n_citation_author_name "
     "'M. Eddaoudi, M. O'Keeffe, and O.M. Yaghi',\n") + SITES, "ok", same=True,
     why="a quoted value closed by \"',\" (IRMOF CIFs of RASPA): read as text with a warning")
case("quote_multiline.cif", HEAD.replace("data_MgO\n", "data_MgO\n_cgraph_comments "
     "'Crystal structure of the novel\n\n  complex oxide\n'\n") + SITES, "ok", same=True,
     why="a quoted value over several lines (srycoo.cif of pymatgen's tests)")
case("decimal_ops.cif", cell(sg="P 1") + P1_SITES.format(rows=p1_rows()).replace("0.5", ".5"),
     "ok", same=True, why="coordinates written as .5")

# --- cells ---
case("cell_inf.cif", HEAD.replace(f"_cell_length_a {A}", "_cell_length_a 1e999") + SITES,
     "error", "cell", "a cell length that overflows to infinity")
case("cell_nan.cif", HEAD.replace(f"_cell_length_b {A}", "_cell_length_b nan") + SITES,
     "error", "cell", "a cell length 'nan'")
case("cell_negative.cif", HEAD.replace(f"_cell_length_c {A}", "_cell_length_c -4.2") + SITES,
     "error", "cell", "a negative cell length")
case("cell_zero.cif", HEAD.replace(f"_cell_length_c {A}", "_cell_length_c 0") + SITES,
     "error", "cell", "a zero cell length")
case("cell_huge_c.cif", cell(c=1e9, sg="P 1") + P1_SITES.format(rows=p1_rows()), "error",
     "cell|larger", "c = 1e9 A (ran forever at 3.1 GB)")
case("cell_flat.cif", cell(a=1000, b=1000, c=2e-6, sg="P 1") + P1_SITES.format(rows=p1_rows()),
     "error", "cell|degenerate|flat", "a = b = 1000, c = 2e-6 A: volume 2 A^3 but flat")
case("cell_flat.vasp", POSCAR.replace(f"{A} 0 0\n0 {A} 0\n0 0 {A}", "1000 0 0\n0 1000 0\n0 0 2e-6"),
     "error", "cell|degenerate|flat", "the flat cell as POSCAR")
case("angle_impossible.cif", cell(al=170, be=170, ga=170, sg="P 1") +
     P1_SITES.format(rows=p1_rows()), "error", "angle|cell",
     "angles that no cell has (170, 170, 170)")
case("angle_zero.cif", cell(al=0, sg="P 1") + P1_SITES.format(rows=p1_rows()), "error",
     "angle|cell", "a zero angle")
case("angle_text.cif", cell(sg="P 1").replace("_cell_angle_beta 90", "_cell_angle_beta ninety")
     + P1_SITES.format(rows=p1_rows()), "error", "angle|cell", "a non-numeric angle")
case("no_angles_triclinic.cif",
     f"data_x\n_cell_length_a {A}\n_cell_length_b {A}\n_cell_length_c {A}\n"
     "_symmetry_space_group_name_H-M 'P 1'\n" + P1_SITES.format(rows=p1_rows()), "error",
     "angle", "no angles and a space group that does not fix them")
case("no_cell.cif", "data_x\n_symmetry_space_group_name_H-M 'P 1'\n" +
     P1_SITES.format(rows=p1_rows()), "error", "cell", "no cell at all")

# --- coordinates ---
case("no_fract_z.cif", HEAD + SITES.replace("_atom_site_fract_z\n", "")
     .replace("Mg1 Mg 0 0 0 1", "Mg1 Mg 0 0 1").replace("O1 O 0.5 0.5 0.5 1", "O1 O 0.5 0.5 1"),
     "error", "fract_z", "a loop without _atom_site_fract_z (was read as z = 0)")
case("coord_question.cif", HEAD + SITES.replace("O1 O 0.5 0.5 0.5", "O1 O 0.5 ? 0.5"), "error",
     "coordinate", "a coordinate '?'")
case("coord_text.cif", HEAD + SITES.replace("O1 O 0.5 0.5 0.5", "O1 O 0.5 half 0.5"), "error",
     "coordinate", "a coordinate 'half'")
case("coord_inf.cif", HEAD + SITES.replace("O1 O 0.5 0.5 0.5", "O1 O 0.5 1e999 0.5"), "error",
     "coordinate", "a coordinate overflowing to infinity")
case("cartesian_only.cif", HEAD + """loop_
_atom_site_label
_atom_site_type_symbol
_atom_site_Cartn_x
_atom_site_Cartn_y
_atom_site_Cartn_z
Mg1 Mg 0 0 0
O1 O 2.1056 2.1056 2.1056
""", "ok", same=True,
     why="Cartesian coordinates only (was reported as an overlap): converted, CIF default axes")
case("no_atoms.cif", HEAD, "error", "atom", "a cell without atoms")
case("duplicate_atom.cif", HEAD + SITES + "O2 O 0.5 0.5 0.5 1\n", "ok", same=True,
     why="the oxygen listed twice at one position: one atom")
case("overlap.cif", HEAD + SITES + "O2 O 0.57 0.5 0.5 1\n", "ok", same=True,
     why="two oxygens 0.3 A apart (a split or doubly listed site): one position, at the first, "
     "with a warning; --strict refuses")
case("coord_dot.cif", HEAD + SITES.replace("Mg1 Mg 0 0 0 1", "Mg1 Mg . . . 1"), "ok", same=True,
     why="coordinates '.' (old ICSD exports, pymatgen's ICSD59959.cif): 0, with a warning; "
     "--strict refuses")
case("coord_unknown_site.cif", HEAD + SITES + "X1 O ? ? ? 1\n", "ok", same=True,
     why="a site with no position, all three coordinates '?' (RASPA's NaX.cif): left out with a "
     "warning; --strict refuses")
case("spacegroup_html.cif", HEAD.replace("'F m -3 m'", "'F m -3</sub m'") + SITES, "ok",
     same=True, why="a space-group symbol with HTML markup (iRASPA's SSZ-48 'P 1 21</sub 1'): "
     "read without it, with a warning; --strict refuses")
case("loop_miscounted.cif", HEAD + "loop_\n_citation_author_name\n_citation_year\n"
     "'A. Author' 2007 12\n" + SITES, "ok", same=True,
     why="a citation loop with a value too many (RASPA's CAN-12.cif): left out with a warning; "
     "--strict refuses")
case("eof_comment.cif", HEAD + SITES + "_eof\n\n#### End of file ####\n", "ok", same=True,
     why="a tag without a value before a comment (pymatgen's srycoo.cif): '?' with a warning; "
     "--strict refuses")
case("atom_loop_miscounted.cif", HEAD + SITES + "O2 O 0.25\n", "error", "syntax",
     "the atom loop with values missing: refused (only other loops are left out)")
case("mixed_full.cif", HEAD + SITES + "Fe1 Fe 0 0 0 1\n", "ok",
     why="Mg and Fe both at full occupancy on one position: a mixed site Mg0.5Fe0.5")
case("empty_cell.cif", cell(a=999, c=999, sg="P 1") + P1_SITES.format(rows=p1_rows()), "error",
     "empty", "8 atoms in a 999 x 4.2 x 999 A cell (ran for 105 s)")

# --- occupancies ---
case("occ_nan.cif", HEAD + SITES.replace("0 0 0 1", "0 0 0 nan"), "error", "occupancy",
     "occupancy 'nan' (was read as 1)")
case("occ_text.cif", HEAD + SITES.replace("0 0 0 1", "0 0 0 abc"), "error", "occupancy",
     "occupancy 'abc' (was read as 1)")
case("occ_negative.cif", HEAD + SITES.replace("0 0 0 1", "0 0 0 -0.5"), "error", "occupancy",
     "a negative occupancy")
case("occ_2.cif", HEAD + SITES.replace("0 0 0 1", "0 0 0 2"), "ok", same=True,
     why="occupancy 2 (not a fraction, as in iRASPA's zeolite CIFs): 1 with a warning")
case("tag_without_value.cif", HEAD.replace("data_MgO\n", "data_MgO\n_space_group.IT_number\n\n")
     + SITES + "_eof\n", "ok", same=True,
     why="tags without a value (iRASPA's JU-64, pymatgen's srycoo.cif): '?' with a warning")
case("occ_zero_all.cif", HEAD + SITES.replace(" 1\n", " 0\n"), "error", "occupancy",
     "every site at zero occupancy")

# --- elements and oxidation numbers ---
case("unknown_element.cif", HEAD + SITES.replace("O1 O ", "O1 Xx "), "error", "element",
     "an unknown element symbol")
case("oxidation_huge.cif", HEAD + SITES + """loop_
_atom_type_symbol
_atom_type_oxidation_number
Mg 2
O 1e300
""", "error", "oxidation", "oxidation number 1e300 (was read as 0 from 'cif')")
case("oxidation_text.cif", HEAD + SITES + """loop_
_atom_type_symbol
_atom_type_oxidation_number
Mg two
O -2
""", "error", "oxidation", "oxidation number 'two'")

# --- POSCAR counts ---
case("counts_negative.vasp", POSCAR.replace("\n4 4\n", "\n4 -4\n"), "error", "count",
     "a negative atom count (was accepted)")
case("counts_fraction.vasp", POSCAR.replace("\n4 4\n", "\n4 2.9\n"), "error", "count",
     "a fractional atom count (was accepted)")
case("counts_huge.vasp", POSCAR.replace("\n4 4\n", "\n4 4000000000\n"), "error", "count",
     "an atom count beyond any cell")
case("poscar_truncated.vasp", "\n".join(POSCAR.split("\n")[:12]) + "\n", "error",
     "end of file|line", "the atom list cut short")
case("scale_nan.vasp", POSCAR.replace("\n1.0\n", "\nnan\n"), "error", "number|scale",
     "scale factor nan")

# --- syntax and size ---
case("empty.cif", "", "error", "block|CIF|atom", "an empty file")
case("binary.cif", lambda p: open(p, "wb").write(bytes(range(256)) * 4), "error", "",
     "binary garbage")
case("unterminated_quote.cif", HEAD + SITES.replace("Mg1 Mg", "'Mg1 Mg"), "error", "",
     "an unterminated quote")
case("gzip_truncated.cif.gz", lambda p: open(p, "wb").write(gzip.compress((HEAD + SITES).encode())[:40]),
     "error", "gzip|truncated|decompress", "gzip data cut short")
case("gzip_bomb.cif.gz", lambda p: write_bomb(p), "error", "large|size|MB",
     "a small gzip file expanding to 2 GiB (took 4.1 GB and a minute)")
case("atoms_too_many.cif", lambda p: write_many_atoms(p), "error", "atoms",
     "60,000 atoms in P1: more than the cell limit")

# --- special files ---
case("fifo.cif", lambda p: os.mkfifo(p), "error", "regular file|FIFO",
     "a FIFO (blocked open() forever)")
case("dangling.cif", lambda p: os.symlink("does-not-exist.cif", p), "error", "",
     "a dangling symlink")
case("loop.cif", lambda p: os.symlink("loop.cif", p), "error", "", "a symlink loop")
case("directory.cif", lambda p: os.mkdir(p), "error", "regular file|directory",
     "a directory named .cif")


def write_bomb(path):
    # A valid header, then 2 GiB of spaces: 2048 gzip members of 1 MiB each (concatenated
    # members are one gzip stream; each compresses to about 1 kB).
    member = gzip.compress(b" " * (1 << 20), compresslevel=9)
    with open(path, "wb") as f:
        f.write(gzip.compress((HEAD + SITES).encode()))
        for _ in range(2048):
            f.write(member)


def write_many_atoms(path):
    n = 60000
    side = 40  # 40 x 40 x 40 grid of points, 64,000 >= n; 2.5 A apart in a 100 A cell
    # (40,000 atoms once kept spglib busy for over 120 s)
    rows = []
    for i in range(n):
        x, y, z = i % side, (i // side) % side, i // (side * side)
        rows.append(f"O{i} O {x/side:.5f} {y/side:.5f} {z/side:.5f} 1")
    with open(path, "w") as f:
        f.write(cell(a=100, b=100, c=100, sg="P 1") + P1_SITES.format(rows="\n".join(rows) + "\n"))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "manifest.tsv"), "w") as man:
        for name, content, expect, same, reason, why in CASES:
            path = os.path.join(out, name)
            if callable(content):
                content(path)
            else:
                with open(path, "w", newline="") as f:
                    f.write(content)
            man.write(f"{name}\t{expect}\t{int(same)}\t{reason}\t{why}\n")


if __name__ == "__main__":
    main()
