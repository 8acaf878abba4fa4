#include "channelmap/crystal.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <sstream>

#include "channelmap/error.hpp"
#include "channelmap/formula.hpp"
#include "channelmap/tolerances.hpp"

namespace channelmap {

namespace {
constexpr double deg = M_PI / 180.0;

std::string format_count(double n) {
  double r = std::round(n);
  std::ostringstream os;
  if (std::fabs(n - r) < 1e-3) {
    if (r != 1) os << static_cast<long>(r);
  } else {
    os.precision(3);
    os << n;
  }
  return os.str();
}

// Elements in Hill order: C, H, then alphabetical (C absent: all alphabetical).
std::vector<std::pair<std::string, double>> hill_order(const std::map<std::string, double>& m) {
  std::vector<std::pair<std::string, double>> v(m.begin(), m.end());
  bool has_c = m.count("C") != 0;
  std::stable_sort(v.begin(), v.end(), [&](const auto& a, const auto& b) {
    auto key = [&](const std::string& e) {
      if (has_c && e == "C") return 0;
      if (has_c && e == "H") return 1;
      return 2;
    };
    return key(a.first) < key(b.first);
  });
  return v;
}
}  // namespace

Fractional wrap(const Fractional& f) {
  Fractional r = f;
  for (int i = 0; i < 3; ++i) {
    r[i] -= std::floor(r[i]);
    if (r[i] >= 1.0) r[i] = 0.0;  // -1e-17 wraps to 1.0 in floating point
  }
  return r;
}

Lattice::Lattice(double a, double b, double c, double alpha, double beta, double gamma) {
  for (double v : {a, b, c, alpha, beta, gamma})
    if (!std::isfinite(v))
      fail("cell parameters must be finite numbers: ", a, " ", b, " ", c, " ", alpha, " ", beta,
           " ", gamma);
  if (!(a > 0 && b > 0 && c > 0)) fail("cell lengths must be positive: ", a, " ", b, " ", c);
  if (!(alpha > 0 && beta > 0 && gamma > 0 && alpha < 180 && beta < 180 && gamma < 180))
    fail("cell angles must be in (0, 180) degrees: ", alpha, " ", beta, " ", gamma);
  double ca = std::cos(alpha * deg), cb = std::cos(beta * deg), cg = std::cos(gamma * deg);
  double sg = std::sin(gamma * deg);
  double v2 = 1 - ca * ca - cb * cb - cg * cg + 2 * ca * cb * cg;
  if (!(v2 > 1e-12)) fail("cell angles ", alpha, " ", beta, " ", gamma, " give no volume");
  vec_[0] = {a, 0, 0};
  vec_[1] = {b * cg, b * sg, 0};
  double cx = c * cb;
  double cy = c * (ca - cb * cg) / sg;
  vec_[2] = {cx, cy, std::sqrt(std::max(0.0, c * c - cx * cx - cy * cy))};
  finish();
}

Lattice Lattice::from_vectors(const std::array<Vec3, 3>& v) {
  Lattice l;
  l.vec_ = v;
  for (const Vec3& u : v)
    if (!std::isfinite(u.x) || !std::isfinite(u.y) || !std::isfinite(u.z))
      fail("lattice vectors must be finite numbers");
  double vol = v[0].dot(v[1].cross(v[2]));
  if (!(std::fabs(vol) > 1e-9)) fail("lattice vectors are coplanar (zero volume)");
  if (vol < 0) fail("lattice vectors form a left-handed set");
  l.finish();
  return l;
}

void Lattice::finish() {
  volume_ = vec_[0].dot(vec_[1].cross(vec_[2]));
  for (int i = 0; i < 3; ++i) {
    Vec3 r = vec_[(i + 1) % 3].cross(vec_[(i + 2) % 3]);
    rec_[i] = {r.x / volume_, r.y / volume_, r.z / volume_};
    spacing_[i] = 1.0 / rec_[i].length();
  }
  auto angle = [](const Vec3& u, const Vec3& w) {
    return std::acos(std::clamp(u.dot(w) / (u.length() * w.length()), -1.0, 1.0)) / deg;
  };
  par_ = {vec_[0].length(),        vec_[1].length(),        vec_[2].length(),
          angle(vec_[1], vec_[2]), angle(vec_[0], vec_[2]), angle(vec_[0], vec_[1])};
}

void check_cell(const Lattice& L) {
  double longest = std::max({L.a(), L.b(), L.c()});
  if (!(longest <= tol::max_cell_length_A))
    fail("cell length ", longest, " A is larger than ", tol::max_cell_length_A,
         " A (a huge cell; channelmap analyses crystals, not isolated molecules or slabs)");
  double flattest = std::min({L.plane_spacing(0), L.plane_spacing(1), L.plane_spacing(2)});
  if (!(flattest >= tol::min_plane_spacing_A))
    fail("degenerate cell: lattice planes only ", flattest, " A apart (at least ",
         tol::min_plane_spacing_A, " A needed; cell ", L.a(), " ", L.b(), " ", L.c(), " A, ",
         L.alpha(), " ", L.beta(), " ", L.gamma(), " degrees)");
}

double Lattice::distance_to_cell(const Fractional& f) const {
  int natural[3];  // the coordinates outside [0, 1] held at the bound they are beyond
  bool inside = true;
  for (int k = 0; k < 3; ++k) {
    natural[k] = f[k] < 0 ? 1 : f[k] > 1 ? 2 : 0;
    inside = inside && natural[k] == 0;
  }
  if (inside) return 0;
  double g[3][3];  // metric tensor
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) g[i][j] = vec_[i].dot(vec_[j]);
  // The nearest point of the cell on the face, edge or corner where the coordinates of `state`
  // are held (0 free, 1 held at 0, 2 held at 1) and the others free: d (the point less f, in
  // fractions) and its squared length; false when the point is outside the cell.
  auto nearest_on = [&](const int state[3], double d[3], double* q2) {
    int free_k[3], nf = 0;
    for (int k = 0; k < 3; ++k) {
      if (state[k] == 0) {
        free_k[nf++] = k;
        d[k] = 0;
      } else {
        d[k] = (state[k] == 1 ? 0.0 : 1.0) - f[k];
      }
    }
    // The free coordinates minimise d^T g d: g_FF d_F = -g_FH d_H (H: the held ones).
    auto rhs = [&](int a) {
      double r = 0;
      for (int k = 0; k < 3; ++k)
        if (state[k] != 0) r -= g[a][k] * d[k];
      return r;
    };
    if (nf == 1) {
      const int a = free_k[0];
      d[a] = rhs(a) / g[a][a];
    } else if (nf == 2) {
      const int a = free_k[0], b = free_k[1];
      const double ra = rhs(a), rb = rhs(b);
      const double det = g[a][a] * g[b][b] - g[a][b] * g[a][b];
      d[a] = (ra * g[b][b] - g[a][b] * rb) / det;
      d[b] = (g[a][a] * rb - g[a][b] * ra) / det;
    }
    for (int i = 0; i < nf; ++i) {
      const double x = f[free_k[i]] + d[free_k[i]];
      if (!(x >= 0 && x <= 1)) return false;
    }
    double q = 0;
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) q += g[i][j] * d[i] * d[j];
    *q2 = q;
    return true;
  };
  double d[3], q2;
  // Most often the nearest point holds just the coordinates that are out of range: it is the
  // nearest point of the cell when it lies in the cell and moving any held coordinate into the
  // cell takes it no closer (the squared distance is strictly convex: a point where no move
  // into the cell brings it closer is the nearest).
  if (nearest_on(natural, d, &q2)) {
    bool kkt = true;
    for (int k = 0; k < 3 && kkt; ++k) {
      if (natural[k] == 0) continue;
      const double grad = g[k][0] * d[0] + g[k][1] * d[1] + g[k][2] * d[2];
      kkt = natural[k] == 1 ? grad >= 0 : grad <= 0;
    }
    if (kkt) return std::sqrt(std::max(q2, 0.0));
  }
  // Else each of the 26 ways to hold one, two or three fractional coordinates at 0 or 1: the
  // least distance of those whose nearest point lies in the cell is the distance (each is a
  // point of the cell, and the nearest point is one of them: the nearest point of its own face,
  // edge or corner, with its free coordinates inside).
  double best2 = std::numeric_limits<double>::infinity();
  for (int code = 1; code < 27; ++code) {
    const int state[3] = {code % 3, code / 3 % 3, code / 9};
    if (nearest_on(state, d, &q2)) best2 = std::min(best2, q2);
  }
  return std::sqrt(std::max(best2, 0.0));
}

double Lattice::periodic_distance(const Fractional& a, const Fractional& b) const {
  Fractional d = b - a;
  for (int i = 0; i < 3; ++i) d[i] -= std::round(d[i]);
  double best2 = orthogonalize(d).length_sq();
  // Skewed cells: the rounded difference is not always the shortest; try neighbours. One square
  // root at the end: it is correctly rounded and monotone, so the square root of the least
  // square is the least of the lengths, to the bit (issue #10: 28 square roots were a third of
  // the time of mapping sites to network nodes).
  for (int i = -1; i <= 1; ++i)
    for (int j = -1; j <= 1; ++j)
      for (int k = -1; k <= 1; ++k)
        best2 = std::min(best2, orthogonalize(d + Fractional(i, j, k)).length_sq());
  return std::sqrt(best2);
}

double Site::total_occupancy() const {
  return std::accumulate(species.begin(), species.end(), 0.0,
                         [](double s, const Species& sp) { return s + sp.occupancy; });
}

bool Site::has_element(const std::string& el) const {
  return std::any_of(species.begin(), species.end(),
                     [&](const Species& s) { return s.element == el; });
}

namespace {
std::map<std::string, double> element_counts(const Crystal& c) {
  std::map<std::string, double> m;
  for (const Site& s : c.sites)
    for (const Species& sp : s.species) m[sp.element] += sp.occupancy;
  return m;
}
}  // namespace

std::string Crystal::cell_formula() const {
  std::string out;
  for (const auto& [el, n] : hill_order(element_counts(*this))) {
    if (!out.empty()) out += ' ';
    std::string cnt = format_count(n);
    out += el + (cnt.empty() ? "1" : cnt);
  }
  return out;
}

std::string Crystal::reduced_formula() const {
  return pymatgen_reduced_formula(element_counts(*this));
}

bool Crystal::is_disordered() const {
  return std::any_of(sites.begin(), sites.end(), [](const Site& s) {
    return s.species.size() > 1 || std::fabs(s.total_occupancy() - 1.0) > 1e-3;
  });
}

}  // namespace channelmap
