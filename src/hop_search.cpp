#include "hop_search.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <queue>
#include <tuple>

#include "periodic_union_find.hpp"

namespace channelmap::detail {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

// The network around one site: node images within a radius, with their arcs.
struct LocalGraph {
  struct State {
    int node;
    Offset off;
  };
  struct Arc {
    int to;  // local state
    int edge;
    double bottleneck_A, length_A;
  };
  std::vector<State> states;
  std::vector<std::vector<Arc>> arcs;
};

LocalGraph local_graph(const VoidNetwork& net, int node, const Offset& off, const Position& origin,
                       double radius_A) {
  std::vector<std::vector<std::pair<int, Offset>>> adj(net.nodes.size());
  std::vector<std::vector<int>> adj_edge(net.nodes.size());
  for (size_t i = 0; i < net.edges.size(); ++i) {
    const Edge& e = net.edges[i];
    adj[e.from].push_back({e.to, e.offset});
    adj_edge[e.from].push_back(static_cast<int>(i));
    adj[e.to].push_back({e.from, {-e.offset[0], -e.offset[1], -e.offset[2]}});
    adj_edge[e.to].push_back(static_cast<int>(i));
  }
  LocalGraph g;
  std::map<std::tuple<int, int, int, int>, int> id;
  auto key = [](int n, const Offset& o) { return std::make_tuple(n, o[0], o[1], o[2]); };
  id[key(node, off)] = 0;
  g.states.push_back({node, off});
  g.arcs.emplace_back();
  for (size_t q = 0; q < g.states.size(); ++q) {  // breadth first; g.states grows
    const LocalGraph::State st = g.states[q];
    for (size_t k = 0; k < adj[st.node].size(); ++k) {
      int to = adj[st.node][k].first;
      Offset o = add(st.off, adj[st.node][k].second);
      auto it = id.find(key(to, o));
      if (it == id.end()) {
        if (distance(net.node_position(to, o), origin) > radius_A) continue;
        it = id.emplace(key(to, o), static_cast<int>(g.states.size())).first;
        g.states.push_back({to, o});
        g.arcs.emplace_back();
      }
      const Edge& e = net.edges[adj_edge[st.node][k]];
      g.arcs[q].push_back({it->second, adj_edge[st.node][k], e.bottleneck_A, e.length_A});
    }
  }
  return g;
}

// Shortest paths (by length) from state 0 over arcs at least `threshold` wide, not leaving
// terminal states (other than the start).
struct ShortestPaths {
  std::vector<double> length;
  std::vector<int> parent, parent_arc;  // local state and index into arcs[parent]
};

ShortestPaths shortest_paths(const LocalGraph& g, const std::vector<char>& terminal,
                             double threshold) {
  const size_t n = g.states.size();
  ShortestPaths sp{std::vector<double>(n, kInf), std::vector<int>(n, -1), std::vector<int>(n, -1)};
  using Item = std::pair<double, int>;
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> pq;
  sp.length[0] = 0;
  pq.push({0, 0});
  std::vector<char> done(n, 0);
  while (!pq.empty()) {
    auto [len, u] = pq.top();
    pq.pop();
    if (done[u]) continue;
    done[u] = 1;
    if (u != 0 && terminal[u]) continue;  // a path ends at the first site it meets
    for (size_t k = 0; k < g.arcs[u].size(); ++k) {
      const LocalGraph::Arc& a = g.arcs[u][k];
      if (a.bottleneck_A < threshold || done[a.to]) continue;
      double l = len + a.length_A;
      if (l < sp.length[a.to]) {
        sp.length[a.to] = l;
        sp.parent[a.to] = u;
        sp.parent_arc[a.to] = static_cast<int>(k);
        pq.push({l, a.to});
      }
    }
  }
  return sp;
}
}  // namespace

double hops_from(int s, const VoidNetwork& net, const HopEnds& hends, double max_hop_distance_A,
                 std::vector<Hop>& out) {
  const std::vector<MobileSite>& ends = hends.ends;
  const MobileSite& src = ends[s];
  const Lattice& L = net.lattice;
  const Position origin = L.orthogonalize(src.frac);
  auto cutoff = [&](int t) {
    if (max_hop_distance_A > 0) return max_hop_distance_A;
    return tol::hop_shell_factor * std::max(hends.nearest_A[s], hends.nearest_A[t]);
  };
  double largest_cut = 0;
  for (size_t t = 0; t < ends.size(); ++t) largest_cut = std::max(largest_cut, cutoff(t));
  // The source node sits at the site's nearest-node image closest to the site.
  Offset start_off{0, 0, 0};
  {
    Fractional d = src.frac - net.nodes[src.nearest_node].frac;
    for (int k = 0; k < 3; ++k) start_off[k] = static_cast<int>(std::lround(d[k]));
  }
  // Every node of an accepted path is within its length of the start.
  LocalGraph g = local_graph(net, src.nearest_node, start_off, origin,
                             tol::hop_detour_factor * largest_cut + src.node_distance_A);
  // Targets: the ends at each node image, the image of the end nearest to it.
  struct Target {
    int state, end;
    Offset off;
    double distance_A;
  };
  std::vector<Target> targets;
  std::vector<char> terminal(g.states.size(), 0);
  for (size_t q = 0; q < g.states.size(); ++q) {
    const LocalGraph::State& st = g.states[q];
    auto range = hends.at_node.equal_range(st.node);
    for (auto it = range.first; it != range.second; ++it) {
      const int t = it->second;
      Fractional d =
          ends[t].frac - (net.nodes[st.node].frac + Fractional(st.off[0], st.off[1], st.off[2]));
      Offset toff;
      for (int k = 0; k < 3; ++k) toff[k] = -static_cast<int>(std::lround(d[k]));
      if (t == s && toff == Offset{0, 0, 0}) continue;  // the start itself
      terminal[q] = 1;
      Position end = L.orthogonalize(ends[t].frac + Fractional(toff[0], toff[1], toff[2]));
      double dist = distance(origin, end);
      if (dist <= cutoff(t)) targets.push_back({static_cast<int>(q), t, toff, dist});
    }
  }
  // Distinct arc widths, widest first: the thresholds of the maximin search.
  std::vector<double> widths;
  for (const auto& v : g.arcs)
    for (const LocalGraph::Arc& a : v) widths.push_back(a.bottleneck_A);
  std::sort(widths.begin(), widths.end(), std::greater<double>());
  widths.erase(std::unique(widths.begin(), widths.end()), widths.end());
  std::map<size_t, ShortestPaths> memo;
  auto paths_at = [&](size_t k) -> const ShortestPaths& {
    auto it = memo.find(k);
    if (it == memo.end()) it = memo.emplace(k, shortest_paths(g, terminal, widths[k])).first;
    return it->second;
  };
  for (const Target& tg : targets) {
    const MobileSite& dst = ends[tg.end];
    const double budget =
        tol::hop_detour_factor * tg.distance_A - src.node_distance_A - dst.node_distance_A;
    Hop h;
    h.from = s;
    h.to = tg.end;
    h.offset = tg.off;
    h.distance_A = tg.distance_A;
    if (tg.state == 0) {  // two sites at one node: no edge between them
      if (budget < 0) continue;
      h.path_length_A = src.node_distance_A + dst.node_distance_A;
      h.bottleneck_A = net.nodes[src.nearest_node].radius_A;
      h.bottleneck_point = net.node_position(src.nearest_node, start_off);
      h.nodes = {src.nearest_node};
      h.node_offsets = {start_off};
      out.push_back(std::move(h));
      continue;
    }
    if (widths.empty() || paths_at(widths.size() - 1).length[tg.state] > budget) continue;
    // The widest threshold at which the shortest path is within the budget (monotone in k).
    size_t lo = 0, hi = widths.size() - 1;
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (paths_at(mid).length[tg.state] <= budget)
        hi = mid;
      else
        lo = mid + 1;
    }
    const ShortestPaths& sp = paths_at(lo);
    h.path_length_A = src.node_distance_A + sp.length[tg.state] + dst.node_distance_A;
    std::vector<int> chain;  // local states, start first
    for (int q = tg.state; q >= 0; q = sp.parent[q]) chain.push_back(q);
    std::reverse(chain.begin(), chain.end());
    h.bottleneck_A = kInf;
    for (size_t i = 0; i < chain.size(); ++i) {
      const LocalGraph::State& st = g.states[chain[i]];
      h.nodes.push_back(st.node);
      h.node_offsets.push_back(st.off);
      if (i == 0) continue;
      const LocalGraph::Arc& a = g.arcs[chain[i - 1]][sp.parent_arc[chain[i]]];
      h.edges.push_back(a.edge);
      if (a.bottleneck_A < h.bottleneck_A) {  // the first narrowest edge gives the point
        h.bottleneck_A = a.bottleneck_A;
        // The edge runs from node `from` (cell of its offset on the path) to `to`.
        const Edge& e = net.edges[a.edge];
        const LocalGraph::State& prev = g.states[chain[i - 1]];
        bool forward = prev.node == e.from && add(prev.off, e.offset) == st.off;
        Offset base = forward ? prev.off : st.off;
        h.bottleneck_point = e.bottleneck_point + L.translation(base);
      }
    }
    out.push_back(std::move(h));
  }
  return largest_cut;
}

}  // namespace channelmap::detail
