#!/usr/bin/env bash
# Outputs of inspect: the network export loads in pymatgen and ASE (tests/cli/
# check_network_export.py), the figure's options and file names, the radii sets.
set -u
bin=${CHANNELMAP_BIN:?}; src=${CHANNELMAP_SOURCE:?}; shared=${CHANNELMAP_SHARED:?}
fail=0; pass=0
check() { if eval "$2"; then pass=$((pass+1)); else echo "FAILED: $1"; fail=$((fail+1)); fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
py=/usr/bin/python3

# --- --export-network: pymatgen (and ASE when installed) read every atom, none closer than
# 0.5 A (tol::export_min_separation_A), Kr at the widest hop's bottleneck whatever the probe.
if [ -x "$py" ] && "$py" -c "import pymatgen.core" 2> /dev/null; then
  n=0
  for f in "$src/structures/Mg2SiO4_forsterite.cif" "$src/structures/MgO_periclase.cif" \
           "$shared/structures/benchmark/iraspa_cocoa/CIF_Files/Zeolites/L/LTA.cif" \
           "$shared/structures/mg_reference/Mg2dobdc_MgMOF74_RASPA2.cif"; do
    n=$((n+1)); name=$(basename "$f" .cif)
    "$bin" inspect --json --no-energy "$f" --export-network "$tmp/net$n.cif" > "$tmp/net$n.json" 2> /dev/null
    check "$name: export written" "[ -s '$tmp/net$n.cif' ]"
    check "$name: export loads in pymatgen/ASE, no overlap, Kr at the widest bottleneck" \
      "'$py' '$src/tests/cli/check_network_export.py' '$tmp/net$n.cif' '$tmp/net$n.json' 0.5 > '$tmp/check$n.txt' 2>&1 || { cat '$tmp/check$n.txt'; false; }"
  done
  # A probe wider than every bottleneck: the widest hop is still written (Kr and Ar).
  "$bin" inspect --no-energy --probe 3 "$src/structures/Mg2SiO4_forsterite.cif" --export-network "$tmp/wide.cif" > /dev/null 2>&1
  check "--probe 3: no Ne, but the widest hop's Kr" "! awk '\$2==\"Ne\"' '$tmp/wide.cif' | grep -q . && awk '\$2==\"Kr\"' '$tmp/wide.cif' | grep -q ."
else
  echo "pymatgen not installed: network export checks skipped"
fi

# --- --plot: text stays text, options, one file per structure, never one over another.
sp="$src/structures/MgAl2O4_spinel.cif"; mgo="$src/structures/MgO_periclase.cif"
"$bin" inspect --no-energy "$sp" --plot "$tmp/sp.svg" > /dev/null 2>&1
check "--plot SVG written" "[ -s '$tmp/sp.svg' ]"
check "SVG text is <text> (no glyph outlines)" "grep -q '<text[^>]*>(a) Void network viewed along' '$tmp/sp.svg' && ! grep -q glyph '$tmp/sp.svg'"
if [ -x "$py" ]; then
  check "SVG is well-formed XML" "'$py' -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' '$tmp/sp.svg'"
fi
"$bin" inspect --no-energy "$sp" --plot "$tmp/ax.svg" --plot-axis 1,1,0 > /dev/null 2>&1
check "--plot-axis 1,1,0: title names [1 1 0]" "grep -q 'viewed along \[1 1 0\]' '$tmp/ax.svg'"
"$bin" inspect --no-energy "$sp" --plot "$tmp/ax.svg" --plot-axis 1,1 > /dev/null 2> "$tmp/err"; rc=$?
check "--plot-axis 1,1 refused as a usage error" "[ $rc -ne 0 ] && [ $rc -ne 1 ] && grep -q 'plot-axis' '$tmp/err'"
"$bin" inspect --no-energy "$sp" --plot-hop 2 > /dev/null 2> "$tmp/err"; rc=$?
check "--plot-hop without --plot refused" "[ $rc -ne 0 ] && grep -q 'requires --plot' '$tmp/err'"
"$bin" inspect --no-energy "$mgo" --plot "$tmp/h9.svg" --plot-hop 9 > /dev/null 2> "$tmp/err"; rc=$?
check "--plot-hop 9 of 1: exit 1, one line naming the file" "[ $rc -eq 1 ] && [ \$(wc -l < '$tmp/err') -eq 1 ] && grep -q 'MgO_periclase.cif.*plot hop 9' '$tmp/err'"
# Forsterite has 7 distinct hops: #7 is drawn and named in panel (b)'s title.
"$bin" inspect --no-energy "$src/structures/Mg2SiO4_forsterite.cif" --plot "$tmp/h7.svg" --plot-hop 7 > /dev/null 2>&1
check "--plot-hop 7: panel (b) shows hop #7" "grep -q '(b) Clearance along Mg hop #7' '$tmp/h7.svg'"
# Several structures: OUT_FILE_BLOCK.svg each; the same file twice gets _2, nothing replaced.
mkdir -p "$tmp/multi"
"$bin" inspect --no-energy "$mgo" "$sp" "$mgo" --plot "$tmp/multi/f.svg" --export-network "$tmp/multi/n.cif" > /dev/null 2> "$tmp/err"; rc=$?
check "several structures: exit 0" "[ $rc -eq 0 ]"
check "several structures: one figure each, by file and block" "[ -s '$tmp/multi/f_MgO_periclase_MgO_periclase.svg' ] && [ -s '$tmp/multi/f_MgAl2O4_spinel_MgAl2O4_spinel.svg' ] && [ -s '$tmp/multi/f_MgO_periclase_MgO_periclase_2.svg' ]"
check "several structures: three figures and three exports" "[ \$(ls '$tmp/multi' | grep -c '^f_.*svg\$') -eq 3 ] && [ \$(ls '$tmp/multi' | grep -c '^n_.*cif\$') -eq 3 ]"
# An output that is an input file is refused; the input stays as it was.
cp "$mgo" "$tmp/in.cif"
"$bin" inspect --no-energy "$tmp/in.cif" --export-network "$tmp/in.cif" > /dev/null 2> "$tmp/err"; rc=$?
check "output = input: refused (exit 1), input intact" "[ $rc -eq 1 ] && cmp -s '$mgo' '$tmp/in.cif' && grep -q 'input file' '$tmp/err'"

# --- --radii-set: Mg-MOF-74 (RASPA2) has 1D hexagonal channels along c (probe Mg2+ 0.72 A);
# Shannon's radii (C 0.16 A, H 0) make it 3D and warn.
mof="$shared/structures/mg_reference/Mg2dobdc_MgMOF74_RASPA2.cif"
"$bin" inspect --no-energy --mobile none "$mof" > "$tmp/mof_sh.txt" 2>&1
check "MOF-74, Shannon: warns to use --radii-set vdw" "grep -q 'looks organic.*use --radii-set vdw' '$tmp/mof_sh.txt'"
"$bin" inspect --no-energy --mobile none --radii-set vdw "$mof" > "$tmp/mof_vdw.txt" 2>&1
check "MOF-74, vdw: no organic warning" "! grep -q 'looks organic' '$tmp/mof_vdw.txt'"
check "MOF-74, vdw: 3 channels at 0.72 A" "grep -q 'channels at probe radius 0.720 A: 3 channel(s)' '$tmp/mof_vdw.txt'"
"$bin" inspect --no-energy --radii-set bondi "$mof" > /dev/null 2> "$tmp/err"; rc=$?
check "--radii-set bondi refused as a usage error" "[ $rc -ne 0 ] && [ $rc -ne 1 ] && grep -q 'radii-set' '$tmp/err'"
if [ -x "$py" ] && "$py" -c "import pymatgen.core" 2> /dev/null; then
  "$bin" inspect --json --no-energy --mobile none --radii-set vdw "$mof" > "$tmp/mof.json" 2> /dev/null
  "$bin" inspect --json --no-energy --mobile none "$mof" > "$tmp/mof_sh.json" 2> /dev/null
  # Dimensionality from the JSON; radii against pymatgen's Element.van_der_waals_radius and
  # ASE's ase.data.vdw_radii (H: ASE's Bondi 1.20 A; pymatgen has Rowland and Taylor's 1.10 A).
  check "MOF-74: vdw 1D along c, Shannon 3D; C, O, Mg radii = pymatgen's = ASE's, H = ASE's" "'$py' - '$tmp/mof.json' '$tmp/mof_sh.json' <<'PY'
import json, sys
from pymatgen.core import Element
v, s = (json.load(open(f)) for f in sys.argv[1:3])
ok = all(c['dimensionality'] == 1 and c['directions'] == [[0, 0, 1]] for c in v['channels']['channels'])
ok &= len(v['channels']['channels']) == 3
ok &= [c['dimensionality'] for c in s['channels']['channels']] == [3]
try:
    from ase.data import vdw_radii, atomic_numbers
except ImportError:
    vdw_radii = None
for site in v['sites']:
    el, r = site['species'][0]['element'], site['radii'][0]['radius_A']
    if el != 'H':
        ok &= abs(r - float(Element(el).van_der_waals_radius)) < 1e-9
    if vdw_radii is not None:
        ok &= abs(r - vdw_radii[atomic_numbers[el]]) < 1e-9
print('Di %.2f Df %.2f A' % (v['di_A'], v['df_A']))
sys.exit(0 if ok else 1)
PY"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
