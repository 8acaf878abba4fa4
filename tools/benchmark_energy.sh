#!/usr/bin/env bash
# benchmark_energy.sh: CPU time (user + sys) of `channelmap describe FILE` per structure with the
# energy (BVSE grid, percolation energies, a minimum-energy path and a predicted barrier per
# distinct hop) and without it (--no-energy), on a fixed sample of the NEB cells of
# ../shared/structures/barrier_paths (every 25th row of barrier_paths.csv: 21 cells, mostly of
# 55-97 atoms), each with its own migrating ion. CPU time rather than wall time, so that other load on the machine matters less.
#
# Usage: tools/benchmark_energy.sh [-b BIN] [-s SHARED] [-g GRID_A]
# Output (TSV): file, seconds without energy, seconds with energy, added seconds; then the
# medians and the total ratio.
set -euo pipefail
bin=build/channelmap
shared=../shared
grid=""
while getopts "b:s:g:h" opt; do
  case $opt in
    b) bin=$OPTARG ;;
    s) shared=$OPTARG ;;
    g) grid="--grid $OPTARG" ;;
    *) sed -n '2,11p' "$0"; exit 2 ;;
  esac
done
cpu() {  # CPU seconds of one run (a structure that fails still counts its time)
  { /usr/bin/time -f "%U %S" "$@" 2>&1 >/dev/null || true; } | tail -1 | awk '{print $1 + $2}'
}
# file and migrating ion of every 25th row of barrier_paths.csv
rows=$(awk -F, 'NR > 1 && (NR - 2) % 25 == 0 {print $1 ":" $3}' "$shared/reference/barrier_paths.csv")
printf "file\tno_energy_s\tenergy_s\tadded_s\n"
for row in $rows; do
  f="$shared/structures/barrier_paths/${row%%:*}"
  ion=${row##*:}
  a=$(cpu "$bin" describe --mobile "$ion" --no-energy "$f")
  b=$(cpu "$bin" describe --mobile "$ion" $grid "$f")
  printf "%s\t%s\t%s\t%.2f\n" "$(basename "$f")" "$a" "$b" "$(echo "$b - $a" | bc -l)"
done | tee /tmp/benchmark_energy.$$ 
median() {  # median of column $1 of the results
  cut -f"$1" /tmp/benchmark_energy.$$ | sort -g | awk '{v[NR] = $1} END {
    print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
printf "median\t%s\t%s\t%s\n" "$(median 2)" "$(median 3)" "$(median 4)"
awk -F'\t' '{ta += $2; tb += $3} END {printf "total\t%.2f\t%.2f\tratio %.1fx\n", ta, tb, tb / ta}' \
  /tmp/benchmark_energy.$$
rm -f /tmp/benchmark_energy.$$
