#!/usr/bin/env bash
# channelmap screen --shard K/N and channelmap merge: three shards merged give the files of one
# screen of the same inputs, byte for byte (expected: that screen's own OUT.csv,
# OUT.csv.errors.csv, OUT.csv.meta.json, OUT.ranked.csv and top-10 on stdout, compared with
# cmp). Inputs: the repository's structures/ plus a CIF of two blocks, a CIF without atom sites,
# a FIFO, a file whose name holds a comma and quotes, and a POSCAR (error rows of stages read
# and input, quoted file names, block order within a file). Also: merge refuses a missing,
# duplicated, unfinished, cut or shortened shard, shards of other options or other inputs, and
# an existing output, writing nothing; --shard 0/3, 4/3, x, ... are usage errors; a shard
# resumes (and only as the same shard) to the uninterrupted shard's tables; more shards than
# inputs work; tools/slurm/screen_array.sbatch, run with Slurm's variables set by hand, gives
# the one screen's files.
set -u
bin=${CHANNELMAP_BIN:?}; src=${CHANNELMAP_SOURCE:?}
fail=0; pass=0
check() { if eval "$2"; then pass=$((pass+1)); else echo "FAILED: $1"; fail=$((fail+1)); fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

mkdir -p in/sub one three resumed bad many
cp "$src"/structures/*.cif in/
cat in/MgO_periclase.cif in/MgAl2O4_spinel.cif > in/two_blocks.cif
printf 'data_bad\n_cell_length_a 5\n' > in/bad.cif
mkfifo in/pipe.cif
cp in/MgO_periclase.cif 'in/q,"x".cif'
printf 'MgO\n1.0\n4.211 0 0\n0 4.211 0\n0 0 4.211\nMg O\n4 4\nDirect\n0 0 0\n0 .5 .5\n.5 0 .5\n.5 .5 0\n.5 .5 .5\n.5 0 0\n0 .5 0\n0 0 .5\n' > in/sub/POSCAR
n_inputs=$(find in -name '*.cif' -o -name POSCAR | wc -l)

# ---- One screen, then three shards merged ----
"$bin" screen in -o one/all.csv -j 2 > one/top.txt 2> one/log; rc_one=$?
check "one screen: exit 1 (error rows) ($rc_one)" "[ $rc_one -eq 1 ]"
check "one screen: an error row of stage read and one of stage input" \
  "grep -q '^in/bad.cif,,read,' one/all.csv.errors.csv && grep -q '^in/pipe.cif,,input,' one/all.csv.errors.csv"
for k in 1 2 3; do
  "$bin" screen in -o "three/shard_$k.csv" -j 2 --shard "$k/3" > /dev/null 2> "three/log$k"
  rc=$?
  check "shard $k/3: exit 0 or 1 ($rc)" "[ $rc -le 1 ]"
done
check "shard 2/3: the summary names the shard" "grep -q 'screened 3 files (shard 2/3 of $n_inputs files)' three/log2"
check "shard 2/3: the sidecar records the shard, complete" "/usr/bin/python3 -c '
import json, sys
s = json.load(open(\"three/shard_2.csv.meta.json\"))[\"shard\"]
sys.exit(0 if (s[\"index\"], s[\"count\"], s[\"inputs\"], s[\"inputs_total\"], s[\"complete\"]) == (2, 3, 3, $n_inputs, True) else 1)'"
shard_rows=$(cat three/shard_?.csv | grep -vc '^file,block,id,')
check "the shards hold every row of the one screen, each once" \
  "[ $shard_rows -eq \$(( \$(wc -l < one/all.csv) - 1 )) ]"
# Given in any order.
"$bin" merge -o three/all.csv three/shard_3.csv three/shard_1.csv three/shard_2.csv \
  > three/top.txt 2> three/merge.log; rc=$?
check "merge: exits as the one screen ($rc, $rc_one)" "[ $rc -eq $rc_one ]"
for f in all.csv all.csv.errors.csv all.csv.meta.json all.ranked.csv top.txt; do
  check "merged $f = one screen's, byte for byte" "cmp one/$f three/$f"
done
check "merge: no lock or temporary file left" "[ -z \"\$(ls three | grep -e '\\.lock\$' -e '\\.tmp\$')\" ]"
# The merged table is an ordinary screen table: --resume of the whole screen accepts it and
# adds nothing.
"$bin" screen in -o three/all.csv -j 2 --resume > /dev/null 2>&1
check "the merged table resumes as one screen's (nothing added)" \
  "cmp -s one/all.csv three/all.csv && cmp -s one/all.csv.errors.csv three/all.csv.errors.csv"

# ---- Merge refuses, and writes nothing ----
refused() {  # refused NAME PATTERN merge-arguments...: exit 2, message matches, no output
  local name=$1 pattern=$2; shift 2
  rm -rf bad/out*
  "$bin" merge -o bad/out.csv "$@" > /dev/null 2> bad/log; local rc=$?
  check "merge refuses $name ($rc: $(head -1 bad/log))" \
    "[ $rc -eq 2 ] && grep -q -- \"$pattern\" bad/log && [ -z \"\$(ls bad | grep '^out')\" ]"
}
refused "a missing shard" "shard 2/3 missing" three/shard_1.csv three/shard_3.csv
refused "a shard given twice" "are both shard 1/3" three/shard_1.csv three/shard_1.csv three/shard_2.csv three/shard_3.csv
refused "a table made without --shard" "one/all.csv: not a shard" one/all.csv three/shard_2.csv
refused "an error table given as a shard (shard_*.csv)" "three/shard_1.csv.errors.csv: not a result table of a shard" three/shard_*.csv
cp three/shard_1.csv bad/nometa.csv
refused "a table without a sidecar" "bad/nometa.csv: no bad/nometa.csv.meta.json beside it" bad/nometa.csv three/shard_2.csv three/shard_3.csv
"$bin" screen --probe 1.5 in -o bad/p3.csv --shard 3/3 > /dev/null 2>&1
refused "a shard of other options (naming both)" "bad/p3.csv: made with other options than three/shard_1.csv (three/shard_1.csv: probe=default; bad/p3.csv: probe=1.5)" \
  three/shard_1.csv three/shard_2.csv bad/p3.csv
"$bin" screen in -o bad/s4.csv --shard 3/4 > /dev/null 2>&1
refused "a shard of another count" "bad/s4.csv is shard 3/4, three/shard_1.csv is shard 1/3" \
  three/shard_1.csv three/shard_2.csv bad/s4.csv
"$bin" screen in/*.cif -o bad/o3.csv --shard 3/3 > /dev/null 2>&1
refused "a shard of other inputs" "bad/o3.csv: made from other inputs than three/shard_1.csv" \
  three/shard_1.csv three/shard_2.csv bad/o3.csv
cp three/shard_1.csv one/existing.csv
"$bin" merge -o one/existing.csv three/shard_{1,2,3}.csv > /dev/null 2> bad/log; rc=$?
check "merge refuses an existing output, leaving it ($rc)" \
  "[ $rc -eq 2 ] && grep -q 'one/existing.csv: exists' bad/log && cmp -s one/existing.csv three/shard_1.csv"
# A shard cut by a kill: the sidecar says unfinished, the table ends in half a row.
mkdir cut
for k in 1 2 3; do for f in "" .errors.csv .meta.json; do cp "three/shard_$k.csv$f" cut/; done; done
head -2 three/shard_3.csv > cut/shard_3.csv
printf 'in/two_blocks.cif,MgAl2O4_sp' >> cut/shard_3.csv
head -1 three/shard_3.csv.errors.csv > cut/shard_3.csv.errors.csv
sed -i 's/"complete": true/"complete": false/' cut/shard_3.csv.meta.json
refused "an unfinished shard" "cut/shard_3.csv: shard 3/3 is unfinished" cut/shard_1.csv cut/shard_2.csv cut/shard_3.csv
# The same table with a sidecar claiming completion: the cut row, then the missing rows.
cp three/shard_3.csv.meta.json cut/claims.csv.meta.json
cp cut/shard_3.csv cut/claims.csv; cp three/shard_3.csv.errors.csv cut/claims.csv.errors.csv
refused "a table ending in a cut row" "cut/claims.csv: ends in an unfinished row" cut/shard_1.csv cut/shard_2.csv cut/claims.csv
head -2 three/shard_3.csv > cut/claims.csv
refused "a table with fewer rows than its sidecar says" "cut/claims.csv: 1 rows, its sidecar says" cut/shard_1.csv cut/shard_2.csv cut/claims.csv

# ---- Resume of a shard ----
# The cut shard resumes (only as the same shard) to the uninterrupted shard's tables.
"$bin" screen in -o cut/shard_3.csv --shard 3/4 --resume > /dev/null 2> bad/log; rc=$?
check "a shard does not resume as another shard ($rc)" \
  "[ $rc -eq 2 ] && grep -q 'made as shard 3/3, this run is shard 3/4; cannot resume' bad/log"
"$bin" screen in -o cut/shard_3.csv --resume > /dev/null 2> bad/log; rc=$?
check "a shard does not resume without --shard ($rc)" \
  "[ $rc -eq 2 ] && grep -q 'made as shard 3/3, this run is without --shard' bad/log"
"$bin" screen in -o one/all.csv --shard 1/3 --resume > /dev/null 2> bad/log; rc=$?
check "a whole screen does not resume as a shard ($rc)" \
  "[ $rc -eq 2 ] && grep -q 'made without --shard, this run is shard 1/3' bad/log && cmp -s one/all.csv three/all.csv"
"$bin" screen in -o cut/shard_3.csv -j 2 --shard 3/3 --resume > /dev/null 2> cut/log; rc=$?
check "the cut shard resumes ($rc)" "[ $rc -le 1 ] && grep -q '1 rows and 0 failures kept from before' cut/log"
for f in "" .errors.csv .meta.json; do
  check "resumed shard: shard_3.csv$f = the uninterrupted shard's" "cmp three/shard_3.csv$f cut/shard_3.csv$f"
done
"$bin" merge -o resumed/all.csv cut/shard_1.csv cut/shard_2.csv cut/shard_3.csv > /dev/null 2>&1
check "merge with the resumed shard = one screen" \
  "cmp -s one/all.csv resumed/all.csv && cmp -s one/all.csv.errors.csv resumed/all.csv.errors.csv && cmp -s one/all.csv.meta.json resumed/all.csv.meta.json"

# ---- Usage errors ----
for s in 0/3 4/3 x 3 1/0 -1/3 2/3x /3; do
  "$bin" screen in -o bad/u.csv --shard "$s" > /dev/null 2> bad/log; rc=$?
  check "--shard '$s': usage error, nothing written ($rc)" \
    "[ $rc -eq 2 ] && grep -q -- '--shard must be K/N' bad/log && [ ! -e bad/u.csv ] && [ ! -e bad/u.csv.meta.json ]"
done
"$bin" merge in/MgO_periclase.cif > /dev/null 2>&1; rc=$?
check "merge without -o: usage error ($rc)" "[ $rc -eq 2 ]"

# ---- More shards than inputs: the last ones are empty, and merge still equals one screen ----
"$bin" screen --no-energy in -o many/screen.csv > /dev/null 2>&1
for k in $(seq 1 $((n_inputs + 2))); do
  "$bin" screen --no-energy in -o "many/s$k.csv" --shard "$k/$((n_inputs + 2))" > /dev/null 2>&1
done
check "an empty shard: the header only" "[ \$(wc -l < many/s$((n_inputs + 2)).csv) -eq 1 ]"
mkdir many/m
"$bin" merge -o many/m/screen.csv $(seq -f 'many/s%g.csv' 1 $((n_inputs + 2))) > /dev/null 2>&1
same_screen() {  # same_screen DIR1 DIR2: screen.csv and everything beside it equal
  for f in screen.csv screen.csv.errors.csv screen.csv.meta.json screen.ranked.csv; do
    cmp -s "$1/$f" "$2/$f" || return 1
  done
}
check "$((n_inputs + 2)) shards of $n_inputs inputs merged = one screen (--no-energy)" "same_screen many many/m"

# ---- The Slurm example, with Slurm's variables set by hand ----
script="$src/tools/slurm/screen_array.sbatch"
check "tools/slurm/screen_array.sbatch: bash -n" "bash -n '$script'"
for k in 1 2 3; do
  SLURM_ARRAY_TASK_ID=$k SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_MAX=3 SLURM_ARRAY_TASK_COUNT=3 \
    SLURM_CPUS_PER_TASK=2 CHANNELMAP="$bin" bash "$script" in slurm --no-energy 2> /dev/null
  check "Slurm example: task $k/3 exits 0 (its shard complete)" "[ $? -eq 0 ]"
done
CHANNELMAP="$bin" bash "$script" --merge 3 slurm 2> /dev/null
check "Slurm example: merge exits 0 ($?), and equals one screen" "[ $? -eq 0 ] && same_screen many slurm"
SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_MAX=4 SLURM_ARRAY_TASK_COUNT=2 \
  CHANNELMAP="$bin" bash "$script" in slurm2 2> /dev/null
check "Slurm example: an array other than 1-N is refused ($?)" "[ $? -eq 2 ] && [ ! -e slurm2 ]"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
