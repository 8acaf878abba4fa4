// channelmap's own search for the space-group operations of a set of points (no spglib): the
// host framework's orbits need the operations only, and spglib computes its whole dataset
// (standardized cell, exact positions, Wyckoff letters) for any query, the larger part of the
// small cells' time (issue #10).
#include <algorithm>
#include <cmath>
#include <map>

#include "channelmap/neighbors.hpp"
#include "channelmap/symmetry.hpp"
#include "int_array_hash.hpp"

namespace channelmap {

namespace {

using IMat = std::array<std::array<int, 3>, 3>;

IMat multiply(const IMat& a, const IMat& b) {
  IMat c{};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 3; ++k) c[i][j] += a[i][k] * b[k][j];
  return c;
}

int determinant(const IMat& m) {
  return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
         m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
         m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
}

// The inverse of a unimodular matrix (the adjugate divided by the determinant, +-1).
IMat inverse_unimodular(const IMat& m) {
  const int d = determinant(m);
  IMat r{};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) {
      const int a = (j + 1) % 3, b = (j + 2) % 3, c = (i + 1) % 3, e = (i + 2) % 3;
      r[i][j] = (m[a][c] * m[b][e] - m[a][e] * m[b][c]) * d;
    }
  return r;
}

// A shorter basis of the lattice, as an integer matrix whose columns are the new vectors in the
// cell's fractional coordinates: pairwise reduction (b_i -= round(b_i.b_j / b_j.b_j) b_j) until
// nothing changes.
IMat reduced_basis(const Lattice& L) {
  IMat m{{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}};
  auto vec = [&](int c) { return L.orthogonalize(Fractional(m[0][c], m[1][c], m[2][c])); };
  for (int iter = 0; iter < 1000; ++iter) {
    bool changed = false;
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) {
        if (i == j) continue;
        const Position bi = vec(i), bj = vec(j);
        const long q = std::lround(bi.dot(bj) / bj.dot(bj));
        if (q == 0) continue;
        for (int r = 0; r < 3; ++r) m[r][i] -= static_cast<int>(q) * m[r][j];
        changed = true;
      }
    if (!changed) break;
  }
  return m;
}

// The rotations of the lattice (integer matrices in the cell's fractional coordinates) that
// keep its metric within symprec, as spglib tests it: each vector's length within symprec, and
// each angle with sin^2(change) |a| |b| below symprec^2.
std::vector<IMat> lattice_rotations(const Lattice& L, double symprec_A) {
  const IMat M = reduced_basis(L);
  const IMat Minv = inverse_unimodular(M);
  std::array<Position, 3> b;
  double longest = 0;
  for (int c = 0; c < 3; ++c) {
    b[c] = L.orthogonalize(Fractional(M[0][c], M[1][c], M[2][c]));
    longest = std::max(longest, b[c].length());
  }
  const Lattice R = Lattice::from_vectors({Vec3(b[0]), Vec3(b[1]), Vec3(b[2])});
  // Every lattice vector no longer than the longest reduced vector plus symprec (coefficients in
  // the reduced basis), and the candidates for the image of each basis vector.
  int range[3];
  for (int d = 0; d < 3; ++d)
    range[d] = static_cast<int>(std::ceil((longest + symprec_A) / R.plane_spacing(d)));
  struct Cand {
    std::array<int, 3> n;
    Position v;
    double len;
  };
  std::array<std::vector<Cand>, 3> cand;
  for (int i = -range[0]; i <= range[0]; ++i)
    for (int j = -range[1]; j <= range[1]; ++j)
      for (int k = -range[2]; k <= range[2]; ++k) {
        const Position v = R.orthogonalize(Fractional(i, j, k));
        const double len = v.length();
        for (int c = 0; c < 3; ++c)
          if (std::fabs(len - b[c].length()) < symprec_A) cand[c].push_back({{i, j, k}, v, len});
      }
  // spglib's formula (is_identity_metric): the change of angle from x = cos(theta0 - theta1),
  // and changes with sin^2 up to 1e-12 count as none (at spglib's smallest tolerances the
  // rounding of 1 - x^2 would otherwise decide).
  auto angle_ok = [&](const Cand& x, const Cand& y, int c, int d) {
    const double cos0 = b[c].dot(b[d]) / (b[c].length() * b[d].length());
    const double cos1 = x.v.dot(y.v) / (x.len * y.len);
    const double cos_change = cos0 * cos1 + std::sqrt(std::max(0.0, 1 - cos0 * cos0)) *
                                                std::sqrt(std::max(0.0, 1 - cos1 * cos1));
    const double sin2 = 1 - cos_change * cos_change;
    const double ave = (x.len + b[c].length()) * (y.len + b[d].length()) / 4;
    return sin2 <= 1e-12 || sin2 * ave <= symprec_A * symprec_A;
  };
  std::vector<IMat> out;
  for (const Cand& x : cand[0])
    for (const Cand& y : cand[1]) {
      if (!angle_ok(x, y, 0, 1)) continue;
      for (const Cand& z : cand[2]) {
        if (!angle_ok(x, z, 0, 2) || !angle_ok(y, z, 1, 2)) continue;
        IMat W{};  // in the reduced basis: column c is the image of b_c
        for (int r = 0; r < 3; ++r) W[r] = {x.n[r], y.n[r], z.n[r]};
        if (std::abs(determinant(W)) != 1) continue;
        out.push_back(multiply(multiply(M, W), Minv));
      }
    }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// The group the operations generate: at a loose tolerance (the single-site retry's 0.5 A) the
// operations that pass the test need not be a group (spglib then gives the group of the
// space-group type it identifies). Operations are one when their rotations are equal and their
// translations closer than symprec (in A, modulo the lattice). Built from generators: each
// operation not yet in the group is added as a generator and the group is grown by multiplying
// its elements by the generators, so the work is about the group's size times the number of
// generators (a few), not its square.
std::vector<SymmetryOperation> close_group(const Lattice& L,
                                           const std::vector<SymmetryOperation>& found,
                                           double symprec_A) {
  std::vector<SymmetryOperation> group;
  // The group's elements by rotation (in the order they came), the rotation keyed by its nine
  // entries in an open-addressing map (a std::map of matrices was a tenth of the search).
  detail::IntArrayMap<9> rot_slot;
  std::vector<std::vector<int>> by_rot;
  auto key = [](const IMat& r) {
    return std::array<int, 9>{r[0][0], r[0][1], r[0][2], r[1][0], r[1][1],
                              r[1][2], r[2][0], r[2][1], r[2][2]};
  };
  auto index_of = [&](const SymmetryOperation& op) {
    const int slot = rot_slot.find(key(op.rot));
    if (slot < 0) return -1;
    for (int g : by_rot[slot]) {
      Fractional d(op.trans[0] - group[g].trans[0], op.trans[1] - group[g].trans[1],
                   op.trans[2] - group[g].trans[2]);
      for (int a = 0; a < 3; ++a) d[a] -= std::round(d[a]);
      if (L.orthogonalize(d).length() < symprec_A) return g;
    }
    return -1;
  };
  auto add = [&](const SymmetryOperation& op) {
    const int slot = rot_slot.emplace(key(op.rot), static_cast<int>(by_rot.size()));
    if (slot == static_cast<int>(by_rot.size())) by_rot.emplace_back();
    by_rot[slot].push_back(static_cast<int>(group.size()));
    group.push_back(op);
  };
  // a after b: x -> Ra (Rb x + tb) + ta.
  auto compose = [](const SymmetryOperation& a, const SymmetryOperation& b) {
    SymmetryOperation c;
    c.rot = multiply(a.rot, b.rot);
    const Fractional t = wrap(a.apply(Fractional(b.trans[0], b.trans[1], b.trans[2])));
    c.trans = {t[0], t[1], t[2]};
    return c;
  };
  // A bound against runaway products where the tolerance is loose: a group has at most 48
  // rotations times its pure translations, and these are among the operations found.
  const size_t limit = 48 * std::max<size_t>(found.size(), 1);
  std::vector<SymmetryOperation> gens;
  for (const SymmetryOperation& op : found) {
    if (index_of(op) >= 0) continue;
    if (group.empty()) add(SymmetryOperation{{{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}}, {0, 0, 0}});
    if (index_of(op) >= 0) continue;
    gens.push_back(op);
    // Every element times every generator, until nothing new comes (new elements are appended
    // and visited in turn).
    for (size_t e = 0; e < group.size() && group.size() <= limit; ++e)
      for (const SymmetryOperation& g : gens) {
        SymmetryOperation c = compose(group[e], g);
        if (index_of(c) < 0) add(c);
      }
  }
  // The operations found keep their own translations (fitted to the points; a product carries
  // its factors' errors).
  for (const SymmetryOperation& op : found) {
    const int g = index_of(op);
    if (g >= 0) group[g].trans = op.trans;
  }
  return group;
}

}  // namespace

namespace {
// The search of find_symmetry_operations at each tolerance tol[0] > tol[1] > ... (K of them) in
// one pass over the candidates (issue #10: the dataset asks for the operations at symprec and
// at half of it). Each tolerance gets what a search at it alone finds, in the same order, before
// close_group: the points within a smaller tolerance come in the same order in a query of the
// larger one (PeriodicIndex::find_within visits the bins in one order, whatever the radius), so
// the first of them there is the first a query of its own meets; a rotation is taken at tol[k]
// only when lattice_rotations at tol[k] has it, and false when those rotations are not, in
// order, among tol[0]'s (then the caller searches at each tolerance alone).
bool search_operations(const Lattice& lattice, const std::vector<Fractional>& pos,
                       const std::vector<int>& types, const std::vector<double>& tol,
                       std::vector<std::vector<SymmetryOperation>>* found) {
  const size_t K = tol.size();
  found->assign(K, {});
  const int n = static_cast<int>(pos.size());
  if (n == 0) return true;
  // The rotations at each tolerance, as a subsequence of tol[0]'s: taken[k][w] for the w-th.
  const std::vector<IMat> rotations = lattice_rotations(lattice, tol[0]);
  std::vector<std::vector<char>> taken(K, std::vector<char>(rotations.size(), 0));
  taken[0].assign(rotations.size(), 1);
  for (size_t k = 1; k < K; ++k) {
    size_t w = 0;
    for (const IMat& R : lattice_rotations(lattice, tol[k])) {
      while (w < rotations.size() && rotations[w] != R) ++w;
      if (w == rotations.size()) return false;
      taken[k][w++] = 1;
    }
  }
  // The origin: a site of the type with fewest sites (its images are the candidates).
  std::map<int, int> count;
  for (int t : types) ++count[t];
  int rare = count.begin()->first;
  for (const auto& [t, m] : count)
    if (m < count[rare]) rare = t;
  int i0 = 0;
  while (types[i0] != rare) ++i0;
  const PeriodicIndex index(lattice, pos, 2.0);
  auto apply = [](const IMat& W, const Fractional& x) {
    Fractional y;
    for (int a = 0; a < 3; ++a) y[a] = W[a][0] * x[0] + W[a][1] * x[1] + W[a][2] * x[2];
    return y;
  };
  std::vector<std::vector<Fractional>> residual(K, std::vector<Fractional>(n));
  std::vector<size_t> first_of_W(K);
  std::vector<char> all(K), found_i(K);
  // W pos[i] for the rotation at hand, computed when first asked for (most candidates fail at
  // the first site or two): image_of[i] is valid when made_for[i] is the rotation's index.
  std::vector<Fractional> image_of(n);
  std::vector<size_t> made_for(n, rotations.size());
  for (size_t w = 0; w < rotations.size(); ++w) {
    const IMat& W = rotations[w];
    auto image = [&](int i) -> const Fractional& {
      if (made_for[i] != w) image_of[i] = apply(W, pos[i]), made_for[i] = w;
      return image_of[i];
    };
    const Fractional origin = image(i0);
    for (size_t k = 0; k < K; ++k) first_of_W[k] = (*found)[k].size();
    for (int j = 0; j < n; ++j) {
      if (types[j] != rare) continue;
      const Fractional t = pos[j] - origin;
      // Every site must have a site of its type closer than the tolerance to its image; the
      // residuals (image to that site, in fractional coordinates) give the translation their
      // mean adds.
      size_t live = 0;  // tolerances still possible for this candidate
      for (size_t k = 0; k < K; ++k) {
        all[k] = taken[k][w];
        live += all[k];
      }
      for (int i = 0; i < n && live > 0; ++i) {
        const Fractional yf = image(i) + t;
        const Position q = lattice.orthogonalize(yf);
        size_t wanted = live;
        for (size_t k = 0; k < K; ++k) found_i[k] = 0;
        index.find_within(q, tol[0], [&](int m, const Position& x, const Offset&) {
          if (types[m] != types[i]) return false;
          // As a query of radius tol[k] reports a point (squared distance at most tol[k]^2)
          // and its search takes it (distance below tol[k]).
          const double d2 = (x - q).length_sq(), d = std::sqrt(d2);
          for (size_t k = 0; k < K; ++k)
            if (all[k] && !found_i[k] && d2 <= tol[k] * tol[k] && d < tol[k]) {
              residual[k][i] = lattice.fractionalize(x - q);
              found_i[k] = 1;
              --wanted;
            }
          return wanted == 0;
        });
        for (size_t k = 0; k < K; ++k)
          if (all[k] && !found_i[k]) all[k] = 0, --live;
      }
      for (size_t k = 0; k < K; ++k) {
        if (!all[k]) continue;
        std::vector<SymmetryOperation>& ops = (*found)[k];
        bool again = false;  // two sites of the rare type closer than tol give one translation
        for (size_t o = first_of_W[k]; o < ops.size() && !again; ++o) {
          Fractional d = t - Fractional(ops[o].trans[0], ops[o].trans[1], ops[o].trans[2]);
          for (int a = 0; a < 3; ++a) d[a] -= std::round(d[a]);
          again = lattice.orthogonalize(d).length() < tol[k];
        }
        if (again) continue;
        Fractional mean(0, 0, 0);
        for (int i = 0; i < n; ++i) mean += residual[k][i];
        const Fractional fitted =
            wrap(Fractional(t[0] + mean[0] / n, t[1] + mean[1] / n, t[2] + mean[2] / n));
        ops.push_back({W, {fitted[0], fitted[1], fitted[2]}});
      }
    }
  }
  return true;
}
}  // namespace

std::vector<SymmetryOperation> find_symmetry_operations(const Lattice& lattice,
                                                        const std::vector<Fractional>& pos,
                                                        const std::vector<int>& types,
                                                        double symprec_A) {
  std::vector<std::vector<SymmetryOperation>> found;
  search_operations(lattice, pos, types, {symprec_A}, &found);
  return close_group(lattice, found[0], symprec_A);
}

void find_symmetry_operations(const Lattice& lattice, const std::vector<Fractional>& pos,
                              const std::vector<int>& types, double symprec_A, double smaller_A,
                              std::vector<SymmetryOperation>* ops,
                              std::vector<SymmetryOperation>* smaller_ops) {
  std::vector<std::vector<SymmetryOperation>> found;
  if (smaller_A < symprec_A &&
      search_operations(lattice, pos, types, {symprec_A, smaller_A}, &found)) {
    *ops = close_group(lattice, found[0], symprec_A);
    *smaller_ops = close_group(lattice, found[1], smaller_A);
    return;
  }
  *ops = find_symmetry_operations(lattice, pos, types, symprec_A);
  *smaller_ops = find_symmetry_operations(lattice, pos, types, smaller_A);
}

}  // namespace channelmap
