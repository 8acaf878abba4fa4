#!/usr/bin/env bash
# channelmap_bench (tools/benchmark/): runs, one row per structure, and --zeopp analyses as
# `inspect --zeopp` does. Times are never asserted (docs/benchmark.md).
set -u
bin=${CHANNELMAP_BIN:?}; bench=${CHANNELMAP_BENCH:?}; src=${CHANNELMAP_SOURCE:?}
fail=0; pass=0
check() { if eval "$2"; then pass=$((pass+1)); else echo "FAILED: $1"; fail=$((fail+1)); fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# Forsterite: Si4+ and O2- spheres of different radii, so the exact clearance's network
# (four-sphere nodes) differs from Zeo++'s.
f="$src/structures/Mg2SiO4_forsterite.cif"
"$bench" --no-energy --screen -r 1 "$f" > "$tmp/exact.tsv" 2> "$tmp/exact.err"; rc1=$?
"$bench" --no-energy --screen -r 1 --zeopp "$f" > "$tmp/zeopp.tsv" 2> "$tmp/zeopp.err"; rc2=$?
check "channelmap_bench exits 0" "[ $rc1 -eq 0 ] && [ $rc2 -eq 0 ]"
check "one row each, status ok" \
  "[ \$(wc -l < '$tmp/exact.tsv') -eq 2 ] && [ \$(tail -1 '$tmp/exact.tsv' | awk -F'\t' '{print \$NF}') = ok ] && [ \$(tail -1 '$tmp/zeopp.tsv' | awk -F'\t' '{print \$NF}') = ok ]"
# The checksum adds the network's node count to what the gemmi read saw (the same in both
# runs): the two runs' checksums differ by the difference of inspect's node counts.
sum() { sed -n 's/.*(checksum \([0-9]*\)).*/\1/p' "$1"; }
nodes() { "$bin" inspect "$f" --no-energy --json "$@" | /usr/bin/python3 -c \
  'import json, sys; print(len(json.load(sys.stdin)["network"]["nodes"]))'; }
n_exact=$(nodes); n_zeopp=$(nodes --zeopp)
d_bench=$(( $(sum "$tmp/exact.err") - $(sum "$tmp/zeopp.err") ))
check "inspect's node counts differ between the modes ($n_exact, $n_zeopp)" "[ $n_exact -ne $n_zeopp ]"
check "--zeopp analyses as inspect --zeopp (node counts $n_exact - $n_zeopp, bench $d_bench)" \
  "[ $d_bench -eq $((n_exact - n_zeopp)) ]"
echo "test_bench: $pass passed, $fail failed"
[ $fail -eq 0 ]
