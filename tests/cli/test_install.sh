#!/usr/bin/env bash
# The installed package (issue #11): `cmake --install` of this build into a temporary prefix,
# then tests/install_consumer/ -- find_package(channelmap) + channelmap::channelmap, found
# through CMAKE_PREFIX_PATH only -- is configured, built and run there. Its descriptors must be
# the ones `channelmap describe --no-energy` prints (the same code: equal strings), and the
# installed program, the package and the library must all say PROJECT_VERSION.
# Usage (tests/CMakeLists.txt): test_install.sh CMAKE BUILD_DIR VERSION CXX [LAUNCHER]
set -u
cmake=$1; build=$(cd "$2" && pwd); version=$3; cxx=$4; launcher=${5:-}
bin=${CHANNELMAP_BIN:?}; src=${CHANNELMAP_SOURCE:?}
fail=0; pass=0
check() { if eval "$2"; then pass=$((pass+1)); else echo "FAILED: $1"; fail=$((fail+1)); fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

# --- the installed tree
"$cmake" --install "$build" --prefix "$prefix" > "$tmp/install.log" 2>&1; rc=$?
check "cmake --install: exit 0 ($rc)" "[ $rc -eq 0 ] || { cat '$tmp/install.log'; false; }"
cfg=$(dirname "$(find "$prefix" -name channelmapConfig.cmake | head -1)")
check "lib*/cmake/channelmap holds Config, ConfigVersion and Targets" \
  "[ -f '$cfg/channelmapConfigVersion.cmake' ] && [ -f '$cfg/channelmapTargets.cmake' ] && [ \"\$(basename \"\$(dirname '$cfg')\")\" = cmake ]"
check "the static library is installed" "[ -n \"\$(find '$prefix' -name libchannelmap.a)\" ]"
check "the program is installed as bin/channelmap" "[ -x '$prefix/bin/channelmap' ]"
(cd "$src/include/channelmap" && ls) > "$tmp/public.txt"
(cd "$prefix/include/channelmap" && ls) > "$tmp/installed.txt"
check "include/channelmap/: exactly the public headers (none of src/)" \
  "diff -u '$tmp/public.txt' '$tmp/installed.txt'"

# --- a project built against it (the compiler and launcher of this build: ccache when used)
opts=(-DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_PREFIX_PATH="$prefix"
      -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON -DCMAKE_EXPORT_COMPILE_COMMANDS=ON)
if [ -n "$launcher" ]; then opts+=(-DCMAKE_CXX_COMPILER_LAUNCHER="$launcher"); fi
"$cmake" -S "$src/tests/install_consumer" -B "$tmp/consumer" "${opts[@]}" > "$tmp/configure.log" 2>&1; rc=$?
check "consumer: find_package(channelmap) configures ($rc)" "[ $rc -eq 0 ] || { cat '$tmp/configure.log'; false; }"
check "consumer: channelmap $version found in the prefix" \
  "grep -q -- '-- channelmap $version from $cfg\$' '$tmp/configure.log'"
grep -oE -- '-(I|isystem ?)[^ "]+' "$tmp/consumer/compile_commands.json" > "$tmp/includes.txt"
check "consumer: includes from the prefix, none from the source or build tree" \
  "grep -q '$prefix/include' '$tmp/includes.txt' && ! grep -q -e '$src' -e '$build' '$tmp/includes.txt'"
"$cmake" --build "$tmp/consumer" > "$tmp/build.log" 2>&1; rc=$?
check "consumer: builds and links channelmap::channelmap ($rc)" "[ $rc -eq 0 ] || { cat '$tmp/build.log'; false; }"

# Forsterite (Pbnm, 28 atoms: the lowest symmetry of structures/, 0.06 s): the descriptors of
# the geometry, the hops and the cell.
f=$src/structures/Mg2SiO4_forsterite.cif
names=(di_A df_A dif_A rf_3d_A rmob_1d_A best_hop_bottleneck_A mobile_site_cn volume_per_anion_A3)
"$tmp/consumer/consumer" "$f" "${names[@]}" > "$tmp/consumer.txt" 2> "$tmp/consumer.err"; rc=$?
check "consumer runs ($rc)" "[ $rc -eq 0 ] || { cat '$tmp/consumer.err'; false; }"
check "consumer: channelmap::version() is $version" "grep -qx 'version=$version' '$tmp/consumer.txt'"
"$bin" describe --no-energy "$f" > "$tmp/describe.csv" 2> /dev/null
/usr/bin/python3 - "$tmp/describe.csv" "${names[@]}" > "$tmp/expected.txt" <<'PY'
import csv, sys
row = next(csv.DictReader(open(sys.argv[1], newline="")))
for name in sys.argv[2:]:
    print(f"{name}={row[name]}")
PY
check "consumer's descriptors = channelmap describe's (${names[*]})" \
  "grep -v '^version=' '$tmp/consumer.txt' | diff -u '$tmp/expected.txt' -"
check "the descriptors are numbers (not empty cells)" "! grep -q '=\$' '$tmp/expected.txt'"

# --- the Python module (built when CHANNELMAP_PYTHON is on): installed under the prefix's
# lib/python3.X/dist-packages, it imports from there alone and gives describe's descriptors.
if ls "$build"/python/channelmap/_channelmap*.so > /dev/null 2>&1; then
  init=$(find "$prefix" -path '*/channelmap/__init__.py' | head -1)
  check "the Python package is installed under lib/python3.*/dist-packages" \
    "[[ '$init' == '$prefix'/lib/python3.*/dist-packages/channelmap/__init__.py ]]"
  (cd "$tmp" && PYTHONPATH=$(dirname "$(dirname "$init")") /usr/bin/python3 - "$f" \
    "$tmp/expected.txt" > "$tmp/python.txt" 2> "$tmp/python.err" <<'PY'
import sys
import channelmap
print(f"version={channelmap.__version__}")
print(f"file={channelmap.__file__}")
d = channelmap.analyze(sys.argv[1], energy=False).descriptors
for line in open(sys.argv[2]):  # name=cell of describe's CSV: the module gives that number
    name, cell = line.strip().split("=")
    print(f"{name}={cell}" if d[name] == float(cell) else f"{name}={d[name]} (module)")
PY
  ); rc=$?
  check "the installed module imports and analyses ($rc)" "[ $rc -eq 0 ] || { cat '$tmp/python.err'; false; }"
  check "the installed module is the prefix's, version $version" \
    "grep -qx 'version=$version' '$tmp/python.txt' && grep -q '^file=$prefix/' '$tmp/python.txt'"
  check "the installed module's descriptors = channelmap describe's" \
    "grep -v -e '^version=' -e '^file=' '$tmp/python.txt' | diff -u '$tmp/expected.txt' -"
fi

# --- the version: the installed program and what it writes
check "bin/channelmap --version prints 'channelmap $version'" \
  "[ \"\$('$prefix/bin/channelmap' --version)\" = 'channelmap $version' ]"
"$prefix/bin/channelmap" describe --no-energy "$f" -o "$tmp/t.csv" 2> /dev/null
check "describe -o: the sidecar has version $version" \
  "grep -q '\"version\": \"$version\"' '$tmp/t.csv.meta.json'"
"$prefix/bin/channelmap" inspect --json --no-energy "$f" > "$tmp/t.json" 2> /dev/null
check "inspect --json: channelmap.version is $version" "/usr/bin/python3 -c '
import json, sys
sys.exit(json.load(open(sys.argv[1]))[\"channelmap\"][\"version\"] != sys.argv[2])' '$tmp/t.json' '$version'"
"$prefix/bin/channelmap" path --json --grid 0.4 "$src/structures/MgO_periclase.cif" \
  --from "0 0 0" --to "0.5 0.5 0" > "$tmp/p.json" 2> /dev/null
check "path --json: channelmap.version is $version, with its options" "/usr/bin/python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))[\"channelmap\"]
sys.exit(c[\"version\"] != sys.argv[2] or \"grid=0.4\" not in c[\"options\"])' '$tmp/p.json' '$version'"
check "CHANGELOG's first section is $version" \
  "[[ \"\$(grep -m1 '^## ' '$src/CHANGELOG.md')\" == '## $version '* ]]"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
