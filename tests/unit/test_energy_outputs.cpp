// Energy outputs: the .grd and .cube grid files, the registry's energy descriptors, the JSON
// `energy` object, the hop table's energy columns and the energy panel of the figure.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>

#include "channelmap/descriptor_registry.hpp"
#include "channelmap/export_energy.hpp"
#include "channelmap/plot.hpp"
#include "channelmap/read.hpp"
#include "channelmap/report.hpp"
#include "channelmap/stage_times.hpp"
#include "channelmap/table.hpp"
#include "channelmap/write.hpp"
#include "test_paths.hpp"
#include "test_structures.hpp"

using namespace channelmap;

namespace {
// A 2 x 3 x 4 grid whose value at (i, j, k) is 100 i + 10 j + k + 0.5, except the minimum
// -1.25 at (1, 2, 3): every point distinguishable, so the order of the values is checked.
EnergyGrid tiny_grid() {
  EnergyGrid g;
  g.n = {2, 3, 4};
  g.e.resize(24);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 4; ++k) g.e[g.index(i, j, k)] = 100 * i + 10 * j + k + 0.5;
  g.e[g.index(1, 2, 3)] = -1.25;
  return g;
}

std::vector<double> numbers(std::istream& is) {
  std::vector<double> v;
  double x;
  while (is >> x) v.push_back(x);
  return v;
}

Report analyze_structure(const std::string& name, bool energy) {
  return test::analyze_file(test::source_dir() + "/structures/" + name, "Mg", energy);
}

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}
}  // namespace

TEST_CASE("VESTA .grd: header, n0*n1*n2 values, a index fastest, relative to the minimum") {
  const EnergyGrid g = tiny_grid();
  const Lattice L(3, 4, 5, 90, 100, 120);
  std::ostringstream os;
  write_energy_grd(os, g, L, "tiny");
  std::istringstream is(os.str());
  std::string title;
  std::getline(is, title);
  CHECK(title == "tiny");
  double par[6];
  for (double& p : par) is >> p;
  // Written with 8 significant digits: the cell parameters given above to 1e-6.
  CHECK(par[0] == Approx(3).margin(1e-6));
  CHECK(par[2] == Approx(5).margin(1e-6));
  CHECK(par[4] == Approx(100).margin(1e-6));
  CHECK(par[5] == Approx(120).margin(1e-6));
  int n[3];
  is >> n[0] >> n[1] >> n[2];
  CHECK((n[0] == 2 && n[1] == 3 && n[2] == 4));
  std::vector<double> v = numbers(is);
  REQUIRE(v.size() == 24u);
  // Value number i + n0 (j + n1 k) is point (i, j, k), minus the minimum -1.25; written with 6
  // significant digits, so within 1e-3 of values up to 125.
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 4; ++k)
        CHECK(v[i + 2 * (j + 3 * k)] == Approx(g.e[g.index(i, j, k)] + 1.25).margin(1e-3));
  // The minimum is 0 at its place: (1, 2, 3) -> 1 + 2 (2 + 3 * 3) = 23, the last value.
  CHECK(v[23] == 0.0);
  CHECK(v[0] == Approx(1.75).margin(1e-9));  // (0, 0, 0): 0.5 + 1.25, exact in 6 digits
}

TEST_CASE("Gaussian cube: atoms and voxel vectors in Bohr, c index fastest") {
  const EnergyGrid g = tiny_grid();
  Crystal c;
  c.lattice = Lattice(3, 4, 5, 90, 90, 90);
  Site s;
  s.frac = Fractional(0.5, 0.25, 0.5);
  Species sp;
  sp.element = "Mg";
  sp.label = "Mg1";
  s.species.push_back(sp);
  c.sites.push_back(s);
  std::ostringstream os;
  write_energy_cube(os, g, c, "tiny");
  std::istringstream is(os.str());
  std::string l1, l2;
  std::getline(is, l1);
  std::getline(is, l2);
  CHECK(l1 == "tiny");
  int natoms, nv;
  double o[3], v[3];
  is >> natoms >> o[0] >> o[1] >> o[2];
  CHECK(natoms == 1);
  // Voxel vectors: cell vector / n in Bohr (CODATA Bohr radius, tol::bohr_A); printed with 6
  // decimals, so within 1e-5.
  const double bohr = 0.529177210903;
  const double along[3] = {3, 4, 5};
  for (int i = 0; i < 3; ++i) {
    is >> nv >> v[0] >> v[1] >> v[2];
    CHECK(nv == g.n[i]);
    CHECK(v[i] == Approx(along[i] / g.n[i] / bohr).margin(1e-5));
  }
  int z;
  double q, x, y, zz;
  is >> z >> q >> x >> y >> zz;
  CHECK(z == 12);  // magnesium
  CHECK(x == Approx(1.5 / bohr).margin(1e-5));
  CHECK(y == Approx(1.0 / bohr).margin(1e-5));
  CHECK(zz == Approx(2.5 / bohr).margin(1e-5));
  std::vector<double> vals = numbers(is);
  REQUIRE(vals.size() == 24u);
  // Value number (i n1 + j) n2 + k is point (i, j, k); 6 significant digits (1e-3 here).
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 4; ++k)
        CHECK(vals[(i * 3 + j) * 4 + k] == Approx(g.e[g.index(i, j, k)] + 1.25).margin(1e-3));
  CHECK(vals[g.index(1, 2, 3)] == 0.0);
}

TEST_CASE("grid file names: .grd or .cube") {
  CHECK_NOTHROW(check_energy_file_name("x.grd"));
  CHECK_NOTHROW(check_energy_file_name("dir/x.cube"));
  CHECK_THROWS_AS(check_energy_file_name("x.vasp"), Error);
}

TEST_CASE("energy outputs of spinel MgAl2O4: registry, hop columns, JSON, rebuilt grid") {
  const Report r = analyze_structure("MgAl2O4_spinel.cif", true);
  REQUIRE(r.energy.computed);
  const EnergyPercolation& p = r.energy.percolation;
  // The registry reads the EnergyReport (exactly: no arithmetic but a subtraction).
  CHECK(descriptor_value(r, "e_1d_eV") == p.e_kd_eV[0]);
  CHECK(descriptor_value(r, "e_3d_eV") == p.e_kd_eV[2]);
  // Spinel's Mg sites are one orbit: the lowest site energy is any site's.
  CHECK(descriptor_value(r, "mobile_site_energy_eV") ==
        Approx(r.energy.site_energy_eV[0] - p.grid_min_eV).margin(1e-12));
  // One distinct hop (8a -> 16c -> 8a): the lowest barrier is hop 0's.
  CHECK(descriptor_value(r, "best_hop_bvse_barrier_eV") == r.energy.hop_barrier_eV[0]);
  int interstitial = 0;
  for (const GridMinimum& m : r.energy.minima) interstitial += m.mobile_site < 0;
  CHECK(descriptor_value(r, "n_interstitial_minima") == interstitial);
  // A barrier that percolates needs E_1D at most the hop barrier plus the site's height above
  // the minimum; both are positive for spinel (checked against the inspect output: 0.69 eV).
  CHECK(p.e_kd_eV[0] > 0);
  CHECK(r.energy.hop_barrier_eV[0] > 0);

  // Hop table: the energy columns hold the EnergyReport's values (3 decimals).
  const auto& cols = hop_columns();
  auto cell = [&](const char* name) {
    for (const auto& c : cols)
      if (std::string(c.name) == name) return c.get(HopRow{r, 0});
    FAIL("no column " << name);
    return std::string();
  };
  CHECK(std::stod(cell("bvse_barrier_eV")) ==
        Approx(r.energy.hop_barrier_eV[0]).margin(5e-4));  // printed with 3 decimals
  CHECK(std::stod(cell("bvse_saddle_eV")) ==
        Approx(r.energy.hop_saddle_eV[0] - p.grid_min_eV).margin(5e-4));

  // JSON: the energy object and the per-hop fields.
  nlohmann::json j = nlohmann::json::parse(report_json(r, -1));
  CHECK(j["energy"]["computed"] == true);
  CHECK(j["energy"]["grid_n"][0] == r.energy.grid_n[0]);
  CHECK(j["energy"]["e_kd_eV"][0].get<double>() == Approx(p.e_kd_eV[0]).margin(1e-12));
  CHECK(j["energy"]["site_energy_eV"].size() == r.mobile.sites.size());
  CHECK(j["energy"]["minima"].size() == r.energy.minima.size());
  CHECK(j["energy"]["directions"].size() == 3u);
  CHECK(j["hops"][0]["bvse_barrier_eV"].get<double>() ==
        Approx(r.energy.hop_barrier_eV[0]).margin(1e-12));
  CHECK(j["hops"][0]["descriptors"].contains("bvse_barrier_eV"));
  CHECK(j["descriptors"]["e_1d_eV"].get<double>() == Approx(p.e_kd_eV[0]).margin(1e-12));

  // The rebuilt landscape is the grid compute_energy used: same size, same minimum (exactly:
  // the same deterministic computation).
  EnergyLandscape land = report_energy_landscape(r);
  REQUIRE(land.ok);
  CHECK(land.grid.n == r.energy.grid_n);
  CHECK(land.grid.min() == p.grid_min_eV);
  // The hop path recomputed for the figure has the barrier the Report has.
  EnergyPath path = report_hop_energy_path(r, land, 0);
  REQUIRE(path.found);
  CHECK(path.barrier_eV == Approx(r.energy.hop_barrier_eV[0]).margin(1e-9));

  // The figure grows a third panel (1100 x 920 points) with the energy profile.
  const std::string svg = "test_energy_outputs_spinel.svg";
  write_plot(r, svg, {});
  std::string text = slurp(svg);
  std::remove(svg.c_str());
  CHECK(text.find("height=\"920") != std::string::npos);
}

TEST_CASE("energy not computed: empty energy cells, the reason in energy_note") {
  const Report r = analyze_structure("MgO_periclase.cif", false);
  CHECK_FALSE(r.energy.computed);
  for (const char* name : {"e_1d_eV", "e_2d_eV", "e_3d_eV", "mobile_site_energy_eV",
                           "best_hop_bvse_barrier_eV", "n_interstitial_minima"})
    CHECK(std::isnan(descriptor_value(r, name)));
  bool found = false;
  for (const auto& c : descriptor_columns())
    if (std::string(c.name) == "energy_note") {
      found = true;
      CHECK(c.get(r) == "not requested");
    }
  CHECK(found);
  nlohmann::json j = nlohmann::json::parse(report_json(r, -1));
  CHECK(j["energy"]["computed"] == false);
  CHECK(j["energy"]["e_kd_eV"][0].is_null());
  CHECK_FALSE(report_energy_landscape(r).ok);
}

TEST_CASE("stage_times: each stage once, in order, and the report unchanged") {
  // Only the names are checked, never the seconds: timings are the benchmark's business.
  Crystal c = test::read_one(test::source_dir() + "/structures/MgAl2O4_spinel.cif");
  AnalysisOptions opt;
  opt.energy = true;
  const std::string plain = report_json(analyze(c, opt), opt);
  StageTimes times;
  AnalysisOptions timed = opt;
  timed.stage_times = &times;
  CHECK(report_json(analyze(c, timed), opt) == plain);
  std::vector<std::string> names;
  for (const auto& [stage, s] : times.seconds) {
    names.push_back(stage);
    CHECK(s >= 0);
  }
  CHECK(names == std::vector<std::string>{"symmetry", "oxidation", "site_environments", "radii_bvs",
                                          "framework", "network", "channels", "paths",
                                          "environments", "energy"});
}
