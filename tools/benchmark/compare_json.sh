#!/usr/bin/env bash
# compare_json.sh: do two channelmap builds give the same `inspect --json` on a fixed set of
# structures? For checking that a speed change keeps every result. Nothing is ignored (not the
# version, not the options): two builds of one version must print the same bytes. When the
# bytes differ, the JSON values are compared to say where.
#
# Usage: tools/benchmark/compare_json.sh BIN_A BIN_B [N] [-- INSPECT_OPTIONS...]
#   BIN_A, BIN_B  two channelmap programs (e.g. build-main/channelmap build/channelmap)
#   N             compare only the first N files of the set (default: all 107)
#   INSPECT_OPTIONS  extra options for both, e.g. -- --no-energy
# The set: every CIF under ../shared/structures/mg_barrier_set (97) and the first 10 RASPA2
# zeolites (sorted names); SHARED=DIR overrides ../shared. Prints one line per file that differs
# (the first differing key path, e.g. $[0].energy.hop_barrier_eV[3], and both values; or
# "same values, different text"), then a count.
# With TOL=X in the environment, floating-point values count as equal when they differ by at
# most X * max(1, |a|, |b|) (for changes that move the last digits, e.g. the tabulated energy
# terms of issue #10); everything else (integers, strings, lengths, keys) must still be equal,
# and the largest difference seen over all files is printed.
# Exit status: 0 all identical (within TOL), 1 some differ, 2 usage.
set -euo pipefail

if [ $# -lt 2 ]; then
  sed -n '2,15p' "$0"
  exit 2
fi
bin_a=$1
bin_b=$2
shift 2
limit=""
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
  limit=$1
  shift
fi
[ $# -gt 0 ] && [ "$1" = "--" ] && shift
extra=("$@")

here=$(cd "$(dirname "$0")" && pwd)
shared=${SHARED:-$here/../../../shared}
s=$shared/structures
mapfile -t files < <(
  find "$s/mg_barrier_set" -name '*.cif' | LC_ALL=C sort
  find "$s/benchmark/raspa2/zeolites/cif" -maxdepth 1 -name '*.cif' | LC_ALL=C sort | head -10
)
if [ ${#files[@]} -lt 60 ]; then
  echo "compare_json.sh: only ${#files[@]} files under $s" >&2
  exit 2
fi
[ -n "$limit" ] && files=("${files[@]:0:$limit}")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
differ=0
tol=${TOL:-0}
echo "0 -" > "$tmp/largest"
for f in "${files[@]}"; do
  # Exit statuses are compared too: a file one build refuses and the other reads differs.
  sa=0 sb=0
  "$bin_a" inspect "$f" --json "${extra[@]}" > "$tmp/a.json" 2> "$tmp/a.err" || sa=$?
  "$bin_b" inspect "$f" --json "${extra[@]}" > "$tmp/b.json" 2> "$tmp/b.err" || sb=$?
  [ "$sa" = "$sb" ] && cmp -s "$tmp/a.json" "$tmp/b.json" && continue
  if ! /usr/bin/python3 - "$tmp/a.json" "$tmp/b.json" "$sa" "$sb" "${f#"$s"/}" "$tol" "$tmp/largest" <<'EOF'; then
import json, sys

def load(path):
    # inspect prints one JSON document per structure; compare them as a list.
    text, docs, dec, i = open(path).read(), [], json.JSONDecoder(), 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return docs
        doc, i = dec.raw_decode(text, i)
        docs.append(doc)

largest = [0.0, "-"]

def first_diff(a, b, path="$"):
    """The first key path where a and b differ (NaN-free JSON: == is exact; floats within tol
    when tol > 0), else None."""
    if tol > 0 and isinstance(a, (int, float)) and isinstance(b, (int, float)) \
            and not isinstance(a, bool) and not isinstance(b, bool) \
            and (isinstance(a, float) or isinstance(b, float)):
        d = abs(a - b) / max(1.0, abs(a), abs(b))
        if d > largest[0]:
            largest[0], largest[1] = d, path
        return None if d <= tol else path
    if type(a) != type(b):
        return path
    if isinstance(a, dict):
        for k in list(a) + [k for k in b if k not in a]:
            if k not in a or k not in b:
                return f"{path}.{k}"
            d = first_diff(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        if list(a) != list(b):
            return f"{path} (key order)"
        return None
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_diff(x, y, f"{path}[{i}]")
            if d:
                return d
        return None if len(a) == len(b) else f"{path} (length {len(a)} vs {len(b)})"
    return None if a == b else path

def at(doc, path):
    """The value at a path printed by first_diff (for the message), or '?'."""
    try:
        cur = doc
        for part in path.split(" ")[0].replace("[", ".[").split(".")[1:]:
            cur = cur[int(part[1:-1])] if part.startswith("[") else cur[part]
        return json.dumps(cur)[:80]
    except Exception:
        return "?"

fa, fb, sa, sb, name, tol, largest_file = sys.argv[1:8]
tol = float(tol)
if sa != sb:
    print(f"{name}: exit status {sa} vs {sb}")
    sys.exit(1)
try:
    a, b = load(fa), load(fb)
except ValueError as e:
    print(f"{name}: not JSON ({e})")
    sys.exit(1)
d = first_diff(a, b)
if tol > 0:
    prev = float(open(largest_file).read().split()[0])
    if largest[0] > prev:
        open(largest_file, "w").write(f"{largest[0]:.3g} {name}:{largest[1]}")
if d:
    print(f"{name}: {d}: {at(a, d)} vs {at(b, d)}")
elif tol == 0:
    print(f"{name}: same values, different text")
sys.exit(1 if d or tol == 0 else 0)
EOF
    differ=$((differ + 1))
  fi
done
echo "compare_json.sh: ${#files[@]} files, $differ differ"
[ "$tol" != 0 ] && echo "compare_json.sh: largest relative difference $(cat "$tmp/largest")"
[ "$differ" -eq 0 ]
