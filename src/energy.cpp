// Bond-valence site energy field, its grid, grid percolation energies and grid minima.
#include "channelmap/energy.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <numeric>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

#include "channelmap/error.hpp"
#include "channelmap/symmetry.hpp"
#include "energy_grid_detail.hpp"
#include "periodic_union_find.hpp"

namespace channelmap {

namespace {
std::string ion_name(const std::string& el, int q) {
  std::string s = el + std::to_string(std::abs(q));
  return s + (q < 0 ? "-" : "+");
}

// Distance beyond which prefactor * erfc(R / rho) / R stays below tol::bvse_negligible_eV.
double coulomb_reach_A(double prefactor, double rho, double cutoff) {
  double r = rho;
  while (r < cutoff && std::abs(prefactor) * std::erfc(r / rho) / r > tol::bvse_negligible_eV)
    r += 0.05;
  return std::min(r, cutoff);
}

// Distance beyond which |c ((x - 1)^2 - 1)|, x = exp(alpha (rmin - R)), stays below
// tol::bvse_negligible_eV (the tail is -2 c x).
double morse_reach_A(double rmin, double alpha, double c, double cutoff) {
  double r = rmin + std::log(2 * std::abs(c) / tol::bvse_negligible_eV) / alpha;
  return std::min(std::max(r, rmin), cutoff);
}

// One term's energy at distance R (A).
inline double term_value(bool morse, double a, double b, double c, double R) {
  if (morse) {
    double x = std::exp(b * (a - R));
    return c * ((x - 1) * (x - 1) - 1);
  }
  return a * std::erfc(R / b) / R;
}

// One term's energy at distance R (A) and its derivative dE/dR.
inline double term_energy(bool morse, double a, double b, double c, double R, double* dEdR) {
  if (morse) {
    double x = std::exp(b * (a - R));
    *dEdR = -2 * c * b * (x - 1) * x;
    return c * ((x - 1) * (x - 1) - 1);
  }
  double erfc_v = std::erfc(R / b);
  double gauss = 2 / std::sqrt(M_PI) * std::exp(-(R * R) / (b * b)) / b;
  *dEdR = a * (-erfc_v / (R * R) - gauss / R);
  return a * erfc_v / R;
}

// The spline of one kind of term (see BvseTable) up to `reach`.
BvseTable make_table(bool morse, double a, double b, double c, double reach) {
  const double r0 = tol::bvse_table_start_A, step = tol::bvse_table_step_A;
  BvseTable t{morse, a, b, c, {}};
  int n = std::max(0, static_cast<int>(std::ceil((reach - r0) / step)) + 1);
  t.poly.resize(n);
  double d0, d1;
  double f0 = term_energy(morse, a, b, c, r0, &d0);
  for (int j = 0; j < n; ++j) {
    double f1 = term_energy(morse, a, b, c, r0 + (j + 1) * step, &d1);
    double h0 = step * d0, h1 = step * d1;
    t.poly[j] = {f0, h0, 3 * (f1 - f0) - 2 * h0 - h1, 2 * (f0 - f1) + h0 + h1};
    f0 = f1;
    d0 = d1;
  }
  return t;
}

// One term at distance R from its table (exactly closer than tol::bvse_table_start_A, with R
// raised to tol::bvse_min_distance_A); *dEdR receives the derivative (0 below the minimum
// distance, where the term is constant).
inline double table_energy(const BvseTable& t, double R, double* dEdR) {
  const double u = (R - tol::bvse_table_start_A) * (1 / tol::bvse_table_step_A);
  if (u >= 0) {
    // A point at the reach itself falls on the last knot: the last interval.
    int n = std::min(static_cast<int>(u), static_cast<int>(t.poly.size()) - 1);
    double x = u - n;
    const auto& c = t.poly[n];
    *dEdR = (c[1] + x * (2 * c[2] + x * 3 * c[3])) * (1 / tol::bvse_table_step_A);
    return c[0] + x * (c[1] + x * (c[2] + x * c[3]));
  }
  if (R <= tol::bvse_min_distance_A) {
    *dEdR = 0;
    return term_value(t.morse, t.a, t.b, t.c, tol::bvse_min_distance_A);
  }
  return term_energy(t.morse, t.a, t.b, t.c, R, dEdR);
}

// The energy grid's innermost loop: adds w * E(|p_q - image|) of one image to acc[q] for the
// points q of a block within sqrt(cut2) of it, exactly as table_energy computes it.
void add_image_scalar(const BvseTable& kd, double qx, double qy, double qz, double cut2, double w,
                      const double* px, const double* py, const double* pz, double* acc, int begin,
                      int end) {
  for (int q = begin; q < end; ++q) {
    double dx = px[q] - qx, dy = py[q] - qy, dz = pz[q] - qz;
    double d2 = dx * dx + dy * dy + dz * dz;
    if (d2 > cut2) continue;
    double dEdR;  // not needed here
    acc[q] += w * table_energy(kd, std::sqrt(d2), &dEdR);
  }
}

#if defined(__x86_64__) && defined(__GNUC__)
// The same four points at a time with AVX2 (issue #10). Every lane does the scalar loop's
// operations in its order (no fused multiply-add: the target is avx2 alone, and GCC contracts
// a * b + c only where FMA is enabled), and each point still adds its terms image by image, so
// the sums are the same bit for bit. Lanes closer than the table's start (u < 0: the exact
// term) are done by the scalar code.
__attribute__((target("avx2"))) void add_image_avx2(const BvseTable& kd, double qx, double qy,
                                                    double qz, double cut2, double w,
                                                    const double* px, const double* py,
                                                    const double* pz, double* acc, int n_pts) {
  const __m256d vqx = _mm256_set1_pd(qx), vqy = _mm256_set1_pd(qy), vqz = _mm256_set1_pd(qz);
  const __m256d vcut2 = _mm256_set1_pd(cut2), vw = _mm256_set1_pd(w);
  const __m256d start = _mm256_set1_pd(tol::bvse_table_start_A);
  const __m256d inv_step = _mm256_set1_pd(1 / tol::bvse_table_step_A);
  const __m256d zero = _mm256_setzero_pd();
  const __m128i last = _mm_set1_epi32(static_cast<int>(kd.poly.size()) - 1);
  const double* poly = kd.poly.data()->data();
  int q = 0;
  for (; q + 4 <= n_pts; q += 4) {
    const __m256d dx = _mm256_sub_pd(_mm256_loadu_pd(px + q), vqx);
    const __m256d dy = _mm256_sub_pd(_mm256_loadu_pd(py + q), vqy);
    const __m256d dz = _mm256_sub_pd(_mm256_loadu_pd(pz + q), vqz);
    const __m256d d2 = _mm256_add_pd(_mm256_add_pd(_mm256_mul_pd(dx, dx), _mm256_mul_pd(dy, dy)),
                                     _mm256_mul_pd(dz, dz));
    const __m256d within = _mm256_cmp_pd(d2, vcut2, _CMP_LE_OQ);
    const int within_bits = _mm256_movemask_pd(within);
    if (within_bits == 0) continue;
    const __m256d R = _mm256_sqrt_pd(d2);
    const __m256d u = _mm256_mul_pd(_mm256_sub_pd(R, start), inv_step);
    const __m256d tabled = _mm256_and_pd(within, _mm256_cmp_pd(u, zero, _CMP_GE_OQ));
    const int tabled_bits = _mm256_movemask_pd(tabled);
    if (tabled_bits != within_bits) {  // some lane needs the exact term
      for (int l = 0; l < 4; ++l)
        if ((within_bits >> l & 1) && !(tabled_bits >> l & 1))
          add_image_scalar(kd, qx, qy, qz, cut2, w, px, py, pz, acc, q + l, q + l + 1);
      if (tabled_bits == 0) continue;
    }
    // Lanes not tabled read knot 0 (their values are not added).
    const __m256d u_safe = _mm256_and_pd(tabled, u);
    __m128i n = _mm_min_epi32(_mm256_cvttpd_epi32(u_safe), last);
    const __m256d x = _mm256_sub_pd(u_safe, _mm256_cvtepi32_pd(n));
    alignas(16) int idx[4];
    _mm_store_si128(reinterpret_cast<__m128i*>(idx), n);
    // Each lane's four coefficients, transposed into c0 .. c3.
    const __m256d r0 = _mm256_loadu_pd(poly + 4 * static_cast<size_t>(idx[0]));
    const __m256d r1 = _mm256_loadu_pd(poly + 4 * static_cast<size_t>(idx[1]));
    const __m256d r2 = _mm256_loadu_pd(poly + 4 * static_cast<size_t>(idx[2]));
    const __m256d r3 = _mm256_loadu_pd(poly + 4 * static_cast<size_t>(idx[3]));
    const __m256d t0 = _mm256_unpacklo_pd(r0, r1), t1 = _mm256_unpackhi_pd(r0, r1);
    const __m256d t2 = _mm256_unpacklo_pd(r2, r3), t3 = _mm256_unpackhi_pd(r2, r3);
    const __m256d c0 = _mm256_permute2f128_pd(t0, t2, 0x20);
    const __m256d c1 = _mm256_permute2f128_pd(t1, t3, 0x20);
    const __m256d c2 = _mm256_permute2f128_pd(t0, t2, 0x31);
    const __m256d c3 = _mm256_permute2f128_pd(t1, t3, 0x31);
    // c0 + x * (c1 + x * (c2 + x * c3))
    const __m256d e = _mm256_add_pd(
        c0, _mm256_mul_pd(
                x, _mm256_add_pd(c1, _mm256_mul_pd(x, _mm256_add_pd(c2, _mm256_mul_pd(x, c3))))));
    const __m256d a = _mm256_loadu_pd(acc + q);
    _mm256_storeu_pd(acc + q, _mm256_blendv_pd(a, _mm256_add_pd(a, _mm256_mul_pd(vw, e)), tabled));
  }
  add_image_scalar(kd, qx, qy, qz, cut2, w, px, py, pz, acc, q, n_pts);
}

// CHANNELMAP_NO_SIMD (any value) keeps the scalar loop: the tests compare both.
bool have_avx2() {
  static const bool yes = __builtin_cpu_supports("avx2") && !std::getenv("CHANNELMAP_NO_SIMD");
  return yes;
}
#endif

void add_image(const BvseTable& kd, double qx, double qy, double qz, double cut2, double w,
               const double* px, const double* py, const double* pz, double* acc, int n_pts) {
#if defined(__x86_64__) && defined(__GNUC__)
  if (have_avx2()) {
    add_image_avx2(kd, qx, qy, qz, cut2, w, px, py, pz, acc, n_pts);
    return;
  }
#endif
  add_image_scalar(kd, qx, qy, qz, cut2, w, px, py, pz, acc, 0, n_pts);
}

}  // namespace

BvseField::BvseField(const Crystal& crystal, const OxidationStates& states,
                     const std::string& mobile, int mobile_charge,
                     const std::vector<Fractional>& also_mobile, const EnergyOptions& opt)
    : lattice_(crystal.lattice), opt_(opt), mobile_(mobile), q_(mobile_charge) {
  std::vector<Fractional> pos;
  auto give_up = [&](std::string why) {
    reason_ = std::move(why);
    terms_.clear();
  };
  const int n_m = principal_quantum_number(mobile);
  const double r_m = covalent_radius_A(mobile);
  if (q_ <= 0) {
    give_up("no charge for the mobile ion " + mobile);
    return;
  }
  if (n_m == 0 || std::isnan(r_m)) {
    give_up("no covalent radius or quantum number for " + mobile);
    return;
  }
  if (states.size() != crystal.sites.size()) {
    give_up("oxidation states not assigned");
    return;
  }
  for (size_t i = 0; i < crystal.sites.size(); ++i) {
    const Site& site = crystal.sites[i];
    bool at_mobile = false;
    for (const Fractional& f : also_mobile)
      at_mobile |= lattice_.periodic_distance(f, site.frac) <= tol::bvse_mobile_position_A;
    bool removed = at_mobile;
    for (size_t k = 0; k < site.species.size(); ++k) {
      const Species& sp = site.species[k];
      if (sp.element == mobile || at_mobile) {
        removed = true;
        continue;
      }
      int q = k < states[i].size() ? states[i][k] : 0;
      if (q == 0) {
        give_up(cat("oxidation state unknown for ", sp.element, " (site ", sp.label, ")"));
        return;
      }
      BvseTerm t;
      t.frac = site.frac;
      t.weight = sp.occupancy;
      t.site = static_cast<int>(i);
      if (q < 0) {
        auto p = softbv_param(mobile, q_, sp.element, q);
        if (!p) {
          give_up("no softBV parameters for " + ion_name(mobile, q_) + "-" +
                  ion_name(sp.element, q));
          return;
        }
        t.morse = true;
        t.a = p->rmin_A;
        t.b = p->alpha_per_A;
        t.c = p->d0_eV * tol::bvse_morse_factor;
        t.reach_A = morse_reach_A(t.a, t.b, t.c, opt_.cutoff_A);
      } else {
        int n_c = principal_quantum_number(sp.element);
        double r_c = covalent_radius_A(sp.element);
        if (n_c == 0 || std::isnan(r_c)) {
          give_up("no covalent radius or quantum number for " + sp.element);
          return;
        }
        t.morse = false;
        t.a = tol::coulomb_eV_A * (q_ / std::sqrt(n_m)) * (q / std::sqrt(n_c));
        t.b = tol::bvse_screening_factor * (r_m + r_c);
        t.reach_A = coulomb_reach_A(t.a, t.b, opt_.cutoff_A);
      }
      terms_.push_back(t);
      pos.push_back(t.frac);
    }
    if (removed) removed_.push_back(static_cast<int>(i));
  }
  if (std::none_of(terms_.begin(), terms_.end(), [](const BvseTerm& t) { return t.morse; })) {
    give_up("no anion in the framework");
    return;
  }
  index_ = std::make_shared<PeriodicIndex>(lattice_, pos, 2.0);
  term_table_.resize(terms_.size());
  for (size_t i = 0; i < terms_.size(); ++i) {
    const BvseTerm& t = terms_[i];
    auto same = [&](const BvseTable& k) {
      return k.morse == t.morse && k.a == t.a && k.b == t.b && k.c == t.c;
    };
    auto it = std::find_if(tables_.begin(), tables_.end(), same);
    if (it == tables_.end()) {
      tables_.push_back(make_table(t.morse, t.a, t.b, t.c, t.reach_A));
      it = tables_.end() - 1;
    }
    term_table_[i] = static_cast<int>(it - tables_.begin());
  }
}

namespace {
// Sum over the terms within reach of x: term(i, R, &dEdR) gives term i's energy at distance R
// and its derivative; `grad` receives the gradient (eV/A) when given.
template <typename Term>
double sum_terms(const PeriodicIndex& index, const std::vector<BvseTerm>& terms, double cutoff,
                 const Position& x, Vec3* grad, Term term) {
  double e = 0;
  Vec3 g{0, 0, 0};
  index.for_each_within(x, cutoff, [&](int i, const Position& q, const Offset&) {
    const BvseTerm& t = terms[i];
    Position d = x - q;
    double R = d.length();
    if (R > t.reach_A) return;
    double dEdR;
    e += t.weight * term(i, R, &dEdR);
    if (grad && R > tol::bvse_min_distance_A) {
      double s = t.weight * dEdR / R;
      g.x += s * d.x;
      g.y += s * d.y;
      g.z += s * d.z;
    }
  });
  if (grad) *grad = g;
  return e;
}
}  // namespace

double BvseField::energy(const Position& x, Vec3* grad) const {
  if (!index_) return std::nan("");
  return sum_terms(*index_, terms_, opt_.cutoff_A, x, grad, [&](int i, double R, double* dEdR) {
    return table_energy(tables_[term_table_[i]], R, dEdR);
  });
}

double BvseField::exact_energy(const Position& x, Vec3* grad) const {
  if (!index_) return std::nan("");
  return sum_terms(*index_, terms_, opt_.cutoff_A, x, grad, [&](int i, double R, double* dEdR) {
    const BvseTerm& t = terms_[i];
    return term_energy(t.morse, t.a, t.b, t.c, std::max(R, tol::bvse_min_distance_A), dEdR);
  });
}

BvseLocal::BvseLocal(const BvseField& field, const Position& centre, double radius_A)
    : field_(&field), centre_(centre), radius_A_(radius_A) {
  if (!field.ok()) return;
  field.index().for_each_within(centre, field.options().cutoff_A + radius_A,
                                [&](int i, const Position& q, const Offset&) {
                                  const BvseTerm& t = field.terms()[i];
                                  if (distance(q, centre) > t.reach_A + radius_A) return;
                                  qx_.push_back(q.x);
                                  qy_.push_back(q.y);
                                  qz_.push_back(q.z);
                                  reach2_.push_back(t.reach_A * t.reach_A);
                                  weight_.push_back(t.weight);
                                  table_.push_back(field.term_table()[i]);
                                });
}

double BvseLocal::energy(const Position& x, Vec3* grad) const {
  if (!field_ || !field_->ok()) return std::nan("");
  const std::vector<BvseTable>& tables = field_->tables();
  double e = 0;
  Vec3 g{0, 0, 0};
  for (size_t m = 0; m < qx_.size(); ++m) {
    const double dx = x.x - qx_[m], dy = x.y - qy_[m], dz = x.z - qz_[m];
    const double d2 = dx * dx + dy * dy + dz * dz;
    if (d2 > reach2_[m]) continue;
    const double R = std::sqrt(d2);
    double dEdR;
    e += weight_[m] * table_energy(tables[table_[m]], R, &dEdR);
    if (grad && R > tol::bvse_min_distance_A) {
      double s = weight_[m] * dEdR / R;
      g.x += s * dx;
      g.y += s * dy;
      g.z += s * dz;
    }
  }
  if (grad) *grad = g;
  return e;
}

Fractional EnergyGrid::frac(int idx) const {
  int k = idx % n[2], j = (idx / n[2]) % n[1], i = idx / (n[1] * n[2]);
  return Fractional(static_cast<double>(i) / n[0], static_cast<double>(j) / n[1],
                    static_cast<double>(k) / n[2]);
}

double EnergyGrid::min() const {
  return e.empty() ? std::nan("") : *std::min_element(e.begin(), e.end());
}

namespace {
int grid_points_along(const Lattice& L, int i, double spacing_A) {
  double n = std::ceil(L.vector(i).length() / spacing_A - 1e-9);
  return n > 1 ? static_cast<int>(std::min(n, 1e9)) : 1;
}
}  // namespace

long long energy_grid_points(const Lattice& L, double spacing_A) {
  long long n = 1;
  for (int i = 0; i < 3; ++i) n *= grid_points_along(L, i, spacing_A);
  return n;
}

namespace {
// The representative of each grid point's orbit under the field's symmetry (the smallest index
// of the orbit), or an empty vector when no operation other than the identity maps the grid
// onto itself. The field's atoms are told apart by their terms (kind and weight of each
// species); operations come from find_symmetry_operations within tol::bvse_grid_symprec_A
// (spglib's operations there, without spglib's dataset: tests/unit/test_symmetry.cpp), and only
// those that map every grid point onto a grid point count (they form a subgroup).
std::vector<int> grid_orbit_representatives(const BvseField& field, const std::array<int, 3>& n) {
  std::map<int, std::vector<std::pair<int, double>>> at_site;  // site -> its terms
  std::map<int, Fractional> site_pos;
  const std::vector<BvseTerm>& terms = field.terms();
  for (size_t i = 0; i < terms.size(); ++i) {
    const int key = terms[i].site >= 0 ? terms[i].site : -1 - static_cast<int>(i);
    at_site[key].push_back({field.term_table()[i], terms[i].weight});
    site_pos[key] = terms[i].frac;
  }
  std::map<std::vector<std::pair<int, double>>, int> type_of;
  std::vector<Fractional> pos;
  std::vector<int> types;
  for (auto& [key, list] : at_site) {
    std::sort(list.begin(), list.end());
    pos.push_back(site_pos[key]);
    types.push_back(type_of.emplace(list, static_cast<int>(type_of.size()) + 1).first->second);
  }
  std::vector<SymmetryOperation> ops;
  try {
    ops = find_symmetry_operations(field.lattice(), pos, types, tol::bvse_grid_symprec_A);
  } catch (const std::exception&) {
    return {};
  }
  // An operation maps point (i0, i1, i2) to (sum_b m[a][b] i_b + s[a]) mod n[a], with
  // m[a][b] = rot[a][b] n[a] / n[b] and s[a] = trans[a] n[a], when these are whole numbers.
  struct GridOp {
    int m[3][3];
    int s[3];
  };
  std::vector<GridOp> grid_ops;
  for (const SymmetryOperation& op : ops) {
    GridOp g{};
    bool ok = true, identity = true;
    for (int a = 0; a < 3 && ok; ++a) {
      const double s_a = op.trans[a] * n[a];
      const double s_round = std::round(s_a);
      if (std::abs(s_a - s_round) > 1e-6) ok = false;
      g.s[a] = ((static_cast<int>(s_round) % n[a]) + n[a]) % n[a];
      identity &= g.s[a] == 0;
      for (int b = 0; b < 3 && ok; ++b) {
        const long long num = static_cast<long long>(op.rot[a][b]) * n[a];
        if (num % n[b] != 0) ok = false;
        g.m[a][b] = static_cast<int>(num / n[b]);
        identity &= op.rot[a][b] == (a == b ? 1 : 0);
      }
    }
    if (ok && !identity) grid_ops.push_back(g);
  }
  if (grid_ops.empty()) return {};
  const int total = n[0] * n[1] * n[2];
  std::vector<int> rep(total, -1);
  for (int i = 0; i < n[0]; ++i)
    for (int j = 0; j < n[1]; ++j)
      for (int k = 0; k < n[2]; ++k) {
        const int idx = (i * n[1] + j) * n[2] + k;
        if (rep[idx] >= 0) continue;
        rep[idx] = idx;
        const int v[3] = {i, j, k};
        for (const GridOp& g : grid_ops) {
          int w[3];
          for (int a = 0; a < 3; ++a) {
            long long x = g.s[a];
            for (int b = 0; b < 3; ++b) x += static_cast<long long>(g.m[a][b]) * v[b];
            w[a] = static_cast<int>(((x % n[a]) + n[a]) % n[a]);
          }
          int& r = rep[(w[0] * n[1] + w[1]) * n[2] + w[2]];
          if (r < 0) r = idx;
        }
      }
  return rep;
}
}  // namespace

EnergyGrid energy_grid(const BvseField& field, double spacing_A) {
  if (!field.ok()) fail("energy grid: ", field.reason());
  if (!(spacing_A > 0)) fail("energy grid: spacing must be positive, got ", spacing_A);
  const Lattice& L = field.lattice();
  if (long long n = energy_grid_points(L, spacing_A); n > tol::max_energy_grid_points)
    fail("energy grid of ", n, " points at ", spacing_A, " A is larger than ",
         tol::max_energy_grid_points, " points; use a coarser --grid");
  EnergyGrid g;
  for (int i = 0; i < 3; ++i) g.n[i] = grid_points_along(L, i, spacing_A);
  g.e.assign(static_cast<size_t>(g.n[0]) * g.n[1] * g.n[2], 0.0);
  // Points equivalent by the field's symmetry have the same energy: it is computed at one point
  // of each orbit and copied (empty `rep`: every point is computed).
  const std::vector<int> rep = grid_orbit_representatives(field, g.n);
  auto computed = [&](int idx) { return rep.empty() || rep[idx] == idx; };
  // Each term from its kind's spline (BvseField::tables(); exact closer than
  // tol::bvse_table_start_A). Blocks of points share one neighbour list: the images within
  // cutoff + block radius.
  const double cutoff = field.options().cutoff_A;
  const std::vector<BvseTable>& kinds = field.tables();
  const std::vector<int>& kind_of = field.term_table();
  const int B = 8;
  std::vector<double> ix, iy, iz, icut2, iw, px, py, pz, acc;
  std::vector<int> ikind;
  for (int bi = 0; bi < g.n[0]; bi += B)
    for (int bj = 0; bj < g.n[1]; bj += B)
      for (int bk = 0; bk < g.n[2]; bk += B) {
        int ei = std::min(bi + B, g.n[0]), ej = std::min(bj + B, g.n[1]),
            ek = std::min(bk + B, g.n[2]);
        bool any = false;
        for (int i = bi; i < ei && !any; ++i)
          for (int j = bj; j < ej && !any; ++j)
            for (int k = bk; k < ek && !any; ++k) any = computed(g.index(i, j, k));
        if (!any) continue;
        Fractional f0(double(bi) / g.n[0], double(bj) / g.n[1], double(bk) / g.n[2]);
        Fractional f1(double(ei - 1) / g.n[0], double(ej - 1) / g.n[1], double(ek - 1) / g.n[2]);
        Position centre = L.orthogonalize((f0 + f1) * 0.5);
        double radius = 0;
        for (int c = 0; c < 8; ++c) {
          Fractional fc(c & 1 ? f1.x : f0.x, c & 2 ? f1.y : f0.y, c & 4 ? f1.z : f0.z);
          radius = std::max(radius, distance(L.orthogonalize(fc), centre));
        }
        ix.clear();
        iy.clear();
        iz.clear();
        icut2.clear();
        iw.clear();
        ikind.clear();
        field.index().for_each_within(centre, cutoff + radius,
                                      [&](int i, const Position& q, const Offset&) {
                                        const BvseTerm& t = field.terms()[i];
                                        double cut = t.reach_A;
                                        if (distance(q, centre) > cut + radius) return;
                                        ix.push_back(q.x);
                                        iy.push_back(q.y);
                                        iz.push_back(q.z);
                                        icut2.push_back(cut * cut);
                                        iw.push_back(t.weight);
                                        ikind.push_back(kind_of[i]);
                                      });
        // The block's points, then image by image over all of them: each point adds its terms
        // in the images' order, and neighbouring points read neighbouring table entries.
        px.clear();
        py.clear();
        pz.clear();
        for (int i = bi; i < ei; ++i)
          for (int j = bj; j < ej; ++j)
            for (int k = bk; k < ek; ++k) {
              if (!computed(g.index(i, j, k))) continue;
              Position p = L.orthogonalize(
                  Fractional(double(i) / g.n[0], double(j) / g.n[1], double(k) / g.n[2]));
              px.push_back(p.x);
              py.push_back(p.y);
              pz.push_back(p.z);
            }
        const int n_pts = static_cast<int>(px.size());
        acc.assign(n_pts, 0.0);
        for (size_t m = 0; m < ix.size(); ++m)
          add_image(kinds[ikind[m]], ix[m], iy[m], iz[m], icut2[m], iw[m], px.data(), py.data(),
                    pz.data(), acc.data(), n_pts);
        int q = 0;
        for (int i = bi; i < ei; ++i)
          for (int j = bj; j < ej; ++j)
            for (int k = bk; k < ek; ++k)
              if (computed(g.index(i, j, k))) g.e[g.index(i, j, k)] = acc[q++];
      }
  if (!rep.empty())
    for (size_t idx = 0; idx < g.e.size(); ++idx) g.e[idx] = g.e[rep[idx]];
  g.order = detail::sort_by_energy(g);
  return g;
}

using detail::any_grid_neighbor;
using detail::for_each_grid_neighbor;

EnergyPercolation grid_percolation(const EnergyGrid& g) {
  EnergyPercolation p;
  p.e_kd_eV.fill(std::nan(""));
  p.grid_min_eV = g.min();
  const int n = static_cast<int>(g.e.size());
  std::vector<int> scratch;
  const std::vector<int>& order = detail::energy_order(g, scratch);
  std::vector<char> added(n, 0);
  detail::PeriodicUnionFind uf(n);
  int reached = 0;
  for (int idx : order) {
    added[idx] = 1;
    for_each_grid_neighbor(g, idx, [&](int q, const Offset& o) {
      if (added[q]) uf.unite(idx, q, o);
    });
    Offset off;
    int root = uf.find(idx, &off);
    int rank = uf.lattice(root).rank();
    while (reached < rank) {
      p.e_kd_eV[reached] = g.e[idx] - p.grid_min_eV;
      p.directions[reached] = uf.lattice(root).basis();
      ++reached;
    }
    if (reached == 3) break;
  }
  return p;
}

std::vector<GridMinimum> grid_minima(const EnergyGrid& g, const Lattice& lattice,
                                     const Crystal& crystal, const std::vector<int>& sites) {
  std::vector<GridMinimum> all;
  for (int idx = 0; idx < static_cast<int>(g.e.size()); ++idx) {
    // Lower than every neighbour (ties by index); the first neighbour that is not decides.
    const double e = g.e[idx];
    const bool lowest = !any_grid_neighbor(
        g, idx, [&](int q) { return !(e < g.e[q] || (e == g.e[q] && idx < q) || q == idx); });
    if (lowest) all.push_back({g.frac(idx), e, -1});
  }
  // Equal energies (symmetry-equivalent minima) keep the order of their indices.
  std::stable_sort(all.begin(), all.end(), [](const GridMinimum& a, const GridMinimum& b) {
    return a.energy_eV < b.energy_eV;
  });
  std::vector<GridMinimum> kept;
  for (const GridMinimum& m : all) {
    bool dup = std::any_of(kept.begin(), kept.end(), [&](const GridMinimum& k) {
      return lattice.periodic_distance(k.frac, m.frac) < tol::bvse_minimum_merge_A;
    });
    if (dup) continue;
    GridMinimum mm = m;
    for (int s : sites)
      if (lattice.periodic_distance(crystal.sites[s].frac, m.frac) < tol::bvse_site_match_A)
        mm.mobile_site = s;
    kept.push_back(mm);
  }
  return kept;
}

}  // namespace channelmap
