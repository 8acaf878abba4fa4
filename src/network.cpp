// The power diagram through CGAL. The only translation unit that includes CGAL.
#include "channelmap/network.hpp"

#include <CGAL/Exact_predicates_inexact_constructions_kernel.h>
#include <CGAL/Gmpq.h>
#include <CGAL/Regular_triangulation_3.h>
#include <CGAL/Regular_triangulation_cell_base_3.h>
#include <CGAL/Regular_triangulation_vertex_base_3.h>
#include <CGAL/Triangulation_cell_base_with_info_3.h>
#include <CGAL/Triangulation_vertex_base_with_info_3.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>
#include <tuple>

#include "channelmap/error.hpp"
#include "channelmap/tolerances.hpp"
#include "int_array_hash.hpp"
#include "network_detail.hpp"
#include "periodic_union_find.hpp"

namespace channelmap {

namespace {

using K = CGAL::Exact_predicates_inexact_constructions_kernel;
using Vb0 = CGAL::Regular_triangulation_vertex_base_3<K>;
using Vb = CGAL::Triangulation_vertex_base_with_info_3<int, K, Vb0>;
// Hidden points (spheres inside others' power cells) are not kept: nothing reads them. A
// cell's info is its index in try_build's circumcentre arrays.
using Cb0 = CGAL::Regular_triangulation_cell_base_3<K, CGAL::Triangulation_cell_base_3<K>,
                                                    CGAL::Discard_hidden_points>;
using Cb = CGAL::Triangulation_cell_base_with_info_3<int, K, Cb0>;
using Tds = CGAL::Triangulation_data_structure_3<Vb, Cb>;
using Rt = CGAL::Regular_triangulation_3<K, Tds>;
using WPoint = K::Weighted_point_3;

// A sphere image in the triangulation.
struct Image {
  int sphere;
  Offset offset;
  Position pos;
  double radius;
};

// Images in a canonical order: by sphere, then lattice offset.
bool image_less(const Image& a, const Image& b) {
  return std::tie(a.sphere, a.offset) < std::tie(b.sphere, b.offset);
}

struct Circumcentre {
  Position c;
  double hint;  // distance from c to the surface of one of the cell's spheres (>= clearance)
  double power_radius2;  // |c - p|^2 - w for the cell's points
  bool exact_fallback;
};

// The weighted circumcentre of four weighted points relative to the first, solved in double
// (Cramer's rule) into `y`; false, leaving `y` alone, when the system is ill-conditioned: |det|
// at most `flat` times its scale (flat or nearly flat cells).
bool circumcentre_in_double(const Image* im[4], double flat, Position* y) {
  const Position& p0 = im[0]->pos;
  double w0 = im[0]->radius * im[0]->radius;
  double m[3][3], rhs[3];
  double scale = 0;
  for (int i = 0; i < 3; ++i) {
    Position q = im[i + 1]->pos - p0;
    double wi = im[i + 1]->radius * im[i + 1]->radius;
    for (int k = 0; k < 3; ++k) m[i][k] = 2 * q[k];
    rhs[i] = q.length_sq() - wi + w0;
    scale = std::max(scale, q.length());
  }
  auto det3 = [](double a[3][3]) {
    return a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) -
           a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0]) +
           a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
  };
  double det = det3(m);
  if (!(std::fabs(det) > flat * 8 * scale * scale * scale)) return false;
  for (int col = 0; col < 3; ++col) {
    double t[3][3];
    for (int i = 0; i < 3; ++i)
      for (int k = 0; k < 3; ++k) t[i][k] = (k == col) ? rhs[i] : m[i][k];
    (*y)[col] = det3(t) / det;
  }
  return true;
}

// Weighted circumcentre of four weighted points: solved relative to p0 in double, and again in
// exact rationals when the system is ill-conditioned (flat or nearly flat cells).
Circumcentre weighted_circumcentre(const Image* im[4]) {
  const Position& p0 = im[0]->pos;
  double w0 = im[0]->radius * im[0]->radius;
  Circumcentre out{};
  Position y;
  if (!circumcentre_in_double(im, 1e-10, &y)) {
    using Q = CGAL::Gmpq;
    Q a[3][3], b[3];
    for (int i = 0; i < 3; ++i) {
      for (int k = 0; k < 3; ++k) a[i][k] = Q(im[i + 1]->pos[k]) - Q(p0[k]);
      Q wi = Q(im[i + 1]->radius) * Q(im[i + 1]->radius);
      b[i] = (a[i][0] * a[i][0] + a[i][1] * a[i][1] + a[i][2] * a[i][2] - wi +
              Q(im[0]->radius) * Q(im[0]->radius)) /
             Q(2);
    }
    auto qdet = [](Q x[3][3]) {
      return x[0][0] * (x[1][1] * x[2][2] - x[1][2] * x[2][1]) -
             x[0][1] * (x[1][0] * x[2][2] - x[1][2] * x[2][0]) +
             x[0][2] * (x[1][0] * x[2][1] - x[1][1] * x[2][0]);
    };
    Q d = qdet(a);
    if (d == 0) fail("flat cell in the regular triangulation");
    for (int col = 0; col < 3; ++col) {
      Q t[3][3];
      for (int i = 0; i < 3; ++i)
        for (int k = 0; k < 3; ++k) t[i][k] = (k == col) ? b[i] : a[i][k];
      y[col] = CGAL::to_double(qdet(t) / d);
    }
    out.exact_fallback = true;
  }
  out.c = p0 + y;
  out.power_radius2 = y.length_sq() - w0;
  out.hint = std::numeric_limits<double>::infinity();
  for (int k = 0; k < 4; ++k)
    out.hint = std::min(out.hint, distance(out.c, im[k]->pos) - im[k]->radius);
  return out;
}

// Rounds to a multiple of 2^-24 A (6e-8 A). Snapped positions plus snapped lattice vectors
// times small integers are exact in double, so every image is an exact translate of its atom:
// the exact predicates then see a truly periodic point set, degenerate (cospherical)
// configurations stay exactly degenerate in every image and CGAL's symbolic perturbation,
// which depends only on the points' lexicographic order, treats them alike.
double snap(double x) {
  return std::ldexp(std::nearbyint(std::ldexp(x, 24)), -24);
}
Position snap(const Position& p) {
  return Position(snap(p.x), snap(p.y), snap(p.z));
}

// The periodic images of all spheres within `pad_A` of the unit cell (Lattice::distance_to_cell:
// the padded region is rounded at the cell's edges and corners, about 13 % fewer images than the
// box bounded by the faces' slabs that it was until 2026-12-05; issue #10), but not within
// `inner_A` (< 0: none).
std::vector<Image> make_images(const Framework& fw, double pad_A, double inner_A = -1) {
  const Lattice& L = fw.lattice;
  Position vec[3];
  for (int i = 0; i < 3; ++i) vec[i] = snap(Position(L.vector(i)));
  double ext[3], in[3];
  for (int i = 0; i < 3; ++i) ext[i] = pad_A / L.plane_spacing(i);
  for (int i = 0; i < 3; ++i) in[i] = inner_A / L.plane_spacing(i);
  // Within the slabs of the faces: a quick test that the rounded region's points all pass.
  auto within = [](const Fractional& g, const double e[3]) {
    return !(g.x < -e[0] || g.x > 1 + e[0] || g.y < -e[1] || g.y > 1 + e[1] || g.z < -e[2] ||
             g.z > 1 + e[2]);
  };
  std::vector<Image> out;
  for (size_t s = 0; s < fw.spheres.size(); ++s) {
    const Fractional& f = fw.spheres[s].frac;
    // Every offset that can put the image within the slabs, one more each way for rounding (a
    // sphere given outside [0, 1) too: the network's trust test counts on every image within
    // the padding being here).
    int lo[3], hi[3];
    for (int a = 0; a < 3; ++a) {
      lo[a] = static_cast<int>(std::ceil(-ext[a] - f[a])) - 1;
      hi[a] = static_cast<int>(std::floor(1 + ext[a] - f[a])) + 1;
    }
    for (int i = lo[0]; i <= hi[0]; ++i)
      for (int j = lo[1]; j <= hi[1]; ++j)
        for (int k = lo[2]; k <= hi[2]; ++k) {
          Fractional g = f + Fractional(i, j, k);
          if (!within(g, ext)) continue;
          const double dg = L.distance_to_cell(g);
          if (!(dg <= pad_A) || (inner_A >= 0 && within(g, in) && dg <= inner_A)) continue;
          Position p = snap(L.orthogonalize(f)) + vec[0] * i + vec[1] * j + vec[2] * k;
          out.push_back(Image{static_cast<int>(s), {i, j, k}, p, fw.spheres[s].radius_A});
        }
  }
  return out;
}

// Distance (A) from a point to the outside of the padded region: the padding less its distance
// to the cell (outside the cell: every point within that depth is within the padding of the
// cell, by the triangle inequality), or the padding plus its distance to the cell's faces
// (inside: a ball inside the cell about the point reaches any point outside it the same
// distance short of the point).
double depth_inside(const Lattice& L, const Fractional& f, double pad_A) {
  const double out = L.distance_to_cell(f);
  if (out > 0) return pad_A - out;
  double best = 1e300;
  for (int i = 0; i < 3; ++i) {
    double d = L.plane_spacing(i);
    best = std::min({best, f[i] * d + pad_A, (1 - f[i]) * d + pad_A});
  }
  return best;
}

// The unit cell widened by a little (`eps`) on every side: circumcentres on a cell face scatter
// by rounding around 0 and 1, so both images of such a point are taken and merge into one node.
bool near_unit_cell(const Fractional& f, double eps = 1e-6) {
  for (int k = 0; k < 3; ++k)
    if (!(f[k] >= -eps && f[k] < 1 + eps)) return false;
  return true;
}

// The cell's vertex indices (0..3) in the canonical order of their images. Every computation on
// a cell takes its vertices, and its neighbours, in this order, and the vertices in the unit cell
// are sorted by their images: the network then does not depend on how CGAL numbered the cells
// and their vertices, which changes with the image padding (issue #10).
void canonical_vertices(Rt::Cell_handle c, const std::vector<Image>& images, int perm[4]) {
  std::iota(perm, perm + 4, 0);
  std::sort(perm, perm + 4, [&](int a, int b) {
    return image_less(images[c->vertex(a)->info()], images[c->vertex(b)->info()]);
  });
}

struct DisjointSet {
  std::vector<int> p;
  explicit DisjointSet(size_t n) : p(n) { std::iota(p.begin(), p.end(), 0); }
  int find(int i) { return p[i] == i ? i : p[i] = find(p[i]); }
};

// A power-diagram edge between two unmerged vertices, with a bound on its clearance.
struct Segment {
  Position p, q;
  double bound;
  // Legs from the `from` node to p and from q to the `to` node, when those nodes were moved
  // off their power-diagram vertices (NetworkOptions::exact_nodes); bounds as `bound`.
  bool leg_from = false, leg_to = false;
  Position from_node, to_node;
  double from_bound = 0, to_bound = 0;
  // With unequal radii (NetworkOptions::exact_nodes): the point of the window (the triangle of
  // the three atoms the edge crosses) with the largest clearance against those three, and that
  // value. The straight path node -> window point -> node is a second real route.
  bool via_window = false;
  Position window_pt;
  double window_value = 0;
  Position tri[3];  // the window's three spheres (their own, unsnapped, positions)
  double rad[3] = {0, 0, 0};
  // The power-diagram edge's three spheres (the face it is dual to): sphere index and the
  // offset of the image as the clearance field's index places it, in the segment's frame; and
  // whether each end is a vertex of its own (no other vertex within the merge tolerance).
  int face_sphere[3] = {0, 0, 0};
  Offset face_offset[3] = {};
  bool lone_ends = false;
  // The radius of the fourth sphere of the cell at p and of the cell at q (the one each cell
  // has besides the face).
  double end_radius[2] = {0, 0};
};

// The minimum of the clearance along sg's power-diagram edge [p, q]: what
// ClearanceField::segment_minimum(p, q, at, sg.bound, stop_at) returns, to the bit, without its
// search where that is sure (issue #10). At each point x of the edge the face's three spheres
// have the least power P = |x - x_k|^2 - r_k^2; where P >= 0 a sphere s no larger than the
// face's largest is no closer than it (|x - x_s| - r_s < |x - x_k| - r_k with r_s <= r_k would
// give |x - x_s|^2 - r_s^2 < P), and strictly farther unless its power equals P there. A
// sphere's power less P is affine along the edge and >= 0 on it, so it is 0 at an inner point
// only if it is 0 all along, and then at both ends: a fifth sphere equally powerful at a vertex,
// whose vertex another cell shares (merged: not lone_ends). So when no sphere of the framework
// is larger than the face's largest, the ends are lone vertices, the face's least value is >= 0
// and above stop_at (the search would return the minimum, not the first value below stop_at),
// taken by one face sphere alone (no bitwise tie, where the search's order would decide) at a
// foot at least the merge tolerance inside the edge, the search would find the same sphere
// first-best, with the same value and foot. At an end the cell's fourth sphere is as powerful;
// it is still farther when it is smaller (at equal power P > 0 the distance to the surface,
// P / (|x - x_s| + r_s), falls as r_s grows), by a margin far above rounding when P is not
// tiny: a foot near an end counts when that end's fourth sphere is smaller by more than 1e-6 A
// and the value is above 1e-3 A. Otherwise the search.
double power_edge_minimum(const ClearanceField& field, const Segment& sg, Position* at,
                          double stop_at, double inside_A) {
  const Framework& fw = field.framework();
  auto search = [&]() { return field.segment_minimum(sg.p, sg.q, at, sg.bound, stop_at); };
  if (!sg.lone_ends) return search();
  double rmax = 0;
  for (int k = 0; k < 3; ++k) rmax = std::max(rmax, fw.spheres[sg.face_sphere[k]].radius_A);
  if (rmax < field.max_radius()) return search();
  // As segment_minimum computes each sphere's value.
  const Position ab = sg.q - sg.p;
  const double len2 = ab.length_sq();
  if (!(len2 > 0)) return search();
  const double len = std::sqrt(len2);
  const Lattice& L = fw.lattice;
  double d[3], t[3];
  Position foot[3];
  for (int k = 0; k < 3; ++k) {
    const int i = sg.face_sphere[k];
    const Position x = field.index().position(i) + L.translation(sg.face_offset[k]);
    t[k] = std::clamp((x - sg.p).dot(ab) / len2, 0.0, 1.0);
    foot[k] = sg.p + ab * t[k];
    d[k] = distance(x, foot[k]) - fw.spheres[i].radius_A;
  }
  int b = 0;
  for (int k = 1; k < 3; ++k)
    if (d[k] < d[b]) b = k;
  for (int k = 0; k < 3; ++k)
    if (k != b && d[k] == d[b]) return search();
  const double best = d[b];
  if (!(best >= 0) || !(best > stop_at) || !(best < sg.bound + 1e-6)) return search();
  const double rb = fw.spheres[sg.face_sphere[b]].radius_A;
  const bool near_p = t[b] * len < inside_A, near_q = (1 - t[b]) * len < inside_A;
  if ((near_p || near_q) && !(best > 1e-3)) return search();
  if (near_p && !(sg.end_radius[0] < rb - 1e-6)) return search();
  if (near_q && !(sg.end_radius[1] < rb - 1e-6)) return search();
  *at = foot[b];
  return best;
}

// The trisector of three spheres: the points equally clear of all three, |p - x_k| - r_k = t.
// For a given t they are m(t) +- h(t) n, with m(t) in the centres' plane (affine in t) and n its
// normal: the curve crosses the plane where h = 0, and t changes monotonically along each side.
class Trisector {
 public:
  Trisector(const Position x[3], const double r[3]) : x1_(x[0]), r1_(r[0]) {
    Position d2 = x[1] - x[0], d3 = x[2] - x[0];
    Position nn(d2.cross(d3));
    double g22 = d2.dot(d2), g23 = d2.dot(d3), g33 = d3.dot(d3);
    double det = g22 * g33 - g23 * g23;
    ok_ = nn.length() > 1e-9 && det > 1e-12 * g22 * g33;
    if (!ok_) return;
    n_ = nn * (1.0 / nn.length());
    // d_k . q = b_k(t) = (|d_k|^2 - r_k^2 + r_1^2) / 2 + t (r_1 - r_k), q = p - x_1.
    auto solve = [&](double b2, double b3) {
      double al = (b2 * g33 - b3 * g23) / det, be = (g22 * b3 - g23 * b2) / det;
      return d2 * al + d3 * be;
    };
    q0_ = solve((g22 - r[1] * r[1] + r[0] * r[0]) / 2, (g33 - r[2] * r[2] + r[0] * r[0]) / 2);
    q1_ = solve(r[0] - r[1], r[0] - r[2]);
  }
  bool ok() const { return ok_; }
  // h(t)^2 = (r_1 + t)^2 - |q0 + t q1|^2.
  double h2(double t) const {
    Position q = q0_ + q1_ * t;
    return (r1_ + t) * (r1_ + t) - q.dot(q);
  }
  // The crossing of the centres' plane (h = 0) nearest `near`; false when there is none.
  bool crossing(double near, double* t) const {
    double A = 1 - q1_.dot(q1_), B = 2 * r1_ - 2 * q0_.dot(q1_), C = r1_ * r1_ - q0_.dot(q0_);
    double roots[2];
    int n = 0;
    if (std::fabs(A) < 1e-14) {
      if (std::fabs(B) > 1e-14) roots[n++] = -C / B;
    } else {
      double disc = B * B - 4 * A * C;
      if (disc < 0) return false;
      double sq = std::sqrt(disc);
      roots[n++] = (-B + sq) / (2 * A);
      roots[n++] = (-B - sq) / (2 * A);
    }
    if (n == 0) return false;
    *t = roots[0];
    if (n == 2 && std::fabs(roots[1] - near) < std::fabs(roots[0] - near)) *t = roots[1];
    return true;
  }
  bool point(double t, int side, Position* p) const {
    double h2v = h2(t);
    if (h2v < -1e-9) return false;
    *p = x1_ + q0_ + q1_ * t + n_ * (side * std::sqrt(std::max(0.0, h2v)));
    return true;
  }
  int side(const Position& p) const { return (p - x1_).dot(n_) >= 0 ? 1 : -1; }
  // The first t in [t_from, t_to] at which some sphere other than the three comes closer to
  // the curve's point on `side` than t (so that the curve stops being equally clear of the
  // three and nothing else); t_to + 1 when none does. Exact, with no sampling: for a sphere
  // (x_e, r_e), F(t) = |p(t) - x_e|^2 - (r_e + t)^2 = alpha + beta t + 2 side k h(t), whose
  // zeros are among the roots of (alpha + beta t)^2 = 4 k^2 h(t)^2, a quadratic; F keeps its
  // sign between them. Ties (F = 0 along a stretch, a fourth sphere as clear as the three, as
  // in a square window) are not intrusions.
  double first_intrusion(const ClearanceField& field, const Position tri[3], const double rad[3],
                         int side, double t_from, double t_to) const {
    // The curve's points are |p - x_k| = r_k + t <= r_k + t_to from each centre: a sphere that
    // comes closer than t lies within r_k + r_e + 2 t_to of x_k.
    int kc = 0;
    for (int k = 1; k < 3; ++k)
      if (rad[k] < rad[kc]) kc = k;
    const double reach = rad[kc] + field.max_radius() + 2 * std::max(t_to, 0.0) + 1e-6;
    const double A2 = 1 - q1_.dot(q1_), B2 = 2 * r1_ - 2 * q0_.dot(q1_),
                 C2 = r1_ * r1_ - q0_.dot(q0_);
    // A tighter region, searched instead (the spheres it leaves out cannot intrude, so the
    // result is the same): the points tested, m(t) + side n h with h = sqrt(max(0, h2(t))),
    // lie in a box: the segment m([t_from, t_to]) (m affine) times [h_lo, h_hi] along n. An
    // intruder has F = |p - x_e|^2 - (r_e + t)^2 + min(0, h2) < 0, so it lies within
    // sqrt((r_e + t)^2 + max(0, -h2)) of a point of the box.
    const double t_lo = std::min(t_from, t_to), t_hi = std::max(t_from, t_to);
    double h2_lo = std::min(h2(t_lo), h2(t_hi)), h2_hi = std::max(h2(t_lo), h2(t_hi));
    if (A2 != 0) {
      const double tv = -B2 / (2 * A2);  // the vertex of h2, a quadratic in t
      if (tv > t_lo && tv < t_hi) {
        h2_lo = std::min(h2_lo, h2(tv));
        h2_hi = std::max(h2_hi, h2(tv));
      }
    }
    const double h_lo = std::sqrt(std::max(0.0, h2_lo)), h_hi = std::sqrt(std::max(0.0, h2_hi));
    const Position centre =
        x1_ + q0_ + q1_ * (0.5 * (t_lo + t_hi)) + n_ * (side * 0.5 * (h_lo + h_hi));
    const double half_len = 0.5 * (t_hi - t_lo) * q1_.length(), half_h = 0.5 * (h_hi - h_lo);
    const double box = std::sqrt(half_len * half_len + half_h * half_h);
    auto reach_of = [&](double r) {  // an intruder of radius r is within this of `centre`
      const double r_t = r + std::max(t_hi, 0.0);
      return box + std::sqrt(r_t * r_t + std::max(0.0, -h2_lo)) + 1e-6;
    };
    const double tight = reach_of(field.max_radius());
    // The spheres of the old region (a ball about tri[kc]) that are in the tight one: the same
    // test for_each_within makes, on the same image positions.
    const double reach2 = reach * reach;
    double first = t_to + 1;
    auto visit = [&](int i, const Position& xe, const Offset&) {
      if ((xe - tri[kc]).length_sq() > reach2) return;
      const double re = field.framework().spheres[i].radius_A;
      // The same bound with the sphere's own radius (smaller ones reach less far).
      const double re_reach = reach_of(re);
      if ((xe - centre).length_sq() > re_reach * re_reach) return;
      for (int k = 0; k < 3; ++k)
        if ((xe - tri[k]).length_sq() < 1e-12 && std::fabs(re - rad[k]) < 1e-12) return;
      const Position D = x1_ - xe;
      const double alpha = D.dot(D) + 2 * D.dot(q0_) + r1_ * r1_ - re * re;
      const double beta = 2 * D.dot(q1_) + 2 * (r1_ - re);
      const double kk = D.dot(n_);
      auto intrudes = [&](double t) {
        if (re + t <= 0) return false;  // |p - x_e| - r_e >= -r_e > t
        double F = alpha + beta * t + 2 * side * kk * std::sqrt(std::max(0.0, h2(t)));
        return F < -2 * (re + t) * 1e-9;  // closer than t by more than 1e-9 A
      };
      double z[4] = {t_from, t_to, t_to, t_to};
      int nz = 2;
      const double a = beta * beta - 4 * kk * kk * A2, b = 2 * alpha * beta - 4 * kk * kk * B2,
                   c = alpha * alpha - 4 * kk * kk * C2;
      if (std::fabs(a) > 1e-14) {
        double disc = b * b - 4 * a * c;
        if (disc >= 0) {
          double q = -0.5 * (b + std::copysign(std::sqrt(disc), b));
          z[nz++] = q / a;
          if (q != 0) z[nz++] = c / q;
        }
      } else if (std::fabs(b) > 1e-14) {
        z[nz++] = -c / b;
      }
      std::sort(z, z + nz);
      if (intrudes(t_from)) {
        first = std::min(first, t_from);
        return;
      }
      for (int m = 0; m + 1 < nz; ++m) {
        double lo = std::max(z[m], t_from), hi = std::min(z[m + 1], t_to);
        if (hi <= lo || lo >= first) continue;
        if (intrudes(0.5 * (lo + hi))) {
          first = std::min(first, lo);
          break;
        }
      }
    };
    if (tight < reach)
      field.index().for_each_within(centre, tight, visit);
    else
      field.index().for_each_within(tri[kc], reach, visit);
    return first;
  }

 private:
  Position x1_, n_, q0_, q1_;
  double r1_;
  bool ok_ = false;
};

// A route through the window along the trisector of its three spheres, from node a (clearance
// ca) to node z (cz): from each node to the trisector, along it to where it crosses the
// centres' plane (the window's saddle, w), and on to the other node. The three spheres are
// exactly t away along the curve and t grows from w on both sides, so the route is as clear as
// w unless a leg or another sphere comes closer. A node equally clear of the three spheres is
// on the curve and joins it there; another node joins it by a straight leg at the arc point
// that keeps the route clearest. When both nodes are on the same side of the curve, the arc
// between them is the route. Each half follows the curve itself as far as no other sphere cuts
// in (Trisector::first_intrusion), and falls back on 12 chords per arc, each minimised exactly,
// where that does not keep w's value. Returns the exact minimum of the clearance along the
// route, or -inf when there is no such route or it cannot beat `floor`.
double trisector_route(const ClearanceField& field, const Segment& sg, const Position& a, double ca,
                       const Position& z, double cz, double floor, Position* at) {
  const double none = -std::numeric_limits<double>::infinity();
  Trisector tr(sg.tri, sg.rad);
  if (!tr.ok()) return none;
  auto on = [&](const Position& y, double* t) {
    double d[3];
    for (int k = 0; k < 3; ++k) d[k] = distance(y, sg.tri[k]) - sg.rad[k];
    *t = d[0];
    return std::fabs(d[1] - d[0]) < 1e-7 && std::fabs(d[2] - d[0]) < 1e-7;
  };
  double ta, tz, tw;
  if (!tr.crossing(sg.window_value, &tw) || tw <= floor) return none;
  const bool a_on = on(a, &ta), z_on = on(z, &tz);
  constexpr int K = 12;
  auto chord = [&](const Position& p, const Position& q, double upper, Position* where) {
    return field.segment_minimum(p, q, where, upper + 1e-6);
  };
  if (a_on && z_on && tr.side(a) == tr.side(z)) {
    // Along their side, from ta to tz: t is monotone between them.
    if (std::min(ta, tz) <= floor) return none;
    Position prev = a;
    double best = std::numeric_limits<double>::infinity();
    for (int i = 1; i <= K; ++i) {
      Position p = z;
      if (i < K && !tr.point(ta + (tz - ta) * i / K, tr.side(a), &p)) return none;
      Position w;
      double m = chord(prev, p, std::max(ta, tz), &w);
      if (m < best) best = m, *at = w;
      if (best <= floor) return none;
      prev = p;
    }
    return best;
  }
  // One half: from w out along the side of node y to node y; returns the half's minimum.
  auto half = [&](const Position& y, double cy, bool y_on, double ty, Position* where) {
    const int side = tr.side(y);
    const double t_end = y_on ? ty : cy;
    if (t_end <= tw) return none;
    Position prev;
    if (!tr.point(tw, side, &prev)) return none;
    // First the curve itself: where no other sphere comes closer, its clearance is t, so from
    // w out to t_stop the route is exactly as clear as w (tw); the node joins it there, or by
    // a straight leg from one of K points of that stretch.
    double exact = none;
    Position exact_at = prev;
    const double t_stop =
        std::min(t_end, tr.first_intrusion(field, sg.tri, sg.rad, side, tw, t_end));
    if (t_stop > tw) {
      if (y_on && t_stop >= t_end) {
        exact = tw;
      } else {
        for (int i = 1; i <= K && exact < tw; ++i) {
          double f = static_cast<double>(i) / K;
          Position p, w2;
          if (!tr.point(tw + (t_stop - tw) * f * f, side, &p)) break;
          double leg = chord(p, y, cy, &w2);
          double v = std::min(tw, leg);
          if (v > exact) exact = v, exact_at = leg < tw ? w2 : prev;
        }
      }
    }
    if (exact >= tw) {
      *where = exact_at;
      return exact;
    }
    // Otherwise chords along the curve, which also pass where another sphere cuts in.
    double along = std::numeric_limits<double>::infinity();  // min from w to the arc point
    Position along_at = prev;
    double best = none;
    for (int i = 1; i <= K; ++i) {
      double f = static_cast<double>(i) / K;
      Position p;
      if (i == K && y_on) {
        p = y;
      } else if (!tr.point(tw + (t_end - tw) * f * f, side, &p)) {
        break;
      }
      Position w;
      double m = chord(prev, p, tw + (t_end - tw) * f * f, &w);
      if (m < along) along = m, along_at = w;
      if (along <= floor) break;
      prev = p;
      if (y_on) {
        if (i == K) best = along, *where = along_at;
        continue;
      }
      // Leave the arc here for node y, straight.
      Position w2;
      double leg = chord(p, y, cy, &w2);
      double v = std::min(along, leg);
      if (v > best) best = v, *where = leg < along ? w2 : along_at;
    }
    if (exact > best) best = exact, *where = exact_at;
    return best;
  };
  Position at_a, at_z;
  double ha = half(a, ca, a_on, ta, &at_a);
  if (ha <= floor) return none;
  double hz = half(z, cz, z_on, tz, &at_z);
  if (hz <= floor) return none;
  *at = ha <= hz ? at_a : at_z;
  return std::min(ha, hz);
}
// A saddle of the clearance between three spheres (issue #12): the point of their centres'
// plane equally clear of the three (value t), inside their triangle, that no other sphere
// covers. The spheres are listed in the canonical order of their images, the first with offset
// 0 (`key`: sphere and offset of each), so that the saddle does not depend on how it was found.
struct WindowSaddle {
  std::array<int, 12> key;
  Position x[3];
  double r[3];
  Position s;
  double value;
};

// The saddles of three spheres: points of the centres' plane equally clear of the three,
// |p - x_k| - r_k = t for all k, inside their triangle (barycentric coordinates >= -1e-9, so
// that a square window of four equal spheres counts). At most two, by increasing t.
int triple_saddles(const Position x[3], const double r[3], Position s[2], double t[2]) {
  const Position d2 = x[1] - x[0], d3 = x[2] - x[0];
  const double g22 = d2.dot(d2), g23 = d2.dot(d3), g33 = d3.dot(d3);
  const double det = g22 * g33 - g23 * g23;
  if (!(det > 1e-12 * g22 * g33)) return 0;
  // q = p - x_0 = al d2 + be d3, with d_k . q = (|d_k|^2 - r_k^2 + r_0^2) / 2 + t (r_0 - r_k)
  // (as Trisector): al and be are affine in t.
  auto solve = [&](double b2, double b3, double* al, double* be) {
    *al = (b2 * g33 - b3 * g23) / det;
    *be = (g22 * b3 - g23 * b2) / det;
  };
  double a0, b0, a1, b1;
  solve((g22 - r[1] * r[1] + r[0] * r[0]) / 2, (g33 - r[2] * r[2] + r[0] * r[0]) / 2, &a0, &b0);
  solve(r[0] - r[1], r[0] - r[2], &a1, &b1);
  const Position q0 = d2 * a0 + d3 * b0, q1 = d2 * a1 + d3 * b1;
  // In the plane: |q0 + t q1| = r_0 + t.
  const double A = 1 - q1.dot(q1), B = 2 * r[0] - 2 * q0.dot(q1), C = r[0] * r[0] - q0.dot(q0);
  double roots[2];
  int nr = 0;
  if (std::fabs(A) < 1e-14) {
    if (std::fabs(B) > 1e-14) roots[nr++] = -C / B;
  } else {
    const double disc = B * B - 4 * A * C;
    if (disc < 0) return 0;
    const double q = -0.5 * (B + std::copysign(std::sqrt(disc), B));
    roots[nr++] = q / A;
    if (q != 0) roots[nr++] = C / q;
  }
  if (nr == 2 && roots[1] < roots[0]) std::swap(roots[0], roots[1]);
  int n = 0;
  for (int k = 0; k < nr; ++k) {
    const double tt = roots[k];
    // |p - x_k| = |r_k + t|: the clearance is t only where r_k + t >= 0.
    if (r[0] + tt < 0 || r[1] + tt < 0 || r[2] + tt < 0) continue;
    const double al = a0 + tt * a1, be = b0 + tt * b1;
    if (al < -1e-9 || be < -1e-9 || al + be > 1 + 1e-9) continue;
    s[n] = x[0] + q0 + q1 * tt;
    t[n++] = tt;
  }
  return n;
}

using SaddleKeys = detail::IntArraySet<12>;
using Member = std::pair<int, Offset>;  // a sphere image: sphere, lattice offset

// A sphere image near a triple's saddles (position in the triple's frame, radius): the
// likeliest to cover them, tried before the clearance query.
using NearSphere = std::pair<Position, double>;

// The saddles of three sphere images that no other sphere covers, added to `out` unless their
// spheres (in canonical order, relative to the first: the key) were looked at before. `near`
// (optional): spheres in the frame of `in` tried first; one that covers a saddle by a clear
// margin decides, since the clearance query would find it or one closer (same result, cheaper).
void add_triple_saddles(const ClearanceField& field, const Member (&in)[3], SaddleKeys& seen,
                        std::vector<WindowSaddle>& out,
                        const std::vector<NearSphere>* near = nullptr) {
  const Framework& fw = field.framework();
  const Lattice& L = fw.lattice;
  Member m[3] = {in[0], in[1], in[2]};
  std::sort(m, m + 3);
  const Offset base = m[0].second;  // the canonical frame is the frame of `in` shifted by this
  for (int k = 2; k >= 0; --k)
    for (int d = 0; d < 3; ++d) m[k].second[d] -= m[0].second[d];
  std::array<int, 12> key;
  Position x[3];
  double r[3];
  for (int k = 0; k < 3; ++k) {
    key[4 * k] = m[k].first;
    for (int d = 0; d < 3; ++d) key[4 * k + 1 + d] = m[k].second[d];
    x[k] = L.orthogonalize(fw.spheres[m[k].first].frac) + L.translation(m[k].second);
    r[k] = fw.spheres[m[k].first].radius_A;
  }
  Position s[2];
  double t[2];
  const int n = triple_saddles(x, r, s, t);
  if (n == 0 || !seen.insert(key)) return;
  const Position to_in = near ? L.translation(base) : Position{0, 0, 0};
  for (int k = 0; k < n; ++k) {
    // Covered when another sphere is closer (a fourth as clear, in a square window, is not).
    // A near sphere closer than that by 1e-9 A (far more than the rounding of either distance)
    // is one the query below would find too.
    if (near) {
      const Position sk = s[k] + to_in;
      bool covered = false;
      for (const NearSphere& q : *near) {
        // |sk - q| - r < t - 1e-7 - 1e-9, told without the square root (its rounding is far
        // below the 1e-9 A).
        const double reach = t[k] - 1e-7 - 1e-9 + q.second;
        if (reach > 0 && (sk - q.first).length_sq() < reach * reach) {
          covered = true;
          break;
        }
      }
      if (covered) continue;
    }
    if (field.clearance(s[k], nullptr, t[k] + 1e-6) < t[k] - 1e-7) continue;
    WindowSaddle w;
    w.key = key;
    std::copy(x, x + 3, w.x);
    std::copy(r, r + 3, w.r);
    w.s = s[k];
    w.value = t[k];
    out.push_back(w);
  }
}

// The saddles of the triples of spheres that touch the empty ball at p of radius c (a local
// maximum of the clearance: its saddles are among them).
void saddles_around(const ClearanceField& field, const Position& p, double c, SaddleKeys& seen,
                    std::vector<WindowSaddle>& out) {
  std::vector<Member> touch;
  std::vector<NearSphere> near;
  field.index().for_each_within(p, c + field.max_radius() + 1e-6,
                                [&](int i, const Position& q, const Offset& o) {
                                  const double r = field.framework().spheres[i].radius_A;
                                  if (distance(p, q) - r <= c + 1e-7) {
                                    touch.emplace_back(i, o);
                                    near.emplace_back(q, r);
                                  }
                                });
  for (size_t a = 0; a < touch.size(); ++a)
    for (size_t b = a + 1; b < touch.size(); ++b)
      for (size_t d = b + 1; d < touch.size(); ++d) {
        const Member m[3] = {touch[a], touch[b], touch[d]};
        add_triple_saddles(field, m, seen, out, &near);
      }
}

// Every saddle of three spheres, one of them in the unit cell and the other two in its star
// (adjacent to it in the triangulation), that no other sphere covers. The triangulation only
// proposes the triples: each saddle is solved from its spheres in their canonical order.
// `top`: at least the clearance anywhere. A saddle of value t is t + r_k from each of its
// spheres' centres, so two of them are at most r_a + r_b + 2t apart; an uncovered saddle has
// t <= top, and pairs farther apart than that are not tried (they give none, or covered ones).
void collect_window_saddles(const ClearanceField& field, const Rt& rt,
                            const std::vector<Image>& images, double top, SaddleKeys& seen,
                            std::vector<WindowSaddle>& out) {
  const Lattice& L = field.framework().lattice;
  std::vector<Rt::Vertex_handle> star;
  std::vector<NearSphere> near;  // the star's spheres: most saddles one of them covers
  std::vector<int> close;        // the star's spheres near enough to the vertex's
  const double reach = 2 * top + 2e-6;
  for (auto v = rt.finite_vertices_begin(); v != rt.finite_vertices_end(); ++v) {
    const Image& iv = images[v->info()];
    if (iv.offset != Offset{0, 0, 0}) continue;
    star.clear();
    rt.finite_adjacent_vertices(v, std::back_inserter(star));
    near.clear();
    for (const Rt::Vertex_handle& w : star) {
      const Image& iw = images[w->info()];  // its pos is snapped: computed here exactly
      near.emplace_back(
          L.orthogonalize(field.framework().spheres[iw.sphere].frac) + L.translation(iw.offset),
          iw.radius);
    }
    const Position pv = L.orthogonalize(field.framework().spheres[iv.sphere].frac);
    close.clear();
    for (size_t a = 0; a < star.size(); ++a)
      if (distance(pv, near[a].first) <= iv.radius + near[a].second + reach)
        close.push_back(static_cast<int>(a));
    for (size_t ka = 0; ka < close.size(); ++ka)
      for (size_t kb = ka + 1; kb < close.size(); ++kb) {
        const size_t a = close[ka], b = close[kb];
        if (distance(near[a].first, near[b].first) > near[a].second + near[b].second + reach)
          continue;
        const Image& ia = images[star[a]->info()];
        const Image& ib = images[star[b]->info()];
        const Member m[3] = {
            {iv.sphere, iv.offset}, {ia.sphere, ia.offset}, {ib.sphere, ib.offset}};
        add_triple_saddles(field, m, seen, out, &near);
      }
  }
  std::sort(out.begin(), out.end(), [](const WindowSaddle& a, const WindowSaddle& b) {
    return std::tie(a.key, a.value) < std::tie(b.key, b.value);
  });
}

// Edges through the saddles no power-diagram edge passes (issue #12; docs/geometry.md,
// "Saddles that no power-diagram edge crosses"). From each saddle, on each side of its plane,
// the clearance rises along the trisector of its three spheres (they stay exactly t away and t
// grows), until a fourth sphere comes as close: a four-sphere point, where the side's node is
// looked for (a node there, else the node an ascent from there reaches, else a new node at the
// maximum it reaches). The saddle joins the two nodes with the exact minimum of that route
// (the saddle's value unless the last legs, straight segments, dip lower). A saddle's edge is
// kept only when it connects what the network does not already connect at its level: taken
// from the highest down, with the network's edges of the same or higher value (within 1e-9 A)
// before it, and saddles of the same level decided together, so that equivalent saddles are
// treated alike and the result does not depend on their order.
void add_window_saddles(const ClearanceField& field, std::vector<WindowSaddle> saddles,
                        double merge_A, VoidNetwork& net) {
  // Also the triples that touch each node's empty ball (a maximum's saddles are among them,
  // whether its spheres are adjacent in the triangulation or not), and, below, each new node's.
  SaddleKeys seen;
  seen.reserve(2 * saddles.size() + 64);
  for (const WindowSaddle& w : saddles) seen.insert(w.key);
  for (const Node& n : net.nodes) saddles_around(field, n.pos, n.radius_A, seen, saddles);
  if (saddles.empty()) return;
  const Lattice& L = net.lattice;
  const int n_old = static_cast<int>(net.nodes.size());
  double top = 0;
  for (const Node& n : net.nodes) top = std::max(top, n.radius_A);
  std::vector<Fractional> node_f;
  for (const Node& n : net.nodes) node_f.push_back(n.frac);
  const PeriodicIndex nodes(L, node_f, 2.0);
  std::vector<Node> extra;  // maxima that no node stands for
  // The node (index, offset) a side's route ends at, from the four-sphere point p (value tp);
  // *leg: the exact minimum of the straight leg from p to it. False when none is found.
  std::vector<std::pair<Position, double>> targets;
  std::vector<std::pair<int, Offset>> target_of;
  // The node at point p (within the merge tolerance), a node of the network or a new one:
  // index and offset, or false.
  auto node_at = [&](const Position& p, int* found, Offset* fo) {
    *found = -1;
    double best = merge_A;
    nodes.for_each_within(p, merge_A, [&](int j, const Position& q, const Offset& o) {
      const double d = distance(p, q);
      if (d <= best) best = d, *found = j, *fo = o;
    });
    const Fractional pf = L.fractionalize(p);
    for (size_t k = 0; k < extra.size() && *found < 0; ++k) {
      const Fractional d = extra[k].frac - pf;
      const Offset o{-static_cast<int>(std::nearbyint(d[0])),
                     -static_cast<int>(std::nearbyint(d[1])),
                     -static_cast<int>(std::nearbyint(d[2]))};
      if (distance(p, extra[k].pos + L.translation(o)) <= merge_A) {
        *found = n_old + static_cast<int>(k);
        *fo = o;
      }
    }
    return *found >= 0;
  };
  std::vector<std::tuple<double, int, Offset, Position>> near;
  // The node a side's route ends at, from the four-sphere point p (clearance tp): the node at
  // p, else the one an ascent from p reaches (a known one it sees on the way, or a new node at
  // the maximum). *leg: the exact minimum of the straight leg from p to it, or `keep` when
  // that is at least `keep`.
  auto node_near = [&](const Position& p, double tp, int* node, Offset* off, double* leg,
                       double keep) {
    int found = -1;
    Offset fo{0, 0, 0};
    if (!node_at(p, &found, &fo)) {
      // The known maxima near p whose empty balls meet p's, nearest first: the ascent stops
      // as soon as it sees one. (Farther ones are found at the end, by node_at.)
      near.clear();
      const double reach = std::min(tp + top, 2 * tp + 1.0) + 1e-6;
      nodes.for_each_within(p, reach, [&](int j, const Position& q, const Offset& o) {
        const double d = distance(p, q);
        if (d < tp + net.nodes[j].radius_A) near.emplace_back(d, j, o, q);
      });
      const Fractional pf = L.fractionalize(p);
      for (size_t k = 0; k < extra.size(); ++k) {
        const Fractional d = extra[k].frac - pf;
        const Offset o{-static_cast<int>(std::nearbyint(d[0])),
                       -static_cast<int>(std::nearbyint(d[1])),
                       -static_cast<int>(std::nearbyint(d[2]))};
        const Position q = extra[k].pos + L.translation(o);
        const double dd = distance(p, q);
        if (dd < reach && dd < tp + extra[k].radius_A)
          near.emplace_back(dd, n_old + static_cast<int>(k), o, q);
      }
      std::sort(near.begin(), near.end(), [](const auto& x, const auto& y) {
        return std::tie(std::get<0>(x), std::get<1>(x), std::get<2>(x)) <
               std::tie(std::get<0>(y), std::get<1>(y), std::get<2>(y));
      });
      targets.clear();
      target_of.clear();
      for (const auto& t : near) {
        const int j = std::get<1>(t);
        targets.emplace_back(std::get<3>(t),
                             j < n_old ? net.nodes[j].radius_A : extra[j - n_old].radius_A);
        target_of.emplace_back(j, std::get<2>(t));
      }
      Position m;
      int reached = -1;
      const TargetList listed(targets);
      const double cm = field.local_maximum(p, &m, tp + 1e-6, &listed, &reached);
      if (reached >= 0) {
        found = target_of[reached].first;
        fo = target_of[reached].second;
      } else if (!node_at(m, &found, &fo)) {
        // A maximum no node stands for: a new node.
        const Fractional mf = L.fractionalize(m);
        Node nn;
        nn.frac = wrap(mf);
        nn.pos = L.orthogonalize(nn.frac);
        nn.radius_A = cm;
        nn.moved = true;
        found = n_old + static_cast<int>(extra.size());
        for (int a = 0; a < 3; ++a) fo[a] = static_cast<int>(std::lround(mf[a] - nn.frac[a]));
        extra.push_back(nn);
        top = std::max(top, cm);
      }
    }
    const Node& nd = found < n_old ? net.nodes[found] : extra[found - n_old];
    const Position q = nd.pos + L.translation(fo);
    *node = found;
    *off = fo;
    // The leg keeps `keep` by the 1-Lipschitz bound when p is that close to the node.
    if (distance(p, q) <= nd.radius_A - keep || field.segment_keeps(p, q, keep, tp + 1e-6))
      *leg = keep;
    else
      *leg = field.segment_minimum(p, q, nullptr, tp + 1e-6);  // exact: it dips below keep
    return true;
  };

  struct Join {
    int a, b;
    Offset o;  // b's offset relative to a
    double value;
    Position at;
    double window;
  };
  // A saddle that an edge already passes needs nothing: an edge whose narrowest point is the
  // saddle, as wide (within tol::saddle_tie_A), with its ends on the two sides of the
  // saddle's plane, joins the two sides at that level. (The window routes make many such.)
  std::vector<Fractional> narrow_f(net.edges.size());
  std::vector<Offset> narrow_shift(net.edges.size());  // wrapped point - bottleneck_point
  for (size_t i = 0; i < net.edges.size(); ++i) {
    const Fractional f = L.fractionalize(net.edges[i].bottleneck_point);
    narrow_f[i] = wrap(f);
    for (int a = 0; a < 3; ++a)
      narrow_shift[i][a] = static_cast<int>(std::lround(narrow_f[i][a] - f[a]));
  }
  const PeriodicIndex narrow(L, narrow_f, 2.0);
  auto passed = [&](const WindowSaddle& w) {
    const Position nrm = Position((w.x[1] - w.x[0]).cross(w.x[2] - w.x[0]));
    return narrow.find_within(w.s, 1e-6, [&](int i, const Position&, const Offset& o) {
      const Edge& e = net.edges[i];
      if (e.bottleneck_A < w.value - tol::saddle_tie_A) return false;
      const Position t = L.translation(detail::add(narrow_shift[i], o));
      const double sa = nrm.dot(net.nodes[e.from].pos + t - w.s);
      const double sb = nrm.dot(net.node_position(e.to, e.offset) + t - w.s);
      return (sa < 0 && sb > 0) || (sa > 0 && sb < 0);
    });
  };
  std::vector<Join> joins;
  size_t n_extra_seen = 0;
  for (size_t q = 0;; ++q) {
    for (; n_extra_seen < extra.size(); ++n_extra_seen)
      saddles_around(field, extra[n_extra_seen].pos, extra[n_extra_seen].radius_A, seen, saddles);
    if (q >= saddles.size()) break;
    const WindowSaddle w = saddles[q];  // a copy: saddles_around appends
    if (passed(w)) continue;
    Trisector tri(w.x, w.r);
    if (!tri.ok()) continue;
    int node[2];
    Offset off[2];
    double value = w.value;
    bool ok = true;
    for (int side = 0; side < 2 && ok; ++side) {
      const int sg = side == 0 ? -1 : 1;
      // Along the curve to the first four-sphere point: searched in widening ranges of t.
      double t_e = w.value, hi = w.value;
      for (;;) {
        const double next = hi + std::max(0.5, hi - w.value);
        t_e = tri.first_intrusion(field, w.x, w.r, sg, hi, next);
        if (t_e <= next || next > top + 1) break;
        hi = next;
      }
      Position p;
      if (!(t_e > w.value + 1e-9) || t_e > top + 1 || !tri.point(t_e, sg, &p)) {
        ok = false;
        break;
      }
      double leg;
      ok = node_near(p, t_e, &node[side], &off[side], &leg, w.value);
      value = std::min(value, leg);
    }
    if (!ok) continue;
    Join j;
    j.a = node[0];
    j.b = node[1];
    j.o = detail::sub(off[1], off[0]);
    if (j.a == j.b && detail::is_zero(j.o)) continue;
    j.value = value;
    j.at = w.s - L.translation(off[0]);  // with node a at its own position
    j.window = window_radius(w.x, w.r);
    joins.push_back(j);
  }
  // Keep the joins that connect what the network does not connect at their level.
  const int n_all = n_old + static_cast<int>(extra.size());
  detail::PeriodicUnionFind uf(n_all);
  std::vector<int> order = detail::edges_by_bottleneck(net);
  std::vector<int> jorder(joins.size());
  std::iota(jorder.begin(), jorder.end(), 0);
  std::stable_sort(jorder.begin(), jorder.end(),
                   [&](int a, int b) { return joins[a].value > joins[b].value; });
  std::vector<char> keep(joins.size(), 0);
  size_t ei = 0;
  for (size_t g = 0; g < jorder.size();) {
    const double level = joins[jorder[g]].value;
    size_t h = g;
    while (h < jorder.size() && joins[jorder[h]].value >= level - tol::saddle_tie_A) ++h;
    while (ei < order.size() && net.edges[order[ei]].bottleneck_A >= level - tol::saddle_tie_A) {
      const Edge& e = net.edges[order[ei++]];
      uf.unite(e.from, e.to, e.offset);
    }
    for (size_t k = g; k < h; ++k) {
      const Join& j = joins[jorder[k]];
      Offset oa, ob;
      const int ra = uf.find(j.a, &oa), rb = uf.find(j.b, &ob);
      if (ra != rb) {
        keep[jorder[k]] = 1;
        continue;
      }
      const Offset t = detail::sub(detail::add(oa, j.o), ob);
      keep[jorder[k]] = !detail::is_zero(t) && !uf.lattice(ra).contains(t);
    }
    for (size_t k = g; k < h; ++k)
      if (keep[jorder[k]]) uf.unite(joins[jorder[k]].a, joins[jorder[k]].b, joins[jorder[k]].o);
    g = h;
  }
  // New nodes only where a kept join reaches them.
  std::vector<int> id(n_all, -1);
  for (int i = 0; i < n_old; ++i) id[i] = i;
  for (size_t k = 0; k < joins.size(); ++k)
    if (keep[k])
      for (int x : {joins[k].a, joins[k].b})
        if (id[x] < 0) {
          id[x] = static_cast<int>(net.nodes.size());
          net.nodes.push_back(extra[x - n_old]);
        }
  detail::EdgeIndex edge_index = detail::index_edges(net.edges);
  for (size_t k = 0; k < joins.size(); ++k) {
    if (!keep[k]) continue;
    const Join& j = joins[k];
    Edge e;
    e.from = id[j.a];
    e.to = id[j.b];
    e.offset = j.o;
    e.bottleneck_A = j.value;
    e.bottleneck_point = j.at;
    e.window_radius_A = j.window;
    // (Until 2026-12-04 a new edge kept the point in node a's frame when it was turned round:
    // the same point, a lattice vector away from the edge.)
    detail::orient(e, L);
    const std::array<int, 5> key = detail::edge_key(e);
    auto it = edge_index.find(key);
    if (it != edge_index.end()) {
      Edge& f = net.edges[it->second];
      if (e.bottleneck_A > f.bottleneck_A)
        f.bottleneck_A = e.bottleneck_A, f.bottleneck_point = e.bottleneck_point;
      f.window_radius_A = std::max(f.window_radius_A, e.window_radius_A);
      continue;
    }
    e.length_A = distance(net.nodes[e.from].pos, net.node_position(e.to, e.offset));
    edge_index.emplace(key, static_cast<int>(net.edges.size()));
    net.edges.push_back(e);
  }
}

// The routes of each edge, in the order they were added, in one array (issue #10: an array
// per edge cost an allocation per edge).
class Segments {
 public:
  void clear() {
    segs_.clear();
    edge_.clear();
    order_.clear();
    start_.clear();
  }
  void reserve(size_t n) {
    segs_.reserve(n);
    edge_.reserve(n);
  }
  void add(int edge, const Segment& s) {
    segs_.push_back(s);
    edge_.push_back(edge);
  }
  // Groups the routes by edge, keeping their order; once, after the last add.
  void finish(size_t n_edges) {
    start_.assign(n_edges + 1, 0);
    for (int e : edge_) ++start_[e + 1];
    for (size_t e = 0; e < n_edges; ++e) start_[e + 1] += start_[e];
    order_.resize(segs_.size());
    std::vector<int> next(start_.begin(), start_.end() - 1);
    for (size_t k = 0; k < segs_.size(); ++k) order_[next[edge_[k]]++] = static_cast<int>(k);
  }
  size_t count(size_t edge) const { return start_[edge + 1] - start_[edge]; }
  const Segment& at(size_t edge, size_t k) const { return segs_[order_[start_[edge] + k]]; }

 private:
  std::vector<Segment> segs_;
  std::vector<int> edge_, order_, start_;
};

// The regular triangulation of the images within a padding of the cell, widened in place: a
// wider padding adds only the images it did not have (a regular triangulation does not depend
// on the order its points came in: CGAL's symbolic perturbation depends on the points alone;
// and adding points never brings back one that a weight hid), so a failed attempt's work on
// the triangulation is not done again.
struct PaddedTriangulation {
  Rt rt;
  std::vector<Image> images;  // vertex info: index into this
  double pad_A = -1;          // < 0: empty

  void widen(const Framework& fw, double pad) {
    std::vector<std::pair<WPoint, int>> pts;
    for (const Image& im : make_images(fw, pad, pad_A)) {
      pts.emplace_back(WPoint(K::Point_3(im.pos.x, im.pos.y, im.pos.z), im.radius * im.radius),
                       static_cast<int>(images.size()));
      images.push_back(im);
    }
    rt.insert(pts.begin(), pts.end());
    pad_A = pad;
  }
};

// The maxima that try_build's climbs have found (fractional positions as found, not wrapped,
// and clearances), binned by their wrapped positions so that a climb looks only at those near
// it, not at all of them (quadratic in large cells: a third of a 767-atom cell's time).
// As an ascent's targets from `start`, each maximum is at its image nearest the start (the
// nearest integer of each fractional difference), as when they were listed in full.
class PeakTargets final : public AscentTargets {
 public:
  explicit PeakTargets(const Lattice& L) : L_(L) {
    for (int a = 0; a < 3; ++a)
      nb_[a] = std::clamp(static_cast<int>(L.plane_spacing(a) / 2.0), 1, 64);
    bins_.resize(static_cast<size_t>(nb_[0]) * nb_[1] * nb_[2]);
  }
  void add(const Fractional& f, double c) {
    const Fractional w = wrap(f);
    int b[3];
    for (int a = 0; a < 3; ++a)
      b[a] = std::clamp(static_cast<int>(std::floor(w[a] * nb_[a])), 0, nb_[a] - 1);
    bins_[(static_cast<size_t>(b[0]) * nb_[1] + b[1]) * nb_[2] + b[2]].push_back(size());
    f_.push_back(f);
    c_.push_back(c);
    at_.emplace_back();
    stamp_.push_back(-1);
    max_c_ = std::max(max_c_, c);
  }
  int size() const { return static_cast<int>(f_.size()); }
  const Fractional& frac(int k) const { return f_[k]; }
  void set_start(const Position& start) {
    start_ = start;
    sf_ = L_.fractionalize(start);
    ++epoch_;
  }
  // Computed once per start (an ascent asks at each step).
  Position position(int k) const override {
    if (stamp_[k] != epoch_) {
      Fractional d = f_[k] - sf_;
      for (int a = 0; a < 3; ++a) d[a] -= std::nearbyint(d[a]);
      at_[k] = start_ + L_.orthogonalize(d);
      stamp_[k] = epoch_;
    }
    return at_[k];
  }
  double value(int k) const override { return c_[k]; }
  double max_value() const override { return max_c_; }
  // Every maximum with an image within r of x: those in the bins that the box of fractional
  // coordinates within r of x meets (a point within r is within r / plane spacing along each
  // axis; 1e-9 more for rounding), wrapped; each bin once. Or simply all.
  void near(const Position& x, double r, std::vector<int>* out) const override {
    if (!(r >= 0)) return;
    const Fractional xf = L_.fractionalize(x);
    int lo[3], hi[3];
    for (int a = 0; a < 3; ++a) {
      const double ext = r / L_.plane_spacing(a) + 1e-9;
      lo[a] = 0;
      hi[a] = nb_[a] - 1;
      if (ext < 0.5) {
        const int l = static_cast<int>(std::floor((xf[a] - ext) * nb_[a]));
        const int h = static_cast<int>(std::floor((xf[a] + ext) * nb_[a]));
        if (h - l + 1 < nb_[a]) lo[a] = l, hi[a] = h;
      }
    }
    // A box of more bins than there are maxima (a large probe in a large cell): all of them.
    if (static_cast<double>(hi[0] - lo[0] + 1) * (hi[1] - lo[1] + 1) * (hi[2] - lo[2] + 1) >=
        size()) {
      for (int k = 0; k < size(); ++k) out->push_back(k);
      return;
    }
    auto mod = [](int i, int n) { return ((i % n) + n) % n; };
    for (int i = lo[0]; i <= hi[0]; ++i)
      for (int j = lo[1]; j <= hi[1]; ++j)
        for (int k = lo[2]; k <= hi[2]; ++k) {
          const auto& bin =
              bins_[(static_cast<size_t>(mod(i, nb_[0])) * nb_[1] + mod(j, nb_[1])) * nb_[2] +
                    mod(k, nb_[2])];
          out->insert(out->end(), bin.begin(), bin.end());
        }
  }

 private:
  const Lattice& L_;
  int nb_[3];
  std::vector<std::vector<int>> bins_;
  std::vector<Fractional> f_;
  std::vector<double> c_;
  double max_c_ = -std::numeric_limits<double>::infinity();
  Position start_;
  Fractional sf_;
  int epoch_ = 0;
  mutable std::vector<Position> at_;
  mutable std::vector<int> stamp_;
};

// One attempt with a given padding; returns false when the padding was too thin. `segs` gets,
// per edge, the power-diagram edges (between unmerged vertices) it stands for, placed with node
// `from` at its position in the cell.
// When it returns false, `pad_needed` gets the padding the vertices of this attempt would need
// (0 when it cannot tell): only a guess for the next attempt, since a thin padding shows
// spurious vertices, larger or smaller than the true ones.
bool try_build(const ClearanceField& field, double pad_A, const NetworkOptions& opt,
               PaddedTriangulation& tri, VoidNetwork& net, Segments& segs,
               std::vector<WindowSaddle>* saddles, std::vector<Edge>& seen_edges,
               double* pad_needed) {
  *pad_needed = 0;
  const double merge_A = opt.node_merge_A;
  const Framework& fw = field.framework();
  const Lattice& L = fw.lattice;
  tri.widen(fw, pad_A);
  Rt& rt = tri.rt;
  const std::vector<Image>& images = tri.images;
  net = VoidNetwork();
  segs.clear();
  seen_edges.clear();
  net.lattice = L;
  net.triangulated_points = static_cast<int>(images.size());
  net.image_padding_A = pad_A;
  const double wmax = field.max_radius() * field.max_radius();

  // Circumcentres of the cells whose circumcentre is in (or near) the unit cell, and of their
  // neighbours; a cell is trusted when no point outside the padded region can conflict with its
  // orthosphere. Most cells of the padding are neither: a quick circumcentre in double tells
  // them apart (near_cell), and only the others get the canonical one (weighted_circumcentre),
  // the neighbours when first asked for (cell_id).
  // Cell -> index of its circumcentre: the cell's info (-1: not computed yet, -2: infinite).
  std::vector<Circumcentre> cc;
  std::vector<Fractional> ccf;
  std::vector<Rt::Cell_handle> cells;
  std::vector<std::array<int, 4>> perms;  // each cell's canonical_vertices
  // Never reallocated, so references into them stay valid while neighbours are added.
  const size_t max_cells = rt.tds().number_of_cells();
  cc.reserve(max_cells);
  ccf.reserve(max_cells);
  cells.reserve(max_cells);
  perms.reserve(max_cells);
  auto add_cell = [&](Rt::Cell_handle c) {
    const Image* im[4];
    std::array<int, 4> perm;
    canonical_vertices(c, images, perm.data());
    for (int k = 0; k < 4; ++k) im[k] = &images[c->vertex(perm[k])->info()];
    Circumcentre x = weighted_circumcentre(im);
    c->info() = static_cast<int>(cc.size());
    cells.push_back(c);
    perms.push_back(perm);
    cc.push_back(x);
    ccf.push_back(L.fractionalize(x.c));
    return c->info();
  };
  auto cell_id = [&](Rt::Cell_handle c) {
    const int id = c->info();
    return id == -1 ? add_cell(c) : std::max(id, -1);
  };
  for (auto c = rt.all_cells_begin(); c != rt.all_cells_end(); ++c)
    c->info() = rt.is_infinite(c) ? -2 : -1;
  // Could the cell's circumcentre be near_unit_cell? Solved in double in CGAL's vertex order;
  // it differs from the canonical one by rounding, far below the 1e-4 margin, except in nearly
  // flat cells, which are always taken (with 100 times weighted_circumcentre's margin).
  auto near_cell = [&](Rt::Cell_handle c) {
    const Image* im[4];
    for (int k = 0; k < 4; ++k) im[k] = &images[c->vertex(k)->info()];
    Position y;
    if (!circumcentre_in_double(im, 1e-8, &y)) return true;
    return near_unit_cell(L.fractionalize(im[0]->pos + y), 1e-4);
  };
  for (auto c = rt.finite_cells_begin(); c != rt.finite_cells_end(); ++c)
    if (near_cell(c)) add_cell(c);
  const size_t n_near = cc.size();
  // A vertex of this triangulation is one of all the images' (trusted) when no image left out
  // (farther than pad_A from the cell) conflicts with its orthosphere: |x - c|^2 - w < R^2.
  // Only images within need(id) of the circumcentre can (sqrt(R^2 + w) with the largest
  // weight, and a margin): a quick test first, that the ball of that radius lies inside the
  // padded region; else the images within it that could conflict (with the margin) are looked
  // up, and each must be within the padding (issue #10: the ball test alone asked for a wider
  // padding than the images do, most of all about large voids).
  auto need = [&](int id) {
    return std::sqrt(std::max(cc[id].power_radius2, 0.0) + wmax) + tol::image_margin_A;
  };
  // Calls f(distance to the cell) for each image that could conflict with vertex id's
  // orthosphere, until f returns true.
  auto find_conflicting = [&](int id, auto&& f) {
    const double R2 = std::max(cc[id].power_radius2, 0.0);
    const Position& c = cc[id].c;
    return field.index().find_within(c, need(id), [&](int i, const Position& q, const Offset&) {
      const double r = fw.spheres[i].radius_A;
      if (!(distance(q, c) < std::sqrt(R2 + r * r) + tol::image_margin_A)) return false;
      return f(L.distance_to_cell(L.fractionalize(q)));
    });
  };
  // An image counts as in the triangulation only when clearly within the padding. Kept per
  // cell (-1: not decided yet): a vertex is asked for as the neighbour of several.
  std::vector<signed char> trust(max_cells, -1);
  auto trusted = [&](int id) {
    signed char& t = trust[id];
    if (t < 0) {
      t = depth_inside(L, ccf[id], pad_A) > need(id) ||
          !find_conflicting(id, [&](double d) { return !(d <= pad_A - 1e-6); });
    }
    return t != 0;
  };
  // The padding vertex id needs, when more than `floor`: that of the farthest image that could
  // conflict with it (at most the ball's bound, so not looked up when that is at most `floor`).
  // A vertex of a thin attempt can have a huge orthosphere (a spurious one, that more images
  // will remove): then only the ball's bound, not a look-up of thousands of images.
  auto pad_for = [&](int id, double floor) {
    const double ball = need(id) - depth_inside(L, ccf[id], 0.0);
    if (ball <= floor) return floor;
    if (ball <= pad_A || need(id) > 3 * pad_A) return ball;
    double pad = floor;
    find_conflicting(id, [&](double d) {
      pad = std::max(pad, d);
      return false;
    });
    return pad;
  };

  // Nodes: circumcentres in (or on a face of) the unit cell, merged when closer than the merge
  // tolerance, periodically.
  std::vector<int> in_cell;
  bool thin = false;
  for (size_t id = 0; id < n_near; ++id)
    if (near_unit_cell(ccf[id])) {
      if (!trusted(static_cast<int>(id))) thin = true;
      in_cell.push_back(static_cast<int>(id));
    }
  // The padding all vertices in the cell and their neighbours would need, as this attempt sees
  // them (0 when a neighbour is infinite: no guess).
  auto needed = [&]() {
    double pad = 0;
    for (int id : in_cell) {
      pad = pad_for(id, pad);
      for (int f = 0; f < 4; ++f) {
        Rt::Cell_handle nb = cells[id]->neighbor(f);
        if (rt.is_infinite(nb)) return 0.0;
        pad = pad_for(cell_id(nb), pad);
      }
    }
    return pad;
  };
  if (thin) {
    *pad_needed = needed();
    return false;
  }
  {
    // In the canonical order of their images (canonical_vertices).
    std::vector<std::array<const Image*, 4>> key(cc.size());
    for (int id : in_cell)
      for (int k = 0; k < 4; ++k) key[id][k] = &images[cells[id]->vertex(perms[id][k])->info()];
    std::sort(in_cell.begin(), in_cell.end(), [&](int a, int b) {
      for (int k = 0; k < 4; ++k) {
        if (image_less(*key[a][k], *key[b][k])) return true;
        if (image_less(*key[b][k], *key[a][k])) return false;
      }
      return false;
    });
  }
  std::vector<Fractional> in_cell_f;
  in_cell_f.reserve(in_cell.size());
  for (int id : in_cell) in_cell_f.push_back(ccf[id]);
  PeriodicIndex idx(L, in_cell_f, 1.0);
  DisjointSet ds(in_cell.size());
  for (size_t i = 0; i < in_cell.size(); ++i)
    idx.for_each_within(idx.position(static_cast<int>(i)), merge_A,
                        [&](int j, const Position&, const Offset&) {
                          ds.p[ds.find(static_cast<int>(i))] = ds.find(j);
                        });
  // The vertex in the cell (an index into in_cell) of which cell `id`'s circumcentre is an
  // image, or -1. Kept per cell (-2: not looked up yet): the checks below, the climbs and the
  // edges ask it for the same neighbour cells.
  std::vector<int> member_of(max_cells, -2);
  auto in_cell_of = [&](int id) {
    int& found = member_of[id];
    if (found != -2) return found;
    found = -1;
    idx.for_each_within(L.orthogonalize(wrap(ccf[id])), merge_A,
                        [&](int j, const Position&, const Offset&) {
                          if (found < 0) found = j;
                        });
    return found;
  };
  // Every neighbour of a vertex in the cell must be trusted and found among the vertices in the
  // cell (as an image); otherwise the padding is too thin. Checked here, before the nodes' work,
  // so that an attempt that fails costs only its triangulation.
  for (int id : in_cell) {
    Rt::Cell_handle c = cells[id];
    for (int f = 0; f < 4; ++f) {
      Rt::Cell_handle nb = c->neighbor(f);
      if (rt.is_infinite(nb)) return false;
      const int nid = cell_id(nb);
      if (!trusted(nid) || in_cell_of(nid) < 0) {
        *pad_needed = needed();
        return false;
      }
    }
  }
  // The clearance at each vertex's circumcentre, computed when first asked for: a vertex whose
  // four-sphere point stands uncovered (below) never asks.
  std::vector<double> clear(in_cell.size());
  std::vector<char> has_clear(in_cell.size(), 0);
  auto clear_at = [&](size_t i) {
    if (!has_clear[i]) {
      clear[i] = field.clearance(cc[in_cell[i]].c, nullptr, cc[in_cell[i]].hint);
      has_clear[i] = 1;
    }
    return clear[i];
  };
  // Exact nodes (NetworkOptions::exact_nodes): each vertex's point of largest clearance,
  // `anchor` (Cartesian, near its circumcentre), and the clearance there. A vertex whose four
  // spheres have one radius is already that point unless another sphere covers it.
  std::vector<Position> anchor(in_cell.size());
  std::vector<double> value(in_cell.size());
  // climb: the vertex's point is covered or is not a maximum; peak: it is a local maximum.
  std::vector<char> moved(in_cell.size(), 0), climb(in_cell.size(), 0), peak(in_cell.size(), 0);
  bool any_moved = false;
  for (size_t i = 0; i < in_cell.size(); ++i) {
    const Circumcentre& x = cc[in_cell[i]];
    anchor[i] = x.c;
    if (!opt.exact_nodes) {
      value[i] = clear_at(i);
      continue;
    }
    Rt::Cell_handle c = cells[in_cell[i]];
    Position ctr[4];
    double rad[4];
    bool equal = true;
    const std::array<int, 4>& perm = perms[in_cell[i]];
    for (int k = 0; k < 4; ++k) {
      const Image& im = images[c->vertex(perm[k])->info()];
      // The sphere's own (unsnapped) position, as the clearance field has it.
      ctr[k] = L.orthogonalize(fw.spheres[im.sphere].frac) + L.translation(im.offset);
      rad[k] = im.radius;
      equal = equal && rad[k] == rad[0];
    }
    if (equal) {
      value[i] = clear_at(i);
      if (value[i] >= x.hint - tol::exact_node_cover_A) {  // the circumcentre itself
        peak[i] = inside_tetrahedron(ctr, x.c);
        continue;
      }
    } else {
      Position v;
      double t;
      // A nearly flat cell can put the point far away (t huge): not this vertex's point.
      if (apollonius_vertex(ctr, rad, x.c, &v, &t) &&
          distance(v, x.c) <= x.hint + 2 * field.max_radius()) {
        double cv = field.clearance(v, nullptr, t + 1e-6);
        if (cv >= t - tol::exact_node_cover_A) {
          anchor[i] = v;
          value[i] = cv;
          moved[i] = 1;
          any_moved = true;
          // Outside its spheres' tetrahedron the point is not a maximum: the clearance still
          // rises from it, to a maximum that may be no cell's own point. Climb from it too.
          if (inside_tetrahedron(ctr, v))
            peak[i] = 1;
          else
            climb[i] = 1;
          continue;
        }
      }
    }
    value[i] = clear_at(i);
    climb[i] = 1;  // covered by another sphere (or no such point)
  }
  auto anchor_f_of = [&](int i) {
    return moved[i] ? in_cell_f[i] + L.fractionalize(anchor[i] - cc[in_cell[i]].c) : in_cell_f[i];
  };
  // A climbing vertex (its point covered by another sphere, or not a maximum) moves to the local
  // maximum of the clearance reached from it. All vertices are taken from the highest down, and
  // each carries the maximum it belongs to: a local maximum its own, a climbing vertex the one
  // it reached. A covered vertex joined to a neighbour taken before by a straight segment that
  // keeps its own clearance carries that neighbour's maximum and stays where it is (a
  // pass-through vertex of that pore); so does a climb that comes to see a maximum found
  // before. That leaves few climbs, and short ones.
  // The in-cell vertex of each maximum found by the climbs, and the routes of the vertices that
  // stay where they are in another vertex's pore (`target`: that vertex's point, reached from
  // `start` straight, or by an ascent to `stop` and then straight).
  struct SeenRoute {
    int vertex, target_vertex;
    Position start, stop, target;
    double c_start, c_stop, c_target;  // the clearance at each
  };
  std::vector<int> peak_vertex;
  std::vector<SeenRoute> seen_routes;
  if (opt.exact_nodes) {
    std::vector<int> order(in_cell.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return value[a] > value[b]; });
    std::vector<int> peak_of(in_cell.size(), -1);
    std::vector<char> done(in_cell.size(), 0);
    PeakTargets peaks(L);
    std::vector<int> near_peaks;
    auto new_peak = [&](int i) {
      peak_of[i] = peaks.size();
      peaks.add(anchor_f_of(i), value[i]);
      peak_vertex.push_back(i);
    };
    for (int i : order) {
      done[i] = 1;
      if (peak[i]) {
        new_peak(i);
        continue;
      }
      // The neighbours taken before (higher), with their maxima.
      Rt::Cell_handle c = cells[in_cell[i]];
      int cand[4], nbr[4];
      Position nbr_at[4];
      int nc = 0, nn = 0;
      for (int f : perms[in_cell[i]]) {
        Rt::Cell_handle nb = c->neighbor(f);
        if (rt.is_infinite(nb)) continue;
        const int nid = cell_id(nb);
        int j = in_cell_of(nid);
        if (j < 0 || !done[j] || peak_of[j] < 0) continue;
        // Neighbour j's point, as the image next to this vertex.
        nbr_at[nn] = anchor[j] + (cc[nid].c - cc[in_cell[j]].c);
        nbr[nn++] = j;
        if (std::find(cand, cand + nc, peak_of[j]) == cand + nc) cand[nc++] = peak_of[j];
      }
      if (!climb[i]) {  // an unmoved vertex that is no maximum: a pass-through vertex
        if (nc > 0) peak_of[i] = cand[0];
        continue;
      }
      const Position start = anchor[i];
      const double c0 = value[i];
      // Or a neighbour taken before, joined by a straight segment that keeps this vertex's
      // clearance: it is in the same part of the space clearer than c0, with its maximum.
      // (Only for a vertex whose own point is covered: one whose point is uncovered but not a
      // maximum climbs unless it sees a maximum directly; MnB4's largest cavity is found so.)
      for (int k = 0; k < nn && peak_of[i] < 0 && !moved[i]; ++k) {
        // The 1-Lipschitz bound decides when the vertex is within (c_j - c0) of the neighbour.
        if (distance(start, nbr_at[k]) <= value[nbr[k]] - c0 ||
            field.segment_keeps(start, nbr_at[k], c0 - tol::exact_node_cover_A, c0)) {
          peak_of[i] = peak_of[nbr[k]];
          // A neighbour that moved is joined by its power-diagram edge through its circumcentre;
          // this straight segment to its point may be clearer: an edge too.
          if (moved[nbr[k]])
            seen_routes.push_back({i, nbr[k], start, start, nbr_at[k], c0, c0, value[nbr[k]]});
        }
      }
      if (peak_of[i] >= 0) continue;
      Position v;
      // The ascent stops where it sees a maximum found before (ClearanceField::local_maximum).
      peaks.set_start(start);
      int reached = -1;
      double cv = field.local_maximum(start, &v, moved[i] ? c0 + 1e-6 : cc[in_cell[i]].hint, &peaks,
                                      &reached);
      if (reached >= 0) {
        // The vertex stays where it is, in the pore of the maximum it came to see; the route it
        // took there (straight from its point to where the ascent stopped, then to the maximum)
        // becomes an edge below (issue #12: without it, the vertex's power-diagram edges may
        // all pass lower, and the pore's two parts would be joined only at that lower level).
        peak_of[i] = reached;
        seen_routes.push_back({i, peak_vertex[reached], start, v, peaks.position(reached), c0, cv,
                               peaks.value(reached)});
        continue;
      }
      if (cv > c0) {
        anchor[i] = v;
        value[i] = cv;
        moved[i] = 1;
        any_moved = true;
      }
      // A maximum found before (within the merge tolerance) keeps its index.
      {
        Fractional vf = anchor_f_of(i);
        near_peaks.clear();
        peaks.near(L.orthogonalize(vf), merge_A, &near_peaks);
        for (int k : near_peaks) {  // the first (by index) within the tolerance
          if (peak_of[i] >= 0 && k > peak_of[i]) continue;
          Fractional d = peaks.frac(k) - vf;
          for (int a = 0; a < 3; ++a) d[a] -= std::nearbyint(d[a]);
          if (L.orthogonalize(d).length() <= merge_A) peak_of[i] = k;
        }
      }
      if (peak_of[i] < 0) new_peak(i);
    }
  }
  // Vertices that reach the same point are one node too.
  std::vector<Fractional> anchor_f(in_cell.size());
  for (size_t i = 0; i < in_cell.size(); ++i) anchor_f[i] = anchor_f_of(static_cast<int>(i));
  if (any_moved) {
    std::vector<Fractional> wrapped(in_cell.size());
    for (size_t i = 0; i < in_cell.size(); ++i) wrapped[i] = wrap(anchor_f[i]);
    PeriodicIndex aidx(L, wrapped, 1.0);
    for (size_t i = 0; i < in_cell.size(); ++i)
      if (moved[i])
        aidx.for_each_within(aidx.position(static_cast<int>(i)), merge_A,
                             [&](int j, const Position&, const Offset&) {
                               ds.p[ds.find(static_cast<int>(i))] = ds.find(j);
                             });
  }
  // Each cluster becomes one node. Unmoved clusters: at the member with the smallest clearance
  // (as Zeo++, which keeps the smaller radius of merged vertices). Clusters with a moved member:
  // at the member with the largest clearance. member_shift: the lattice vector from the node to
  // the member, non-zero when a cluster straddles a cell face.
  std::vector<char> cluster_moved(in_cell.size(), 0);
  for (size_t i = 0; i < in_cell.size(); ++i)
    if (moved[i]) cluster_moved[ds.find(static_cast<int>(i))] = 1;
  std::vector<int> rep(in_cell.size(), -1);
  for (size_t i = 0; i < in_cell.size(); ++i) {
    int root = ds.find(static_cast<int>(i));
    if (rep[root] < 0) {
      rep[root] = static_cast<int>(i);
    } else if (cluster_moved[root]) {
      if (value[i] > value[rep[root]]) rep[root] = static_cast<int>(i);
    } else if (clear_at(i) < clear_at(rep[root])) {
      rep[root] = static_cast<int>(i);
    }
  }
  std::vector<int> node_of_in_cell(in_cell.size(), -1);
  std::vector<Offset> member_shift(in_cell.size(), Offset{0, 0, 0});
  std::vector<int> node_of_rep(in_cell.size(), -1);
  for (size_t i = 0; i < in_cell.size(); ++i) {
    int r = rep[ds.find(static_cast<int>(i))];
    if (node_of_rep[r] < 0) {
      node_of_rep[r] = static_cast<int>(net.nodes.size());
      Node n;
      n.frac = wrap(anchor_f[r]);
      n.pos = L.orthogonalize(n.frac);
      n.radius_A = value[r];
      n.moved = moved[r];
      net.nodes.push_back(n);
    }
    const Node& n = net.nodes[node_of_rep[r]];
    node_of_in_cell[i] = node_of_rep[r];
    Offset s1, s2;
    for (int k = 0; k < 3; ++k) s1[k] = static_cast<int>(std::lround(anchor_f[i][k] - n.frac[k]));
    member_shift[i] = s1;
    if (moved[i] || moved[r]) {
      // Joined by their circumcentres rather than their anchors: the rep's circumcentre sits
      // where its anchor does, less the anchor's displacement. Keep the shift that fits better.
      Fractional rep_cc = n.frac - (anchor_f[r] - in_cell_f[r]);
      for (int k = 0; k < 3; ++k)
        s2[k] = static_cast<int>(std::lround(in_cell_f[i][k] - rep_cc[k]));
      double e1 = distance(L.orthogonalize(anchor_f[i]), n.pos + L.translation(s1));
      double e2 =
          distance(L.orthogonalize(in_cell_f[i]), L.orthogonalize(rep_cc) + L.translation(s2));
      if (e2 < e1) member_shift[i] = s2;
    }
    if (cc[in_cell[i]].exact_fallback) ++net.degenerate_circumcentres;
  }
  // Node and offset of any trusted cell: its circumcentre's image in the unit cell.
  auto locate = [&](int id, int* node, Offset* off) {
    const int found = in_cell_of(id);
    if (found < 0) return false;
    *node = node_of_in_cell[found];
    // The circumcentre is the matched member shifted by a whole lattice vector.
    for (int k = 0; k < 3; ++k)
      (*off)[k] =
          static_cast<int>(std::lround(ccf[id][k] - in_cell_f[found][k])) + member_shift[found][k];
    return true;
  };

  detail::IntArrayMap<5> edge_index;
  // The offset of each sphere's image from its wrapped position (the clearance field's), and
  // how many vertices each vertex's node merged.
  std::vector<Offset> wrap_shift(fw.spheres.size());
  for (size_t k = 0; k < fw.spheres.size(); ++k) {
    const Fractional& fr = fw.spheres[k].frac;
    const Fractional w = wrap(fr);
    for (int d = 0; d < 3; ++d) wrap_shift[k][d] = static_cast<int>(std::lround(fr[d] - w[d]));
  }
  std::vector<int> merged(in_cell.size(), 0);
  for (size_t i = 0; i < in_cell.size(); ++i) ++merged[ds.find(static_cast<int>(i))];
  auto lone = [&](int i) { return merged[ds.find(i)] == 1; };
  segs.reserve(4 * in_cell.size());
  // Each window's widest point (window_radius), computed once for a face between two vertices
  // that are both in the cell: each lists it, with the same three images in the same canonical
  // order, so the second would get the same answer. A face of a vertex in the cell and an image
  // of one has no second listing with the same images.
  std::vector<std::array<int, 4>> window_of(in_cell.size(), {-1, -1, -1, -1});
  std::vector<std::pair<double, Position>> windows;
  windows.reserve(2 * in_cell.size());
  for (size_t i = 0; i < in_cell.size(); ++i) {
    int id = in_cell[i];
    int u = node_of_in_cell[i];
    const Offset& us = member_shift[i];
    Rt::Cell_handle c = cells[id];
    const std::array<int, 4>& perm = perms[id];
    for (int f : perm) {
      Rt::Cell_handle nb = c->neighbor(f);
      if (rt.is_infinite(nb)) return false;
      int nid = cell_id(nb);
      if (!trusted(nid)) return false;
      int v;
      Offset off;
      if (!locate(nid, &v, &off)) return false;
      for (int k = 0; k < 3; ++k) off[k] -= us[k];     // relative to node u, not to member i
      if (u == v && off == Offset{0, 0, 0}) continue;  // same (merged) node
      // Canonical orientation: from the smaller node index; equal indices: positive offset.
      int a = u, b = v;
      Offset o = off;
      if (a > b || (a == b && o < Offset{0, 0, 0})) {
        std::swap(a, b);
        o = {-o[0], -o[1], -o[2]};
      }
      Position tri[3];
      double rad[3];
      int m = 0;
      for (int k : perm) {
        if (k == f) continue;
        const Image& im = images[c->vertex(k)->info()];
        tri[m] = im.pos;
        rad[m++] = im.radius;
      }
      int& slot = window_of[i][f];
      if (slot < 0) {
        Position w;
        const double r = window_radius(tri, rad, &w);
        slot = static_cast<int>(windows.size());
        windows.emplace_back(r, w);
        const int j = in_cell_of(nid);
        if (j >= 0 && in_cell[j] == nid) window_of[j][nb->index(c)] = slot;
      }
      const double window = windows[slot].first;
      const Position wpt = windows[slot].second;
      Position p = cc[id].c - L.translation(us), q = cc[nid].c - L.translation(us);
      Segment sg;
      sg.p = p;
      sg.q = q;
      sg.bound = std::min(cc[id].hint, cc[nid].hint);
      sg.lone_ends = lone(static_cast<int>(i)) && lone(in_cell_of(nid));
      sg.end_radius[0] = images[c->vertex(f)->info()].radius;
      sg.end_radius[1] = images[nb->vertex(nb->index(c))->info()].radius;
      m = 0;
      for (int k : perm) {
        if (k == f) continue;
        const Image& im = images[c->vertex(k)->info()];
        sg.face_sphere[m] = im.sphere;
        for (int d = 0; d < 3; ++d)
          sg.face_offset[m][d] = im.offset[d] + wrap_shift[im.sphere][d] - us[d];
        ++m;
      }
      if (opt.exact_nodes && !(rad[0] == rad[1] && rad[1] == rad[2])) {
        sg.via_window = true;
        sg.window_pt = wpt - L.translation(us);
        sg.window_value = window;
        m = 0;
        for (int k : perm) {
          if (k == f) continue;
          const Image& im = images[c->vertex(k)->info()];
          sg.tri[m] = L.orthogonalize(fw.spheres[im.sphere].frac) + L.translation(im.offset) -
                      L.translation(us);
          sg.rad[m++] = im.radius;
        }
      }
      // Moved nodes: the legs from node u (at its position) to p and from q to node v.
      if (net.nodes[u].moved) {
        sg.leg_from = true;
        sg.from_node = net.nodes[u].pos;
        sg.from_bound = cc[id].hint;
      }
      if (net.nodes[v].moved) {
        sg.leg_to = true;
        sg.to_node = net.node_position(v, off);
        sg.to_bound = cc[nid].hint;
      }
      if (a != u || o != off) {  // swapped: put node v (now `from`) at its own position
        Position t = L.translation(off);
        std::swap(sg.p, sg.q);
        sg.p = sg.p - t;
        sg.q = sg.q - t;
        std::swap(sg.leg_from, sg.leg_to);
        std::swap(sg.end_radius[0], sg.end_radius[1]);
        std::swap(sg.from_bound, sg.to_bound);
        std::swap(sg.from_node, sg.to_node);
        sg.from_node = sg.from_node - t;
        sg.to_node = sg.to_node - t;
        sg.window_pt = sg.window_pt - t;
        for (int k = 0; k < 3; ++k) sg.tri[k] = sg.tri[k] - t;
        for (int k = 0; k < 3; ++k) sg.face_offset[k] = detail::sub(sg.face_offset[k], off);
      }
      const int n_edges = static_cast<int>(net.edges.size());
      const int ei = edge_index.emplace({a, b, o[0], o[1], o[2]}, n_edges);
      if (ei == n_edges) {
        Edge e;
        e.from = a;
        e.to = b;
        e.offset = o;
        e.window_radius_A = window;
        net.edges.push_back(e);
      } else {
        Edge& e = net.edges[ei];
        e.window_radius_A = std::max(e.window_radius_A, window);
      }
      segs.add(ei, sg);
    }
  }
  segs.finish(net.edges.size());
  // Those routes as edges from the vertex's node to the target's: the exact minimum of the
  // clearance along the node to the vertex's point, on to where the ascent stopped, to the
  // target and to its node (straight segments; the legs at the ends are within the merge
  // tolerance).
  // The image of `node` at (within the merge tolerance of) point x.
  auto image_of = [&](int node, const Position& x) {
    const Fractional d = L.fractionalize(x) - net.nodes[node].frac;
    return Offset{static_cast<int>(std::lround(d[0])), static_cast<int>(std::lround(d[1])),
                  static_cast<int>(std::lround(d[2]))};
  };
  for (const SeenRoute& sr : seen_routes) {
    const int u = node_of_in_cell[sr.vertex], w = node_of_in_cell[sr.target_vertex];
    const Offset ou = image_of(u, sr.start), ow = image_of(w, sr.target);
    const Offset o = detail::sub(ow, ou);
    if (u == w && detail::is_zero(o)) continue;
    // Node u -> the vertex's point -> where the ascent stopped -> the maximum -> node w.
    const Position pts[5] = {net.node_position(u, ou), sr.start, sr.stop, sr.target,
                             net.node_position(w, ow)};
    const double clear_at[5] = {net.nodes[u].radius_A, sr.c_start, sr.c_stop, sr.c_target,
                                net.nodes[w].radius_A};
    double value = std::numeric_limits<double>::infinity();
    Position at = pts[0];
    for (int k = 0; k < 4; ++k) {
      if (distance(pts[k], pts[k + 1]) == 0) continue;
      const double bound = std::min(clear_at[k], clear_at[k + 1]) + 1e-6;
      Position x;
      const double m = field.segment_minimum(pts[k], pts[k + 1], &x, bound);
      if (m < value) value = m, at = x;
    }
    Edge e;
    e.from = u;
    e.to = w;
    e.offset = o;
    e.bottleneck_A = value;
    e.bottleneck_point = at - L.translation(ou);  // with node u at its own position
    detail::orient(e, L);
    e.length_A = distance(net.nodes[e.from].pos, net.node_position(e.to, e.offset));
    e.window_radius_A = value;  // no window: the route's own narrowest point
    seen_edges.push_back(e);
  }
  if (saddles) {
    // The clearance anywhere is at most its value at some vertex of the power cell p lies in,
    // measured to that cell's sphere (the cell is convex, the distance convex): the largest of
    // |c - x_k| - r_k over the vertices in the cell and their four spheres (1e-6 A more for the
    // snapped positions and rounding).
    double top = 0;
    for (int id : in_cell)
      for (int k = 0; k < 4; ++k) {
        const Image& im = images[cells[id]->vertex(k)->info()];
        top = std::max(top, distance(cc[id].c, im.pos) - im.radius);
      }
    saddles->clear();
    SaddleKeys seen;
    seen.reserve(32 * fw.spheres.size());
    collect_window_saddles(field, rt, images, top + 1e-6, seen, *saddles);
  }
  return true;
}

}  // namespace

VoidNetwork detail::build_network_in_cell(const ClearanceField& field, const NetworkOptions& opt) {
  if (!(opt.first_padding_spacings >= 0))
    fail("network: first padding must be >= 0 spacings, got ", opt.first_padding_spacings);
  if (!(opt.first_padding_A >= 0))
    fail("network: first padding must be > 0 A (or 0: in spacings), got ", opt.first_padding_A);
  const Framework& fw = field.framework();
  const Lattice& L = fw.lattice;
  // First guess of the padding: about one mean interatomic spacing plus the largest diameter,
  // enough for most inorganic cells; cells with larger voids fail the first attempt, which then
  // says how much they need. The network does not depend on the padding (canonical_vertices),
  // only its cost does (docs/benchmark.md).
  double spacing = std::cbrt(L.volume() / static_cast<double>(fw.spheres.size()));
  double pad = opt.first_padding_A > 0 ? opt.first_padding_A
                                       : opt.first_padding_spacings * spacing +
                                             2 * field.max_radius() + tol::image_margin_A;
  VoidNetwork net;
  Segments segs;
  PaddedTriangulation tri;
  // Saddles that no power-diagram edge may pass: only with unequal radii (with one radius the
  // Voronoi edges pass every saddle) and exact nodes.
  bool unequal = false;
  for (const Sphere& s : fw.spheres) unequal = unequal || s.radius_A != fw.spheres[0].radius_A;
  std::vector<WindowSaddle> saddles;
  std::vector<WindowSaddle>* want_saddles =
      opt.exact_nodes && opt.window_saddles && unequal ? &saddles : nullptr;
  std::vector<Edge> seen_edges;
  for (int attempt = 0;; ++attempt) {
    double needed = 0;
    if (try_build(field, pad, opt, tri, net, segs, want_saddles, seen_edges, &needed)) break;
    if (attempt == 9) fail("could not build a complete power diagram (image padding ", pad, " A)");
    // What the attempt's vertices need, when it says, but at least 1.25 and at most
    // tol::padding_growth times wider: a thin padding shows spurious vertices, which often
    // overstate what the true ones need (FAU's first attempt: 24 A where 8.5 A do; MIL-100's
    // second, 437 A where 17.8 A do). Else 1.6 times wider.
    pad =
        needed > pad ? std::clamp(needed + 0.5, 1.25 * pad, tol::padding_growth * pad) : 1.6 * pad;
  }
  // Node radii were set from the clearance of the vertex each node stands at.
  // An edge's bottleneck: along the power-diagram edge(s) it stands for (several when merged
  // vertices are joined by parallel edges: the widest counts).
  for (size_t i = 0; i < net.edges.size(); ++i) {
    Edge& e = net.edges[i];
    e.length_A = distance(net.nodes[e.from].pos, net.node_position(e.to, e.offset));
    e.bottleneck_A = -std::numeric_limits<double>::infinity();
    // A route along the edge passes its end nodes (below): once a route is clearer than the
    // narrower node, the edge's bottleneck is that node's radius whatever the other routes give.
    const double ends = std::min(net.nodes[e.from].radius_A, net.nodes[e.to].radius_A);
    for (size_t s = 0; s < segs.count(i) && !(e.bottleneck_A > ends); ++s) {
      const Segment& sg = segs.at(i, s);
      // A power-diagram edge between two vertices of the cell is listed from both of its ends;
      // with legs or window routes (unequal radii only) its second listing is not computed
      // again. (Without them the duplicate costs one segment and keeps results as they were.)
      // The same ends are not enough: where vertices coincide (cospherical atoms) several
      // power-diagram edges join the same two points through different windows, and each
      // window is its own route.
      if (sg.leg_from || sg.leg_to || sg.via_window) {
        bool seen = false;
        for (size_t s2 = 0; s2 < s && !seen; ++s2) {
          const Segment& o = segs.at(i, s2);
          seen = distance(o.p, sg.p) < 1e-6 && distance(o.q, sg.q) < 1e-6 &&
                 o.via_window == sg.via_window;
          for (int k = 0; k < 3 && seen && sg.via_window; ++k)
            seen = distance(o.tri[k], sg.tri[k]) < 1e-6 && o.rad[k] == sg.rad[k];
        }
        if (seen) continue;
      }
      // Only a route clearer than `cut` (the edge's best so far) can change the edge: each
      // minimum along it is searched only until it is known to be at most that (exact early exit,
      // segment_minimum's stop_at). Values <= cut then stand in for the exact ones; they decide
      // nothing above cut (docs/benchmark.md, "Exact early exits").
      const double cut = e.bottleneck_A;
      Position at;
      double b = opt.edge_shortcut ? power_edge_minimum(field, sg, &at, cut, opt.node_merge_A)
                                   : field.segment_minimum(sg.p, sg.q, &at, sg.bound, cut);
      if (sg.leg_from) {
        Position at2;
        double b2 = field.segment_minimum(sg.from_node, sg.p, &at2, sg.from_bound, cut);
        if (b2 < b) b = b2, at = at2;
      }
      if (sg.leg_to) {
        Position at2;
        double b2 = field.segment_minimum(sg.q, sg.to_node, &at2, sg.to_bound, cut);
        if (b2 < b) b = b2, at = at2;
      }
      // Routes through the window pass its widest point, where the clearance is at most the
      // window's value (within the 2^-24 A snapping of the window's atoms): tried only when
      // that could beat the power-diagram path.
      if (sg.via_window && sg.window_value + 1e-6 > b && !(b > ends)) {
        // The route through the window's point of largest clearance (exact along both legs):
        // with unequal radii the power-diagram edge can pass the window off its widest point.
        const Position& a = sg.leg_from ? sg.from_node : sg.p;
        const Position& z = sg.leg_to ? sg.to_node : sg.q;
        Position at1, at2;
        const double cut1 = std::max(b, cut);  // this route counts only when clearer
        double b1 = field.segment_minimum(a, sg.window_pt, &at1, sg.window_value, cut1);
        if (b1 > b) {
          double b2 = field.segment_minimum(sg.window_pt, z, &at2, sg.window_value, cut1);
          if (b2 < b1) b1 = b2, at1 = at2;
          if (b1 > b) b = b1, at = at1;
        }
        // Along the trisector of the window's spheres, when both nodes are on it.
        if (b < sg.window_value) {
          double b3 = trisector_route(field, sg, a, net.nodes[e.from].radius_A, z,
                                      net.nodes[e.to].radius_A, b, &at1);
          if (b3 > b) b = b3, at = at1;
        }
      }
      if (b > e.bottleneck_A) {
        e.bottleneck_A = b;
        e.bottleneck_point = at;
      }
    }
    // A route along the edge passes its end nodes (merged vertices sit up to the merge
    // tolerance away from the segment ends).
    if (ends < e.bottleneck_A) {
      e.bottleneck_A = ends;
      e.bottleneck_point = net.nodes[e.from].radius_A <= net.nodes[e.to].radius_A
                               ? net.nodes[e.from].pos
                               : net.node_position(e.to, e.offset);
    }
  }
  // The climbs' routes to the maxima they came to see: a clearer route of an edge the network
  // has, or a new edge.
  if (!seen_edges.empty()) {
    detail::EdgeIndex edge_index = detail::index_edges(net.edges);
    for (const Edge& j : seen_edges) {
      const std::array<int, 5> key = detail::edge_key(j);
      auto it = edge_index.find(key);
      if (it == edge_index.end()) {
        edge_index.emplace(key, static_cast<int>(net.edges.size()));
        net.edges.push_back(j);
      } else if (j.bottleneck_A > net.edges[it->second].bottleneck_A) {
        Edge& e = net.edges[it->second];
        e.bottleneck_A = j.bottleneck_A;
        e.bottleneck_point = j.bottleneck_point;
      }
    }
  }
  if (want_saddles) add_window_saddles(field, std::move(saddles), opt.node_merge_A, net);
  detail::splice_degree_two(net);
  return net;
}

}  // namespace channelmap
