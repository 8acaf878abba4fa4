#include "channelmap/framework.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "channelmap/chemistry.hpp"
#include "channelmap/error.hpp"

namespace channelmap {

Framework build_framework(const Crystal& c,
                          const std::vector<std::vector<double>>& species_radius_A,
                          const std::vector<char>& anion, const FrameworkOptions& opt) {
  Framework fw;
  fw.lattice = c.lattice;
  int dropped = 0, mixed_mobile = 0, minority_mobile = 0;
  for (size_t i = 0; i < c.sites.size(); ++i) {
    const Site& s = c.sites[i];
    double occ = 0, weighted = 0, mobile_occ = 0, largest_other = 0;
    bool mobile = false;
    for (size_t k = 0; k < s.species.size(); ++k) {
      const Species& sp = s.species[k];
      if (!opt.mobile_element.empty() && sp.element == opt.mobile_element) {
        mobile = true;
        mobile_occ += sp.occupancy;
        continue;
      }
      occ += sp.occupancy;
      largest_other = std::max(largest_other, sp.occupancy);
      weighted += sp.occupancy * species_radius_A[i][k];
    }
    // Occupancy that keeps the position in the framework.
    double filled = occ;
    if (mobile && mobile_occ + 1e-9 < opt.mobile_min_share * largest_other) {
      // The mobile ion is a minority here: the position is framework, its sphere the size of
      // the other species, its occupancy counting the mobile part (the position is filled).
      ++minority_mobile;
      filled += mobile_occ;
    } else if (mobile) {
      fw.mobile_sites.push_back(static_cast<int>(i));
      if (occ > 0) ++mixed_mobile;
    }
    if (occ <= 0) continue;
    if (filled + 1e-9 < opt.min_occupancy) {
      ++dropped;
      continue;
    }
    fw.spheres.push_back(Sphere{s.frac, weighted / occ, static_cast<int>(i), anion[i] != 0});
  }
  if (dropped)
    fw.notes.push_back(cat(dropped, " framework position(s) with occupancy below ",
                           opt.min_occupancy, " left out"));
  if (mixed_mobile)
    fw.notes.push_back(cat(mixed_mobile, " site(s) shared by ", opt.mobile_element,
                           " and framework species kept as framework"));
  if (minority_mobile)
    fw.notes.push_back(cat(minority_mobile, " site(s) where ", opt.mobile_element,
                           " is a minority species kept as framework, not mobile sites"));
  if (fw.spheres.empty()) fail("no framework atoms left after removing the mobile ion");
  return fw;
}

AnionSpheres anion_spheres(const Framework& fw) {
  AnionSpheres a;
  for (const Sphere& s : fw.spheres)
    if (s.anion) {
      a.frac.push_back(s.frac);
      a.radius_A.push_back(s.radius_A);
      a.max_radius_A = std::max(a.max_radius_A, s.radius_A);
    }
  return a;
}

Framework build_framework(const Crystal& c, const RadiusTable& radii, const FrameworkOptions& opt) {
  std::vector<std::vector<double>> rad(c.sites.size());
  std::vector<char> anion(c.sites.size(), 0);
  for (size_t i = 0; i < c.sites.size(); ++i) {
    for (const Species& sp : c.sites[i].species)
      rad[i].push_back(sp.element == opt.mobile_element ? 0.0 : radii.get(sp.element).radius_A);
    anion[i] = is_anion_site(c.sites[i], opt.mobile_element);
  }
  return build_framework(c, rad, anion, opt);
}

namespace {
std::vector<Fractional> sphere_positions(const Framework& fw) {
  std::vector<Fractional> v;
  v.reserve(fw.spheres.size());
  for (const Sphere& s : fw.spheres) v.push_back(s.frac);
  return v;
}
}  // namespace

ClearanceField::ClearanceField(const Framework& fw)
    : fw_(fw), index_(fw.lattice, sphere_positions(fw), 2.0) {
  for (const Sphere& s : fw.spheres) max_r_ = std::max(max_r_, s.radius_A);
}

double ClearanceField::clearance(const Position& x) const {
  return clearance(x, nullptr);
}

double ClearanceField::clearance(const Position& x, int* nearest, double upper_bound) const {
  double best = std::numeric_limits<double>::infinity();
  int best_i = -1;
  auto visit = [&](int i, const Position& q, const Offset&) {
    double d = distance(x, q) - fw_.spheres[i].radius_A;
    if (d < best) {
      best = d;
      best_i = i;
    }
  };
  if (std::isfinite(upper_bound)) {
    // Any sphere closer (surface to x) than upper_bound has its centre within this reach. The
    // margin covers bounds computed from snapped coordinates (network.cpp: 2^-24 A per axis).
    index_.for_each_within(x, std::max(upper_bound, 0.0) + max_r_ + 1e-6, visit);
  }
  if (best_i < 0) {
    // Grow the search radius until no farther sphere can be closer than the best found.
    double cell_diag = 0;
    for (int i = 0; i < 3; ++i) cell_diag += fw_.lattice.vector(i).length();
    for (double r = 3.0;; r *= 2) {
      index_.for_each_within(x, r, visit);
      if (best_i >= 0 && best <= r - max_r_) break;
      if (r > 4 * cell_diag + 100) break;  // every sphere has an image within this
    }
  }
  if (nearest) *nearest = best_i;
  return best;
}

double ClearanceField::segment_minimum(const Position& a, const Position& b, Position* at,
                                       double upper_bound, double stop_at) const {
  // The minimum is at most the clearance at either end; spheres farther from the segment than
  // that (plus the largest radius) cannot attain it.
  Position ab = b - a;
  double len2 = ab.length_sq();
  double bound = std::isfinite(upper_bound) ? upper_bound : std::min(clearance(a), clearance(b));
  Position mid = (a + b) * 0.5;
  double reach = std::sqrt(len2) * 0.5 + bound + max_r_ + 1e-6;
  // The minimum is at most `bound` (taken on trust as `reach` is): spheres farther than that
  // are skipped from the first on, not only once a close one has come. Not when the search may
  // stop above it: the value returned then (the first one at most stop_at) stays as it was.
  double best = stop_at < bound + 1e-6 ? bound + 1e-6 : std::numeric_limits<double>::infinity();
  Position best_at = a;
  index_.find_within(mid, reach, [&](int i, const Position& q, const Offset&) {
    double t = len2 > 0 ? std::clamp((q - a).dot(ab) / len2, 0.0, 1.0) : 0.0;
    Position foot = a + ab * t;
    const double r = fw_.spheres[i].radius_A;
    // Most spheres are farther than the best so far: told without the square root. The 1e-9 A
    // is far more than rounding, so a sphere skipped here would not have counted below.
    const double reach_i = best + r + 1e-9;
    if (reach_i > 0 && (q - foot).length_sq() > reach_i * reach_i) return best <= stop_at;
    double d = distance(q, foot) - r;
    if (d < best) {
      best = d;
      best_at = foot;
    }
    return best <= stop_at;
  });
  if (at) *at = best_at;
  return best;
}

}  // namespace channelmap

namespace channelmap {

bool apollonius_vertex(const Position x[4], const double r[4], const Position& near, Position* p,
                       double* t) {
  // Relative to x[0]: 2 y_k . q = |y_k|^2 - r_k^2 + r_0^2 - 2 t (r_k - r_0), k = 1..3, with
  // q = p - x[0]; then |q| = t + r_0.
  Position y[3];
  double a[3], b[3], scale = 1;
  for (int k = 0; k < 3; ++k) {
    y[k] = x[k + 1] - x[0];
    a[k] = y[k].length_sq() - r[k + 1] * r[k + 1] + r[0] * r[0];
    b[k] = -2 * (r[k + 1] - r[0]);
    scale *= 2 * y[k].length();
  }
  // M = 2 [y0; y1; y2]; M^-1 = adj / det with the cross products of the rows.
  Vec3 c0 = y[1].cross(y[2]), c1 = y[2].cross(y[0]), c2 = y[0].cross(y[1]);
  double det = 2 * y[0].dot(c0);  // det(M) / 4
  if (!(std::fabs(det) * 4 > 1e-9 * scale)) return false;
  auto solve = [&](const double v[3]) {  // M^-1 v
    Vec3 s{(c0.x * v[0] + c1.x * v[1] + c2.x * v[2]) / det,
           (c0.y * v[0] + c1.y * v[1] + c2.y * v[2]) / det,
           (c0.z * v[0] + c1.z * v[1] + c2.z * v[2]) / det};
    return Position(s);
  };
  const Position q0 = solve(a), q1 = solve(b);
  // |q0 + t q1|^2 = (t + r0)^2
  const double A = q1.length_sq() - 1, B = 2 * (q0.dot(q1) - r[0]),
               C = q0.length_sq() - r[0] * r[0];
  double roots[2];
  int n = 0;
  if (std::fabs(A) < 1e-12) {
    if (std::fabs(B) > 1e-15) roots[n++] = -C / B;
  } else {
    double disc = B * B - 4 * A * C;
    if (disc < 0) {
      if (disc < -1e-12 * (B * B + std::fabs(4 * A * C))) return false;
      disc = 0;
    }
    // Stable pair: q = -(B + sign(B) sqrt(disc)) / 2, roots q / A and C / q.
    double sq = std::sqrt(disc);
    double h = -0.5 * (B + (B >= 0 ? sq : -sq));
    roots[n++] = h / A;
    if (h != 0) roots[n++] = C / h;
  }
  bool found = false;
  double best = std::numeric_limits<double>::infinity();
  for (int i = 0; i < n; ++i) {
    double tt = roots[i];
    bool ok = std::isfinite(tt);
    for (int k = 0; k < 4 && ok; ++k) ok = tt + r[k] >= -1e-9;
    if (!ok) continue;
    Position pp = x[0] + q0 + q1 * tt;
    double d = distance(pp, near);
    if (d < best) {
      best = d;
      *p = pp;
      *t = tt;
      found = true;
    }
  }
  return found;
}

bool inside_tetrahedron(const Position x[4], const Position& p) {
  auto orient = [](const Position& a, const Position& b, const Position& c, const Position& d) {
    return (b - a).dot((c - a).cross(d - a));
  };
  const double s = orient(x[0], x[1], x[2], x[3]);
  if (s == 0) return false;
  const double tol = -1e-12 * s * s;
  return orient(p, x[1], x[2], x[3]) * s >= tol && orient(x[0], p, x[2], x[3]) * s >= tol &&
         orient(x[0], x[1], p, x[3]) * s >= tol && orient(x[0], x[1], x[2], p) * s >= tol;
}

namespace {
// The point of the convex hull of `g` nearest the origin (k <= 8 vectors): the nearest among
// the projections of the origin onto the hull's faces (points, segments, triangles) that fall
// inside them, or the origin when a tetrahedron of the vectors contains it.
Vec3 min_norm_in_hull(const std::vector<Vec3>& g) {
  const int k = static_cast<int>(g.size());
  Vec3 best = g[0];
  double best2 = best.length_sq();
  auto offer = [&](const Vec3& v) {
    double l2 = v.length_sq();
    if (l2 < best2) best2 = l2, best = v;
  };
  for (int i = 0; i < k; ++i) offer(g[i]);
  for (int i = 0; i < k; ++i)
    for (int j = i + 1; j < k; ++j) {
      Vec3 d{g[j].x - g[i].x, g[j].y - g[i].y, g[j].z - g[i].z};
      double dd = d.length_sq();
      if (dd <= 0) continue;
      double u = -g[i].dot(d) / dd;
      if (u > 0 && u < 1) offer(Vec3{g[i].x + u * d.x, g[i].y + u * d.y, g[i].z + u * d.z});
    }
  for (int i = 0; i < k; ++i)
    for (int j = i + 1; j < k; ++j)
      for (int l = j + 1; l < k; ++l) {
        // Origin projected on the plane of the triangle; barycentric coordinates.
        Vec3 e1{g[j].x - g[i].x, g[j].y - g[i].y, g[j].z - g[i].z};
        Vec3 e2{g[l].x - g[i].x, g[l].y - g[i].y, g[l].z - g[i].z};
        double a11 = e1.dot(e1), a12 = e1.dot(e2), a22 = e2.dot(e2);
        double b1 = -g[i].dot(e1), b2 = -g[i].dot(e2);
        double det = a11 * a22 - a12 * a12;
        if (!(det > 1e-18)) continue;
        double u = (b1 * a22 - b2 * a12) / det, v = (a11 * b2 - a12 * b1) / det;
        if (u > 0 && v > 0 && u + v < 1)
          offer(Vec3{g[i].x + u * e1.x + v * e2.x, g[i].y + u * e1.y + v * e2.y,
                     g[i].z + u * e1.z + v * e2.z});
      }
  // The origin inside a tetrahedron of the vectors: the hull contains it.
  for (int i = 0; i < k && best2 > 0; ++i)
    for (int j = i + 1; j < k && best2 > 0; ++j)
      for (int l = j + 1; l < k && best2 > 0; ++l)
        for (int m = l + 1; m < k && best2 > 0; ++m) {
          const Vec3* v[4] = {&g[i], &g[j], &g[l], &g[m]};
          auto orient = [](const Vec3& a, const Vec3& b, const Vec3& c, const Vec3& d) {
            Vec3 ab{b.x - a.x, b.y - a.y, b.z - a.z}, ac{c.x - a.x, c.y - a.y, c.z - a.z},
                ad{d.x - a.x, d.y - a.y, d.z - a.z};
            return ab.dot(ac.cross(ad));
          };
          const Vec3 o{0, 0, 0};
          double s = orient(*v[0], *v[1], *v[2], *v[3]);
          if (s == 0) continue;
          bool inside =
              orient(o, *v[1], *v[2], *v[3]) * s >= 0 && orient(*v[0], o, *v[2], *v[3]) * s >= 0 &&
              orient(*v[0], *v[1], o, *v[3]) * s >= 0 && orient(*v[0], *v[1], *v[2], o) * s >= 0;
          if (inside) best = o, best2 = 0;
        }
  return best;
}
}  // namespace

double ClearanceField::local_maximum(const Position& start, Position* at, double upper_bound,
                                     const AscentTargets* targets, int* reached) const {
  if (reached) *reached = -1;
  // Does x (clearance c) see a target: a straight segment to it on which the clearance stays
  // >= c? By the 1-Lipschitz bound when x is within (target's clearance - c) of it (the first
  // such target, by index), else by an exact segment minimum, tried for the nearest target
  // whose empty ball meets x's (the first of the nearest). Only targets within (their
  // clearance + c) of x can do either: those near() gives for the largest clearance, in any
  // order.
  std::vector<int> cand;
  auto sees_target = [&](const Position& x, double c) {
    if (!targets) return false;
    cand.clear();
    targets->near(x, targets->max_value() + c, &cand);
    int first = -1, nearest = -1;
    double nearest_d = std::numeric_limits<double>::infinity();
    for (int k : cand) {
      const double ck = targets->value(k);
      if (ck <= c || (first >= 0 && k > first)) continue;
      const double d = distance(x, targets->position(k));
      if (d <= ck - c)
        first = k;
      else if (d <= ck + c && (d < nearest_d || (d == nearest_d && k < nearest)))
        nearest = k, nearest_d = d;
    }
    if (first >= 0) {
      if (reached) *reached = first;
      return true;
    }
    if (nearest >= 0 && segment_keeps(x, targets->position(nearest), c - 1e-6, c + 1e-6)) {
      if (reached) *reached = nearest;
      return true;
    }
    return false;
  };
  // A start that already sees a target needs no ascent: the loop below would stop at its first
  // step with this same clearance (the minimum over the same spheres' distances), so nothing
  // else is gathered.
  if (targets) {
    const double c0 = clearance(start, nullptr, upper_bound);
    if (sees_target(start, c0)) {
      if (at) *at = start;
      return c0;
    }
  }
  struct Near {
    Position q;
    double r, d;
  };
  std::vector<Near> near;
  // The spheres near `centre`: the clearance at any point within `skin` of it is attained among
  // them (it is at most c(centre) + skin there, so the sphere attaining it has its centre within
  // c(centre) + 2 skin + the largest radius of `centre`). Gathered again when the ascent leaves.
  // (1 A, or half the clearance at the start in a wide pore, where the steps are long.)
  double skin = 1.0;
  std::vector<Position> lq;
  std::vector<double> lr;
  Position centre;
  // An upper bound of c(x) bounds the search: the spheres gathered before (a subset of all), or
  // the caller's bound at the start.
  auto collect = [&](const Position& x) {
    double bound = std::numeric_limits<double>::infinity();
    for (size_t i = 0; i < lq.size(); ++i) bound = std::min(bound, distance(x, lq[i]) - lr[i]);
    if (lq.empty()) bound = std::isfinite(upper_bound) ? upper_bound : clearance(x);
    lq.clear();
    lr.clear();
    centre = x;
    index_.for_each_within(x, std::max(bound, 0.0) + 2 * skin + max_r_ + 1e-9,
                           [&](int i, const Position& q, const Offset&) {
                             lq.push_back(q);
                             lr.push_back(fw_.spheres[i].radius_A);
                           });
    // Keep the shell that can attain the clearance within `skin` of x: c there is at most
    // c(x) + skin, and a sphere's surface moves by at most skin.
    double cx = std::numeric_limits<double>::infinity();
    for (size_t i = 0; i < lq.size(); ++i) cx = std::min(cx, distance(x, lq[i]) - lr[i]);
    size_t k = 0;
    for (size_t i = 0; i < lq.size(); ++i)
      if (distance(x, lq[i]) - lr[i] <= cx + 2 * skin + 1e-9) {
        lq[k] = lq[i];
        lr[k++] = lr[i];
      }
    lq.resize(k);
    lr.resize(k);
  };
  collect(start);
  // Clearance at x and the spheres whose surface is within c + eps of x, nearest first (at most
  // 8 kept).
  auto gather = [&](const Position& x, double eps) {
    if (distance(x, centre) > skin) collect(x);
    double c = std::numeric_limits<double>::infinity();
    for (size_t i = 0; i < lq.size(); ++i) c = std::min(c, distance(x, lq[i]) - lr[i]);
    near.clear();
    for (size_t i = 0; i < lq.size(); ++i) {
      double d = distance(x, lq[i]) - lr[i];
      if (d <= c + eps) near.push_back({lq[i], lr[i], d});
    }
    std::sort(near.begin(), near.end(), [](const Near& a, const Near& b) { return a.d < b.d; });
    if (near.size() > 8) near.resize(8);
    return c;
  };
  auto local_clearance = [&](const Position& x) {
    if (distance(x, centre) > skin) collect(x);
    double c = std::numeric_limits<double>::infinity();
    for (size_t i = 0; i < lq.size(); ++i) c = std::min(c, distance(x, lq[i]) - lr[i]);
    return c;
  };
  // Ascent: the direction that increases every eps-active distance at once is the point of the
  // hull of their gradients nearest the origin; steps shrink when they stop gaining, and eps
  // with them, down to 1e-8 A (the polish below then finds the exact point).
  // Steps scale with the clearance: in a wide pore the maximum is far and nothing is near.
  Position p = start;
  double c = gather(p, 0);
  if (0.5 * c > skin) {
    skin = 0.5 * c;
    collect(p);
    c = gather(p, 0);
  }
  const double max_step = 0.5 + 0.5 * std::max(c, 0.0);
  double step = 0.1 + 0.25 * std::max(c, 0.0);
  c = gather(p, step);
  std::vector<Vec3> grad;
  for (int it = 0; it < 200 && step > 1e-8; ++it) {
    if (it > 0 && sees_target(p, c)) {  // (the start was looked at above)
      if (at) *at = p;
      return c;
    }
    grad.clear();
    for (const Near& n : near) {
      Position d = p - n.q;
      double len = d.length();
      if (len > 0) grad.push_back(Vec3{d.x / len, d.y / len, d.z / len});
    }
    if (grad.empty()) break;
    // The point equally clear of the four nearest spheres, when no other sphere covers it and
    // it is higher: jump there; done when it is a maximum (inside their tetrahedron).
    if (near.size() >= 4) {
      Position x[4] = {near[0].q, near[1].q, near[2].q, near[3].q};
      double r[4] = {near[0].r, near[1].r, near[2].r, near[3].r};
      Position v;
      double t;
      if (apollonius_vertex(x, r, p, &v, &t) && distance(v, p) <= c + 2 * max_r_) {
        double cv = local_clearance(v);
        if (cv >= t - 1e-9 && cv > c) {
          if (inside_tetrahedron(x, v)) {
            if (at) *at = v;
            return cv;
          }
          p = v;
          c = gather(p, step);
          continue;
        }
      }
    }
    Vec3 v = min_norm_in_hull(grad);
    double vl = v.length();
    if (vl < 1e-12) {  // stationary at this eps
      step *= 0.5;
      c = gather(p, step);
      continue;
    }
    Position trial = p + Position(v) * (step / vl);
    double ct = local_clearance(trial);
    if (ct > c) {
      p = trial;
      step = std::min(step * 1.5, max_step);
    } else {
      step *= 0.5;
    }
    c = gather(p, step);
  }
  // Polish: the exact point equally clear of four of the nearest spheres, when it is no worse.
  Position best_p = p;
  double best_c = c;
  gather(p, 1e-6);
  const int m = static_cast<int>(near.size());
  for (int i = 0; i < m; ++i)
    for (int j = i + 1; j < m; ++j)
      for (int k = j + 1; k < m; ++k)
        for (int l = k + 1; l < m; ++l) {
          Position x[4] = {near[i].q, near[j].q, near[k].q, near[l].q};
          double r[4] = {near[i].r, near[j].r, near[k].r, near[l].r};
          Position v;
          double t;
          if (!apollonius_vertex(x, r, p, &v, &t) || distance(v, p) > 1e-4) continue;
          double cv = local_clearance(v);
          if (cv > best_c) best_c = cv, best_p = v;
        }
  if (at) *at = best_p;
  return best_c;
}

}  // namespace channelmap
