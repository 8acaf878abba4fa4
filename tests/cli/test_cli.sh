#!/usr/bin/env bash
# CLI checks: committed help text is current; bad input gives one-line errors and exit 1.
set -u
bin=${CHANNELMAP_BIN:?}; src=${CHANNELMAP_SOURCE:?}; shared=${CHANNELMAP_SHARED:?}
fail=0; pass=0
check() { if eval "$2"; then pass=$((pass+1)); else echo "FAILED: $1"; fail=$((fail+1)); fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

"$bin" --help > "$tmp/main.txt"
"$bin" inspect --help > "$tmp/inspect.txt"
"$bin" describe --help > "$tmp/describe.txt"
"$bin" screen --help > "$tmp/screen.txt"
"$bin" merge --help > "$tmp/merge.txt"
"$bin" path --help > "$tmp/path.txt"
"$bin" describe --schema > "$tmp/schema.md"
check "docs/cli_help_main.txt is current" "diff -u '$src/docs/cli_help_main.txt' '$tmp/main.txt'"
check "docs/cli_help.txt is current" "diff -u '$src/docs/cli_help.txt' '$tmp/inspect.txt'"
check "docs/cli_help_describe.txt is current" "diff -u '$src/docs/cli_help_describe.txt' '$tmp/describe.txt'"
check "docs/cli_help_screen.txt is current" "diff -u '$src/docs/cli_help_screen.txt' '$tmp/screen.txt'"
check "docs/cli_help_merge.txt is current" "diff -u '$src/docs/cli_help_merge.txt' '$tmp/merge.txt'"
check "docs/cli_help_path.txt is current" "diff -u '$src/docs/cli_help_path.txt' '$tmp/path.txt'"
check "docs/schema.md is current" "diff -u '$src/docs/schema.md' '$tmp/schema.md'"

# describe: the CSV columns are exactly the schema's, in order, for all three tables.
"$bin" describe "$src/structures/MgO_periclase.cif" "$src/structures/MgAl2O4_spinel.cif" \
  -o "$tmp/d.csv" --sites "$tmp/s.csv" --hops "$tmp/h.csv" 2> "$tmp/derr"; rc=$?
check "describe exits 0" "[ $rc -eq 0 ]"
schema_cols() {  # the backquoted names of one section of the schema
  awk -v sec="$1" '/^## /{on = index($0, sec) > 0} on && /^\| `/{split($0, f, "`"); printf "%s%s", sep, f[2]; sep=","} END{print ""}' "$src/docs/schema.md"
}
check "descriptor header = schema" "[ \"\$(head -1 '$tmp/d.csv')\" = \"\$(schema_cols Descriptors)\" ]"
check "site header = schema" "[ \"\$(head -1 '$tmp/s.csv')\" = \"\$(schema_cols Sites)\" ]"
check "hop header = schema" "[ \"\$(head -1 '$tmp/h.csv')\" = \"\$(schema_cols Hops)\" ]"
check "one row per structure" "[ \$(wc -l < '$tmp/d.csv') -eq 3 ]"
check "one row per site (8 + 56)" "[ \$(wc -l < '$tmp/s.csv') -eq 65 ]"
"$bin" describe --format jsonl "$src/structures/MgO_periclase.cif" "$src/structures/MgAl2O4_spinel.cif" > "$tmp/d.jsonl"
check "jsonl: one line per structure" "[ \$(wc -l < '$tmp/d.jsonl') -eq 2 ]"

# The energy grid's AVX2 loop (issue #10) gives the scalar loop's values bit for bit: the whole
# JSON and the exported grid, with and without CHANNELMAP_NO_SIMD, on a small cell with
# symmetry and a P1 NEB cell (CPUs without AVX2 compare the scalar loop with itself).
for f in "$src/structures/Mg2SiO4_forsterite.cif" \
         "$shared/structures/barrier_paths/$(ls "$shared/structures/barrier_paths" | sort | head -1)"; do
  b=$(basename "$f" .cif)
  "$bin" inspect --json --export-energy "$tmp/$b.simd.grd" "$f" > "$tmp/$b.simd.json" 2> /dev/null
  CHANNELMAP_NO_SIMD=1 "$bin" inspect --json --export-energy "$tmp/$b.scalar.grd" "$f" \
    > "$tmp/$b.scalar.json" 2> /dev/null
  check "$b: JSON identical with and without SIMD" \
    "[ -s '$tmp/$b.simd.json' ] && cmp -s '$tmp/$b.simd.json' '$tmp/$b.scalar.json'"
  check "$b: energy grid identical with and without SIMD" \
    "[ -s '$tmp/$b.simd.grd' ] && cmp -s '$tmp/$b.simd.grd' '$tmp/$b.scalar.grd'"
done

# A missing file: exit 1, one line naming the file.
"$bin" inspect "$tmp/nope.cif" > "$tmp/out" 2> "$tmp/err"; rc=$?
check "missing file exits 1" "[ $rc -eq 1 ]"
check "missing file: one line naming it" "[ \$(wc -l < '$tmp/err') -eq 1 ] && grep -q 'nope.cif.*cannot open' '$tmp/err'"

# A CIF with an unknown element, one with overlapping atoms (refused with --strict; read as one
# position by default), one without a cell; a good file after them is still analysed.
cat > "$tmp/unknown.cif" <<'CIF'
data_unknown
_cell_length_a 5
_cell_length_b 5
_cell_length_c 5
_cell_angle_alpha 90
_cell_angle_beta 90
_cell_angle_gamma 90
loop_
_atom_site_label
_atom_site_type_symbol
_atom_site_fract_x
_atom_site_fract_y
_atom_site_fract_z
Q1 Qq 0 0 0
CIF
sed -e 's/data_unknown/data_overlap/' -e 's/Q1 Qq 0 0 0/O1 O 0 0 0\nO2 O 0.02 0 0/' "$tmp/unknown.cif" > "$tmp/overlap.cif"
grep -v '_cell_length_a' "$tmp/unknown.cif" | sed 's/data_unknown/data_nocell/; s/Q1 Qq/O1 O/' > "$tmp/nocell.cif"
"$bin" inspect --strict "$tmp/unknown.cif" "$tmp/overlap.cif" "$tmp/nocell.cif" "$src/structures/MgO_periclase.cif" > "$tmp/out" 2> "$tmp/err"; rc=$?
check "bad files exit 1" "[ $rc -eq 1 ]"
check "unknown element named" "grep -q 'unknown.cif#unknown: .*unknown element' '$tmp/err'"
check "overlap named" "grep -q 'overlap.cif#overlap: atoms O1 and O2 overlap' '$tmp/err'"
check "missing cell named" "grep -q 'nocell.cif#nocell: missing cell parameter _cell_length_a' '$tmp/err'"
check "three error lines" "[ \$(grep -c '^error: ' '$tmp/err') -eq 3 ]"
check "the good file after them is analysed" "grep -q 'space group Fm-3m' '$tmp/out'"
"$bin" inspect "$tmp/overlap.cif" > "$tmp/out" 2> "$tmp/err"; rc=$?
check "overlap without --strict: analysed, the note names the atoms" "[ $rc -eq 0 ] && grep -q 'note: atoms O1 and O2 overlap (0.1 A apart, total occupancy 2); read as one position' '$tmp/out'"

# Gzip-compressed input is read as the plain file (CIF and POSCAR; the name without .gz picks
# the format). Expected: the same descriptor row apart from the file and id columns (1 and 3).
gzip -c "$src/structures/MgAl2O4_spinel.cif" > "$tmp/spinel.cif.gz"
"$bin" describe "$src/structures/MgAl2O4_spinel.cif" | cut -d, -f2,4- > "$tmp/plain.csv"
"$bin" describe "$tmp/spinel.cif.gz" | cut -d, -f2,4- > "$tmp/gz.csv"
check "gzipped CIF: same descriptors" "diff -q '$tmp/plain.csv' '$tmp/gz.csv' > /dev/null"
printf 'MgO\n1.0\n4.211 0 0\n0 4.211 0\n0 0 4.211\nMg O\n4 4\nDirect\n0 0 0\n0 .5 .5\n.5 0 .5\n.5 .5 0\n.5 .5 .5\n.5 0 0\n0 .5 0\n0 0 .5\n' > "$tmp/POSCAR"
gzip -c "$tmp/POSCAR" > "$tmp/POSCAR.gz"
"$bin" describe "$tmp/POSCAR" | cut -d, -f2,4- > "$tmp/plain.csv"
"$bin" describe "$tmp/POSCAR.gz" | cut -d, -f2,4- > "$tmp/gz.csv"
check "gzipped POSCAR: same descriptors" "diff -q '$tmp/plain.csv' '$tmp/gz.csv' > /dev/null"
head -c $(($(wc -c < "$tmp/POSCAR.gz") / 2)) "$tmp/POSCAR.gz" > "$tmp/POSCAR_cut.gz"
"$bin" inspect "$tmp/POSCAR_cut.gz" > /dev/null 2> "$tmp/err"; rc=$?
check "truncated gzip: exit 1, one line saying so" "[ $rc -eq 1 ] && [ \$(wc -l < '$tmp/err') -eq 1 ] && grep -q 'POSCAR_cut.gz: the gzip data is truncated' '$tmp/err'"

# JSON output parses as one object per structure (checked with the system python if present).
"$bin" inspect --json "$src/structures/MgO_periclase.cif" > "$tmp/mgo.json"
if [ -x /usr/bin/python3 ]; then
  check "JSON parses" "/usr/bin/python3 -c 'import json,sys; j=json.load(open(\"$tmp/mgo.json\")); sys.exit(0 if j[\"symmetry\"][\"number\"]==225 else 1)'"
fi
# Network export is a CIF that channelmap itself reads back, with He dummy atoms. (With the
# default mobile Mg, nodes sit on the removed Mg sites and reading back reports the overlap.)
"$bin" inspect "$src/structures/MgO_periclase.cif" --mobile none --export-network "$tmp/net.cif" > /dev/null 2>&1
check "export written with He nodes" "grep -q ' He ' '$tmp/net.cif'"
check "export readable" "'$bin' inspect '$tmp/net.cif' --mobile none --uniform-radius 0 > /dev/null 2>&1"

# Energy (BVSE) on by default: spinel MgAl2O4's E_1D and its hop barrier reach the table, the
# hop table, the JSON and the summary; --no-energy leaves them empty with the reason.
"$bin" describe "$src/structures/MgAl2O4_spinel.cif" --hops "$tmp/eh.csv" > "$tmp/e.csv" 2>/dev/null
col() { awk -F, -v name="$1" 'NR==1{for(i=1;i<=NF;i++) if($i==name) c=i} NR==2{print $c}' "$2"; }
check "describe: e_1d_eV filled" "[ -n \"\$(col e_1d_eV '$tmp/e.csv')\" ]"
check "describe: energy_note empty when computed" "[ -z \"\$(col energy_note '$tmp/e.csv')\" ]"
check "hops: bvse_barrier_eV filled" "[ -n \"\$(col bvse_barrier_eV '$tmp/eh.csv')\" ]"
"$bin" describe --no-energy "$src/structures/MgAl2O4_spinel.cif" > "$tmp/ne.csv" 2>/dev/null
check "--no-energy: e_1d_eV empty" "[ -z \"\$(col e_1d_eV '$tmp/ne.csv')\" ]"
check "--no-energy: energy_note says why" "[ \"\$(col energy_note '$tmp/ne.csv')\" = 'not requested' ]"
"$bin" inspect "$src/structures/MgAl2O4_spinel.cif" --grid 0.3 --export-energy "$tmp/sp.cube" > "$tmp/sp.txt" 2>/dev/null
check "inspect: E 1D 2D 3D line" "grep -q '^E 1D 2D 3D' '$tmp/sp.txt'"
check "inspect: hop line has its BVSE barrier" "grep -q 'BVSE barrier' '$tmp/sp.txt'"
check "inspect --export-energy: cube with 56 atoms" "[ \$(awk 'NR==3{print \$1}' '$tmp/sp.cube') -eq 56 ]"
if [ -x /usr/bin/python3 ]; then
  "$bin" inspect --json --grid 0.3 "$src/structures/MgAl2O4_spinel.cif" > "$tmp/sp.json" 2>/dev/null
  check "JSON: energy object and per-hop barrier" "/usr/bin/python3 -c 'import json,sys; j=json.load(open(\"$tmp/sp.json\")); e=j[\"energy\"]; sys.exit(0 if e[\"computed\"] and e[\"e_kd_eV\"][0]>0 and j[\"hops\"][0][\"bvse_barrier_eV\"]>0 and \"descriptors\" in j[\"hops\"][0] else 1)'"
fi
"$bin" inspect --grid -1 "$src/structures/MgO_periclase.cif" > /dev/null 2> "$tmp/err"; rc=$?
check "--grid -1 is refused with a message" "[ $rc -eq 2 ] && grep -q -- '--grid' '$tmp/err'"
"$bin" inspect --grid 0.001 "$src/structures/MgO_periclase.cif" > /dev/null 2> "$tmp/err"; rc=$?
check "--grid 0.001 is refused" "[ $rc -eq 2 ]"

# Another mobile ion: Li in LiFePO4 (olivine, 4 Li per cell; Shannon Li+ CN 6 = 0.76 A).
"$bin" describe --no-energy --mobile Li "$shared/structures/benchmark/pymatgen_test_files/LiFePO4.cif" > "$tmp/li.csv"
check "Li: mobile element, radius and 4 sites" "[ \"\$(col mobile_element '$tmp/li.csv'),\$(col mobile_radius_A '$tmp/li.csv'),\$(col n_mobile_sites '$tmp/li.csv')\" = 'Li,0.760,4' ]"
mkdir -p "$tmp/li" && cp "$shared/structures/benchmark/pymatgen_test_files/LiFePO4.cif" "$tmp/li/"
"$bin" screen "$tmp/li" -o "$tmp/li/out.csv" --mobile Li > "$tmp/li/top.txt" 2>/dev/null
# Li is one of the nine ions of the barrier model's calibration data: no "outside" note.
check "Li screen is calibrated (no note)" "! grep -q 'is outside it' '$tmp/li/top.txt'"
check "Li screen ranks LiFePO4" "grep -q 'LiFePO4' '$tmp/li/top.txt'"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
