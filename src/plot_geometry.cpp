// The figure's geometry, without cairo: the projection of panel (a), the choice of its viewing
// axis, and the clearance profile of panel (b).
#include "plot_geometry.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <sstream>
#include <utility>

#include "channelmap/error.hpp"
#include "channelmap/framework.hpp"

namespace channelmap {

namespace detail {

View make_view(const Lattice& L, const Vec3& direction, int depth_axis, int cells,
               const Box& area) {
  View w;
  w.lat = &L;
  w.k = depth_axis;
  w.i = (depth_axis + 1) % 3;
  w.j = (depth_axis + 2) % 3;
  const Vec3& n = direction;
  Vec3 a = L.vector(w.i);
  Vec3 ap{a.x - n.x * a.dot(n), a.y - n.y * a.dot(n), a.z - n.z * a.dot(n)};
  if (ap.length() < 1e-9 * a.length()) {  // axis i seen end-on (only for a steep direction)
    a = L.vector(w.j);
    ap = {a.x - n.x * a.dot(n), a.y - n.y * a.dot(n), a.z - n.z * a.dot(n)};
  }
  double len = ap.length();
  w.u = {ap.x / len, ap.y / len, ap.z / len};
  w.v = n.cross(w.u);
  if (w.v.dot(L.vector(w.j)) < 0) w.v = {-w.v.x, -w.v.y, -w.v.z};  // j points up the page
  w.pi[0] = L.vector(w.i).dot(w.u), w.pi[1] = L.vector(w.i).dot(w.v);
  w.pj[0] = L.vector(w.j).dot(w.u), w.pj[1] = L.vector(w.j).dot(w.v);
  w.lat = &L;
  Fractional deep(0, 0, 0);
  deep[w.k] = 1;
  double dp, dq;
  w.apparent(deep, &dp, &dq);
  w.extra = static_cast<int>(std::ceil(std::max(std::abs(dp), std::abs(dq)) - 1e-9));
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
// Lattice axes whose angles to the hop differ by less than this in cosine are equally
// perpendicular to it when choosing the view (dimensionless).
constexpr double kPerpendicularTie = 1e-6;
// A view tilted by less than this from its lattice axis is named by the axis alone (degrees).
constexpr double kTiltShown_deg = 0.05;

constexpr const char* kAxis[3] = {"a", "b", "c"};

Vec3 unit(const Vec3& v) {
  double l = v.length();
  return {v.x / l, v.y / l, v.z / l};
}
// The lattice axis most nearly along unit vector d.
int most_parallel_axis(const Lattice& L, const Vec3& d) {
  int best = 2;
  double bc = -1;
  for (int k = 2; k >= 0; --k) {
    double c = std::abs(unit(L.vector(k)).dot(d));
    if (c > bc + kPerpendicularTie) best = k, bc = c;
  }
  return best;
}
std::string number(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}
}  // namespace

Fractional plot_axis_direction(const std::string& axis) {
  if (axis == "a") return {1, 0, 0};
  if (axis == "b") return {0, 1, 0};
  if (axis == "c") return {0, 0, 1};
  std::string t = axis;
  for (char& ch : t)
    if (ch == ',') ch = ' ';
  std::istringstream is(t);
  double u, v, w;
  std::string rest;
  if (!(is >> u >> v >> w) || (is >> rest) || !std::isfinite(u) || !std::isfinite(v) ||
      !std::isfinite(w) || (u == 0 && v == 0 && w == 0))
    fail("plot axis '", axis, "': expected a, b, c or three numbers u,v,w not all 0");
  return {u, v, w};
}

int plot_hop(const Report& r, int n) {
  if (r.mobile.hops.empty()) return -1;
  if (n < 1 || n > r.mobile.n_groups)
    fail("plot hop ", n, ": the structure has ", r.mobile.n_groups, " distinct hop(s), #1 to #",
         r.mobile.n_groups);
  for (size_t i = 0; i < r.mobile.hops.size(); ++i)
    if (r.mobile.hops[i].group == n - 1) return static_cast<int>(i);
  fail("plot hop ", n, ": no hop of that group");
}

PlotView plot_view(const Report& r, const PlotOptions& opt) {
  const Lattice& L = r.network.lattice;
  PlotView pv;
  if (!opt.axis.empty()) {
    Fractional f = plot_axis_direction(opt.axis);
    pv.direction = unit(L.orthogonalize(f));
    pv.depth_axis = most_parallel_axis(L, pv.direction);
    pv.description = opt.axis.size() == 1
                         ? opt.axis
                         : "[" + number(f.x) + " " + number(f.y) + " " + number(f.z) + "]";
    return pv;
  }
  ViewAxis va = view_axis(r);
  int hi = plot_hop(r, opt.hop);
  if (hi < 0) {
    pv.direction = unit(L.vector(va.axis));
    pv.depth_axis = va.axis;
    pv.description = kAxis[va.axis];
    return pv;
  }
  std::vector<Fractional> pts = hop_points(r, r.mobile.hops[hi]);
  Vec3 t = L.orthogonalize(pts.back()) - L.orthogonalize(pts.front());
  if (t.length() < kAxisTie_A) {  // a hop to its own position (never from find_mobile_paths)
    pv.direction = unit(L.vector(va.axis));
    pv.depth_axis = va.axis;
    pv.description = kAxis[va.axis];
    return pv;
  }
  t = unit(t);
  int best = -1;
  double bc = 2;
  for (int k : {va.axis, 2, 1, 0}) {  // ties: the most open axis, then c, then b
    double c = std::abs(unit(L.vector(k)).dot(t));
    if (c < bc - kPerpendicularTie) best = k, bc = c;
  }
  Vec3 n = unit(L.vector(best));
  double along = n.dot(t);
  pv.direction = unit({n.x - along * t.x, n.y - along * t.y, n.z - along * t.z});
  pv.depth_axis = most_parallel_axis(L, pv.direction);
  pv.tilt_deg = std::asin(std::min(1.0, bc)) * 180 / M_PI;
  pv.description = kAxis[best];
  if (pv.tilt_deg >= kTiltShown_deg) {
    std::ostringstream os;
    os.precision(1);
    os << std::fixed << " tilted " << pv.tilt_deg << "°";
    pv.description += os.str();
  }
  return pv;
}

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
