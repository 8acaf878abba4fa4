// Basic checks of the core modules against hand calculations.
#include <catch2/catch.hpp>
#include <cmath>

#include "channelmap/channels.hpp"
#include "channelmap/network.hpp"
#include "channelmap/read.hpp"
#include "channelmap/report.hpp"
#include "test_paths.hpp"

using namespace channelmap;

TEST_CASE("simple cubic point lattice: Di, Rf by hand") {
  // One atom in a cubic cell of edge a: the Voronoi vertex is the cube centre at distance
  // a*sqrt(3)/2; the narrowest point of the channel along a is the face centre at a/sqrt(2).
  // (Hand calculation; Zeo++ gives the same for point atoms.)
  const double a = 10.0;
  std::string poscar = "sc\n1.0\n10 0 0\n0 10 0\n0 0 10\nNa\n1\nDirect\n0 0 0\n";
  ReadResult rr = read_poscar_string(poscar, "sc.poscar");
  REQUIRE(rr.errors.empty());
  AnalysisOptions opt;
  opt.mobile_element = "";
  opt.uniform_radius_A = 0.0;
  opt.probe_A = 1.0;
  Report r = analyze(rr.crystals.at(0), opt);
  const double eps = 1e-9;  // exact geometry: only rounding error
  CHECK(r.percolation.di_A == Approx(a * std::sqrt(3.0)).margin(eps));
  for (int k = 0; k < 3; ++k)
    CHECK(r.percolation.rf_A[k] == Approx(a / std::sqrt(2.0)).margin(eps));
  CHECK(r.percolation.df_A == Approx(a * std::sqrt(2.0)).margin(eps));
  REQUIRE(r.channels.channels.size() == 1);
  CHECK(r.channels.channels[0].dimensionality == 3);
}

TEST_CASE("window radius of an equilateral triangle of equal spheres") {
  // Circumradius of an equilateral triangle of side s is s/sqrt(3); minus the sphere radius.
  const double s = 3.0, r = 0.5;
  Position p[3] = {Position(0, 0, 0), Position(s, 0, 0),
                   Position(s / 2, s * std::sqrt(3.0) / 2, 0)};
  double rad[3] = {r, r, r};
  CHECK(window_radius(p, rad) == Approx(s / std::sqrt(3.0) - r).margin(1e-12));
}
