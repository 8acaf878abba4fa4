#!/usr/bin/env bash
# benchmark.sh: wall time of `channelmap inspect FILE --json` per structure, best of N runs,
# for the program under test and, with -B, a baseline build in the same run, with the ratio.
# Timings are taken one process at a time (no parallel jobs), alternating the two programs so
# that machine load affects both alike. Speed claims in commits and notes come from this script
# (never from timed assertions in tests).
#
# Usage: tools/benchmark.sh [-b BIN] [-B BASELINE_BIN] [-n RUNS] [-o "OPTIONS"] [FILE...]
#   -b BIN        program under test (default build/channelmap)
#   -B BASELINE   a second channelmap (e.g. a build of an older commit) timed the same way
#   -n RUNS       runs per file and program; the fastest counts (default 3)
#   -o OPTIONS    extra options for inspect, one string (e.g. -o "--mobile none")
# Output (stdout, TSV): file, seconds (BIN), and with -B: seconds (BASELINE), BASELINE/BIN.
# A last line gives the totals. With no FILE, a fixed set from ../shared/structures is used:
# a spinel, forsterite, a zeolite, two MOFs, a graphite slab.
set -euo pipefail

bin=build/channelmap
base=""
runs=3
extra=""
while getopts "b:B:n:o:h" opt; do
  case $opt in
    b) bin=$OPTARG ;;
    B) base=$OPTARG ;;
    n) runs=$OPTARG ;;
    o) extra=$OPTARG ;;
    *) sed -n '2,16p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  s="$(dirname "$0")/../../shared/structures"
  files=("$s/mg_reference/MgAl2O4_spinel_AMCSD.cif"
         "$s/mg_reference/Mg2SiO4_olivine_forsterite_AMCSD.cif"
         "$s/benchmark/raspa2/zeolites/cif/MFI_SI.cif"
         "$s/benchmark/raspa2/mofs/cif/PCN-68-primitive.cif"
         "$s/benchmark/raspa2/mofs/cif/MIL-100.cif"
         "$s/benchmark/raspa2/ceramics/cif/graphite-sheet-19.88A.cif")
fi

# Fastest of $runs wall times (s) of one program on one file.
best() {
  local prog=$1 file=$2 min="" start end
  for _ in $(seq "$runs"); do
    start=$(date +%s.%N)
    # shellcheck disable=SC2086  # $extra is a list of options
    "$prog" inspect "$file" --json $extra > /dev/null 2>&1 || true
    end=$(date +%s.%N)
    min=$(awk -v s="$start" -v e="$end" -v m="$min" 'BEGIN { t = e - s; print (m == "" || t < m) ? t : m }')
  done
  printf '%.3f' "$min"
}

if [ -n "$base" ]; then
  printf 'file\tseconds\tbaseline_seconds\tbaseline_over_this\n'
else
  printf 'file\tseconds\n'
fi
total=0
total_base=0
for f in "${files[@]}"; do
  t=$(best "$bin" "$f")
  total=$(awk -v a="$total" -v b="$t" 'BEGIN { print a + b }')
  if [ -n "$base" ]; then
    tb=$(best "$base" "$f")
    total_base=$(awk -v a="$total_base" -v b="$tb" 'BEGIN { print a + b }')
    printf '%s\t%s\t%s\t%s\n' "$f" "$t" "$tb" "$(awk -v a="$tb" -v b="$t" 'BEGIN { printf "%.2f", a / b }')"
  else
    printf '%s\t%s\n' "$f" "$t"
  fi
done
if [ -n "$base" ]; then
  printf 'total\t%.3f\t%.3f\t%s\n' "$total" "$total_base" \
    "$(awk -v a="$total_base" -v b="$total" 'BEGIN { printf "%.2f", a / b }')"
else
  printf 'total\t%.3f\n' "$total"
fi
