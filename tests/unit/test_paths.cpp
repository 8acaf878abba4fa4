// Mobile-ion paths and bulk descriptors against independent values.
#include "test_paths.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "channelmap/read.hpp"
#include "channelmap/report.hpp"
#include "test_structures.hpp"

using namespace channelmap;

namespace {}  // namespace

TEST_CASE("spinel: the Mg hop is tet -> oct -> tet through the shared triangular O3 faces") {
  // structures/MgAl2O4_spinel.cif (Ishii et al. 1982): Mg 8a tetrahedral, empty 16c octahedra.
  // Independent check: the three O atoms shared by the MgO4 tetrahedron and the empty 16c
  // octahedron form a triangle; the widest passage through it is the circumradius minus the
  // O2- radius, because the face centre lies on the 3-fold axis joining the two sites. O is
  // 4-coordinated (3 Al + 1 Mg), so its Shannon (1976) radius is that of O2- CN IV, 1.38 A.
  Report r = test::analyze_file(test::source_dir() + "/structures/MgAl2O4_spinel.cif");
  const Crystal& c = r.crystal;
  REQUIRE(!r.mobile.hops.empty());
  const Hop& h = r.mobile.hops[0];
  // Nearest 8a-8a distance a*sqrt(3)/4 (hand calculation).
  CHECK(h.distance_A == Approx(8.0806 * std::sqrt(3.0) / 4).margin(1e-4));
  // The path: site node -> octahedral 16c node -> site node, straight (16c is the midpoint).
  REQUIRE(h.nodes.size() == 3);
  CHECK(h.path_length_A == Approx(h.distance_A).margin(1e-6));
  Position mid = c.lattice.orthogonalize(r.mobile.sites[h.from].frac) +
                 (r.network.node_position(h.nodes[2], h.node_offsets[2]) -
                  c.lattice.orthogonalize(r.mobile.sites[h.from].frac)) *
                     0.5;
  CHECK(distance(r.network.node_position(h.nodes[1], h.node_offsets[1]), mid) < 1e-6);
  // The triangle: O atoms within 2.2 A of both the Mg site and the 16c node.
  Position mg = c.lattice.orthogonalize(r.mobile.sites[h.from].frac);
  Position oct = r.network.node_position(h.nodes[1], h.node_offsets[1]);
  std::vector<Position> face;
  for (const Site& s : c.sites) {
    if (s.species[0].element != "O") continue;
    for (int i = -1; i <= 1; ++i)
      for (int j = -1; j <= 1; ++j)
        for (int k = -1; k <= 1; ++k) {
          Position p = c.lattice.orthogonalize(s.frac + Fractional(i, j, k));
          if (distance(p, mg) < 2.2 && distance(p, oct) < 2.2) face.push_back(p);
        }
  }
  REQUIRE(face.size() == 3);
  double ab = distance(face[0], face[1]), bc = distance(face[1], face[2]),
         ca = distance(face[2], face[0]);
  double s = (ab + bc + ca) / 2;
  double area = std::sqrt(s * (s - ab) * (s - bc) * (s - ca));
  double circumradius = ab * bc * ca / (4 * area);
  CHECK(h.bottleneck_A == Approx(circumradius - 1.38).margin(1e-6));
  // The coordination along the path: 4 (tetrahedral site), 6 (octahedral 16c), 4; 3 at the
  // shared face (issue #3; Rong et al. 2015).
  CHECK(r.hop_node_cn[0] == std::vector<int>{4, 6, 4});
  CHECK(r.hop_bottleneck_cn[0] == 3);
  CHECK(r.environments[r.mobile.sites[h.from].site].polyhedron == "T:4");
  // The same CNs counted here by hand from the distances (O shells at 1.92 A and 2.04-2.1 A).
  auto count_o = [&](const Position& p, double cut) {
    int n = 0;
    for (const Site& st : c.sites)
      if (st.species[0].element == "O")
        for (int i = -1; i <= 1; ++i)
          for (int j = -1; j <= 1; ++j)
            for (int k = -1; k <= 1; ++k)
              n += distance(c.lattice.orthogonalize(st.frac + Fractional(i, j, k)), p) < cut;
    return n;
  };
  CHECK(count_o(mg, 2.2) == 4);
  CHECK(count_o(oct, 2.3) == 6);
}

TEST_CASE("MgSc2Se4 spinel: tetrahedral Mg, hop 4 -> 6 -> 4 through the shared Se3 face") {
  // The selenide spinel of Canepa et al. (Nat. Commun. 2017), the DFT cell of the barrier set
  // (../shared/structures/mg_barrier_set/MgSc2Se4_227.cif): Mg in 8a tetrahedra, the hop to the
  // nearest Mg (a*sqrt(3)/4) through the empty 16c octahedron; expected CNs from the structure
  // type (issue #3).
  Report r = test::analyze_file(test::shared_dir() + "/structures/mg_barrier_set/MgSc2Se4_227.cif");
  REQUIRE(!r.mobile.hops.empty());
  CHECK(r.environments[r.mobile.sites[0].site].polyhedron == "T:4");
  CHECK(r.hop_node_cn[0] == std::vector<int>{4, 6, 4});
  CHECK(r.hop_bottleneck_cn[0] == 3);
  CHECK(r.mobile.hops[0].distance_A ==
        Approx(r.crystal.lattice.a() * std::sqrt(3.0) / 4).margin(1e-4));
  // The octahedral 16c node on the path is octahedrally coordinated.
  CHECK(r.node_environments[r.mobile.hops[0].nodes[1]].polyhedron == "O:6");
}

TEST_CASE("inverted spinel: a site shared by Mg and Al keeps its Al part in the framework") {
  // MgAl2O4 written with the tetrahedral 8a site half Mg, half Al (partial inversion; DESIGN.md
  // 3): the Mg is mobile, the Al half stays a framework sphere (occupancy 0.5 >= 0.5).
  std::string cif = R"(data_inv
_cell_length_a 8.0806
_cell_length_b 8.0806
_cell_length_c 8.0806
_cell_angle_alpha 90
_cell_angle_beta 90
_cell_angle_gamma 90
_space_group_name_H-M_alt 'F d -3 m :2'
loop_
_atom_site_label
_atom_site_type_symbol
_atom_site_fract_x
_atom_site_fract_y
_atom_site_fract_z
_atom_site_occupancy
Mg1 Mg 0.125 0.125 0.125 0.5
Al1 Al 0.125 0.125 0.125 0.5
Al2 Al 0.5 0.5 0.5 1
O1 O 0.2623 0.2623 0.2623 1
)";
  ReadResult rr = read_cif_string(cif, "inverted.cif");
  REQUIRE(rr.errors.empty());
  Report r = analyze(rr.crystals[0], AnalysisOptions{});
  CHECK(r.crystal.is_disordered());
  CHECK(r.mobile.sites.size() == 8);
  CHECK(r.framework.spheres.size() == 56);  // 8 half-Al + 16 Al + 32 O
  bool noted = false;
  for (const std::string& w : r.warnings) noted |= w.find("kept as framework") != std::string::npos;
  CHECK(noted);
}

TEST_CASE("forsterite: Mg percolates more easily along c (M1 chains) than along a") {
  // Published NEB barriers for Mg in MSiO4 olivines: 0.45-0.78 eV along c (the M1 chains),
  // 3.3-4.0 eV along a (issue #3). Pbnm setting: a = 4.75, b = 10.19, c = 5.98 A.
  for (const std::string& path :
       {test::source_dir() + "/structures/Mg2SiO4_forsterite.cif",
        test::shared_dir() + "/structures/mg_reference/Mg2SiO4_olivine_forsterite_AMCSD.cif"}) {
    INFO(path);
    Report r = test::analyze_file(path);
    CHECK(r.mobile.rmob_axis_A[2] > r.mobile.rmob_axis_A[0]);
    // The M1-M1 hop along c is c/2 (hand calculation from the cell) and is the widest M1 hop.
    bool found = false;
    for (const Hop& h : r.mobile.hops)
      if (std::fabs(h.distance_A - r.crystal.lattice.c() / 2) < 1e-3) {
        found = true;
        CHECK(h.bottleneck_A == Approx(r.mobile.rmob_axis_A[2]).margin(1e-9));
      }
    CHECK(found);
  }
}

TEST_CASE("rocksalt MgO: octahedral Mg hops through the empty tetrahedral site") {
  // Mg at 4a (O:6); the hop to the nearest Mg (a/sqrt(2)) passes the empty tetrahedral 8c site:
  // CN 6 -> 4 -> 6 (hand count from the rocksalt structure), through the triangular O3 faces
  // shared by the octahedra and the empty tetrahedron (CN 3 at the bottleneck).
  Report r = test::analyze_file(test::source_dir() + "/structures/MgO_periclase.cif");
  REQUIRE(!r.mobile.hops.empty());
  CHECK(r.environments[r.mobile.sites[0].site].polyhedron == "O:6");
  CHECK(r.hop_node_cn[0] == std::vector<int>{6, 4, 6});
  CHECK(r.hop_bottleneck_cn[0] == 3);
}

TEST_CASE("volume per anion, density by hand") {
  // MgO, a = 4.211 A, 4 O per cell: V/4 = 18.668 A^3; density 4 x 40.304 u / V.
  Report mgo = test::analyze_file(test::source_dir() + "/structures/MgO_periclase.cif");
  double v = std::pow(4.211, 3);
  CHECK(mgo.bulk.volume_per_anion_A3 == Approx(v / 4).epsilon(1e-9));
  CHECK(mgo.bulk.density_g_cm3 == Approx(4 * (24.305 + 15.999) * 1.66053906660 / v).epsilon(1e-3));
  CHECK(mgo.bulk.n_polyanions == 0);
  // MgAl2O4, a = 8.0806 A, 32 O per cell.
  Report sp = test::analyze_file(test::source_dir() + "/structures/MgAl2O4_spinel.cif");
  CHECK(sp.bulk.volume_per_anion_A3 == Approx(std::pow(8.0806, 3) / 32).epsilon(1e-9));
  // Forsterite: 4 SiO4 groups per cell, so 4 anion units; 16 O atoms.
  Report fo = test::analyze_file(test::source_dir() + "/structures/Mg2SiO4_forsterite.cif");
  CHECK(fo.bulk.n_anions == Approx(16));
  CHECK(fo.bulk.n_polyanions == 4);
  CHECK(fo.bulk.volume_per_anion_unit_A3 == Approx(fo.bulk.volume_A3 / 4).epsilon(1e-12));
  // Shortest Mg-Mg in periclase: a / sqrt(2).
  CHECK(mgo.bulk.shortest_mobile_mobile_A == Approx(4.211 / std::sqrt(2.0)).epsilon(1e-9));
}

TEST_CASE("IntLattice: one basis (Hermite normal form) per lattice, whatever the order") {
  // Hand reduction: {1,1,0}, {0,1,-1}, {0,0,2} span the lattice whose Hermite normal form is
  // rows {1,0,1}, {0,1,1}, {0,0,2} (entries above each pivot in [0, pivot)).
  const std::vector<Offset> expected = {{1, 0, 1}, {0, 1, 1}, {0, 0, 2}};
  const std::vector<std::vector<Offset>> orders = {
      {{1, 1, 0}, {0, 1, -1}, {0, 0, 2}},
      {{0, 0, 2}, {0, 1, 1}, {1, 1, 0}},
      {{0, 1, -1}, {1, 2, -1}, {0, 0, -2}, {2, 2, 0}},
  };
  for (const auto& vs : orders) {
    IntLattice l;
    for (const Offset& v : vs) l.add(v);
    CHECK(l.basis() == expected);
  }
  // A unimodular set spans Z^3: the identity.
  IntLattice full;
  for (Offset v : {Offset{1, 0, -1}, Offset{0, 1, -1}, Offset{0, 0, 1}}) full.add(v);
  CHECK(full.basis() == std::vector<Offset>{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
  // Rank 1 and 2 keep their pivots positive: {-2, 0, -4} spans the multiples of {1, 0, 2}
  // twice over.
  IntLattice line;
  line.add({-2, 0, -4});
  CHECK(line.basis() == std::vector<Offset>{{2, 0, 4}});
  // contains(): the lattice of {1,0,1}, {0,1,1}, {0,0,2} above holds v exactly when
  // v = a {1,0,1} + b {0,1,1} + c {0,0,2} with integers a = v0, b = v1, c = (v2 - a - b) / 2,
  // i.e. when v0 + v1 + v2 is even (hand calculation).
  IntLattice l;
  for (const Offset& v : orders[0]) l.add(v);
  for (int x = -2; x <= 2; ++x)
    for (int y = -2; y <= 2; ++y)
      for (int z = -3; z <= 3; ++z) CHECK(l.contains({x, y, z}) == ((x + y + z) % 2 == 0));
  CHECK(line.contains({4, 0, 8}));
  CHECK(line.contains({0, 0, 0}));
  CHECK_FALSE(line.contains({1, 0, 2}));
  CHECK_FALSE(line.contains({2, 0, 3}));
  CHECK_FALSE(IntLattice().contains({0, 1, 0}));
}
