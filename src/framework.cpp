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
                                       double upper_bound) const {
  // The minimum is at most the clearance at either end; spheres farther from the segment than
  // that (plus the largest radius) cannot attain it.
  Position ab = b - a;
  double len2 = ab.length_sq();
  double bound = std::isfinite(upper_bound) ? upper_bound : std::min(clearance(a), clearance(b));
  Position mid = (a + b) * 0.5;
  double reach = std::sqrt(len2) * 0.5 + bound + max_r_ + 1e-6;
  double best = std::numeric_limits<double>::infinity();
  Position best_at = a;
  index_.for_each_within(mid, reach, [&](int i, const Position& q, const Offset&) {
    double t = len2 > 0 ? std::clamp((q - a).dot(ab) / len2, 0.0, 1.0) : 0.0;
    Position foot = a + ab * t;
    double d = distance(q, foot) - fw_.spheres[i].radius_A;
    if (d < best) {
      best = d;
      best_at = foot;
    }
  });
  if (at) *at = best_at;
  return best;
}

}  // namespace channelmap
