#include "hop_search.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <queue>
#include <tuple>

#include "int_array_hash.hpp"
#include "periodic_union_find.hpp"

namespace channelmap::detail {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

// The network around one site: node images within a radius, with their arcs.
struct LocalGraph {
  struct State {
    int node;
    Offset off;
    Position pos;  // the node image's position
  };
  struct Arc {
    int to;  // local state
    int edge;
    double bottleneck_A, length_A;
  };
  std::vector<State> states;
  // The arcs of state q are arcs[first[q]] .. arcs[first[q + 1] - 1] (one array: an array per
  // state cost an allocation per state; issue #10).
  std::vector<Arc> arcs;
  std::vector<int> first;
  int degree(int q) const { return first[q + 1] - first[q]; }
  const Arc& arc(int q, int k) const { return arcs[first[q] + k]; }
};

LocalGraph local_graph(const NetworkArcs& net_arcs, const VoidNetwork& net, int node,
                       const Offset& off, const Position& origin, double radius_A) {
  LocalGraph g;
  IntArrayMap<4> id;
  id.reserve(1024);
  auto key = [](int n, const Offset& o) { return std::array<int, 4>{n, o[0], o[1], o[2]}; };
  id.emplace(key(node, off), 0);
  g.states.push_back({node, off, net.node_position(node, off)});
  for (size_t q = 0; q < g.states.size(); ++q) {         // breadth first; g.states grows
    g.first.push_back(static_cast<int>(g.arcs.size()));  // state q's arcs come next
    const LocalGraph::State st = g.states[q];
    for (const NetworkArcs::Arc& na : net_arcs.of_node[st.node]) {
      const Offset o = add(st.off, na.offset);
      const std::array<int, 4> k = key(na.to, o);
      int to = id.find(k);
      if (to < 0) {
        const Position p = net.node_position(na.to, o);
        if (distance(p, origin) > radius_A) continue;
        to = id.emplace(k, static_cast<int>(g.states.size()));
        g.states.push_back({na.to, o, p});
      }
      const Edge& e = net.edges[na.edge];
      g.arcs.push_back({to, na.edge, e.bottleneck_A, e.length_A});
    }
  }
  g.first.push_back(static_cast<int>(g.arcs.size()));
  return g;
}

// Shortest paths (by length) from state 0 over arcs at least `threshold` wide, not leaving
// terminal states (other than the start). Stops once every state in `wanted` is settled: the
// lengths and parents of settled states (and so of their chains) are then final and the same
// as a full run's, and only they may be read.
struct ShortestPaths {
  std::vector<double> length;
  std::vector<int> parent, parent_arc;  // local state and index into arcs[parent]
};

ShortestPaths shortest_paths(const LocalGraph& g, const std::vector<char>& terminal,
                             double threshold, const std::vector<int>& wanted) {
  const size_t n = g.states.size();
  ShortestPaths sp{std::vector<double>(n, kInf), std::vector<int>(n, -1), std::vector<int>(n, -1)};
  using Item = std::pair<double, int>;
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> pq;
  sp.length[0] = 0;
  pq.push({0, 0});
  std::vector<char> done(n, 0), want(n, 0);
  size_t left = 0;
  for (int q : wanted)
    if (!want[q]) want[q] = 1, ++left;
  while (!pq.empty() && left > 0) {
    auto [len, u] = pq.top();
    pq.pop();
    if (done[u]) continue;
    done[u] = 1;
    if (want[u]) --left;
    if (u != 0 && terminal[u]) continue;  // a path ends at the first site it meets
    for (int k = 0; k < g.degree(u); ++k) {
      const LocalGraph::Arc& a = g.arc(u, k);
      if (a.bottleneck_A < threshold || done[a.to]) continue;
      double l = len + a.length_A;
      if (l < sp.length[a.to]) {
        sp.length[a.to] = l;
        sp.parent[a.to] = u;
        sp.parent_arc[a.to] = k;
        pq.push({l, a.to});
      }
    }
  }
  return sp;
}

// For each target (state, budget): the widest arc width w such that the shortest path over
// arcs at least w wide is within the budget, or NaN if there is none. The distances of
// shortest_paths(g, terminal, w) for every width w at once: the arcs are added widest first and
// each shortened distance is carried on (label correcting, with the same rule of not leaving
// terminal states). They are exactly the distances shortest_paths computes: both are the least
// fixed point of d(v) = min(d(u) + length) over the arcs taken, and floating-point addition is
// monotone, so that is the minimum over paths of the path's left-to-right sum. Distances only
// fall as arcs are added, so the first width at which a target meets its budget is the widest.
// `rank`: each network edge's place by decreasing bottleneck (NetworkArcs::rank).
std::vector<double> widest_within_budget(const LocalGraph& g, const std::vector<char>& terminal,
                                         const std::vector<std::pair<int, double>>& targets,
                                         const std::vector<int>& rank) {
  std::vector<double> width_of(targets.size(), std::nan(""));
  const size_t n = g.states.size();
  struct ArcRef {
    double width;
    int from, k;
  };
  // Distances above the largest budget decide nothing: a path's prefixes are no longer than
  // it, so every distance within the budget is still found exactly without them.
  double max_budget = -kInf;
  for (const auto& t : targets) max_budget = std::max(max_budget, t.second);
  // The arcs in order of width, widest first, but for those that can never be taken below:
  // out of a terminal state (a path ends there), or out of a state farther from the start in a
  // straight line than the largest budget (no path within it reaches that state). Leaving them
  // out changes no distance, and a width only they have would add nothing at its step.
  // Ordered by their edges' ranks (a counting sort, not a sort by width: issue #10); arcs of
  // equal width are taken together below, so their order among themselves does not matter.
  std::vector<int> count(rank.size() + 1, 0);
  auto taken = [&](size_t u) {
    return !((u != 0 && terminal[u]) ||
             distance(g.states[u].pos, g.states[0].pos) > max_budget + 1e-6);
  };
  std::vector<char> take(n);
  size_t n_arcs = 0;
  for (size_t u = 0; u < n; ++u) {
    take[u] = taken(u);
    if (!take[u]) continue;
    const int q = static_cast<int>(u);
    for (int k = 0; k < g.degree(q); ++k) ++count[rank[g.arc(q, k).edge] + 1];
    n_arcs += g.degree(q);
  }
  for (size_t r = 0; r + 1 < count.size(); ++r) count[r + 1] += count[r];
  std::vector<ArcRef> arcs(n_arcs);
  for (size_t u = 0; u < n; ++u) {
    if (!take[u]) continue;
    const int q = static_cast<int>(u);
    for (int k = 0; k < g.degree(q); ++k) {
      const LocalGraph::Arc& a = g.arc(q, k);
      arcs[count[rank[a.edge]]++] = {a.bottleneck_A, q, k};
    }
  }
  std::vector<double> dist(n, kInf);
  dist[0] = 0;
  auto relays = [&](int u) { return u == 0 || !terminal[u]; };
  using Item = std::pair<double, int>;
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> pq;
  size_t next = 0, left = targets.size();
  while (next < arcs.size() && left > 0) {
    const double w = arcs[next].width;  // the next width: its arcs join those taken
    bool changed = false;
    for (; next < arcs.size() && arcs[next].width >= w; ++next) {
      const int u = arcs[next].from;
      if (!relays(u) || dist[u] == kInf) continue;
      const LocalGraph::Arc& a = g.arc(u, arcs[next].k);
      const double l = dist[u] + a.length_A;
      if (l < dist[a.to] && l <= max_budget) {
        dist[a.to] = l;
        pq.push({l, a.to});
        changed = true;
      }
    }
    while (!pq.empty()) {
      auto [d, u] = pq.top();
      pq.pop();
      if (d > dist[u] || !relays(u)) continue;
      for (int k = 0; k < g.degree(u); ++k) {
        const LocalGraph::Arc& a = g.arc(u, k);
        if (a.bottleneck_A < w) continue;
        const double l = d + a.length_A;
        if (l < dist[a.to] && l <= max_budget) {
          dist[a.to] = l;
          pq.push({l, a.to});
        }
      }
    }
    if (!changed) continue;
    for (size_t t = 0; t < targets.size(); ++t)
      if (std::isnan(width_of[t]) && dist[targets[t].first] <= targets[t].second) {
        width_of[t] = w;
        --left;
      }
  }
  return width_of;
}
}  // namespace

double node_image_slack(const VoidNetwork& net, const std::vector<MobileSite>& ends) {
  double slack = 0;
  for (const MobileSite& t : ends) {
    Fractional r = t.frac - net.nodes[t.nearest_node].frac;
    for (int k = 0; k < 3; ++k) r[k] -= std::lround(r[k]);
    // A residual of exactly 1/2 may round either way in hops_from (the node image's offset
    // added): both signs.
    for (int flip = 0; flip < 8; ++flip) {
      Fractional q = r;
      bool skip = false;
      for (int k = 0; k < 3; ++k)
        if (flip >> k & 1) {
          if (std::fabs(q[k]) != 0.5) skip = true;
          q[k] = -q[k];
        }
      if (!skip) slack = std::max(slack, net.lattice.orthogonalize(q).length() - t.node_distance_A);
    }
  }
  return slack;
}

double hops_from(int s, const VoidNetwork& net, const HopEnds& hends, double max_hop_distance_A,
                 std::vector<Hop>& out, double graph_factor) {
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
  // Every node of an accepted path is within its length of the start: within R_old of the site.
  // Tighter (issue #10): a node p on a path of length L from the start node s0 to a target's
  // node n_t has |s0 - p| <= (L + |s0 - n_t|) / 2 (L >= |s0 - p| + |p - n_t|), and
  // |s0 - n_t| <= ds + d + dt, L <= f d - ns - nt (the budget below), with d the sites' distance,
  // f the detour factor, ns and nt the sites' node distances and ds, dt the distances to the
  // node images used (ds >= ns, dt >= nt: they differ only where rounding picks another image
  // than the nearest, in skewed cells). So |o - p| <= ds + ((f + 1) d + ds - ns + dt - nt) / 2.
  // The smaller of the two radii: a node beyond either is on no path within its budget.
  const double ds = distance(origin, net.node_position(src.nearest_node, start_off));
  const double slack = ds - src.node_distance_A + hends.node_slack_A;
  const double r_old = tol::hop_detour_factor * largest_cut + src.node_distance_A;
  const double r_new =
      ds + 0.5 * ((tol::hop_detour_factor + 1) * largest_cut + std::max(slack, 0.0)) + 1e-6;
  const double radius =
      graph_factor > 0 ? graph_factor * largest_cut + src.node_distance_A : std::min(r_old, r_new);
  LocalGraph g = local_graph(hends.arcs, net, src.nearest_node, start_off, origin, radius);
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
  // Per target: its budget, and the widest threshold at which the shortest path is within it.
  std::vector<double> budget(targets.size());
  std::vector<std::pair<int, double>> swept;  // (state, budget) of the targets off the start
  for (size_t t = 0; t < targets.size(); ++t) {
    budget[t] = tol::hop_detour_factor * targets[t].distance_A - src.node_distance_A -
                ends[targets[t].end].node_distance_A;
    if (targets[t].state != 0) swept.emplace_back(targets[t].state, budget[t]);
  }
  const std::vector<double> width = widest_within_budget(g, terminal, swept, hends.arcs.rank);
  // One shortest-path search per width used, run until its targets are settled.
  std::map<double, std::vector<int>> wanted;
  for (size_t t = 0; t < swept.size(); ++t)
    if (!std::isnan(width[t])) wanted[width[t]].push_back(swept[t].first);
  std::map<double, ShortestPaths> memo;
  auto paths_at = [&](double w) -> const ShortestPaths& {
    auto it = memo.find(w);
    if (it == memo.end()) it = memo.emplace(w, shortest_paths(g, terminal, w, wanted[w])).first;
    return it->second;
  };
  size_t next_swept = 0;
  for (size_t t = 0; t < targets.size(); ++t) {
    const Target& tg = targets[t];
    const MobileSite& dst = ends[tg.end];
    Hop h;
    h.from = s;
    h.to = tg.end;
    h.offset = tg.off;
    h.distance_A = tg.distance_A;
    if (tg.state == 0) {  // two sites at one node: no edge between them
      if (budget[t] < 0) continue;
      h.path_length_A = src.node_distance_A + dst.node_distance_A;
      h.bottleneck_A = net.nodes[src.nearest_node].radius_A;
      h.bottleneck_point = net.node_position(src.nearest_node, start_off);
      h.nodes = {src.nearest_node};
      h.node_offsets = {start_off};
      out.push_back(std::move(h));
      continue;
    }
    const double w = width[next_swept++];
    if (std::isnan(w)) continue;
    const ShortestPaths& sp = paths_at(w);
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
      const LocalGraph::Arc& a = g.arc(chain[i - 1], sp.parent_arc[chain[i]]);
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
