// Brute-force reference for the void network (DESIGN.md section 4, last point): the clearance
// c(x) = min_i (|x - p_i| - r_i) sampled on a fine grid in fractional coordinates, and
// percolation on that grid by a union-find that tracks lattice offsets. It shares nothing with
// the power-diagram code: it only reads the framework spheres and the Lattice.
//
// Agreement bound (why the tests may compare with the tolerance `bound_A` and nothing looser).
// Let s_k = a_k / n_k be the three grid steps (Cartesian) and D = max |s_0 +- s_1 +- s_2| the
// longest body diagonal of one grid cell. The clearance is 1-Lipschitz (a minimum of functions
// |x - p_i| - r_i, each 1-Lipschitz). Write a point as x = g + sum_k u_k s_k with g a grid point
// and |u_k| <= 1/2 (round each grid coordinate); |x - g| <= max over |u_k| <= 1/2 of
// |sum u_k s_k| = D/2 (a convex function is largest at a vertex of the box). Hence:
//  * Di/2: max over the grid <= true max <= max over the grid + D/2.
//  * Rf_kD, grid above exact: a grid component is joined by 6-neighbour steps of length <= h
//    (h = longest |s_k|); every point of a step is within h/2 of an end, so the polygonal loops
//    of the grid component have clearance >= grid level - h/2, with the same translations.
//    So grid Rf <= exact Rf + h/2.
//  * Rf_kD, exact above grid: follow a continuous loop x(t) at the exact level and round its
//    grid coordinates; the rounded point changes one coordinate by +-1 at a time (a 6-neighbour
//    step; when two change at once either order is a valid rounding), stays within D/2 of x(t),
//    and a loop with translation T ends on the grid point shifted by T (n_k points per cell
//    edge). So exact Rf <= grid Rf + D/2.
// D >= h always, so |grid - exact| <= D/2 = `bound_A` for Di/2 and every Rf_kD.
#pragma once
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "channelmap/crystal.hpp"
#include "channelmap/framework.hpp"

namespace channelmap::test::oracle {

// Largest grid step along each cell edge (A); n_k = ceil(edge_k / spacing).
constexpr double default_spacing_A = 0.05;

struct GridResult {
  std::array<int, 3> n{};        // grid points along a, b, c
  double max_step_A = 0;         // h: longest of the three grid steps
  double bound_A = 0;            // D/2: half the longest grid-cell diagonal (see above)
  double max_clearance_A = 0;    // largest sampled clearance (grid Di / 2)
  std::array<double, 3> rf_A{};  // clearance at which some component first reaches rank k+1
  // Largest channel dimensionality among the grid components with clearance > probe. The rank
  // of a component never drops when points are added (merging joins translation lattices), so
  // it is the number of thresholds above the probe.
  int dimensionality_at(double probe_A) const {
    int d = 0;
    for (double rf : rf_A) {
      d += rf > probe_A ? 1 : 0;
    }
    return d;
  }
};

namespace detail {

inline double cdist(const Position& a, const Position& b) {
  return (a - b).length();
}

// Rank of an integer lattice given by its generators (only the rank is needed).
struct Translations {
  int rank = 0;
  std::array<std::int64_t, 3> v1{}, normal{};  // first vector; v1 x v2 once the rank is 2
  void add_vector(const std::array<std::int64_t, 3>& t) {
    if (rank == 3 || (t[0] == 0 && t[1] == 0 && t[2] == 0)) {
      return;
    }
    if (rank == 0) {
      v1 = t;
      rank = 1;
    } else if (rank == 1) {
      std::array<std::int64_t, 3> c = {v1[1] * t[2] - v1[2] * t[1], v1[2] * t[0] - v1[0] * t[2],
                                       v1[0] * t[1] - v1[1] * t[0]};
      if (c[0] != 0 || c[1] != 0 || c[2] != 0) {
        normal = c;
        rank = 2;
      }
    } else if (normal[0] * t[0] + normal[1] * t[1] + normal[2] * t[2] != 0) {
      rank = 3;
    }
  }
  void merge(const Translations& o) {
    if (o.rank >= 1) {
      add_vector(o.v1);
    }
    if (o.rank >= 2) {
      // o's lattice is spanned over the rationals by v1 and any w with v1 x w = normal; the
      // vector normal x v1 is such a w up to a scale, which leaves the rank unchanged.
      const auto& a = o.normal;
      const auto& b = o.v1;
      add_vector({a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]});
    }
    if (o.rank == 3) {
      rank = 3;
    }
  }
};

// Union-find over grid points; each point keeps its lattice offset (in cells) relative to its
// parent, so that a loop closing with a non-zero offset is a translation of the component.
class PeriodicUnionFind {
 public:
  explicit PeriodicUnionFind(std::size_t n) : parent_(n, -1), off_(n), rank_(n, 0) {}
  bool added(std::int32_t i) const { return parent_[i] >= 0; }
  void add(std::int32_t i) { parent_[i] = i; }
  // Root of i, and the cell of i relative to the root.
  std::int32_t find(std::int32_t i, std::array<int, 3>* o) {
    std::array<int, 3> acc{0, 0, 0};
    std::int32_t r = i;
    while (parent_[r] != r) {
      for (int k = 0; k < 3; ++k) {
        acc[k] += off_[r][k];
      }
      r = parent_[r];
    }
    std::array<int, 3> rest = acc;  // compress: every node on the path points at the root
    for (std::int32_t k = i; parent_[k] != k;) {
      std::int32_t next = parent_[k];
      std::array<int, 3> here{off_[k][0], off_[k][1], off_[k][2]};
      parent_[k] = r;
      store(k, rest);
      for (int d = 0; d < 3; ++d) {
        rest[d] -= here[d];
      }
      k = next;
    }
    *o = acc;
    return r;
  }
  // Point j shifted by `o` cells is a grid neighbour of point i. Returns the new root.
  std::int32_t unite(std::int32_t i, std::int32_t j, const std::array<int, 3>& o) {
    std::array<int, 3> oi, oj;
    std::int32_t ri = find(i, &oi), rj = find(j, &oj);
    // The neighbour's copy sits at oi + o relative to ri; j's own copy sits at oj relative to rj.
    std::array<int, 3> t{oi[0] + o[0] - oj[0], oi[1] + o[1] - oj[1], oi[2] + o[2] - oj[2]};
    if (ri == rj) {
      if (t[0] != 0 || t[1] != 0 || t[2] != 0) {
        lattice_[ri].add_vector({t[0], t[1], t[2]});
      }
      return ri;
    }
    if (rank_[ri] < rank_[rj]) {  // hang ri under rj: ri sits at -t relative to rj
      std::swap(ri, rj);
      for (int& x : t) {
        x = -x;
      }
    }
    parent_[rj] = ri;
    store(rj, t);
    if (rank_[ri] == rank_[rj]) {
      ++rank_[ri];
    }
    auto it = lattice_.find(rj);
    if (it != lattice_.end()) {
      lattice_[ri].merge(it->second);
      lattice_.erase(it);
    }
    return ri;
  }
  int dimensionality(std::int32_t root) const {
    auto it = lattice_.find(root);
    return it == lattice_.end() ? 0 : it->second.rank;
  }

 private:
  void store(std::int32_t k, const std::array<int, 3>& o) {
    for (int d = 0; d < 3; ++d) {
      if (std::abs(o[d]) > 30000) {
        throw std::runtime_error("grid oracle: offset overflow");
      }
      off_[k][d] = static_cast<std::int16_t>(o[d]);
    }
  }
  std::vector<std::int32_t> parent_;  // -1: not added yet
  std::vector<std::array<std::int16_t, 3>> off_;
  std::vector<std::uint8_t> rank_;
  std::unordered_map<std::int32_t, Translations> lattice_;  // roots with loops only
};

struct Image {
  Position p;
  double r;
};

// Every image of every sphere that lies within `reach` (A) of some point of the unit cell.
inline std::vector<Image> images_near_cell(const Framework& fw, double reach) {
  const Lattice& L = fw.lattice;
  int m[3];
  for (int k = 0; k < 3; ++k) {
    m[k] = static_cast<int>(std::ceil(reach / L.plane_spacing(k))) + 1;
  }
  std::vector<Image> out;
  for (const Sphere& s : fw.spheres) {
    for (int i = -m[0]; i <= m[0]; ++i) {
      for (int j = -m[1]; j <= m[1]; ++j) {
        for (int k = -m[2]; k <= m[2]; ++k) {
          Fractional f(s.frac.x + i, s.frac.y + j, s.frac.z + k);
          // A point of the cell has fractional coordinates in [0, 1]; |dx . rec_k| <= |dx| /
          // plane_spacing(k), so images farther than `reach` in any fractional direction are out.
          bool near = true;
          for (int d = 0; d < 3; ++d) {
            near = near && f[d] >= -reach / L.plane_spacing(d) &&
                   f[d] <= 1 + reach / L.plane_spacing(d);
          }
          if (near) {
            out.push_back({L.orthogonalize(f), s.radius_A});
          }
        }
      }
    }
  }
  return out;
}

}  // namespace detail

// Samples the clearance of `fw` at the grid points (i/n0, j/n1, k/n2) and runs the
// decreasing-clearance percolation. Exact up to rounding at the grid points: nearest spheres
// come from a per-block candidate list that provably contains every sphere image that can be
// nearest to a point of the block.
inline GridResult grid_percolation(const Framework& fw, double spacing_A = default_spacing_A) {
  const Lattice& L = fw.lattice;
  GridResult res;
  std::array<Position, 3> step;
  for (int k = 0; k < 3; ++k) {
    res.n[k] = static_cast<int>(std::ceil(L.vector(k).length() / spacing_A));
    step[k] = Position(L.vector(k)) * (1.0 / res.n[k]);
    res.max_step_A = std::max(res.max_step_A, step[k].length());
  }
  for (int s1 : {-1, 1}) {
    for (int s2 : {-1, 1}) {
      res.bound_A = std::max(res.bound_A, (step[0] + step[1] * s1 + step[2] * s2).length() / 2);
    }
  }
  const int n0 = res.n[0], n1 = res.n[1], n2 = res.n[2];
  const std::size_t npts = static_cast<std::size_t>(n0) * n1 * n2;
  if (npts >= static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
    throw std::runtime_error("grid oracle: grid too large");
  }
  auto index = [&](int i, int j, int k) {
    return static_cast<std::int32_t>((static_cast<std::size_t>(i) * n1 + j) * n2 + k);
  };
  auto grid_pos = [&](double i, double j, double k) {
    return L.orthogonalize(Fractional(i / n0, j / n1, k / n2));
  };
  double max_r = 0;
  for (const Sphere& s : fw.spheres) {
    max_r = std::max(max_r, s.radius_A);
  }

  // Blocks of kBlock^3 grid points; each gets a centre and the radius of a ball holding it
  // (the farthest corner: a parallelepiped's farthest point from any point is a vertex).
  constexpr int kBlock = 8;
  struct Block {
    int lo[3], hi[3];  // grid index ranges [lo, hi)
    Position centre;
    double radius;
  };
  std::vector<Block> blocks;
  for (int i = 0; i < n0; i += kBlock) {
    for (int j = 0; j < n1; j += kBlock) {
      for (int k = 0; k < n2; k += kBlock) {
        Block b{{i, j, k},
                {std::min(i + kBlock, n0), std::min(j + kBlock, n1), std::min(k + kBlock, n2)},
                {},
                0};
        double c[3];
        for (int d = 0; d < 3; ++d) {
          c[d] = 0.5 * (b.lo[d] + b.hi[d] - 1);
        }
        b.centre = grid_pos(c[0], c[1], c[2]);
        for (int corner = 0; corner < 8; ++corner) {
          double v[3];
          for (int d = 0; d < 3; ++d) {
            v[d] = (corner >> d & 1) ? b.hi[d] - 1 : b.lo[d];
          }
          b.radius = std::max(b.radius, detail::cdist(b.centre, grid_pos(v[0], v[1], v[2])));
        }
        blocks.push_back(b);
      }
    }
  }

  // Sphere images: enough that every image within (upper bound of the block's clearance +
  // block radius + largest sphere radius) of every block centre is listed. Any set of real
  // images gives valid upper bounds, so grow the set until it covers its own requirement.
  std::vector<detail::Image> images;
  std::vector<double> upper(blocks.size());
  for (double reach = 4.0;;) {
    images = detail::images_near_cell(fw, reach);
    double need = 0;
    for (std::size_t b = 0; b < blocks.size(); ++b) {
      double u = std::numeric_limits<double>::infinity();
      for (const auto& im : images) {
        u = std::min(u, detail::cdist(im.p, blocks[b].centre) + blocks[b].radius - im.r);
      }
      upper[b] = u;
      need = std::max(need, u + blocks[b].radius + max_r);
    }
    if (std::isfinite(need) && need <= reach) {
      break;
    }
    reach = std::isfinite(need) ? need : 2 * reach;
  }

  std::vector<double> clearance(npts);
  std::vector<detail::Image> cand;
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    const Block& bl = blocks[b];
    cand.clear();
    // An image can be nearest somewhere in the block only if its lower bound
    // |p - centre| - radius - r does not exceed the block's upper bound.
    for (const auto& im : images) {
      if (detail::cdist(im.p, bl.centre) - bl.radius - im.r <= upper[b] + 1e-9) {
        cand.push_back(im);
      }
    }
    for (int i = bl.lo[0]; i < bl.hi[0]; ++i) {
      for (int j = bl.lo[1]; j < bl.hi[1]; ++j) {
        for (int k = bl.lo[2]; k < bl.hi[2]; ++k) {
          Position x = grid_pos(i, j, k);
          double c = std::numeric_limits<double>::infinity();
          for (const auto& im : cand) {
            c = std::min(c, detail::cdist(x, im.p) - im.r);
          }
          clearance[index(i, j, k)] = c;
        }
      }
    }
  }

  // Decreasing clearance order, exact in double: sort on the float value's bits made
  // order-preserving (8-byte keys keep the memory down), then order each run of equal floats by
  // the double value (rounding to float is monotone, so runs are the only places out of order).
  std::vector<std::uint64_t> order(npts);
  for (std::size_t p = 0; p < npts; ++p) {
    float f = static_cast<float>(clearance[p]);
    std::uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    u = (u & 0x80000000u) ? ~u : (u | 0x80000000u);  // ascending as the float ascends
    order[p] = (static_cast<std::uint64_t>(~u) << 32) | static_cast<std::uint32_t>(p);
  }
  std::sort(order.begin(), order.end());
  auto value = [&](std::uint64_t key) { return clearance[key & 0xffffffffu]; };
  for (std::size_t a = 0, b = 0; a < npts; a = b) {
    for (b = a + 1; b < npts && (order[b] >> 32) == (order[a] >> 32); ++b) {
    }
    if (b - a > 1) {
      std::sort(order.begin() + a, order.begin() + b,
                [&](std::uint64_t x, std::uint64_t y) { return value(x) > value(y); });
    }
  }

  const double none = -std::numeric_limits<double>::infinity();
  res.rf_A.fill(none);
  res.max_clearance_A = value(order.front());
  detail::PeriodicUnionFind uf(npts);
  for (std::uint64_t key : order) {
    const auto p = static_cast<std::int32_t>(key & 0xffffffffu);
    const int i = p / (n1 * n2), j = (p / n2) % n1, k = p % n2;
    uf.add(p);
    std::int32_t root = p;
    const int ijk[3] = {i, j, k};
    for (int axis = 0; axis < 3; ++axis) {
      for (int dir : {-1, 1}) {
        int q[3] = {i, j, k};
        std::array<int, 3> cell{0, 0, 0};
        q[axis] = ijk[axis] + dir;
        if (q[axis] < 0) {
          q[axis] += res.n[axis], cell[axis] = -1;
        }
        if (q[axis] >= res.n[axis]) {
          q[axis] -= res.n[axis], cell[axis] = 1;
        }
        std::int32_t nb = index(q[0], q[1], q[2]);
        if (uf.added(nb)) {
          root = uf.unite(p, nb, cell);
        }
      }
    }
    int dim = uf.dimensionality(root);
    for (int d = 0; d < dim; ++d) {
      if (res.rf_A[d] == none) {
        res.rf_A[d] = clearance[p];
      }
    }
    if (dim == 3) {
      break;  // every threshold is known
    }
  }
  return res;
}

}  // namespace channelmap::test::oracle
