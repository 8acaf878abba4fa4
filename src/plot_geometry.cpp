// The figure's geometry, without cairo: the projection of panel (a), the choice of its viewing
// axis, and the clearance profile of panel (b).
#include "plot_geometry.hpp"

#include <algorithm>
#include <limits>
#include <utility>

#include "channelmap/framework.hpp"

namespace channelmap {

namespace detail {

View make_view(const Lattice& L, int axis, int cells, const Box& area) {
  View w;
  w.lat = &L;
  w.k = axis;
  w.i = (axis + 1) % 3;
  w.j = (axis + 2) % 3;
  Vec3 n = L.vector(axis), a = L.vector(w.i);
  n = {n.x / n.length(), n.y / n.length(), n.z / n.length()};
  Vec3 ap{a.x - n.x * a.dot(n), a.y - n.y * a.dot(n), a.z - n.z * a.dot(n)};
  double len = ap.length();
  w.u = {ap.x / len, ap.y / len, ap.z / len};
  w.v = n.cross(w.u);
  if (w.v.dot(L.vector(w.j)) < 0) w.v = {-w.v.x, -w.v.y, -w.v.z};  // j points up the page
  double xs[4], ys[4];
  for (int c = 0; c < 4; ++c) {
    Fractional f(0, 0, 0);
    f[w.i] = (c & 1) * cells;
    f[w.j] = (c >> 1) * cells;
    w.page(f, &xs[c], &ys[c]);
  }
  auto [xmin, xmax] = std::minmax({xs[0], xs[1], xs[2], xs[3]});
  auto [ymin, ymax] = std::minmax({ys[0], ys[1], ys[2], ys[3]});
  w.scale = std::min((area.x1 - area.x0) / (xmax - xmin), (area.y1 - area.y0) / (ymax - ymin));
  w.ox = (area.x0 + area.x1) / 2 - w.scale * (xmin + xmax) / 2;
  w.oy = (area.y0 + area.y1) / 2 - w.scale * (ymin + ymax) / 2;
  w.drawn = {w.ox + w.scale * xmin, w.oy + w.scale * ymin, w.ox + w.scale * xmax,
             w.oy + w.scale * ymax};
  return w;
}

std::vector<Fractional> hop_points(const Report& r, const Hop& h) {
  std::vector<Fractional> pts{r.mobile.sites[h.from].frac};
  for (size_t q = 0; q < h.nodes.size(); ++q) {
    const Offset& o = h.node_offsets[q];
    pts.push_back(r.network.nodes[h.nodes[q]].frac + Fractional(o[0], o[1], o[2]));
  }
  const Offset& o = h.offset;
  pts.push_back(r.mobile.end_site(h).frac + Fractional(o[0], o[1], o[2]));
  return pts;
}

}  // namespace detail

namespace {
using detail::hop_points;
using detail::kNone;

// Rmob or Rf along two axes closer than this are equal when choosing the view (A).
constexpr double kAxisTie_A = 1e-6;
}  // namespace

ViewAxis view_axis(const Report& r) {
  ViewAxis best;
  for (const auto& [name, values] :
       {std::pair{"Rmob", r.mobile.rmob_axis_A}, std::pair{"Rf", r.percolation.rf_axis_A}}) {
    for (int k = 2; k >= 0; --k)  // ties go to c, then b
      if (values[k] > kNone && (best.quantity.empty() || values[k] > best.value_A + kAxisTie_A))
        best = {k, name, values[k]};
    if (!best.quantity.empty()) return best;
  }
  return best;
}

HopProfile hop_profile(const Report& r, const Hop& h, int samples) {
  samples = std::max(samples, 2);
  std::vector<Position> pts;
  for (const Fractional& f : hop_points(r, h)) pts.push_back(r.network.lattice.orthogonalize(f));
  ClearanceField field(r.framework);
  HopProfile p;
  double best = std::numeric_limits<double>::infinity();
  for (size_t q = 0; q + 1 < pts.size(); ++q) {
    const Position &a = pts[q], &b = pts[q + 1];
    double len = distance(a, b);
    Position at;
    double m = field.segment_minimum(a, b, &at);  // exact, so the curve reaches the bottleneck
    std::vector<ProfilePoint> seg;
    if (len > 0) seg.push_back({p.length_A + distance(a, at), m});
    for (int t = q == 0 ? 0 : 1; t < (len > 0 ? samples : 1); ++t) {
      double f = static_cast<double>(t) / (samples - 1);
      seg.push_back({p.length_A + f * len, field.clearance(a + (b - a) * f)});
    }
    std::sort(seg.begin(), seg.end(), [](auto& x, auto& y) { return x.s_A < y.s_A; });
    p.curve.insert(p.curve.end(), seg.begin(), seg.end());
    // The hop's bottleneck point lies on the segment nearest to it.
    double t =
        len > 0 ? std::clamp((h.bottleneck_point - a).dot(b - a) / (len * len), 0.0, 1.0) : 0;
    double off = distance(h.bottleneck_point, a + (b - a) * t);
    if (off < best) best = off, p.bottleneck = {p.length_A + t * len, h.bottleneck_A};
    p.length_A += len;
    if (q + 1 < pts.size() - 1)
      p.nodes.push_back({p.length_A, r.network.nodes[h.nodes[q]].radius_A});
  }
  return p;
}

}  // namespace channelmap
