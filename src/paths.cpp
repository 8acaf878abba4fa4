#include "channelmap/paths.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <queue>
#include <tuple>

#include "periodic_union_find.hpp"

namespace channelmap {

namespace {
using detail::add;
using detail::PeriodicUnionFind;
using detail::sub;
constexpr double kNone = -std::numeric_limits<double>::infinity();

struct Arc {
  int to;
  Offset off;
  int edge;
};

std::vector<std::vector<Arc>> adjacency(const VoidNetwork& net) {
  std::vector<std::vector<Arc>> adj(net.nodes.size());
  for (size_t i = 0; i < net.edges.size(); ++i) {
    const Edge& e = net.edges[i];
    adj[e.from].push_back({e.to, e.offset, static_cast<int>(i)});
    adj[e.to].push_back({e.from, {-e.offset[0], -e.offset[1], -e.offset[2]}, static_cast<int>(i)});
  }
  return adj;
}

// Widest paths from the node of site `s` to the nodes of the other sites (terminals).
void hops_from(int s, const VoidNetwork& net, const std::vector<std::vector<Arc>>& adj,
               const MobilePaths& mp, const std::multimap<int, int>& sites_at_node,
               const PathOptions& opt, std::vector<Hop>& out) {
  struct State {
    double r;
    double len;
    int node;
    Offset off;
    long id;
  };
  auto worse = [](const State& a, const State& b) {
    if (a.r != b.r) return a.r < b.r;
    return a.len > b.len;
  };
  std::priority_queue<State, std::vector<State>, decltype(worse)> pq(worse);
  std::map<std::tuple<int, int, int, int>, long> seen;  // (node, offset) -> state id
  struct Back {
    long parent;
    int node;
    Offset off;
    int edge;
  };
  std::vector<Back> back;
  const MobileSite& src = mp.sites[s];
  const Lattice& L = net.lattice;
  Position origin = L.orthogonalize(src.frac);
  auto key = [](int n, const Offset& o) { return std::make_tuple(n, o[0], o[1], o[2]); };
  // The source node sits at the site's nearest-node image closest to the site.
  Offset start_off{0, 0, 0};
  {
    Fractional d = src.frac - net.nodes[src.nearest_node].frac;
    for (int k = 0; k < 3; ++k) start_off[k] = static_cast<int>(std::lround(d[k]));
  }
  back.push_back({-1, src.nearest_node, start_off, -1});
  pq.push({std::numeric_limits<double>::infinity(), src.node_distance_A, src.nearest_node,
           start_off, 0});
  std::map<std::tuple<int, int, int, int>, bool> settled;
  while (!pq.empty()) {
    State st = pq.top();
    pq.pop();
    auto k = key(st.node, st.off);
    if (settled.count(k)) continue;
    settled[k] = true;
    // A terminal: another site (or an image of this one) at this node.
    bool terminal = false;
    auto range = sites_at_node.equal_range(st.node);
    for (auto it = range.first; it != range.second; ++it) {
      int t = it->second;
      const MobileSite& dst = mp.sites[t];
      // The site image nearest to this node image.
      Fractional d =
          dst.frac - (net.nodes[st.node].frac + Fractional(st.off[0], st.off[1], st.off[2]));
      Offset toff;
      for (int q = 0; q < 3; ++q) toff[q] = -static_cast<int>(std::lround(d[q]));
      if (t == s && toff == Offset{0, 0, 0}) continue;  // the start itself
      terminal = true;
      Hop h;
      h.from = s;
      h.to = t;
      h.offset = toff;
      Position end = L.orthogonalize(dst.frac + Fractional(toff[0], toff[1], toff[2]));
      h.distance_A = distance(origin, end);
      h.path_length_A = st.len + dst.node_distance_A;
      h.bottleneck_A = st.r;
      for (long b = st.id; b >= 0; b = back[b].parent) {
        h.nodes.push_back(back[b].node);
        h.node_offsets.push_back(back[b].off);
        if (back[b].edge >= 0) h.edges.push_back(back[b].edge);
      }
      std::reverse(h.nodes.begin(), h.nodes.end());
      std::reverse(h.node_offsets.begin(), h.node_offsets.end());
      std::reverse(h.edges.begin(), h.edges.end());
      if (h.edges.empty()) h.bottleneck_A = net.nodes[st.node].radius_A;  // same node
      // Bottleneck point: that of the narrowest edge on the path.
      double worst = std::numeric_limits<double>::infinity();
      for (size_t q = 0; q < h.edges.size(); ++q) {
        const Edge& e = net.edges[h.edges[q]];
        if (e.bottleneck_A < worst) {
          worst = e.bottleneck_A;
          // The edge runs from node `from` (cell of its offset on the path) to `to`.
          bool forward =
              h.nodes[q] == e.from && add(h.node_offsets[q], e.offset) == h.node_offsets[q + 1];
          Offset base = forward ? h.node_offsets[q] : h.node_offsets[q + 1];
          h.bottleneck_point = e.bottleneck_point + L.translation(base);
        }
      }
      out.push_back(std::move(h));
    }
    if (terminal) continue;  // a hop ends at the first site it meets
    for (const Arc& a : adj[st.node]) {
      Offset o = add(st.off, a.off);
      if (settled.count(key(a.to, o))) continue;
      Position p = net.node_position(a.to, o);
      if (distance(p, origin) > opt.max_hop_distance_A) continue;
      const Edge& e = net.edges[a.edge];
      back.push_back({st.id, a.to, o, a.edge});
      pq.push({std::min(st.r, e.bottleneck_A), st.len + e.length_A, a.to, o,
               static_cast<long>(back.size() - 1)});
    }
  }
}
}  // namespace

MobilePaths find_mobile_paths(const VoidNetwork& net, const Crystal& crystal,
                              const std::vector<int>& mobile_sites, const SymmetryInfo* symmetry,
                              const PathOptions& opt) {
  MobilePaths mp;
  mp.rmob_A.fill(kNone);
  mp.rmob_axis_A.fill(kNone);
  if (net.nodes.empty()) return mp;
  std::multimap<int, int> sites_at_node;
  for (int s : mobile_sites) {
    MobileSite m;
    m.site = s;
    m.label = crystal.sites[s].label();
    m.frac = crystal.sites[s].frac;
    if (symmetry) {
      m.wyckoff = symmetry->wyckoff[s];
      m.site_class = symmetry->site_class[s];
    }
    double best = std::numeric_limits<double>::infinity();
    for (size_t i = 0; i < net.nodes.size(); ++i) {
      double d = crystal.lattice.periodic_distance(m.frac, net.nodes[i].frac);
      if (d < best) {
        best = d;
        m.nearest_node = static_cast<int>(i);
      }
    }
    m.node_distance_A = best;
    sites_at_node.emplace(m.nearest_node, static_cast<int>(mp.sites.size()));
    mp.sites.push_back(m);
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

  // Hops from every site; each hop is found from both ends: keep one orientation.
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
  PathOptions o = opt;
  if (o.max_hop_distance_A <= 0) o.max_hop_distance_A = std::min(8.0, 1.6 * mp.shortest_distance_A);
  mp.max_hop_distance_A = o.max_hop_distance_A;
  auto adj = adjacency(net);
  std::vector<Hop> all;
  for (size_t s = 0; s < mp.sites.size(); ++s)
    hops_from(static_cast<int>(s), net, adj, mp, sites_at_node, o, all);
  for (Hop& h : all) {
    bool keep = (h.from < h.to || (h.from == h.to && h.offset > Offset{0, 0, 0})) &&
                h.distance_A <= o.max_hop_distance_A;
    if (keep) mp.hops.push_back(std::move(h));
  }
  // Symmetry-distinct hops: same pair of site classes, same length and bottleneck.
  std::map<std::tuple<int, int, long, long>, int> group_of;
  for (Hop& h : mp.hops) {
    int ca = mp.sites[h.from].site_class, cb = mp.sites[h.to].site_class;
    if (ca < 0) ca = h.from, cb = h.to;  // no symmetry: every hop its own pair
    if (ca > cb) std::swap(ca, cb);
    auto key =
        std::make_tuple(ca, cb, std::lround(h.distance_A * 1e3), std::lround(h.bottleneck_A * 1e3));
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

}  // namespace channelmap
