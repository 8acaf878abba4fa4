#include "channelmap/channels.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <queue>

#include "channelmap/tolerances.hpp"
#include "periodic_union_find.hpp"

namespace channelmap {

namespace {
using detail::add;
using detail::edges_by_bottleneck;
using detail::is_zero;
using detail::PeriodicUnionFind;
using detail::sub;
constexpr double kNone = -std::numeric_limits<double>::infinity();

// Zeo++'s free-sphere search along one axis (calculateFreeSphereParameters, DESIGN.md 5): the
// network is repeated kCopies times along the axis and closed into a ring; a widest-path
// (maximin over edge bottlenecks) search starts across the ring's seam from every "source" node
// S and ends on the first path that reaches, in another copy, a source node it has already
// passed (S itself or one met on the way, as Zeo++ tracks per path). Returns {bottleneck, largest
// node radius on that path}. Ties between paths of equal bottleneck are broken in favour of the
// path pushed first (see `worse` below).
constexpr int kCopies = 11;
std::pair<double, double> free_sphere_path(const VoidNetwork& net, int axis) {
  const int n = static_cast<int>(net.nodes.size());
  struct Arc {
    int to;  // extended node id
    double r;
    int kind;  // 0 regular, +1 sink (across the seam), -1 source
  };
  auto ext = [&](int node, int copy) { return copy * n + node; };
  std::vector<std::vector<Arc>> adj(static_cast<size_t>(n) * kCopies);
  std::vector<char> is_source(adj.size(), 0);
  auto add_arc = [&](int u, int v, int shift, double r) {
    int sg = (shift > 0) - (shift < 0);  // Zeo++ uses only the sign of the shift
    for (int k = 0; k < kCopies; ++k) {
      int k2 = k + sg, kind = 0;
      if (k2 >= kCopies) k2 = 0, kind = 1;
      if (k2 < 0) k2 = kCopies - 1, kind = -1;
      adj[ext(u, k)].push_back({ext(v, k2), r, kind});
      if (kind == -1) is_source[ext(v, k2)] = 1;
    }
  };
  for (const Edge& e : net.edges) {
    add_arc(e.from, e.to, e.offset[axis], e.bottleneck_A);
    add_arc(e.to, e.from, -e.offset[axis], e.bottleneck_A);
  }
  // Source nodes and all their copies.
  std::vector<char> source_id(n, 0);
  for (size_t x = 0; x < adj.size(); ++x)
    if (is_source[x]) source_id[x % n] = 1;
  struct Path {
    double r;    // bottleneck so far
    double inc;  // largest node radius so far
    int node;
    bool to_sink;
    long order;
    int sources;  // this path's visited source nodes: index into `chain` (-1: none)
  };
  // The source nodes a path has visited, as linked lists sharing their tails.
  struct Link {
    int id;
    int next;
  };
  std::vector<Link> chain;
  auto visited_source = [&](int list, int id) {
    for (; list >= 0; list = chain[list].next)
      if (chain[list].id == id) return true;
    return false;
  };
  // Largest bottleneck first; among equal bottlenecks the path pushed first (a queue), which
  // reproduces Zeo++'s Dif on more of the reference structures than the alternatives tried
  // (larger or smaller included sphere first, last-in first-out); see docs/zeopp.md.
  auto worse = [](const Path& a, const Path& b) {
    if (a.r != b.r) return a.r < b.r;
    return a.order > b.order;
  };
  std::priority_queue<Path, std::vector<Path>, decltype(worse)> heap(worse);
  long order = 0;
  for (int k = 0; k < kCopies; ++k)
    for (int v = 0; v < n; ++v) {
      int sx = ext(v, k);
      if (!source_id[v]) continue;
      for (const Arc& a : adj[sx])
        if (a.kind == 1) {
          chain.push_back({v, -1});
          heap.push({a.r, std::max(net.nodes[v].radius_A, net.nodes[a.to % n].radius_A), a.to,
                     false, order++, static_cast<int>(chain.size()) - 1});
        }
    }
  std::vector<char> visited(adj.size(), 0);
  while (!heap.empty()) {
    Path best = heap.top();
    heap.pop();
    if (best.to_sink) return {best.r, best.inc};
    if (visited[best.node]) continue;
    visited[best.node] = 1;
    int id = best.node % n;
    // Back at a source node this path already passed (in another copy): a loop along the axis.
    int sources = best.sources;
    if (source_id[id]) {
      if (visited_source(sources, id)) return {best.r, best.inc};
      chain.push_back({id, sources});
      sources = static_cast<int>(chain.size()) - 1;
    }
    for (const Arc& a : adj[best.node]) {
      if (a.kind == -1) continue;
      if (a.kind == 0 && visited[a.to]) continue;
      heap.push({std::min(best.r, a.r), std::max(best.inc, net.nodes[a.to % n].radius_A), a.to,
                 a.kind == 1, order++, sources});
    }
  }
  return {kNone, kNone};
}

// The widest paths along `axis`: the edges whose bottleneck reaches `threshold` (Df/2 along the
// axis), rounding ties included.
bool on_widest_path(const Edge& e, double threshold) {
  return e.bottleneck_A >= threshold - tol::bottleneck_tie_A;
}

// The largest node radius in the parts of the network that percolate along `axis` when only
// the edges of the widest paths are kept: the largest sphere the free sphere can reach.
double largest_on_free_path(const VoidNetwork& net, int axis, double threshold) {
  if (threshold == kNone) return kNone;
  PeriodicUnionFind uf(net.nodes.size());
  for (const Edge& e : net.edges)
    if (on_widest_path(e, threshold)) uf.unite(e.from, e.to, e.offset);
  double best = kNone;
  for (size_t i = 0; i < net.nodes.size(); ++i) {
    Offset o;
    if (uf.lattice(uf.find(static_cast<int>(i), &o)).reaches_axis(axis))
      best = std::max(best, net.nodes[i].radius_A);
  }
  return best;
}

// The smallest t such that the nodes of radius <= t, joined by the edges of the widest paths,
// still percolate along `axis`: the smallest included sphere that some widest path gets by with.
// Nodes are switched on from the smallest up (Kruskal over nodes).
double smallest_on_free_path(const VoidNetwork& net, int axis, double threshold) {
  if (threshold == kNone) return kNone;
  const size_t n = net.nodes.size();
  std::vector<std::vector<int>> incident(n);
  for (size_t ei = 0; ei < net.edges.size(); ++ei) {
    const Edge& e = net.edges[ei];
    if (!on_widest_path(e, threshold)) continue;
    incident[e.from].push_back(static_cast<int>(ei));
    incident[e.to].push_back(static_cast<int>(ei));
  }
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return net.nodes[a].radius_A < net.nodes[b].radius_A; });
  std::vector<char> on(n, 0);
  PeriodicUnionFind uf(n);
  for (int i : order) {
    on[i] = 1;
    for (int ei : incident[i]) {
      const Edge& e = net.edges[ei];
      if (!on[e.from] || !on[e.to]) continue;
      if (uf.lattice(uf.unite(e.from, e.to, e.offset)).reaches_axis(axis))
        return net.nodes[i].radius_A;
    }
  }
  return kNone;
}

// The column of a non-zero row's first non-zero entry.
int pivot_column(const Offset& r) {
  return r[0] ? 0 : r[1] ? 1 : 2;
}

}  // namespace

void IntLattice::add(Offset v) {
  // A translation already in the lattice leaves its basis (one per lattice) as it is; percolation
  // on a grid meets the same ones again and again (issue #10).
  if (contains(v)) return;
  // Integer row reduction (Hermite-like): keep rows in echelon form by pivot column.
  for (int col = 0; col < 3 && !is_zero(v); ++col) {
    if (v[col] == 0) continue;
    auto it = std::find_if(rows_.begin(), rows_.end(), [&](const Offset& r) {
      return r[col] != 0 && (col == 0 || (r[0] == 0 && (col == 1 || r[1] == 0)));
    });
    if (it == rows_.end()) {
      rows_.push_back(v);
      break;
    }
    Offset& r = *it;
    // Euclid on the pivot column: r keeps the gcd, v gets 0 there.
    while (v[col] != 0) {
      int q = r[col] / v[col];
      for (int k = 0; k < 3; ++k) r[k] -= q * v[k];
      std::swap(r, v);
    }
  }
  normalize();
}

void IntLattice::normalize() {
  const auto piv = pivot_column;
  for (Offset& r : rows_)
    if (r[piv(r)] < 0) r = {-r[0], -r[1], -r[2]};
  std::sort(rows_.begin(), rows_.end(),
            [&](const Offset& a, const Offset& b) { return piv(a) < piv(b); });
  // Hermite normal form: every entry above a pivot in [0, pivot). The basis is then the same
  // whatever order the translations came in (a component reached by rounding-level ties in
  // another order gives the same rows).
  for (size_t j = 1; j < rows_.size(); ++j) {
    const int p = piv(rows_[j]);
    for (size_t i = 0; i < j; ++i) {
      int q = rows_[i][p] / rows_[j][p];
      if (rows_[i][p] - q * rows_[j][p] < 0) --q;  // floor division
      for (int k = 0; k < 3; ++k) rows_[i][k] -= q * rows_[j][k];
    }
  }
}

bool IntLattice::contains(const Offset& v0) const {
  // The rows are in echelon form by pivot column (normalize()): eliminate v column by column.
  Offset v = v0;
  for (int col = 0; col < 3; ++col) {
    if (v[col] == 0) continue;
    const Offset* row = nullptr;
    for (const Offset& r : rows_)
      if (pivot_column(r) == col) row = &r;
    if (!row || v[col] % (*row)[col] != 0) return false;
    const int q = v[col] / (*row)[col];
    for (int k = 0; k < 3; ++k) v[k] -= q * (*row)[k];
  }
  return true;
}

void IntLattice::add(const IntLattice& other) {
  for (const Offset& r : other.rows_) add(r);
}

bool IntLattice::reaches_axis(int axis) const {
  return std::any_of(rows_.begin(), rows_.end(), [&](const Offset& r) { return r[axis] != 0; });
}

Percolation analyze_percolation(const VoidNetwork& net, DifStyle style) {
  Percolation p;
  p.rf_A.fill(kNone);
  p.rf_axis_A.fill(kNone);
  for (size_t i = 0; i < net.nodes.size(); ++i)
    if (p.largest_node < 0 || net.nodes[i].radius_A > net.nodes[p.largest_node].radius_A)
      p.largest_node = static_cast<int>(i);
  if (p.largest_node >= 0) p.di_A = 2 * net.nodes[p.largest_node].radius_A;

  // Kruskal: add edges from the widest down; a threshold is met the first time it happens.
  PeriodicUnionFind uf(net.nodes.size());
  for (int ei : edges_by_bottleneck(net)) {
    const Edge& e = net.edges[ei];
    int root = uf.unite(e.from, e.to, e.offset);
    const IntLattice& lat = uf.lattice(root);
    for (int k = 0; k < lat.rank(); ++k)
      if (p.rf_A[k] == kNone) p.rf_A[k] = e.bottleneck_A;
    for (int a = 0; a < 3; ++a)
      if (p.rf_axis_A[a] == kNone && lat.reaches_axis(a)) p.rf_axis_A[a] = e.bottleneck_A;
  }
  // Df and Dif per axis, then the axis with the largest Df (ties: larger Dif), as Zeo++ -res.
  // Zeo++ compares the doubles exactly; the exact style counts rounding ties as ties.
  const double diameter_tie = 2 * tol::bottleneck_tie_A;
  const double tie = style == DifStyle::Zeopp ? 0.0 : diameter_tie;
  auto diameter = [](double r) { return r == kNone ? 0.0 : 2 * std::max(r, 0.0); };
  std::array<double, 3> dif_min{}, dif_max{};
  int best = -1;
  for (int a = 0; a < 3; ++a) {
    dif_min[a] = diameter(smallest_on_free_path(net, a, p.rf_axis_A[a]));
    dif_max[a] = diameter(largest_on_free_path(net, a, p.rf_axis_A[a]));
    if (style == DifStyle::Zeopp) {
      auto [rf, inc] = free_sphere_path(net, a);
      p.df_axis_A[a] = diameter(rf);
      p.dif_axis_A[a] = inc == kNone ? 0.0 : 2 * inc;
    } else {
      p.df_axis_A[a] = diameter(p.rf_axis_A[a]);
      p.dif_axis_A[a] = dif_max[a];
    }
    if (best < 0 || p.df_axis_A[a] > p.df_axis_A[best] + tie ||
        (p.df_axis_A[a] >= p.df_axis_A[best] - tie && p.dif_axis_A[a] > p.dif_axis_A[best]))
      best = a;
  }
  p.df_A = p.df_axis_A[best];
  p.dif_A = p.dif_axis_A[best];
  // The range over every axis whose Df ties with the reported one (exact ties or rounding).
  p.dif_range_A = {std::numeric_limits<double>::infinity(), 0.0};
  for (int a = 0; a < 3; ++a)
    if (p.df_axis_A[a] >= p.df_A - diameter_tie) {
      p.dif_range_A[0] = std::min(p.dif_range_A[0], dif_min[a]);
      p.dif_range_A[1] = std::max(p.dif_range_A[1], dif_max[a]);
    }
  return p;
}

ChannelSet find_channels(const VoidNetwork& net, double probe_A) {
  ChannelSet out;
  out.probe_A = probe_A;
  const size_t n = net.nodes.size();
  PeriodicUnionFind uf(n);
  auto open = [&](int i) { return net.nodes[i].radius_A > probe_A; };
  std::vector<int> kept;
  for (int ei : edges_by_bottleneck(net)) {
    const Edge& e = net.edges[ei];
    if (!(e.bottleneck_A > probe_A)) break;
    if (!open(e.from) || !open(e.to)) continue;
    uf.unite(e.from, e.to, e.offset);
    kept.push_back(ei);
  }
  // Components in order of their first node.
  std::vector<int> comp_of_root(n, -1);
  std::vector<std::vector<int>> members;
  for (size_t i = 0; i < n; ++i) {
    if (!open(static_cast<int>(i))) continue;
    Offset o;
    int r = uf.find(static_cast<int>(i), &o);
    if (comp_of_root[r] < 0) {
      comp_of_root[r] = static_cast<int>(members.size());
      members.emplace_back();
    }
    members[comp_of_root[r]].push_back(static_cast<int>(i));
  }
  for (const auto& m : members) {
    Offset o;
    int root = uf.find(m.front(), &o);
    const IntLattice& lat = uf.lattice(root);
    if (lat.rank() == 0) {
      ++out.pockets;
      continue;
    }
    Channel ch;
    ch.dimensionality = lat.rank();
    ch.directions = lat.basis();
    ch.nodes = m;
    for (int i : m)
      if (ch.widest_node < 0 || net.nodes[i].radius_A > net.nodes[ch.widest_node].radius_A)
        ch.widest_node = i;
    ch.widest_A = net.nodes[ch.widest_node].radius_A;
    // Its own percolation threshold: Kruskal over its edges until it regains its rank.
    std::vector<char> in(n, 0);
    for (int i : m) in[i] = 1;
    PeriodicUnionFind sub(n);
    ch.bottleneck_A = probe_A;
    for (int ei : kept) {
      const Edge& e = net.edges[ei];
      if (!in[e.from]) continue;
      int r = sub.unite(e.from, e.to, e.offset);
      if (sub.lattice(r).rank() >= ch.dimensionality) {
        ch.bottleneck_A = e.bottleneck_A;
        break;
      }
    }
    out.channels.push_back(std::move(ch));
  }
  return out;
}

}  // namespace channelmap
