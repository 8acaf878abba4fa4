#include "channelmap/paths.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <tuple>

#include "channelmap/error.hpp"
#include "hop_search.hpp"
#include "periodic_union_find.hpp"

namespace channelmap {

namespace {
using detail::PeriodicUnionFind;
constexpr double kNone = -std::numeric_limits<double>::infinity();

// A key telling framework positions apart by what sits there (element and occupancy).
std::string species_key(const Site& site) {
  std::string k;
  for (const Species& sp : site.species)
    k += cat(sp.element, ':', std::lround(sp.occupancy * 1e4), ';');
  return k;
}

MobileSite map_to_network(const VoidNetwork& net, const Lattice& lattice, MobileSite m) {
  double best = std::numeric_limits<double>::infinity();
  for (size_t i = 0; i < net.nodes.size(); ++i) {
    double d = lattice.periodic_distance(m.frac, net.nodes[i].frac);
    if (d < best) {
      best = d;
      m.nearest_node = static_cast<int>(i);
    }
  }
  m.node_distance_A = best;
  return m;
}

// Distance from each end to the nearest other end (or an image of its own), ends closer than
// tol::equivalent_site_merge_A (split positions of one site) left out.
std::vector<double> nearest_end_distances(const Lattice& lattice,
                                          const std::vector<MobileSite>& ends) {
  double shortest_vector = std::numeric_limits<double>::infinity();
  for (int k = 0; k < 3; ++k)
    shortest_vector = std::min(shortest_vector, lattice.vector(k).length());
  std::vector<double> out(ends.size(), shortest_vector);
  for (size_t i = 0; i < ends.size(); ++i)
    for (size_t j = i + 1; j < ends.size(); ++j) {
      double d = lattice.periodic_distance(ends[i].frac, ends[j].frac);
      if (d < tol::equivalent_site_merge_A) continue;  // split positions of one site
      out[i] = std::min(out[i], d);
      out[j] = std::min(out[j], d);
    }
  return out;
}
}  // namespace

MobilePaths find_mobile_paths(const VoidNetwork& net, const Crystal& crystal,
                              const std::vector<int>& mobile_sites, const SymmetryInfo* symmetry,
                              const PathOptions& opt) {
  MobilePaths mp;
  mp.rmob_A.fill(kNone);
  mp.rmob_axis_A.fill(kNone);
  if (net.nodes.empty()) return mp;
  for (int s : mobile_sites) {
    MobileSite m;
    m.site = s;
    m.label = crystal.sites[s].label();
    m.frac = crystal.sites[s].frac;
    if (symmetry) {
      m.wyckoff = symmetry->wyckoff[s];
      m.site_class = symmetry->site_class[s];
    }
    m = map_to_network(net, crystal.lattice, m);
    mp.sites.push_back(m);
  }
  for (size_t v = 0; v < opt.vacant.frac.size(); ++v) {
    MobileSite m = mp.sites[opt.vacant.source[v]];
    m.label += "(vacant)";
    m.frac = opt.vacant.frac[v];
    m.vacant = true;
    mp.vacancies.push_back(map_to_network(net, crystal.lattice, m));
  }
  if (mp.sites.empty()) return mp;

  // Mobile-ion percolation: Kruskal over the network, watching components holding a site.
  std::vector<char> holds_site(net.nodes.size(), 0);
  for (const MobileSite& m : mp.sites) holds_site[m.nearest_node] = 1;
  PeriodicUnionFind uf(net.nodes.size());
  for (int ei : detail::edges_by_bottleneck(net)) {
    const Edge& e = net.edges[ei];
    Offset oa, ob;
    bool site = holds_site[uf.find(e.from, &oa)] || holds_site[uf.find(e.to, &ob)];
    int root = uf.unite(e.from, e.to, e.offset);
    if (site) holds_site[root] = 1;
    if (!holds_site[root]) continue;
    const IntLattice& lat = uf.lattice(root);
    for (int k = 0; k < lat.rank(); ++k)
      if (mp.rmob_A[k] == kNone) mp.rmob_A[k] = e.bottleneck_A;
    for (int a = 0; a < 3; ++a)
      if (mp.rmob_axis_A[a] == kNone && lat.reaches_axis(a)) mp.rmob_axis_A[a] = e.bottleneck_A;
  }

  mp.shortest_distance_A = std::numeric_limits<double>::infinity();
  for (size_t i = 0; i < mp.sites.size(); ++i)
    for (size_t j = i; j < mp.sites.size(); ++j) {
      if (i == j) {  // the shortest lattice vector
        for (int k = 0; k < 3; ++k)
          mp.shortest_distance_A =
              std::min(mp.shortest_distance_A, crystal.lattice.vector(k).length());
        continue;
      }
      mp.shortest_distance_A =
          std::min(mp.shortest_distance_A,
                   crystal.lattice.periodic_distance(mp.sites[i].frac, mp.sites[j].frac));
    }
  detail::HopEnds ends;
  ends.ends = mp.sites;
  ends.ends.insert(ends.ends.end(), mp.vacancies.begin(), mp.vacancies.end());
  ends.n_occupied = static_cast<int>(mp.sites.size());
  for (size_t i = 0; i < ends.ends.size(); ++i)
    ends.at_node.emplace(ends.ends[i].nearest_node, static_cast<int>(i));
  ends.nearest_A = nearest_end_distances(crystal.lattice, ends.ends);
  ends.node_slack_A = detail::node_image_slack(net, ends.ends);
  ends.arcs = detail::NetworkArcs(net);
  std::vector<Hop> all;
  for (int s = 0; s < ends.n_occupied; ++s)
    mp.max_hop_distance_A = std::max(
        mp.max_hop_distance_A,
        detail::hops_from(s, net, ends, opt.max_hop_distance_A, all, opt.hop_graph_factor));
  for (Hop& h : all) {
    h.to_vacant = h.to >= ends.n_occupied;
    if (h.to_vacant) h.to -= ends.n_occupied;
    // Hops between occupied sites are found from both ends: keep one orientation.
    bool keep = h.to_vacant || h.from < h.to || (h.from == h.to && h.offset > Offset{0, 0, 0});
    if (keep) mp.hops.push_back(std::move(h));
  }
  // Symmetry-distinct hops: same pair of site classes, same kind of end (occupied or vacant),
  // same length and bottleneck.
  std::map<std::tuple<int, int, bool, long, long>, int> group_of;
  for (Hop& h : mp.hops) {
    int ca = mp.sites[h.from].site_class, cb = mp.end_site(h).site_class;
    if (ca < 0) ca = h.from, cb = mp.end_site(h).site;  // no symmetry: every hop its own pair
    if (ca > cb) std::swap(ca, cb);
    auto key = std::make_tuple(ca, cb, h.to_vacant, std::lround(h.distance_A * 1e3),
                               std::lround(h.bottleneck_A * 1e3));
    auto it = group_of.emplace(key, static_cast<int>(group_of.size())).first;
    h.group = it->second;
  }
  mp.n_groups = static_cast<int>(group_of.size());
  // Number groups by decreasing bottleneck (the widest hop first).
  std::vector<std::pair<double, int>> order;
  for (const auto& kv : group_of) {
    double b = 0;
    for (const Hop& h : mp.hops)
      if (h.group == kv.second) b = h.bottleneck_A;
    order.emplace_back(-b, kv.second);
  }
  std::sort(order.begin(), order.end());
  std::vector<int> renum(order.size());
  for (size_t i = 0; i < order.size(); ++i) renum[order[i].second] = static_cast<int>(i);
  for (Hop& h : mp.hops) h.group = renum[h.group];
  std::stable_sort(mp.hops.begin(), mp.hops.end(),
                   [](const Hop& a, const Hop& b) { return a.group < b.group; });
  return mp;
}

VacantSites find_vacant_sites(const Crystal& crystal, const Framework& fw, double symprec_A) {
  VacantSites out;
  if (fw.mobile_sites.empty()) return out;
  std::vector<Fractional> pos, seeds;
  std::vector<int> types;
  std::map<std::string, int> type_of;
  for (const Sphere& sp : fw.spheres) {
    pos.push_back(sp.frac);
    auto it = type_of.emplace(species_key(crystal.sites[sp.site]), type_of.size() + 1).first;
    types.push_back(it->second);
  }
  for (int s : fw.mobile_sites) seeds.push_back(crystal.sites[s].frac);
  std::vector<int> seed_of;
  std::vector<Fractional> orbit;
  try {
    // channelmap's own search at tol::host_symprec_A (spglib's operations there, without its
    // dataset: tests/unit/test_symmetry.cpp); spglib's for the single-site retry at a loose
    // tolerance, where what it keeps depends on the space-group type it identifies.
    const std::vector<SymmetryOperation> ops =
        symprec_A <= tol::host_symprec_A
            ? find_symmetry_operations(fw.lattice, pos, types, symprec_A)
            : symmetry_operations(fw.lattice, pos, types, symprec_A);
    orbit = symmetry_orbits(fw.lattice, ops, seeds, tol::equivalent_site_merge_A, &seed_of);
  } catch (const std::exception& e) {
    out.error = e.what();
    return out;
  }
  if (orbit.size() == seeds.size() && seeds.size() == 1 &&
      symprec_A < tol::host_symprec_single_site_A)
    return find_vacant_sites(crystal, fw, tol::host_symprec_single_site_A);
  for (size_t i = 0; i < orbit.size(); ++i) {
    bool occupied = false;
    for (const Fractional& f : seeds)
      occupied |= fw.lattice.periodic_distance(orbit[i], f) < tol::equivalent_site_merge_A;
    if (occupied) continue;
    out.frac.push_back(orbit[i]);
    out.source.push_back(seed_of[i]);
  }
  return out;
}

}  // namespace channelmap
