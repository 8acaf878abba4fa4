#!/usr/bin/env bash
# channelmap path on four NEB cells of barrier_paths (one per ion: Li, K, Mg, Zn): JSON fields,
# a non-negative barrier, and the NEB image files.
set -u
bin=${CHANNELMAP_BIN:?}; shared=${CHANNELMAP_SHARED:?}; src=${CHANNELMAP_SOURCE:?}
fail=0; pass=0
check() { if eval "$2"; then pass=$((pass+1)); else echo "FAILED: $1"; fail=$((fail+1)); fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
csv="$shared/reference/barrier_paths.csv"
if [ ! -f "$csv" ]; then echo "no $csv; skipped"; exit 0; fi
py=/usr/bin/python3
for f in e-VOPO4_Li_1.cif KVF3.cif Ti2O4_Mg_PS.cif Co2O4_Zn.cif; do
  row=$(grep "^$f," "$csv" | head -1)
  ion=$(echo "$row" | cut -d, -f3); start=$(echo "$row" | cut -d, -f8); end=$(echo "$row" | cut -d, -f9)
  "$bin" path "$shared/structures/barrier_paths/$f" --from "$start" --to "$end" --mobile "$ion" \
    --json > "$tmp/$f.json" 2> "$tmp/$f.err"; rc=$?
  check "$f: exit 0" "[ $rc -eq 0 ]"
  if [ "$f" = KVF3.cif ]; then
    # K+ between neighbouring A sites of the cubic perovskite (4.13 A) passes the square F4
    # window between them: a near-straight path. It was 12.1 A before the grid path could
    # choose among saddle points equal but for rounding (tol::bvse_saddle_tie_eV).
    check "$f: the path goes straight through the window (< 1.5 x the hop)" "$py -c '
import json
d = json.load(open(\"$tmp/$f.json\"))[\"descriptors\"]
assert d[\"path_length_A\"] < 1.5 * d[\"hop_distance_A\"], d[\"path_length_A\"]
'"
  fi
  check "$f: JSON with descriptors and a non-negative barrier" "$py -c '
import json, math, sys
j = json.load(open(\"$tmp/$f.json\"))
d = j[\"descriptors\"]
assert j[\"ok\"] and j[\"mobile\"] == \"$ion\"
for k in (\"bvse_barrier_eV\", \"path_length_A\", \"hop_distance_A\", \"bottleneck_radius_A\",
          \"cn_start\", \"cn_min\", \"cn_max\", \"e_start_eV\", \"e_end_eV\", \"saddle_clearance_A\"):
    assert d[k] is not None and math.isfinite(d[k]), k
assert d[\"bvse_barrier_eV\"] >= 0
# The ends relax up to 1 A (tol::bvse_end_relax_A): the path is at least as long as the straight
# line between its own ends (triangle inequality), not necessarily as the hop between the given ends.
assert d[\"path_length_A\"] >= d[\"hop_distance_A\"] - d[\"start_shift_A\"] - d[\"end_shift_A\"] - 1e-6
assert len(j[\"profile\"]) >= 31 and j[\"profile\"][0][\"s_A\"] == 0
'"
done
# No atom at --from and no --mobile: no guessed element (it was Mg), a reason naming --mobile.
"$bin" path "$src/structures/MgO_periclase.cif" --from "0.25 0.25 0.25" --to "0.75 0.25 0.25" \
  > /dev/null 2> "$tmp/nomobile.err"; rc=$?
check "empty start without --mobile: exit 1, reason names --mobile" \
  "[ $rc -eq 1 ] && grep -q 'no atom at the start position and no mobile element given (--mobile)' '$tmp/nomobile.err'"
# Text output and NEB images: 3 intermediate images -> 00..04, each with the cell's atom count.
f=KVF3.cif; row=$(grep "^$f," "$csv" | head -1)
start=$(echo "$row" | cut -d, -f8); end=$(echo "$row" | cut -d, -f9); n=$(echo "$row" | cut -d, -f7)
"$bin" path "$shared/structures/barrier_paths/$f" --from "$start" --to "$end" --grid 0.25 \
  --images 3 --write-images "$tmp/neb" --export-energy "$tmp/kvf3.grd" --plot "$tmp/kvf3.png" \
  > "$tmp/text.txt" 2> /dev/null; rc=$?
check "text output exits 0" "[ $rc -eq 0 ]"
check "text output names the barrier" "grep -q 'BVSE barrier' '$tmp/text.txt'"
check "five image directories" "[ \"\$(ls '$tmp/neb' | tr '\n' ' ')\" = '00 01 02 03 04 ' ]"
for i in 00 02 04; do
  check "image $i has $n atoms" "[ \$(awk 'NR==7{s=0; for(i=1;i<=NF;i++) s+=\$i; print s}' '$tmp/neb/$i/POSCAR') -eq $n ]"
done
# --export-energy: VESTA .grd with n0*n1*n2 values, the smallest 0 (energies above the minimum).
check "grd: header and n0*n1*n2 values, minimum 0" "awk 'NR==3{n=\$1*\$2*\$3} NR>3{c++; if(min==\"\"||\$1<min)min=\$1} END{exit !(c==n && n>0 && min==0)}' '$tmp/kvf3.grd'"
check "--plot writes a PNG" "head -c 8 '$tmp/kvf3.png' | grep -q PNG"
"$bin" path "$shared/structures/barrier_paths/$f" --from "$start" --to "$end" --grid 0 2> "$tmp/bad"; rc=$?
check "--grid 0 exits 2 with a message" "[ $rc -eq 2 ] && grep -q 'grid' '$tmp/bad'"
check "the ion moves between images" "! diff -q '$tmp/neb/00/POSCAR' '$tmp/neb/04/POSCAR' > /dev/null"
# Bad input: one-line error, exit 2.
"$bin" path "$shared/structures/barrier_paths/$f" --from "0.5 0.5" --to "0 0 0" 2> "$tmp/bad"; rc=$?
check "bad --from exits 2" "[ $rc -eq 2 ]"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
