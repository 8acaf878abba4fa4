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

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
