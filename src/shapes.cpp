// The continuous shape measure (Pinsky & Avnir 1998) against the reference polyhedra (their
// coordinates are in shape_table.cpp): Hungarian assignment alternating with Kabsch rotation
// from many starts, or every permutation.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <set>
#include <unordered_set>
#include <utility>

// Eigen is header-only; the project adds no include path for it, hence the eigen3/ prefix.
#include <eigen3/Eigen/Dense>

#include "channelmap/environment.hpp"
#include "channelmap/error.hpp"

namespace channelmap {

const ReferenceShape* find_reference_shape(const std::string& symbol) {
  for (const ReferenceShape& s : reference_shapes()) {
    if (s.symbol == symbol) {
      return &s;
    }
  }
  return nullptr;
}

namespace {

using Points = Eigen::Matrix<double, Eigen::Dynamic, 3>;

// Buffers of hungarian(), kept between calls (the shape search calls it thousands of times).
struct HungarianWork {
  std::vector<double> u, v, minv;
  std::vector<int> p, way;
  std::vector<char> used;
};

// Minimum-cost assignment of an n x n cost matrix (row-major), O(n^3) (Kuhn-Munkres with
// potentials). Writes the column assigned to each row to `row_to_col`.
void hungarian(const std::vector<double>& cost, int n, HungarianWork& w,
               std::vector<int>& row_to_col) {
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double>& u = w.u;
  std::vector<double>& v = w.v;
  std::vector<double>& minv = w.minv;
  std::vector<int>& p = w.p;
  std::vector<int>& way = w.way;
  std::vector<char>& used = w.used;
  u.assign(n + 1, 0.0);
  v.assign(n + 1, 0.0);
  p.assign(n + 1, 0);
  way.assign(n + 1, 0);
  for (int i = 1; i <= n; ++i) {
    p[0] = i;
    int j0 = 0;
    minv.assign(n + 1, inf);
    used.assign(n + 1, 0);
    do {
      used[j0] = 1;
      const int i0 = p[j0];
      double delta = inf;
      int j1 = 0;
      for (int j = 1; j <= n; ++j) {
        if (used[j]) {
          continue;
        }
        const double cur = cost[(i0 - 1) * n + (j - 1)] - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (int j = 0; j <= n; ++j) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (p[j0] != 0);
    do {
      const int j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0 != 0);
  }
  row_to_col.resize(n);
  for (int j = 1; j <= n; ++j) {
    row_to_col[p[j] - 1] = j - 1;
  }
}

// The assignments a search has met. Up to 16 ligands a permutation packs into 64 bits (4 bits
// per entry) and is kept in a hash set; larger ones in an ordered set.
class VisitedPermutations {
 public:
  // True when `perm` was not met before (and records it).
  bool insert(const std::vector<int>& perm) {
    if (perm.size() > 16) {
      return large_.insert(perm).second;
    }
    std::uint64_t key = 0;
    for (int i : perm) {
      key = (key << 4) | static_cast<std::uint64_t>(i);
    }
    return small_.insert(key).second;
  }

 private:
  std::unordered_set<std::uint64_t> small_;
  std::set<std::vector<int>> large_;
};

// Both point sets, centre first, each centred on its centroid and scaled to unit norm.
struct Problem {
  Points q;  // actual: centre + ligands
  Points p;  // reference: origin + vertices
  int n;     // number of ligands
};

Points normalized(Points m) {
  m.rowwise() -= m.colwise().mean();
  const double norm = m.norm();
  if (!(norm > 0)) {
    fail("shape measure: all points coincide");
  }
  return m / norm;
}

Problem make_problem(const Position& centre, const std::vector<Position>& ligands,
                     const ReferenceShape& shape) {
  const int n = static_cast<int>(ligands.size());
  if (n != shape.cn) {
    fail("shape measure: ", n, " ligands for the ", shape.cn, "-vertex shape ", shape.symbol);
  }
  Problem pr{Points(n + 1, 3), Points(n + 1, 3), n};
  pr.q.row(0) << centre.x, centre.y, centre.z;
  pr.p.row(0) << 0, 0, 0;
  for (int i = 0; i < n; ++i) {
    pr.q.row(i + 1) << ligands[i].x, ligands[i].y, ligands[i].z;
    pr.p.row(i + 1) << shape.vertices[i].x, shape.vertices[i].y, shape.vertices[i].z;
  }
  pr.q = normalized(pr.q);
  pr.p = normalized(pr.p);
  return pr;
}

// Best proper rotation R (R p_perm(i) ~ q_i) for a fixed assignment, and the overlap
// sum_k q_k . R p_k (Kabsch; the optimal scale of unit-norm sets gives CSM = 100 (1 - c^2)).
std::pair<Eigen::Matrix3d, double> kabsch(const Problem& pr, const std::vector<int>& perm) {
  Eigen::Matrix3d h = pr.p.row(0).transpose() * pr.q.row(0);
  for (int i = 0; i < pr.n; ++i) {
    h += pr.p.row(perm[i] + 1).transpose() * pr.q.row(i + 1);
  }
  Eigen::JacobiSVD<Eigen::Matrix3d> svd(h, Eigen::ComputeFullU | Eigen::ComputeFullV);
  const Eigen::Matrix3d& u = svd.matrixU();
  const Eigen::Matrix3d& v = svd.matrixV();
  const double d = (v * u.transpose()).determinant() < 0 ? -1.0 : 1.0;  // no reflections
  const Eigen::Vector3d& s = svd.singularValues();
  const Eigen::Matrix3d dm = Eigen::Vector3d(1.0, 1.0, d).asDiagonal();
  return {v * dm * u.transpose(), s(0) + s(1) + d * s(2)};
}

double csm_of_overlap(double c) {
  return c <= 0 ? 100.0 : std::max(0.0, 100.0 * (1.0 - c * c));
}

// Orthonormal frame (columns) from a direction u and a second direction w; when w is parallel
// to u any perpendicular is used.
Eigen::Matrix3d frame(const Eigen::Vector3d& u, const Eigen::Vector3d& w) {
  const Eigen::Vector3d e1 = u.normalized();
  Eigen::Vector3d e2 = w - w.dot(e1) * e1;
  if (e2.norm() < 1e-6 * w.norm() || e2.norm() == 0) {
    Eigen::Index k;
    e1.cwiseAbs().minCoeff(&k);
    e2 = e1.cross(Eigen::Vector3d::Unit(k));
  }
  e2.normalize();
  Eigen::Matrix3d f;
  f.col(0) = e1;
  f.col(1) = e2;
  f.col(2) = e1.cross(e2);
  return f;
}

// Starting rotations map a pair of ligand directions (a, b) onto every ordered pair of reference
// directions. Anchor ligands a: the first csm_anchor_count; partners b: for each a, the
// csm_partner_count ligands closest to perpendicular to it. With CN <= 7 every ordered ligand
// pair is used (the tests compare with the exhaustive search there).
constexpr int csm_anchor_count = 4;
constexpr int csm_partner_count = 3;
constexpr int csm_all_pairs_max_cn = 7;
// Assignment/rotation alternations per start; they converge in a few steps.
constexpr int csm_max_alternations = 50;

// The ordered vertex pairs (c, d) whose frames heuristic() starts from. Two pairs that a proper
// rotation S of the shape (S maps its vertices onto its vertices, c to c' and d to d') carries
// into each other give the same starts: frame(S u, S w) = S frame(u, w) when u and w are not
// parallel, so the start from (c', d') is the one from (c, d) with the vertices relabelled, and
// so is every assignment and overlap after it (up to rounding). One pair of each such orbit is
// kept (issue #10: one of the octahedron's 24 perpendicular pairs, one of the tetrahedron's
// 12 pairs). Pairs of (nearly) parallel directions take an arbitrary perpendicular in
// frame(), which is not carried along, and are all kept.
std::vector<std::pair<int, int>> start_pairs(const ReferenceShape& shape) {
  const int n = shape.cn;
  std::vector<Eigen::Vector3d> v(n);
  double scale = 0;
  for (int i = 0; i < n; ++i) {
    v[i] = Eigen::Vector3d(shape.vertices[i].x, shape.vertices[i].y, shape.vertices[i].z);
    scale = std::max(scale, v[i].norm());
  }
  const double tol = 1e-6 * scale;
  auto parallel = [&](int c, int d) {
    return v[c].normalized().cross(v[d].normalized()).norm() < 1e-3;
  };
  std::vector<std::pair<int, int>> all, kept;
  for (int c = 0; c < n; ++c)
    for (int d = 0; d < n; ++d)
      if (d != c) all.emplace_back(c, d);
  // The proper rotations, as vertex permutations: those mapping a fixed non-parallel pair
  // (c0, d0) onto another pair of the same lengths and angle, and every vertex onto one.
  int c0 = -1, d0 = -1;
  for (const auto& [c, d] : all)
    if (c0 < 0 && !parallel(c, d) && v[c].norm() > tol && v[d].norm() > tol) {
      c0 = c;
      d0 = d;
    }
  if (c0 < 0) return all;
  const Eigen::Matrix3d f0 = frame(v[c0], v[d0]);
  std::vector<std::vector<int>> group;
  for (const auto& [c, d] : all) {
    if (std::fabs(v[c].norm() - v[c0].norm()) > tol ||
        std::fabs(v[d].norm() - v[d0].norm()) > tol ||
        std::fabs(v[c].dot(v[d]) - v[c0].dot(v[d0])) > tol * scale)
      continue;
    const Eigen::Matrix3d rot = frame(v[c], v[d]) * f0.transpose();
    std::vector<int> sigma(n, -1);
    bool ok = true;
    for (int k = 0; k < n && ok; ++k) {
      const Eigen::Vector3d w = rot * v[k];
      for (int j = 0; j < n && sigma[k] < 0; ++j)
        if ((w - v[j]).norm() < tol) sigma[k] = j;
      ok = sigma[k] >= 0;
    }
    if (ok) group.push_back(sigma);
  }
  std::vector<char> covered(static_cast<size_t>(n) * n, 0);
  for (const auto& [c, d] : all) {
    if (parallel(c, d)) {
      kept.emplace_back(c, d);
      continue;
    }
    if (covered[c * n + d]) continue;
    kept.emplace_back(c, d);
    for (const std::vector<int>& sigma : group) covered[sigma[c] * n + sigma[d]] = 1;
  }
  return kept;
}

// start_pairs() of a shape: computed once for the shapes of reference_shapes().
std::vector<std::pair<int, int>> starts_of(const ReferenceShape& shape) {
  static const std::vector<std::vector<std::pair<int, int>>> table = [] {
    std::vector<std::vector<std::pair<int, int>>> t;
    for (const ReferenceShape& s : reference_shapes()) t.push_back(start_pairs(s));
    return t;
  }();
  const std::vector<ReferenceShape>& shapes = reference_shapes();
  if (&shape >= shapes.data() && &shape < shapes.data() + shapes.size())
    return table[static_cast<size_t>(&shape - shapes.data())];
  return start_pairs(shape);
}

ShapeMatch heuristic(const Problem& pr, const std::vector<std::pair<int, int>>& starts) {
  const int n = pr.n;
  ShapeMatch best;
  VisitedPermutations visited;
  std::vector<double> cost(static_cast<size_t>(n) * n);
  HungarianWork work;
  std::vector<int> perm;
  Points rp(n + 1, 3);  // rotated reference points
  auto dir = [](const Points& m, int i) -> Eigen::Vector3d {
    return (m.row(i + 1) - m.row(0)).transpose();
  };
  std::vector<std::pair<int, int>> anchors;
  const bool all = n <= csm_all_pairs_max_cn;
  for (int a = 0; a < (all ? n : std::min(n, csm_anchor_count)); ++a) {
    std::vector<std::pair<double, int>> partners;
    for (int j = 0; j < n; ++j) {
      if (j != a) {
        partners.emplace_back(std::fabs(dir(pr.q, a).normalized().dot(dir(pr.q, j).normalized())),
                              j);
      }
    }
    std::sort(partners.begin(), partners.end());
    const size_t keep =
        all ? partners.size() : std::min<size_t>(partners.size(), csm_partner_count);
    for (size_t k = 0; k < keep; ++k) {
      anchors.emplace_back(a, partners[k].second);
    }
  }
  // The reference frames of every ordered vertex pair (c, d), transposed, once.
  std::vector<Eigen::Matrix3d> ref_frames(static_cast<size_t>(n) * n);
  for (int c = 0; c < n; ++c) {
    for (int d = 0; d < n; ++d) {
      if (d != c) {
        ref_frames[c * n + d] = frame(dir(pr.p, c), dir(pr.p, d)).transpose();
      }
    }
  }
  for (const auto& [a, b] : anchors) {
    const Eigen::Matrix3d fq = frame(dir(pr.q, a), dir(pr.q, b));
    for (const auto& [c, d] : starts) {
      Eigen::Matrix3d rot = fq * ref_frames[c * n + d];
      for (int it = 0; it < csm_max_alternations; ++it) {
        rp.noalias() = pr.p * rot.transpose();
        for (int i = 0; i < n; ++i) {
          for (int j = 0; j < n; ++j) {
            cost[i * n + j] = -pr.q.row(i + 1).dot(rp.row(j + 1));
          }
        }
        hungarian(cost, n, work, perm);
        if (!visited.insert(perm)) {
          break;  // the rest of this path is known
        }
        auto [r, overlap] = kabsch(pr, perm);
        const double csm = csm_of_overlap(overlap);
        if (csm < best.csm) {
          best.csm = csm;
          best.assignment = perm;
        }
        rot = r;
      }
    }
  }
  return best;
}

ShapeMatch exhaustive(const Problem& pr) {
  if (pr.n > tol::csm_exhaustive_max_cn) {
    fail("shape measure: exhaustive search limited to CN ", tol::csm_exhaustive_max_cn, ", got ",
         pr.n);
  }
  std::vector<int> perm(pr.n);
  std::iota(perm.begin(), perm.end(), 0);
  ShapeMatch best;
  do {
    const double csm = csm_of_overlap(kabsch(pr, perm).second);
    if (csm < best.csm) {
      best.csm = csm;
      best.assignment = perm;
    }
  } while (std::next_permutation(perm.begin(), perm.end()));
  return best;
}

}  // namespace

ShapeMatch continuous_shape_measure(const Position& centre, const std::vector<Position>& ligands,
                                    const ReferenceShape& shape, CsmSearch search) {
  const Problem pr = make_problem(centre, ligands, shape);
  ShapeMatch m = search == CsmSearch::Exhaustive ? exhaustive(pr) : heuristic(pr, starts_of(shape));
  m.shape = &shape;
  return m;
}

std::vector<ShapeMatch> shape_measures(const Position& centre,
                                       const std::vector<Position>& ligands) {
  std::vector<ShapeMatch> out;
  for (const ReferenceShape& s : reference_shapes()) {
    if (s.cn == static_cast<int>(ligands.size())) {
      out.push_back(continuous_shape_measure(centre, ligands, s));
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const ShapeMatch& a, const ShapeMatch& b) { return a.csm < b.csm; });
  return out;
}

}  // namespace channelmap
