#!/usr/bin/env bash
# Files of the shared corpus that gemmi cannot parse (listed under "## gemmi parse failures" at
# the end of $CHANNELMAP_SHARED/structures/SOURCES.md) must fail cleanly:
#   - read leniently (the default), exits 0 with a warning naming what was repaired, or 1;
#   - `channelmap inspect FILE --json --strict` exits with status 1 (no crash: exit >= 128; no hang:
#     killed after a time limit),
#   - prints nothing on stdout,
#   - prints at least one error on stderr, every stderr line being one whole error
#     "error: FILE...: message" that names the file and the line of the syntax error.
# Environment (set by CTest): CHANNELMAP_BIN, CHANNELMAP_SHARED.
set -u

bin=${CHANNELMAP_BIN:-channelmap}
shared=${CHANNELMAP_SHARED:-../shared}
sources=$shared/structures/SOURCES.md
limit_s=30  # per file (s); a parse error takes milliseconds, so reaching it means a hang

if [[ ! -r $sources ]]; then
  echo "FAIL: cannot read $sources (set CHANNELMAP_SHARED)" >&2
  exit 1
fi

# "- benchmark/path/file.cif: reason" lines of the section.
mapfile -t files < <(sed -n '/^## gemmi parse failures/,/^## /p' "$sources" |
  sed -n 's/^- \([^:]*\.cif\):.*/\1/p')
if ((${#files[@]} == 0)); then
  echo "FAIL: no files found under '## gemmi parse failures' in $sources" >&2
  exit 1
fi

# "12:34:" (line:column, as gemmi writes it) or "line 12".
line_number_re='(^|[^0-9])[0-9]+:[0-9]+:|line [0-9]+'

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
lenient=0
fail() {
  echo "FAIL: $1" >&2
  failures=$((failures + 1))
}

for rel in "${files[@]}"; do
  f=$shared/structures/$rel
  if [[ ! -r $f ]]; then
    fail "$rel: listed in SOURCES.md but missing"
    continue
  fi
  # Read leniently (the default) the file may be analysed, then with a warning saying what was
  # repaired; or it fails as below.
  timeout -k 5 "$limit_s" "$bin" inspect "$f" --json --no-energy >"$tmp/out" 2>"$tmp/err" </dev/null
  rc=$?
  if ((rc == 0)); then
    lenient=$((lenient + 1))
    grep -q "read as text" "$tmp/out" ||
      fail "$rel: read leniently without a warning saying what was repaired"
  elif ((rc != 1)); then
    fail "$rel: lenient reading: exit status $rc, expected 0 or 1"
  fi
  # --strict: gemmi's refusal, as channelmap gave it before issue #9.
  timeout -k 5 "$limit_s" "$bin" inspect "$f" --json --strict >"$tmp/out" 2>"$tmp/err" </dev/null
  rc=$?
  if ((rc == 124 || rc == 137)); then
    fail "$rel: no answer within $limit_s s (hang)"
    continue
  fi
  if ((rc >= 128)); then
    fail "$rel: crashed (exit $rc, signal $((rc - 128))): $(head -n 1 "$tmp/err")"
    continue
  fi
  if ((rc != 1)); then
    fail "$rel: exit status $rc, expected 1"
  fi
  if [[ -s $tmp/out ]]; then
    fail "$rel: wrote $(wc -c <"$tmp/out") bytes to stdout for an unreadable file"
  fi
  nerr=$(wc -l <"$tmp/err")
  if ((nerr == 0)); then
    fail "$rel: no error message on stderr"
  fi
  while IFS= read -r line; do
    if [[ $line != "error: $f"* ]]; then
      fail "$rel: stderr line is not one whole error naming the file: '$line'"
    elif ! [[ $line =~ $line_number_re ]]; then
      fail "$rel: error does not give the line of the syntax error: '$line'"
    fi
  done <"$tmp/err"
done

echo "checked ${#files[@]} unparsable files ($lenient read leniently), $failures failure(s)"
((failures == 0))
