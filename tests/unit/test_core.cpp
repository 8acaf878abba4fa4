// Basic checks of the core modules against hand calculations.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "channelmap/channels.hpp"
#include "channelmap/framework.hpp"
#include "channelmap/network.hpp"
#include "channelmap/read.hpp"
#include "channelmap/report.hpp"
#include "test_paths.hpp"

using namespace channelmap;

namespace {
// One point atom in a cubic cell of edge 10 A, no mobile ion, probe 1 A.
Report simple_cubic_point_lattice() {
  std::string poscar = "sc\n1.0\n10 0 0\n0 10 0\n0 0 10\nNa\n1\nDirect\n0 0 0\n";
  ReadResult rr = read_poscar_string(poscar, "sc.poscar");
  REQUIRE(rr.errors.empty());
  AnalysisOptions opt;
  opt.mobile_element = "";
  opt.uniform_radius_A = 0.0;
  opt.probe_A = 1.0;
  return analyze(rr.crystals.at(0), opt);
}

// Pseudo-random numbers in [lo, hi), the same sequence on every platform (a linear congruential
// generator).
struct Uniform {
  unsigned seed;
  double operator()(double lo, double hi) {
    seed = seed * 1103515245u + 12345u;
    return lo + (hi - lo) * static_cast<double>((seed >> 8) & 0xffffff) / 16777216.0;
  }
};
}  // namespace

TEST_CASE("simple cubic point lattice: Di, Rf by hand") {
  // One atom in a cubic cell of edge a: the Voronoi vertex is the cube centre at distance
  // a*sqrt(3)/2; the narrowest point of the channel along a is the face centre at a/sqrt(2).
  // (Hand calculation; Zeo++ gives the same for point atoms.)
  const double a = 10.0;
  Report r = simple_cubic_point_lattice();
  const double eps = 1e-9;  // exact geometry: only rounding error
  CHECK(r.percolation.di_A == Approx(a * std::sqrt(3.0)).margin(eps));
  for (int k = 0; k < 3; ++k)
    CHECK(r.percolation.rf_A[k] == Approx(a / std::sqrt(2.0)).margin(eps));
  CHECK(r.percolation.df_A == Approx(a * std::sqrt(2.0)).margin(eps));
  REQUIRE(r.channels.channels.size() == 1);
  CHECK(r.channels.channels[0].dimensionality == 3);
}

TEST_CASE("segment_minimum: exact, and its early exit (stop_at) decides only below the cut") {
  // Point atoms on a simple cubic lattice, a = 10 A. Along x = y = 5 A the nearest atoms are the
  // four of the plane z = 10 A at 5 sqrt(2) A (hand calculation), the segment's minimum.
  Report r = simple_cubic_point_lattice();
  ClearanceField field(r.framework);
  const Position a(5, 5, 5), b(5, 5, 15);
  Position at, at2;
  const double exact = field.segment_minimum(a, b, &at);
  CHECK(exact == Approx(5 * std::sqrt(2.0)).margin(1e-12));
  CHECK(at.z == Approx(10).margin(1e-12));
  // A cut below the minimum: the same value and point, bit for bit.
  CHECK(field.segment_minimum(a, b, &at2, std::numeric_limits<double>::infinity(), 7.0) == exact);
  CHECK(at2.z == at.z);
  // A cut above it: some value at or below the cut (the search may stop early), never above.
  for (double cut : {7.5, 8.0, 9.0})
    CHECK(field.segment_minimum(a, b, nullptr, std::numeric_limits<double>::infinity(), cut) <=
          cut);
}

TEST_CASE("segment_keeps: the clearance stays >= keep exactly when the minimum is") {
  // The same segment: its minimum is 5 sqrt(2) A (hand calculation above). The early stop just
  // below `keep` must not turn a minimum below keep into a yes, nor the minimum itself into a no.
  Report r = simple_cubic_point_lattice();
  ClearanceField field(r.framework);
  const Position a(5, 5, 5), b(5, 5, 15);
  const double exact = field.segment_minimum(a, b, nullptr);
  CHECK(field.segment_keeps(a, b, exact));
  CHECK(field.segment_keeps(a, b, std::nextafter(exact, 0.0)));
  CHECK_FALSE(field.segment_keeps(a, b, std::nextafter(exact, 100.0)));
  CHECK(field.segment_keeps(a, b, 7.0));
  CHECK_FALSE(field.segment_keeps(a, b, 7.5));
}

TEST_CASE("window radius of an equilateral triangle of equal spheres") {
  // Circumradius of an equilateral triangle of side s is s/sqrt(3); minus the sphere radius.
  const double s = 3.0, r = 0.5;
  Position p[3] = {Position(0, 0, 0), Position(s, 0, 0),
                   Position(s / 2, s * std::sqrt(3.0) / 2, 0)};
  double rad[3] = {r, r, r};
  CHECK(window_radius(p, rad) == Approx(s / std::sqrt(3.0) - r).margin(1e-12));
}

TEST_CASE("window radius: the largest clearance over the triangle, against a sampled triangle") {
  // Unequal radii, acute and obtuse triangles, windows whose best point is inside the triangle
  // and ones where it is on an edge (a small cation between two anions). The exact value is at
  // least every sample's and, the clearance being 1-Lipschitz, at most the best sample's plus
  // the farthest any point of the triangle is from a sample.
  Uniform uniform{2024};
  const double radii[] = {1.40, 1.84, 0.59, 0.17, 1.33, 0.72};
  // Three triangles of overlapping spheres (found by a random search) where the plane's point
  // equally clear of the three spheres lies inside the triangle but is not the largest: the
  // largest is on an edge (a shortcut that took the interior point whenever it is inside
  // fails on them).
  const double fixed[3][3][3] = {
      {{2.3106, 2.6111, 1.7216}, {1.6429, 2.9774, 0.3852}, {2.1313, 3.8990, 0.2959}},
      {{1.3232, 2.1423, 0.9710}, {1.8450, 2.1766, 0.2581}, {0.9502, 1.4963, 0.1273}},
      {{0.7578, 3.4552, 1.5315}, {1.1934, 2.4804, 0.4354}, {0.8662, 2.0513, 1.9319}}};
  const int n = 300;
  int interior = 0, on_edge = 0;
  for (int t = 0; t < 43; ++t) {
    Position p[3];
    double r[3];
    for (int k = 0; k < 3; ++k) {
      if (t < 3) {
        p[k] = Position(fixed[t][k][0], fixed[t][k][1], 0.5);
        r[k] = fixed[t][k][2];
        continue;
      }
      p[k] = Position(uniform(0, 4), uniform(0, 4), uniform(0, 1));
      r[k] = radii[(t + 2 * k) % 6] * uniform(0.5, 1.0);
    }
    Position at;
    const double w = window_radius(p, r, &at);
    auto value = [&](const Position& x) {
      double v = 1e300;
      for (int k = 0; k < 3; ++k) v = std::min(v, distance(x, p[k]) - r[k]);
      return v;
    };
    double sampled = -1e300;
    for (int i = 0; i <= n; ++i)
      for (int j = 0; i + j <= n; ++j) {
        const double a = static_cast<double>(i) / n, b = static_cast<double>(j) / n;
        sampled = std::max(sampled, value(p[0] + (p[1] - p[0]) * a + (p[2] - p[0]) * b));
      }
    double reach = 0;  // half the longest side of a sampling triangle
    for (int k = 0; k < 3; ++k) reach = std::max(reach, distance(p[k], p[(k + 1) % 3]));
    reach *= 0.5 / n;
    CHECK(w >= sampled - 1e-12);
    CHECK(w <= sampled + reach);
    CHECK(value(at) == Approx(w).margin(1e-9));
    // `at` in the triangle's plane and inside it
    const Position e1 = p[1] - p[0], e2 = p[2] - p[0], d = at - p[0];
    const Position nrm(e1.cross(e2));
    CHECK(std::fabs(d.dot(nrm)) / nrm.length() < 1e-9);
    const double g11 = e1.dot(e1), g12 = e1.dot(e2), g22 = e2.dot(e2);
    const double det = g11 * g22 - g12 * g12;
    const double l1 = (d.dot(e1) * g22 - d.dot(e2) * g12) / det;
    const double l2 = (d.dot(e2) * g11 - d.dot(e1) * g12) / det;
    CHECK(l1 >= -1e-9);
    CHECK(l2 >= -1e-9);
    CHECK(l1 + l2 <= 1 + 1e-9);
    (l1 > 1e-6 && l2 > 1e-6 && l1 + l2 < 1 - 1e-6 ? interior : on_edge)++;
  }
  // Both kinds of window occur.
  CHECK(interior >= 5);
  CHECK(on_edge >= 5);
}

TEST_CASE("Dif range over several widest paths of a hand-made network") {
  // A channel along a through node 0 (radius 1.5) that splits into two branches of equal
  // bottleneck 1.0 before it closes on the next cell's node 0: one through node 1 (radius 3.0),
  // one through node 2 (radius 2.0). Node 3 (radius 5.0) is a dead-end pocket off node 0 whose
  // edge is as wide as the channel's bottleneck; node 4 (radius 4.0) is a third branch that is
  // narrower (0.9). Hand calculation: Df = 2 x 1.0; the free sphere reaches nodes 0-3, so the
  // exact Dif = 2 x 5.0; the widest path that passes the smallest included sphere goes through
  // node 2, so the range starts at 2 x 2.0; node 4 is not on any widest path. Along b and c
  // nothing percolates. Zeo++'s search (a path from node 0 to its image) ends through node 1 or
  // node 2, depending on the order of its heap: its Dif is 6.0 or 4.0, inside the range.
  VoidNetwork net;
  net.lattice = Lattice(10, 10, 10, 90, 90, 90);
  for (double r : {1.5, 3.0, 2.0, 5.0, 4.0}) {
    Node n;
    n.radius_A = r;
    net.nodes.push_back(n);
  }
  auto edge = [&](int from, int to, Offset o, double b) {
    Edge e;
    e.from = from;
    e.to = to;
    e.offset = o;
    e.bottleneck_A = b;
    net.edges.push_back(e);
  };
  edge(0, 1, {0, 0, 0}, 1.0);
  edge(1, 0, {1, 0, 0}, 1.0);
  edge(0, 2, {0, 0, 0}, 1.0);
  edge(2, 0, {1, 0, 0}, 1.0);
  edge(0, 3, {0, 0, 0}, 1.0);
  edge(0, 4, {0, 0, 0}, 0.9);
  edge(4, 0, {1, 0, 0}, 0.9);
  const double eps = 1e-12;  // exact arithmetic on the given numbers
  Percolation p = analyze_percolation(net);
  CHECK(p.di_A == Approx(10.0).margin(eps));
  CHECK(p.df_A == Approx(2.0).margin(eps));
  CHECK(p.df_axis_A[1] == 0.0);
  CHECK(p.dif_A == Approx(10.0).margin(eps));
  CHECK(p.dif_range_A[0] == Approx(4.0).margin(eps));
  CHECK(p.dif_range_A[1] == Approx(10.0).margin(eps));
  Percolation z = analyze_percolation(net, DifStyle::Zeopp);
  CHECK(z.df_A == Approx(2.0).margin(eps));
  CHECK((z.dif_A == Approx(6.0).margin(eps) || z.dif_A == Approx(4.0).margin(eps)));
  CHECK(z.dif_range_A[0] == Approx(4.0).margin(eps));

  // Narrow the branch through node 2 below the bottleneck: only node 1's branch is a widest
  // path, and the range starts at its included sphere, 2 x 3.0.
  net.edges[3].bottleneck_A = 0.95;
  Percolation q = analyze_percolation(net);
  CHECK(q.dif_range_A[0] == Approx(6.0).margin(eps));
  CHECK(q.dif_range_A[1] == Approx(10.0).margin(eps));
  CHECK(analyze_percolation(net, DifStyle::Zeopp).dif_A == Approx(6.0).margin(eps));
}

TEST_CASE("distance to the unit cell: a cube by hand, an oblique cell against sampled faces") {
  // The padded region of the network is every point within the padding of the cell.
  const Lattice cube(10, 10, 10, 90, 90, 90);
  CHECK(cube.distance_to_cell({0.5, 0.5, 0.5}) == 0);
  CHECK(cube.distance_to_cell({1, 0, 0.3}) == 0);                             // on the surface
  CHECK(cube.distance_to_cell({1.5, 0.5, 0.5}) == Approx(5));                 // face
  CHECK(cube.distance_to_cell({-0.1, -0.2, 0.5}) == Approx(std::sqrt(5.0)));  // edge: 1, 2 A
  CHECK(cube.distance_to_cell({2, 2, 2}) == Approx(10 * std::sqrt(3.0)));     // corner
  // An oblique cell: the distance is at most that to any point of the cell's faces, and at
  // least the least distance to a fine sampling of them less the sampling's reach.
  const Lattice L(5, 6, 7, 60, 110, 75);
  const int n = 120;
  std::vector<Position> surface;
  for (int face = 0; face < 6; ++face)
    for (int i = 0; i <= n; ++i)
      for (int j = 0; j <= n; ++j) {
        Fractional g;
        const int a = face % 3, b = (a + 1) % 3, c = (a + 2) % 3;
        g[a] = face < 3 ? 0 : 1;
        g[b] = static_cast<double>(i) / n;
        g[c] = static_cast<double>(j) / n;
        surface.push_back(L.orthogonalize(g));
      }
  // Any point of a face is within half a sampling parallelogram's longer diagonal of a sample.
  double reach = 0;
  for (int a = 0; a < 3; ++a)
    for (int b = a + 1; b < 3; ++b) {
      const Position u(L.vector(a)), v(L.vector(b));
      reach = std::max({reach, (u + v).length(), (u - v).length()});
    }
  reach *= 0.5 / n;
  Uniform uniform{12345};
  int outside = 0;
  for (int t = 0; t < 60; ++t) {
    const Fractional f(uniform(-1, 2), uniform(-1, 2), uniform(-1, 2));
    const double d = L.distance_to_cell(f);
    const Position p = L.orthogonalize(f);
    double sampled = std::numeric_limits<double>::infinity();
    for (const Position& q : surface) sampled = std::min(sampled, distance(p, q));
    const bool inside = f.x >= 0 && f.x <= 1 && f.y >= 0 && f.y <= 1 && f.z >= 0 && f.z <= 1;
    if (inside) {
      CHECK(d == 0);
      continue;
    }
    ++outside;
    CHECK(d <= sampled + 1e-9);
    CHECK(d >= sampled - reach);
  }
  CHECK(outside > 40);
}
