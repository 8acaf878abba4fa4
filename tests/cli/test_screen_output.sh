#!/usr/bin/env bash
# channelmap screen: nothing lost. A screen onto a full filesystem (a 64 KiB tmpfs) stops with
# exit 1 and a message naming the file and the reason, keeps the rows written before it (a
# prefix of the uninterrupted table), writes no ranking, and `--resume` after freeing space
# finishes it to tables equal to an uninterrupted run (expected: the uninterrupted run's own
# files, compared byte for byte). A second screen on an output being written is refused (exit
# 2, naming the first one's pid); `--resume` with other options or onto a file that is not a
# screen table is refused (exit 2) and leaves every file as it was (cmp).
set -u
bin=${CHANNELMAP_BIN:?}; shared=${CHANNELMAP_SHARED:?}
fail=0; pass=0
check() { if eval "$2"; then pass=$((pass+1)); else echo "FAILED: $1"; fail=$((fail+1)); fi; }
tmp=$(mktemp -d)
mounted=""
cleanup() { [ -n "$mounted" ] && umount "$mounted" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

# 24 structures of the Mg barrier set (the first by name): about 480 bytes per row.
mkdir "$tmp/data"
find "$shared/structures/mg_barrier_set" -name '*.cif' | sort | head -24 | xargs -I{} cp {} "$tmp/data/"
cd "$tmp"
"$bin" screen --no-energy data -o ref.csv -j 2 > ref.top 2> ref.log; rc_ref=$?
check "reference run: exit 0 or 1 ($rc_ref)" "[ $rc_ref -le 1 ]"
check "reference run: 24 rows or errors" "[ \$(( \$(wc -l < ref.csv) + \$(wc -l < ref.csv.errors.csv) - 2 )) -eq 24 ]"
check "reference run: OUTPUT.meta.json names the version and the options" \
  "grep -q '\"version\": \"' ref.csv.meta.json && grep -q '\"options\": \"mobile=Mg .*energy=0' ref.csv.meta.json"
check "reference run: the sidecar is describe's, with the table's columns and schema version" "/usr/bin/python3 -c '
import csv, json, sys
m = json.load(open(\"ref.csv.meta.json\"))
head = next(csv.reader(open(\"ref.csv\")))
sys.exit(0 if m[\"program\"] == \"channelmap screen\" and m[\"columns\"] == head and m[\"table\"] == \"ref.csv\" and m[\"table_schema_version\"] else 1)'"
check "reference run: the lock file is gone at the end" "[ ! -e ref.csv.lock ]"

# ---- Full filesystem ----
mkdir fs
if mount -t tmpfs -o size=64k tmpfs "$tmp/fs" 2>/dev/null; then
  mounted="$tmp/fs"
  # Leave 16 KiB: the lock, the sidecar and the error table take a page (4 KiB) each, so about
  # 8 rows of the table fit.
  dd if=/dev/zero of=fs/filler bs=1k count=48 2>/dev/null
  "$bin" screen --no-energy data -o fs/out.csv -j 2 > full.top 2> full.log; rc=$?
  check "full filesystem: exit 1 ($rc)" "[ $rc -eq 1 ]"
  check "full filesystem: the message names the file and the reason" \
    "grep -q 'fs/out.csv.*: cannot write (No space left on device)' full.log"
  check "full filesystem: says how to finish" "grep -q -- '--resume' full.log"
  check "full filesystem: no ranking written" "[ ! -e fs/out.ranked.csv ]"
  check "full filesystem: no ranking printed" "[ ! -s full.top ]"
  check "full filesystem: not reported as success" "! grep -q 'structures analysed' full.log"
  n=$(wc -l < fs/out.csv)
  check "full filesystem: some rows written before the disk filled, not all ($n lines)" "[ $n -gt 1 ] && [ $n -lt 25 ]"
  check "full filesystem: the rows kept are the uninterrupted table's first ones, whole" \
    "cmp -s -n \$(stat -c %s fs/out.csv) fs/out.csv ref.csv && [ \"\$(tail -c 1 fs/out.csv | od -An -c | tr -d ' ')\" = '\n' ]"
  rm fs/filler
  "$bin" screen --no-energy data -o fs/out.csv -j 2 --resume > resumed.top 2> resumed.log; rc=$?
  check "after freeing space, --resume exits as the uninterrupted run ($rc, $rc_ref)" "[ $rc -eq $rc_ref ]"
  check "--resume completes the result table (equal to the uninterrupted one)" "cmp -s fs/out.csv ref.csv"
  check "--resume completes the error table" "cmp -s fs/out.csv.errors.csv ref.csv.errors.csv"
  check "--resume writes the ranking (equal to the uninterrupted one)" "cmp -s fs/out.ranked.csv ref.ranked.csv"
  check "--resume prints the same top 10" "cmp -s resumed.top ref.top"
  # The ranking's writes are checked too: a full disk at the ranking is an error, and the
  # ranked file is complete or absent.
  rm fs/out.ranked.csv fs/out.csv fs/out.csv.errors.csv
  cp ref.csv fs/out.csv && cp ref.csv.errors.csv fs/out.csv.errors.csv
  dd if=/dev/zero of=fs/filler bs=1k count=64 2>/dev/null
  "$bin" screen --no-energy data -o fs/out.csv -j 2 --resume > /dev/null 2> rank.log; rc=$?
  check "full filesystem at the ranking: exit 1 ($rc)" "[ $rc -eq 1 ] && grep -q 'out.ranked.csv.*No space left on device' rank.log"
  check "full filesystem at the ranking: no partial ranking" "[ ! -e fs/out.ranked.csv ] && [ ! -e fs/out.ranked.csv.tmp ]"
else
  echo "SKIPPED (full filesystem): cannot mount a tmpfs here (needs root); the other checks run"
fi

# ---- A second writer ----
# A structure that takes seconds (ZIF-20, about 6 s) keeps the first screen busy.
mkdir slow
cp "$shared/structures/benchmark/iraspa_cocoa/SpglibTestData/zifs/ZIF-20.cif" slow/
"$bin" screen --no-energy slow -o busy.csv -j 1 > /dev/null 2> busy.log &
pid=$!
for i in $(seq 100); do [ -s busy.csv.lock ] && break; sleep 0.1; done
"$bin" screen --no-energy slow -o busy.csv -j 1 --resume > /dev/null 2> second.log; rc=$?
check "second writer (--resume) refused with exit 2 ($rc)" "[ $rc -eq 2 ]"
check "second writer: the message names the first one's pid" \
  "grep -q 'busy.csv is being written by another channelmap (pid $pid' second.log"
"$bin" screen --no-energy slow -o busy.csv -j 1 > /dev/null 2> third.log; rc=$?
check "second writer (no --resume) refused with exit 2 ($rc)" "[ $rc -eq 2 ] && grep -q 'being written by another' third.log"
wait $pid; rc=$?
check "the first screen finishes unharmed ($rc)" "[ $rc -le 1 ] && [ \$(wc -l < busy.csv) -eq 2 ]"
check "no duplicated rows" "[ \$(sort busy.csv | uniq -d | wc -l) -eq 0 ]"

# ---- --resume with other options or another version ----
cp ref.csv opt.csv; cp ref.csv.errors.csv opt.csv.errors.csv; cp ref.csv.meta.json opt.csv.meta.json
"$bin" screen --no-energy --mobile Li --probe 1.5 data -o opt.csv --resume > /dev/null 2> opt.log; rc=$?
check "--resume with other options: exit 2 ($rc)" "[ $rc -eq 2 ]"
check "--resume with other options: names them" "grep -q 'other options (mobile=Mg, probe=default; this run: mobile=Li, probe=1.5)' opt.log"
check "--resume with other options: tables untouched" "cmp -s opt.csv ref.csv && cmp -s opt.csv.errors.csv ref.csv.errors.csv && cmp -s opt.csv.meta.json ref.csv.meta.json"
sed 's/"version": "[^"]*"/"version": "0.0.1"/' ref.csv.meta.json > opt.csv.meta.json
"$bin" screen --no-energy data -o opt.csv --resume > /dev/null 2> ver.log; rc=$?
check "--resume onto a table of another version: exit 2 ($rc)" "[ $rc -eq 2 ] && grep -q 'made by channelmap 0.0.1' ver.log"
check "--resume onto a table of another version: untouched" "cmp -s opt.csv ref.csv"
rm opt.csv.meta.json
"$bin" screen --no-energy data -o opt.csv --resume > /dev/null 2> nometa.log; rc=$?
check "--resume onto a table without its sidecar: exit 2 ($rc)" "[ $rc -eq 2 ] && grep -q 'no opt.csv.meta.json' nometa.log"

# ---- --resume onto a file that is not a screen table ----
printf 'my notes\nline two without newline' > notes.txt; cp notes.txt notes.orig
"$bin" screen --no-energy data -o notes.txt --resume > /dev/null 2> notes.log; rc=$?
check "--resume onto notes.txt: exit 2 ($rc)" "[ $rc -eq 2 ]"
check "--resume onto notes.txt: untouched" "cmp -s notes.txt notes.orig"
check "--resume onto notes.txt: no files left beside it" "[ \$(ls notes.txt* | wc -l) -eq 1 ]"
# Even with a sidecar of ours beside it (copied by mistake), the header decides.
cp ref.csv.meta.json notes.txt.meta.json
"$bin" screen --no-energy data -o notes.txt --resume > /dev/null 2> notes2.log; rc=$?
check "--resume onto notes.txt with a sidecar: exit 2, untouched ($rc)" \
  "[ $rc -eq 2 ] && cmp -s notes.txt notes.orig && grep -q 'not a table of this channelmap screen' notes2.log"
"$bin" screen --no-energy data -o notes.txt > /dev/null 2>&1; rc=$?
check "notes.txt without --resume: exit 2, untouched ($rc)" "[ $rc -eq 2 ] && cmp -s notes.txt notes.orig"

# An output in a directory that does not exist: exit 2, a message that says so.
"$bin" screen --no-energy data -o no/such/dir/t.csv > /dev/null 2> err.txt; rc=$?
check "output in a missing directory: exit 2, named ($rc)" \
  "[ $rc -eq 2 ] && grep -q \"directory no/such/dir/ does not exist\" err.txt && [ ! -e no ]"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
