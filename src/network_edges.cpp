// The parts of the void network that need no CGAL: splicing out degree-two nodes after the
// diagram is built, and the passage radius of a window (kept out of network.cpp, the one
// translation unit that includes CGAL, so that they compile quickly).
#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>
#include <utility>
#include <vector>

#include "channelmap/network.hpp"
#include "channelmap/tolerances.hpp"
#include "network_detail.hpp"
#include "periodic_union_find.hpp"

namespace channelmap {

namespace {
Offset neg(const Offset& o) {
  return {-o[0], -o[1], -o[2]};
}
}  // namespace

namespace detail {

void orient(Edge& e, const Lattice& L) {
  if (e.from < e.to || (e.from == e.to && !(e.offset < Offset{0, 0, 0}))) return;
  e.bottleneck_point = e.bottleneck_point - L.translation(e.offset);
  std::swap(e.from, e.to);
  e.offset = neg(e.offset);
}

// Joins the two edges of each degree-two node on a straight line (see network_detail.hpp).
void splice_degree_two(VoidNetwork& net) {
  const int n = static_cast<int>(net.nodes.size());
  std::vector<char> alive_edge(net.edges.size(), 1), alive_node(n, 1);
  std::vector<std::vector<int>> inc(n);
  for (size_t i = 0; i < net.edges.size(); ++i) {
    inc[net.edges[i].from].push_back(static_cast<int>(i));
    inc[net.edges[i].to].push_back(static_cast<int>(i));
  }
  auto replace = [](std::vector<int>& v, int old_e, int new_e) {
    for (int& e : v)
      if (e == old_e) {
        e = new_e;
        return;
      }
  };
  // Splicing keeps the degree of the neighbours, so one pass over the nodes is enough.
  for (int v = 0; v < n; ++v) {
    if (inc[v].size() != 2 || inc[v][0] == inc[v][1]) continue;
    // The far end of each edge seen from v: node and offset.
    auto far = [&](int ei, int* x, Offset* o, bool* forward) {
      const Edge& e = net.edges[ei];
      *forward = e.from == v;
      *x = *forward ? e.to : e.from;
      *o = *forward ? e.offset : neg(e.offset);
    };
    int x, y;
    Offset o1, o2;
    bool f1, f2;
    far(inc[v][0], &x, &o1, &f1);
    far(inc[v][1], &y, &o2, &f2);
    if (x == v || y == v) continue;
    Offset o = sub(o2, o1);  // y relative to x
    if (x == y && o == Offset{0, 0, 0}) continue;
    // Only a node on the straight line between its neighbours is such a split edge.
    Position px = net.node_position(x, o1), py = net.node_position(y, o2);
    Position d = py - px;
    double t = std::clamp((net.nodes[v].pos - px).dot(d) / d.length_sq(), 0.0, 1.0);
    if (distance(px + d * t, net.nodes[v].pos) > tol::collinear_node_A) continue;
    const Edge a = net.edges[inc[v][0]];
    const Edge b = net.edges[inc[v][1]];
    Edge e;
    e.from = x;
    e.to = y;
    e.offset = o;
    e.window_radius_A = std::min(a.window_radius_A, b.window_radius_A);
    bool a_narrow = a.bottleneck_A <= b.bottleneck_A;
    const Edge& narrow = a_narrow ? a : b;
    e.bottleneck_A = narrow.bottleneck_A;
    // Bottleneck point into the frame of x: v sits at -o1 there; the narrow edge's point is in
    // the frame of its own `from` node.
    bool narrow_forward = a_narrow ? f1 : f2;
    Offset narrow_v = a_narrow ? o1 : o2;  // far end relative to v
    Offset from_in_v = narrow_forward ? Offset{0, 0, 0} : narrow_v;
    e.bottleneck_point = narrow.bottleneck_point + net.lattice.translation(sub(from_in_v, o1));
    orient(e, net.lattice);
    e.length_A = distance(net.nodes[e.from].pos, net.node_position(e.to, e.offset));
    int ne = static_cast<int>(net.edges.size());
    net.edges.push_back(e);
    alive_edge.push_back(1);
    alive_edge[inc[v][0]] = alive_edge[inc[v][1]] = 0;
    replace(inc[x], inc[v][0], ne);
    replace(inc[y], inc[v][1], ne);
    inc[v].clear();
    alive_node[v] = 0;
  }
  // Renumber the surviving nodes; parallel edges keep the widest.
  std::vector<int> id(n, -1);
  std::vector<Node> nodes;
  for (int v = 0; v < n; ++v)
    if (alive_node[v]) {
      id[v] = static_cast<int>(nodes.size());
      nodes.push_back(net.nodes[v]);
    }
  std::map<std::tuple<int, int, int, int, int>, size_t> seen;
  std::vector<Edge> edges;
  for (size_t i = 0; i < net.edges.size(); ++i) {
    if (!alive_edge[i]) continue;
    Edge e = net.edges[i];
    e.from = id[e.from];
    e.to = id[e.to];
    auto key = std::make_tuple(e.from, e.to, e.offset[0], e.offset[1], e.offset[2]);
    auto it = seen.find(key);
    if (it == seen.end()) {
      seen.emplace(key, edges.size());
      edges.push_back(e);
    } else if (e.bottleneck_A > edges[it->second].bottleneck_A) {
      edges[it->second] = e;
    }
  }
  net.nodes = std::move(nodes);
  net.edges = std::move(edges);
}

}  // namespace detail

namespace {
// At most n doubles, on the stack (window_radius is called for every facet of the cells in the
// unit cell).
template <int n>
struct SmallList {
  double v[n];
  int size = 0;
  void push_back(double x) { v[size++] = x; }
  const double* begin() const { return v; }
  const double* end() const { return v + size; }
};

// Points t in [0, len] of the line s + t u where |x - pa| - ra == |x - pb| - rb (at most 2).
void equal_clearance_points(const Position& s, const Position& u, double len, const Position& pa,
                            double ra, const Position& pb, double rb, SmallList<6>& out) {
  double al = u.dot(pa - s), bl = (pa - s).length_sq();
  double am = u.dot(pb - s), bm = (pb - s).length_sq();
  double delta = ra - rb;  // fa - fb = delta, fa = |x - pa|
  auto fa = [&](double t) { return std::sqrt(std::max(0.0, t * t - 2 * t * al + bl)); };
  auto fb = [&](double t) { return std::sqrt(std::max(0.0, t * t - 2 * t * am + bm)); };
  // fa^2 - fb^2 - delta^2 = 2 delta fb, with fa^2 - fb^2 = -2t(al - am) + (bl - bm).
  double c1 = -2 * (al - am), c0 = (bl - bm) - delta * delta;  // L(t) = c1 t + c0
  SmallList<2> roots;
  if (std::fabs(delta) < 1e-12) {
    if (std::fabs(c1) > 1e-15) roots.push_back(-c0 / c1);
  } else {
    // (c1 t + c0)^2 = 4 delta^2 (t^2 - 2 t am + bm)
    double d2 = 4 * delta * delta;
    double A = c1 * c1 - d2, B = 2 * c1 * c0 + 2 * d2 * am, C = c0 * c0 - d2 * bm;
    if (std::fabs(A) < 1e-15) {
      if (std::fabs(B) > 1e-15) roots.push_back(-C / B);
    } else {
      double disc = B * B - 4 * A * C;
      if (disc >= 0) {
        double sq = std::sqrt(disc);
        roots.push_back((-B + sq) / (2 * A));
        roots.push_back((-B - sq) / (2 * A));
      }
    }
  }
  for (double t : roots)
    if (t >= 0 && t <= len && std::fabs(fa(t) - fb(t) - delta) < 1e-7) out.push_back(t);
}
}  // namespace

double window_radius(const Position p[3], const double r[3], Position* at) {
  auto value = [&](const Position& x) {
    double v = 1e300;
    for (int i = 0; i < 3; ++i) v = std::min(v, distance(x, p[i]) - r[i]);
    return v;
  };
  // The largest value is at one of the candidates below: points of the triangle's edges where
  // two of the three clearances are equal (each clearance is convex along a line, so the
  // maximum of their minimum along an edge is at a crossing or an end), the interior point of
  // the plane equally far from the three sphere surfaces (elsewhere inside, a maximum of the
  // least of one or two convex clearances cannot be), and the triangle's corners. The first
  // candidate of greatest value counts: the edges' candidates in their order, the interior one,
  // the corners. A corner's value is at most minus its sphere's radius: it counts only where
  // overlapping spheres close the window (until 2026-12-05 the corners were left out, and such
  // a window's radius could come out lower than it is; issue #12).
  // The interior candidate is solved first: an edge whose candidates are all below it (at most
  // (|p_a - p_b| - r_a - r_b) / 2 on the edge from p_a to p_b, each of its points being that
  // far from one of the two surfaces) is left out, with the same result (issue #10).
  bool has_interior = false;
  double interior = -1e300;
  Position interior_at;
  Position e1 = p[1] - p[0], e2 = p[2] - p[0];
  Position nrm(e1.cross(e2));
  double area2 = nrm.length();
  if (area2 > 1e-12) {
    // 2D frame (x along e1).
    Position ux = e1 * (1.0 / e1.length());
    Position uy(nrm.cross(ux));
    uy = uy * (1.0 / uy.length());
    double q[3][2] = {{0, 0}, {e1.dot(ux), 0}, {e2.dot(ux), e2.dot(uy)}};
    // 2 (q_i - q_0) . x = |q_i|^2 - (r_i^2 - r_0^2) - 2 rho (r_i - r_0),  i = 1, 2
    double m00 = 2 * q[1][0], m01 = 2 * q[1][1], m10 = 2 * q[2][0], m11 = 2 * q[2][1];
    double det = m00 * m11 - m01 * m10;
    if (std::fabs(det) > 1e-12) {
      auto solve = [&](double b0, double b1, double* x, double* y) {
        *x = (b0 * m11 - m01 * b1) / det;
        *y = (m00 * b1 - b0 * m10) / det;
      };
      double k0[2], k1[2];  // x = k0 + rho * k1
      double s1 = q[1][0] * q[1][0] + q[1][1] * q[1][1], s2 = q[2][0] * q[2][0] + q[2][1] * q[2][1];
      solve(s1 - (r[1] * r[1] - r[0] * r[0]), s2 - (r[2] * r[2] - r[0] * r[0]), &k0[0], &k0[1]);
      solve(-2 * (r[1] - r[0]), -2 * (r[2] - r[0]), &k1[0], &k1[1]);
      // |x|^2 = (rho + r0)^2
      double A = k1[0] * k1[0] + k1[1] * k1[1] - 1;
      double B = 2 * (k0[0] * k1[0] + k0[1] * k1[1]) - 2 * r[0];
      double C = k0[0] * k0[0] + k0[1] * k0[1] - r[0] * r[0];
      SmallList<2> rhos;
      if (std::fabs(A) < 1e-14) {
        if (std::fabs(B) > 1e-14) rhos.push_back(-C / B);
      } else {
        double disc = B * B - 4 * A * C;
        if (disc >= 0) {
          rhos.push_back((-B + std::sqrt(disc)) / (2 * A));
          rhos.push_back((-B - std::sqrt(disc)) / (2 * A));
        }
      }
      for (double rho : rhos) {
        double x = k0[0] + rho * k1[0], y = k0[1] + rho * k1[1];
        if (rho + r[0] < 0) continue;
        // Inside the triangle? (barycentric coordinates)
        double l2 = y / q[2][1];
        double l1 = (x - l2 * q[2][0]) / q[1][0];
        if (l1 < -1e-12 || l2 < -1e-12 || l1 + l2 > 1 + 1e-12) continue;
        Position pt = p[0] + ux * x + uy * y;
        double v = value(pt);
        if (!has_interior || v > interior) {
          has_interior = true;
          interior = v;
          interior_at = pt;
        }
      }
    }
  }
  double best = -1e300;
  for (int e = 0; e < 3; ++e) {
    const Position& s = p[e];
    Position d = p[(e + 1) % 3] - s;
    double len = d.length();
    // 1e-9 A: far above the rounding of a candidate's value.
    if (has_interior && interior > 0.5 * (len - r[e] - r[(e + 1) % 3]) + 1e-9) continue;
    Position u = d * (1.0 / len);
    SmallList<6> ts;
    for (int a = 0; a < 3; ++a)
      for (int b = a + 1; b < 3; ++b) equal_clearance_points(s, u, len, p[a], r[a], p[b], r[b], ts);
    for (double t : ts) {
      Position pt = s + u * t;
      double v = value(pt);
      if (v > best) {
        best = v;
        if (at) *at = pt;
      }
    }
  }
  if (has_interior && interior > best) {
    best = interior;
    if (at) *at = interior_at;
  }
  for (int k = 0; k < 3; ++k) {
    if (!(-r[k] > best)) continue;  // the corner's value is at most -r[k]
    const double v = value(p[k]);
    if (v > best) {
      best = v;
      if (at) *at = p[k];
    }
  }
  return best;
}

}  // namespace channelmap
