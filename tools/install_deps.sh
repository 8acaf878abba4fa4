#!/usr/bin/env bash
# Installs channelmap's build and test dependencies from Debian 12 packages (run as root).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
pkgs=(g++ cmake make
      gemmi-dev tao-pegtl-dev libstb-dev   # gemmi 0.5.7 forgets the last two
      libsymspg-dev libeigen3-dev libcgal-dev libgmp-dev libmpfr-dev
      catch2 libcli11-dev nlohmann-json3-dev libfmt-dev
      pkg-config libcairo2-dev zlib1g-dev
      python3-dev pybind11-dev             # the Python module (docs/python.md)
      python3-pymatgen python3-ase         # tests: the network export loads in both; the module
                                           # takes their structures
      python3-pandas python3-matplotlib python3-sklearn  # notebooks/ and their test
      python3-nbclient python3-nbformat python3-ipykernel
      python3-distributed                  # the Dask example and its test (docs/python.md)
      python3-scipy)                       # the clearance oracle (tests/oracle, issue #12)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "dependencies installed"
