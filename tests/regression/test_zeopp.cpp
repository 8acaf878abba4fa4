// Agreement with Zeo++ on point atoms: ../shared/reference/zeopp_point_atoms.csv holds Zeo++
// (LSMO 0.4.2) Di, Df, Dif and channel counts for 50 real structures with every radius 0, where
// Zeo++'s Voronoi network is exact. channelmap runs with --mobile none --uniform-radius 0.
#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "channelmap/read.hpp"
#include "channelmap/report.hpp"
#include "test_paths.hpp"

using namespace channelmap;

namespace {
std::vector<std::map<std::string, std::string>> read_csv(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  std::string line;
  std::getline(in, line);
  std::vector<std::string> head;
  for (std::stringstream ss(line); std::getline(ss, line, ',');) head.push_back(line);
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    std::map<std::string, std::string> row;
    std::stringstream ss(line);
    std::string cell;
    for (const auto& h : head) {
      if (!std::getline(ss, cell, ',')) cell.clear();
      row[h] = cell;
    }
    rows.push_back(row);
  }
  return rows;
}

std::multiset<int> dims_of(const ChannelSet& cs) {
  std::multiset<int> d;
  for (const Channel& c : cs.channels) d.insert(c.dimensionality);
  return d;
}

std::multiset<int> parse_dims(const std::string& s) {
  std::multiset<int> d;
  std::stringstream ss(s);
  for (int x; ss >> x;) d.insert(x);
  return d;
}

// Zeo++'s Dif is the largest node on the particular widest path its heap pops first. Where
// several paths share the bottleneck Df/2 they pass included spheres of different sizes and the
// choice depends on voro++'s vertex order, its rounding and the heap (docs/zeopp.md); channelmap's
// emulation of the search (--zeopp) then ends on another of those paths on these rows. Every one of
// them is asserted below to be such a row (Dif range wider than the tolerance), and Zeo++'s value
// to be the included sphere of one of the widest paths.
const std::set<std::string> kDifPathDependent = {
    "benchmark/iraspa_cocoa/CIF_Files/Zeolites/P/PST-14_calcined_dehydrated.cif",
    "benchmark/mineral_lib_amcsd/Antigorite-M_AMS_DATA.cif",
    "benchmark/mineral_lib_amcsd/Aragonite_AMS_DATA.cif",
    "benchmark/mineral_lib_amcsd/Cordierite_AMS_DATA.cif",
    "benchmark/raspa2/mofs/cif/NU-108-Zn.cif",
    "benchmark/raspa2/mofs/cif/ZIF-10.cif",
};
// pymatgen (which expanded the CIFs for Zeo++) keeps images of T5 at (0.3333, 0.6667, z) that
// are 0.001 A apart as separate atoms; channelmap merges them (special position, 0.4 A).
const std::set<std::string> kAtomCountDiffers = {
    "benchmark/iraspa_cocoa/CIF_Files/Zeolites/I/IRY.cif"};
}  // namespace

TEST_CASE("Di, Df, Dif and channels agree with Zeo++ on point atoms", "[zeopp]") {
  auto rows = read_csv(test::shared_dir() + "/reference/zeopp_point_atoms.csv");
  REQUIRE(rows.size() == 50);
  const double tol_A = 1e-3;  // the bound; Zeo++ prints 5 decimals
  int dif_checked = 0, dif_unique = 0;
  for (const auto& row : rows) {
    const std::string& file = row.at("file");
    INFO(file);
    ReadResult rr = read_structures(test::shared_dir() + "/structures/" + file);
    REQUIRE(rr.errors.empty());
    REQUIRE(rr.crystals.size() >= 1);
    AnalysisOptions opt;
    opt.mobile_element = "";
    opt.uniform_radius_A = 0.0;
    opt.probe_A = std::stod(row.at("probe_radius_A"));
    opt.zeopp_compatible = true;  // Zeo++'s 0.02 A vertex merge (see docs/zeopp.md)
    Report r = analyze(rr.crystals[0], opt);
    if (!kAtomCountDiffers.count(file))
      CHECK(r.crystal.sites.size() == static_cast<size_t>(std::stoi(row.at("atoms"))));
    CHECK(r.percolation.di_A == Approx(std::stod(row.at("Di_A"))).margin(tol_A));
    CHECK(r.percolation.df_A == Approx(std::stod(row.at("Df_A"))).margin(tol_A));
    // Zeo++'s Dif is the included sphere of some widest path: between the smallest and the
    // largest over all of them, on every row.
    const double zeo_dif = std::stod(row.at("Dif_A"));
    const auto& range = r.percolation.dif_range_A;
    CHECK(zeo_dif >= range[0] - tol_A);
    CHECK(zeo_dif <= range[1] + tol_A);
    const bool unique = range[1] - range[0] <= tol_A;
    if (unique) {
      // One widest path (up to the tolerance): the exact, order-independent Dif is Zeo++'s.
      ++dif_unique;
      CHECK(analyze_percolation(r.network, DifStyle::Exact).dif_A == Approx(zeo_dif).margin(tol_A));
    }
    if (!kDifPathDependent.count(file)) {
      CHECK(r.percolation.dif_A == Approx(zeo_dif).margin(tol_A));
      ++dif_checked;
    } else {
      // Exempt only where the widest path is not unique; the emulation still ends on one.
      CHECK_FALSE(unique);
      CHECK(r.percolation.dif_A >= range[0] - 1e-12);
      CHECK(r.percolation.dif_A <= range[1] + 1e-12);
    }
    CHECK(r.channels.channels.size() == static_cast<size_t>(std::stoi(row.at("n_channels"))));
    CHECK(dims_of(r.channels) == parse_dims(row.at("channel_dims")));
    ChannelSet lo = find_channels(r.network, std::stod(row.at("probe_lo_A")));
    CHECK(lo.channels.size() == static_cast<size_t>(std::stoi(row.at("n_channels_lo"))));
    CHECK(dims_of(lo) == parse_dims(row.at("channel_dims_lo")));
    ChannelSet hi = find_channels(r.network, std::stod(row.at("probe_hi_A")));
    CHECK(hi.channels.size() == static_cast<size_t>(std::stoi(row.at("n_channels_hi"))));
  }
  CHECK(dif_checked == 44);
  WARN(dif_unique << " of 50 rows have a unique widest path (Dif range within " << tol_A << " A)");
}

TEST_CASE("Dif range of cordierite: Zeo++'s path is the narrowest widest path", "[zeopp]") {
  // Cordierite (Cccm) along c, point atoms: the channel at (1/2, 1/2, z) narrows to Df/2 =
  // 2.5414 A between cavities, and every network edge at that bottleneck joins two nodes of
  // radius 3.4039 A (read off the network: 8 edges, all such). Any widest path crosses one of
  // them, so its included sphere is at least 2 x 3.4039 = 6.8078 A; Zeo++ reports a path with
  // exactly that (6.80780, zeopp_point_atoms.csv), so the lower end of the range is Zeo++'s Dif.
  // The upper end is the cavity of radius 3.4438 A at z = 1/4 the channel passes through (Di).
  ReadResult rr = read_structures(
      test::shared_dir() + "/structures/benchmark/mineral_lib_amcsd/Cordierite_AMS_DATA.cif");
  REQUIRE(rr.errors.empty());
  AnalysisOptions opt;
  opt.mobile_element = "";
  opt.uniform_radius_A = 0.0;
  opt.zeopp_compatible = true;
  Report r = analyze(rr.crystals.at(0), opt);
  const double tol_A = 1e-3;  // Zeo++ prints 5 decimals; the bound
  CHECK(r.percolation.df_A == Approx(5.08278).margin(tol_A));
  CHECK(r.percolation.dif_range_A[0] == Approx(6.80780).margin(tol_A));
  CHECK(r.percolation.dif_range_A[1] == Approx(r.percolation.di_A).margin(1e-12));
  CHECK(r.percolation.di_A == Approx(6.88758).margin(tol_A));
}
