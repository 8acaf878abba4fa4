#!/usr/bin/env bash
# channelmap screen: every entry is a row or an error row, in bounded time. A directory with a
# FIFO named y.cif, a dangling symbolic link, a symbolic link loop, a file with '#' and one
# with a newline and one with a quote in the name, a duplicate through a symbolic link, a
# directory named *.cif, a link to a directory and a non-structure file: expected rows counted
# by hand from the entries made here, and the table parsed with Python's csv module (an
# independent reader); --resume adds nothing. A structure that takes longer than --timeout
# (ZIF-20: about 6 s without the energy) gets an error row "timed out", one over --max-memory
# an error row "out of memory" (also while reading: 200 MB of gzipped zeros, not added again
# by --resume), one whose process is killed by SIGSEGV an error row "crashed", the 1e999 cell
# of issue #9 an error row, an unreadable directory an error row; the rest of the screen
# completes each time.
set -u
bin=${CHANNELMAP_BIN:?}; shared=${CHANNELMAP_SHARED:?}
fail=0; pass=0
check() { if eval "$2"; then pass=$((pass+1)); else echo "FAILED: $1"; fail=$((fail+1)); fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
py=/usr/bin/python3
mgo="$shared/structures/mg_reference/MgO_rocksalt_periclase_AMCSD.cif"
zif="$shared/structures/benchmark/iraspa_cocoa/SpglibTestData/zifs/ZIF-20.cif"
cd "$tmp"

# ---- Hostile directory ----
mkdir -p d/dir.cif
cp "$mgo" d/a.cif; cp "$mgo" 'd/b#1.cif'; cp "$mgo" $'d/c\nnl.cif'; cp "$mgo" 'd/q"uote.cif'
cp "$mgo" d/dir.cif/inner.cif
ln -s a.cif d/link_to_a.cif          # the same file as a.cif: analysed once
mkfifo d/y.cif                        # would block open() forever
ln -s nowhere.cif d/dangling.cif
ln -s loop2.cif d/loop1.cif; ln -s loop1.cif d/loop2.cif
ln -s .. d/up                         # a link to a directory: not followed
echo notes > d/notes.txt              # not a structure name: ignored, counted
start=$SECONDS
timeout 60 "$bin" screen --no-energy d -o out.csv -j 2 > top.txt 2> log.txt; rc=$?
check "hostile directory: no hang, exit 1 (error rows) ($rc)" "[ $rc -eq 1 ]"
check "hostile directory: under 30 s ($((SECONDS - start)) s)" "[ $((SECONDS - start)) -lt 30 ]"
# Expected by hand: 5 structures (a, b#1, c<newline>nl, dir.cif/inner, q"uote), 4 error rows.
$py - > rows.txt <<'PY'
import csv
with open("out.csv", newline="") as f:
    rows = list(csv.DictReader(f))
with open("out.csv.errors.csv", newline="") as f:
    errors = list(csv.DictReader(f))
print(sorted(r["file"] for r in rows))
for e in errors:
    print(repr((e["file"], e["block"], e["stage"], e["message"])))
PY
check "rows: the 5 structure files, names intact (python csv)" \
  "[ \"\$(sed -n 1p rows.txt)\" = \"['d/a.cif', 'd/b#1.cif', 'd/c\\\\nnl.cif', 'd/dir.cif/inner.cif', 'd/q\\\"uote.cif']\" ]"
check "error row: the FIFO" "grep -qF \"('d/y.cif', '', 'input', 'not a regular file (a FIFO)')\" rows.txt"
check "error row: the dangling link" "grep -qF \"('d/dangling.cif', '', 'input', 'dangling symbolic link (to nowhere.cif); not a file')\" rows.txt"
check "error rows: both links of the loop" "[ \$(grep -c \"'input', 'symbolic link loop; not a file'\" rows.txt) -eq 2 ]"
check "4 error rows in all" "[ \$(wc -l < rows.txt) -eq 5 ]"
check "the duplicate is named" "grep -q 'd/link_to_a.cif is the same file as d/a.cif; analysed once' log.txt"
check "the link to a directory is named" "grep -q 'd/up is a symbolic link to a directory; not followed' log.txt"
check "the summary counts the ignored file" "grep -q '1 other files ignored (not structure file names), 1 duplicate names, 1 directory links not followed' log.txt"
check "the printed ranking keeps one line per structure" "[ \$(grep -c 'MgO' top.txt) -eq 5 ]"
cp out.csv out.orig; cp out.csv.errors.csv err.orig
timeout 60 "$bin" screen --no-energy d -o out.csv -j 2 --resume > /dev/null 2> resume.log; rc=$?
check "--resume: nothing appended (names with newline, quote, '#' round-trip) ($rc)" \
  "[ $rc -eq 1 ] && cmp -s out.csv out.orig && cmp -s out.csv.errors.csv err.orig"
check "--resume: all kept" "grep -q '5 rows and 4 failures kept from before' resume.log"
# A file named directly whose name holds '#' is read whole, not as file#block.
timeout 60 "$bin" screen --no-energy 'd/b#1.cif' -o hash.csv > /dev/null 2>&1; rc=$?
check "a file named with '#': analysed ($rc)" "[ $rc -eq 0 ] && grep -q '^d/b#1.cif,global,' hash.csv"

# An unreadable directory: an error row (as root, run as nobody: root reads every directory).
mkdir -p perm/d/locked; chmod 777 perm "$tmp"; cp "$mgo" perm/d/a.cif; chmod 000 perm/d/locked
as_user=""
if [ "$(id -u)" -eq 0 ]; then
  command -v setpriv > /dev/null && as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
  # nobody must reach the program (a build under a private home may not be).
  [ -n "$as_user" ] && ! $as_user test -x "$bin" && as_user=""
fi
if [ "$(id -u)" -ne 0 ] || [ -n "$as_user" ]; then
  (cd perm && timeout 60 $as_user "$bin" screen --no-energy d -o "$tmp/perm/o.csv" > /dev/null 2>&1); rc=$?
  check "unreadable directory: an error row, the rest analysed ($rc)" \
    "[ $rc -eq 1 ] && grep -q '^d/locked,,input,cannot read the directory (Permission denied)$' perm/o.csv.errors.csv && grep -q '^d/a.cif,global,' perm/o.csv"
else
  echo "SKIPPED (unreadable directory): root, and no setpriv or the program not executable by nobody"
fi
chmod 700 "$tmp"; chmod 755 perm/d/locked

# ---- Timeout, memory limit, crash ----
mkdir t; cp "$zif" t/ZIF-20.cif; cp "$mgo" t/MgO.cif
start=$SECONDS
timeout 60 "$bin" screen --no-energy t -o to.csv -j 1 --timeout 1 > /dev/null 2>&1; rc=$?
check "timeout: exit 1, within 20 s ($rc, $((SECONDS - start)) s)" "[ $rc -eq 1 ] && [ $((SECONDS - start)) -lt 20 ]"
check "timeout: error row" "grep -q '^t/ZIF-20.cif,ZIF-20,analyze,timed out after 1 s$' to.csv.errors.csv"
check "timeout: the rest completes" "grep -q '^t/MgO.cif,global,' to.csv"
# Two blocks in one file, the first too slow: the second is analysed in a new process.
mkdir mb; cat "$zif" "$mgo" > mb/multi.cif
timeout 60 "$bin" screen --no-energy mb -o mb.csv -j 1 --timeout 1 > /dev/null 2>&1; rc=$?
check "timeout in the first block of two: error row, the second block analysed ($rc)" \
  "[ $rc -eq 1 ] && grep -q '^mb/multi.cif,ZIF-20,analyze,timed out after 1 s$' mb.csv.errors.csv && grep -q '^mb/multi.cif,global,' mb.csv"
timeout 60 "$bin" screen --no-energy t -o mem.csv -j 1 --timeout 0 --max-memory 0.05 > /dev/null 2>&1; rc=$?
# ZIF-20 needs about 80 MB (peak RSS, /usr/bin/time); MgO fits in the memory the process has.
check "memory limit: error row ($rc)" "[ $rc -eq 1 ] && grep -q '^t/ZIF-20.cif,ZIF-20,analyze,out of memory (limit 0.05 GB)$' mem.csv.errors.csv"
check "memory limit: the rest completes" "grep -q '^t/MgO.cif,global,' mem.csv"
# A failure of the whole file while reading (200 MB of zeros, gzipped, exceed 50 MB while
# decompressed): one error row, and --resume does not add it again.
mkdir z; head -c 200000000 /dev/zero | gzip -1 > z/zeros.cif.gz; cp "$mgo" z/MgO.cif
timeout 60 "$bin" screen --no-energy z -o z.csv --max-memory 0.05 > /dev/null 2>&1; rc=$?
check "memory limit while reading: error row ($rc)" "[ $rc -eq 1 ] && grep -q '^z/zeros.cif.gz,,read,out of memory (limit 0.05 GB)$' z.csv.errors.csv"
cp z.csv.errors.csv z.orig
timeout 60 "$bin" screen --no-energy z -o z.csv --max-memory 0.05 --resume > /dev/null 2>&1
check "memory limit while reading: --resume adds nothing" "cmp -s z.csv.errors.csv z.orig"
# A crash: the process analysing ZIF-20 is killed with SIGSEGV from outside.
"$bin" screen --no-energy t -o crash.csv -j 1 --timeout 0 > /dev/null 2>&1 &
pid=$!
child=""
# MgO comes first (by name) and takes a fraction of a second: once its row is written, the
# child process is ZIF-20's.
for i in $(seq 100); do grep -q '^t/MgO.cif' crash.csv 2>/dev/null && break; sleep 0.1; done
for i in $(seq 100); do child=$(pgrep -P $pid | head -1); [ -n "$child" ] && break; sleep 0.1; done
[ -n "$child" ] && kill -SEGV "$child"
wait $pid; rc=$?
check "crash: error row, screen goes on ($rc)" "[ $rc -eq 1 ] && grep -q '^t/ZIF-20.cif,ZIF-20,analyze,crashed (signal 11: SIGSEGV)$' crash.csv.errors.csv && grep -q '^t/MgO.cif,global,' crash.csv"

# The cell of issue #9 with a = 1e999 (inf) crashed the whole screen (SIGSEGV in the analysis);
# whatever the reader makes of it (a crash of its child process, or a read error once the
# reader rejects it), it is one error row and the other structure is analysed.
mkdir inf; cp "$mgo" inf/MgO.cif
sed -e 's/^_cell_length_a .*/_cell_length_a 1e999/' "$mgo" > inf/inf.cif
timeout 60 "$bin" screen --no-energy inf -o inf.csv > /dev/null 2>&1; rc=$?
check "a = 1e999: an error row, the rest analysed ($rc)" \
  "[ $rc -eq 1 ] && grep -q '^inf/inf.cif,' inf.csv.errors.csv && grep -q '^inf/MgO.cif,global,' inf.csv && [ -s inf.ranked.csv ]"

# ---- Option values ----
"$bin" screen t -o bad.csv --timeout -1 > /dev/null 2>&1; rc=$?
check "--timeout -1: exit 2 ($rc)" "[ $rc -eq 2 ] && [ ! -e bad.csv ]"
"$bin" screen t -o bad.csv --max-memory nan > /dev/null 2>&1; rc=$?
check "--max-memory nan: exit 2 ($rc)" "[ $rc -eq 2 ] && [ ! -e bad.csv ]"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
