// Elementary hops (issue #8, item 3): vacant equivalent sites in dilute cells, no detours, the
// intermediate site and the CN change as Rong et al. (Chem. Mater. 27, 6016 (2015)) define it.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <map>
#include <queue>
#include <set>
#include <string>
#include <tuple>

#include "channelmap/read.hpp"
#include "channelmap/report.hpp"
#include "channelmap/tolerances.hpp"
#include "test_paths.hpp"
#include "test_structures.hpp"

using namespace channelmap;

namespace {
// Every hop: an elementary path, no detour (tol::hop_detour_factor).
void check_no_detour(const Report& r) {
  for (const Hop& h : r.mobile.hops) {
    INFO("hop " << h.from << " -> " << h.to << " distance " << h.distance_A);
    // Rounding margin 1e-9 A: the path length is a sum of a few edge lengths.
    CHECK(h.path_length_A <= tol::hop_detour_factor * h.distance_A + 1e-9);
    CHECK(h.path_length_A >= h.distance_A - 1e-9);  // a path is never shorter than the line
  }
}

// The hops of one straight distance (within 1e-3 A, the grouping's rounding).
std::vector<size_t> hops_at(const Report& r, double distance_A) {
  std::vector<size_t> out;
  for (size_t i = 0; i < r.mobile.hops.size(); ++i)
    if (std::fabs(r.mobile.hops[i].distance_A - distance_A) < 1e-3) out.push_back(i);
  return out;
}

// The tet -> oct -> tet hop of a spinel: 8a -> 16c -> 8a, a*sqrt(3)/4, CN 4 -> 6 -> 4.
void check_spinel_hop(const Report& r, double a) {
  // Nearest 8a-8a distance a*sqrt(3)/4 (hand calculation from the cubic cell).
  std::vector<size_t> hs = hops_at(r, a * std::sqrt(3.0) / 4);
  REQUIRE(!hs.empty());
  for (size_t i : hs) {
    const Hop& h = r.mobile.hops[i];
    REQUIRE(r.hop_intermediate[i] >= 0);
    // The 16c site is the midpoint of the two 8a sites (8a at 1/8 1/8 1/8, 16c at 0 0 0 in
    // origin choice 2): the intermediate node lies within 0.05 A of it (the framework of the
    // DFT cells is relaxed by less than that).
    const Lattice& L = r.crystal.lattice;
    Position from = L.orthogonalize(r.mobile.sites[h.from].frac);
    Position to = L.orthogonalize(r.mobile.end_site(h).frac +
                                  Fractional(h.offset[0], h.offset[1], h.offset[2]));
    Position mid = from + (to - from) * 0.5;
    int k = r.hop_intermediate[i];
    CHECK(distance(r.network.node_position(h.nodes[k], h.node_offsets[k]), mid) < 0.05);
    CHECK(hop_site_cn(r, i) == 4);
    CHECK(r.hop_intermediate_env[i].cn == 6);
    CHECK(r.hop_intermediate_env[i].polyhedron == "O:6");
    CHECK(r.hop_bottleneck_cn[i] == 3);  // the shared triangular face
    CHECK(hop_cn_change(r, i) == 2);     // 6 - 4, exact integers
  }
}

// The search's definition, checked by brute force on the periodic network: each hop's path is
// within its budget (tol::hop_detour_factor x distance, less the two site-node links), is the
// shortest path over edges at least its bottleneck wide, and no path over strictly wider edges
// is within the budget. Paths do not pass a node holding another end (site or vacancy). A plain
// Dijkstra over (node, lattice offset) states, written here from the definition.
double shortest_over(const Report& r, const Hop& h, double min_width, bool strictly,
                     double give_up_A) {
  const VoidNetwork& net = r.network;
  std::set<int> end_nodes;
  for (const MobileSite& m : r.mobile.sites) end_nodes.insert(m.nearest_node);
  for (const MobileSite& m : r.mobile.vacancies) end_nodes.insert(m.nearest_node);
  using State = std::tuple<int, int, int, int>;
  auto state = [](int n, const Offset& o) { return State{n, o[0], o[1], o[2]}; };
  const State start = state(h.nodes.front(), h.node_offsets.front());
  const State goal = state(h.nodes.back(), h.node_offsets.back());
  std::map<State, double> dist{{start, 0.0}};
  std::set<State> done;
  std::priority_queue<std::pair<double, State>, std::vector<std::pair<double, State>>,
                      std::greater<>>
      pq;
  pq.push({0.0, start});
  while (!pq.empty()) {
    auto [d, u] = pq.top();
    pq.pop();
    if (!done.insert(u).second) continue;
    if (u == goal) return d;
    if (d > give_up_A) break;
    const int node = std::get<0>(u);
    if (u != start && end_nodes.count(node)) continue;
    const Offset off{std::get<1>(u), std::get<2>(u), std::get<3>(u)};
    for (const Edge& e : net.edges) {
      const double w = e.bottleneck_A;
      if (strictly ? !(w > min_width) : !(w >= min_width)) continue;
      for (int dir = 0; dir < 2; ++dir) {
        const int a = dir ? e.to : e.from, b = dir ? e.from : e.to;
        if (a != node) continue;
        Offset o = off;
        for (int k = 0; k < 3; ++k) o[k] += dir ? -e.offset[k] : e.offset[k];
        const State v = state(b, o);
        auto it = dist.find(v);
        if (it == dist.end() || d + e.length_A < it->second) {
          dist[v] = d + e.length_A;
          pq.push({d + e.length_A, v});
        }
      }
    }
  }
  return std::numeric_limits<double>::infinity();
}

void check_widest_then_shortest(const Report& r) {
  for (const Hop& h : r.mobile.hops) {
    if (h.nodes.size() < 2) continue;  // two sites at one node
    const double links =
        r.mobile.sites[h.from].node_distance_A + r.mobile.end_site(h).node_distance_A;
    const double budget = tol::hop_detour_factor * h.distance_A - links;
    INFO("hop " << h.from << " -> " << h.to << " distance " << h.distance_A << " bottleneck "
                << h.bottleneck_A);
    // Rounding margin 1e-9 A: lengths are sums of a few edge lengths.
    CHECK(h.path_length_A - links <= budget + 1e-9);
    CHECK(shortest_over(r, h, h.bottleneck_A, false, budget + 1) ==
          Approx(h.path_length_A - links).margin(1e-9));
    CHECK(shortest_over(r, h, h.bottleneck_A, true, budget + 1) > budget - 1e-9);
  }
}
}  // namespace

TEST_CASE("dilute spinel Co2O4 with one Mg: the 8a -> 16c -> 8a hop to the vacant 8a sites") {
  // A DFT NEB endpoint (mg_barrier_set): one Mg in the 8a site of a Co16O32 cubic cell. The
  // other seven 8a positions are empty; before, the only hop found was the 8 A lattice
  // translation through 13 nodes.
  Report r = test::analyze_file(test::shared_dir() + "/structures/mg_barrier_set/Co2O4_Mg_215.cif");
  REQUIRE(r.mobile.sites.size() == 1);
  // The host Co2O4 is a spinel (Fd-3m): 8a has 8 positions per cubic cell, 7 of them empty.
  CHECK(r.mobile.vacancies.size() == 7);
  // Each 8a site has 4 nearest 8a neighbours (diamond lattice), all vacant here.
  std::vector<size_t> hs = hops_at(r, r.crystal.lattice.a() * std::sqrt(3.0) / 4);
  CHECK(hs.size() == 4);
  for (size_t i : hs) CHECK(r.mobile.hops[i].to_vacant);
  check_spinel_hop(r, r.crystal.lattice.a());
  // No hop to the 8 A image any more: it lies beyond the nearest-neighbour shells.
  for (const Hop& h : r.mobile.hops) CHECK(h.distance_A < 0.9 * r.crystal.lattice.a());
  check_no_detour(r);
  // The descriptor column follows the widest hop.
  CHECK(hop_cn_change(r, 0) == 2);
}

TEST_CASE("MgAl2O4 (full cell): the same 4 -> 6 -> 4 hop, cn_change +2") {
  Report r = test::analyze_file(test::source_dir() + "/structures/MgAl2O4_spinel.cif");
  CHECK(r.mobile.vacancies.empty());  // every 8a position holds Mg
  check_spinel_hop(r, 8.0806);        // a of Ishii et al. 1982 (the CIF)
  check_no_detour(r);
}

TEST_CASE("MgO rock salt: oct -> tet -> oct, cn_change -2") {
  // The hop to the nearest Mg, a/sqrt(2), passes the empty 8c tetrahedral site: CN 6 -> 4 -> 6
  // (hand count from the rock-salt structure), so cn_change = 4 - 6 = -2.
  Report r = test::analyze_file(test::source_dir() + "/structures/MgO_periclase.cif");
  std::vector<size_t> hs = hops_at(r, 4.211 / std::sqrt(2.0));  // a = 4.211 A (the CIF)
  REQUIRE(!hs.empty());
  for (size_t i : hs) {
    CHECK(hop_site_cn(r, i) == 6);
    CHECK(r.hop_intermediate_env[i].cn == 4);
    CHECK(r.hop_intermediate_env[i].polyhedron == "T:4");
    CHECK(hop_cn_change(r, i) == -2);
    // The tetrahedral site is a*sqrt(3)/4 from both octahedral sites (hand calculation):
    // the path site -> tet -> site is 2 x 1.8234 A, 1.22 x the distance.
    CHECK(r.mobile.hops[i].path_length_A == Approx(2 * 4.211 * std::sqrt(3.0) / 4).margin(1e-3));
  }
  check_no_detour(r);
}

TEST_CASE("forsterite: the M1 chain hop is still found, through a tetrahedral cavity") {
  Report r = test::analyze_file(test::source_dir() + "/structures/Mg2SiO4_forsterite.cif");
  // The M1-M1 hop along c is c/2 (hand calculation from the cell).
  std::vector<size_t> hs = hops_at(r, r.crystal.lattice.c() / 2);
  REQUIRE(!hs.empty());
  for (size_t i : hs) {
    CHECK(hop_site_cn(r, i) == 6);
    CHECK(r.hop_intermediate[i] >= 0);
  }
  check_no_detour(r);
}

TEST_CASE("AMCSD spinel: the 7.5 % Mg on the Al site is framework, not a mobile site") {
  // MgA 0.85 / AlA 0.15 on 8a (Mg the majority: mobile), AlB 0.925 / MgB 0.075 on 16d (Mg a
  // minority: framework). The 8 tetrahedral 8a positions of the cubic cell are the mobile sites.
  Report r =
      test::analyze_file(test::shared_dir() + "/structures/mg_reference/MgAl2O4_spinel_AMCSD.cif");
  CHECK(r.mobile.sites.size() == 8);
  for (const MobileSite& m : r.mobile.sites) CHECK(r.crystal.sites[m.site].label() == "MgA");
  // 16 (16d, Al + Mg fill it) + 32 O framework spheres; the 8a Al part (0.15) is below
  // tol::framework_min_occupancy (0.5) and left out.
  CHECK(r.framework.spheres.size() == 48);
  bool noted = false;
  for (const std::string& w : r.warnings) noted |= w.find("minority") != std::string::npos;
  CHECK(noted);
  check_spinel_hop(r, r.crystal.lattice.a());
}

TEST_CASE("dilute cells with more than 8 A between Mg images have hops") {
  // DFT NEB cells of the barrier_paths set, one Mg each: the Cr2S4 spinel (a = 9.53 A) and the
  // Chevrel phase Mo6Se8 (a = 13.03 A). The old automatic cutoff (at most 8 A) found no hop.
  for (const char* name : {"Cr2S4_Mg.cif", "Mo6Se8_Mg.cif"}) {
    INFO(name);
    Report r = test::analyze_file(test::shared_dir() + "/structures/barrier_paths/" + name);
    REQUIRE(r.mobile.sites.size() == 1);
    CHECK(r.mobile.shortest_distance_A > 8);
    CHECK(!r.mobile.hops.empty());
    check_no_detour(r);
  }
  // The spinel's hop is the 8a -> 16c -> 8a one.
  check_spinel_hop(
      test::analyze_file(test::shared_dir() + "/structures/barrier_paths/Cr2S4_Mg.cif"), 9.5315);
}

TEST_CASE("dilute spinel: the hops to vacant sites do not depend on origin or cell") {
  // The same crystal with its origin shifted by an arbitrary vector, and doubled along a: each
  // Mg keeps its 4 hops to vacant 8a neighbours (a*sqrt(3)/4), cn_change +2.
  ReadResult rr =
      read_structures(test::shared_dir() + "/structures/mg_barrier_set/Co2O4_Mg_215.cif");
  REQUIRE(rr.crystals.size() == 1);
  const Crystal& c = rr.crystals[0];
  Crystal shifted = c;
  for (Site& s : shifted.sites) s.frac = wrap(s.frac + Fractional(0.1234567, 0.3816, 0.7071));
  Crystal doubled = c;
  const Vec3& a = c.lattice.vector(0);
  doubled.lattice = Lattice::from_vectors(
      {Vec3{2 * a.x, 2 * a.y, 2 * a.z}, c.lattice.vector(1), c.lattice.vector(2)});
  doubled.sites.clear();
  for (int i = 0; i < 2; ++i)
    for (Site s : c.sites) {
      s.frac = wrap(Fractional((s.frac.x + i) / 2, s.frac.y, s.frac.z));
      doubled.sites.push_back(s);
    }
  for (const auto& [name, crystal, n_mg] :
       {std::make_tuple("shifted", shifted, 1), std::make_tuple("doubled", doubled, 2)}) {
    INFO(name);
    Report r = analyze(crystal, AnalysisOptions{});
    REQUIRE(r.mobile.sites.size() == static_cast<size_t>(n_mg));
    CHECK(r.mobile.vacancies.size() == static_cast<size_t>(8 * n_mg - n_mg));
    // Nearest 8a-8a distance from the original cubic cell (hand calculation, as above).
    std::vector<size_t> hs = hops_at(r, c.lattice.a() * std::sqrt(3.0) / 4);
    CHECK(hs.size() == static_cast<size_t>(4 * n_mg));
    for (size_t i : hs) CHECK(hop_cn_change(r, i) == 2);
    CHECK(r.mobile.n_groups == 1);
  }
}

TEST_CASE("every hop is the widest path within its detour budget, the shortest among those") {
  // Brute force over the whole periodic network (above) against the search's sweep over
  // thresholds: a dilute spinel with vacancies, forsterite (two Mg sites), and a 107-atom NASICON
  // cell with many hops.
  for (const std::string f : {test::shared_dir() + "/structures/mg_barrier_set/Co2O4_Mg_215.cif",
                              test::shared_dir() + "/structures/mg_barrier_set/MgxTi2P3O12_147.cif",
                              test::source_dir() + "/structures/Mg2SiO4_forsterite.cif"}) {
    INFO(f);
    Report r = test::analyze_file(f);
    REQUIRE(!r.mobile.hops.empty());
    check_widest_then_shortest(r);
  }
}

// The hop search looks at the network within (f + 1) / 2 times the largest hop distance of each
// site (f = tol::hop_detour_factor; PathOptions::hop_graph_factor 0): a node farther away is on
// no path within its detour budget (src/hop_search.cpp gives the bound). Reference: the same
// search over a local network twice as wide as the f times it took until 2026-12-05 (factor
// 3.0), which must find the same hops, to the bit. Every structure of the Mg barrier set.
TEST_CASE("The hop search's radius leaves out no hop (against a network twice as wide)") {
  const std::string dir = test::shared_dir() + "/structures/mg_barrier_set";
  int structures = 0;
  size_t hops = 0;
  for (const std::string& f : test::cifs_in(dir)) {
    INFO(f);
    Report r = test::analyze_file(f);
    if (r.framework.mobile_sites.empty() || r.network.nodes.empty()) continue;
    PathOptions po;
    po.vacant = find_vacant_sites(r.crystal, r.framework);
    const SymmetryInfo* sym = r.symmetry ? &*r.symmetry : nullptr;
    const MobilePaths tight =
        find_mobile_paths(r.network, r.crystal, r.framework.mobile_sites, sym, po);
    po.hop_graph_factor = 2 * tol::hop_detour_factor;
    const MobilePaths wide =
        find_mobile_paths(r.network, r.crystal, r.framework.mobile_sites, sym, po);
    REQUIRE(tight.hops.size() == wide.hops.size());
    for (size_t i = 0; i < tight.hops.size(); ++i) {
      const Hop &a = tight.hops[i], &b = wide.hops[i];
      CHECK(a.from == b.from);
      CHECK(a.to == b.to);
      CHECK(a.to_vacant == b.to_vacant);
      CHECK(a.offset == b.offset);
      CHECK(a.path_length_A == b.path_length_A);
      CHECK(a.bottleneck_A == b.bottleneck_A);
      CHECK(a.nodes == b.nodes);
      CHECK(a.node_offsets == b.node_offsets);
      CHECK(a.edges == b.edges);
      CHECK(a.group == b.group);
    }
    // And the same distinct-hop classes.
    CHECK(tight.n_groups == wide.n_groups);
    ++structures;
    hops += tight.hops.size();
  }
  WARN(structures << " structures, " << hops << " hops");
  CHECK(structures >= 90);
  CHECK(hops > 1000);
}
