// channelmap's void network against an independent brute-force reference (DESIGN.md section 4,
// last point): the clearance sampled on a grid of step <= 0.05 A and percolation on that grid
// (tests/grid_oracle.hpp). Compared: Di, Rf_1D/2D/3D, and the largest channel dimensionality at
// probe radii away from the thresholds.
//
// Three radius models per structure:
//  * point atoms (uniform radius 0): the power diagram is the Voronoi diagram, whose vertices and
//    edges carry the exact maxima and maximin paths of the clearance, so channelmap is exact and
//    must agree with the grid within the grid's own bound (two-sided);
//  * uniform radius 1.0 A: the power diagram is still the Voronoi diagram (equal weights), and
//    the clearance is the point-atom clearance minus 1 exactly (min_i fl(d_i - 1) =
//    fl(min_i d_i - 1), rounding is monotone), so the grid reference is the point-atom grid
//    shifted by -1; this exercises channelmap's weighted code path with exact expectations;
//  * Shannon radii with Mg removed (the default analysis): the power diagram is not the
//    maximal-clearance skeleton, but every channelmap path is a real path whose clearance is
//    computed exactly, so channelmap is a lower bound: Di/2 and Rf <= exact <= grid + bound.
//    Only that side is asserted; the gaps are printed.
//
// Tolerances (see grid_oracle.hpp for the proofs), per structure from the actual grid steps:
//  * bound = D/2, half the longest body diagonal of one grid cell (about 0.043 A for an
//    orthogonal cell with 0.05 A steps, more for oblique cells): how far the exact value can lie
//    above the grid value, for Di/2 and every Rf;
//  * h/2, half the longest grid step (<= 0.025 A): how far the grid Rf can lie above the exact
//    one (Di/2 on the grid can never exceed the exact maximum: grid points are points);
//  * kRoundoff_A: the same clearance reached by two floating-point routes. channelmap snaps atom
//    positions to multiples of 2^-24 A (6e-8 A) before triangulating and solves circumcentres
//    in double, so a node lies up to ~5e-8 A off the exact vertex (measured on NPO, SOD, BCT,
//    rutile, where a grid point sits exactly on the vertex) and its radius can be that much
//    below the grid's. 1e-6 A covers this and is four orders of magnitude below the grid bound.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "channelmap/channels.hpp"
#include "channelmap/read.hpp"
#include "channelmap/report.hpp"
#include "grid_oracle.hpp"
#include "test_paths.hpp"

using namespace channelmap;
namespace oracle = channelmap::test::oracle;

namespace {

// The same clearance value computed by two floating-point routes (A); see the file comment.
constexpr double kRoundoff_A = 1e-6;
// A probe must stay this far (A) beyond the grid bound from every grid threshold, so that the
// exact dimensionality at the probe is known from the grid alone.
constexpr double kProbeMargin_A = 0.01;

struct Entry {
  const char* path;    // under $CHANNELMAP_SHARED/structures
  const char* system;  // crystal system (and setting of the cell in the file)
};

// Chosen by scanning the corpus (gemmi: cell volume, atoms in the cell) for small cells
// (V <= ~850 A^3, at most ~11 M grid points) with fully ordered sites.
// Grid points = prod(ceil(edge / 0.05)).
const std::vector<Entry> kStructures = {
    // Dense inorganic.
    {"mg_reference/MgO_rocksalt_periclase_AMCSD.cif", "cubic"},
    {"benchmark/pymatgen_test_files/surface_tests/icsd_batio3.cif", "cubic"},
    {"mg_reference/Mg2SiO4_spinel_ringwoodite_AMCSD.cif", "cubic"},
    {"mg_reference/MgV2O4_pymatgen_MgVO_batt_P1.cif", "cubic spinel, rhombohedral primitive cell"},
    {"benchmark/pymatgen_test_files/bcc_1927.cif", "cubic I, primitive cell (109.47 deg)"},
    {"benchmark/mineral_lib_amcsd/Stishovite.cif", "tetragonal"},
    {"benchmark/mineral_lib_amcsd/Rutile_AMS_DATA.cif", "tetragonal"},
    {"mg_reference/MgOH2_brucite_AMCSD.cif", "trigonal (hexagonal axes)"},
    {"mg_reference/MgNiF6_pymatgen_test.cif", "trigonal (rhombohedral axes)"},
    {"benchmark/raspa2/minerals/cif/alpha-quartz.cif", "trigonal"},
    {"mg_reference/MgSiO3_ilmenite_akimotoite_AMCSD.cif", "trigonal (hexagonal axes)"},
    {"mg_reference/MgCO3_magnesite_AMCSD.cif", "trigonal (hexagonal axes)"},
    {"benchmark/pymatgen_test_files/chgden/LiCoO2.cif", "trigonal (hexagonal axes)"},
    {"mg_barrier_set/MgNiO2_166.cif", "trigonal (hexagonal axes)"},
    {"benchmark/mineral_lib_amcsd/Quartz-beta_AMS_DATA.cif", "hexagonal"},
    {"benchmark/pymatgen_test_files/surface_tests/ZnO-wz.cif", "hexagonal"},
    {"benchmark/pymatgen_test_files/Graphite.cif", "hexagonal"},
    {"mg_barrier_set/Mg2Mo3O8_186.cif", "hexagonal"},
    {"mg_reference/Mg2SiO4_olivine_forsterite_AMCSD.cif", "orthorhombic"},
    {"mg_reference/MgSiO3_perovskite_bridgmanite.cif", "orthorhombic"},
    {"benchmark/cavd/examples_Li2CO3-LDA.cif", "monoclinic"},
    {"benchmark/mineral_lib_amcsd/Kyanite_AMS_DATA.cif", "triclinic"},
    {"benchmark/mineral_lib_amcsd/Albite_AMS_DATA.cif", "triclinic (C-1)"},
    {"benchmark/pymatgen_test_files/orci_1010.cif", "orthorhombic I, primitive (triclinic) cell"},
    // Zeolites.
    {"benchmark/iraspa_cocoa/CIF_Files/Zeolites/E/EDI.cif", "tetragonal"},
    {"benchmark/iraspa_cocoa/CIF_Files/Zeolites/B/BCT.cif", "tetragonal"},
    {"benchmark/iraspa_cocoa/CIF_Files/Zeolites/D/DFT.cif", "tetragonal"},
    {"benchmark/iraspa_cocoa/CIF_Files/Zeolites/J/JBW.cif", "orthorhombic"},
    {"benchmark/iraspa_cocoa/CIF_Files/Zeolites/A/ABW.cif", "orthorhombic"},
    {"benchmark/iraspa_cocoa/CIF_Files/Zeolites/N/NPO.cif", "hexagonal"},
    {"benchmark/iraspa_cocoa/CIF_Files/Zeolites/S/SBN.cif", "hexagonal"},
    {"benchmark/iraspa_cocoa/CIF_Files/Zeolites/C/CAN.cif", "hexagonal"},
    {"benchmark/raspa2/zeolites/cif/SOD.cif", "cubic"},
    {"benchmark/raspa2/zeolites/cif/CHA_SI.cif", "trigonal (rhombohedral axes)"},
    {"benchmark/iraspa_cocoa/CIF_Files/Zeolites/P/PTY.cif", "triclinic"},
    {"benchmark/iraspa_cocoa/SpglibTestData/zeolites/LAU-primitive.cif",
     "monoclinic C, primitive (triclinic) cell"},
    // MOFs.
    {"benchmark/iraspa_cocoa/SpglibTestData/mofs/MIL-53(Cr)lt-primitive.cif",
     "monoclinic C, primitive (triclinic) cell, gamma 43.5 deg"},
    {"benchmark/iraspa_cocoa/SpglibTestData/mofs/MIL-53(Cr)ht-primitive.cif",
     "orthorhombic I, primitive (triclinic) cell, beta 144 deg"},
    // V2O3: the largest void is the vertex at (0,0,0), 2.090745 A from six O atoms; vertices
    // 0.0175 A away have 2.081029 A. Zeo++'s 0.02 A merge keeping the smaller radius (once the
    // default here) reported Di 4.16206 A instead of 4.18149 A; the default merge is 0.001 A.
    {"benchmark/pymatgen_test_files/V2O3.cif", "trigonal (rhombohedral axes)"},
};

// Largest |channelmap - grid| seen per quantity, and the largest Shannon gap (grid - channelmap).
struct Stats {
  double di = 0, rf[3] = {0, 0, 0};          // exact models, A (Di as a diameter)
  double gap_di = 0, gap_rf[3] = {0, 0, 0};  // Shannon: largest grid - channelmap, A
  double seconds = 0;
  int structures = 0;
};
Stats g_stats;

int largest_dimensionality(const VoidNetwork& net, double probe_A) {
  int d = 0;
  for (const Channel& ch : find_channels(net, probe_A).channels) {
    d = std::max(d, ch.dimensionality);
  }
  return d;
}

// The grid reference with every clearance shifted by `shift` (exact; see the file comment).
oracle::GridResult shifted(oracle::GridResult g, double shift) {
  g.max_clearance_A += shift;
  for (double& rf : g.rf_A) {
    rf += shift;
  }
  return g;
}

// Exact models: two-sided agreement within the grid bound, and dimensionalities at probes.
void compare_exact(const Report& r, const oracle::GridResult& g, const char* model) {
  INFO("radius model: " << model << ", grid " << g.n[0] << "x" << g.n[1] << "x" << g.n[2]
                        << ", bound " << g.bound_A << " A, h/2 " << g.max_step_A / 2 << " A");
  const Percolation& p = r.percolation;
  // Di/2: grid max <= exact max <= grid max + bound.
  double di_gap = p.di_A / 2 - g.max_clearance_A;
  INFO("Di channelmap " << p.di_A << " grid " << 2 * g.max_clearance_A);
  CHECK(di_gap >= -kRoundoff_A);
  CHECK(di_gap <= g.bound_A + kRoundoff_A);
  g_stats.di = std::max(g_stats.di, 2 * std::abs(di_gap));
  for (int k = 0; k < 3; ++k) {
    // Rf: exact - h/2 <= grid <= exact + bound.
    double d = p.rf_A[k] - g.rf_A[k];
    INFO("Rf_" << k + 1 << "D channelmap " << p.rf_A[k] << " grid " << g.rf_A[k]);
    CHECK(d >= -g.max_step_A / 2 - kRoundoff_A);
    CHECK(d <= g.bound_A + kRoundoff_A);
    if (std::isfinite(d)) {
      g_stats.rf[k] = std::max(g_stats.rf[k], std::abs(d));
    }
  }
  // Probes midway between consecutive grid thresholds (and one below Rf_3D), kept only when
  // they lie more than bound + margin from both: there the exact dimensionality is the grid's.
  std::vector<double> levels = {g.max_clearance_A, g.rf_A[0], g.rf_A[1], g.rf_A[2]};
  std::vector<double> probes;
  for (size_t i = 0; i + 1 < levels.size(); ++i) {
    if ((levels[i] - levels[i + 1]) / 2 > g.bound_A + kProbeMargin_A) {
      probes.push_back((levels[i] + levels[i + 1]) / 2);
    }
  }
  probes.push_back(g.rf_A[2] - g.bound_A - 0.1);
  for (double probe : probes) {
    INFO("probe " << probe << " A");
    CHECK(largest_dimensionality(r.network, probe) == g.dimensionality_at(probe));
  }
}

// Shannon radii: channelmap is a lower bound of the exact values (one-sided).
void compare_lower_bound(const Report& r, const oracle::GridResult& g, double gaps[4]) {
  INFO("radius model: Shannon, Mg removed; bound " << g.bound_A << " A");
  const Percolation& p = r.percolation;
  INFO("Di channelmap " << p.di_A << " grid " << 2 * g.max_clearance_A);
  CHECK(p.di_A / 2 <= g.max_clearance_A + g.bound_A + kRoundoff_A);
  gaps[0] = 2 * (g.max_clearance_A - p.di_A / 2);
  g_stats.gap_di = std::max(g_stats.gap_di, gaps[0]);
  for (int k = 0; k < 3; ++k) {
    INFO("Rf_" << k + 1 << "D channelmap " << p.rf_A[k] << " grid " << g.rf_A[k]);
    CHECK(p.rf_A[k] <= g.rf_A[k] + g.bound_A + kRoundoff_A);
    gaps[k + 1] = g.rf_A[k] - p.rf_A[k];
    if (std::isfinite(gaps[k + 1])) {
      g_stats.gap_rf[k] = std::max(g_stats.gap_rf[k], gaps[k + 1]);
    }
  }
  // A channel channelmap finds at a probe exists, so its dimensionality cannot exceed the
  // grid's at probe - bound.
  for (double probe : {g.rf_A[0], g.rf_A[1], g.rf_A[2], 0.72 /* Mg2+ (Shannon CN 6) */}) {
    INFO("probe " << probe << " A");
    CHECK(largest_dimensionality(r.network, probe) <= g.dimensionality_at(probe - g.bound_A));
  }
}

void run_structure(const Entry& e) {
  const std::string path = test::shared_dir() + "/structures/" + e.path;
  INFO(e.path << " (" << e.system << ")");
  auto t0 = std::chrono::steady_clock::now();
  ReadResult rr = read_structures(path);
  REQUIRE(rr.errors.empty());
  REQUIRE(!rr.crystals.empty());
  const Crystal& c = rr.crystals.front();

  AnalysisOptions point;
  point.mobile_element = "";
  point.uniform_radius_A = 0.0;
  Report r0 = analyze(c, point);
  oracle::GridResult g0 = oracle::grid_percolation(r0.framework);
  compare_exact(r0, g0, "point atoms");

  AnalysisOptions unit = point;
  unit.uniform_radius_A = 1.0;
  Report r1 = analyze(c, unit);
  compare_exact(r1, shifted(g0, -1.0), "uniform 1.0 A");

  Report r2 = analyze(c, AnalysisOptions{});
  oracle::GridResult g2 = oracle::grid_percolation(r2.framework);
  double gaps[4];
  compare_lower_bound(r2, g2, gaps);

  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  g_stats.seconds += s;
  ++g_stats.structures;
  std::printf(
      "%-70s %3zu atoms grid %dx%dx%d bound %.3f | point Di %.3f/%.3f Rf %.3f/%.3f %.3f/%.3f "
      "%.3f/%.3f | Shannon gaps Di %.3f Rf %.3f %.3f %.3f | %.1f s\n",
      e.path, r0.framework.spheres.size(), g0.n[0], g0.n[1], g0.n[2], g0.bound_A,
      r0.percolation.di_A, 2 * g0.max_clearance_A, r0.percolation.rf_A[0], g0.rf_A[0],
      r0.percolation.rf_A[1], g0.rf_A[1], r0.percolation.rf_A[2], g0.rf_A[2], gaps[0], gaps[1],
      gaps[2], gaps[3], s);
  std::fflush(stdout);
}

}  // namespace

// The oracle itself against hand calculations, on lattices where the maximum and every
// bottleneck fall on grid points (so the grid values are exact up to rounding).
TEST_CASE("grid oracle: hand-calculated point lattices", "[oracle]") {
  const double eps = 1e-9;  // rounding only
  SECTION("simple cubic, a = 3 A: Di = a sqrt(3), Rf_1,2,3 = a / sqrt(2) (face centre)") {
    Framework fw;
    fw.lattice = Lattice(3, 3, 3, 90, 90, 90);
    fw.spheres.push_back(Sphere{Fractional(0, 0, 0), 0.0, 0});
    oracle::GridResult g = oracle::grid_percolation(fw);
    CHECK(g.n == std::array<int, 3>{60, 60, 60});
    CHECK(g.bound_A == Approx(0.05 * std::sqrt(3.0) / 2).margin(eps));
    CHECK(g.max_clearance_A == Approx(3 * std::sqrt(3.0) / 2).margin(eps));
    for (double rf : g.rf_A) {
      CHECK(rf == Approx(3 / std::sqrt(2.0)).margin(eps));
    }
    // A sphere radius shifts every clearance by -r.
    fw.spheres[0].radius_A = 0.5;
    oracle::GridResult h = oracle::grid_percolation(fw);
    CHECK(h.max_clearance_A == Approx(g.max_clearance_A - 0.5).margin(eps));
    for (int k = 0; k < 3; ++k) {
      CHECK(h.rf_A[k] == Approx(g.rf_A[k] - 0.5).margin(eps));
    }
  }
  SECTION("tetragonal a = 6, c = 1.5 A: a 1D channel along c, then 3D") {
    // Channel along c through (1/2, 1/2, z): narrowest at z = 0, sqrt(3^2 + 3^2); widest at
    // z = 1/2, sqrt(18 + 0.75^2). Along a the path through (x, 1/2, 1/2) is narrowest at x = 0:
    // sqrt(3^2 + 0.75^2); the same opens b, so Rf_2D = Rf_3D.
    Framework fw;
    fw.lattice = Lattice(6, 6, 1.5, 90, 90, 90);
    fw.spheres.push_back(Sphere{Fractional(0, 0, 0), 0.0, 0});
    oracle::GridResult g = oracle::grid_percolation(fw);
    CHECK(g.max_clearance_A == Approx(std::sqrt(18 + 0.5625)).margin(eps));
    CHECK(g.rf_A[0] == Approx(std::sqrt(18.0)).margin(eps));
    CHECK(g.rf_A[1] == Approx(std::sqrt(9 + 0.5625)).margin(eps));
    CHECK(g.rf_A[2] == Approx(std::sqrt(9 + 0.5625)).margin(eps));
    CHECK(g.dimensionality_at(4.0) == 1);
    CHECK(g.dimensionality_at(3.0) == 3);
  }
}

TEST_CASE("grid oracle: Di, Rf and channel dimensionality", "[oracle]") {
  run_structure(kStructures.at(GENERATE(range(size_t(0), kStructures.size()))));
}

// Declared last, so it runs after the structures (Catch2 runs in declaration order).
TEST_CASE("grid oracle: summary", "[oracle]") {
  std::printf(
      "grid oracle, %d structures in %.1f s; max |channelmap - grid| (exact models): Di %.4f, "
      "Rf_1D %.4f, Rf_2D %.4f, Rf_3D %.4f A; Shannon max grid - channelmap: Di %.4f, Rf %.4f "
      "%.4f %.4f A\n",
      g_stats.structures, g_stats.seconds, g_stats.di, g_stats.rf[0], g_stats.rf[1], g_stats.rf[2],
      g_stats.gap_di, g_stats.gap_rf[0], g_stats.gap_rf[1], g_stats.gap_rf[2]);
  SUCCEED();
}
