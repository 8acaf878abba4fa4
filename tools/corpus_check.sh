#!/usr/bin/env bash
# corpus_check.sh: runs `channelmap inspect FILE --json` (default options: Mg mobile, Shannon
# radii) on every *.cif under a directory and writes one TSV row per file:
#   file  status  seconds  stderr_first_line  exit_code  stderr_lines
# status: ok (exit 0), error (exit 1 or 2: the program reported bad input or a failure),
#         timeout (killed after the per-file limit), crash (killed by a signal, exit >= 128,
#         or any other exit code).
#
# Usage: tools/corpus_check.sh [-b BIN] [-t SECONDS] [-j JOBS] [-o OUT.tsv] [-k KEEPDIR] [DIR]
#   DIR      directory searched recursively for *.cif (default ../shared/structures)
#   -b BIN   the channelmap program (default build/channelmap)
#   -t SEC   per-file wall-clock limit in s (default 60)
#   -j JOBS  files run in parallel (default 1; timings are most comparable with 1)
#   -o OUT   TSV written here (default corpus_check.tsv)
#   -k DIR   keep each file's stdout (JSON) and stderr under DIR
# Paths are relative to the current directory. A summary (counts per status, median and
# slowest times) goes to stderr at the end.
set -u

bin=build/channelmap
limit=60
jobs=1
out=corpus_check.tsv
keep=""
while getopts "b:t:j:o:k:h" opt; do
  case $opt in
    b) bin=$OPTARG ;;
    t) limit=$OPTARG ;;
    j) jobs=$OPTARG ;;
    o) out=$OPTARG ;;
    k) keep=$OPTARG ;;
    h) sed -n '2,17p' "$0"; exit 0 ;;
    *) sed -n '2,17p' "$0" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
dir=${1:-../shared/structures}

if [[ ! -x $bin ]]; then
  echo "corpus_check.sh: no executable program at '$bin' (use -b)" >&2
  exit 2
fi
if [[ ! -d $dir ]]; then
  echo "corpus_check.sh: no directory '$dir'" >&2
  exit 2
fi
[[ -n $keep ]] && mkdir -p "$keep"

# One file -> one TSV row on stdout.
check_one() {
  local f=$1 tmp t0 t1 rc status secs first nlines
  tmp=$(mktemp -d)
  t0=$(date +%s.%N)
  timeout -k 5 "$limit" "$bin" inspect "$f" --json >"$tmp/out" 2>"$tmp/err" </dev/null
  rc=$?
  t1=$(date +%s.%N)
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
  if ((rc == 0)); then status=ok
  elif ((rc == 1 || rc == 2)); then status=error
  elif ((rc == 124 || rc == 137)); then status=timeout  # 137: SIGKILL after the grace period
  else status=crash
  fi
  first=$(head -n 1 "$tmp/err" | tr '\t\r' '  ')
  nlines=$(wc -l <"$tmp/err")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$f" "$status" "$secs" "$first" "$rc" "$nlines"
  if [[ -n $keep ]]; then
    local key=${f//\//__}
    mv "$tmp/out" "$keep/$key.json"
    mv "$tmp/err" "$keep/$key.err"
  fi
  rm -rf "$tmp"
}
export -f check_one
export bin limit keep

printf 'file\tstatus\tseconds\tstderr_first_line\texit_code\tstderr_lines\n' >"$out"
find "$dir" -type f -name '*.cif' -print0 | sort -z |
  xargs -0 -n 1 -P "$jobs" bash -c 'check_one "$1"' _ >>"$out"

# Summary to stderr.
tail -n +2 "$out" | awk -F'\t' '
  { n[$2]++; total++ }
  END { for (s in n) printf "%-8s %d\n", s, n[s] >"/dev/stderr"; printf "total    %d\n", total >"/dev/stderr" }'
tail -n +2 "$out" | cut -f3 | sort -g | awk '
  { v[NR] = $1 }
  END { if (NR) printf "median   %.3f s\n", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) >"/dev/stderr" }'
echo "slowest:" >&2
tail -n +2 "$out" | sort -t$'\t' -k3,3gr | head -n 10 | cut -f1-3 >&2
