// Bond-valence site energy (softBV): parameters, the field by hand, percolation energies against
// BVlain's published LiFePO4 values, grid convergence and invariance, minimum-energy paths.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <numeric>
#include <set>
#include <sstream>

#include "channelmap/energy.hpp"
#include "channelmap/energy_report.hpp"
#include "channelmap/read.hpp"
#include "channelmap/report.hpp"
#include "test_paths.hpp"
#include "test_structures.hpp"

using namespace channelmap;

namespace {
std::vector<std::vector<std::string>> read_csv(const std::string& path) {
  std::vector<std::vector<std::string>> rows;
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string x;
    while (std::getline(ss, x, ',')) f.push_back(x);
    rows.push_back(f);
  }
  return rows;
}

const char* kLiFePO4 = "/structures/benchmark/pymatgen_test_files/chgden/LiFePO4.cif";

EnergyPercolation percolation_of(const Crystal& c, const std::string& ion, double spacing) {
  OxidationAssignment ox = assign_oxidation_states(c);
  REQUIRE(ox.assigned);
  BvseField f(c, ox.states, ion, default_mobile_charge(ion));
  REQUIRE(f.ok());
  return grid_percolation(energy_grid(f, spacing));
}
}  // namespace

TEST_CASE("softBV table: every usable published row, unusable rows estimated or left out") {
  const std::string csv = test::shared_dir() + "/reference/softbv_parameters.csv";
  std::ifstream probe(csv);
  if (!probe) {
    WARN("no " << csv << "; skipped");
    return;
  }
  int usable = 0;
  std::vector<std::string> unusable;
  for (const auto& f : read_csv(csv)) {
    REQUIRE(f.size() == 8);
    const int cq = std::stoi(f[1]), aq = std::stoi(f[3]);
    const double r0 = std::stod(f[4]), rmin = std::stod(f[5]), alpha = std::stod(f[6]),
                 d0 = std::stod(f[7]);
    auto ours = softbv_param(f[0], cq, f[2], aq);
    // Unusable: a negative softness or a Morse minimum far inside R0 (the same test as
    // tools/reference/make_softbv_table.py; usable rows have Rmin >= R0 - 0.40 A).
    if (alpha <= 0 || rmin < 0.75 * r0) {
      unusable.push_back(f[0] + f[1] + "-" + f[2]);
      if (ours) {
        CHECK(ours->estimated);
        CHECK(ours->alpha_per_A > 0);
        CHECK(ours->rmin_A > ours->r0_A);  // estimates are for low-valent cations
      }
      continue;
    }
    ++usable;
    INFO(f[0] << f[1] << "-" << f[2]);
    REQUIRE(ours);
    CHECK_FALSE(ours->estimated);
    // Published precision: 6-7 significant digits (tolerance 1e-6 relative).
    CHECK(ours->r0_A == Approx(r0).epsilon(1e-6));
    CHECK(ours->rmin_A == Approx(rmin).epsilon(1e-6));
    CHECK(ours->alpha_per_A == Approx(alpha).epsilon(1e-6));
    CHECK(ours->d0_eV == Approx(d0).epsilon(1e-6));
  }
  CHECK(usable == 556);
  CHECK(unusable.size() == 35);
  for (const char* must : {"Mg2-Se", "Mg2-Te", "Mg2-I"})
    CHECK(std::find(unusable.begin(), unusable.end(), must) != unusable.end());
  // The Mg rows a Mg2+ mobile ion needs in selenides, tellurides and iodides are estimated.
  for (const char* an : {"Se", "Te", "I"}) {
    auto p = softbv_param("Mg", 2, an, std::string(an) == "I" ? -1 : -2);
    REQUIRE(p);
    CHECK(p->estimated);
  }
}

TEST_CASE("principal quantum numbers equal the published table") {
  const std::string csv = test::shared_dir() + "/reference/principal_quantum_numbers.csv";
  std::ifstream probe(csv);
  if (!probe) {
    WARN("no " << csv << "; skipped");
    return;
  }
  int n = 0;
  for (const auto& f : read_csv(csv)) {
    INFO(f[0]);
    CHECK(principal_quantum_number(f[0]) == std::stoi(f[1]));
    ++n;
  }
  CHECK(n == 82);
}

TEST_CASE("BVSE at a point with one anion and one cation, by hand") {
  // A 30 A cubic cell: with the 10 A cutoff only the two atoms themselves count.
  Crystal c;
  c.name = "hand";
  c.lattice = Lattice(30, 30, 30, 90, 90, 90);
  Site o, al;
  o.frac = Fractional(0, 0, 0);
  o.species.push_back({"O1", "O", 1.0, -2});
  al.frac = Fractional(0.1, 0, 0);  // 3 A from O along x
  al.species.push_back({"Al1", "Al", 1.0, 3});
  c.sites = {o, al};
  BvseField f(c, {{-2}, {3}}, "Li", 1);
  REQUIRE(f.ok());
  Position x(1.9, 0, 0);  // 1.9 A from O, 1.1 A from Al
  // Hand calculation: Li+-O2- softBV row (Chen, Wong & Adams 2019): D0 0.98816 eV,
  // alpha 1.937984 /A, Rmin 1.940013 A; Morse with BVlain's factor 1/2.
  double xm = std::exp(1.937984 * (1.940013 - 1.9));
  double morse = 0.5 * 0.98816 * ((xm - 1) * (xm - 1) - 1);
  // Coulomb: q = V / sqrt(n): Li 1/sqrt(2), Al 3/sqrt(3); covalent radii (Cordero 2008) Li 1.28,
  // Al 1.21 A; f = 0.74.
  double coul = 14.40 * (1 / std::sqrt(2.0)) * (3 / std::sqrt(3.0)) / 1.1 *
                std::erfc(1.1 / (0.74 * (1.28 + 1.21)));
  Vec3 g;
  // Tolerance 1e-9 eV: the same formula in floating point.
  CHECK(f.exact_energy(x, &g) == Approx(morse + coul).margin(1e-9));
  // The tabulated field (BvseField::energy): within 1e-7 eV of the same sum (docs/energy.md).
  Vec3 gt;
  CHECK(f.energy(x, &gt) == Approx(morse + coul).margin(1e-7));
  CHECK(gt.x == Approx(g.x).margin(1e-5));
  // The gradient against a central difference (step 1e-5 A; tolerance 1e-5 eV/A).
  double h = 1e-5;
  double num =
      (f.exact_energy(Position(1.9 + h, 0, 0)) - f.exact_energy(Position(1.9 - h, 0, 0))) / (2 * h);
  CHECK(g.x == Approx(num).margin(1e-5));
  CHECK(g.y == Approx(0).margin(1e-12));
  // The grid at the same point: (i, j, k) = (19, 0, 0) at 0.1 A spacing (300 points per axis
  // would be slow; a 1.5 A spacing puts no point there, so only the field is checked here).
}

TEST_CASE("energy grid: every point equals the field's exact sum of terms") {
  // energy_grid() tabulates each term as a cubic Hermite spline in R (tol::bvse_table_step_A);
  // BvseField::energy() evaluates exp and erfc directly, an independent evaluation of the same
  // sum. Tolerance 1e-7 eV: 100 times below tol::bvse_negligible_eV, the size of each term the
  // model leaves out (the largest difference measured is printed; docs/energy.md).
  struct Case {
    std::string file, ion;
  };
  const std::vector<Case> cases = {
      {test::shared_dir() + kLiFePO4, "Li"},
      {test::source_dir() + "/structures/MgAl2O4_spinel.cif", "Mg"},
      {test::source_dir() + "/structures/Mg2SiO4_forsterite.cif", "Mg"},
  };
  for (const Case& cs : cases) {
    INFO(cs.file);
    Crystal c = test::read_one(cs.file);
    OxidationAssignment ox = assign_oxidation_states(c);
    REQUIRE(ox.assigned);
    BvseField f(c, ox.states, cs.ion, default_mobile_charge(cs.ion));
    REQUIRE(f.ok());
    EnergyGrid g = energy_grid(f, 0.4);
    double worst = 0, lowest = 1e300;
    for (int idx = 0; idx < static_cast<int>(g.e.size()); ++idx) {
      double exact = f.exact_energy(c.lattice.orthogonalize(g.frac(idx)));
      worst = std::max(worst, std::abs(g.e[idx] - exact));
      lowest = std::min(lowest, exact);
    }
    WARN(cs.ion << " in " << cs.file << ": " << g.e.size() << " points, largest |grid - exact| "
                << worst << " eV");
    CHECK(worst < 1e-7);
    CHECK(g.min() == Approx(lowest).margin(1e-7));
    // The field's own energy() and gradient, tabulated the same way, at points off the grid
    // (a fixed pseudo-random set): energy within 1e-7 eV, gradient within 1e-4 eV/A of the
    // exact ones (the spline's derivative is exact at the knots, its error O(h^3) between).
    double worst_e = 0, worst_g = 0;
    unsigned state = 12345;
    auto uniform = [&] {
      state = state * 1103515245u + 12345u;
      return (state >> 8) / double(1u << 24);
    };
    for (int n = 0; n < 500; ++n) {
      Position x = c.lattice.orthogonalize(Fractional(uniform(), uniform(), uniform()));
      Vec3 ge, gt;
      double ee = f.exact_energy(x, &ge), et = f.energy(x, &gt);
      worst_e = std::max(worst_e, std::abs(ee - et));
      // The terms gathered around a point 0.7 A away (BvseLocal, as the string method uses
      // them): the same terms, summed in another order (tolerance 1e-10 eV: rounding).
      Position centre = x + Position(0.4, -0.4, 0.4);
      BvseLocal local(f, centre, 1.0);
      REQUIRE(local.covers(x));
      CHECK_FALSE(local.covers(centre + Position(1.01, 0, 0)));
      Vec3 gl;
      CHECK(local.energy(x, &gl) == Approx(et).margin(1e-10));
      CHECK(gl.x == Approx(gt.x).margin(1e-9));
      CHECK(gl.z == Approx(gt.z).margin(1e-9));
      worst_g =
          std::max({worst_g, std::abs(ge.x - gt.x), std::abs(ge.y - gt.y), std::abs(ge.z - gt.z)});
    }
    WARN("field at 500 points: largest |tabulated - exact| " << worst_e << " eV, gradient "
                                                             << worst_g << " eV/A");
    CHECK(worst_e < 1e-7);
    CHECK(worst_g < 1e-4);
  }
}

namespace {
// Spinel MgAl2O4's field for Mg (Fd-3m, origin choice 2: the inversion x -> -x is an
// operation; with the Mg removed the field keeps the space group) and its grid of 32 steps per
// axis, which every operation maps onto itself.
struct SpinelGrid {
  Crystal c;
  BvseField f;
  EnergyGrid g;
};
SpinelGrid spinel_grid_32() {
  SpinelGrid s;
  s.c = test::read_one(test::source_dir() + "/structures/MgAl2O4_spinel.cif");
  OxidationAssignment ox = assign_oxidation_states(s.c);
  REQUIRE(ox.assigned);
  s.f = BvseField(s.c, ox.states, "Mg", 2);
  REQUIRE(s.f.ok());
  s.g = energy_grid(s.f, s.c.lattice.vector(0).length() / 32 + 1e-9);
  REQUIRE(s.g.n == std::array<int, 3>{32, 32, 32});
  return s;
}
}  // namespace

TEST_CASE("energy grid: computed once per orbit of the field's symmetry, exact everywhere") {
  // The energies at x and -x of the spinel's symmetric grid are the same number (the one
  // computed for their orbit), and each is within 1e-7 eV of the exact sum at its own point
  // (the test above, here at every point of a finer, symmetric grid).
  const SpinelGrid s = spinel_grid_32();
  const Crystal& c = s.c;
  const BvseField& f = s.f;
  const EnergyGrid& g = s.g;
  int mirrored = 0;
  for (int i = 0; i < 32; ++i)
    for (int j = 0; j < 32; ++j)
      for (int k = 0; k < 32; ++k)
        mirrored +=
            g.e[g.index(i, j, k)] == g.e[g.index((32 - i) % 32, (32 - j) % 32, (32 - k) % 32)];
  CHECK(mirrored == 32 * 32 * 32);
  double worst = 0;
  for (int idx = 0; idx < static_cast<int>(g.e.size()); idx += 7)
    worst =
        std::max(worst, std::abs(g.e[idx] - f.exact_energy(c.lattice.orthogonalize(g.frac(idx)))));
  CHECK(worst < 1e-7);
}

TEST_CASE("energy grid: points in increasing energy, equal energies by index") {
  // EnergyGrid::order (a radix sort of the energies since issue #10) against std::stable_sort of
  // the indices by energy, which is that order by definition. The spinel grid has 32768 points
  // and every energy at least twice (the symmetry above), so the ties are tested too.
  const EnergyGrid g = spinel_grid_32().g;
  std::vector<int> expected(g.e.size());
  std::iota(expected.begin(), expected.end(), 0);
  std::stable_sort(expected.begin(), expected.end(), [&](int a, int b) { return g.e[a] < g.e[b]; });
  CHECK(g.order == expected);
  // Negative and positive energies both occur (the minima are below the reference).
  CHECK(g.e[g.order.front()] < 0);
  CHECK(g.e[g.order.back()] > 0);
}

TEST_CASE("LiFePO4: percolation energies agree with BVlain's published values") {
  // BVlain README (github dembart/BVlain): Li1+, r_cut 10 A, resolution 0.2 A:
  // E_1D 0.4395, E_2D 3.3301, E_3D 3.3594 eV. Tolerance 0.05 eV (grid discretisation and
  // BVlain's bisection to 0.01 eV; docs/energy.md).
  Crystal c = test::read_one(test::shared_dir() + kLiFePO4);
  EnergyPercolation p = percolation_of(c, "Li", 0.2);
  CHECK(p.e_kd_eV[0] == Approx(0.4395).margin(0.05));
  CHECK(p.e_kd_eV[1] == Approx(3.3301).margin(0.05));
  CHECK(p.e_kd_eV[2] == Approx(3.3594).margin(0.05));
  // The 1D channel runs along b (the known [010] Li channel of olivine LiFePO4).
  REQUIRE(p.directions[0].size() == 1);
  Offset d = p.directions[0][0];
  CHECK(d[0] == 0);
  CHECK(std::abs(d[1]) == 1);
  CHECK(d[2] == 0);
}

TEST_CASE("LiFePO4: E_kD converge with grid spacing and are invariant to origin and supercell") {
  Crystal c = test::read_one(test::shared_dir() + kLiFePO4);
  EnergyPercolation p20 = percolation_of(c, "Li", 0.2);
  EnergyPercolation p15 = percolation_of(c, "Li", 0.15);
  // 0.2 vs 0.15 A: measured differences <= 0.035 eV (docs/energy.md); tolerance 0.05 eV.
  for (int k = 0; k < 3; ++k) CHECK(p15.e_kd_eV[k] == Approx(p20.e_kd_eV[k]).margin(0.05));
  // Origin shift: the grid samples other points; tolerance as for the spacing change.
  Crystal shifted = c;
  for (Site& s : shifted.sites) s.frac = wrap(s.frac + Fractional(0.31, 0.17, 0.07));
  EnergyPercolation ps = percolation_of(shifted, "Li", 0.2);
  for (int k = 0; k < 3; ++k) CHECK(ps.e_kd_eV[k] == Approx(p20.e_kd_eV[k]).margin(0.05));
  // 2x1x1 supercell: at a spacing of a / 52 (0.2 A here) both cells have the same grid points
  // (52 and 104 along a), so the energies agree to rounding (tolerance 1e-6 eV).
  const double s = c.lattice.a() / 52;
  EnergyPercolation pa = percolation_of(c, "Li", s);
  Crystal super = c;
  super.lattice = Lattice(2 * c.lattice.a(), c.lattice.b(), c.lattice.c(), c.lattice.alpha(),
                          c.lattice.beta(), c.lattice.gamma());
  super.sites.clear();
  for (int n = 0; n < 2; ++n)
    for (Site st : c.sites) {
      st.frac.x = (st.frac.x + n) / 2;
      super.sites.push_back(st);
    }
  EnergyPercolation pss = percolation_of(super, "Li", s);
  for (int k = 0; k < 3; ++k) CHECK(pss.e_kd_eV[k] == Approx(pa.e_kd_eV[k]).margin(1e-6));
}

TEST_CASE("spinel MgAl2O4: the Mg tet -> oct -> tet path crosses 16c with a positive barrier") {
  Crystal c = test::read_one(test::source_dir() + "/structures/MgAl2O4_spinel.cif");
  PathRequest rq;
  rq.from = Fractional(0.125, 0.125, 0.125);  // 8a
  rq.to = Fractional(0.875, 0.375, 0.375);    // neighbouring 8a; nearest image (-1/8, 3/8, 3/8)
  PathAnalysis a = analyze_path(c, rq);
  REQUIRE(a.ok);
  CHECK(a.mobile == "Mg");
  CHECK(a.mobile_charge == 2);
  const EnergyPath& p = a.path;
  CHECK(p.offset == Offset{-1, 0, 0});
  // Hop distance a sqrt(3) / 4 (hand calculation; tolerance 1e-6 A).
  CHECK(p.hop_distance_A == Approx(8.0806 * std::sqrt(3.0) / 4).margin(1e-6));
  CHECK(p.barrier_eV > 0.1);
  // Both ends are 8a sites: equal energies (symmetry; tolerance 1e-6 eV).
  CHECK(p.e_end_eV == Approx(p.e_start_eV).margin(1e-6));
  // The path passes the empty 16c octahedron at (0, 1/4, 1/4) (within 0.3 A, the grid spacing
  // plus the string's spacing), with the anion coordination going 4 -> 3 -> 6 -> 3 -> 4.
  const Position oct = c.lattice.orthogonalize(Fractional(0, 0.25, 0.25));
  double closest = 1e9;
  for (const auto& pt : p.points) closest = std::min(closest, distance(pt.cart, oct));
  CHECK(closest < 0.3);
  CHECK(p.points.front().cn == 4);
  CHECK(p.points.back().cn == 4);
  int cn_max = 0, cn_min = 99;
  for (const auto& pt : p.points)
    cn_max = std::max(cn_max, pt.cn), cn_min = std::min(cn_min, pt.cn);
  CHECK(cn_max == 6);
  CHECK(cn_min == 3);
  // The saddle is in the triangular O3 window, not at 16c: 16c is a local minimum of the path.
  CHECK(distance(p.saddle_cart, oct) > 0.5);
}

TEST_CASE("Report: energy block on spinel (site energies, minima, hop barriers)") {
  Crystal c = test::read_one(test::source_dir() + "/structures/MgAl2O4_spinel.cif");
  AnalysisOptions opt;
  opt.energy = true;
  Report r = analyze(c, opt);
  REQUIRE(r.energy.computed);
  CHECK(r.energy.reason.empty());
  REQUIRE(r.energy.site_energy_eV.size() == r.mobile.sites.size());
  REQUIRE(r.energy.hop_barrier_eV.size() == r.mobile.hops.size());
  for (double b : r.energy.hop_barrier_eV) CHECK(b > 0.1);
  // Every 8a site has the same energy (symmetry; tolerance 1e-6 eV).
  for (double e : r.energy.site_energy_eV)
    CHECK(e == Approx(r.energy.site_energy_eV[0]).margin(1e-6));
  // Mg is 3D-mobile in spinel through 8a-16c-8a: E_1D = E_2D = E_3D.
  CHECK(std::isfinite(r.energy.percolation.e_kd_eV[2]));
  CHECK(r.energy.percolation.e_kd_eV[0] == Approx(r.energy.percolation.e_kd_eV[2]).margin(1e-9));
  // Minima include the 8a sites and the 16c interstitials.
  bool site = false, interstitial = false;
  for (const GridMinimum& m : r.energy.minima) {
    site |= m.mobile_site >= 0;
    interstitial |= m.mobile_site < 0;
  }
  CHECK(site);
  CHECK(interstitial);
  // Off by default, with the reason.
  Report off = analyze(c, AnalysisOptions{});
  CHECK_FALSE(off.energy.computed);
  CHECK(off.energy.reason == "not requested");
}

TEST_CASE("no energy without oxidation states or parameters: the reason says why") {
  Crystal c;
  c.name = "reasons";
  c.lattice = Lattice(6, 6, 6, 90, 90, 90);
  Site li, o, xe;
  li.frac = Fractional(0, 0, 0);
  li.species.push_back({"Li1", "Li", 1.0, std::nullopt});
  o.frac = Fractional(0.5, 0.5, 0.5);
  o.species.push_back({"O1", "O", 1.0, std::nullopt});
  xe.frac = Fractional(0.5, 0, 0);
  xe.species.push_back({"Xe1", "Xe", 1.0, std::nullopt});
  c.sites = {li, o};
  // Li O is not charge neutral with Li+ and O2-: the assignment fails and analyze says so.
  AnalysisOptions opt;
  opt.mobile_element = "Li";
  opt.energy = true;
  Report r = analyze(c, opt);
  CHECK_FALSE(r.energy.computed);
  CHECK(r.energy.reason.rfind("oxidation states not assigned", 0) == 0);
  // A state of 0 (unknown) for a framework atom.
  BvseField unknown(c, {{1}, {0}}, "Li", 1);
  CHECK_FALSE(unknown.ok());
  CHECK(unknown.reason().find("oxidation state unknown for O") != std::string::npos);
  // A pair softBV has no row for.
  c.sites = {li, o, xe};
  BvseField missing(c, {{1}, {-2}, {-1}}, "Li", 1);
  CHECK_FALSE(missing.ok());
  CHECK(missing.reason() == "no softBV parameters for Li1+-Xe1-");
}

TEST_CASE("several paths on one grid: the same paths as one search each") {
  // minimum_energy_paths does the grid's minimax search once for all its paths; each path must
  // come out as minimum_energy_path computes it alone. Forsterite has several distinct Mg hops
  // (M1-M1, M1-M2, M2-M2) of different saddle energies, so the joint search answers them at
  // different points of its sweep. Both ends of one hop are also asked twice, in both orders.
  Report r = test::analyze_file(test::source_dir() + "/structures/Mg2SiO4_forsterite.cif");
  BvseField field(r.crystal, r.states, "Mg", 2, energy_removed_positions(r));
  REQUIRE(field.ok());
  EnergyGrid grid = energy_grid(field, 0.3);
  std::vector<EnergyPathRequest> rq;
  std::set<int> groups;
  for (const Hop& h : r.mobile.hops) {
    if (!groups.insert(h.group).second) continue;
    EnergyPathOptions po;
    po.offset = h.offset;
    rq.push_back({r.mobile.sites[h.from].frac, r.mobile.end_site(h).frac, po});
  }
  REQUIRE(rq.size() >= 3);
  rq.push_back(rq.front());
  std::swap(rq.back().from, rq.back().to);
  rq.back().options.offset.reset();
  const std::vector<EnergyPath> joint = minimum_energy_paths(field, grid, rq);
  REQUIRE(joint.size() == rq.size());
  std::set<double> saddles;
  for (size_t i = 0; i < rq.size(); ++i) {
    INFO("path " << i);
    const EnergyPath one = minimum_energy_path(field, grid, rq[i].from, rq[i].to, rq[i].options);
    REQUIRE(one.found);
    REQUIRE(joint[i].found == one.found);
    CHECK(joint[i].offset == one.offset);
    CHECK(joint[i].grid_saddle_eV == one.grid_saddle_eV);  // exact: the same grid point
    CHECK(joint[i].barrier_eV == one.barrier_eV);
    CHECK(joint[i].length_A == one.length_A);
    CHECK(joint[i].points.size() == one.points.size());
    saddles.insert(one.grid_saddle_eV);
  }
  CHECK(saddles.size() >= 2);  // the paths end the sweep at different points
}
