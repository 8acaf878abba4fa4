#!/usr/bin/env bash
# Issue #9 (CLI promises and describe's tables): usage errors exit 2; the version and options in
# every output; JSON never fails on a file name that is not UTF-8; the id, formula, anion and
# lattice columns; no '?', nan or inf in any table; JSON Lines hold every CSV column; describe
# takes directories and -j. Expected values: by hand from the CIFs, and pymatgen's formulas
# (tests/data/pymatgen_formulas.csv, written by tools/reference/pymatgen_formulas.py).
set -u
bin=${CHANNELMAP_BIN:?}; src=${CHANNELMAP_SOURCE:?}; shared=${CHANNELMAP_SHARED:?}
fail=0; pass=0
check() { if eval "$2"; then pass=$((pass+1)); else echo "FAILED: $1"; fail=$((fail+1)); fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
py=/usr/bin/python3
mgo="$src/structures/MgO_periclase.cif"
col() { $py -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[2]))); print(r[int(sys.argv[3]) if len(sys.argv)>3 else 0][sys.argv[1]])' "$@"; }

# ---- usage errors exit 2 (CLI11's own codes were 104-114); --help and --version exit 0 ----
"$bin" inspect --bogus "$mgo" > /dev/null 2>&1; check "unknown option: exit 2" "[ $? -eq 2 ]"
"$bin" inspect > /dev/null 2>&1; check "missing required argument: exit 2" "[ $? -eq 2 ]"
"$bin" inspect --probe abc "$mgo" > /dev/null 2>&1; check "--probe abc (wrong type): exit 2" "[ $? -eq 2 ]"
"$bin" path "$mgo" extra --from 0,0,0 --to 0.5,0,0 > /dev/null 2>&1; check "extra positional: exit 2" "[ $? -eq 2 ]"
"$bin" nosuchcommand > /dev/null 2>&1; check "unknown subcommand: exit 2" "[ $? -eq 2 ]"
"$bin" describe -j 0 "$mgo" > /dev/null 2>&1; check "describe -j 0: exit 2" "[ $? -eq 2 ]"
"$bin" --help > /dev/null; check "--help exits 0" "[ $? -eq 0 ]"
"$bin" describe --help > /dev/null; check "describe --help exits 0" "[ $? -eq 0 ]"
ver=$("$bin" --version); check "--version exits 0" "[ $? -eq 0 ]"
ver=${ver#channelmap }
# Bare channelmap: the help on stdout (the same text as --help), usage status 2.
"$bin" > "$tmp/bare.txt" 2> "$tmp/bare.err"; rc=$?
check "bare channelmap: exit 2" "[ $rc -eq 2 ]"
check "bare channelmap: the help on stdout, nothing on stderr" "diff -q '$tmp/bare.txt' <('$bin' --help) > /dev/null && [ ! -s '$tmp/bare.err' ]"

# ---- version and options in every output ----
"$bin" inspect --json --no-energy --probe 1.25 "$mgo" > "$tmp/mgo.json"
check "inspect --json: channelmap.version and options" "$py -c 'import json,sys; j=json.load(open(\"$tmp/mgo.json\"))[\"channelmap\"]; sys.exit(0 if j[\"version\"]==\"$ver\" and \"probe=1.25 \" in j[\"options\"] and \"energy=0\" in j[\"options\"] else 1)'"
cd "$tmp" || exit 1
"$bin" describe --no-energy "$mgo" -o "$tmp/d.csv" --sites "$tmp/s.csv" --hops "$tmp/h.csv" --errors "$tmp/e.csv"
for t in d s h e; do
  check "$t.csv.meta.json: version, options and the CSV's columns" "$py -c '
import csv, json, sys
m = json.load(open(\"$tmp/$t.csv.meta.json\"))
head = next(csv.reader(open(\"$tmp/$t.csv\")))
sys.exit(0 if m[\"version\"] == \"$ver\" and m[\"program\"] == \"channelmap describe\" and \"energy=0\" in m[\"options\"] and m[\"columns\"] == head and m[\"table\"] == \"$t.csv\" else 1)'"
done
"$bin" describe --no-energy --strict "$mgo" -o "$tmp/strict.csv" --format jsonl
"$bin" describe --no-energy --strict "$mgo" -o "$tmp/strict2.csv"
check "--strict is in the options of the JSON and of the sidecar (was left out)" "grep -q 'strict=1' '$tmp/strict.csv' && grep -q 'strict=1' '$tmp/strict2.csv.meta.json' && grep -q 'strict=0' '$tmp/d.csv.meta.json'"
rm -f "$tmp/strict.csv" "$tmp"/strict2.csv*
"$bin" describe --no-energy "$mgo" > "$tmp/stdout.csv"
check "CSV on stdout: no sidecar" "[ \$(ls '$tmp' | grep -c meta.json) -eq 4 ]"

# A write that fails (/dev/full: no space) is a failed run with a message, not a silent short
# table.
"$bin" describe --no-energy "$mgo" -o /dev/full 2> "$tmp/full.err"; rc=$?
check "describe -o /dev/full: exit 1, says so" "[ $rc -eq 1 ] && grep -q 'cannot write /dev/full' '$tmp/full.err'"
"$bin" describe --no-energy "$mgo" > /dev/full 2> "$tmp/full.err"; rc=$?
check "describe > /dev/full: exit 1, says so" "[ $rc -eq 1 ] && grep -q 'cannot write stdout' '$tmp/full.err'"

# ---- a file name that is not UTF-8 (byte 0xff): JSON replaces the byte, later files go on ----
bad=$(printf 'bad\xffname.cif'); cp "$mgo" "$tmp/$bad"
"$bin" inspect --json --no-energy "$tmp/$bad" "$mgo" > "$tmp/bad.json" 2> "$tmp/bad.err"; rc=$?
check "invalid UTF-8 name: inspect --json exits 0" "[ $rc -eq 0 ]"
check "invalid UTF-8 name: two JSON objects, the byte as U+FFFD" "$py -c '
import json, sys
t = open(\"$tmp/bad.json\", encoding=\"utf-8\").read(); d = json.JSONDecoder(); i = 0; objs = []
while i < len(t):
    o, i = d.raw_decode(t, i); objs.append(o)
    while i < len(t) and t[i].isspace(): i += 1
sys.exit(0 if len(objs) == 2 and objs[0][\"file\"].endswith(\"bad\ufffdname.cif\") and objs[1][\"symmetry\"][\"number\"] == 225 else 1)'"
"$bin" describe --format jsonl --no-energy "$tmp/$bad" "$mgo" > "$tmp/bad.jsonl" 2> /dev/null; rc=$?
check "invalid UTF-8 name: describe jsonl, two lines" "[ $rc -eq 0 ] && [ \$(wc -l < '$tmp/bad.jsonl') -eq 2 ] && $py -c 'import json; [json.loads(l) for l in open(\"$tmp/bad.jsonl\", encoding=\"utf-8\")]'"
"$bin" path "$tmp/$bad" --from "0 0 0" --to "0.5 0.5 0" --grid 0.3 --json > "$tmp/badpath.json" 2> /dev/null; rc=$?
check "invalid UTF-8 name: path --json exits 0 with one JSON object" "[ $rc -eq 0 ] && $py -c 'import json; json.load(open(\"$tmp/badpath.json\", encoding=\"utf-8\"))'"
rm "$tmp/$bad"

# ---- formulas as pymatgen writes them: 32 real structures ----
tail -n +3 "$src/tests/data/pymatgen_formulas.csv" | cut -d, -f1 | sed "s|^|$shared/|" > "$tmp/formula_files"
xargs -d '\n' "$bin" describe --no-energy -j 2 -o "$tmp/f.csv" < "$tmp/formula_files" 2> /dev/null
check "formula = pymatgen's reduced_formula (32 structures)" "$py -c '
import csv, sys
exp = {r[\"file\"]: r[\"formula\"] for r in csv.DictReader(l for l in open(\"$src/tests/data/pymatgen_formulas.csv\") if not l.startswith(\"#\"))}
got = {r[\"file\"][len(\"$shared/\"):]: r[\"formula\"] for r in csv.DictReader(open(\"$tmp/f.csv\"))}
bad = [(f, e, got.get(f)) for f, e in exp.items() if got.get(f) != e]
print(*bad, sep=\"\\n\"); sys.exit(0 if len(exp) == 32 and not bad else 1)'"

# ---- lattice parameters and anion (by hand from the CIFs) ----
check "MgO: a_A 4.2110, alpha/beta/gamma 90" "[ \"\$(col a_A d.csv),\$(col c_A d.csv),\$(col alpha_deg d.csv),\$(col gamma_deg d.csv)\" = '4.2110,4.2110,90.000,90.000' ]"
mref="$shared/structures/mg_reference"; bench="$shared/structures/benchmark"
"$bin" describe --no-energy "$mref/MgNiF6_pymatgen_test.cif" "$bench/pymatgen_test_files/Li10GeP2S12.cif" \
  "$bench/mineral_lib_amcsd/Clinohumite_AMS_DATA.cif" "$mref/MgAl2O4_spinel_AMCSD.cif" -o "$tmp/an.csv" 2> /dev/null
# Clinohumite: the mixed site F5/O5 (0.52 F, 0.48 O) besides the O sites; O before F by
# electronegativity (3.44 < 3.98).
check "anion: F, S, O,F, O" "[ \"\$(col anion an.csv 0)/\$(col anion an.csv 1)/\$(col anion an.csv 2)/\$(col anion an.csv 3)\" = 'F/S/O,F/O' ]"
# Monoclinic clinohumite (P 21/b 1 1, unique axis a), cell as written in the CIF: 4.7396
# 10.2328 13.6439 A, 100.843 90 90 deg; _cell_volume 649.907 A^3.
check "clinohumite: a_A .. gamma_deg as in the CIF" "[ \"\$(col a_A an.csv 2),\$(col b_A an.csv 2),\$(col c_A an.csv 2),\$(col alpha_deg an.csv 2),\$(col beta_deg an.csv 2),\$(col gamma_deg an.csv 2)\" = '4.7396,10.2328,13.6439,100.843,90.000,90.000' ]"

# ---- id: relative to the directory searched, #block when the file holds several ----
mkdir -p "$tmp/root/sub"
cp "$mref/MgAl2O4_spinel_AMCSD.cif" "$tmp/root/"; cp "$mgo" "$tmp/root/sub/"
cp "$bench/pymatgen_test_files/MultiStructure.cif" "$tmp/root/sub/multi.cif"
"$bin" describe --no-energy root -o "$tmp/ids.csv" 2> "$tmp/ids.err"; rc=$?
check "directory: ids relative to it, #block for a file of several blocks" "$py -c '
import csv, sys
r = list(csv.DictReader(open(\"$tmp/ids.csv\")))
ids = [x[\"id\"] for x in r]; files = [x[\"file\"] for x in r]
print(ids)
ok = ids[0] == \"MgAl2O4_spinel_AMCSD.cif\" and files[0] == \"root/MgAl2O4_spinel_AMCSD.cif\"
ok = ok and \"sub/MgO_periclase.cif\" in ids
multi = [x for x in r if x[\"file\"] == \"root/sub/multi.cif\"]
ok = ok and len(multi) >= 2 and all(x[\"id\"] == \"sub/multi.cif#\" + x[\"block\"] for x in multi)
ok = ok and len(set(ids)) == len(ids)
sys.exit(0 if ok else 1)'"
"$bin" screen --no-energy root -o "$tmp/ids_screen.csv" > /dev/null 2>&1
check "screen of the same directory: the same ids as describe (file, block) by file and block" "$py -c '
import csv, sys
key = lambda x: (x[\"file\"], x[\"block\"])
d = {key(x): x[\"id\"] for x in csv.DictReader(open(\"$tmp/ids.csv\"))}
s = {key(x): x[\"id\"] for x in csv.DictReader(open(\"$tmp/ids_screen.csv\"))}
print(sorted(s.values()))
sys.exit(0 if d == s and \"sub/MgO_periclase.cif\" in s.values() else 1)'"
"$bin" describe --no-energy "root/sub/MgO_periclase.cif" "root/sub/multi.cif#$(grep -m1 '^data_' root/sub/multi.cif | cut -c6- | tr -d '\r')" -o "$tmp/ids2.csv" 2> /dev/null
check "file named directly: id = path as given; a named block: #block" "[ \"\$(col id ids2.csv 0)\" = root/sub/MgO_periclase.cif ] && [ \"\$(col id ids2.csv 1)\" = \"root/sub/multi.cif#\$(col block ids2.csv 1)\" ]"
"$bin" describe --no-energy root -o "$tmp/idsj.csv" -j 2 2> "$tmp/idsj.err"
check "describe -j 2 = -j 1 (same bytes)" "cmp -s '$tmp/ids.csv' '$tmp/idsj.csv'"
check "progress on stderr (not a terminal: lines per 10 %, ending at 100 %)" "grep -q '^100%  3/3 files' '$tmp/idsj.err'"
"$bin" describe --no-energy root -o /dev/null --sites "$tmp/ids_s.csv" --hops "$tmp/ids_h.csv" 2> /dev/null
check "site and hop tables carry the id" "[ \"\$(col id ids_s.csv 0)\" = MgAl2O4_spinel_AMCSD.cif ] && [ \"\$(col id ids_h.csv 0)\" = MgAl2O4_spinel_AMCSD.cif ]"

# A FIFO with a structure name in a searched directory: an error naming it (stage input), never
# opened; the other files are described; exit 1.
mkdir -p "$tmp/fifo" && cp "$mgo" "$tmp/fifo/" && mkfifo "$tmp/fifo/y.cif"
timeout 60 "$bin" describe --no-energy fifo -o "$tmp/fifo.csv" --errors "$tmp/fifo_e.csv" 2> "$tmp/fifo.err"; rc=$?
check "FIFO in a directory: exit 1, named, the other file described" "[ $rc -eq 1 ] && grep -q 'y.cif' '$tmp/fifo.err' && [ \$(wc -l < '$tmp/fifo.csv') -eq 2 ] && grep -q '^fifo/y.cif,,input,' '$tmp/fifo_e.csv'"

# ---- missing values: empty cells, never ?, nan, inf, or -1 for a count or index ----
"$bin" describe -j 2 "$mref" "$bench/mineral_lib_amcsd/Clinohumite_AMS_DATA.cif" "$bench/pymatgen_test_files/Li10GeP2S12.cif" \
  -o "$tmp/m.csv" --sites "$tmp/m_s.csv" --hops "$tmp/m_h.csv" 2> /dev/null
check "no ?, nan, inf or -1 cell in the three tables" "$py -c '
import csv, sys
bad = []
for f in (\"m.csv\", \"m_s.csv\", \"m_h.csv\"):
    rows = list(csv.DictReader(open(\"$tmp/\" + f)))
    assert len(rows) > 5, f
    for r in rows:
        for k, v in r.items():
            for tok in v.split():
                if tok.lower() in (\"?\", \"nan\", \"-nan\", \"inf\", \"-inf\", \"-\") or (tok == \"-1\" and (k.endswith(\"cn\") or k == \"site_class\" or k.startswith(\"n_\"))):
                    bad.append((f, k, v))
print(bad[:5]); sys.exit(0 if not bad else 1)'"
# The report JSON: null, never -1 for a count or an index, 0 for an unknown charge or NaN
# (issue #11: one missing-value convention). MgCr2O4 has interstitial energy minima (mobile_site
# null); --mobile none has no charge and no reference radius; P1 Clinohumite has no hop groups.
"$bin" inspect --json "$src/structures/MgCr2O4_spinel.cif" > "$tmp/j1.json" 2> /dev/null
"$bin" inspect --json --no-energy --mobile none "$mgo" > "$tmp/j2.json" 2> /dev/null
"$bin" inspect --json --no-energy "$bench/mineral_lib_amcsd/Clinohumite_AMS_DATA.cif" > "$tmp/j3.json" 2> /dev/null
check "report JSON: missing counts, indices and charges are null, never -1 or 0" "$py -c '
import json, sys
keys = {\"cn\", \"econ\", \"group\", \"bottleneck_cn\", \"intermediate\", \"intermediate_cn\",
        \"nearest_node\", \"mobile_site\", \"predicted_em_hop\"}
bad, nulls = [], set()
def walk(x, k=None):
    if isinstance(x, dict):
        for kk, v in x.items(): walk(v, kk)
    elif isinstance(x, list):
        for v in x: walk(v, k)
    elif x is None:
        nulls.add(k)
    elif k in keys and x == -1:
        bad.append(k)
docs = [json.load(open(\"$tmp/j%d.json\" % i)) for i in (1, 2, 3)]
for d in docs: walk(d)
j1 = docs[0][0] if isinstance(docs[0], list) else docs[0]
j2 = docs[1][0] if isinstance(docs[1], list) else docs[1]
ok = not bad and \"mobile_site\" in nulls
ok = ok and j2[\"mobile_radius_A\"] is None and j2[\"energy\"][\"mobile_charge\"] is None
ok = ok and j1[\"energy\"][\"mobile_charge\"] == 2
print(bad[:5], sorted(k for k in nulls if k in keys)); sys.exit(0 if ok else 1)'"
# The site table of a CIF without oxidation states: the column is empty (was '?').
check "oxidation_states empty when the CIF gives none (was ?)" "$py -c '
import csv, sys
r = [x for x in csv.DictReader(open(\"$tmp/m_s.csv\")) if \"Clinohumite\" in x[\"file\"]]
sys.exit(0 if r and all(x[\"oxidation_states\"] == \"\" for x in r) else 1)'"

# ---- JSON Lines: every CSV column, same name, same value (5 structures) ----
five="$mref/MgAl2O4_spinel_AMCSD.cif $bench/pymatgen_test_files/LiFePO4.cif $bench/pymatgen_test_files/Li10GeP2S12.cif $mref/MgNiF6_pymatgen_test.cif $bench/mineral_lib_amcsd/Clinohumite_AMS_DATA.cif"
"$bin" describe $five > "$tmp/five.csv" 2> /dev/null
"$bin" describe --format jsonl $five > "$tmp/five.jsonl" 2> /dev/null
check "jsonl is a superset of the CSV (5 structures, values to the CSV's decimals)" "$py -c '
import csv, json, sys
rows = list(csv.DictReader(open(\"$tmp/five.csv\"))); lines = [json.loads(l) for l in open(\"$tmp/five.jsonl\")]
bad = []
for r, j in zip(rows, lines):
    for k, v in r.items():
        if k not in j: bad.append((\"missing\", k)); continue
        x = j[k]
        if v == \"\":
            if x is not None: bad.append((\"not null\", k, x))
        elif isinstance(x, str):
            if x != v: bad.append((\"text\", k, v, x))
        else:
            dec = len(v.split(\".\")[1]) if \".\" in v else 0
            if x is None or abs(float(v) - x) > 0.5 * 10 ** -dec + 1e-12: bad.append((\"number\", k, v, x))
    if j[\"channelmap\"][\"version\"] != \"$ver\": bad.append(\"version\")
print(bad[:5]); sys.exit(0 if len(rows) == len(lines) == 5 and not bad else 1)'"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
