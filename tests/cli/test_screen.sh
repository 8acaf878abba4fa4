#!/usr/bin/env bash
# channelmap screen: --jobs 1 and --jobs 2 give byte-identical tables; a screen killed with
# SIGKILL at random moments (several times) and resumed gives the same tables as an
# uninterrupted run. Uses the 97+ structures of ../shared/structures/mg_barrier_set.
set -u
bin=${CHANNELMAP_BIN:?}; shared=${CHANNELMAP_SHARED:?}
data="$shared/structures/mg_barrier_set"
fail=0; pass=0
check() { if eval "$2"; then pass=$((pass+1)); else echo "FAILED: $1"; fail=$((fail+1)); fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
n=$(find "$data" -name '*.cif' | wc -l)
check "at least 50 structures ($n)" "[ $n -ge 50 ]"

"$bin" screen --no-energy "$data" -o "$tmp/j1.csv" -j 1 2> "$tmp/j1.log"; rc1=$?
"$bin" screen --no-energy "$data" -o "$tmp/j2.csv" -j 2 2> "$tmp/j2.log"; rc2=$?
check "jobs 1 and 2 exit alike ($rc1 $rc2)" "[ $rc1 -eq $rc2 ] && [ $rc1 -le 1 ]"
check "jobs 1 and 2: identical result tables" "cmp -s '$tmp/j1.csv' '$tmp/j2.csv'"
check "jobs 1 and 2: identical error tables" "cmp -s '$tmp/j1.csv.errors.csv' '$tmp/j2.csv.errors.csv'"
rows=$(( $(wc -l < "$tmp/j1.csv") - 1 + $(wc -l < "$tmp/j1.csv.errors.csv") - 1 ))
check "every structure has a row or an error ($rows >= $n)" "[ $rows -ge $n ]"
check "refuses to overwrite without --resume" "! '$bin' screen --no-energy '$data' -o '$tmp/j1.csv' -j 1 2>/dev/null"

# Kill at random moments, resume each time, then finish.
for round in 1 2 3; do
  out="$tmp/k$round.csv"
  kills=0
  for attempt in 1 2 3 4; do
    resume=""; [ -f "$out" ] && resume="--resume"
    "$bin" screen --no-energy "$data" -o "$out" -j 2 $resume 2>/dev/null &
    pid=$!
    sleep "0.$(( (RANDOM % 9) + 1 ))$(( RANDOM % 10 ))"
    if kill -9 "$pid" 2>/dev/null; then kills=$((kills+1)); fi
    wait "$pid" 2>/dev/null
  done
  "$bin" screen --no-energy "$data" -o "$out" -j 2 --resume 2> "$tmp/k$round.log"
  echo "round $round: killed $kills times; $(tail -1 "$tmp/k$round.log")"
  check "round $round: result table equals the uninterrupted one" "cmp -s '$tmp/j1.csv' '$out'"
  check "round $round: error table equals the uninterrupted one" "cmp -s '$tmp/j1.csv.errors.csv' '$out.errors.csv'"
done
# Ranking: a structure without Mg (the zeolite ABW, large volume per anion) comes after the Mg
# compounds, whatever its score.
mkdir -p "$tmp/mix"
cp "$shared/structures/mg_reference/MgO_rocksalt_periclase_AMCSD.cif" "$shared/structures/benchmark/iraspa_cocoa/CIF_Files/Zeolites/A/ABW.cif" "$tmp/mix/"
"$bin" screen --no-energy "$tmp/mix" -o "$tmp/mix/out.csv" -j 1 > "$tmp/mix/top.txt" 2>/dev/null
check "ranked: Mg compound first, host without Mg second" "sed -n 2p '$tmp/mix/out.ranked.csv' | grep -q periclase && sed -n 3p '$tmp/mix/out.ranked.csv' | grep -q ABW"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
