// build_network: in the cell given, or, for a supercell, in its smaller cell and carried over by
// the pure translations (docs/geometry.md, "Supercells"). No CGAL here.
#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>
#include <unordered_set>
#include <utility>

#include "centring.hpp"
#include "channelmap/network.hpp"
#include "int_array_hash.hpp"
#include "network_detail.hpp"

namespace channelmap {

namespace {

// The translation lattice's basis (rows, in the whole cell's fractional coordinates) made
// shorter by pairwise reduction (b_i -= round(b_i.b_j / b_j.b_j) b_j until nothing changes):
// the same lattice, right-handed still, but a less oblique cell needs fewer images.
std::array<Fractional, 3> reduced_basis(const Lattice& L, std::array<Fractional, 3> b) {
  for (int iter = 0; iter < 100; ++iter) {
    bool changed = false;
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) {
        if (i == j) continue;
        const Position vi = L.orthogonalize(b[i]), vj = L.orthogonalize(b[j]);
        const double m = std::nearbyint(vi.dot(vj) / vj.dot(vj));
        if (m != 0) {
          b[i] = b[i] - b[j] * m;
          changed = true;
        }
      }
    if (!changed) break;
  }
  return b;
}

// The network of the smaller cell carried over to the whole cell, or false when the framework
// is no supercell (or the carrying over does not close up; then the whole cell is built).
bool build_in_smaller_cell(const ClearanceField& field, const NetworkOptions& opt,
                           VoidNetwork* out) {
  const Framework& fw = field.framework();
  const Lattice& L = fw.lattice;
  const int n = static_cast<int>(fw.spheres.size());
  // Spheres are alike for the network when their radii are.
  std::vector<Fractional> pos(n);
  std::vector<int> types(n);
  std::map<double, int> type_of;
  for (int i = 0; i < n; ++i) {
    pos[i] = fw.spheres[i].frac;
    types[i] =
        type_of.emplace(fw.spheres[i].radius_A, static_cast<int>(type_of.size())).first->second;
  }
  detail::Centring cen;
  if (!detail::find_centring(L, pos, types, tol::network_centring_A, &cen)) return false;
  const int k = cen.k;
  // One sphere of each class (its first), and how far every sphere is from that sphere's
  // translate (the nearest of the k).
  const int m = n / k;
  std::vector<int> rep(m, -1);
  for (int i = 0; i < n; ++i)
    if (rep[cen.cls[i]] < 0) rep[cen.cls[i]] = i;
  double moved = 0;
  for (int i = 0; i < n; ++i) {
    const int r = rep[cen.cls[i]];
    double best = 1e300;
    for (const Fractional& t : cen.trans) {
      Fractional d = pos[i] - pos[r] - t;
      for (int a = 0; a < 3; ++a) d[a] -= std::nearbyint(d[a]);
      best = std::min(best, L.orthogonalize(d).length());
    }
    moved = std::max(moved, best);
  }
  if (!(moved <= tol::network_centring_A)) return false;
  const std::array<Fractional, 3> B = reduced_basis(L, cen.basis);
  // Smaller-cell fractional coordinates -> the whole cell's.
  auto to_whole = [&](const Fractional& f) { return B[0] * f[0] + B[1] * f[1] + B[2] * f[2]; };
  const Lattice S = Lattice::from_vectors(
      {Vec3(L.orthogonalize(B[0])), Vec3(L.orthogonalize(B[1])), Vec3(L.orthogonalize(B[2]))});
  Framework small;
  small.lattice = S;
  small.spheres.reserve(m);
  for (int c = 0; c < m; ++c) {
    Sphere s = fw.spheres[rep[c]];
    s.frac = wrap(S.fractionalize(L.orthogonalize(pos[rep[c]])));
    small.spheres.push_back(s);
  }
  const ClearanceField small_field(small);
  NetworkOptions so = opt;
  so.smaller_cell = NetworkOptions::SmallerCell::Never;
  const VoidNetwork sn = detail::build_network_in_cell(small_field, so);

  // Node i of the smaller cell becomes nodes i k + j, its translates by trans[j].
  VoidNetwork net;
  net.lattice = L;
  net.triangulated_points = sn.triangulated_points;
  net.image_padding_A = sn.image_padding_A;
  net.degenerate_circumcentres = k * sn.degenerate_circumcentres;
  net.lattice_points = k;
  net.symmetrized_A = moved;
  net.nodes.reserve(sn.nodes.size() * k);
  for (const Node& sn_node : sn.nodes)
    for (int j = 0; j < k; ++j) {
      Node nd = sn_node;
      nd.frac = wrap(to_whole(sn_node.frac) + cen.trans[j]);
      nd.pos = L.orthogonalize(nd.frac);
      net.nodes.push_back(nd);
    }
  // Edge (a, b, o) of the smaller cell from node a's translate j: it ends at that translate plus
  // the edge's vector, which is a translate j' of node b, shifted by a lattice vector of the
  // whole cell.
  std::unordered_set<std::array<int, 5>, detail::IntArrayHash<5>> seen;
  net.edges.reserve(sn.edges.size() * k);
  for (const Edge& se : sn.edges) {
    const Fractional step = to_whole(sn.nodes[se.to].frac - sn.nodes[se.from].frac +
                                     Fractional(se.offset[0], se.offset[1], se.offset[2]));
    for (int j = 0; j < k; ++j) {
      Edge e = se;
      e.from = se.from * k + j;
      const Node& from = net.nodes[e.from];
      const Fractional target = from.frac + step;
      e.to = -1;
      for (int j2 = 0; j2 < k && e.to < 0; ++j2) {
        Fractional d = target - net.nodes[se.to * k + j2].frac;
        Offset o;
        for (int a = 0; a < 3; ++a) o[a] = static_cast<int>(std::lround(d[a]));
        if (L.orthogonalize(d - Fractional(o[0], o[1], o[2])).length() < 1e-6) {
          e.to = se.to * k + j2;
          e.offset = o;
        }
      }
      if (e.to < 0) return false;
      e.bottleneck_point = se.bottleneck_point + (from.pos - sn.nodes[se.from].pos);
      detail::orient(e, L);  // as build_network_in_cell gives it
      if (!seen.insert(detail::edge_key(e)).second) return false;
      net.edges.push_back(e);
    }
  }
  std::sort(net.edges.begin(), net.edges.end(), [](const Edge& x, const Edge& y) {
    return std::tie(x.from, x.to, x.offset) < std::tie(y.from, y.to, y.offset);
  });
  *out = std::move(net);
  return true;
}

}  // namespace

VoidNetwork build_network(const ClearanceField& field, const NetworkOptions& opt) {
  const size_t n = field.framework().spheres.size();
  if (opt.smaller_cell == NetworkOptions::SmallerCell::Always ||
      (opt.smaller_cell == NetworkOptions::SmallerCell::Auto &&
       n >= static_cast<size_t>(tol::network_reduce_spheres))) {
    VoidNetwork net;
    if (build_in_smaller_cell(field, opt, &net)) return net;
  }
  return detail::build_network_in_cell(field, opt);
}

}  // namespace channelmap
